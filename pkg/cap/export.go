package cap

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"net/url"
	"strings"
	"time"

	"loa/pkg/config"
	"loa/pkg/notice"
	"loa/pkg/vntext"
)

// Geocode is one CAP geocode: a code system name (valueName) and a code.
type Geocode struct {
	Name  string
	Value string
}

// Area is how a ward (or "all": the whole station area) is written in CAP.
type Area struct {
	// Desc is the areaDesc, e.g. "phường Đức Xuân, thành phố Bắc Kạn".
	Desc     string
	Geocodes []Geocode
}

// ExportOptions are the station's settings for Export.
type ExportOptions struct {
	// Sender identifies the station (CAP sender), e.g. "dtt@backan.gov.vn";
	// required, without spaces, commas, '<' or '&'.
	Sender string
	// SenderName is the station's name as people read it (optional).
	SenderName string
	// Now is written as sent; required, so that the output is deterministic.
	Now time.Time
	// Location is the station's time zone; nil means Asia/Ho_Chi_Minh.
	Location *time.Location
	// Areas maps a ward id, or "all", to its area. A ward without an entry
	// is written with its id as areaDesc.
	Areas map[string]Area
	// AllWards are the ward ids that "all" stands for; needed only when the
	// notice excludes wards, so that the others can be listed.
	AllWards []string
	// Instruction, Web and Contact are optional info fields.
	Instruction string
	Web         string
	Contact     string
}

// ImportAreas builds the import mapping (areaDesc or geocode value → ward
// ids) from the export areas, so that an exported alert imports back to the
// same wards. An area without Desc is keyed by its ward id, as Export
// writes it; give every ward an entry (its name from the configuration as
// Desc) so that all of them map back.
func ImportAreas(areas map[string]Area) map[string][]string {
	m := map[string][]string{}
	add := func(key, id string) {
		if key = strings.TrimSpace(key); key == "" {
			return
		}
		for _, have := range m[key] {
			if have == id {
				return
			}
		}
		m[key] = append(m[key], id)
	}
	for id, a := range areas {
		if strings.TrimSpace(a.Desc) == "" {
			add(id, id)
		}
		add(a.Desc, id)
		for _, g := range a.Geocodes {
			add(g.Value, id)
		}
	}
	return m
}

// Identifier is the alert identifier Export writes for a notice and the
// text read: "loa-<id>-<16 hex digits>", the digits from a SHA-256 of the
// notice's content hash and of the text.
func Identifier(n *notice.Notice, text string) string {
	sum := sha256.Sum256([]byte(n.ContentHash() + "\x00" + text))
	return "loa-" + n.ID + "-" + hex.EncodeToString(sum[:])[:16]
}

// Export writes n as a CAP 1.2 alert. text is the body as read (templates
// expanded, see notice.Notice.Text); it becomes the description.
func Export(n *notice.Notice, text string, opts ExportOptions) ([]byte, error) {
	bad := func(field, key string, args ...any) error {
		return newError(n.Path, field, ErrExport, nil, key, args...)
	}
	if !config.ValidID(n.ID) {
		return nil, bad("id", "cap.export.bad_id", n.ID)
	}
	title := strings.TrimSpace(vntext.NFC(n.Title))
	if title == "" {
		return nil, bad("title", "cap.export.no_title")
	}
	text = strings.TrimSpace(vntext.NFC(text))
	if text == "" {
		return nil, bad("body", "cap.export.no_text")
	}
	sender := strings.TrimSpace(opts.Sender)
	if sender == "" || strings.ContainsAny(sender, " \t\r\n,<&") {
		return nil, bad("sender", "cap.export.bad_sender", opts.Sender)
	}
	if opts.Now.IsZero() {
		return nil, bad("sent", "cap.export.no_time")
	}
	if opts.Web != "" {
		u, err := url.Parse(opts.Web)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, bad("web", "cap.export.bad_web", opts.Web)
		}
	}
	loc := opts.Location
	if loc == nil {
		loc = vietnam
	}
	prio := n.Priority
	if !prio.Valid() {
		prio = notice.Normal
	}
	urgency, severity, certainty := Levels(prio)
	info := infoXML{
		Language:    "vi-VN",
		Category:    []string{"Security"},
		Event:       title,
		Urgency:     urgency,
		Severity:    severity,
		Certainty:   certainty,
		SenderName:  strings.TrimSpace(opts.SenderName),
		Headline:    title,
		Description: multiline(text),
		Instruction: multiline(strings.TrimSpace(opts.Instruction)),
		Web:         opts.Web,
		Contact:     strings.TrimSpace(opts.Contact),
	}
	if n.Tactic != "" {
		info.EventCode = []valuePair{{ValueName: TacticCode, Value: n.Tactic}}
	}
	if !n.ValidFrom.IsZero() {
		d := n.ValidFrom
		info.Effective = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).Format(capTime)
	}
	if !n.ValidUntil.IsZero() {
		d := n.ValidUntil
		info.Expires = time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, loc).Format(capTime)
	}
	areas, err := exportAreas(n, opts)
	if err != nil {
		return nil, err
	}
	info.Area = areas
	a := alertXML{
		Identifier: Identifier(n, text),
		Sender:     sender,
		Sent:       opts.Now.In(loc).Format(capTime),
		Status:     "Actual",
		MsgType:    "Alert",
		Scope:      "Public",
		Info:       []infoXML{info},
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(a); err != nil {
		return nil, newError(n.Path, "", ErrExport, err, "cap.export.encode", err.Error())
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// exportAreas lists the notice's wards as CAP areas.
func exportAreas(n *notice.Notice, opts ExportOptions) ([]areaXML, error) {
	excluded := map[string]bool{}
	for _, w := range n.ExcludeWards {
		excluded[w] = true
	}
	var ids []string
	for _, w := range n.Wards {
		if w == "all" && len(excluded) > 0 {
			if len(opts.AllWards) == 0 {
				return nil, newError(n.Path, "exclude_wards", ErrExport, nil, "cap.export.need_all_wards")
			}
			ids = append(ids, opts.AllWards...)
			continue
		}
		ids = append(ids, w)
	}
	var out []areaXML
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] || excluded[id] {
			continue
		}
		seen[id] = true
		a, ok := opts.Areas[id]
		desc := strings.TrimSpace(a.Desc)
		if !ok || desc == "" {
			desc = id
		}
		ax := areaXML{AreaDesc: desc}
		for _, g := range a.Geocodes {
			ax.Geocode = append(ax.Geocode, valuePair{ValueName: g.Name, Value: g.Value})
		}
		out = append(out, ax)
	}
	if len(out) == 0 {
		return nil, newError(n.Path, "wards", ErrExport, nil, "cap.export.no_wards")
	}
	return out, nil
}
