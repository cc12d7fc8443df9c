package cap

import "loa/pkg/i18n"

func init() {
	i18n.Register(map[string][2]string{
		"cap.error":          {"%s: %s", "%s: %s"},
		"cap.error_field":    {"%s: %s: %s", "%s: %s: %s"},
		"cap.read_failed":    {"không đọc được tệp: %s", "cannot read the file: %s"},
		"cap.too_large":      {"tệp CAP quá lớn (tối đa %d MB)", "the CAP file is too large (at most %d MB)"},
		"cap.bad_xml":        {"XML bị lỗi: %s", "invalid XML: %s"},
		"cap.dtd":            {"XML có khai báo DOCTYPE hoặc thực thể: tệp bị từ chối", "the XML has a DOCTYPE or entity declaration: refused"},
		"cap.too_deep":       {"XML lồng nhau quá %d cấp: tệp bị từ chối", "the XML is nested more than %d levels deep: refused"},
		"cap.empty":          {"tệp không có phần tử XML nào", "the file has no XML element"},
		"cap.not_cap":        {"không phải cảnh báo CAP 1.2: phần tử gốc là <%s> (không gian tên %q), cần <alert> trong %q", "not a CAP 1.2 alert: the root is <%s> (namespace %q), expected <alert> in %q"},
		"cap.not_alert":      {"bản tin CAP loại %q (không phải Alert hay Update): không có gì để nhập", "CAP message of type %q (not Alert or Update): nothing to import"},
		"cap.no_info":        {"cảnh báo không có phần <info>", "the alert has no <info>"},
		"cap.no_text":        {"phần <info> không có headline, event, description hay instruction", "the <info> has no headline, event, description or instruction"},
		"cap.bad_time":       {"thời điểm %q không hợp lệ: cần dạng 2024-07-04T08:00:00+07:00", "invalid time %q: expected the form 2024-07-04T08:00:00+07:00"},
		"cap.expires_before": {"expires %q trước effective %q", "expires %q is before effective %q"},
		"cap.bad_id":         {"mã thông báo %q không hợp lệ", "invalid notice id %q"},

		"cap.found.alert":          {"cảnh báo %s của %s, gửi lúc %s", "alert %s from %s, sent %s"},
		"cap.found.update":         {"đây là bản cập nhật (msgType Update) của %q: kiểm tra thông báo cũ", "this is an update (msgType Update) of %q: check the earlier notice"},
		"cap.found.status":         {"trạng thái %q, không phải Actual: có thể chỉ là bản thử", "status %q, not Actual: it may only be a test"},
		"cap.found.scope":          {"phạm vi %q, không phải Public", "scope %q, not Public"},
		"cap.found.not_vi":         {"không có phần tiếng Việt; dùng phần ngôn ngữ %s, cần dịch trước khi phát", "no Vietnamese info; using the %s one, translate it before broadcasting"},
		"cap.found.infos":          {"có %d phần <info>; dùng phần %s", "%d <info> blocks; using the %s one"},
		"cap.found.no_headline":    {"không có headline; tiêu đề lấy từ nội dung: %q", "no headline; the title is taken from the text: %q"},
		"cap.found.no_description": {"không có description hay instruction; nội dung tạm lấy bằng tiêu đề", "no description or instruction; the body is the title for now"},
		"cap.found.priority":       {"urgency %q, severity %q → mức ưu tiên %s", "urgency %q, severity %q → priority %s"},
		"cap.found.validity":       {"hiệu lực từ %s đến %s", "valid from %s to %s"},
		"cap.found.bad_sent":       {"thời điểm gửi %q không đọc được: nguồn không có ngày", "cannot read the sent time %q: the source has no date"},
		"cap.found.bad_ward":       {"ánh xạ khu vực có mã phường, xã %q không hợp lệ: bỏ qua", "the area mapping has an invalid ward id %q: ignored"},
		"cap.found.unmapped_area":  {"khu vực %q không có trong ánh xạ khu vực", "area %q is not in the area mapping"},
		"cap.found.no_wards":       {"không khu vực nào ánh xạ được sang phường, xã: tạm để wards [all], cần kiểm tra", "no area maps to a ward: wards set to [all] for now, check it"},
		"cap.found.wards":          {"phường, xã: %s", "wards: %s"},

		"cap.export.bad_id":         {"mã thông báo %q không hợp lệ", "invalid notice id %q"},
		"cap.export.no_title":       {"thông báo không có tiêu đề", "the notice has no title"},
		"cap.export.no_text":        {"thông báo không có nội dung", "the notice has no text"},
		"cap.export.bad_sender":     {"mã bên gửi %q không hợp lệ: cần một chuỗi không có dấu cách, dấu phẩy, < hay &", "invalid sender %q: it needs to be non-empty, without spaces, commas, < or &"},
		"cap.export.no_time":        {"thiếu thời điểm gửi", "the sent time is missing"},
		"cap.export.bad_web":        {"địa chỉ web %q không hợp lệ: cần http:// hoặc https://", "invalid web address %q: expected http:// or https://"},
		"cap.export.need_all_wards": {"thông báo cho mọi phường trừ một số: cần danh sách tất cả phường, xã để liệt kê", "the notice is for all wards but some: the list of all wards is needed to name the others"},
		"cap.export.no_wards":       {"thông báo không dành cho phường, xã nào", "the notice is for no ward"},
		"cap.export.encode":         {"không ghi được XML: %s", "cannot write the XML: %s"},
	})
}
