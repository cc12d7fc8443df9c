package letter

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"loa/pkg/notice"
)

// Format writes n as a notice file: YAML front matter in the order of the
// design (id, title, tactic, priority, valid_from, valid_until,
// plays_per_week, max_per_day, wards, exclude_wards, source, approved_by,
// approved_at, approved_hash), then the body. Counts that are zero,
// exclude_wards when empty and approved_at when empty are left out; the other
// keys are always written so that a draft shows what is to be filled in.
// Texts are written plain when that is unambiguous YAML and double-quoted
// with escapes otherwise. For any notice that notice.Parse returns,
// notice.Parse(Format(n)) gives the same fields back.
func Format(n *notice.Notice) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	field := func(key, value string) {
		b.WriteString(key)
		b.WriteString(":")
		if value != "" {
			b.WriteString(" ")
			b.WriteString(value)
		}
		b.WriteString("\n")
	}
	field("id", yamlString(n.ID, false))
	field("title", yamlString(n.Title, false))
	field("tactic", yamlString(n.Tactic, false))
	prio := n.Priority
	if prio == "" {
		prio = notice.Normal
	}
	field("priority", yamlString(string(prio), false))
	field("valid_from", yamlDate(n.ValidFrom))
	field("valid_until", yamlDate(n.ValidUntil))
	if n.PlaysPerWeek != 0 {
		field("plays_per_week", strconv.Itoa(n.PlaysPerWeek))
	}
	if n.MaxPerDay != 0 {
		field("max_per_day", strconv.Itoa(n.MaxPerDay))
	}
	field("wards", yamlList(n.Wards))
	if len(n.ExcludeWards) > 0 {
		field("exclude_wards", yamlList(n.ExcludeWards))
	}
	field("source", fmt.Sprintf("{issuer: %s, number: %s, date: %s}",
		yamlQuoted(n.Source.Issuer), yamlQuoted(n.Source.Number), yamlQuoted(n.Source.Date)))
	field("approved_by", yamlString(n.ApprovedBy, false))
	if n.ApprovedAt != "" {
		field("approved_at", yamlString(n.ApprovedAt, false))
	}
	field("approved_hash", yamlString(n.ApprovedHash, false))
	b.WriteString("---\n")
	if body := strings.TrimSpace(n.Body); body != "" {
		b.WriteString(body)
		b.WriteString("\n")
	}
	return []byte(b.String())
}

func yamlDate(d notice.Date) string {
	if d.IsZero() {
		return `""`
	}
	return d.String()
}

func yamlList(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = yamlString(s, true)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// yamlSpecial are plain scalars that YAML readers take for something other
// than text.
var yamlSpecial = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
	"y": true, "n": true, "null": true, "~": true,
}

// yamlString writes s plain when it is safe in the context (flow: inside
// [ ] or { }), double-quoted otherwise. Plain needs a letter first, then
// only letters, digits, spaces (single) and . - _ / ( ) and, outside flow, ','.
func yamlString(s string, flow bool) string {
	if s == "" {
		return `""`
	}
	if yamlSpecial[strings.ToLower(s)] || !norm.NFC.IsNormalString(s) {
		return yamlQuoted(s)
	}
	prevSpace := false
	for i, r := range s {
		switch {
		case i == 0 && !unicode.IsLetter(r):
			return yamlQuoted(s)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if r > unicode.MaxLatin1 && !printable(r) {
				return yamlQuoted(s)
			}
		case r == ' ':
			if prevSpace {
				return yamlQuoted(s)
			}
		case strings.ContainsRune(".-_/()", r):
		case r == ',' && !flow:
		default:
			return yamlQuoted(s)
		}
		prevSpace = r == ' '
	}
	if prevSpace {
		return yamlQuoted(s)
	}
	if last, _ := utf8.DecodeLastRuneInString(s); strings.ContainsRune(",-", last) {
		return yamlQuoted(s)
	}
	return s
}

// yamlQuoted writes s as a YAML double-quoted scalar. Characters YAML does
// not allow raw, line breaks, and combining marks that would follow an
// escape (and so not compose back) are escaped.
func yamlQuoted(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	// Text that is not NFC would be changed by the NFC that notice.Parse
	// applies to the whole file: write all of it escaped.
	allEscaped := !norm.NFC.IsNormalString(s)
	prevEscaped := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// Not UTF-8: write the replacement character, as notice.Parse
			// would refuse the byte anyway.
			b.WriteString(`\uFFFD`)
			i++
			prevEscaped = true
			continue
		}
		i += size
		escaped := true
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case !printable(r) || (allEscaped && r >= 0x80) || (prevEscaped && norm.NFC.PropertiesString(string(r)).CCC() != 0):
			switch {
			case r < 0x100:
				fmt.Fprintf(&b, `\x%02X`, r)
			case r < 0x10000:
				fmt.Fprintf(&b, `\u%04X`, r)
			default:
				fmt.Fprintf(&b, `\U%08X`, r)
			}
		default:
			b.WriteRune(r)
			escaped = false
		}
		prevEscaped = escaped
	}
	b.WriteByte('"')
	return b.String()
}

// printable is YAML's set of characters allowed raw in a stream, less the
// line breaks and the byte order mark.
func printable(r rune) bool {
	switch {
	case r >= 0x20 && r <= 0x7e:
		return true
	case r >= 0xa0 && r <= 0xd7ff:
		return r != 0x2028 && r != 0x2029
	case r >= 0xe000 && r <= 0xfffd:
		return r != 0xfeff
	case r >= 0x10000 && r <= 0x10ffff:
		return true
	}
	return false
}
