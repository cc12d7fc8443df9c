package notice

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"

	"loa/pkg/config"
	"loa/pkg/i18n"
)

// ErrNotFound is returned when a notice id is not in the library.
var ErrNotFound = errors.New("notice not found")

// Parse reads a notice from its file content. name is used in errors and
// becomes Notice.Path.
func Parse(name string, data []byte) (*Notice, error) {
	perr := func(line int, field, key string, args ...any) error {
		return &ParseError{File: name, Line: line, Field: field, Msg: i18n.Msg(key, args...)}
	}
	if !utf8.Valid(data) {
		return nil, perr(0, "", "notice.not_utf8")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	text := norm.NFC.String(strings.ReplaceAll(string(data), "\r\n", "\n"))
	lines := strings.Split(text, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return nil, perr(1, "", "notice.no_front_matter")
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, perr(len(lines), "", "notice.unclosed_front_matter")
	}
	front := strings.Join(lines[1:end], "\n")
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(front), &doc); err != nil {
		line, msg := yamlErrorLine(err)
		return nil, perr(line+1, "", "notice.bad_yaml", msg)
	}
	n := &Notice{Path: name, BodyLine: end + 2, Priority: Normal}
	n.Body = strings.TrimSpace(strings.Join(lines[end+1:], "\n"))
	if len(doc.Content) == 0 {
		return nil, perr(2, "", "notice.empty_front_matter")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, perr(root.Line+1, "", "notice.front_matter_not_map")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		line := k.Line + 1 // +1 for the opening ---
		key := k.Value
		if seen[key] {
			return nil, perr(line, key, "notice.duplicate_field")
		}
		seen[key] = true
		str := func() (string, error) {
			if v.Kind != yaml.ScalarNode {
				return "", perr(line, key, "notice.want_text")
			}
			return strings.TrimSpace(v.Value), nil
		}
		var err error
		switch key {
		case "id":
			n.ID, err = str()
			if err == nil && !config.ValidID(n.ID) {
				err = perr(line, key, "notice.bad_id", n.ID)
			}
		case "title":
			n.Title, err = str()
		case "tactic":
			n.Tactic, err = str()
		case "priority":
			var p string
			p, err = str()
			n.Priority = Priority(p)
			if err == nil && !n.Priority.Valid() {
				err = perr(line, key, "notice.bad_priority", p)
			}
		case "valid_from", "valid_until":
			var s string
			s, err = str()
			if err == nil && s != "" {
				var d Date
				d, err = ParseDate(s)
				if err != nil {
					err = perr(line, key, "notice.bad_date", s)
				} else if key == "valid_from" {
					n.ValidFrom = d
				} else {
					n.ValidUntil = d
				}
			}
		case "plays_per_week", "max_per_day":
			var s string
			s, err = str()
			if err == nil {
				var x int
				x, err = strconv.Atoi(s)
				if err != nil || x < 0 || x > 100 {
					err = perr(line, key, "notice.bad_count", s)
				} else if key == "plays_per_week" {
					n.PlaysPerWeek = x
				} else {
					n.MaxPerDay = x
				}
			}
		case "wards", "exclude_wards":
			var ids []string
			ids, err = stringList(v)
			if err != nil {
				err = perr(line, key, "notice.want_list")
			}
			for _, id := range ids {
				if err == nil && id != "all" && !config.ValidID(id) {
					err = perr(line, key, "notice.bad_ward", id)
				}
			}
			if key == "wards" {
				n.Wards = ids
			} else {
				n.ExcludeWards = ids
			}
		case "source":
			err = parseSource(v, &n.Source, func(l int, f string) error {
				return perr(l+1, "source."+f, "notice.want_text")
			}, func(l int, f string) error {
				return perr(l+1, "source."+f, "notice.unknown_field")
			})
		case "approved_by":
			n.ApprovedBy, err = str()
		case "approved_at":
			n.ApprovedAt, err = str()
		case "approved_hash":
			n.ApprovedHash, err = str()
		default:
			err = perr(line, key, "notice.unknown_field")
		}
		if err != nil {
			return nil, err
		}
	}
	for _, req := range []string{"id", "title"} {
		if !seen[req] {
			return nil, perr(2, req, "notice.missing_field")
		}
	}
	if len(n.Wards) == 0 && !seen["wards"] {
		n.Wards = []string{"all"}
	}
	if !n.ValidFrom.IsZero() && !n.ValidUntil.IsZero() && n.ValidUntil.Before(n.ValidFrom.Time) {
		return nil, perr(fieldLine(root, "valid_until"), "valid_until", "notice.until_before_from")
	}
	if n.Body == "" {
		return nil, perr(n.BodyLine, "body", "notice.empty_body")
	}
	return n, nil
}

func fieldLine(root *yaml.Node, key string) int {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return root.Content[i].Line + 1
		}
	}
	return 0
}

func stringList(v *yaml.Node) ([]string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Value == "" {
			return nil, nil
		}
		return []string{strings.TrimSpace(v.Value)}, nil
	case yaml.SequenceNode:
		out := make([]string, 0, len(v.Content))
		for _, c := range v.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, errors.New("not a list of text")
			}
			out = append(out, strings.TrimSpace(c.Value))
		}
		return out, nil
	}
	return nil, errors.New("not a list")
}

func parseSource(v *yaml.Node, s *Source, wantText, unknown func(line int, field string) error) error {
	if v.Kind != yaml.MappingNode {
		return wantText(v.Line, "")
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if val.Kind != yaml.ScalarNode {
			return wantText(k.Line, k.Value)
		}
		switch k.Value {
		case "issuer":
			s.Issuer = val.Value
		case "number":
			s.Number = val.Value
		case "date":
			s.Date = val.Value
		default:
			return unknown(k.Line, k.Value)
		}
	}
	return nil
}

// yamlErrorLine extracts "line N" from a yaml error message.
func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if i := strings.Index(msg, "line "); i >= 0 {
		rest := msg[i+5:]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if l, e := strconv.Atoi(rest[:j]); e == nil {
			return l, strings.TrimLeft(rest[j:], ": ")
		}
	}
	return 0, msg
}

// ParseFile reads and parses one notice file.
func ParseFile(path string) (*Notice, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, i18n.Wrap(err, "notice.read_failed", path, err.Error())
	}
	return Parse(path, data)
}

// Library is the set of notices in a folder.
type Library struct {
	Dir     string
	Notices []*Notice // sorted by id
	byID    map[string]*Notice
}

// LoadDir parses every *.md in dir. All problems are returned together; the
// library holds the notices that parsed.
func LoadDir(dir string) (*Library, error) {
	lib := &Library{Dir: dir, byID: map[string]*Notice{}}
	paths, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, i18n.Wrap(err, "notice.no_dir", dir)
	}
	sort.Strings(paths)
	var errs []error
	for _, p := range paths {
		n, err := ParseFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if prev, dup := lib.byID[n.ID]; dup {
			errs = append(errs, &ParseError{File: p, Line: 2, Field: "id", Msg: i18n.Msg("notice.duplicate_id", n.ID, prev.Path)})
			continue
		}
		lib.byID[n.ID] = n
		lib.Notices = append(lib.Notices, n)
	}
	sort.Slice(lib.Notices, func(i, j int) bool { return lib.Notices[i].ID < lib.Notices[j].ID })
	return lib, errors.Join(errs...)
}

// Get returns the notice with id.
func (l *Library) Get(id string) (*Notice, bool) {
	n, ok := l.byID[id]
	return n, ok
}

// Resolve takes a notice id from the library or a path to a notice file.
func (l *Library) Resolve(arg string) (*Notice, error) {
	if n, ok := l.Get(arg); ok {
		return n, nil
	}
	if strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".md") {
		return ParseFile(arg)
	}
	return nil, i18n.Wrap(fmt.Errorf("%w: %s", ErrNotFound, arg), "notice.not_found", arg, l.Dir)
}

// Active returns the notices valid on day d for ward, by priority (most
// urgent first) then id.
func (l *Library) Active(d Date, ward string) []*Notice {
	var out []*Notice
	for _, n := range l.Notices {
		if n.ValidOn(d) && n.ForWard(ward) {
			out = append(out, n)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Priority.Rank() > out[j].Priority.Rank() })
	return out
}
