// Package cap imports and exports notices as OASIS Common Alerting Protocol
// 1.2 alerts (namespace urn:oasis:names:tc:emergency:cap:1.2).
//
// Import (Parse, ReadFile) reads one alert and returns a draft notice plus
// findings for the user. XML with a DOCTYPE or entity declarations is
// refused. The info block in Vietnamese ("vi" or "vi-…") is used, else the
// first one. headline becomes the title (event when there is none),
// description then instruction the body, effective and expires the first
// and last day of validity (converted from the alert's offset to days in
// Asia/Ho_Chi_Minh; an expiry at exactly midnight ends the day before),
// areaDesc and geocode values the wards through a mapping the caller gives,
// and identifier, sender and sent the source.
//
// Export writes a notice as an alert that validates against the CAP 1.2
// schema: status Actual, msgType Alert, scope Public, one info in vi-VN with
// category Security, the title as event and headline, the tactic as an
// eventCode (valueName "loa:tactic"), the text read as description, the
// validity as effective (first day 00:00:00+07:00) and expires (last day
// 23:59:59+07:00), and one area per ward with its geocodes. Its identifier is stable: it is made
// from the notice id and a hash of the notice's content and of the text
// read, so the same notice gives the same identifier, and Import of an
// export finds the notice id again.
//
// # Priority mapping
//
// Import, from the chosen info's urgency and severity (certainty is not
// used):
//
//	khan-cap  urgency Immediate; or severity Extreme or Severe with urgency Expected
//	uu-tien   urgency Expected; or severity Extreme or Severe (any other urgency)
//	thuong    everything else (urgency Future, Past or Unknown with severity
//	          Moderate, Minor or Unknown)
//
// Export writes, and Import maps back to the same priority:
//
//	priority   urgency    severity  certainty
//	khan-cap   Immediate  Severe    Likely
//	uu-tien    Expected   Moderate  Likely
//	thuong     Future     Minor     Possible
package cap

import (
	"encoding/xml"
	"strings"
	"time"

	"loa/pkg/notice"
)

// Namespace is the XML namespace of CAP 1.2.
const Namespace = "urn:oasis:names:tc:emergency:cap:1.2"

// TacticCode is the eventCode valueName under which Export writes the
// notice's tactic, and from which Import reads it back.
const TacticCode = "loa:tactic"

// Vietnam has kept UTC+07:00 without daylight saving since 1975, so the
// time zone of Asia/Ho_Chi_Minh is a fixed offset for any date a notice
// can have; a fixed zone also works where no time zone database is installed.
var vietnam = time.FixedZone("ICT", 7*3600)

// capTime is the one date-time form CAP 1.2 allows: a numeric offset, no "Z",
// no fractions.
const capTime = "2006-01-02T15:04:05-07:00"

// The CAP 1.2 document, as far as loa reads and writes it. Element order
// follows the schema.
type alertXML struct {
	XMLName     xml.Name  `xml:"urn:oasis:names:tc:emergency:cap:1.2 alert"`
	Identifier  string    `xml:"identifier"`
	Sender      string    `xml:"sender"`
	Sent        string    `xml:"sent"`
	Status      string    `xml:"status"`
	MsgType     string    `xml:"msgType"`
	Source      string    `xml:"source,omitempty"`
	Scope       string    `xml:"scope"`
	Restriction string    `xml:"restriction,omitempty"`
	Addresses   string    `xml:"addresses,omitempty"`
	Code        []string  `xml:"code,omitempty"`
	Note        string    `xml:"note,omitempty"`
	References  string    `xml:"references,omitempty"`
	Incidents   string    `xml:"incidents,omitempty"`
	Info        []infoXML `xml:"info"`
}

type infoXML struct {
	Language     string      `xml:"language,omitempty"`
	Category     []string    `xml:"category"`
	Event        string      `xml:"event"`
	ResponseType []string    `xml:"responseType,omitempty"`
	Urgency      string      `xml:"urgency"`
	Severity     string      `xml:"severity"`
	Certainty    string      `xml:"certainty"`
	Audience     string      `xml:"audience,omitempty"`
	EventCode    []valuePair `xml:"eventCode,omitempty"`
	Effective    string      `xml:"effective,omitempty"`
	Onset        string      `xml:"onset,omitempty"`
	Expires      string      `xml:"expires,omitempty"`
	SenderName   string      `xml:"senderName,omitempty"`
	Headline     string      `xml:"headline,omitempty"`
	Description  multiline   `xml:"description,omitempty"`
	Instruction  multiline   `xml:"instruction,omitempty"`
	Web          string      `xml:"web,omitempty"`
	Contact      string      `xml:"contact,omitempty"`
	Parameter    []valuePair `xml:"parameter,omitempty"`
	Area         []areaXML   `xml:"area,omitempty"`
}

// multiline is text written with its line breaks as they are (encoding/xml
// would write each as &#xA;), so that the description stays readable.
type multiline string

// MarshalXML writes the text escaped, keeping line breaks.
func (m multiline) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	var b strings.Builder
	for _, r := range string(m) {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\r':
			b.WriteString("&#xD;")
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0xfffe || r == 0xffff || (r >= 0xd800 && r <= 0xdfff):
			b.WriteRune('\uFFFD') // not allowed in XML 1.0
		default:
			b.WriteRune(r)
		}
	}
	return e.EncodeElement(struct {
		Inner string `xml:",innerxml"`
	}{b.String()}, start)
}

type valuePair struct {
	ValueName string `xml:"valueName"`
	Value     string `xml:"value"`
}

type areaXML struct {
	AreaDesc string      `xml:"areaDesc"`
	Polygon  []string    `xml:"polygon,omitempty"`
	Circle   []string    `xml:"circle,omitempty"`
	Geocode  []valuePair `xml:"geocode,omitempty"`
}

// The CAP values of urgency, severity and certainty that the mapping uses.
const (
	urgencyImmediate = "Immediate"
	urgencyExpected  = "Expected"
	urgencyFuture    = "Future"
	severityExtreme  = "Extreme"
	severitySevere   = "Severe"
	severityModerate = "Moderate"
	severityMinor    = "Minor"
)

// PriorityOf maps a CAP urgency and severity to a notice priority (see the
// package documentation). Values are compared without regard to case.
func PriorityOf(urgency, severity string) notice.Priority {
	u, s := strings.ToLower(strings.TrimSpace(urgency)), strings.ToLower(strings.TrimSpace(severity))
	serious := s == strings.ToLower(severityExtreme) || s == strings.ToLower(severitySevere)
	switch {
	case u == strings.ToLower(urgencyImmediate):
		return notice.Emergency
	case serious && u == strings.ToLower(urgencyExpected):
		return notice.Emergency
	case u == strings.ToLower(urgencyExpected) || serious:
		return notice.High
	}
	return notice.Normal
}

// Levels returns the urgency, severity and certainty Export writes for a
// priority (an unknown priority is taken as thuong).
func Levels(p notice.Priority) (urgency, severity, certainty string) {
	switch p {
	case notice.Emergency:
		return urgencyImmediate, severitySevere, "Likely"
	case notice.High:
		return urgencyExpected, severityModerate, "Likely"
	}
	return urgencyFuture, severityMinor, "Possible"
}
