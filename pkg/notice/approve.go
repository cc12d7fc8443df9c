package notice

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"loa/pkg/i18n"
)

// State is where a notice is in the editing workflow (biên tập → duyệt).
type State string

// The workflow states.
const (
	// Draft: never approved, or changed since its approval.
	Draft State = "draft"
	// Approved: the approval's hash matches the content.
	Approved State = "approved"
)

// State reports whether the notice is approved or a draft.
func (n *Notice) State() State {
	if n.Approved() {
		return Approved
	}
	return Draft
}

// Stale reports whether the notice was approved once but has changed since.
func (n *Notice) Stale() bool {
	return n.ApprovedBy != "" && n.ApprovedHash != "" && n.ApprovedHash != n.ContentHash()
}

// Approve returns the file content data with the approval fields set to
// approver by, time at and the notice's current content hash. The rest of
// the file is kept byte for byte. data must be the file n was parsed from.
func Approve(data []byte, n *Notice, by string, at time.Time) ([]byte, error) {
	by = strings.TrimSpace(by)
	if by == "" {
		return nil, i18n.Errorf("notice.approver_required")
	}
	fields := []struct{ key, value string }{
		{"approved_by", by},
		{"approved_at", at.Format(time.RFC3339)},
		{"approved_hash", n.ContentHash()},
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return nil, &ParseError{File: n.Path, Line: 1, Msg: i18n.Msg("notice.no_front_matter")}
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, &ParseError{File: n.Path, Line: len(lines), Msg: i18n.Msg("notice.unclosed_front_matter")}
	}
	for _, f := range fields {
		line := f.key + ": " + strconv.Quote(f.value)
		found := false
		for i := 1; i < end; i++ {
			if strings.HasPrefix(lines[i], f.key+":") {
				lines[i] = line
				found = true
				break
			}
		}
		if !found {
			lines = append(lines[:end], append([]string{line}, lines[end:]...)...)
			end++
		}
	}
	out := []byte(strings.Join(lines, "\n"))
	// Check the result parses and carries the approval.
	check, err := Parse(n.Path, out)
	if err != nil {
		return nil, fmt.Errorf("approval produced an unreadable file: %w", err)
	}
	if !check.Approved() {
		return nil, fmt.Errorf("approval did not take in %s", n.Path)
	}
	return out, nil
}
