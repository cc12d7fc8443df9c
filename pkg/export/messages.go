package export

import "loa/pkg/i18n"

func init() {
	i18n.Register(map[string][2]string{
		"export.locked": {"thư mục %s đang được một lượt xuất khác dùng (PID %d trên máy %s, từ %s); chờ nó xong, hoặc dùng --wait",
			"folder %s is being exported by another run (PID %d on %s, since %s); wait for it, or use --wait"},
		"export.locked_unknown": {"thư mục %s đang được một lượt xuất khác dùng (khóa %s); chờ nó xong, hoặc dùng --wait",
			"folder %s is being exported by another run (lock %s); wait for it, or use --wait"},
		"export.lock_failed": {"không khóa được %s: %s", "cannot lock %s: %s"},
		"export.draft": {"có thông báo chưa được duyệt: %s (duyệt bằng: loa notice approve ID --by TÊN, hoặc dùng --allow-drafts)",
			"notices not approved: %s (approve with: loa notice approve ID --by NAME, or use --allow-drafts)"},
		"export.unknown_notice": {"lịch phát có thông báo %s nhưng thư viện không có", "the schedule has notice %s but the library does not"},
		"export.write_failed":   {"không ghi được %s: %s", "cannot write %s: %s"},
		"export.disk_full":      {"không ghi được %s: ổ đĩa đầy (%s)", "cannot write %s: the disk is full (%s)"},
		"export.permission":     {"không ghi được %s: không có quyền ghi (%s)", "cannot write %s: permission denied (%s)"},
		"export.read_failed":    {"không đọc được %s: %s", "cannot read %s: %s"},
		"export.render_failed":  {"không dựng được bản tin %s %s %s: %s", "cannot render the bulletin of %s %s %s: %s"},
		"export.bad_format":     {"định dạng âm thanh %q không được hỗ trợ (có: mp3, wav)", "unsupported audio format %q (available: mp3, wav)"},
		"export.bad_shard":      {"--shard %q không hợp lệ: cần K/N với 1 ≤ K ≤ N, ví dụ 2/4", "invalid --shard %q: expected K/N with 1 ≤ K ≤ N, e.g. 2/4"},
		"export.bad_manifest":   {"tệp kê khai %s hỏng: %s", "manifest %s is damaged: %s"},
		"export.no_manifest":    {"không có tệp kê khai nào trong %s (chạy loa export trước)", "no manifest in %s (run loa export first)"},
		"export.cache_broken":   {"bản lưu %s không khớp mã kiểm tra; dựng lại", "cache entry %s does not match its checksum; rendering again"},
		"export.no_out":         {"cần thư mục xuất (--out)", "an export folder is required (--out)"},

		"export.m3u.title": {"%s – %s %s (%d thông báo)", "%s – %s %s (%d notices)"},

		"export.report.title":        {"Báo cáo kết quả tuyên truyền phòng, chống lừa đảo qua hệ thống loa", "Report on scam-warning broadcasts over the loudspeaker system"},
		"export.report.range":        {"Từ %s đến %s", "From %s to %s"},
		"export.report.station":      {"Đơn vị: %s", "Station: %s"},
		"export.report.by_ward":      {"Theo phường, xã", "By ward"},
		"export.report.by_notice":    {"Theo thông báo (tổng các phường, xã)", "By notice (all wards)"},
		"export.report.detail":       {"Chi tiết theo phường, xã và thông báo", "By ward and notice"},
		"export.report.ward":         {"Phường, xã", "Ward"},
		"export.report.notice":       {"Thông báo", "Notice"},
		"export.report.bulletins":    {"Bản tin theo lịch", "Scheduled bulletins"},
		"export.report.exported":     {"Bản tin đã xuất", "Exported bulletins"},
		"export.report.failed":       {"Lỗi", "Failed"},
		"export.report.plays":        {"Lượt phát theo lịch", "Planned plays"},
		"export.report.files":        {"Tệp đã xuất", "Exported files"},
		"export.report.airtime":      {"Thời lượng phát", "Airtime"},
		"export.report.wards":        {"Số phường, xã", "Wards"},
		"export.report.total":        {"Tổng cộng", "Total"},
		"export.report.empty":        {"Không có bản tin nào trong khoảng này (tệp kê khai: %s)", "No bulletin in this range (manifests: %s)"},
		"export.report.sources":      {"Nguồn số liệu: %s", "Source: %s"},
		"export.report.chart":        {"Lượt phát theo phường, xã", "Plays per ward"},
		"export.report.chart_legend": {"số lượt phát thông báo đã xuất", "notice plays exported"},
		"export.report.bad_format":   {"định dạng báo cáo %q không được hỗ trợ (có: table, csv, html)", "unknown report format %q (available: table, csv, html)"},
		"export.report.footer": {"Lượt phát: số bản tin có thông báo đó (mỗi bản tin đọc thông báo hai lần). Thời lượng: tổng thời gian đọc thông báo trong các bản tin đã xuất.",
			"Plays: bulletins carrying the notice (each bulletin reads it twice). Airtime: total reading time of the notice in the exported bulletins."},
	})
}
