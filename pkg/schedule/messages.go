package schedule

import "loa/pkg/i18n"

func init() {
	i18n.Register(map[string][2]string{
		"schedule.err.no_range":        {"cần cả ngày bắt đầu và ngày kết thúc", "both a first and a last day are needed"},
		"schedule.err.from_after_to":   {"ngày bắt đầu %s sau ngày kết thúc %s", "the first day %s is after the last day %s"},
		"schedule.err.too_long":        {"khoảng %d ngày quá dài (tối đa %d ngày)", "a range of %d days is too long (at most %d days)"},
		"schedule.err.no_timing":       {"thiếu cách tính thời lượng bản tin", "no bulletin timing was given"},
		"schedule.err.time_zone":       {"station.time_zone: múi giờ %q không dùng được", "station.time_zone: unknown time zone %q"},
		"schedule.err.unknown_ward":    {"không có phường, xã %q trong cấu hình (có: %s)", "no ward %q in the configuration (known: %s)"},
		"schedule.err.duplicate":       {"mã thông báo %q bị trùng", "duplicate notice id %q"},
		"schedule.err.bad_date":        {"%s: ngày %q không hợp lệ, cần YYYY-MM-DD", "%s: invalid date %q, expected YYYY-MM-DD"},
		"schedule.err.bad_field":       {"%s: giá trị %q không hợp lệ", "%s: invalid value %q"},
		"schedule.err.same_start":      {"%s: đã có khung giờ bắt đầu lúc %s trong cùng ngày", "%s: another slot starts at %s on the same day"},
		"schedule.err.bad_overhead":    {"thời lượng phần cố định của bản tin ở %s không hợp lệ: %v giây", "invalid fixed bulletin length for %s: %v s"},
		"schedule.err.bad_notice_time": {"thời lượng của thông báo %s ở %s không hợp lệ: %v giây", "invalid length of notice %s in %s: %v s"},
		"schedule.err.unknown_format":  {"định dạng %q không được hỗ trợ (có: %s)", "unknown format %q (available: %s)"},

		"schedule.why.slots-full":     {"%d/%d lần phát trong tuần %s: các khung giờ vào những ngày thông báo có hiệu lực đã đầy", "%d of %d plays in week %s: the slots on the days it is valid are full"},
		"schedule.why.no-slot":        {"%d/%d lần phát trong tuần %s: không đủ khung giờ (%d ngày có khung giờ trong thời gian hiệu lực, tối đa %d lần mỗi ngày)", "%d of %d plays in week %s: not enough slots (%d days with a slot while it is valid, at most %d a day)"},
		"schedule.why.outside-dates":  {"%d/%d lần phát trong tuần %s: thông báo chỉ có hiệu lực %d ngày có khung giờ trong tuần", "%d of %d plays in week %s: it is valid on only %d days with a slot that week"},
		"schedule.why.blackout":       {"%d/%d lần phát trong tuần %s: những ngày nghỉ phát (%s) chiếm mất khung giờ", "%d of %d plays in week %s: blackout days (%s) took the slots"},
		"schedule.why.blackout_plain": {"%d/%d lần phát trong tuần %s: những ngày nghỉ phát chiếm mất khung giờ", "%d of %d plays in week %s: blackout days took the slots"},
		"schedule.why.excluded":       {"tuần %s: phường, xã này nằm trong exclude_wards của thông báo", "week %s: this ward is in the notice's exclude_wards"},

		"schedule.priority.thuong":   {"thường", "normal"},
		"schedule.priority.uu-tien":  {"ưu tiên", "high"},
		"schedule.priority.khan-cap": {"KHẨN CẤP", "EMERGENCY"},

		"schedule.wd.0": {"T2", "Mon"},
		"schedule.wd.1": {"T3", "Tue"},
		"schedule.wd.2": {"T4", "Wed"},
		"schedule.wd.3": {"T5", "Thu"},
		"schedule.wd.4": {"T6", "Fri"},
		"schedule.wd.5": {"T7", "Sat"},
		"schedule.wd.6": {"CN", "Sun"},

		"schedule.table.title":        {"Lịch phát loa từ %s đến %s", "Loudspeaker schedule from %s to %s"},
		"schedule.table.counts":       {"%d phường, xã; %d bản tin; %d khung giờ trống", "wards: %d; bulletins: %d; empty slots: %d"},
		"schedule.table.urgent":       {"Thông báo KHẨN CẤP cần phát ngay:", "EMERGENCY notices to broadcast now:"},
		"schedule.table.urgent_line":  {"%s (%s), %s đến %s, tại %s", "%s (%s), %s to %s, in %s"},
		"schedule.table.empty":        {"(trống)", "(empty)"},
		"schedule.table.extra":        {"khung giờ thêm", "extra slot"},
		"schedule.table.blackout":     {"nghỉ phát", "no broadcast"},
		"schedule.table.notice":       {"%d. [%s] %s (%s, %s)", "%d. [%s] %s (%s, %s)"},
		"schedule.table.summary":      {"Mức lấp đầy các khung giờ:", "How full the slots are:"},
		"schedule.table.slot_summary": {"%s: %d buổi, %d có bản tin, trung bình %d%%, cao nhất %d%%", "%s: %d slots, %d with a bulletin, %d%% full on average, %d%% at most"},
		"schedule.table.no_slots":     {"không có khung giờ nào trong khoảng này", "no slot in this range"},
		"schedule.table.unscheduled":  {"Chưa xếp đủ lượt phát (%d):", "Not fully scheduled (%d):"},
		"schedule.table.all_fit":      {"Mọi thông báo đều đủ lượt phát.", "Every notice got all its plays."},

		"schedule.ics.calname": {"%s – lịch phát loa", "%s – loudspeaker schedule"},
		"schedule.ics.summary": {"Loa %s %s: %d thông báo", "Loudspeaker %s %s, notices: %d"},
		"schedule.ics.line":    {"%d. [%s] %s (%s, %s)", "%d. [%s] %s (%s, %s)"},
		"schedule.ics.length":  {"Thời lượng %s / khung giờ %s", "Length %s / slot %s"},
		"schedule.m3u.title":   {"%s – %s %s (%d thông báo)", "%s – %s %s (notices: %d)"},
	})
}
