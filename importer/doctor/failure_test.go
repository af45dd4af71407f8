package doctor_test

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"contactimport/importer/doctor"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// onCall wraps a handler: before (and after) the n-th request to endpoint ("create", "update",
// "get", "delete" of the contact calls, or a path like "membership/subscribe"; n from 1) it runs
// fn, which may answer itself and return true.
func onCall(endpoint string, n int, fn func(w http.ResponseWriter, r *http.Request, next http.Handler) bool) func(http.Handler) http.Handler {
	suffix := "/" + endpoint
	if !strings.Contains(endpoint, "/") {
		suffix = "/contact/" + endpoint
	}
	return func(next http.Handler) http.Handler {
		var mu sync.Mutex
		seen := 0
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, suffix) {
				mu.Lock()
				seen++
				hit := seen == n
				mu.Unlock()
				if hit && fn(w, r, next) {
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

func fail500(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
	http.Error(w, "internal error", http.StatusInternalServerError)
	return true
}

// TestCancelledAfterCreate: Ctrl-C right after the probe contact is created still deletes it.
func TestCancelledAfterCreate(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	afterCreate := func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		cancel() // the contact exists now; the client may or may not see the answer
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		return true
	}
	c, box := target(t, sandbox.Behaviour{Update: sandbox.UpdateReplace}, onCall("create", 1, afterCreate))
	res := doctor.Run(ctx, c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: []string{"Tier"}, Mobiles: []string{"+447700900011"}})
	if !res.Interrupted || len(res.Leftovers) > 0 {
		t.Errorf("result %+v, want interrupted, nothing left", res)
	}
	if f := finding(t, res, "probe contact"); !f.OK {
		t.Errorf("probe contact finding %+v", f)
	}
	if st := box.Stats(); st.Requests["delete"]["200"] != 1 {
		t.Errorf("requests %v, want one successful delete", st.Requests)
	}
	checkClean(t, box, res, 0, 1)
}

// TestCancelledMidProbe: cancelled while the probe updates its contact (the answer never comes).
func TestCancelledMidProbe(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	hang := func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
		io.Copy(io.Discard, r.Body) // once the body is read, the server notices the client leave
		cancel()
		<-r.Context().Done()
		return true
	}
	c, box := target(t, sandbox.Behaviour{}, onCall("update", 3, hang))
	res := doctor.Run(ctx, c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: []string{"Tier"}, Mobiles: []string{"+447700900012"}})
	if !res.Interrupted || len(res.Leftovers) > 0 || res.Tenant.Update != "" {
		t.Errorf("result %+v", res)
	}
	checkClean(t, box, res, 0, 1)
}

// TestStepFails: a probe step that fails ends the probe with a finding, and the contact goes.
func TestStepFails(t *testing.T) {
	for _, tt := range []struct {
		endpoint string
		n        int
	}{{"update", 2}, {"get", 2}, {"create", 2}, {"update", 4}} {
		t.Run(tt.endpoint+"#"+string(rune('0'+tt.n)), func(t *testing.T) {
			c, box := target(t, sandbox.Behaviour{}, onCall(tt.endpoint, tt.n, fail500))
			res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: []string{"Tier"}, Mobiles: []string{"+447700900013"}})
			if f := finding(t, res, "probe"); f.OK || !strings.Contains(f.Found, "stopped while") {
				t.Errorf("probe finding %+v", f)
			}
			if !res.Blocking() || len(res.Leftovers) > 0 {
				t.Errorf("result %+v", res)
			}
			checkClean(t, box, res, 0, 1)
		})
	}
}

// TestCreateAnswerLost: the create happens but its answer is lost; the contact is still deleted
// (by address, its contactId being unknown).
func TestCreateAnswerLost(t *testing.T) {
	drop := func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
		next.ServeHTTP(httptest.NewRecorder(), r)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		conn.Close()
		return true
	}
	c, box := target(t, sandbox.Behaviour{}, onCall("create", 1, drop))
	res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, Mobiles: []string{"+447700900014"}})
	if !res.Blocking() || len(res.Leftovers) > 0 {
		t.Errorf("result %+v", res)
	}
	checkClean(t, box, res, 0, 0)
}

// TestDeleteFails: when the probe contact cannot be deleted, the result names it for a person.
func TestDeleteFails(t *testing.T) {
	c, box := target(t, sandbox.Behaviour{}, onCall("delete", 1, fail500))
	res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, Mobiles: []string{"+447700900015"}})
	f := finding(t, res, "probe contact")
	if f.OK || !strings.Contains(f.Found, "could not be deleted") || !strings.Contains(f.Meaning, "by hand") {
		t.Errorf("probe contact finding %+v", f)
	}
	if len(res.Leftovers) != 1 || res.Leftovers[0].Email != probeEmail || res.Leftovers[0].ContactID <= 0 {
		t.Errorf("leftovers %+v, want the probe contact with its contactId", res.Leftovers)
	}
	if box.Stats().Contacts != 1 {
		t.Errorf("sandbox holds %d contacts, want the one that could not be deleted", box.Stats().Contacts)
	}
}

// TestProbeAddressExists: doctor refuses to probe with an address a contact has, and leaves that
// contact as it was.
func TestProbeAddressExists(t *testing.T) {
	c, box := target(t, sandbox.Behaviour{}, nil)
	real := &engage.Contact{Email: probeEmail, Mobile: "+4915100000001", Attributes: []engage.Attribute{{Name: "FirstName", Value: "Ann"}, {Name: "Tier", Value: "Gold"}}}
	if _, err := c.Create(t.Context(), real); err != nil {
		t.Fatal(err)
	}
	before, err := c.Get(t.Context(), engage.ContactIdentifier{Type: engage.IdentEmail, Value: probeEmail})
	if err != nil {
		t.Fatal(err)
	}
	start := box.Stats().Total
	res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: []string{"Tier"}})
	if !res.Refused || res.Probed || !res.Blocking() {
		t.Errorf("result %+v, want refused and blocking", res)
	}
	if f := finding(t, res, "probe address"); f.OK || !strings.Contains(f.Found, "already exists") {
		t.Errorf("finding %+v", f)
	}
	st := box.Stats()
	if writes := st.Requests["create"]["200"] + st.Requests["update"]["200"] + st.Requests["delete"]["200"]; writes > 1 {
		t.Errorf("requests %v: doctor wrote", st.Requests)
	}
	if st.Total-start != 5 {
		t.Errorf("%d requests, want 3 getApiVersion, 1 profileAttributes/list and 1 get", st.Total-start)
	}
	after, err := c.Get(t.Context(), engage.ContactIdentifier{Type: engage.IdentEmail, Value: probeEmail})
	if err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("the contact changed: %+v, want %+v (%v)", after, before, err)
	}
}

// TestMobileTaken: a number that another contact holds is skipped for the next; when none can be
// used, the probe goes on without one and says so.
func TestMobileTaken(t *testing.T) {
	for _, tt := range []struct {
		name    string
		mobiles []string
		update  sandbox.UpdateMode
		want    engage.UpdateBehaviour
		mobile  bool
	}{
		{"second number, replacing", []string{"+447700900021", "+447700900022"}, sandbox.UpdateReplace, engage.UpdateReplaces, true},
		{"second number, merging", []string{"+447700900021", "+447700900022"}, sandbox.UpdateMerge, engage.UpdateMerges, true},
		{"none, replacing", []string{"+447700900021"}, sandbox.UpdateReplace, engage.UpdateReplaces, false},
		{"none, merging", []string{"+447700900021"}, sandbox.UpdateMerge, "", false},
		{"not a number", []string{"12"}, sandbox.UpdateMerge, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, box := target(t, sandbox.Behaviour{Update: tt.update}, nil)
			other := &engage.Contact{Email: "someone@example.net", Mobile: "+447700900021"}
			if _, err := c.Create(t.Context(), other); err != nil {
				t.Fatal(err)
			}
			start := box.Stats().Total
			res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, Mobiles: tt.mobiles})
			if res.Tenant.Update != tt.want || res.Blocking() {
				t.Errorf("update %q, want %q; findings %+v", res.Tenant.Update, tt.want, res.Findings)
			}
			for _, f := range res.Findings {
				if f.Check == "mobile number" && tt.mobile {
					t.Errorf("finding %+v, want the mobile number probed", f)
				}
			}
			if !tt.mobile {
				if f := finding(t, res, "mobile number"); !strings.HasPrefix(f.Found, "not probed") {
					t.Errorf("finding %+v", f)
				}
			}
			if st := box.Stats(); st.Contacts != 1 || st.Total-start != res.Calls {
				t.Errorf("%d contacts, %d requests, want 1 and %d", st.Contacts, st.Total-start, res.Calls)
			}
			got, err := c.Get(t.Context(), engage.ContactIdentifier{Type: engage.IdentEmail, Value: other.Email})
			if err != nil || got.Mobile != other.Mobile {
				t.Errorf("the other contact: %+v, %v", got, err)
			}
		})
	}
}

// TestCredentials: a refused login is a blocking finding, and nothing else is tried.
func TestCredentials(t *testing.T) {
	box, err := sandbox.New(sandbox.Options{User: user, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	defer box.Close()
	ts := httptest.NewServer(box)
	defer ts.Close()
	for _, tt := range []struct {
		name, user, password, status string
	}{{"wrong password", user, "wrong", "403"}, {"no credentials", "", "", "401"}} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: tt.user, Password: tt.password})
			if err != nil {
				t.Fatal(err)
			}
			res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail})
			f := finding(t, res, "credentials")
			if f.OK || !strings.Contains(f.Found, "HTTP "+tt.status) || !strings.Contains(f.Meaning, "ENGAGE_USER") {
				t.Errorf("finding %+v", f)
			}
			if !res.Blocking() || res.Probed || res.Calls != 1 {
				t.Errorf("result %+v, want blocking after one call", res)
			}
		})
	}
	if st := box.Stats(); st.Contacts != 0 || st.Calls() != 0 {
		t.Errorf("stats %+v, want no contact call", st)
	}
}

// TestUnreachable: a closed port and an untrusted certificate are blocking connection findings.
func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	for _, tt := range []struct{ name, url, want string }{
		{"closed port", "http://" + closed + "/api/rest/v19", "could not reach"},
		{"untrusted certificate", tlsSrv.URL + "/api/rest/v19", "certificate"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := engage.New(engage.Config{BaseURL: tt.url, User: user, Password: password})
			if err != nil {
				t.Fatal(err)
			}
			res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail})
			f := finding(t, res, "connection")
			if f.OK || !strings.Contains(f.Found, tt.want) || res.Probed || res.Calls != 1 {
				t.Errorf("finding %+v, result %+v", f, res)
			}
		})
	}
}

// TestReadOnly: without a probe address only getApiVersion and the definitions list are called;
// a tenant without the list is said to leave the custom attributes to the probe.
func TestReadOnly(t *testing.T) {
	c, box := target(t, sandbox.Behaviour{}, nil)
	res := doctor.Run(t.Context(), c, doctor.Options{CustomAttributes: []string{"Tier"}, Rate: 10})
	if res.Blocking() || res.Probed || res.Tenant.Update != "" || res.Calls != 4 {
		t.Errorf("result %+v", res)
	}
	if f := finding(t, res, "latency"); !strings.Contains(f.Found, "median") || !strings.Contains(f.Meaning, "--rate 10") {
		t.Errorf("latency finding %+v", f)
	}
	if f := finding(t, res, "attribute definitions"); !strings.Contains(f.Found, "does not list") || !strings.Contains(f.Meaning, "--probe-email") {
		t.Errorf("definitions finding %+v", f)
	}
	if st := box.Stats(); st.Total != 4 || st.Calls() != 0 {
		t.Errorf("stats %+v", st)
	}
}
