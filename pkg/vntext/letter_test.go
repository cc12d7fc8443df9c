package vntext

import (
	"strings"
	"testing"
	"unicode"
)

// TestLetterReadsNaturally normalizes the example letter (UBND TP Bắc Kạn, July
// 2024) and checks key sentences as an announcer would read them.
func TestLetterReadsNaturally(t *testing.T) {
	letter := exampleLetter(t)
	n := newNormalizer(t, Options{})
	out := n.Normalize(letter)
	full := letter != letterFallback
	want := []struct {
		line       string
		inFallback bool
	}{
		{"Ủy ban nhân dân", true},
		{"Thành phố Bắc Kạn", true},
		{"Cộng hòa xã hội chủ nghĩa Việt Nam", false},
		{"Độc lập, Tự do, Hạnh phúc", false},
		{"Về việc tuyên truyền phòng ngừa tội phạm", true},
		{"thành phố Bắc Kạn, ngày tháng bảy năm hai nghìn không trăm hai mươi tư", true},
		{"Ủy ban Mặt trận Tổ quốc và các đoàn thể thành phố;", false},
		{"Các trường trung học cơ sở, tiểu học, mầm non thuộc thành phố.", false},
		{"Ngày mùng bốn tháng bảy năm hai nghìn không trăm hai mươi tư, Ủy ban nhân dân thành phố Bắc Kạn nhận được " +
			"Công văn số chín trăm linh bảy ngày mùng ba tháng bảy năm hai nghìn không trăm hai mươi tư của Sở Thông tin và " +
			"Truyền thông tỉnh Bắc Kạn về việc tăng cường tuyên truyền phòng ngừa tội phạm sử dụng công nghệ cao để lừa đảo " +
			"chiếm đoạt tài sản.", true},
		{"trong đó có sử dụng thủ đoạn Công nghệ Deepfake làm giả cuộc gọi video call nhằm lừa đảo chiếm đoạt tài sản của nạn nhân.", false},
		{"Từ tháng tư năm hai nghìn không trăm hai mươi, Trung tâm Giám sát an toàn không gian mạng quốc gia (Cục An toàn " +
			"thông tin, Bộ Thông tin và Truyền thông) đã đưa trang web không gian mạng chấm vê en đi vào hoạt động.", true},
		{"Hai. Trung tâm Văn hóa, Thể thao và Truyền thông thành phố:", false},
		{"Tuyên truyền về trang web không gian mạng chấm vê en và các phương thức", false},
		{"Với nội dung trên, các cơ quan, đơn vị triển khai thực hiện.", false},
		{"Chủ tịch, Phó Chủ tịch Ủy ban nhân dân thành phố (ông Trưởng);", true},
		{"Lưu: Văn thư, vê hát hát tê.", false},
		{"Thay mặt Ủy ban nhân dân", true},
		{"Ký thay Chủ tịch", true},
		{"Phó chủ tịch", false},
	}
	for _, w := range want {
		if !full && !w.inFallback {
			continue
		}
		if !strings.Contains(out, w.line) {
			t.Errorf("the spoken letter lacks %q", w.line)
		}
	}
	if got, wantLines := strings.Count(out, "\n"), strings.Count(letter, "\n"); got != wantLines {
		t.Errorf("%d lines out, %d in", got+1, wantLines+1)
	}
	for _, r := range out {
		if unicode.IsDigit(r) {
			t.Fatalf("a digit is left in the spoken letter: %q", r)
		}
	}
	for _, bad := range []string{"“", "”", "<", ">", "https", "/", "uỷ", "hoà", "UBND", "TP.", "KT."} {
		if strings.Contains(out, bad) {
			t.Errorf("the spoken letter still has %q", bad)
		}
	}
	// The long first sentence is flagged for the announcer.
	long := LongSentences(out, DefaultSentenceLimit)
	found := false
	for _, s := range long {
		if strings.HasPrefix(s.Text, "Ngày mùng bốn tháng bảy") {
			found = true
			if s.Syllables <= DefaultSentenceLimit {
				t.Errorf("flagged sentence has %d syllables", s.Syllables)
			}
		}
	}
	if !found {
		t.Errorf("the first sentence of the letter is not flagged as long: %+v", long)
	}
}
