package doctor_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"contactimport/importer/doctor"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// calls wraps a handler and records the path of every request after /api/rest/v19/, in order.
type calls struct {
	mu    sync.Mutex
	paths []string
}

func (c *calls) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, p, _ := strings.Cut(r.URL.Path, "/api/rest/v19/")
		c.mu.Lock()
		c.paths = append(c.paths, p)
		c.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (c *calls) list() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.paths...)
}

// count is how many requests went to path.
func (c *calls) count(path string) int {
	n := 0
	for _, p := range c.list() {
		if p == path {
			n++
		}
	}
	return n
}

// chain applies wrappers, the first outermost.
func chain(wraps ...func(http.Handler) http.Handler) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		for i := len(wraps) - 1; i >= 0; i-- {
			h = wraps[i](h)
		}
		return h
	}
}

// checkMembershipRemoved asserts that the probe contact's membership was removed with
// membership/delete before the contact was deleted.
func checkMembershipRemoved(t *testing.T, seen *calls) {
	t.Helper()
	paths := seen.list()
	del, contact := -1, -1
	for i, p := range paths {
		switch p {
		case "membership/delete":
			del = i
		case "contact/delete":
			if contact < 0 {
				contact = i
			}
		}
	}
	if del < 0 || contact < 0 || del > contact {
		t.Errorf("requests %q: want membership/delete before contact/delete", paths)
	}
}

// TestResubscribe: with a group, the probe subscribes its contact twice and records whether the
// second subscription is an error, on a tenant of either kind; the membership is removed before
// the contact is deleted, and nothing is left or sent.
func TestResubscribe(t *testing.T) {
	for _, tt := range []struct {
		name    string
		refuse  bool
		want    engage.ResubscribeAnswer
		found   string
		meaning string
	}{
		{"succeeds", false, engage.ResubscribeOK, "already a member of group 1002 succeeds quietly", "subscribe existing contacts directly"},
		{"error", true, engage.ResubscribeError, "already a member of group 1002 is refused (HTTP 400 OBJECT_ALREADY_EXISTS: Membership of user",
			"subscribing an existing member is refused: the import will check membership before subscribing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			seen := &calls{}
			c, box := target(t, sandbox.Behaviour{ResubscribeError: tt.refuse}, seen.wrap)
			res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, Group: 1002, Mobiles: []string{"+447700900031"}})
			if res.Tenant.Resubscribe != tt.want || res.Blocking() || len(res.Leftovers) > 0 {
				t.Errorf("resubscribe %q, want %q; result %+v", res.Tenant.Resubscribe, tt.want, res)
			}
			if f := finding(t, res, "group"); !f.OK || !strings.Contains(f.Found, `group 1002 "customers" exists and is not archived`) {
				t.Errorf("group finding %+v", f)
			}
			f := finding(t, res, "subscribing a member again")
			if !f.OK || !strings.Contains(f.Found, tt.found) || !strings.Contains(f.Meaning, tt.meaning) {
				t.Errorf("finding %+v, want found %q meaning %q", f, tt.found, tt.meaning)
			}
			if f := finding(t, res, "probe contact"); !f.OK || !strings.Contains(f.Found, "removed from group 1002") {
				t.Errorf("probe contact finding %+v", f)
			}
			if n := seen.count("membership/subscribe"); n != 2 {
				t.Errorf("%d subscriptions, want 2", n)
			}
			if st := box.Stats(); st.Requests["membership/delete"]["204"] != 1 {
				t.Errorf("requests %v, want one membership/delete answered 204", st.Requests)
			}
			checkMembershipRemoved(t, seen)
			checkClean(t, box, res, 0, 0)
		})
	}
}

// TestGroupNotUsable: an unknown, an archived and an unreadable group block the import with a
// finding a marketer can act on; nothing is subscribed, and the probe still learns the rest.
func TestGroupNotUsable(t *testing.T) {
	noArchivedField := onCall("group/get", 1, func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":1003,"name":"archived"}`) // a tenant that does not say
		return true
	})
	for _, tt := range []struct {
		name    string
		group   int64
		wrap    func(http.Handler) http.Handler
		found   string
		meaning string
		subs    int
	}{
		{"unknown", 4242, nil, "group 4242 does not exist on this tenant", "check the group id in Mapp (Audience → Groups)", 0},
		{"archived", 1003, nil, `group 1003 "archived" is archived`, "restore the group or choose another one in Mapp (Audience → Groups)", 0},
		{"archived, found on subscribing", 1003, noArchivedField, `group 1003 "archived" is archived`, "takes no new members", 1},
		{"check fails", 1001, onCall("group/get", 1, fail500), "group 1001 could not be checked: HTTP 500", "run doctor again", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			seen := &calls{}
			wrap := seen.wrap
			if tt.wrap != nil {
				wrap = chain(seen.wrap, tt.wrap)
			}
			c, box := target(t, sandbox.Behaviour{}, wrap)
			res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, Group: tt.group, Mobiles: []string{"+447700900032"}})
			var groups []engage.Finding
			for _, f := range res.Findings {
				if f.Check == "group" {
					groups = append(groups, f)
				}
			}
			if len(groups) != 1 {
				t.Fatalf("group findings %+v, want one", groups)
			}
			f := groups[0]
			if f.OK || !strings.Contains(f.Found, tt.found) || !strings.Contains(f.Meaning, tt.meaning) {
				t.Errorf("group finding %+v, want found %q meaning %q", f, tt.found, tt.meaning)
			}
			if !res.Blocking() || !res.Probed || res.Tenant.Update == "" || res.Tenant.Resubscribe != "" {
				t.Errorf("result %+v, want blocking, the rest probed, resubscribe unknown", res)
			}
			for _, f := range res.Findings {
				if f.Check == "subscribing a member again" {
					t.Errorf("finding %+v without a usable group", f)
				}
			}
			if n := seen.count("membership/subscribe"); n != tt.subs {
				t.Errorf("%d subscriptions, want %d", n, tt.subs)
			}
			if f := finding(t, res, "probe contact"); !f.OK {
				t.Errorf("probe contact finding %+v", f)
			}
			checkClean(t, box, res, 0, 1)
		})
	}
}

// TestGroupReadOnly: without a probe address the group is checked with one group/get and
// nothing else.
func TestGroupReadOnly(t *testing.T) {
	for _, tt := range []struct {
		group int64
		ok    bool
	}{{1001, true}, {999, false}} {
		c, box := target(t, sandbox.Behaviour{}, nil)
		res := doctor.Run(t.Context(), c, doctor.Options{Group: tt.group})
		if f := finding(t, res, "group"); f.OK != tt.ok || res.Blocking() == tt.ok || res.Probed {
			t.Errorf("group %d: finding %+v, result %+v", tt.group, f, res)
		}
		st := box.Stats()
		if res.Calls != 5 || st.Total != 5 || st.Requests["group/get"][map[bool]string{true: "200", false: "400"}[tt.ok]] != 1 ||
			st.Calls() != 0 || st.MembershipCalls() != 0 {
			t.Errorf("group %d: %d calls, stats %+v; want 3 getApiVersion, 1 group/get and 1 profileAttributes/list", tt.group, res.Calls, st)
		}
	}
}

// TestCancelledAfterSubscribe: Ctrl-C after the first or the second subscription, or while one
// hangs, still removes the membership and deletes the contact.
func TestCancelledAfterSubscribe(t *testing.T) {
	for _, tt := range []struct {
		name string
		n    int
		hang bool
	}{{"after the first", 1, false}, {"after the second", 2, false}, {"while the first hangs", 1, true}} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			fn := func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
				if tt.hang {
					next.ServeHTTP(httptest.NewRecorder(), r) // the subscription takes effect
					cancel()
					<-r.Context().Done()
					return true
				}
				rec := httptest.NewRecorder()
				next.ServeHTTP(rec, r)
				cancel() // the contact is a member now; the client may or may not see the answer
				w.WriteHeader(rec.Code)
				w.Write(rec.Body.Bytes())
				return true
			}
			seen := &calls{}
			c, box := target(t, sandbox.Behaviour{ResubscribeError: true}, chain(seen.wrap, onCall("membership/subscribe", tt.n, fn)))
			res := doctor.Run(ctx, c, doctor.Options{ProbeEmail: probeEmail, Group: 1001, Mobiles: []string{"+447700900033"}})
			if !res.Interrupted || len(res.Leftovers) > 0 {
				t.Errorf("result %+v, want interrupted, nothing left", res)
			}
			if f := finding(t, res, "probe contact"); !f.OK || !strings.Contains(f.Found, "removed from group 1001") {
				t.Errorf("probe contact finding %+v", f)
			}
			if st := box.Stats(); st.Requests["membership/delete"]["204"] != 1 || st.Requests["delete"]["200"] != 1 {
				t.Errorf("requests %v, want the membership and the contact deleted", st.Requests)
			}
			checkMembershipRemoved(t, seen)
			checkClean(t, box, res, 0, 1)
		})
	}
}

// TestMembershipRemovalFails: a membership that cannot be removed goes with the contact; when the
// contact cannot be deleted either, the person who must remove it is told about the group too.
func TestMembershipRemovalFails(t *testing.T) {
	t.Run("contact deleted", func(t *testing.T) {
		c, box := target(t, sandbox.Behaviour{}, onCall("membership/delete", 1, fail500))
		res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, Group: 1001, Mobiles: []string{"+447700900034"}})
		f := finding(t, res, "probe contact")
		if !f.OK || !strings.Contains(f.Found, "removal from group 1001 failed (HTTP 500") || len(res.Leftovers) > 0 {
			t.Errorf("finding %+v, leftovers %+v", f, res.Leftovers)
		}
		checkClean(t, box, res, 0, 1)
	})
	t.Run("contact kept", func(t *testing.T) {
		c, box := target(t, sandbox.Behaviour{}, chain(onCall("membership/delete", 1, fail500), onCall("delete", 1, fail500)))
		res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, Group: 1001, Mobiles: []string{"+447700900035"}})
		f := finding(t, res, "probe contact")
		if f.OK || !strings.Contains(f.Found, "nor could it be removed from group 1001") {
			t.Errorf("finding %+v", f)
		}
		if len(res.Leftovers) != 1 || res.Leftovers[0].Group != 1001 || res.Leftovers[0].ContactID <= 0 {
			t.Errorf("leftovers %+v, want the probe contact and its group", res.Leftovers)
		}
		if st := box.Stats(); st.Contacts != 1 || st.Members != 1 {
			t.Errorf("sandbox holds %d contacts and %d members, want the probe contact and its membership", st.Contacts, st.Members)
		}
	})
}

// TestGroupCallBudget: with a group and a mapping of many missing custom attributes on a tenant
// without attribute definitions, the probe still stays within 30 calls and removes the
// membership and the contact.
func TestGroupCallBudget(t *testing.T) {
	seen := &calls{}
	c, box := target(t, sandbox.Behaviour{KnownCustomAttributes: []string{}, Definitions: sandbox.Definitions{Unlisted: true}}, seen.wrap)
	var attrs []string
	for _, n := range strings.Fields("A B C D E F G H I J K L M N") {
		attrs = append(attrs, "Attr"+n)
	}
	res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, Group: 1001, CustomAttributes: attrs, Mobiles: []string{"+447700900036"}})
	if res.Calls < doctor.DefaultMaxCalls-1 || res.Calls > doctor.DefaultMaxCalls || res.Tenant.Resubscribe != engage.ResubscribeOK {
		t.Errorf("%d calls, resubscribe %q; want the budget of %d spent and the group probed", res.Calls, res.Tenant.Resubscribe, doctor.DefaultMaxCalls)
	}
	checkMembershipRemoved(t, seen)
	checkClean(t, box, res, 0, 0)
}

// TestDoctorOutputLeftoverGroup: a probe contact left behind that may still be a member of the
// group is named with the group, so that whoever removes it knows where to look.
func TestDoctorOutputLeftoverGroup(t *testing.T) {
	var b bytes.Buffer
	out := &doctor.Output{W: &b, Target: "https://host/api/rest/v19"}
	out.Print(&doctor.Result{Leftovers: []doctor.Leftover{
		{Email: "probe@example.org", ContactID: 42, Group: 1001},
		{Email: "probe@example.org", ContactID: 43},
	}})
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	want := []string{
		"REMOVE   delete the probe contact probe@example.org (contactId 42, perhaps still a member of group 1001) in Mapp by hand",
		"REMOVE   delete the probe contact probe@example.org (contactId 43) in Mapp by hand",
	}
	if len(lines) != 3 || lines[1] != want[0] || lines[2] != want[1] {
		t.Errorf("output\n%s\nwant the target line, then\n%s", b.String(), strings.Join(want, "\n"))
	}
}
