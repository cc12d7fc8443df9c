package letter

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

// xmlText escapes s for XML character data.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// run is one w:r with formatting, as Word writes it.
func run(text string) string {
	return `<w:r><w:rPr><w:rFonts w:ascii="Times New Roman"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">` + xmlText(text) + `</w:t></w:r>`
}

// para is a w:p of runs; "\n" inside a run text becomes a w:br.
func para(runs ...string) string {
	var b strings.Builder
	b.WriteString(`<w:p><w:pPr><w:jc w:val="both"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>`)
	for _, r := range runs {
		for i, part := range strings.Split(r, "\n") {
			if i > 0 {
				b.WriteString(`<w:r><w:br/></w:r>`)
			}
			b.WriteString(run(part))
		}
	}
	b.WriteString(`</w:p>`)
	return b.String()
}

func table(cells ...[]string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tr>`)
	for _, c := range cells {
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="4500"/></w:tcPr>`)
		for _, p := range c {
			b.WriteString(para(p))
		}
		b.WriteString(`</w:tc>`)
	}
	b.WriteString(`</w:tr></w:tbl>`)
	return b.String()
}

func document(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document ` + wordNS + `><w:body>` + body + `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
}

type entry struct {
	name string
	data []byte
	// raw, when set, is written as is with this header (sizes may lie).
	raw *zip.FileHeader
}

func buildZip(tb testing.TB, entries []entry) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		var w interface{ Write([]byte) (int, error) }
		var err error
		if e.raw != nil {
			e.raw.Name = e.name
			w, err = zw.CreateRaw(e.raw)
		} else {
			w, err = zw.Create(e.name)
		}
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func buildDOCX(tb testing.TB, documentXML string, extra ...entry) []byte {
	tb.Helper()
	entries := []entry{
		{name: "[Content_Types].xml", data: []byte(contentTypes)},
		{name: "_rels/.rels", data: []byte(rootRels)},
		{name: "word/document.xml", data: []byte(documentXML)},
	}
	return buildZip(tb, append(entries, extra...))
}

// exampleDOCX lays the example letter out as Word does: the header and the
// footer as two-column tables, the rest as paragraphs.
func exampleDOCX(tb testing.TB) []byte {
	tb.Helper()
	lines := strings.Split(string(readExample(tb)), "\n")
	from, to := -1, -1
	for i, l := range lines {
		if strings.HasPrefix(l, "Kính gửi") {
			from = i
		}
		if strings.HasPrefix(l, "Nơi nhận") {
			to = i
		}
	}
	if from < 0 || to < 0 {
		tb.Fatal("example letter changed")
	}
	var body strings.Builder
	body.WriteString(table(
		[]string{"ỦY BAN NHÂN DÂN", "THÀNH PHỐ BẮC KẠN", "Số: /UBND-VHTT",
			"V/v tuyên truyền phòng ngừa tội phạm\nsử dụng công nghệ cao để lừa đảo chiếm\nđoạt tài sản"},
		[]string{"CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TP. Bắc Kạn, ngày tháng 7 năm 2024"},
	))
	for _, l := range lines[from:to] {
		if i := strings.Index(l, ", "); i > 0 && len(l) > 200 {
			body.WriteString(para(l[:i+2], l[i+2:])) // two runs
			continue
		}
		body.WriteString(para(l))
	}
	body.WriteString(table(
		[]string{"Nơi nhận:", "Gửi bản điện tử:", "- Như trên;", "- CT, PCT UBND TP (Ô Trưởng);", "- Lưu: VT, VHHT."},
		[]string{"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Lê Đăng Trường"},
	))
	return buildDOCX(tb, document(body.String()))
}

func TestExampleDOCX(t *testing.T) {
	data := exampleDOCX(t)
	l, err := ParseDOCX("example.docx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	checkExample(t, l, utf8Name)

	path := filepath.Join(t.TempDir(), "cong-van.docx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err = ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkExample(t, l, utf8Name)
}

func TestDOCXTextElements(t *testing.T) {
	body := `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:rPr><w:b/></w:rPr></w:pPr>` +
		`<w:r><w:t>Một</w:t></w:r><w:r><w:tab/><w:t>hai</w:t></w:r><w:r><w:br/><w:t xml:space="preserve"> ba </w:t></w:r>` +
		`<w:r><w:t>số</w:t><w:noBreakHyphen/><w:t>1</w:t></w:r>` +
		`<w:del><w:r><w:delText>đã xóa</w:delText></w:r></w:del>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r>` +
		`<w:hyperlink><w:r><w:t>liên kết</w:t></w:r></w:hyperlink>` +
		`<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>[hộp]</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>[hộp]</w:t></w:r></mc:Fallback></mc:AlternateContent>` +
		`</w:p><w:p/><w:p><w:r><w:t>Cuối</w:t><w:cr/><w:t>cùng</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>Tổ hợp: Ca` + "\u0309" + `nh</w:t></w:r></w:p>`
	data := buildDOCX(t, document(body))
	got, err := DOCXText("t.docx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := "Một\thai\n ba số-1liên kết[hộp]\n\nCuối\ncùng\nTổ hợp: Cảnh\n"
	if got != want {
		t.Errorf("DOCXText = %q, want %q", got, want)
	}
}

func TestDOCXRefused(t *testing.T) {
	zeros := func(n int) []byte { return make([]byte, n) }
	deflated := func(data []byte) []byte {
		var b bytes.Buffer
		w, err := flate.NewWriter(&b, flate.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	deep := `<?xml version="1.0"?><w:document ` + wordNS + `><w:body>` +
		strings.Repeat("<w:p>", MaxXMLDepth) + strings.Repeat("</w:p>", MaxXMLDepth) + `</w:body></w:document>`
	many := make([]entry, MaxDOCXEntries+1)
	for i := range many {
		many[i] = entry{name: fmt.Sprintf("word/media/x%d.xml", i), data: []byte("x")}
	}
	bombData := deflated(zeros(1 << 20))
	cases := []struct {
		name string
		data func(t *testing.T) []byte
		want error
		key  string
	}{
		{"large compressible entry", func(t *testing.T) []byte {
			return buildDOCX(t, document(para("a")), entry{name: "word/media/pad.bin", data: zeros(MaxDOCXEntry + 1)})
		}, ErrZipBomb, "letter.docx_entry_size"},
		{"high compression ratio", func(t *testing.T) []byte {
			return buildDOCX(t, document(para("a")), entry{name: "word/media/pad.bin", data: zeros(4 << 20)})
		}, ErrZipBomb, "letter.docx_ratio"},
		{"declared sizes over the total", func(t *testing.T) []byte {
			var es []entry
			for i := 0; i < 3; i++ {
				es = append(es, entry{name: fmt.Sprintf("word/media/big%d.bin", i), data: []byte("x"),
					raw: &zip.FileHeader{Method: zip.Store, UncompressedSize64: MaxDOCXEntry - 1, CompressedSize64: MaxDOCXEntry - 1}})
			}
			return buildDOCX(t, document(para("a")), es...)
		}, ErrZipBomb, "letter.docx_total_size"},
		{"entry lies about its size", func(t *testing.T) []byte {
			return buildZip(t, []entry{{name: "word/document.xml", data: bombData,
				raw: &zip.FileHeader{Method: zip.Deflate, UncompressedSize64: 1000, CompressedSize64: uint64(len(bombData))}}})
		}, ErrZipBomb, "letter.docx_size_lie"},
		{"too many entries", func(t *testing.T) []byte {
			return buildDOCX(t, document(para("a")), many...)
		}, ErrZipBomb, "letter.docx_entries"},
		{"deep nesting", func(t *testing.T) []byte { return buildDOCX(t, deep) }, ErrTooDeep, "letter.docx_too_deep"},
		{"doctype with entities", func(t *testing.T) []byte {
			return buildDOCX(t, `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]><w:document `+wordNS+`><w:body>`+para("&b;")+`</w:body></w:document>`)
		}, ErrDOCX, "letter.docx_dtd"},
		{"not a zip", func(t *testing.T) []byte { return []byte("PK\x03\x04 this is not a zip") }, ErrDOCX, "letter.docx_not_zip"},
		{"no document part", func(t *testing.T) []byte {
			return buildZip(t, []entry{{name: "[Content_Types].xml", data: []byte(contentTypes)}})
		}, ErrDOCX, "letter.docx_no_document"},
		{"broken xml", func(t *testing.T) []byte { return buildDOCX(t, "<w:document "+wordNS+"><w:body><w:p>") }, ErrDOCX, "letter.docx_bad_xml"},
		{"no text", func(t *testing.T) []byte { return buildDOCX(t, document("<w:p/>")) }, ErrEmpty, "letter.empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data(t)
			_, err := ParseDOCX("bomb.docx", bytes.NewReader(data), int64(len(data)))
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var le *Error
			if !errors.As(err, &le) || le.File != "bomb.docx" || le.Text.Key != tc.key {
				t.Fatalf("err = %#v, want an *Error naming the file with key %s", err, tc.key)
			}
			if msg := le.Localize("vi"); strings.Contains(msg, "%!") || strings.Contains(msg, "letter.") {
				t.Errorf("message = %q", msg)
			}
		})
	}
}

func TestDOCXTooLargeFile(t *testing.T) {
	_, err := ParseDOCX("huge.docx", bytes.NewReader(nil), MaxDOCXSize+1)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
}

func FuzzParseDOCX(f *testing.F) {
	f.Add(buildDOCX(f, document(para("ỦY BAN NHÂN DÂN")+para("Số: 1/UBND")+para("Kính gửi: A")+para("Nội dung."))))
	f.Add(buildDOCX(f, document(`<w:p><w:r><w:tab/><w:br/><w:t>x</w:t></w:r></w:p>`)))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseDOCX("fuzz.docx", bytes.NewReader(data), int64(len(data)))
		if err == nil && l == nil {
			t.Fatal("nil letter without error")
		}
		if err != nil {
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("error %v is not an *Error", err)
			}
		}
	})
}

func FuzzDocumentXML(f *testing.F) {
	f.Add(document(para("Một", "hai") + table([]string{"a"}, []string{"b"})))
	f.Add(`<w:document ` + wordNS + `><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>`)
	f.Fuzz(func(t *testing.T, xmlText string) {
		text, err := documentText(strings.NewReader(xmlText))
		if err == nil && len(text) > MaxTextSize {
			t.Fatal("text over the limit")
		}
	})
}
