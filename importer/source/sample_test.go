package source

import (
	"fmt"
	"testing"
)

// TestEvenSpread checks that the rows between the first and the last ones are sampled evenly
// over the whole file, never more than SampleSpread of them.
func TestEvenSpread(t *testing.T) {
	for _, n := range []int{10, SampleSpread, SampleSpread + 1, 3*SampleSpread + 7, 100_000} {
		var e evenSpread
		for i := range n {
			e.add([]string{fmt.Sprint(i)})
		}
		if len(e.rows) > SampleSpread || n <= SampleSpread && len(e.rows) != n || n > SampleSpread && len(e.rows) < SampleSpread/2 {
			t.Errorf("%d rows: %d kept, want all up to %d and at least half of that", n, len(e.rows), SampleSpread)
		}
		// Kept rows are evenly spaced, from the first row to near the last.
		step := -1
		for i := 1; i < len(e.rows); i++ {
			var a, b int
			fmt.Sscan(e.rows[i-1][0], &a)
			fmt.Sscan(e.rows[i][0], &b)
			if step < 0 {
				step = b - a
			}
			if b-a != step {
				t.Fatalf("%d rows: uneven spread at %d: %d after %d, step %d", n, i, b, a, step)
			}
		}
		var last int
		fmt.Sscan(e.rows[len(e.rows)-1][0], &last)
		if e.rows[0][0] != "0" || n-last > 2*max(step, 1) {
			t.Errorf("%d rows: spread from %s to %d, want from 0 to near %d", n, e.rows[0][0], last, n-1)
		}
	}
}
