package vntext

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// perturb changes s in small random ways: symbols, spaces, case, joined pieces.
func perturb(r *rand.Rand, s string, others []string) string {
	inserts := []string{"“", "”", "-", " - ", ".", ",", "/", "(", ")", "\u0301", "\u00a0", "  ", "\xff", "7", "0",
		"h", "T", "Q.", "ĐT", "@", ":", "%", "'", "^", "~", "KT.", "UB", " MTTQ", "10", "2024", "CỘNG", " HOÀ", "…"}
	rs := []rune(s)
	switch r.Intn(6) {
	case 0: // insert a symbol
		k := r.Intn(len(rs) + 1)
		return string(rs[:k]) + inserts[r.Intn(len(inserts))] + string(rs[k:])
	case 1: // delete a character
		if len(rs) > 0 {
			k := r.Intn(len(rs))
			return string(rs[:k]) + string(rs[k+1:])
		}
	case 2: // upper case
		return strings.ToUpper(s)
	case 3: // join with another case
		return s + inserts[r.Intn(len(inserts))] + others[r.Intn(len(others))]
	case 4: // swap neighbours
		if len(rs) > 1 {
			k := r.Intn(len(rs) - 1)
			rs[k], rs[k+1] = rs[k+1], rs[k]
			return string(rs)
		}
	}
	return s + " " + others[r.Intn(len(others))]
}

// TestPropertiesOnPerturbedCases checks, on thousands of variations of the cases,
// what the fuzz tests check: valid NFC UTF-8, one line out per line in,
// idempotence, and spans in order over the input.
func TestPropertiesOnPerturbedCases(t *testing.T) {
	normalizers := []*Normalizer{
		newNormalizer(t, Options{}),
		newNormalizer(t, Options{Dialect: Southern, TonePlacement: ToneNew, DayPrefix: "mồng", PlainFour: true}),
	}
	var ins []string
	for _, c := range casesTable {
		ins = append(ins, c.in)
	}
	r := rand.New(rand.NewSource(20240704))
	failures := 0
	for i := 0; i < propertyRounds && failures < 10; i++ {
		in := ins[r.Intn(len(ins))]
		for k := r.Intn(3) + 1; k > 0; k-- {
			in = perturb(r, in, ins)
		}
		for _, n := range normalizers {
			out := n.Normalize(in)
			if !utf8.ValidString(out) || !norm.NFC.IsNormalString(out) {
				t.Errorf("Normalize(%q) = %q: not valid NFC", in, out)
				failures++
			}
			if strings.Count(out, "\n") != strings.Count(in, "\n") {
				t.Errorf("Normalize(%q) = %q: line count changed", in, out)
				failures++
			}
			if again := n.Normalize(out); again != out {
				t.Errorf("not idempotent:\n in    %q\n once  %q\n twice %q", in, out, again)
				failures++
			}
			last := 0
			for _, sp := range n.Spans(in) {
				if sp.Start < last || sp.End < sp.Start || sp.End > len(in) || in[sp.Start:sp.End] != sp.Written {
					t.Errorf("Spans(%q): bad span %+v", in, sp)
					failures++
					break
				}
				last = sp.End
			}
		}
	}
}

// propertyRounds is kept small for the normal test run.
var propertyRounds = 4000
