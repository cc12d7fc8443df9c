package config

import "loa/pkg/i18n"

func init() {
	i18n.Register(map[string][2]string{
		"config.field_error":       {"cấu hình %s: %s", "configuration %s: %s"},
		"config.unknown_time_zone": {"múi giờ %q không tồn tại (ví dụ: Asia/Ho_Chi_Minh)", "unknown time zone %q (e.g. Asia/Ho_Chi_Minh)"},
		"config.range_rate":        {"phải từ 1 đến 8 âm tiết mỗi giây, đang là %g", "must be between 1 and 8 syllables per second, got %g"},
		"config.range_seconds":     {"phải từ %g đến %g giây, đang là %g", "must be between %g and %g seconds, got %g"},
		"config.at_least":          {"phải ít nhất là %d, đang là %d", "must be at least %d, got %d"},
		"config.range_rate_hz":     {"phải từ 8000 đến 192000 Hz, đang là %d", "must be between 8000 and 192000 Hz, got %d"},
		"config.channels":          {"phải là 1 (mono) hoặc 2 (stereo), đang là %d", "must be 1 (mono) or 2 (stereo), got %d"},
		"config.bit_depth":         {"phải là 16 hoặc 24, đang là %d", "must be 16 or 24, got %d"},
		"config.need_folder":       {"cần tên thư mục", "must name a folder"},
		"config.dialect":           {"phải là bac hoặc nam, đang là %q", "must be bac or nam, got %q"},
		"config.bad_id":            {"mã %q không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang", "invalid id %q: use lower-case letters without diacritics, digits and dashes"},
		"config.duplicate_id":      {"mã %q bị trùng", "duplicate id %q"},
		"config.hotline_empty":     {"cần số điện thoại (number) hoặc trang web (site)", "needs a number or a site"},
		"config.bad_date":          {"cần ngày dạng YYYY-MM-DD, đang là %q", "must be a date YYYY-MM-DD, got %q"},
		"config.bad_template":      {"mẫu bị lỗi: %s", "template does not parse: %s"},
		"config.no_wards":          {"cần ít nhất một phường, xã", "at least one ward is needed"},
		"config.empty":             {"không được để trống", "must not be empty"},
		"config.bad_clock":         {"cần giờ dạng HH:MM, đang là %q", "must be a time HH:MM, got %q"},
		"config.no_days":           {"cần ít nhất một ngày (mon … sun)", "must list at least one day (mon … sun)"},
		"config.bad_day":           {"ngày %q không hợp lệ (cần mon tue wed thu fri sat sun)", "unknown day %q (expected mon tue wed thu fri sat sun)"},
		"config.range_kbps":        {"phải từ 8 đến 320 kbit/s, đang là %d", "must be between 8 and 320 kbit/s, got %d"},
		"config.range_ms":          {"phải từ %d đến %d ms, đang là %g", "must be between %d and %d ms, got %g"},
		"config.range_db":          {"phải từ %g đến %g dB, đang là %g", "must be between %g and %g dB, got %g"},
		"config.export_formats":    {"cần danh sách gồm mp3 và/hoặc wav", "must list mp3 and/or wav"},
		"config.tone_placement":    {"phải là traditional (hòa) hoặc new (hoà), đang là %q", "must be traditional (hòa) or new (hoà), got %q"},
		"config.day_prefix":        {"phải là mùng hoặc mồng, đang là %q", "must be mùng or mồng, got %q"},
		"config.to_before_from":    {"ngày kết thúc trước ngày bắt đầu", "the end is before the start"},
		"config.range_minutes":     {"phải lớn hơn 0 và không quá 180 phút, đang là %g", "must be more than 0 and at most 180 minutes, got %g"},
	})
}
