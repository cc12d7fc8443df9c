package cap

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/letter"
	"loa/pkg/notice"
	"loa/pkg/vntext"
)

// Limits of the importer.
const (
	// MaxSize is the largest CAP document accepted, in bytes.
	MaxSize = 4 << 20
	// MaxDepth caps the nesting of XML elements (a CAP alert needs 5).
	MaxDepth = 64
)

// ImportOptions tell Parse how to map an alert onto the station.
type ImportOptions struct {
	// Areas maps an areaDesc or a geocode value to ward ids ("all" for every
	// ward). Keys are compared without regard to case or diacritics; an
	// areaDesc that does not match as a whole is also tried part by part
	// (split at commas and semicolons). ImportAreas builds this from the
	// export mapping.
	Areas map[string][]string
	// Location is the station's time zone; nil means Asia/Ho_Chi_Minh.
	Location *time.Location
	// ID, when set, is the notice id; otherwise an id exported by this
	// package is found again from the identifier, and any other alert gets
	// an id made from its headline.
	ID string
}

// Finding is one line of the import report.
type Finding struct {
	// Field is the CAP element concerned: identifier, status, info,
	// priority, effective, expires, area, body.
	Field string
	// Warning is true for what the user should check before approving.
	Warning bool
	// Text says it in the user's language.
	Text i18n.Text
}

// reIdentifier recognizes identifiers written by Export: loa-<id>-<16 hex>.
var reIdentifier = regexp.MustCompile(`^loa-([a-z0-9]+(?:-[a-z0-9]+)*)-([0-9a-f]{16})$`)

// ReadFile reads and imports a CAP file.
func ReadFile(path string, opts ImportOptions) (*notice.Notice, []Finding, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, newError(path, "", ErrRead, err, "cap.read_failed", err.Error())
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, nil, newError(path, "", ErrRead, err, "cap.read_failed", err.Error())
	}
	return Parse(path, data, opts)
}

// Parse imports one CAP 1.2 alert and returns a draft notice (not approved)
// and findings. name is used in errors.
func Parse(name string, data []byte, opts ImportOptions) (*notice.Notice, []Finding, error) {
	if len(data) > MaxSize {
		return nil, nil, newError(name, "", ErrTooLarge, nil, "cap.too_large", MaxSize>>20)
	}
	if err := scan(name, data); err != nil {
		return nil, nil, err
	}
	var a alertXML
	if err := xml.Unmarshal(data, &a); err != nil {
		return nil, nil, newError(name, "", ErrXML, err, "cap.bad_xml", err.Error())
	}
	loc := opts.Location
	if loc == nil {
		loc = vietnam
	}
	var fs []Finding
	note := func(field string, warn bool, key string, args ...any) {
		fs = append(fs, Finding{Field: field, Warning: warn, Text: i18n.Msg(key, args...)})
	}
	clean := func(s string) string { return strings.TrimSpace(vntext.NFC(s)) }

	a.Identifier, a.Sender, a.Sent = clean(a.Identifier), clean(a.Sender), clean(a.Sent)
	note("identifier", false, "cap.found.alert", a.Identifier, a.Sender, a.Sent)
	switch strings.TrimSpace(a.MsgType) {
	case "Alert", "":
	case "Update":
		note("msgType", true, "cap.found.update", strings.TrimSpace(a.References))
	default:
		return nil, nil, newError(name, "msgType", ErrNotAlert, nil, "cap.not_alert", strings.TrimSpace(a.MsgType))
	}
	if st := strings.TrimSpace(a.Status); st != "Actual" {
		note("status", true, "cap.found.status", st)
	}
	if sc := strings.TrimSpace(a.Scope); sc != "" && sc != "Public" {
		note("scope", true, "cap.found.scope", sc)
	}

	if len(a.Info) == 0 {
		return nil, nil, newError(name, "info", ErrNoInfo, nil, "cap.no_info")
	}
	info, lang := chooseInfo(a.Info)
	if !isVietnamese(lang) {
		if lang == "" {
			lang = "en-US"
		}
		note("info", true, "cap.found.not_vi", lang)
	}
	if len(a.Info) > 1 {
		note("info", false, "cap.found.infos", len(a.Info), lang)
	}

	n := &notice.Notice{Priority: PriorityOf(info.Urgency, info.Severity)}
	n.Title = strings.Join(strings.Fields(clean(info.Headline)), " ")
	if n.Title == "" {
		n.Title = strings.Join(strings.Fields(clean(info.Event)), " ")
		if n.Title != "" {
			note("headline", true, "cap.found.no_headline", n.Title)
		}
	}
	body := joinParagraphs(clean(string(info.Description)), clean(string(info.Instruction)))
	if body == "" {
		if n.Title == "" {
			return nil, nil, newError(name, "info", ErrNoInfo, nil, "cap.no_text")
		}
		body = n.Title
		note("description", true, "cap.found.no_description")
	}
	if n.Title == "" {
		n.Title = firstWords(body, 12)
		note("headline", true, "cap.found.no_headline", n.Title)
	}
	n.Body = strings.ReplaceAll(body, "{{", `{{"{{"}}`)
	note("priority", false, "cap.found.priority", strings.TrimSpace(info.Urgency), strings.TrimSpace(info.Severity), string(n.Priority))

	for _, ec := range info.EventCode {
		if strings.TrimSpace(ec.ValueName) == TacticCode && config.ValidID(strings.TrimSpace(ec.Value)) {
			n.Tactic = strings.TrimSpace(ec.Value)
		}
	}

	// Validity.
	if s := strings.TrimSpace(info.Effective); s != "" {
		t, err := parseTime(s)
		if err != nil {
			return nil, nil, newError(name, "effective", ErrField, err, "cap.bad_time", s)
		}
		n.ValidFrom = dayOf(t.In(loc))
	}
	if s := strings.TrimSpace(info.Expires); s != "" {
		t, err := parseTime(s)
		if err != nil {
			return nil, nil, newError(name, "expires", ErrField, err, "cap.bad_time", s)
		}
		lt := t.In(loc)
		day := dayOf(lt)
		if lt.Hour() == 0 && lt.Minute() == 0 && lt.Second() == 0 && lt.Nanosecond() == 0 {
			day = notice.Date{Time: day.AddDate(0, 0, -1)} // ends at midnight: the day before is the last
		}
		if !n.ValidFrom.IsZero() && day.Before(n.ValidFrom.Time) {
			return nil, nil, newError(name, "expires", ErrField, nil, "cap.expires_before", s, info.Effective)
		}
		n.ValidUntil = day
	}
	if !n.ValidFrom.IsZero() || !n.ValidUntil.IsZero() {
		note("validity", false, "cap.found.validity", orDash(n.ValidFrom.String()), orDash(n.ValidUntil.String()))
	}

	// Wards.
	n.Wards = mapAreas(info.Area, opts.Areas, note)

	// Id and source.
	switch m := reIdentifier.FindStringSubmatch(a.Identifier); {
	case opts.ID != "":
		n.ID = opts.ID
	case m != nil:
		n.ID = m[1]
	default:
		n.ID = letter.SuggestID(n.Title)
	}
	if !config.ValidID(n.ID) {
		return nil, nil, newError(name, "identifier", ErrField, nil, "cap.bad_id", n.ID)
	}
	sender := a.Sender
	if sn := clean(info.SenderName); sn != "" {
		sender = sn
		if a.Sender != "" {
			sender += " (" + a.Sender + ")"
		}
	}
	n.Source = notice.Source{Issuer: sender, Number: a.Identifier}
	if t, err := parseTime(a.Sent); err == nil {
		n.Source.Date = dayOf(t.In(loc)).String()
	} else if a.Sent != "" {
		note("sent", true, "cap.found.bad_sent", a.Sent)
	}
	return n, fs, nil
}

// scan walks the tokens before decoding: it refuses directives (DOCTYPE,
// ENTITY), deep nesting, and a root that is not a CAP 1.2 alert.
func scan(name string, data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	root := true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if root {
				return newError(name, "", ErrNotCAP, nil, "cap.empty")
			}
			return nil
		}
		if err != nil {
			return newError(name, "", ErrXML, err, "cap.bad_xml", err.Error())
		}
		switch t := tok.(type) {
		case xml.Directive:
			return newError(name, "", ErrDTD, nil, "cap.dtd")
		case xml.StartElement:
			depth++
			if depth > MaxDepth {
				return newError(name, "", ErrXML, nil, "cap.too_deep", MaxDepth)
			}
			if root {
				if t.Name.Local != "alert" || t.Name.Space != Namespace {
					return newError(name, "", ErrNotCAP, nil, "cap.not_cap", t.Name.Local, t.Name.Space, Namespace)
				}
				root = false
			}
		case xml.EndElement:
			depth--
		}
	}
}

// chooseInfo returns the first info in Vietnamese, else the first, with its
// language (CAP's default is en-US).
func chooseInfo(infos []infoXML) (infoXML, string) {
	for _, in := range infos {
		if isVietnamese(strings.TrimSpace(in.Language)) {
			return in, strings.TrimSpace(in.Language)
		}
	}
	return infos[0], strings.TrimSpace(infos[0].Language)
}

func isVietnamese(lang string) bool {
	l := strings.ToLower(lang)
	return l == "vi" || strings.HasPrefix(l, "vi-") || strings.HasPrefix(l, "vi_")
}

// parseTime reads a CAP date-time; besides the strict form it accepts "Z"
// and fractions of a second, which some senders write.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(capTime, s)
	if err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

func dayOf(t time.Time) notice.Date {
	return notice.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// joinParagraphs cleans texts into notice paragraphs: lines trimmed, runs
// of blank lines made one, texts separated by a blank line.
func joinParagraphs(texts ...string) string {
	var out []string
	for _, t := range texts {
		blank := false
		start := len(out)
		for _, l := range strings.Split(strings.ReplaceAll(t, "\r\n", "\n"), "\n") {
			l = strings.TrimSpace(l)
			if l == "" {
				blank = len(out) > start
				continue
			}
			if blank || (len(out) > 0 && len(out) == start) {
				out = append(out, "")
				blank = false
			}
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		w = w[:n]
	}
	return strings.Join(w, " ")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// mapAreas turns the info's areas into ward ids through the mapping. A
// geocode match wins over the areaDesc of the same area. No match at all
// gives every ward, with a warning.
func mapAreas(areas []areaXML, mapping map[string][]string, note func(string, bool, string, ...any)) []string {
	index := map[string][]string{}
	for k, ids := range mapping {
		fk := foldKey(k)
		index[fk] = append(index[fk], ids...)
	}
	var wards []string
	seen := map[string]bool{}
	addIDs := func(ids []string) bool {
		ok := false
		for _, id := range ids {
			id = strings.TrimSpace(id)
			if id != "all" && !config.ValidID(id) {
				note("area", true, "cap.found.bad_ward", id)
				continue
			}
			ok = true
			if !seen[id] {
				seen[id] = true
				wards = append(wards, id)
			}
		}
		return ok
	}
	for _, ar := range areas {
		desc := strings.TrimSpace(vntext.NFC(ar.AreaDesc))
		found := false
		for _, g := range ar.Geocode {
			if ids, ok := index[foldKey(g.Value)]; ok && addIDs(ids) {
				found = true
			}
		}
		if !found {
			if ids, ok := index[foldKey(desc)]; ok && addIDs(ids) {
				found = true
			}
		}
		if !found {
			parts := strings.FieldsFunc(desc, func(r rune) bool { return r == ',' || r == ';' })
			var unmapped []string
			for _, part := range parts {
				if ids, ok := index[foldKey(part)]; ok && addIDs(ids) {
					found = true
				} else if part = strings.TrimSpace(part); part != "" {
					unmapped = append(unmapped, part)
				}
			}
			if found {
				for _, part := range unmapped {
					note("area", true, "cap.found.unmapped_area", part)
				}
			}
		}
		if !found {
			note("area", true, "cap.found.unmapped_area", desc)
		}
	}
	switch {
	case seen["all"]:
		wards = []string{"all"}
	case len(wards) == 0:
		wards = []string{"all"}
		note("area", true, "cap.found.no_wards")
	}
	if !(len(wards) == 1 && wards[0] == "all" && !seen["all"]) {
		note("area", false, "cap.found.wards", strings.Join(wards, ", "))
	}
	return wards
}

// foldKey is the form in which area names and codes are compared.
func foldKey(s string) string {
	return strings.Join(strings.Fields(vntext.Fold(vntext.NFC(s))), " ")
}
