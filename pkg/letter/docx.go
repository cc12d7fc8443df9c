package letter

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"loa/pkg/vntext"
)

// Limits of the .docx reader. A file over any of them is refused before
// anything is decompressed (ErrZipBomb, ErrTooLarge), or while the XML is
// read (ErrTooDeep, ErrTooLarge).
const (
	// MaxDOCXSize is the largest .docx file accepted, compressed.
	MaxDOCXSize = 50 << 20
	// MaxDOCXTotal caps the sum of the declared uncompressed sizes of all entries.
	MaxDOCXTotal = 50 << 20
	// MaxDOCXEntry caps the uncompressed size of any one entry.
	MaxDOCXEntry = 20 << 20
	// MaxDOCXEntries caps the number of entries in the archive.
	MaxDOCXEntries = 1000
	// MaxDOCXRatio caps the compression ratio of an entry larger than
	// docxRatioFloor; real Word XML compresses about 5 to 30 times.
	MaxDOCXRatio = 100
	// MaxXMLDepth caps the nesting of elements in the document XML.
	MaxXMLDepth = 256

	docxRatioFloor = 1 << 20
	docxMain       = "word/document.xml"
)

// The WordprocessingML namespaces: transitional and strict.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// ParseDOCX reads a letter from a Word document (.docx) of size bytes.
// Paragraphs become lines, w:t texts are joined, w:tab becomes a tab and
// w:br a line break; the text is then read as Parse reads a text file. name
// is used in errors.
func ParseDOCX(name string, r io.ReaderAt, size int64) (*Letter, error) {
	text, err := DOCXText(name, r, size)
	if err != nil {
		return nil, err
	}
	text, enc := recoverLegacyFont(text)
	return parseText(name, text, enc)
}

// DOCXText returns the text of the main document of a .docx, NFC, one
// paragraph per line, checking the archive against the limits above.
func DOCXText(name string, r io.ReaderAt, size int64) (string, error) {
	if size > MaxDOCXSize {
		return "", newError(name, ErrTooLarge, nil, "letter.too_large", MaxDOCXSize>>20)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return "", newError(name, ErrDOCX, err, "letter.docx_not_zip", err.Error())
	}
	if len(zr.File) > MaxDOCXEntries {
		return "", newError(name, ErrZipBomb, nil, "letter.docx_entries", len(zr.File), MaxDOCXEntries)
	}
	var total uint64
	var main *zip.File
	for _, f := range zr.File {
		u, c := f.UncompressedSize64, f.CompressedSize64
		if u > MaxDOCXEntry {
			return "", newError(name, ErrZipBomb, nil, "letter.docx_entry_size", f.Name, u>>20, MaxDOCXEntry>>20)
		}
		total += u
		if total > MaxDOCXTotal {
			return "", newError(name, ErrZipBomb, nil, "letter.docx_total_size", MaxDOCXTotal>>20)
		}
		if u > docxRatioFloor && u/max(c, 1) > MaxDOCXRatio {
			return "", newError(name, ErrZipBomb, nil, "letter.docx_ratio", f.Name, u/max(c, 1), MaxDOCXRatio)
		}
		if f.Name == docxMain {
			main = f
		}
	}
	if main == nil {
		return "", newError(name, ErrDOCX, nil, "letter.docx_no_document", docxMain)
	}
	rc, err := main.Open()
	if err != nil {
		return "", newError(name, ErrDOCX, err, "letter.docx_bad_entry", docxMain, err.Error())
	}
	defer rc.Close()
	cr := &countReader{r: io.LimitReader(rc, MaxDOCXEntry+1)}
	text, err := documentText(cr)
	if err != nil {
		var le *Error
		if errors.As(err, &le) {
			le.File = name
			return "", le
		}
		if errors.Is(err, zip.ErrFormat) { // archive/zip: more data than the declared size
			return "", newError(name, ErrZipBomb, err, "letter.docx_size_lie", docxMain, main.UncompressedSize64)
		}
		return "", newError(name, ErrDOCX, err, "letter.docx_bad_xml", docxMain, err.Error())
	}
	if cr.n > MaxDOCXEntry {
		return "", newError(name, ErrZipBomb, nil, "letter.docx_entry_size", docxMain, cr.n>>20, MaxDOCXEntry>>20)
	}
	return vntext.NFC(text), nil
}

type countReader struct {
	r io.Reader
	n uint64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += uint64(n)
	return n, err
}

// documentText walks word/document.xml and collects its text.
func documentText(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	var b strings.Builder
	depth := 0
	skipFrom := 0 // depth at which a skipped subtree started, 0: none
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > MaxXMLDepth {
				return "", newError("", ErrTooDeep, nil, "letter.docx_too_deep", MaxXMLDepth)
			}
			if skipFrom > 0 {
				continue
			}
			if t.Name.Space == nsMC && t.Name.Local == "Fallback" {
				skipFrom = depth // the same content as mc:Choice, again
				continue
			}
			if t.Name.Space != nsW && t.Name.Space != nsWStrict {
				continue
			}
			switch t.Name.Local {
			case "pPr", "rPr", "sectPr", "instrText", "delText", "tblPr", "trPr", "tcPr", "footnotePr", "endnotePr":
				skipFrom = depth
			case "t":
				inText = true
			case "tab", "ptab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			case "noBreakHyphen":
				b.WriteByte('-')
			}
		case xml.EndElement:
			if skipFrom > 0 {
				if depth == skipFrom {
					skipFrom = 0
				}
				depth--
				continue
			}
			depth--
			if t.Name.Space == nsW || t.Name.Space == nsWStrict {
				switch t.Name.Local {
				case "t":
					inText = false
				case "p":
					b.WriteByte('\n')
				}
			}
		case xml.CharData:
			if inText && skipFrom == 0 {
				b.Write(t)
			}
		case xml.Directive:
			return "", newError("", ErrDOCX, nil, "letter.docx_dtd")
		}
		if b.Len() > MaxTextSize {
			return "", newError("", ErrTooLarge, nil, "letter.too_large", MaxTextSize>>20)
		}
	}
	return b.String(), nil
}

// recoverLegacyFont handles documents typed with a legacy Vietnamese font
// (.VnTime for TCVN3, VNI-Times for VNI): Word stores their 8-bit codes as
// the Windows-1252 characters of the same bytes, so the text reads as
// mojibake ("Th«ng b¸o"). vntext.Decode repairs such text and names the
// encoding it came from; Unicode text comes back as it is, in NFC.
func recoverLegacyFont(text string) (string, string) {
	dec, enc, err := vntext.Decode([]byte(text))
	if err != nil {
		return vntext.NFC(text), string(vntext.UTF8)
	}
	return dec, string(enc)
}
