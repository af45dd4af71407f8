package main

import (
	"math"
	"testing"
	"time"
)

func TestSustainedRate(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// at returns samples every 100 ms with the given counts.
	at := func(counts ...int) []sample {
		var out []sample
		for i, c := range counts {
			out = append(out, sample{at: t0.Add(time.Duration(i) * 100 * time.Millisecond), calls: c})
		}
		return out
	}
	steady := []int{0}
	for i := 1; i <= 100; i++ {
		steady = append(steady, i) // 10 requests per second
	}
	slowStart := append([]int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, steady...) // 1 s before the first request
	tests := []struct {
		name    string
		samples []sample
		want    float64
	}{
		{"steady", at(steady...), 10},
		{"slow start left out", at(slowStart...), 10},
		{"offset baseline", at(500, 500, 510, 520, 530, 540, 550, 560, 570, 580, 590, 600), 100},
		{"no requests", at(0, 0, 0, 0), 0},
		{"one sample", at(5), 0},
		{"no samples", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sustainedRate(tt.samples, 0.05, 0.95)
			if math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("sustainedRate = %v, want %v", got, tt.want)
			}
		})
	}
}
