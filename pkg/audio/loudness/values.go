package loudness

import (
	"fmt"
	"math"
)

// Measured reports whether a value of a Result was measured: not -Inf
// (silence, too short) and not NaN (true peak off).
func Measured(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }

// JSONValue is x for JSON: nil (null) when unmeasured, since JSON has no
// infinities.
func JSONValue(x float64) *float64 {
	if !Measured(x) {
		return nil
	}
	return &x
}

// FromJSON reads a JSONValue back: nil is -Inf.
func FromJSON(p *float64) float64 {
	if p == nil {
		return math.Inf(-1)
	}
	return *p
}

// Format prints a value with one decimal, or "-inf" when unmeasured.
func Format(x float64) string {
	if !Measured(x) {
		return "-inf"
	}
	return fmt.Sprintf("%.1f", x)
}

// Rounded is x to 0.01 — all a meter reading is good for, and stable
// against differences in the last bits of a computation.
func Rounded(x float64) float64 { return math.Round(x*100) / 100 }
