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

// bubbleTarget is a client of a sandbox playing b, served in process, through wrap when not nil.
func bubbleTarget(t *testing.T, b sandbox.Behaviour, wrap func(http.Handler) http.Handler) (*engage.Client, *sandbox.Server) {
	t.Helper()
	box, err := sandbox.New(sandbox.Options{Behaviour: b})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { box.Close() })
	var h http.Handler = box
	if wrap != nil {
		h = wrap(box)
	}
	c, err := engage.New(engage.Config{BaseURL: "http://sandbox.test/api/rest/v19", HTTP: &http.Client{Transport: inProcess{h}}})
	if err != nil {
		t.Fatal(err)
	}
	return c, box
}

// TestProbeWaitsForAsyncUpdate: on a tenant without contact/checkUpdateVersion whose updates show
// only 3 s later, the probe reads again after waiting and concludes from the read that shows the
// update; concluding from the first read would find the first name unchanged and the update
// behaviour unknown.
func TestProbeWaitsForAsyncUpdate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, box := bubbleTarget(t, sandbox.Behaviour{Update: sandbox.UpdateReplace,
			Definitions: sandbox.Definitions{Unlisted: true, VisibleAfter: 3 * time.Second}}, nil)
		res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: []string{"Tier"},
			Mobiles: []string{"+447700900051"}})
		f := finding(t, res, "update behaviour")
		if res.Tenant.Update != engage.UpdateReplaces || !f.OK || !strings.Contains(f.Found, "asynchronously") ||
			!strings.Contains(f.Found, "checkUpdateVersion was not used, as this tenant does not answer it (HTTP 404)") {
			t.Errorf("tenant %+v, finding %+v; want replace, found after waiting", res.Tenant, f)
		}
		st := box.Stats()
		if got := st.Requests["get"]["200"]; got != 3 {
			t.Errorf("%d reads of the probe contact, want 3 (two before the update showed)", got)
		}
		if got := st.Requests["contact/checkUpdateVersion"]; got["404"] != 1 || len(got) != 1 {
			t.Errorf("checkUpdateVersion answers %v, want one 404", got)
		}
	})
}

// TestProbeAsyncNeverShows: an update that does not show within the reads leaves the behaviour
// unknown and says so.
func TestProbeAsyncNeverShows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _ := bubbleTarget(t, sandbox.Behaviour{Definitions: sandbox.Definitions{Unlisted: true, VisibleAfter: time.Minute}}, nil)
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

// TestProbeWaitsForSaved: on a tenant with contact/checkUpdateVersion whose updates are saved
// 3 s later, the probe asks until the call says saved (at 0 s and 2 s not yet, at 4 s saved)
// and reads the contact only then: one read, which shows the update. A read before would be a
// second one, with the old values.
func TestProbeWaitsForSaved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, box := bubbleTarget(t, sandbox.Behaviour{Definitions: sandbox.Definitions{VisibleAfter: 3 * time.Second}}, nil)
		res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: []string{"Tier"},
			Mobiles: []string{"+447700900054"}})
		f := finding(t, res, "update behaviour")
		if res.Tenant.Update != engage.UpdateMerges || !f.OK ||
			!strings.Contains(f.Found, "checkUpdateVersion said the update was saved only at its answer 3") {
			t.Errorf("tenant %+v, finding %+v; want merge, found once saved", res.Tenant, f)
		}
		st := box.Stats()
		if got := st.Requests["contact/checkUpdateVersion"]; got["200"] != 3 || len(got) != 1 {
			t.Errorf("checkUpdateVersion answers %v, want 3 of 200", got)
		}
		if got := st.Requests["get"]["200"]; got != 1 {
			t.Errorf("%d reads of the probe contact, want 1, after the update was saved", got)
		}
	})
}

// TestProbeNeverSaved: an update that checkUpdateVersion never says is saved leaves the
// behaviour unknown without the contact being read for it.
func TestProbeNeverSaved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, box := bubbleTarget(t, sandbox.Behaviour{Definitions: sandbox.Definitions{VisibleAfter: time.Minute}}, nil)
		res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, Mobiles: []string{"+447700900055"}})
		f := finding(t, res, "update behaviour")
		if f.OK || res.Tenant.Update != "" || !strings.Contains(f.Found, "still said it was not saved in 3 answers") {
			t.Errorf("finding %+v, tenant %+v", f, res.Tenant)
		}
		if got := box.Stats().Requests["get"]["200"]; got != 0 {
			t.Errorf("%d reads of the probe contact, want none", got)
		}
	})
}

// unreadableSaved answers every contact/checkUpdateVersion with a 200 that says nothing certain.
func unreadableSaved(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/contact/checkUpdateVersion") {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"contactId":1,"saved":"perhaps"}`))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// TestProbeUnreadableSaved: an answer of checkUpdateVersion that cannot be read is taken as the
// call not being available: the probe reads again after waits, as on a tenant without it.
func TestProbeUnreadableSaved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, box := bubbleTarget(t, sandbox.Behaviour{Update: sandbox.UpdateReplace,
			Definitions: sandbox.Definitions{VisibleAfter: 3 * time.Second}}, unreadableSaved)
		res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: []string{"Tier"},
			Mobiles: []string{"+447700900056"}})
		f := finding(t, res, "update behaviour")
		if res.Tenant.Update != engage.UpdateReplaces || !f.OK ||
			!strings.Contains(f.Found, "not used, as its answer does not say whether the update is saved") {
			t.Errorf("tenant %+v, finding %+v; want replace, found by reading again", res.Tenant, f)
		}
		if got := box.Stats().Requests["get"]["200"]; got != 3 {
			t.Errorf("%d reads of the probe contact, want 3 (two before the update showed)", got)
		}
	})
}
