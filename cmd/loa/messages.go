package main

import "loa/pkg/i18n"

func init() {
	i18n.Register(map[string][2]string{
		"cli.error_prefix":   {"lỗi:", "error:"},
		"cli.warning_prefix": {"cảnh báo:", "warning:"},
		"cli.interrupted":    {"đã dừng theo yêu cầu; không có tệp nào bị ghi dở.", "interrupted; no file was left half-written."},
		"cli.root.short":     {"Biên soạn và dựng bản tin loa truyền thanh phòng, chống lừa đảo", "Scripts and bulletins of scam warnings for ward loudspeakers"},
		"cli.root.long": {`loa giúp đài truyền thanh cơ sở (loa phường, xã) biến các thông báo cảnh báo lừa đảo
thành kịch bản đọc có tính giờ, ghép các tệp thu âm sẵn thành bản tin WAV/MP3
sẵn sàng phát, và lập lịch phát cho từng phường, xã.

Cấu hình đọc từ --config, biến LOA_CONFIG, hoặc ./config.yaml; biến môi trường LOA_*
(ví dụ LOA_AUDIO_SAMPLE_RATE) ghi đè tệp cấu hình, cờ dòng lệnh ghi đè tất cả.

Mã thoát: 0 thành công; 1 lỗi; 2 sai cách dùng, cấu hình hoặc dữ liệu vào;
3 một lô việc có mục bị lỗi; 4 đang có lượt chạy khác giữ khóa; 130 bị ngắt.`,
			`loa helps ward and commune loudspeaker stations turn scam-warning notices into
timed scripts to read aloud, sequence prerecorded clips into WAV/MP3 bulletins
ready to air, and schedule them per ward.

Configuration comes from --config, LOA_CONFIG, or ./config.yaml; LOA_* environment
variables (e.g. LOA_AUDIO_SAMPLE_RATE) override the file, and flags override all.

Exit codes: 0 success; 1 failure; 2 bad usage, configuration or input;
3 a batch finished with some items failed; 4 another run holds the lock; 130 interrupted.`},
		"cli.bad_lang":              {"ngôn ngữ %q không được hỗ trợ (dùng vi hoặc en)", "unsupported language %q (use vi or en)"},
		"cli.flag.config":           {"tệp cấu hình (mặc định: $LOA_CONFIG, rồi ./config.yaml)", "configuration file (default: $LOA_CONFIG, then ./config.yaml)"},
		"cli.flag.lang":             {"ngôn ngữ giao diện: vi hoặc en", "interface language: vi or en"},
		"cli.flag.quiet":            {"không in thông báo tiến trình", "print no progress messages"},
		"cli.flag.notices":          {"thư mục thông báo (ghi đè notices.dir)", "notice folder (overrides notices.dir)"},
		"cli.flag.audio_dir":        {"thư mục tệp âm thanh (ghi đè audio.library)", "clip library folder (overrides audio.library)"},
		"cli.flag.ward":             {"mã phường, xã (ví dụ duc-xuan)", "ward id (e.g. duc-xuan)"},
		"cli.flag.date":             {"ngày phát: YYYY-MM-DD, today hoặc tomorrow", "broadcast day: YYYY-MM-DD, today or tomorrow"},
		"cli.flag.slot":             {"khung giờ HH:MM (mặc định: khung đầu tiên trong ngày)", "slot HH:MM (default: the first slot of the day)"},
		"cli.flag.script_format":    {"định dạng: text hoặc json", "format: text or json"},
		"cli.flag.output":           {"ghi ra tệp thay vì màn hình", "write to a file instead of standard output"},
		"cli.flag.render_output":    {"tệp bản tin .wav hoặc .mp3 (bắt buộc)", "bulletin file, .wav or .mp3 (required)"},
		"cli.flag.placeholder":      {"đọc tạm các đoạn thiếu tệp thu âm bằng giọng máy (espeak-ng)", "read segments without a clip with a synthetic voice (espeak-ng)"},
		"cli.flag.bitrate":          {"tốc độ bit MP3, kbit/s", "MP3 bitrate in kbit/s"},
		"cli.flag.dialect":          {"phương ngữ: bac (mặc định theo cấu hình) hoặc nam", "dialect: bac (default from config) or nam"},
		"cli.flag.help":             {"trợ giúp về lệnh %s", "help for %s"},
		"cli.config_missing":        {"không có tệp cấu hình %s", "configuration file %s does not exist"},
		"cli.config_unreadable":     {"không đọc được tệp cấu hình %s: %s", "cannot read configuration file %s: %s"},
		"cli.config_invalid":        {"cấu hình %s có khóa sai hoặc giá trị sai kiểu: %s", "configuration %s has unknown keys or values of the wrong type: %s"},
		"cli.need_ward":             {"cần --ward (có: %s)", "--ward is required (known: %s)"},
		"cli.unknown_ward":          {"không có phường, xã %q trong cấu hình (có: %s)", "no ward %q in the configuration (known: %s)"},
		"cli.no_notices":            {"không có thông báo nào còn hiệu lực cho %s ngày %s; hãy nêu mã thông báo hoặc chọn ngày khác", "no notice is valid for %s on %s; name a notice or pick another date"},
		"cli.bad_slot":              {"khung giờ %q không hợp lệ: cần HH:MM", "invalid slot %q: expected HH:MM"},
		"cli.unknown_slot":          {"không có khung giờ %s ở %s (có: %s)", "no slot %s in %s (known: %s)"},
		"cli.bad_date":              {"ngày %q không hợp lệ: cần YYYY-MM-DD, today hoặc tomorrow", "invalid date %q: expected YYYY-MM-DD, today or tomorrow"},
		"cli.script.short":          {"Soạn kịch bản đọc có tính giờ cho một phường, xã", "Write the timed script of a ward's bulletin"},
		"cli.script.long":           {"Ghép lời mở đầu, lời chào, các thông báo, phần \"Xin nhắc lại\" và lời kết thành kịch bản\ncho phát thanh viên: mỗi đoạn có giờ bắt đầu, thời lượng và dạng đọc. Không nêu thông báo\nthì dùng các thông báo còn hiệu lực vào ngày --date cho phường, xã đó.", "Assembles the opening, greeting, notices, the \"Xin nhắc lại\" repeat and the closing into\nthe announcer's script: each segment with its start, duration and spoken form. Without\nNOTICE it takes the notices valid on --date for that ward."},
		"cli.bad_format":            {"định dạng %q không được hỗ trợ (có: %s)", "unknown format %q (available: %s)"},
		"cli.wrote":                 {"đã ghi %s", "wrote %s"},
		"cli.render.short":          {"Dựng bản tin âm thanh WAV hoặc MP3 từ các tệp thu âm", "Render the bulletin to WAV or MP3 from the clip library"},
		"cli.render.long":           {"Ghép các tệp thu âm của kịch bản (thư viện audio/, tìm theo phường trước) với khoảng lặng\ntheo cấu hình thành một tệp WAV hoặc MP3. Thiếu tệp nào thì báo đủ danh sách và thoát mã 2.", "Sequences the script's clips (audio/ library, ward folder first) with the configured gaps\ninto one WAV or MP3 file. Missing clips are all listed, with exit code 2."},
		"cli.need_output":           {"cần -o TỆP.wav hoặc -o TỆP.mp3", "-o FILE.wav or -o FILE.mp3 is required"},
		"cli.bad_placeholder":       {"giọng đọc tạm %q không được hỗ trợ (chỉ có espeak-ng)", "unsupported placeholder voice %q (only espeak-ng)"},
		"cli.render.synth":          {"đọc tạm bằng espeak-ng: %s (chưa có tệp thu âm)", "synthesized with espeak-ng: %s (no clip recorded)"},
		"cli.render.done":           {"đã ghi %s: %.1f giây, %d đoạn", "wrote %s: %.1f s, %d segments"},
		"cli.render.loudness":       {"độ to %s LUFS, đỉnh thực %s dBTP", "loudness %s LUFS, true peak %s dBTP"},
		"cli.flag.allow_drafts":     {"cho phép dùng thông báo chưa được duyệt", "allow notices that are not approved"},
		"cli.drafts_refused":        {"thông báo chưa được duyệt: %s (duyệt bằng: loa notice approve ID --by TÊN, hoặc dùng --allow-drafts)", "notices not approved: %s (approve with: loa notice approve ID --by NAME, or use --allow-drafts)"},
		"cli.normalize.short":       {"Chuyển văn bản sang dạng đọc (số, ngày, chữ viết tắt, địa chỉ web…)", "Turn text into its spoken form (numbers, dates, abbreviations, web addresses…)"},
		"cli.normalize.long":        {"Đọc văn bản từ đối số, hoặc từ đầu vào chuẩn khi không có đối số, và in dạng đọc:\nmỗi dòng vào cho một dòng ra.", "Reads text from the arguments, or from standard input when there are none, and prints\nits spoken form: one line out per line in."},
		"cli.bad_dialect":           {"phương ngữ %q không được hỗ trợ (dùng bac hoặc nam)", "unsupported dialect %q (use bac or nam)"},
		"cli.version.short":         {"In phiên bản của loa", "Print loa's version"},
		"cli.help.short":            {"Trợ giúp về một lệnh", "Help about a command"},
		"cli.help.usage":            {"Cách dùng", "Usage"},
		"cli.help.command":          {"LỆNH", "COMMAND"},
		"cli.help.aliases":          {"Tên khác", "Aliases"},
		"cli.help.examples":         {"Ví dụ", "Examples"},
		"cli.help.commands":         {"Các lệnh", "Commands"},
		"cli.help.flags":            {"Tùy chọn", "Flags"},
		"cli.help.global_flags":     {"Tùy chọn chung", "Global flags"},
		"cli.help.more":             {"Dùng \"%s [lệnh] --help\" để xem trợ giúp về từng lệnh.", "Use \"%s [command] --help\" for more about a command."},
		"cli.unknown_command":       {"không có lệnh %q", "unknown command %q"},
		"cli.completion.short":      {"In đoạn mã tự hoàn thành lệnh cho shell", "Print the shell completion script"},
		"cli.completion.long":       {"Ví dụ với bash: loa completion bash > /etc/bash_completion.d/loa", "For bash, e.g.: loa completion bash > /etc/bash_completion.d/loa"},
		"cli.completion.need_shell": {"cần tên shell: bash, zsh, fish hoặc powershell", "name a shell: bash, zsh, fish or powershell"},
	})
}
