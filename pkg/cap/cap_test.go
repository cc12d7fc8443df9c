package cap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

// requireTool skips the test when an outside tool is missing, except under
// CI=true where a missing tool fails it.
func requireTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is required under CI=true but was not found: %v", name, err)
		}
		tb.Skipf("%s not installed; skipping the schema validation", name)
	}
	return p
}

// schemaShared is the OASIS CAP 1.2 schema in shared/, beside the
// repository (it is not copied into it).
const schemaShared = "../../../shared/schemas/CAP-v1.2.xsd"

// validate runs xmllint against the CAP 1.2 schema. Without the schema the
// test is skipped, except under CI=true where shared/ is always beside the
// checkout.
func validate(t *testing.T, doc []byte) {
	t.Helper()
	xmllint := requireTool(t, "xmllint")
	if _, err := os.Stat(schemaShared); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CAP schema missing under CI=true: %v", err)
		}
		t.Skipf("CAP schema not found beside the repository (%v)", err)
	}
	path := filepath.Join(t.TempDir(), "alert.xml")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, xsd := range []string{schemaShared} {
		out, err := exec.Command(xmllint, "--noout", "--schema", xsd, path).CombinedOutput()
		if err != nil {
			t.Fatalf("xmllint --schema %s: %v\n%s\ndocument:\n%s", xsd, err, out, doc)
		}
	}
}

func date(s string) notice.Date {
	d, err := notice.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

var (
	testAreas = map[string]Area{
		"all":      {Desc: "Thành phố Bắc Kạn", Geocodes: []Geocode{{Name: "VN-DVHC", Value: "058"}}},
		"duc-xuan": {Desc: "Phường Đức Xuân", Geocodes: []Geocode{{Name: "VN-DVHC", Value: "01834"}}},
		"song-cau": {Desc: "Phường Sông Cầu"},
		"xuat-hoa": {Desc: "Phường Xuất Hóa"},
	}
	testNow  = time.Date(2024, 7, 3, 1, 30, 0, 0, time.UTC) // 08:30 in Bắc Kạn
	testOpts = ExportOptions{
		Sender: "dai-truyen-thanh@backan.gov.vn", SenderName: "Đài truyền thanh thành phố Bắc Kạn",
		Now: testNow, Areas: testAreas, AllWards: []string{"duc-xuan", "song-cau", "xuat-hoa"},
	}
)

func deepfake() *notice.Notice {
	return &notice.Notice{
		ID: "deepfake-video-call", Title: "Cảnh giác thủ đoạn giả mạo cuộc gọi video bằng công nghệ Deepfake",
		Tactic: "deepfake", Priority: notice.High, ValidFrom: date("2024-07-04"), ValidUntil: date("2024-12-31"),
		Wards:  []string{"all"},
		Source: notice.Source{Issuer: "UBND thành phố Bắc Kạn", Number: "/UBND-VHTT", Date: "2024-07"},
		Body:   "Bà con gọi {{ hotline \"canh-sat\" }} khi nghi ngờ.\n\nVào trang {{ site \"web\" }}.",
	}
}

var hotlines = []config.Hotline{{ID: "canh-sat", Number: "113"}, {ID: "web", Site: "khonggianmang.vn"}}

// roundTrips are notices that must come back the same through Export and Parse.
var roundTrips = []struct {
	name   string
	notice func() *notice.Notice
	opts   func(ExportOptions) ExportOptions
}{
	{"design example", deepfake, nil},
	{"emergency for two wards", func() *notice.Notice {
		n := deepfake()
		n.ID, n.Priority, n.Wards = "khan", notice.Emergency, []string{"duc-xuan", "song-cau"}
		return n
	}, nil},
	{"normal without validity or tactic", func() *notice.Notice {
		n := deepfake()
		n.ID, n.Priority, n.Tactic, n.ValidFrom, n.ValidUntil = "thuong", notice.Normal, "", notice.Date{}, notice.Date{}
		return n
	}, nil},
	{"one day, ward without an area entry", func() *notice.Notice {
		n := deepfake()
		n.ID, n.ValidFrom, n.ValidUntil, n.Wards = "mot-ngay", date("2024-07-04"), date("2024-07-04"), []string{"duong-quang"}
		return n
	}, func(o ExportOptions) ExportOptions {
		o.Areas = map[string]Area{"duong-quang": {}}
		return o
	}},
	{"special characters and optional fields", func() *notice.Notice {
		n := deepfake()
		n.ID, n.Title = "ky-tu", `Cảnh báo <khẩn> & "quan trọng"`
		n.Body = "Dòng có <thẻ> & ký hiệu ]]> và {{ \"{{\" }}.\n\nĐoạn hai."
		return n
	}, func(o ExportOptions) ExportOptions {
		o.Instruction, o.Web, o.Contact = "", "https://khonggianmang.vn/", "Công an phường: 113"
		return o
	}},
}

func TestExportRoundTrip(t *testing.T) {
	for _, tc := range roundTrips {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.notice()
			opts := testOpts
			if tc.opts != nil {
				opts = tc.opts(opts)
			}
			text, err := n.Text(hotlines)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Export(n, text, opts)
			if err != nil {
				t.Fatal(err)
			}
			validate(t, doc)
			again, err := Export(n, text, opts)
			if err != nil || !bytes.Equal(doc, again) {
				t.Errorf("Export is not deterministic: %v", err)
			}
			back, findings, err := Parse("alert.xml", doc, ImportOptions{Areas: ImportAreas(opts.Areas)})
			if err != nil {
				t.Fatalf("import of the export: %v\n%s", err, doc)
			}
			if back.ID != n.ID || back.Title != n.Title || back.Priority != n.Priority || back.Tactic != n.Tactic {
				t.Errorf("got id %q title %q priority %q tactic %q, want %q %q %q %q",
					back.ID, back.Title, back.Priority, back.Tactic, n.ID, n.Title, n.Priority, n.Tactic)
			}
			if back.ValidFrom != n.ValidFrom || back.ValidUntil != n.ValidUntil {
				t.Errorf("validity %s..%s, want %s..%s", back.ValidFrom, back.ValidUntil, n.ValidFrom, n.ValidUntil)
			}
			if !reflect.DeepEqual(back.Wards, n.Wards) {
				t.Errorf("wards %v, want %v", back.Wards, n.Wards)
			}
			backText, err := back.Text(nil)
			if err != nil {
				t.Fatalf("imported body is not a valid template: %v", err)
			}
			if backText != text {
				t.Errorf("text %q, want %q", backText, text)
			}
			if back.Approved() || back.ApprovedBy != "" {
				t.Error("an import must be a draft")
			}
			for _, f := range findings {
				if f.Warning {
					t.Errorf("unexpected warning: %s", f.Text.In(i18n.EN))
				}
			}
		})
	}
}

func TestExportFields(t *testing.T) {
	n := deepfake()
	text, _ := n.Text(hotlines)
	doc, err := Export(n, text, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	var a alertXML
	if err := xml.Unmarshal(doc, &a); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(doc), `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">`) {
		t.Errorf("document starts %q", string(doc[:120]))
	}
	if a.Identifier != Identifier(n, text) || !reIdentifier.MatchString(a.Identifier) {
		t.Errorf("identifier %q", a.Identifier)
	}
	if a.Sent != "2024-07-03T08:30:00+07:00" || a.Status != "Actual" || a.MsgType != "Alert" || a.Scope != "Public" {
		t.Errorf("header %+v", a)
	}
	in := a.Info[0]
	want := infoXML{
		Language: "vi-VN", Category: []string{"Security"}, Event: n.Title, Urgency: "Expected", Severity: "Moderate",
		Certainty: "Likely", EventCode: []valuePair{{TacticCode, "deepfake"}},
		Effective: "2024-07-04T00:00:00+07:00", Expires: "2024-12-31T23:59:59+07:00",
		SenderName: testOpts.SenderName, Headline: n.Title, Description: multiline(text),
		Area: []areaXML{{AreaDesc: "Thành phố Bắc Kạn", Geocode: []valuePair{{"VN-DVHC", "058"}}}},
	}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("info\n got %+v\nwant %+v", in, want)
	}
	// A changed text changes the identifier; the same one keeps it.
	if Identifier(n, text) == Identifier(n, text+" ") {
		t.Error("identifier ignores the text")
	}
	m := deepfake()
	m.Title += "!"
	if Identifier(n, text) == Identifier(m, text) {
		t.Error("identifier ignores the notice content")
	}
}

func TestExportExcludedWards(t *testing.T) {
	n := deepfake()
	n.ExcludeWards = []string{"song-cau"}
	text, _ := n.Text(hotlines)
	doc, err := Export(n, text, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, doc)
	back, _, err := Parse("a.xml", doc, ImportOptions{Areas: ImportAreas(testAreas)})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"duc-xuan", "xuat-hoa"}; !reflect.DeepEqual(back.Wards, want) {
		t.Errorf("wards %v, want %v", back.Wards, want)
	}
	opts := testOpts
	opts.AllWards = nil
	if _, err := Export(n, text, opts); !errors.Is(err, ErrExport) {
		t.Errorf("exclusion without AllWards: err = %v", err)
	}
}

func TestExportErrors(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*notice.Notice, *ExportOptions) string
		field string
	}{
		{"bad id", func(n *notice.Notice, o *ExportOptions) string { n.ID = "Bad Id"; return "x" }, "id"},
		{"no title", func(n *notice.Notice, o *ExportOptions) string { n.Title = " "; return "x" }, "title"},
		{"no text", func(n *notice.Notice, o *ExportOptions) string { return " \n " }, "body"},
		{"sender with space", func(n *notice.Notice, o *ExportOptions) string { o.Sender = "đài phường"; return "x" }, "sender"},
		{"sender with comma", func(n *notice.Notice, o *ExportOptions) string { o.Sender = "a,b"; return "x" }, "sender"},
		{"no sender", func(n *notice.Notice, o *ExportOptions) string { o.Sender = ""; return "x" }, "sender"},
		{"no time", func(n *notice.Notice, o *ExportOptions) string { o.Now = time.Time{}; return "x" }, "sent"},
		{"bad web", func(n *notice.Notice, o *ExportOptions) string { o.Web = "khonggianmang.vn"; return "x" }, "web"},
		{"no wards", func(n *notice.Notice, o *ExportOptions) string { n.Wards = nil; return "x" }, "wards"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, o := deepfake(), testOpts
			text := tc.edit(n, &o)
			_, err := Export(n, text, o)
			var ce *Error
			if !errors.Is(err, ErrExport) || !errors.As(err, &ce) || ce.Field != tc.field {
				t.Fatalf("err = %v, want ErrExport on %s", err, tc.field)
			}
			for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
				if msg := ce.Localize(lang); strings.Contains(msg, "%!") || strings.Contains(msg, "cap.") {
					t.Errorf("%s: %q", lang, msg)
				}
			}
		})
	}
}

func TestPriorityMapping(t *testing.T) {
	want := map[[2]string]notice.Priority{}
	for _, u := range []string{"Immediate", "Expected", "Future", "Past", "Unknown"} {
		for _, s := range []string{"Extreme", "Severe", "Moderate", "Minor", "Unknown"} {
			serious := s == "Extreme" || s == "Severe"
			p := notice.Normal
			switch {
			case u == "Immediate", serious && u == "Expected":
				p = notice.Emergency
			case u == "Expected", serious:
				p = notice.High
			}
			want[[2]string{u, s}] = p
		}
	}
	for k, p := range want {
		if got := PriorityOf(k[0], k[1]); got != p {
			t.Errorf("PriorityOf(%s, %s) = %s, want %s", k[0], k[1], got, p)
		}
		if got := PriorityOf(strings.ToLower(k[0]), " "+strings.ToUpper(k[1])); got != p {
			t.Errorf("PriorityOf is case-sensitive for %v", k)
		}
	}
	for _, p := range []notice.Priority{notice.Normal, notice.High, notice.Emergency} {
		u, s, _ := Levels(p)
		if got := PriorityOf(u, s); got != p {
			t.Errorf("Levels(%s) = %s/%s maps back to %s", p, u, s, got)
		}
	}
}

// foreign is an alert from another system: two languages, UTC times,
// geocodes and a list of places in one areaDesc.
const foreign = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>VN-BCA-2024-0815-001</identifier>
  <sender>canhbao@bocongan.gov.vn</sender>
  <sent>2024-08-15T02:00:00-00:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>en-US</language>
    <category>Security</category>
    <event>Online fraud</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Observed</certainty>
    <headline>Fake police calls</headline>
    <description>English text.</description>
  </info>
  <info>
    <language>vi-VN</language>
    <category>Security</category>
    <event>Lừa đảo trực tuyến</event>
    <urgency>Expected</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <effective>2024-08-15T18:00:00+00:00</effective>
    <expires>2024-08-31T17:00:00Z</expires>
    <senderName>Bộ Công an</senderName>
    <headline>  Cảnh giác   cuộc gọi giả danh công an  </headline>
    <description>
      Kẻ gian gọi điện xưng là công an.
      Chúng đòi chuyển tiền.

      Đừng làm theo {{ lời }} chúng.
    </description>
    <instruction>Gọi 113 khi nghi ngờ.</instruction>
    <area>
      <areaDesc>phường Đức Xuân; PHƯỜNG SONG CAU, phường Không Có</areaDesc>
    </area>
    <area>
      <areaDesc>Tên khác</areaDesc>
      <geocode><valueName>VN-DVHC</valueName><value>01834</value></geocode>
    </area>
  </info>
</alert>`

func TestImportForeign(t *testing.T) {
	n, findings, err := Parse("bca.xml", []byte(foreign), ImportOptions{Areas: ImportAreas(testAreas)})
	if err != nil {
		t.Fatal(err)
	}
	if n.Title != "Cảnh giác cuộc gọi giả danh công an" || n.ID != "canh-giac-cuoc-goi-gia-danh-cong-an" {
		t.Errorf("title %q id %q", n.Title, n.ID)
	}
	if n.Priority != notice.Emergency {
		t.Errorf("priority %s, want khan-cap (Expected + Severe)", n.Priority)
	}
	// 18:00 UTC on the 15th is 01:00 on the 16th in Vietnam; 17:00 UTC on the
	// 31st is midnight starting 1 September, so the 31st is the last day.
	if n.ValidFrom.String() != "2024-08-16" || n.ValidUntil.String() != "2024-08-31" {
		t.Errorf("validity %s..%s", n.ValidFrom, n.ValidUntil)
	}
	wantBody := "Kẻ gian gọi điện xưng là công an.\nChúng đòi chuyển tiền.\n\nĐừng làm theo {{\"{{\"}} lời }} chúng.\n\nGọi 113 khi nghi ngờ."
	if n.Body != wantBody {
		t.Errorf("body %q\nwant %q", n.Body, wantBody)
	}
	if want := []string{"duc-xuan", "song-cau"}; !reflect.DeepEqual(n.Wards, want) {
		t.Errorf("wards %v, want %v", n.Wards, want)
	}
	wantSource := notice.Source{Issuer: "Bộ Công an (canhbao@bocongan.gov.vn)", Number: "VN-BCA-2024-0815-001", Date: "2024-08-15"}
	if n.Source != wantSource {
		t.Errorf("source %+v", n.Source)
	}
	var warned []string
	for _, f := range findings {
		if f.Warning {
			warned = append(warned, f.Field+": "+f.Text.In(i18n.EN))
		}
		for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
			if msg := f.Text.In(lang); strings.Contains(msg, "%!") || strings.HasPrefix(msg, "cap.") {
				t.Errorf("finding renders badly: %q", msg)
			}
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "Không Có") {
		t.Errorf("warnings %q, want one for the unmapped area", warned)
	}
	// The notice is a valid notice file once written.
	if _, err := n.Text(nil); err != nil {
		t.Errorf("body is not a valid template: %v", err)
	}
}

func TestImportFallbacks(t *testing.T) {
	alert := func(info string) string {
		return `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier><sender>s</sender>` +
			`<sent>2024-01-01T00:00:00+07:00</sent><status>Test</status><msgType>Update</msgType><scope>Restricted</scope>` + info + `</alert>`
	}
	cases := []struct {
		name      string
		doc       string
		opts      ImportOptions
		title     string
		wards     []string
		warnings  []string // fields warned about
		priority  notice.Priority
		validFrom string
	}{
		{"first info when none is Vietnamese, event as title",
			alert(`<info><category>Met</category><event>Bão số 3</event><urgency>Future</urgency><severity>Minor</severity><certainty>Likely</certainty><description>Gió mạnh.</description></info>`),
			ImportOptions{}, "Bão số 3", []string{"all"}, []string{"msgType", "status", "scope", "info", "headline", "area"}, notice.Normal, ""},
		{"vi without region, headline only, all mapped",
			alert(`<info><language>vi</language><category>Met</category><event>e</event><urgency>Past</urgency><severity>Extreme</severity><certainty>Likely</certainty><headline>Tin bão</headline><area><areaDesc>Thành phố Bắc Kạn</areaDesc></area></info>`),
			ImportOptions{Areas: ImportAreas(testAreas), ID: "tin-bao"}, "Tin bão", []string{"all"}, []string{"msgType", "status", "scope", "description"}, notice.High, ""},
		{"geocode maps to all",
			alert(`<info><language>vi-VN</language><category>Met</category><event>e</event><urgency>Unknown</urgency><severity>Unknown</severity><certainty>Unknown</certainty><effective>2024-03-01T23:59:59-12:00</effective><description>d</description><area><areaDesc>?</areaDesc><geocode><valueName>VN-DVHC</valueName><value>058</value></geocode></area></info>`),
			ImportOptions{Areas: ImportAreas(testAreas)}, "e", []string{"all"}, []string{"msgType", "status", "scope", "headline"}, notice.Normal, "2024-03-02"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, findings, err := Parse("a.xml", []byte(tc.doc), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if n.Title != tc.title || !reflect.DeepEqual(n.Wards, tc.wards) || n.Priority != tc.priority || n.ValidFrom.String() != tc.validFrom {
				t.Errorf("title %q wards %v priority %s from %s", n.Title, n.Wards, n.Priority, n.ValidFrom)
			}
			var warned []string
			for _, f := range findings {
				if f.Warning {
					warned = append(warned, f.Field)
				}
			}
			if !reflect.DeepEqual(warned, tc.warnings) {
				t.Errorf("warnings on %v, want %v", warned, tc.warnings)
			}
			if !config.ValidID(n.ID) {
				t.Errorf("id %q", n.ID)
			}
		})
	}
}

func TestImportRefused(t *testing.T) {
	head := `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier><sender>s</sender><sent>2024-01-01T00:00:00+07:00</sent><status>Actual</status>`
	info := func(extra string) string {
		return head + `<msgType>Alert</msgType><scope>Public</scope><info><category>Met</category><event>e</event><urgency>Future</urgency><severity>Minor</severity><certainty>Likely</certainty>` + extra + `<description>d</description></info></alert>`
	}
	cases := []struct {
		name  string
		doc   string
		want  error
		field string
	}{
		{"doctype", `<?xml version="1.0"?><!DOCTYPE alert SYSTEM "http://example.invalid/x.dtd">` + info(""), ErrDTD, ""},
		{"entity expansion", `<!DOCTYPE alert [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>` + info("<note>&b;</note>"), ErrDTD, ""},
		{"CAP 1.1", strings.Replace(info(""), "cap:1.2", "cap:1.1", 1), ErrNotCAP, ""},
		{"no namespace", `<alert><identifier>x</identifier></alert>`, ErrNotCAP, ""},
		{"other root", `<feed xmlns="http://www.w3.org/2005/Atom"/>`, ErrNotCAP, ""},
		{"empty", ``, ErrNotCAP, ""},
		{"malformed", head + `<msgType>Alert`, ErrXML, ""},
		{"too deep", head + strings.Repeat("<note>", MaxDepth) + strings.Repeat("</note>", MaxDepth) + `</alert>`, ErrXML, ""},
		{"too large", info(strings.Repeat(" ", MaxSize)), ErrTooLarge, ""},
		{"cancel", head + `<msgType>Cancel</msgType><scope>Public</scope></alert>`, ErrNotAlert, "msgType"},
		{"no info", head + `<msgType>Alert</msgType><scope>Public</scope></alert>`, ErrNoInfo, "info"},
		{"empty info", head + `<msgType>Alert</msgType><scope>Public</scope><info><category>Met</category><event/><urgency>Future</urgency><severity>Minor</severity><certainty>Likely</certainty></info></alert>`, ErrNoInfo, "info"},
		{"bad effective", info("<effective>04/07/2024</effective>"), ErrField, "effective"},
		{"bad expires", info("<expires>2024-07-04</expires>"), ErrField, "expires"},
		{"expires before effective", info("<effective>2024-07-04T08:00:00+07:00</effective><expires>2024-07-03T08:00:00+07:00</expires>"), ErrField, "expires"},
		{"bad id option", info(""), ErrField, "identifier"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := ImportOptions{}
			if tc.name == "bad id option" {
				opts.ID = "Not An Id"
			}
			n, _, err := Parse("in.xml", []byte(tc.doc), opts)
			if !errors.Is(err, tc.want) || n != nil {
				t.Fatalf("err = %v (notice %v), want %v", err, n, tc.want)
			}
			var ce *Error
			if !errors.As(err, &ce) || ce.File != "in.xml" || ce.Field != tc.field {
				t.Fatalf("err = %#v, want an *Error naming in.xml and field %q", err, tc.field)
			}
			for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
				if msg := ce.Localize(lang); !strings.HasPrefix(msg, "in.xml: ") || strings.Contains(msg, "%!") || strings.Contains(msg, "cap.") {
					t.Errorf("%s: %q", lang, msg)
				}
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bca.xml")
	if err := os.WriteFile(path, []byte(foreign), 0o644); err != nil {
		t.Fatal(err)
	}
	n, _, err := ReadFile(path, ImportOptions{})
	if err != nil || n.Source.Number != "VN-BCA-2024-0815-001" {
		t.Fatalf("ReadFile: %v", err)
	}
	if _, _, err := ReadFile(filepath.Join(t.TempDir(), "none.xml"), ImportOptions{}); !errors.Is(err, ErrRead) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestMessagesComplete(t *testing.T) {
	for _, k := range i18n.Keys() {
		if !strings.HasPrefix(k, "cap.") {
			continue
		}
		vi, en, _ := i18n.Pair(k)
		if vi == "" || en == "" || strings.Count(vi, "%") != strings.Count(en, "%") {
			t.Errorf("%s: %q / %q", k, vi, en)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(foreign))
	n := deepfake()
	text, _ := n.Text(hotlines)
	doc, _ := Export(n, text, testOpts)
	f.Add(doc)
	f.Add([]byte(`<!DOCTYPE a [<!ENTITY x "y">]><alert/>`))
	f.Add([]byte(`<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><info><headline>&amp;</headline></info></alert>`))
	areas := ImportAreas(testAreas)
	f.Fuzz(func(t *testing.T, data []byte) {
		n, _, err := Parse("fuzz.xml", data, ImportOptions{Areas: areas})
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) || n != nil {
				t.Fatalf("error %v is not an *Error, or came with a notice", err)
			}
			return
		}
		if !config.ValidID(n.ID) || n.Title == "" || n.Body == "" || len(n.Wards) == 0 {
			t.Fatalf("incomplete notice %+v", n)
		}
		if !n.ValidFrom.IsZero() && !n.ValidUntil.IsZero() && n.ValidUntil.Before(n.ValidFrom.Time) {
			t.Fatalf("validity %s..%s", n.ValidFrom, n.ValidUntil)
		}
		if _, err := n.Text(nil); err != nil {
			t.Fatalf("body is not a valid template: %v\n%q", err, n.Body)
		}
	})
}

func FuzzExport(f *testing.F) {
	f.Add("Cảnh báo", "Nội dung.\n\nĐoạn hai.", "uu-tien")
	f.Add("a\rb\x00c", "<&>]]>\r\n\uFFFE", "khan-cap")
	f.Fuzz(func(t *testing.T, title, text, prio string) {
		n := deepfake()
		n.Title, n.Priority = title, notice.Priority(prio)
		doc, err := Export(n, text, testOpts)
		if err != nil {
			if !errors.Is(err, ErrExport) {
				t.Fatalf("err = %v", err)
			}
			return
		}
		back, _, err := Parse("fuzz.xml", doc, ImportOptions{Areas: ImportAreas(testAreas)})
		if err != nil {
			t.Fatalf("export does not import: %v\n%s", err, doc)
		}
		if back.ID != n.ID || !reflect.DeepEqual(back.Wards, n.Wards) {
			t.Fatalf("id %q wards %v", back.ID, back.Wards)
		}
		if n.Priority.Valid() && back.Priority != n.Priority {
			t.Fatalf("priority %s, want %s", back.Priority, n.Priority)
		}
	})
}
