package script

import "loa/pkg/i18n"

// Labels of the md and html sheets, and the wording of the article and the
// social post (which are always rendered in Vietnamese).
func init() {
	i18n.Register(map[string][2]string{
		"script.fmt.weekday.mon": {"thứ Hai", "Monday"},
		"script.fmt.weekday.tue": {"thứ Ba", "Tuesday"},
		"script.fmt.weekday.wed": {"thứ Tư", "Wednesday"},
		"script.fmt.weekday.thu": {"thứ Năm", "Thursday"},
		"script.fmt.weekday.fri": {"thứ Sáu", "Friday"},
		"script.fmt.weekday.sat": {"thứ Bảy", "Saturday"},
		"script.fmt.weekday.sun": {"Chủ nhật", "Sunday"},

		"script.fmt.sheet.doc_title":        {"Kịch bản phát thanh — %s — %s %s", "Broadcast script — %s — %s %s"},
		"script.fmt.sheet.when":             {"Bản tin %s · khung giờ %s · tối đa %s", "Bulletin of %s · slot %s · at most %s"},
		"script.fmt.sheet.total":            {"Tổng thời lượng", "Total"},
		"script.fmt.sheet.slot_length":      {"Khung giờ tối đa", "Slot length"},
		"script.fmt.sheet.over":             {"VƯỢT QUÁ khung giờ — cần rút bớt", "OVER the slot — cut something"},
		"script.fmt.sheet.under":            {"Còn trống", "Left in the slot"},
		"script.fmt.sheet.ends":             {"Kết thúc khoảng", "Ends about"},
		"script.fmt.sheet.long_sentences":   {"Câu quá dài (⚠)", "Sentences too long (⚠)"},
		"script.fmt.sheet.play_file":        {"phát tệp", "play file"},
		"script.fmt.sheet.order":            {"Trình tự bản tin", "Running order"},
		"script.fmt.sheet.start":            {"Bắt đầu", "Start"},
		"script.fmt.sheet.duration":         {"Thời lượng", "Duration"},
		"script.fmt.sheet.part":             {"Phần", "Part"},
		"script.fmt.sheet.file":             {"Tệp", "File"},
		"script.fmt.sheet.legend":           {"Chú giải", "Legend"},
		"script.fmt.sheet.legend_comma":     {"nghỉ ngắn (dấu phẩy)", "short breath (comma)"},
		"script.fmt.sheet.legend_sentence":  {"nghỉ hết câu", "stop (end of sentence)"},
		"script.fmt.sheet.legend_paragraph": {"nghỉ dài giữa hai đoạn", "long stop between paragraphs"},
		"script.fmt.sheet.legend_spoken":    {"đọc là", "read as"},
		"script.fmt.sheet.legend_written":   {"chữ viết", "written"},
		"script.fmt.sheet.legend_ruby":      {"chữ nhỏ phía trên: cách viết gốc", "small print above: the written original"},
		"script.fmt.sheet.legend_md":        {"cách đọc, trong ngoặc là cách viết gốc", "how it is read, the written original in brackets"},
		"script.fmt.sheet.legend_estimated": {"thời lượng ước tính theo tốc độ đọc", "duration estimated from the reading rate"},

		"script.fmt.article.station_default": {"Đài truyền thanh", "The broadcasting station"},
		"script.fmt.article.title_many":      {"Cảnh giác các thủ đoạn lừa đảo trên không gian mạng", "Beware of online scams"},
		"script.fmt.article.lead_source": {
			"Thực hiện chỉ đạo của %s, %s thông tin tới bà con nhân dân %s để chủ động phòng tránh. Đề nghị bà con đọc kỹ và chia sẻ tới người thân, bạn bè.",
			"On the instructions of %s, %s informs the residents of %s so that they can protect themselves. Please read carefully and share with family and friends.",
		},
		"script.fmt.article.lead": {
			"%s thông tin tới bà con nhân dân %s để chủ động phòng tránh. Đề nghị bà con đọc kỹ và chia sẻ tới người thân, bạn bè.",
			"%s informs the residents of %s so that they can protect themselves. Please read carefully and share with family and friends.",
		},
		"script.fmt.article.hotlines":      {"Số điện thoại, trang web cần nhớ", "Numbers and sites to remember"},
		"script.fmt.article.source":        {"Nguồn", "Source"},
		"script.fmt.article.source_doc":    {"Văn bản", "Document"},
		"script.fmt.article.source_number": {"số %s", "no. %s"},
		"script.fmt.article.source_day":    {"ngày %s", "of %s"},
		"script.fmt.article.source_month":  {"tháng %s", "of %s"},
		"script.fmt.article.source_issuer": {"của %s", "by %s"},
		"script.fmt.social.more":           {"Tìm hiểu các thủ đoạn lừa đảo mới và phản ánh tại %s", "Learn about new scams and report them at %s"},
		"script.fmt.social.others":         {"và %d thông báo khác", "and %d more notices"},
	})
}
