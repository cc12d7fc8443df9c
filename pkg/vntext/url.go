package vntext

import (
	"strings"
)

// maxAddress is the longest web or e-mail address read as one.
const maxAddress = 512

func isAlnumByte(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

func isURLByte(c byte) bool {
	if isAlnumByte(c) {
		return true
	}
	return strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", c) >= 0
}

// address reads a web or e-mail address starting at token i:
// https://khonggianmang.vn/ → "không gian mạng chấm vê en".
func (e *engine) address(i int) (int, bool) {
	// An address has a dot, an @ or a colon right after its first word.
	if i+1 >= len(e.toks) || e.toks[i+1].kind != tkPunct {
		return 0, false
	}
	switch e.text[e.toks[i+1].start] {
	case '.', '@', ':', '-', '_':
	default:
		return 0, false
	}
	p := e.toks[i].start
	s := e.text[p:]
	if s == "" || !isAlnumByte(s[0]) {
		return 0, false
	}
	q := 0
	for q < len(s) && q < maxAddress && isURLByte(s[q]) {
		q++
	}
	if q == maxAddress {
		return 0, false
	}
	seg := s[:q]
	if !strings.ContainsAny(seg, ".@") {
		return 0, false
	}
	for seg != "" && strings.IndexByte(".,;:!?)'\"]>(", seg[len(seg)-1]) >= 0 {
		seg = seg[:len(seg)-1]
	}
	if seg == "" {
		return 0, false
	}
	spoken, ok := e.n.readAddress(seg)
	if !ok {
		return 0, false
	}
	j := e.tokenEndingAt(i, p+len(seg))
	if j < 0 {
		return 0, false
	}
	e.emit(i, j, spoken)
	return j, true
}

// readAddress reads a URL (scheme dropped, query and fragment not read, trailing
// slash dropped) or an e-mail address.
func (n *Normalizer) readAddress(seg string) (string, bool) {
	lower := strings.ToLower(seg)
	rest := seg
	hasScheme := false
	for _, sc := range []string{"https://", "http://", "ftp://"} {
		if strings.HasPrefix(lower, sc) {
			rest, hasScheme = seg[len(sc):], true
			break
		}
	}
	if at := strings.IndexByte(rest, '@'); at >= 0 && !hasScheme {
		local, domain := rest[:at], rest[at+1:]
		if local == "" || strings.ContainsAny(local, "/:@?#") || !validHost(domain, true) {
			return "", false
		}
		lp := n.readLocal(local)
		if lp == "" {
			return "", false
		}
		return lp + " a còng " + n.readHost(domain), true
	}
	hostEnd := strings.IndexAny(rest, "/?#")
	if hostEnd < 0 {
		hostEnd = len(rest)
	}
	host, tail := rest[:hostEnd], rest[hostEnd:]
	port := ""
	if c := strings.IndexByte(host, ':'); c >= 0 {
		port, host = host[c+1:], host[:c]
		if _, ok := atoi(port); !ok {
			return "", false
		}
	}
	www := strings.HasPrefix(strings.ToLower(host), "www.")
	if !validHost(host, !hasScheme && !www) {
		return "", false
	}
	if !hasScheme && !www && tail != "" && !strings.HasPrefix(tail, "/") {
		return "", false
	}
	var b strings.Builder
	b.WriteString(n.readHost(host))
	if port != "" {
		b.WriteString(" hai chấm ")
		b.WriteString(digitsSpoken(port))
	}
	if k := strings.IndexAny(tail, "?#"); k >= 0 {
		tail = tail[:k]
	}
	for _, segm := range strings.Split(tail, "/") {
		if segm == "" {
			continue
		}
		part := n.readPart(segm)
		if part == "" {
			continue
		}
		b.WriteString(" gạch chéo ")
		b.WriteString(part)
	}
	return b.String(), true
}

// validHost checks a host name; needTLD requires a known top-level domain.
func validHost(host string, needTLD bool) bool {
	if host == "" || len(host) > 253 {
		return false
	}
	labels := strings.Split(host, ".")
	if needTLD && len(labels) < 2 {
		return false
	}
	letters := false
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return false
		}
		for k := 0; k < len(l); k++ {
			c := l[k]
			if !isAlnumByte(c) && c != '-' {
				return false
			}
			if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') {
				letters = true
			}
		}
	}
	if !letters {
		return false
	}
	if needTLD && !topLevelDomains[strings.ToLower(labels[len(labels)-1])] {
		return false
	}
	return true
}

func (n *Normalizer) readHost(host string) string {
	labels := strings.Split(host, ".")
	parts := make([]string, 0, len(labels))
	for _, l := range labels {
		parts = append(parts, n.readPart(l))
	}
	return strings.Join(parts, " chấm ")
}

// readLocal reads the part of an e-mail address before @.
func (n *Normalizer) readLocal(local string) string {
	return n.readPart(local)
}

// readPart reads a label or path segment: runs of letters (dictionary words, known
// parts, spelled acronyms), runs of digits (digit by digit) and the symbols between.
func (n *Normalizer) readPart(s string) string {
	var parts []string
	for k := 0; k < len(s); {
		c := s[k]
		switch {
		case (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'):
			j := k
			for j < len(s) && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')) {
				j++
			}
			parts = append(parts, n.readLetters(strings.ToLower(s[k:j])))
			k = j
		case c >= '0' && c <= '9':
			j := k
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			parts = append(parts, digitsSpoken(s[k:j]))
			k = j
		default:
			switch c {
			case '.':
				parts = append(parts, "chấm")
			case '-':
				parts = append(parts, "gạch ngang")
			case '_':
				parts = append(parts, "gạch dưới")
			case '+':
				parts = append(parts, "cộng")
			}
			k++
		}
	}
	return strings.Join(parts, " ")
}

// readLetters reads a run of lower-case ASCII letters from an address.
func (n *Normalizer) readLetters(w string) string {
	if v, ok := n.words[w]; ok {
		return v
	}
	if v, ok := domainParts[w]; ok {
		return v
	}
	if seg, ok := n.segment(w); ok {
		return seg
	}
	if len(w) >= 2 && isFoldedSyllable(w) {
		return w // tin, tuc: read as written
	}
	if len(w) <= 3 || !hasASCIIVowel(w) {
		return spell(w)
	}
	if len(w) >= 6 { // shorter ones are more often English words: home, login
		if seg, ok := n.split(w); ok {
			return seg
		}
	}
	return w
}

// foldedRimes are the rimes as web addresses write them, without any mark (uôi → uoi).
var foldedRimes = func() map[string]bool {
	m := map[string]bool{}
	for r := range rimes {
		m[Fold(r)] = true
	}
	return m
}()

// isFoldedSyllable reports whether w (lower-case ASCII) is a Vietnamese syllable
// written without marks: tuoi, nguoi, dang.
func isFoldedSyllable(w string) bool {
	for _, on := range onsets {
		if on == "đ" || !strings.HasPrefix(w, on) {
			continue
		}
		if rest := w[len(on):]; foldedRimes[rest] || (on == "gi" && (rest == "" || foldedRimes["i"+rest])) {
			return true
		}
		return on == "gi" && foldedRimes[w[1:]]
	}
	return foldedRimes[w]
}

// split reads an unknown run of letters as dictionary words, unmarked syllables and
// spelled consonant clusters, with the fewest pieces: tuoitre → tuoi tre,
// phongvhtt → phong vê hát tê tê. ok is false when it cannot be read whole.
func (n *Normalizer) split(w string) (string, bool) {
	if len(w) > 64 {
		return "", false
	}
	const inf = 1 << 30
	cost := make([]int, len(w)+1)
	from := make([]int, len(w)+1)
	kind := make([]byte, len(w)+1) // 'w' word, 's' syllable, 'c' consonants
	for i := 1; i <= len(w); i++ {
		cost[i] = inf
		for l := min(i, 12); l >= 1; l-- { // on a tie, the longer last piece: ho tro, not hot ro
			piece := w[i-l : i]
			c, k := inf, byte(0)
			if _, ok := n.words[piece]; ok && l >= 2 {
				c, k = 0, 'w'
			} else if _, ok := domainParts[piece]; ok && l >= 2 {
				c, k = 0, 'w'
			} else if l >= 2 && isFoldedSyllable(piece) {
				c, k = 1, 's'
			} else if l >= 2 && l <= 4 && !hasASCIIVowel(piece) {
				c, k = 3, 'c'
			}
			if c < inf && cost[i-l] < inf && cost[i-l]+c < cost[i] {
				cost[i], from[i], kind[i] = cost[i-l]+c, i-l, k
			}
		}
	}
	if cost[len(w)] >= inf {
		return "", false
	}
	var parts []string
	for i := len(w); i > 0; i = from[i] {
		piece := w[from[i]:i]
		switch kind[i] {
		case 'w':
			if v, ok := n.words[piece]; ok {
				piece = v
			} else {
				piece = domainParts[piece]
			}
		case 'c':
			piece = spell(piece)
		}
		parts = append(parts, piece)
	}
	if len(parts) < 2 {
		return "", false
	}
	for a, b := 0, len(parts)-1; a < b; a, b = a+1, b-1 {
		parts[a], parts[b] = parts[b], parts[a]
	}
	return strings.Join(parts, " "), true
}

// segment splits w into dictionary words ("congan" + "backan"), if it can be split whole.
func (n *Normalizer) segment(w string) (string, bool) {
	if len(w) < 4 || len(w) > 64 {
		return "", false
	}
	// prev[i] is the start of the last word of a segmentation of w[:i], or -1.
	prev := make([]int, len(w)+1)
	for i := range prev {
		prev[i] = -1
	}
	prev[0] = 0
	for i := 1; i <= len(w); i++ {
		for l := min(n.wordMax, i); l >= 2; l-- {
			if prev[i-l] < 0 {
				continue
			}
			if _, ok := n.words[w[i-l:i]]; ok {
				prev[i] = i - l
				break
			}
		}
	}
	if prev[len(w)] < 0 {
		return "", false
	}
	var parts []string
	for i := len(w); i > 0; i = prev[i] {
		parts = append(parts, n.words[w[prev[i]:i]])
	}
	for a, b := 0, len(parts)-1; a < b; a, b = a+1, b-1 {
		parts[a], parts[b] = parts[b], parts[a]
	}
	return strings.Join(parts, " "), true
}

func hasASCIIVowel(w string) bool {
	for i := 0; i < len(w); i++ {
		if isASCIIVowel(w[i]) {
			return true
		}
	}
	return false
}
