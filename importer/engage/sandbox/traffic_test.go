package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/engage"
)

func create(t *testing.T, s *Server, i int) *httptest.ResponseRecorder {
	return call(t, s, "create", map[string]string{"emailAddress": fmt.Sprintf("c%d@example.org", i)})
}

func TestRateWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newTestServer(t, Options{Rate: 3})
		steps := []struct {
			at     time.Duration // since the start
			status int
		}{
			{0, 200}, {0, 200}, {0, 200},
			{0, 500}, // one more than Rate in the same second
			{999 * time.Millisecond, 500},
			{time.Second, 200}, // the first three have left the window
			{time.Second, 200},
			{time.Second, 200},
			{time.Second, 500},
			{1500 * time.Millisecond, 500},
			{2 * time.Second, 200},
		}
		start := time.Now()
		for i, st := range steps {
			time.Sleep(time.Until(start.Add(st.at)))
			rec := create(t, s, i)
			if rec.Code != st.status {
				t.Fatalf("request %d at %v: status %d, want %d", i, st.at, rec.Code, st.status)
			}
			if st.status == http.StatusInternalServerError {
				if body := envelope(t, rec); body.Message != engage.ThrottleMessage || body.ErrorActor != "SERVER" {
					t.Errorf("request %d: throttle answer %+v, want message %q from SERVER", i, body, engage.ThrottleMessage)
				}
			}
		}
		st := s.Stats()
		if st.Throttled != 4 || st.Requests[epCreate]["500"] != 4 || st.Requests[epCreate]["200"] != 7 {
			t.Errorf("stats: throttled %d, create answers %v; want 4 throttled, 7 × 200 and 4 × 500", st.Throttled, st.Requests[epCreate])
		}
		if st.Contacts != 7 {
			t.Errorf("%d contacts stored, want 7: a throttled create must not be applied", st.Contacts)
		}
	})
}

func TestLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newTestServer(t, Options{Latency: 2 * time.Second})
		start := time.Now()
		done := make(chan int)
		go func() { done <- create(t, s, 1).Code }()
		time.Sleep(2*time.Second - time.Nanosecond)
		synctest.Wait()
		select {
		case <-done:
			t.Fatalf("answered after %v, before the latency of 2s", time.Since(start))
		default:
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		select {
		case status := <-done:
			if status != http.StatusOK || time.Since(start) != 2*time.Second {
				t.Errorf("answered %d after %v, want 200 after 2s", status, time.Since(start))
			}
		default:
			t.Errorf("no answer after the latency of 2s")
		}
	})
}

func TestLatencyEndsWithTheClient(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newTestServer(t, Options{Latency: time.Minute})
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, request(ctx, http.MethodPost, "/api/rest/v19/contact/create", `{"emailAddress":"a@example.org"}`))
		if took := time.Since(start); took != time.Second {
			t.Errorf("handler returned after %v, want 1s, when the client gave up", took)
		}
		if rec.Body.Len() != 0 {
			t.Errorf("answer %q written to a client that has gone", rec.Body)
		}
	})
}

func TestPeaks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newTestServer(t, Options{Latency: 100 * time.Millisecond})
		// Arrivals at 0 s (×3, in parallel), 0.5 s (×2), 1.0 s (×1) and 1.4 s (×3): the busiest second
		// is (0.4 s, 1.4 s] with 6.
		start := time.Now()
		n := 0
		for _, burst := range []struct {
			at    time.Duration
			count int
		}{{0, 3}, {500 * time.Millisecond, 2}, {time.Second, 1}, {1400 * time.Millisecond, 3}} {
			time.Sleep(time.Until(start.Add(burst.at)))
			var wg sync.WaitGroup
			for range burst.count {
				n++
				i := n
				wg.Go(func() { create(t, s, i) })
			}
			wg.Wait()
		}
		if st := s.Stats(); st.PeakPerSecond != 6 || st.PeakConcurrent != 3 {
			t.Errorf("peak per second %d, peak concurrent %d; want 6 and 3", st.PeakPerSecond, st.PeakConcurrent)
		}
	})
}

func TestRoll(t *testing.T) {
	tr := newTraffic(42)
	hits, after := 0, 0
	kinds := map[string]int{}
	for range 1000 {
		f, ok := tr.roll(0.3)
		if !ok {
			continue
		}
		hits++
		if f.after {
			after++
		}
		kind := fmt.Sprint(f.reply.status)
		if f.reply.drop {
			kind = "dropped"
		}
		kinds[kind]++
	}
	if hits < 250 || hits > 350 {
		t.Errorf("%d faults in 1000 rolls at 0.3", hits)
	}
	if after == 0 || after == hits {
		t.Errorf("%d of %d faults after the write; want both timings", after, hits)
	}
	for _, k := range []string{"500", "502", "503", "dropped"} {
		if kinds[k] == 0 {
			t.Errorf("no %s among the faults %v", k, kinds)
		}
	}
	if _, ok := newTraffic(1).roll(0); ok {
		t.Error("roll(0) injected a fault")
	}
}

// faultRun sends creates with FailRate 1 over a socket (a dropped connection needs one) and returns
// the answers as a list of statuses and the server.
func faultRun(t *testing.T, seed uint64, n int) ([]string, *Server) {
	s := newTestServer(t, Options{FailRate: 1, Seed: seed})
	ts := httptest.NewServer(s)
	defer ts.Close()
	var got []string
	for i := range n {
		r := request(t.Context(), http.MethodPost, ts.URL+"/api/rest/v19/contact/create",
			fmt.Sprintf(`{"emailAddress":"c%d@example.org"}`, i))
		r.RequestURI = ""
		resp, err := ts.Client().Do(r)
		if err != nil {
			got = append(got, "dropped")
			continue
		}
		resp.Body.Close()
		got = append(got, fmt.Sprint(resp.StatusCode))
	}
	return got, s
}

func TestFaults(t *testing.T) {
	const n = 40
	got, s := faultRun(t, 7, n)
	counts := map[string]int{}
	for _, status := range got {
		counts[status]++
	}
	for _, k := range []string{"500", "502", "503", "dropped"} {
		if counts[k] == 0 {
			t.Errorf("no %s among %v", k, counts)
		}
	}
	if counts["200"] != 0 {
		t.Errorf("%d answers were 200 at FailRate 1", counts["200"])
	}
	st := s.Stats()
	if st.Injected != n || !equalCounts(st.Requests, map[string]map[string]int{epCreate: counts}) {
		t.Errorf("stats: injected %d, requests %v; want %d and %v", st.Injected, st.Requests, n, counts)
	}
	// Some faults hit before the write, some after: the client saw no success, yet part landed.
	if st.Contacts == 0 || st.Contacts == n {
		t.Errorf("%d of %d failed creates were applied; want some but not all", st.Contacts, n)
	}
	again, _ := faultRun(t, 7, n)
	if strings.Join(again, " ") != strings.Join(got, " ") {
		t.Errorf("the same seed gave different faults:\n%v\n%v", got, again)
	}
}

func TestStatsJSONNames(t *testing.T) {
	data, err := json.Marshal(Stats{Requests: map[string]map[string]int{}, Notifications: map[string]int{}})
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"requests":{},"total":0,"throttled":0,"injected_faults":0,"peak_per_second":0,"peak_concurrent":0,"contacts":0,"members":0,"invited":0,"notifications":{}}`
	if string(data) != want {
		t.Errorf("Stats JSON = %s, want %s", data, want)
	}
}
