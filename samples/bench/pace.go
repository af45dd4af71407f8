package main

import (
	"context"
	"time"
)

// sample is the sandbox's count of contact requests at one moment.
type sample struct {
	at    time.Time
	calls int
}

// pollCalls samples srv's request count every interval until the returned function is called,
// which returns the samples. Reading the stats is not a contact request, so it does not count.
func pollCalls(ctx context.Context, srv *server, interval time.Duration) (stop func() []sample) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan []sample, 1)
	go func() {
		var out []sample
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if st, err := srv.readStats(ctx); err == nil {
				out = append(out, sample{at: time.Now(), calls: st.Calls()})
			}
			select {
			case <-ctx.Done():
				done <- out
				return
			case <-t.C:
			}
		}
	}()
	return func() []sample {
		cancel()
		return <-done
	}
}

// sustainedRate is the request rate between the moments the run had made lo and hi shares of
// its requests, which leaves out the start (process start-up, the first request's wait) and the
// end (the last answers, report and summary). It returns 0 when the samples do not span enough.
func sustainedRate(samples []sample, lo, hi float64) float64 {
	if len(samples) < 2 {
		return 0
	}
	base := samples[0].calls
	total := samples[len(samples)-1].calls - base
	first, last := -1, -1
	for i, s := range samples {
		done := float64(s.calls - base)
		if first < 0 && done >= lo*float64(total) {
			first = i
		}
		if done <= hi*float64(total) {
			last = i
		}
	}
	if first < 0 || last <= first {
		return 0
	}
	d := samples[last].at.Sub(samples[first].at).Seconds()
	if d <= 0 {
		return 0
	}
	return float64(samples[last].calls-samples[first].calls) / d
}
