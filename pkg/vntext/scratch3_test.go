package vntext

import "testing"

func TestScratchDebug(t *testing.T) {
	n, _ := New(Options{Dialect: Southern, TonePlacement: ToneNew})
	for _, in := range []string{"0\u0302A\u03010"} {
		e := &engine{n: n}
		t.Logf("pass1 %+v", e.line(in, 0))
		out := n.Normalize(in)
		t.Logf("out %q", out)
		e2 := &engine{n: n}
		t.Logf("pass2 %+v", e2.line(out, 0))
		t.Logf("spans %+v", n.Spans(in))
	}
}
