package export

import (
	"fmt"
	"strconv"
	"strings"

	"loa/pkg/i18n"
)

// Shard is part K of N of an export (1 ≤ K ≤ N). The zero value and 1/1
// mean the whole export.
//
// The work is split by ward and day, not by slot: a ward's day (its slots,
// its playlist, its folder) belongs to exactly one shard, so shards never
// write in the same folder. The ward-days are sorted by date then ward id
// and dealt round-robin, so every shard given the same arguments computes
// the same split and the shares differ by at most one ward-day.
type Shard struct{ K, N int }

// ParseShard reads "K/N".
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni || ni > 10000 {
		return Shard{}, i18n.Errorf("export.bad_shard", s)
	}
	return Shard{K: ki, N: ni}, nil
}

// Whole reports whether the shard is the whole export.
func (s Shard) Whole() bool { return s.N <= 1 }

func (s Shard) String() string {
	if s.Whole() {
		return "1/1"
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// fileTag is used in file names: K-of-N.
func (s Shard) fileTag() string { return fmt.Sprintf("%d-of-%d", s.K, s.N) }

// PartName is the manifest part a shard writes.
func (s Shard) PartName() string { return "manifest.part-" + s.fileTag() + ".json" }

// owns reports whether ward-day number i (in sorted order) is this shard's.
func (s Shard) owns(i int) bool {
	if s.Whole() {
		return true
	}
	return i%s.N == s.K-1
}
