package loudness

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The folded polyphase evaluation equals the plain one, phase by phase.
func TestIntervalPeakMatchesDirectPolyphase(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, l := range []int{2, 4, 8} {
		o := newOversampler(l)
		phases := make([][taps]float64, l)
		for p := 1; p < l; p++ {
			phases[p] = phaseCoefficients(l, p)
		}
		for range 1000 {
			w := make([]float32, taps)
			for j := range w {
				w[j] = float32(rng.NormFloat64())
			}
			want := 0.0
			for p := 1; p < l; p++ {
				v := 0.0
				for j, c := range phases[p] {
					v += c * float64(w[j])
				}
				want = math.Max(want, math.Abs(v))
			}
			if got := float64(o.intervalPeak(w)); math.Abs(got-want) > 1e-5 {
				t.Fatalf("L=%d: folded %g, direct %g", l, got, want)
			}
		}
	}
}

// Phase 0 of the prototype is the identity (a Nyquist filter), every phase
// has unity DC gain, and mirrored phases are mirror images.
func TestInterpolatorDesign(t *testing.T) {
	for _, l := range []int{2, 4, 8} {
		for p := 1; p < l; p++ {
			c := phaseCoefficients(l, p)
			m := phaseCoefficients(l, l-p)
			sum := 0.0
			for j := range c {
				sum += c[j]
				if math.Abs(c[j]-m[taps-1-j]) > 1e-12 {
					t.Fatalf("L=%d p=%d: tap %d is %g, mirror %g", l, p, j, c[j], m[taps-1-j])
				}
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("L=%d p=%d: DC gain %g", l, p, sum)
			}
		}
		o := newOversampler(l)
		if o.bound < 1 || o.bound > 2.5 {
			t.Errorf("L=%d: bound %g", l, o.bound)
		}
	}
}
