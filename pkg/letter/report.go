package letter

import (
	"strings"

	"loa/pkg/i18n"
)

// Finding is one line of the import report: what was found for a field of
// the letter, or that it is missing or blank in the original.
type Finding struct {
	// Field is the Letter field concerned, as named in Letter.Missing
	// ("issuer", "number", "day", …), or "encoding", "date", "signer".
	Field string
	// Missing is true when the field was not found or is blank.
	Missing bool
	// Text says it in the user's language.
	Text i18n.Text
}

// Report lists what was found and what not, one finding per part of the
// letter, in the order they appear on the page.
func (l *Letter) Report() []Finding {
	var out []Finding
	add := func(field string, missing bool, key string, args ...any) {
		out = append(out, Finding{Field: field, Missing: missing, Text: i18n.Msg(key, args...)})
	}
	if l.Encoding != "" {
		add("encoding", false, "letter.found.encoding", l.Encoding)
	}
	if l.Issuer != "" {
		add("issuer", false, "letter.found.issuer", l.Issuer, strings.ReplaceAll(l.IssuerRaw, "\n", " / "))
	} else {
		add("issuer", true, "letter.missing.issuer")
	}
	switch {
	case l.Number != "":
		add("number", false, "letter.found.number", l.Reference())
	case l.NumberCode != "":
		add("number", true, "letter.blank.number", l.NumberCode)
	default:
		add("number", true, "letter.missing.number")
	}
	if l.Place != "" {
		add("place", false, "letter.found.place", l.Place)
	} else {
		add("place", true, "letter.missing.place")
	}
	switch {
	case l.Year == 0 && l.Month == 0 && l.Day == 0:
		add("date", true, "letter.missing.date")
	case l.Year == 0:
		add("year", true, "letter.blank.year")
	case l.Month == 0:
		add("month", true, "letter.blank.month", l.Year)
	case l.Day == 0:
		add("day", true, "letter.blank.day", l.Month, l.Year)
	default:
		add("date", false, "letter.found.date", l.Day, l.Month, l.Year)
	}
	if l.Subject != "" {
		add("subject", false, "letter.found.subject", l.Subject)
	} else {
		add("subject", true, "letter.missing.subject")
	}
	if len(l.Recipients) > 0 {
		add("recipients", false, "letter.found.recipients", len(l.Recipients), strings.Join(l.Recipients, "; "))
	} else {
		add("recipients", true, "letter.missing.recipients")
	}
	if l.Body != "" {
		add("body", false, "letter.found.body", strings.Count(l.Body, "\n\n")+1, len([]rune(l.Body)))
	} else {
		add("body", true, "letter.missing.body")
	}
	switch {
	case l.SignerName != "" && len(l.SignerRole) > 0:
		add("signer", false, "letter.found.signer", l.SignerName, strings.Join(l.SignerRole, " / "))
	case l.SignerName != "":
		add("signer_role", true, "letter.missing.signer_role", l.SignerName)
	case len(l.SignerRole) > 0:
		add("signer_name", true, "letter.missing.signer_name", strings.Join(l.SignerRole, " / "))
	default:
		add("signer", true, "letter.missing.signer")
	}
	if len(l.CC) > 0 {
		add("cc", false, "letter.found.cc", len(l.CC), strings.Join(l.CC, "; "))
	} else {
		add("cc", true, "letter.missing.cc")
	}
	return out
}
