package doctor_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/doctor"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// inProcess serves each request with h in the caller's goroutine: no network, so that a
// sandbox and doctor can run together in a synctest bubble.
type inProcess struct{ h http.Handler }

func (p inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// updates records, for each contact/update, whether it carried unifiedIdentifierName.
type updates struct {
	mu   sync.Mutex
	with []bool
}

func (u *updates) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/contact/update") {
			u.mu.Lock()
			u.with = append(u.with, r.URL.Query().Get("unifiedIdentifierName") != "")
			u.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

// bubbleTarget is a client of a sandbox playing b, served in process.
func bubbleTarget(t *testing.T, b sandbox.Behaviour) (*engage.Client, *sandbox.Server) {
	t.Helper()
	box, err := sandbox.New(sandbox.Options{Behaviour: b})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { box.Close() })
	c, err := engage.New(engage.Config{BaseURL: "http://sandbox.test/api/rest/v19", HTTP: &http.Client{Transport: inProcess{box}}})
	if err != nil {
		t.Fatal(err)
	}
	return c, box
}

// TestProbeWaitsForAsyncUpdate: on a tenant whose updates show only 3 s later, the probe reads
// again after waiting and concludes from the read that shows the update; concluding from the
// first read would find the first name unchanged and the update behaviour unknown.
func TestProbeWaitsForAsyncUpdate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, box := bubbleTarget(t, sandbox.Behaviour{Update: sandbox.UpdateReplace,
			Definitions: sandbox.Definitions{Unlisted: true, VisibleAfter: 3 * time.Second}})
		res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: []string{"Tier"},
			Mobiles: []string{"+447700900051"}})
		f := finding(t, res, "update behaviour")
		if res.Tenant.Update != engage.UpdateReplaces || !f.OK || !strings.Contains(f.Found, "asynchronously") {
			t.Errorf("tenant %+v, finding %+v; want replace, found after waiting", res.Tenant, f)
		}
		if got := box.Stats().Requests["get"]["200"]; got != 3 {
			t.Errorf("%d reads of the probe contact, want 3 (two before the update showed)", got)
		}
	})
}

// TestProbeAsyncNeverShows: an update that does not show within the reads leaves the behaviour
// unknown and says so.
func TestProbeAsyncNeverShows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _ := bubbleTarget(t, sandbox.Behaviour{Definitions: sandbox.Definitions{Unlisted: true, VisibleAfter: time.Minute}})
		res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, Mobiles: []string{"+447700900052"}})
		if f := finding(t, res, "update behaviour"); f.OK || res.Tenant.Update != "" || !strings.Contains(f.Found, "had not changed") {
			t.Errorf("finding %+v, tenant %+v", f, res.Tenant)
		}
	})
}

// TestUnifiedNameTriedWithoutFirst: the probe's updates go without unifiedIdentifierName; only on
// a tenant that refuses that do they carry it, and the profile says in which form.
func TestUnifiedNameTriedWithoutFirst(t *testing.T) {
	for _, require := range []bool{false, true} {
		seen := &updates{}
		c, _ := target(t, sandbox.Behaviour{RequireUnifiedIdentifierName: require}, seen.wrap)
		res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: []string{"Tier"},
			Mobiles: []string{"+447700900053"}})
		if len(seen.with) < 2 || seen.with[0] {
			t.Fatalf("require=%t: updates carried it %v, want the first without", require, seen.with)
		}
		for i, with := range seen.with[1:] {
			if with != require {
				t.Errorf("require=%t: update %d carried it: %t", require, i+2, with)
			}
		}
		want, form := engage.NotRequired, ""
		if require {
			want, form = engage.Required, engage.UnifiedFormValue
		}
		if res.Tenant.UnifiedIdentifierName != want || res.Tenant.UnifiedIdentifierForm != form || res.Blocking() {
			t.Errorf("require=%t: tenant %+v, findings %+v", require, res.Tenant, res.Findings)
		}
	}
}
