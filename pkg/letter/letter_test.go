package letter

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"loa/pkg/i18n"
	"loa/pkg/notice"
)

const examplePath = "testdata/cong-van-ubnd-tp-bac-kan-2024-07.txt"

func readExample(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(examplePath)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// wantExample is the example letter, field by field. Its number and day are
// blank in the original.
var wantExample = Letter{
	Issuer:     "Ủy ban nhân dân thành phố Bắc Kạn",
	IssuerRaw:  "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ BẮC KẠN",
	Number:     "",
	NumberCode: "UBND-VHTT",
	Place:      "TP. Bắc Kạn",
	Day:        0,
	Month:      7,
	Year:       2024,
	Subject:    "tuyên truyền phòng ngừa tội phạm sử dụng công nghệ cao để lừa đảo chiếm đoạt tài sản",
	Recipients: []string{
		"Văn phòng Thành uỷ; các Ban xây dựng Đảng Thành uỷ",
		"UB MTTQ và các đoàn thể thành phố",
		"Các phòng, ban, ngành, đơn vị thành phố",
		"Ủy ban nhân dân các xã, phường",
		"Các trường THCS, tiểu học, mầm non thuộc thành phố",
	},
	SignerRole: []string{"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"},
	SignerName: "Lê Đăng Trường",
	CC:         []string{"Như trên", "CT, PCT UBND TP (Ô Trưởng)", "Lưu: VT, VHHT"},
	Encoding:   utf8Name,
	Missing:    []string{"number", "day"},
}

// checkExample compares every field of the example letter.
func checkExample(t *testing.T, l *Letter, wantEncoding string) {
	t.Helper()
	want := wantExample
	want.Encoding = wantEncoding
	got := *l
	body := got.Body
	got.Body = ""
	if !reflect.DeepEqual(got, want) {
		gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
		for i := 0; i < gv.NumField(); i++ {
			if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
				t.Errorf("%s = %#v, want %#v", gv.Type().Field(i).Name, gv.Field(i).Interface(), wv.Field(i).Interface())
			}
		}
	}
	if !strings.HasPrefix(body, "Ngày 04 tháng 7 năm 2024, Ủy ban nhân dân thành phố Bắc Kạn nhận được Công văn số 907/STTTT-CNTT-BCVT") {
		t.Errorf("body starts %q", firstN(body, 120))
	}
	if !strings.HasSuffix(body, "Với nội dung trên, các cơ quan, đơn vị triển khai thực hiện./.") {
		t.Errorf("body ends %q", lastN(body, 80))
	}
	if got, want := strings.Count(body, "\n\n")+1, 10; got != want {
		t.Errorf("body has %d paragraphs, want %d", got, want)
	}
	for _, bad := range []string{"Kính gửi", "Nơi nhận", "Lê Đăng Trường", "CỘNG HOÀ", "V/v"} {
		if strings.Contains(body, bad) {
			t.Errorf("body contains %q", bad)
		}
	}
}

func firstN(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

func lastN(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[len(r)-n:]
	}
	return string(r)
}

func TestExampleLetter(t *testing.T) {
	l, err := Parse("example.txt", readExample(t))
	if err != nil {
		t.Fatal(err)
	}
	checkExample(t, l, utf8Name)
	if got := l.Reference(); got != "/UBND-VHTT" {
		t.Errorf("Reference = %q", got)
	}
	if got := l.DateString(); got != "2024-07" {
		t.Errorf("DateString = %q", got)
	}
	if !l.IsMissing("number") || !l.IsMissing("day") || l.IsMissing("month") {
		t.Errorf("IsMissing wrong for %v", l.Missing)
	}
}

func TestExampleFromReadFile(t *testing.T) {
	l, err := ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	checkExample(t, l, utf8Name)
}

func TestExampleWindowsLineEndingsAndBOM(t *testing.T) {
	data := readExample(t)
	crlf := append([]byte("\xef\xbb\xbf"), []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))...)
	l, err := Parse("crlf.txt", crlf)
	if err != nil {
		t.Fatal(err)
	}
	checkExample(t, l, l.Encoding)
}

func TestExampleReport(t *testing.T) {
	l, err := Parse("example.txt", readExample(t))
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	texts := map[string]string{}
	for _, f := range l.Report() {
		if f.Missing {
			missing = append(missing, f.Field)
		}
		texts[f.Field] = f.Text.In(i18n.VI)
		if en := f.Text.In(i18n.EN); strings.HasPrefix(en, "letter.") || strings.Contains(en, "%!") {
			t.Errorf("finding %s renders badly in English: %q", f.Field, en)
		}
		if vi := f.Text.In(i18n.VI); strings.HasPrefix(vi, "letter.") || strings.Contains(vi, "%!") {
			t.Errorf("finding %s renders badly in Vietnamese: %q", f.Field, vi)
		}
	}
	if !reflect.DeepEqual(missing, []string{"number", "day"}) {
		t.Errorf("missing findings = %v, want [number day]", missing)
	}
	if !strings.Contains(texts["number"], "để trống") || !strings.Contains(texts["number"], "UBND-VHTT") {
		t.Errorf("number finding = %q", texts["number"])
	}
	if !strings.Contains(texts["day"], "để trống") || !strings.Contains(texts["day"], "tháng 7 năm 2024") {
		t.Errorf("day finding = %q", texts["day"])
	}
	if !strings.Contains(texts["signer"], "Lê Đăng Trường") {
		t.Errorf("signer finding = %q", texts["signer"])
	}
}

func TestExampleNotice(t *testing.T) {
	l, err := Parse("example.txt", readExample(t))
	if err != nil {
		t.Fatal(err)
	}
	n := l.Notice("")
	if n.ID != "tuyen-truyen-phong-ngua-toi-pham-su-dung-cong" {
		t.Errorf("id = %q", n.ID)
	}
	if n.Title != "Tuyên truyền phòng ngừa tội phạm sử dụng công nghệ cao để lừa đảo chiếm đoạt tài sản" {
		t.Errorf("title = %q", n.Title)
	}
	if n.Priority != notice.Normal || !reflect.DeepEqual(n.Wards, []string{"all"}) {
		t.Errorf("priority %q wards %v", n.Priority, n.Wards)
	}
	if !n.ValidFrom.IsZero() || !n.ValidUntil.IsZero() {
		t.Errorf("validity %s..%s, want empty (the day is blank)", n.ValidFrom, n.ValidUntil)
	}
	wantSource := notice.Source{Issuer: "Ủy ban nhân dân thành phố Bắc Kạn", Number: "/UBND-VHTT", Date: "2024-07"}
	if n.Source != wantSource {
		t.Errorf("source = %+v, want %+v", n.Source, wantSource)
	}
	if n.ApprovedBy != "" || n.ApprovedHash != "" || n.Approved() {
		t.Error("a draft must not be approved")
	}
	body := n.Body
	for _, bad := range []string{"<https", "./.", "\n\n1. ", "\n\n2. ", "\n\n3. ", "Kính gửi", "Nơi nhận", "TM.", "Lê Đăng Trường"} {
		if strings.Contains(body, bad) {
			t.Errorf("notice body contains %q", bad)
		}
	}
	for _, want := range []string{
		"tự bảo vệ tài sản và tổ giác với cơ quan chức năng khi phát hiện",
		"đã đưa trang web https://khonggianmang.vn/ đi vào hoạt động",
		"\n\nỦy ban nhân dân các xã, phường:\n\nChỉ đạo bộ phận",
		"\n\nTrung tâm Văn hoá, Thể thao và Truyền thông thành phố:\n\nTuyên truyền",
		"triển khai thực hiện.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("notice body lacks %q", want)
		}
	}
	if got := strings.Count(body, "\n\n") + 1; got != 9 {
		t.Errorf("notice body has %d paragraphs, want 9 (the broken one joined)", got)
	}
	// The draft is a valid notice file that reads back the same.
	back, err := notice.Parse("draft.md", Format(n))
	if err != nil {
		t.Fatalf("the draft does not parse: %v\n%s", err, Format(n))
	}
	if msg := sameNotice(n, back); msg != "" {
		t.Error(msg)
	}
	if _, err := back.Text(nil); err != nil {
		t.Errorf("draft body is not a valid template: %v", err)
	}
}

func TestNoticeWithFullDate(t *testing.T) {
	l := &Letter{Subject: "cảnh báo lừa đảo", Day: 4, Month: 7, Year: 2024, Body: "Nội dung {{ không phải mẫu }}.", Number: "12", NumberCode: "UBND-VHTT"}
	n := l.Notice("canh-bao")
	if n.ValidFrom.String() != "2024-07-04" || n.Source.Date != "2024-07-04" || n.Source.Number != "12/UBND-VHTT" {
		t.Errorf("from %s source %+v", n.ValidFrom, n.Source)
	}
	back, err := notice.Parse("x.md", Format(n))
	if err != nil {
		t.Fatal(err)
	}
	text, err := back.Text(nil)
	if err != nil {
		t.Fatalf("escaped braces: %v", err)
	}
	if text != "Nội dung {{ không phải mẫu }}." {
		t.Errorf("text = %q", text)
	}
}

func TestNoticeWithoutSubject(t *testing.T) {
	n := (&Letter{Issuer: "Công an tỉnh Bắc Kạn", Body: "Cảnh báo."}).Notice("")
	if n.Title != "Công văn của Công an tỉnh Bắc Kạn" || n.ID != "cong-van-cua-cong-an-tinh-bac-kan" {
		t.Errorf("title %q id %q", n.Title, n.ID)
	}
}

// layouts are letters laid out in the other ways text extraction produces.
var layouts = []struct {
	name string
	text string
	want Letter // compared field by field where non-zero
	body []string
}{
	{
		name: "two columns on one line",
		text: "UBND TỈNH BẮC KẠN\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n" +
			"SỞ THÔNG TIN VÀ TRUYỀN THÔNG\t\tĐộc lập - Tự do - Hạnh phúc\n" +
			"Số: 907/STTTT-CNTT-BCVT\t\tBắc Kạn, ngày 03 tháng 7 năm 2024\n" +
			"V/v tăng cường tuyên truyền phòng ngừa\ntội phạm công nghệ cao\n\n" +
			"Kính gửi: Ủy ban nhân dân các huyện, thành phố.\n\n" +
			"Sở Thông tin và Truyền thông đề nghị tuyên truyền.\n\n" +
			"Nơi nhận:          GIÁM ĐỐC\n- Như trên;\n- Lưu: VT.          Nguyễn Văn An\n",
		want: Letter{
			Issuer: "Sở Thông tin và Truyền thông tỉnh Bắc Kạn", Number: "907", NumberCode: "STTTT-CNTT-BCVT",
			Place: "Bắc Kạn", Day: 3, Month: 7, Year: 2024,
			Subject:    "tăng cường tuyên truyền phòng ngừa tội phạm công nghệ cao",
			Recipients: []string{"Ủy ban nhân dân các huyện, thành phố"},
			SignerRole: []string{"GIÁM ĐỐC"}, SignerName: "Nguyễn Văn An", CC: []string{"Như trên", "Lưu: VT"},
		},
		body: []string{"Sở Thông tin và Truyền thông đề nghị tuyên truyền."},
	},
	{
		name: "PDF text: subject beside the date, blank day as spaces",
		text: "ỦY BAN NHÂN DÂN                       CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n" +
			"THÀNH PHỐ BẮC KẠN                     Độc lập - Tự do - Hạnh phúc\n\n" +
			"Số:    /UBND-VHTT\n" +
			"V/v tuyên truyền phòng ngừa tội phạm          TP. Bắc Kạn, ngày      tháng 7 năm 2024\n" +
			"sử dụng công nghệ cao\n\n" +
			"Kính gửi:   - Ủy ban nhân dân các xã, phường;\n              - Các trường THCS.\n\n" +
			"Nội dung.\n\n" +
			"Nơi nhận:                                   TM. ỦY BAN NHÂN DÂN\n" +
			"- Như trên;                                 KT. CHỦ TỊCH\n" +
			"- Lưu: VT.                                  PHÓ CHỦ TỊCH\n\n" +
			"                                            Lê Đăng Trường\n",
		want: Letter{
			Issuer: "Ủy ban nhân dân thành phố Bắc Kạn", NumberCode: "UBND-VHTT", Place: "TP. Bắc Kạn", Month: 7, Year: 2024,
			Subject:    "tuyên truyền phòng ngừa tội phạm sử dụng công nghệ cao",
			Recipients: []string{"Ủy ban nhân dân các xã, phường", "Các trường THCS"},
			SignerRole: []string{"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"}, SignerName: "Lê Đăng Trường",
			CC: []string{"Như trên", "Lưu: VT"},
		},
		body: []string{"Nội dung."},
	},
	{
		name: "word table order",
		text: "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐỨC XUÂN\n______\nSố: 15/UBND\nV/v phòng chống lừa đảo\nqua điện thoại\n" +
			"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n____________\nĐức Xuân, ngày 5 tháng 8 năm 2024\n" +
			"Kính gửi:\nCác tổ dân phố\n\nĐề nghị các tổ dân phố thông báo.\n" +
			"TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nTrần Thị Bình\nNơi nhận:\n- Như trên;\n- Lưu VT.\n",
		want: Letter{
			Issuer: "Ủy ban nhân dân phường Đức Xuân", Number: "15", NumberCode: "UBND",
			Place: "Đức Xuân", Day: 5, Month: 8, Year: 2024, Subject: "phòng chống lừa đảo qua điện thoại",
			Recipients: []string{"Các tổ dân phố"},
			SignerRole: []string{"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"}, SignerName: "Trần Thị Bình",
			CC: []string{"Như trên", "Lưu VT"},
		},
		body: []string{"Đề nghị các tổ dân phố thông báo."},
	},
	{
		name: "no recipients, signature without markers",
		text: "CÔNG AN TỈNH BẮC KẠN\n\nSố: …/CAT-PV01\n\nBắc Kạn, ngày … tháng … năm 2024\n\nTHÔNG BÁO\nVề việc cảnh giác lừa đảo\n\n" +
			"Thời gian qua xuất hiện nhiều thủ đoạn\nlừa đảo mới.\n\nĐề nghị Nhân dân cảnh giác.\n\nGIÁM ĐỐC\n\nĐại tá Hoàng Văn Cường\n",
		want: Letter{
			Issuer: "Công an tỉnh Bắc Kạn", NumberCode: "CAT-PV01", Place: "Bắc Kạn", Year: 2024,
			Subject: "cảnh giác lừa đảo", SignerRole: []string{"GIÁM ĐỐC"}, SignerName: "Đại tá Hoàng Văn Cường",
		},
		body: []string{"Thời gian qua xuất hiện nhiều thủ đoạn\nlừa đảo mới.", "Đề nghị Nhân dân cảnh giác."},
	},
	{
		name: "plain text without header",
		text: "Bà con chú ý cảnh giác với cuộc gọi giả danh công an.\n\nKhông chuyển tiền cho người lạ.",
		want: Letter{},
		body: []string{"Bà con chú ý cảnh giác với cuộc gọi giả danh công an.", "Không chuyển tiền cho người lạ."},
	},
	{
		name: "recipient items wrapped over two lines",
		text: "ỦY BAN NHÂN DÂN HUYỆN BẠCH THÔNG\nSố: 20/UBND-VP\nBạch Thông, ngày 10 tháng 9 năm 2024\n" +
			"Kính gửi:\n- Phòng Văn hóa và Thông tin huyện, Trung tâm\nvăn hóa thể thao;\n- Ủy ban nhân dân các xã.\n\n" +
			"Ngày 10 tháng 9 năm 2024, huyện nhận được công văn.\nĐề nghị thực hiện./.\n" +
			"KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nPhạm Thu Hà",
		want: Letter{
			Issuer: "Ủy ban nhân dân huyện Bạch Thông", Number: "20", NumberCode: "UBND-VP",
			Place: "Bạch Thông", Day: 10, Month: 9, Year: 2024,
			Recipients: []string{"Phòng Văn hóa và Thông tin huyện, Trung tâm văn hóa thể thao", "Ủy ban nhân dân các xã"},
			SignerRole: []string{"KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"}, SignerName: "Phạm Thu Hà",
		},
		body: []string{"Ngày 10 tháng 9 năm 2024, huyện nhận được công văn.\nĐề nghị thực hiện./."},
	},
}

func TestLayouts(t *testing.T) {
	for _, tc := range layouts {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Parse(tc.name, []byte(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			gv, wv := reflect.ValueOf(*l), reflect.ValueOf(tc.want)
			for i := 0; i < wv.NumField(); i++ {
				name := wv.Type().Field(i).Name
				switch name {
				case "IssuerRaw", "Body", "Encoding", "Missing":
					continue
				}
				if w := wv.Field(i); !w.IsZero() || !gv.Field(i).IsZero() {
					if !reflect.DeepEqual(gv.Field(i).Interface(), w.Interface()) {
						t.Errorf("%s = %#v, want %#v", name, gv.Field(i).Interface(), w.Interface())
					}
				}
			}
			if got := strings.Split(l.Body, "\n\n"); !reflect.DeepEqual(got, tc.body) {
				t.Errorf("body paragraphs = %q, want %q", got, tc.body)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		data string
		want error
	}{
		{"empty", "", ErrEmpty},
		{"only spaces", " \n\t\n", ErrEmpty},
		{"header only", "ỦY BAN NHÂN DÂN\nSố: 1/UBND\nHà Nội, ngày 1 tháng 1 năm 2024\n", ErrNoBody},
		{"too large", strings.Repeat("a", MaxTextSize+1), ErrTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.txt", []byte(tc.data))
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var le *Error
			if !errors.As(err, &le) || le.File != "x.txt" {
				t.Fatalf("error %v does not name the file", err)
			}
			for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
				if msg := le.Localize(lang); !strings.HasPrefix(msg, "x.txt: ") || strings.Contains(msg, "letter.") {
					t.Errorf("%s message = %q", lang, msg)
				}
			}
		})
	}
}

func TestReadFileUnsupported(t *testing.T) {
	for _, name := range []string{"a.pdf", "a.doc", "noext"} {
		_, err := ReadFile(filepath.Join(t.TempDir(), name))
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: err = %v, want ErrUnsupported", name, err)
		}
	}
	_, err := ReadFile(filepath.Join(t.TempDir(), "missing.txt"))
	if !errors.Is(err, ErrRead) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestProperIssuer(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  string
	}{
		{"example", []string{"ỦY BAN NHÂN DÂN", "THÀNH PHỐ BẮC KẠN"}, "Ủy ban nhân dân thành phố Bắc Kạn"},
		{"department under parent", []string{"UBND TỈNH BẮC KẠN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"}, "Sở Thông tin và Truyền thông tỉnh Bắc Kạn"},
		{"police", []string{"CÔNG AN TỈNH BẮC KẠN"}, "Công an tỉnh Bắc Kạn"},
		{"centre with comma parts", []string{"UBND THÀNH PHỐ BẮC KẠN", "TRUNG TÂM VĂN HÓA, THỂ THAO VÀ TRUYỀN THÔNG"}, "Trung tâm Văn hóa, Thể thao và Truyền thông thành phố Bắc Kạn"},
		{"office keeps acronym", []string{"VĂN PHÒNG UBND TỈNH"}, "Văn phòng UBND tỉnh"},
		{"TP abbreviation", []string{"UBND TP. BẮC KẠN"}, "UBND TP. Bắc Kạn"},
		{"ward", []string{"ỦY BAN NHÂN DÂN PHƯỜNG SÔNG CẦU"}, "Ủy ban nhân dân phường Sông Cầu"},
		{"social insurance is not a commune", []string{"BẢO HIỂM XÃ HỘI TỈNH BẮC KẠN"}, "Bảo hiểm xã hội tỉnh Bắc Kạn"},
		{"people's council acronym", []string{"HĐND HUYỆN CHỢ MỚI"}, "HĐND huyện Chợ Mới"},
		{"mixed case kept", []string{"Ủy ban nhân dân xã Dương Quang"}, "Ủy ban nhân dân xã Dương Quang"},
		{"ministry", []string{"BỘ THÔNG TIN VÀ TRUYỀN THÔNG"}, "Bộ Thông tin và Truyền thông"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := properIssuer(tc.lines); got != tc.want {
				t.Errorf("properIssuer(%q) = %q, want %q", tc.lines, got, tc.want)
			}
		})
	}
}

func TestSuggestID(t *testing.T) {
	cases := []struct{ name, title, want string }{
		{"example", "Tuyên truyền phòng ngừa tội phạm sử dụng công nghệ cao để lừa đảo chiếm đoạt tài sản", "tuyen-truyen-phong-ngua-toi-pham-su-dung-cong"},
		{"short", "Cảnh giác Deepfake!", "canh-giac-deepfake"},
		{"d with stroke", "Đường dây nóng 113", "duong-day-nong-113"},
		{"punctuation only", "—!?", "cong-van"},
		{"one long word", strings.Repeat("a", 80), strings.Repeat("a", MaxIDLength)},
		{"decomposed input", "Ca\u0309nh ba\u0301o", "canh-bao"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := SuggestID(tc.title)
			if got != tc.want {
				t.Errorf("SuggestID(%q) = %q, want %q", tc.title, got, tc.want)
			}
			if len(got) > MaxIDLength {
				t.Errorf("id %q longer than %d", got, MaxIDLength)
			}
		})
	}
}

func TestReadAloud(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"numbered heading gets a colon", "1. Các phòng, ban\n\nThực hiện ngay.", "Các phòng, ban:\n\nThực hiện ngay."},
		{"last item gets a full stop", "a) Không chuyển tiền\nb) Không đưa mã OTP;", "Không chuyển tiền.\n\nKhông đưa mã OTP."},
		{"broken paragraph joined", "tự bảo vệ tài sản và tổ giác với\n\ncơ quan chức năng.", "tự bảo vệ tài sản và tổ giác với cơ quan chức năng."},
		{"hard wrap joined", "Bà con\ncảnh giác.", "Bà con cảnh giác."},
		{"capital after break stays apart", "Thông báo\n\nBà con chú ý.", "Thông báo\n\nBà con chú ý."},
		{"angle URL", "trang <https://khonggianmang.vn/> nhé.", "trang https://khonggianmang.vn/ nhé."},
		{"markdown link", "vào [khonggianmang.vn](https://khonggianmang.vn) nhé.", "vào khonggianmang.vn nhé."},
		{"closing mark", "Đề nghị thực hiện./.", "Đề nghị thực hiện."},
		{"template braces escaped", "a {{ b }}", `a {{"{{"}} b }}`},
		{"roman numeral and emphasis", "II. **MỤC ĐÍCH**\n\nNâng cao nhận thức.", "MỤC ĐÍCH:\n\nNâng cao nhận thức."},
		{"date is not a list marker", "03/7/2024 là ngày ban hành.", "03/7/2024 là ngày ban hành."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReadAloud(tc.in); got != tc.want {
				t.Errorf("ReadAloud(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMessagesComplete(t *testing.T) {
	for _, k := range i18n.Keys() {
		if !strings.HasPrefix(k, "letter.") {
			continue
		}
		vi, en, _ := i18n.Pair(k)
		if vi == "" || en == "" {
			t.Errorf("%s: empty text", k)
		}
		if strings.Count(vi, "%") != strings.Count(en, "%") {
			t.Errorf("%s: different numbers of verbs: %q / %q", k, vi, en)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(readExample(f))
	for _, tc := range layouts {
		f.Add([]byte(tc.text))
	}
	f.Add([]byte("Số: \nKính gửi:\n-\n- \nNơi nhận:\nTM.\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse("fuzz.txt", data)
		if err != nil {
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if l == nil {
				return
			}
		}
		_ = l.Report()
		n := l.Notice("")
		back, err := notice.Parse("fuzz.md", Format(n))
		if err != nil {
			t.Fatalf("draft does not parse: %v\n%s", err, Format(n))
		}
		if msg := sameNotice(n, back); msg != "" {
			t.Fatal(msg)
		}
	})
}

func TestSplitSegments(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"ỦY BAN NHÂN DÂN", []string{"ỦY BAN NHÂN DÂN"}},
		{"a  b", []string{"a  b"}},
		{"a   b", []string{"a", "b"}},
		{"Số: 1/UBND\tBắc Kạn, ngày 1 tháng 1 năm 2024", []string{"Số: 1/UBND", "Bắc Kạn, ngày 1 tháng 1 năm 2024"}},
		{"a\t\t \u00a0 b   ", []string{"a", "b"}},
		{"", nil},
	}
	for _, tc := range cases {
		if got := splitSegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitSegments(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestExampleCopyMatchesShared(t *testing.T) {
	shared, err := os.ReadFile("../../../shared/examples/cong-van-ubnd-tp-bac-kan-2024-07.txt")
	if err != nil {
		t.Skipf("shared example not found beside the repository (%v); the copy in testdata is used", err)
	}
	if !bytes.Equal(shared, readExample(t)) {
		t.Errorf("%s differs from the shared example", examplePath)
	}
}
