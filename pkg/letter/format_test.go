package letter

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"loa/pkg/notice"
)

// sameNotice compares every field that the notice file holds (not Path and
// BodyLine); a nil and an empty list are the same.
func sameNotice(a, b *notice.Notice) string {
	list := func(s []string) []string {
		if len(s) == 0 {
			return nil
		}
		return s
	}
	x, y := *a, *b
	x.Path, y.Path, x.BodyLine, y.BodyLine = "", "", 0, 0
	x.Wards, y.Wards = list(x.Wards), list(y.Wards)
	x.ExcludeWards, y.ExcludeWards = list(x.ExcludeWards), list(y.ExcludeWards)
	if !reflect.DeepEqual(x, y) {
		return fmt.Sprintf("notice changed:\n got %#v\nwant %#v", y, x)
	}
	return ""
}

func mustDate(s string) notice.Date {
	d, err := notice.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestFormatDesignExample(t *testing.T) {
	n := &notice.Notice{
		ID: "deepfake-video-call", Title: "Cảnh giác thủ đoạn giả mạo cuộc gọi video bằng công nghệ Deepfake",
		Tactic: "deepfake", Priority: notice.Normal, ValidFrom: mustDate("2024-07-04"), ValidUntil: mustDate("2024-12-31"),
		PlaysPerWeek: 3, Wards: []string{"all"},
		Source: notice.Source{Issuer: "UBND thành phố Bắc Kạn", Number: "907/STTTT-CNTT-BCVT", Date: "2024-07-03"},
		Body:   "Kính thưa bà con, ...",
	}
	want := `---
id: deepfake-video-call
title: Cảnh giác thủ đoạn giả mạo cuộc gọi video bằng công nghệ Deepfake
tactic: deepfake
priority: thuong
valid_from: 2024-07-04
valid_until: 2024-12-31
plays_per_week: 3
wards: [all]
source: {issuer: "UBND thành phố Bắc Kạn", number: "907/STTTT-CNTT-BCVT", date: "2024-07-03"}
approved_by: ""
approved_hash: ""
---
Kính thưa bà con, ...
`
	if got := string(Format(n)); got != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
}

// tricky are texts that a naive YAML writer gets wrong.
var tricky = []string{
	"Cảnh báo: lừa đảo", "# không phải chú thích", "- gạch đầu dòng", "yes", "No", "null", "~", "123", "2024-07-04",
	`nháy "kép" và 'đơn'`, `gạch \ chéo`, "dòng\nmới", "tab\there", "cuối có dấu cách ", " đầu có dấu cách",
	"{ngoặc}", "[ngoặc]", "a, b", "a,b", "&neo", "*bí danh", "!thẻ", "|khối", ">gấp", "%chỉ thị", "@at", "`huyền`",
	"tách\u2028dòng", "đoạn\u2029mới", "nel\u0085x", "bom\ufeffx", "điều\x01khiển", "del\x7f", "a  hai cách",
	"e\u0301 tổ hợp", "\u0301 đầu", "t\t\u0307", "👍 emoji", "ký tự riêng \ue000", "---", "...", "a: b # c",
}

func TestFormatRoundTripTricky(t *testing.T) {
	for i, s := range tricky {
		t.Run(fmt.Sprintf("%02d", i), func(t *testing.T) {
			n := &notice.Notice{
				ID: "x", Title: strings.TrimSpace(s), Tactic: strings.TrimSpace(s), Priority: notice.High,
				Wards: []string{"all", s}, ExcludeWards: []string{s},
				Source:     notice.Source{Issuer: s, Number: s, Date: s},
				ApprovedBy: strings.TrimSpace(s), ApprovedAt: strings.TrimSpace(s), ApprovedHash: strings.TrimSpace(s),
				Body: "Nội dung.",
			}
			checkRoundTrip(t, n, false)
		})
	}
}

func TestFormatRoundTripLibraryNotice(t *testing.T) {
	n := &notice.Notice{
		ID: "full", Title: "Đủ trường", Tactic: "deepfake", Priority: notice.Emergency,
		ValidFrom: mustDate("2024-07-04"), ValidUntil: mustDate("2024-12-31"), PlaysPerWeek: 5, MaxPerDay: 2,
		Wards: []string{"duc-xuan", "song-cau"}, ExcludeWards: []string{"xuat-hoa"},
		Source:     notice.Source{Issuer: "UBND", Number: "1/UBND", Date: "2024-07"},
		ApprovedBy: "Nguyễn Văn A", ApprovedAt: "2024-07-05T08:00:00+07:00", ApprovedHash: "abc",
		Body: "Đoạn một.\n\nĐoạn hai {{ hotline \"canh-sat\" }}.",
	}
	checkRoundTrip(t, n, true)
}

// checkRoundTrip formats n, parses it back and compares. Ward ids that
// notice.Parse refuses are a parse error, which is expected for the tricky
// texts: then the wards are dropped and the rest compared.
func checkRoundTrip(t *testing.T, n *notice.Notice, strictWards bool) {
	t.Helper()
	text := Format(n)
	back, err := notice.Parse("rt.md", text)
	if err != nil && !strictWards {
		n.Wards, n.ExcludeWards = []string{"all"}, nil
		text = Format(n)
		back, err = notice.Parse("rt.md", text)
	}
	if err != nil {
		t.Fatalf("Format output does not parse: %v\n%s", err, text)
	}
	if msg := sameNotice(n, back); msg != "" {
		t.Errorf("%s\nfile:\n%s", msg, text)
	}
}

func FuzzFormatRoundTrip(f *testing.F) {
	for _, s := range tricky {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, title, src string) {
		// Preconditions: what notice.Parse can return — valid UTF-8, NFC
		// (Parse normalizes the file), a trimmed title without line breaks
		// that would be folded.
		if !utf8.ValidString(title) || !utf8.ValidString(src) {
			return
		}
		title = strings.TrimSpace(norm.NFC.String(title))
		src = norm.NFC.String(src)
		n := &notice.Notice{ID: "fuzz", Title: title, Priority: notice.Normal, Wards: []string{"all"},
			Source: notice.Source{Issuer: src, Number: src, Date: src}, Body: "x"}
		back, err := notice.Parse("fuzz.md", Format(n))
		if err != nil {
			t.Fatalf("does not parse: %v\n%s", err, Format(n))
		}
		if msg := sameNotice(n, back); msg != "" {
			t.Fatalf("%s\n%s", msg, Format(n))
		}
	})
}
