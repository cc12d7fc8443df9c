package check

import "loa/pkg/i18n"

func init() {
	i18n.Register(map[string][2]string{
		"check.raw":                {"%s", "%s"},
		"check.config_invalid":     {"cấu hình không đọc được: %s", "the configuration cannot be read: %s"},
		"check.hotline_unverified": {"đường dây nóng %s chưa ghi ngày kiểm tra", "hotline %s has no verification date"},
		"check.hotline_stale":      {"đường dây nóng %s (%s) kiểm tra lần cuối ngày %s, đã hơn 6 tháng", "hotline %s (%s) was last verified on %s, more than 6 months ago"},
		"check.slot_overlap":       {"ở %s, khung giờ %s chồng lên khung %s", "in %s, slot %s overlaps slot %s"},
		"check.library_missing":    {"không có thư mục tệp âm thanh %s", "clip library folder %s does not exist"},
		"check.notice_expired":     {"thông báo %s đã hết hiệu lực từ %s", "notice %s expired on %s"},
		"check.notice_changed":     {"thông báo %s đã bị sửa sau khi duyệt, đang là bản nháp", "notice %s was changed after approval and is a draft again"},
		"check.notice_draft":       {"thông báo %s chưa được duyệt", "notice %s is not approved"},
		"check.unknown_ward":       {"không có phường, xã %q trong cấu hình", "no ward %q in the configuration"},
		"check.sentence_long":      {"câu dài %d âm tiết (quá %d): «%s»", "sentence of %d syllables (over %d): «%s»"},
		"check.clip_missing":       {"thiếu tệp thu âm %s/%s (cho %s)", "clip %s/%s is missing (for %s)"},
		"check.clip_unsupported":   {"định dạng tệp không được hỗ trợ (chỉ .wav và .mp3)", "unsupported file type (only .wav and .mp3)"},
		"check.clip_clipping":      {"tệp bị méo do vượt ngưỡng (%d mẫu chạm 0 dBFS)", "the clip is clipped (%d samples at 0 dBFS)"},
		"check.clip_loudness":      {"độ to %.1f LUFS, lệch quá 6 LU so với mục tiêu %.0f LUFS", "loudness %.1f LUFS is more than 6 LU from the %.0f LUFS target"},
		"check.clip_silent":        {"tệp chỉ có im lặng", "the clip is silent"},
		"check.clip_silence":       {"có đoạn im lặng dài %.1f giây", "contains %.1f s of silence"},
		"check.hint.config":        {"sửa giá trị này trong config.yaml", "fix this value in config.yaml"},
		"check.hint.notice_format": {"xem mẫu trong README, mục Notices", "see the format in the README, section Notices"},
		"check.hint.hotline":       {"gọi thử hoặc mở trang, rồi ghi ngày kiểm tra vào verified", "call the number or open the site, then update verified"},
		"check.hint.slots":         {"dời giờ bắt đầu hoặc rút ngắn max_minutes", "move the start or shorten max_minutes"},
		"check.hint.expired":       {"gia hạn valid_until hoặc chuyển tệp ra khỏi thư mục thông báo", "extend valid_until or move the file out of the notice folder"},
		"check.hint.approve":       {"duyệt bằng: loa notice approve %s --by TÊN", "approve with: loa notice approve %s --by NAME"},
		"check.hint.template":      {"dùng {{ hotline \"id\" }} hoặc {{ site \"id\" }} với mã có trong hotlines", "use {{ hotline \"id\" }} or {{ site \"id\" }} with an id from hotlines"},
		"check.hint.sentence":      {"tách thành các câu ngắn hơn", "split it into shorter sentences"},
		"check.hint.clip_missing":  {"thu âm tệp này, hoặc render với --placeholder-voice espeak-ng", "record this clip, or render with --placeholder-voice espeak-ng"},
		"check.hint.convert":       {"chuyển sang WAV: ffmpeg -i %s -ar 44100 -ac 1 tep-moi.wav", "convert to WAV: ffmpeg -i %s -ar 44100 -ac 1 new.wav"},
		"check.hint.rerecord":      {"thu âm lại hoặc biên tập lại tệp", "record or edit the clip again"},
		"check.hint.loudness":      {"loa tự cân bằng độ to khi dựng, nhưng tệp lệch nhiều thường thu âm chưa tốt", "loa evens loudness when rendering, but a clip this far off was usually recorded badly"},
	})
}
