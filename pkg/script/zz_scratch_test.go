package script

import (
	"fmt"
	"testing"
	"unicode/utf8"
	"strings"
)

func TestZZStats(t *testing.T) {
	cfg := exampleConfig(t)
	var n, two int
	var minD, maxD int64 = 1 << 40, 0
	var sum float64
	var cps []float64
	for _, nt := range allNotices(t) {
		s := buildFor(t, cfg, nil, nt)
		for _, c := range subtitleCues(s) {
			d := c.End - c.Start
			n++
			if len(c.Lines) == 2 { two++ }
			if d < minD { minD = d }
			if d > maxD { maxD = d }
			sum += float64(d)
			cps = append(cps, float64(utf8.RuneCountInString(strings.Join(c.Lines, " "))) / (float64(d)/1000))
		}
		p := socialPost(s, OptionsFor(cfg, nil))
		_ = p
	}
	mx := 0.0
	for _, c := range cps { if c > mx { mx = c } }
	fmt.Printf("cues %d, two-line %d, dur min %d max %d mean %.0f ms, max cps %.1f\n", n, two, minD, maxD, sum/float64(n), mx)
	for _, nt := range allNotices(t) {
		s := buildFor(t, cfg, nil, nt)
		var o []any
		_ = o
		p := socialPost(s, OptionsFor(cfg, nil))
		fmt.Printf("%d ", utf8.RuneCountInString(p))
	}
	fmt.Println()
}
