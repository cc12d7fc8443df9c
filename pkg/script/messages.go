package script

import "loa/pkg/i18n"

func init() {
	i18n.Register(map[string][2]string{
		"script.seg.open":        {"Nhạc hiệu mở đầu", "Opening chime"},
		"script.seg.close":       {"Nhạc hiệu kết thúc", "Closing chime"},
		"script.seg.opening":     {"Lời mở đầu", "Opening"},
		"script.seg.greeting":    {"Lời chào", "Greeting"},
		"script.seg.repeat":      {"Xin nhắc lại", "Repeat"},
		"script.seg.closing":     {"Lời kết", "Closing"},
		"script.long_sentence":   {"câu dài %d âm tiết (quá %d), người nghe khó theo dõi", "sentence of %d syllables (over %d): listeners lose it"},
		"script.unknown_format":  {"định dạng %q không được hỗ trợ (có: %s)", "unknown format %q (available: %s)"},
		"script.sheet.header":    {"Bản tin ngày %s, khung giờ %s, thời lượng tối đa %s", "Bulletin of %s, slot %s, at most %s"},
		"script.sheet.repeat_of": {"Nhắc lại: %s", "Repeat: %s"},
		"script.sheet.clip":      {"phát tệp: %s", "play file: %s"},
		"script.sheet.syllables": {"%d âm tiết", "%d syllables"},
		"script.sheet.total":     {"Tổng thời lượng: %s / khung giờ %s", "Total: %s / slot %s"},
		"script.sheet.over":      {"VƯỢT QUÁ khung giờ: %s — cần rút bớt nội dung", "OVER the slot by %s: cut something"},
		"script.sheet.under":     {"Còn trống: %s", "Left in the slot: %s"},
		"script.sheet.warnings":  {"Có %d câu quá dài, đánh dấu ! ở trên", "%d sentences are too long, marked ! above"},
		"script.sheet.legend":    {"[bắt đầu  thời lượng]; dấu ~ là thời lượng ước tính theo tốc độ đọc", "[start  duration]; ~ marks a duration estimated from the reading rate"},
	})
}
