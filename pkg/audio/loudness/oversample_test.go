package loudness

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Every interpolated value of a sine lies on the sine, at every factor,
// up to 0.4·fs.
func TestInterpolatorAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, l := range []int{2, 4, 8} {
		o := newOversampler(l)
		worst := 0.0
		for _, rel := range []float64{0.005, 0.02, 0.05, 0.1, 0.2, 0.3, 0.35, 0.4} {
			for range 50 {
				ph := rng.Float64() * 2 * math.Pi
				w := make([]float32, span)
				for k := range w {
					w[k] = float32(math.Sin(2*math.Pi*rel*float64(k) + ph))
				}
				for p, v := range o.values(w) {
					pos := float64(halfSpan-1) + float64(p+1)/float64(l)
					want := math.Sin(2*math.Pi*rel*pos + ph)
					worst = max(worst, math.Abs(float64(v)-want))
				}
			}
		}
		t.Logf("%d×: largest error %.5f of full scale", l, worst)
		if worst > 0.004 {
			t.Errorf("%d×: error %.5f, want ≤ 0.004", l, worst)
		}
	}
}

// The 4× grid is the 2× grid plus quarter points, and the 8× grid the 4×
// grid plus eighth points, bit for bit: the limiter (8×) and the meter (4×)
// see the same values.
func TestInterpolatorGridsNest(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	o2, o4, o8 := newOversampler(2), newOversampler(4), newOversampler(8)
	for range 200 {
		w := make([]float32, span)
		for k := range w {
			w[k] = float32(rng.NormFloat64())
		}
		v2, v4, v8 := o2.values(w), o4.values(w), o8.values(w)
		if v4[1] != v2[0] {
			t.Fatalf("4× midpoint %g, 2× %g", v4[1], v2[0])
		}
		for i, v := range v4 {
			if v8[2*i+1] != v {
				t.Fatalf("8× point %d = %g, 4× point %d = %g", 2*i+1, v8[2*i+1], i, v)
			}
		}
	}
}

// run's peaks are the largest magnitudes of its values; the bound holds.
func TestInterpolatorPeaksAndBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, l := range []int{2, 4, 8} {
		o := newOversampler(l)
		if o.bound < 1 || o.bound > 3 {
			t.Errorf("%d×: bound %g", l, o.bound)
		}
		const n = 300
		w := make([]float32, n+span-1)
		for k := range w {
			w[k] = float32(rng.NormFloat64())
		}
		vals := make([]float32, n*(l-1))
		o.run(w, n, vals)
		for i := range n {
			var p float32
			for _, v := range vals[i*(l-1) : (i+1)*(l-1)] {
				p = max(p, abs32(v))
			}
			if p != o.peaks[i] {
				t.Fatalf("%d×: interval %d peak %g, values say %g", l, i, o.peaks[i], p)
			}
			// No value exceeds bound × the largest sample it depends on.
			if float64(p) > o.bound*float64(maxAbs(w[i:i+span])) {
				t.Fatalf("%d×: interval %d: %g over the bound", l, i, p)
			}
		}
	}
	for _, n := range []int{4, 3, 12} {
		sum := 0.0
		for _, c := range midpointCoefficients(n, 6) {
			sum += 2 * c
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("midpoint filter of %d taps a side: DC gain %g", n, sum)
		}
	}
}
