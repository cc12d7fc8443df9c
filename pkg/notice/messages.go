package notice

import "loa/pkg/i18n"

func init() {
	i18n.Register(map[string][2]string{
		"notice.error":                 {"%s: %s", "%s: %s"},
		"notice.error_field":           {"%s: trường %s: %s", "%s: field %s: %s"},
		"notice.not_utf8":              {"tệp không phải văn bản UTF-8 (hãy dùng `loa notice import` để chuyển mã)", "the file is not UTF-8 text (use `loa notice import` to convert it)"},
		"notice.no_front_matter":       {"thiếu phần đầu YAML: dòng đầu tiên phải là ---", "missing YAML front matter: the first line must be ---"},
		"notice.unclosed_front_matter": {"phần đầu YAML không có dòng --- kết thúc", "the YAML front matter has no closing --- line"},
		"notice.bad_yaml":              {"YAML sai cú pháp: %s", "invalid YAML: %s"},
		"notice.empty_front_matter":    {"phần đầu YAML trống", "the YAML front matter is empty"},
		"notice.front_matter_not_map":  {"phần đầu YAML phải là các cặp khóa: giá trị", "the YAML front matter must be key: value pairs"},
		"notice.duplicate_field":       {"trường bị lặp lại", "the field appears twice"},
		"notice.want_text":             {"cần một giá trị văn bản", "expected a text value"},
		"notice.want_list":             {"cần một danh sách, ví dụ [all] hoặc [duc-xuan, song-cau]", "expected a list, e.g. [all] or [duc-xuan, song-cau]"},
		"notice.bad_id":                {"mã %q không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang", "invalid id %q: use lower-case letters without diacritics, digits and dashes"},
		"notice.bad_priority":          {"mức ưu tiên %q không hợp lệ: cần thuong, uu-tien hoặc khan-cap", "invalid priority %q: expected thuong, uu-tien or khan-cap"},
		"notice.bad_date":              {"ngày %q không hợp lệ: cần dạng YYYY-MM-DD", "invalid date %q: expected YYYY-MM-DD"},
		"notice.bad_count":             {"số %q không hợp lệ: cần số nguyên từ 0 đến 100", "invalid number %q: expected a whole number from 0 to 100"},
		"notice.bad_ward":              {"mã phường, xã %q không hợp lệ", "invalid ward id %q"},
		"notice.unknown_field":         {"trường không được hỗ trợ", "unknown field"},
		"notice.missing_field":         {"thiếu trường bắt buộc", "required field is missing"},
		"notice.until_before_from":     {"valid_until trước valid_from", "valid_until is before valid_from"},
		"notice.empty_body":            {"nội dung thông báo trống", "the notice body is empty"},
		"notice.bad_template":          {"mẫu trong nội dung bị lỗi: %s", "template error in the body: %s"},
		"notice.unknown_hotline":       {"không có đường dây nóng %q trong cấu hình (có: %s)", "no hotline %q in the configuration (known: %s)"},
		"notice.hotline_no_site":       {"đường dây nóng %q không có trang web", "hotline %q has no site"},
		"notice.read_failed":           {"không đọc được %s: %s", "cannot read %s: %s"},
		"notice.no_dir":                {"không có thư mục thông báo %s", "notice folder %s does not exist"},
		"notice.duplicate_id":          {"mã %q đã dùng trong %s", "id %q is already used by %s"},
		"notice.not_found":             {"không tìm thấy thông báo %q trong %s", "notice %q not found in %s"},
	})
}

func init() {
	i18n.Register(map[string][2]string{
		"notice.approver_required": {"cần tên người duyệt (--by)", "the approver's name is required (--by)"},
	})
}
