package notice

import (
	"fmt"
	"strings"
	"time"
)

// NewFile returns the text of a new notice file for a tactic: full front
// matter and a body skeleton in the order a loudspeaker warning follows
// (what the trick looks like, an example, what to do, whom to call), with
// the hotlines inserted by template.
func NewFile(id, tactic, title string, today time.Time, playsPerWeek int) []byte {
	if title == "" {
		title = "Cảnh giác thủ đoạn lừa đảo " + strings.ReplaceAll(tactic, "-", " ")
	}
	from := today.Format(DateLayout)
	until := today.AddDate(0, 6, 0).Format(DateLayout)
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: %s\ntitle: %q\ntactic: %s\npriority: thuong\nvalid_from: %s\nvalid_until: %s\n",
		id, title, tactic, from, until)
	fmt.Fprintf(&b, "plays_per_week: %d\nwards: [all]\nsource: {issuer: \"\", number: \"\", date: \"\"}\n", playsPerWeek)
	b.WriteString("approved_by: \"\"\napproved_hash: \"\"\n---\n")
	b.WriteString(`Thời gian gần đây, kẻ gian ... (thủ đoạn trông như thế nào).

Ví dụ, ... (một trường hợp cụ thể, ngắn gọn).

Bà con tuyệt đối không ... Hãy ... (việc nên làm và không nên làm).

Khi nghi ngờ bị lừa đảo, bà con báo ngay cho công an nơi gần nhất hoặc gọi {{ hotline "canh-sat" }}. Muốn biết thêm các thủ đoạn mới, bà con vào trang {{ site "khong-gian-mang" }}.
`)
	return []byte(b.String())
}
