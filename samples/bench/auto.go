package main

import (
	"context"
	"time"
)

// autoLatencies are the sandbox latencies of the auto scenario: from a fast tenant to the slow
// one of issue 11 (1.5 s) and beyond.
var autoLatencies = []time.Duration{20 * time.Millisecond, 200 * time.Millisecond, 1500 * time.Millisecond, 5 * time.Second}

// auto imports at --rate 10 with default flags (no --workers: automatic requests in flight)
// against a sandbox answering after each latency in turn, b.size.auto rows each (45 s at 10/s
// in a full run), and measures the rate achieved, the busiest second and the peak in flight.
func (b *bench) auto(ctx context.Context) ([]row, error) {
	var rows []row
	for _, lat := range autoLatencies {
		got, err := b.rateRun(ctx, "auto", 10, lat, 0, b.size.auto)
		rows = append(rows, got...)
		if err != nil {
			return rows, err
		}
	}
	return rows, nil
}
