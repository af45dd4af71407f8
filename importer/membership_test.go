package importer_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/importer/pace"
	"contactimport/report"
)

func emails(n int, prefix string) string {
	var b strings.Builder
	b.WriteString("user.Email,user.FirstName\n")
	for i := range n {
		fmt.Fprintf(&b, "%s%03d@example.org,N%d\n", prefix, i, i)
	}
	return b.String()
}

// New contacts become members of the group: created, then subscribed, one line each.
func TestGroupNewContactsSubscribed(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "p")
	res := runGroup(t, rg, emails(20, "n"), "", nil)
	if res.err != nil {
		t.Fatal(res.err)
	}
	for _, l := range res.lines {
		if l.Status != report.Created || l.Membership != report.Subscribed || l.ContactID == 0 {
			t.Errorf("row %d: %s %q id %d; want created, subscribed, with its contactId", l.Row, l.Status, l.Membership, l.ContactID)
		}
	}
	members := groupMembers(t, rg, 1001)
	if len(members) != 20 {
		t.Fatalf("group 1001 has %d members, want 20", len(members))
	}
	for email, m := range members {
		if m["status"] != "member" || m["subscriptionMode"] != "OPT_IN" {
			t.Errorf("%s: %s %s, want member OPT_IN", email, m["status"], m["subscriptionMode"])
		}
	}
	if got := res.sum.Calls["subscribe"]; got != 20 {
		t.Errorf("summary counts %d subscribe calls, want 20", got)
	}
	if got := res.sum.Calls["group"]; got != 1 {
		t.Errorf("summary counts %d group checks, want 1", got)
	}
	if n := rg.box.Stats().Notifications[sandbox.NoteWelcome] + rg.box.Stats().Notifications[sandbox.NoteInvitation]; n != 0 {
		t.Errorf("OPT_IN sent %d messages, want none", n)
	}
}

// The group is checked before the first row: an unknown or archived group stops the run and
// nothing is written.
func TestUnusableGroupStopsBeforeFirstRow(t *testing.T) {
	for name, group := range map[string]int64{"Unknown": 4242, "Archived": 1003} {
		t.Run(name, func(t *testing.T) {
			rg := newRig(t, sandbox.Options{}, 10000, "p")
			res := runGroup(t, rg, emails(5, "g"), "", func(c *importer.Config) { c.Group = group })
			var stop *importer.StopError
			if !errors.As(res.err, &stop) || !errors.Is(res.err, importer.ErrGroup) {
				t.Fatalf("err = %v, want a StopError for the group", res.err)
			}
			if !strings.Contains(stop.Reason, fmt.Sprint(group)) {
				t.Errorf("reason %q does not name the group", stop.Reason)
			}
			if len(res.lines) != 0 || rg.box.Stats().Contacts != 0 || rg.box.Stats().Calls() != 0 {
				t.Errorf("%d report lines, %d contacts, %d contact calls; want nothing written",
					len(res.lines), rg.box.Stats().Contacts, rg.box.Stats().Calls())
			}
		})
	}
}

// failSubscribe puts a handler in front of the sandbox that answers membership/subscribe for
// the contacts picked with Engage's error envelope (status), applying nothing.
func failSubscribe(t *testing.T, box *sandbox.Server, status int, pick func(userID string) bool) *rig {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/membership/subscribe") && pick(r.URL.Query().Get("userId")) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, `{"errorCode":"INVALID_PARAMETER","message":"Subscription refused by a test.","parameterName":"groupId"}`)
			return
		}
		box.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	th := pace.NewThrottle(pace.ThrottleConfig{Rate: 10000})
	c, err := engage.New(engage.Config{BaseURL: srv.URL + "/api/rest/v19", User: "u", Password: "p", BeforeAttempt: th.Wait})
	if err != nil {
		t.Fatal(err)
	}
	return &rig{box: box, client: c, th: th}
}

// A row whose membership step failed is failed as a whole, with the step named and its
// contactId kept; the other rows are not affected.
func TestFailedSubscribeFailsTheRow(t *testing.T) {
	base := newRig(t, sandbox.Options{}, 10000, "p")
	odd := func(id string) bool { return id != "" && (id[len(id)-1]-'0')%2 == 1 }
	rg := failSubscribe(t, base.box, http.StatusBadRequest, odd)
	res := runGroup(t, rg, emails(10, "f"), "", nil)
	if res.err != nil {
		t.Fatal(res.err)
	}
	failed := 0
	for _, l := range res.lines {
		if !odd(fmt.Sprint(l.ContactID)) {
			if l.Status != report.Created || l.Membership != report.Subscribed {
				t.Errorf("row %d: %s %q, want created and subscribed", l.Row, l.Status, l.Membership)
			}
			continue
		}
		failed++
		if l.Status != report.Failed || l.Class != report.Rejected || l.Code != engage.CodeInvalidParameter {
			t.Errorf("row %d: %s %s %s; want failed, rejected, %s", l.Row, l.Status, l.Class, l.Code, engage.CodeInvalidParameter)
		}
		if !strings.HasPrefix(l.Message, "subscribe to group 1001: ") || l.Membership != "" || l.ContactID == 0 {
			t.Errorf("row %d: message %q membership %q id %d; want the step named, no membership, the contactId", l.Row, l.Message, l.Membership, l.ContactID)
		}
	}
	if failed == 0 || res.sum.Counts[report.Failed] != failed {
		t.Errorf("%d rows refused, the summary counts %d failed", failed, res.sum.Counts[report.Failed])
	}
}

// A subscribe that keeps failing with 502 is retried, then the row is failed as transient.
func TestTransientSubscribeFailureRetriedThenFailed(t *testing.T) {
	base := newRig(t, sandbox.Options{}, 10000, "p")
	rg := failSubscribe(t, base.box, http.StatusBadGateway, func(string) bool { return true })
	res := runGroup(t, rg, emails(2, "t"), "", func(c *importer.Config) {
		c.Retry = importer.RetryPolicy{Transient: 2, Base: 1, Cap: 1}
		c.Abort.Unreachable = -1
	})
	if res.err != nil {
		t.Fatal(res.err)
	}
	for _, l := range res.lines {
		if l.Status != report.Failed || l.Class != report.Transient || !strings.Contains(l.Message, "subscribe to group 1001") {
			t.Errorf("row %d: %s %s %q", l.Row, l.Status, l.Class, l.Message)
		}
		if l.Attempts != 1+3 {
			t.Errorf("row %d: %d attempts, want 1 create + 3 subscribe", l.Row, l.Attempts)
		}
	}
}

// The subscription column decides per row; member.<Name> columns are written after the
// membership; an empty cell keeps.
func TestSubscriptionColumnAndMemberAttributes(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "p")
	const yaml = `columns:
  Email: email
  Newsletter: {to: subscription, values: {ja: subscribe, nein: unsubscribe}}
  Code: member.Code
`
	// First make b and c members, so that unsubscribe and keep have something to act on.
	if res := runGroup(t, rg, "Email,Newsletter,Code\nb@x.io,ja,\nc@x.io,ja,\n", yaml, nil); res.err != nil {
		t.Fatal(res.err)
	}
	res := runGroup(t, rg, "Email,Newsletter,Code\na@x.io,ja,SAVE10\nb@x.io,nein,X\nc@x.io,,Y\nd@x.io,nein,\n", yaml, nil)
	if res.err != nil {
		t.Fatal(res.err)
	}
	want := []report.Membership{report.Subscribed, report.Unsubscribed, report.Kept, report.Unsubscribed}
	for i, l := range res.lines {
		if l.Membership != want[i] || l.Status == report.Failed {
			t.Errorf("row %d: %s %q (%s), want %q", l.Row, l.Status, l.Membership, l.Message, want[i])
		}
	}
	members := groupMembers(t, rg, 1001)
	if _, ok := members["b@x.io"]; ok {
		t.Error("b said nein and is still a member")
	}
	if _, ok := members["d@x.io"]; ok {
		t.Error("d said nein and became a member")
	}
	if members["a@x.io"]["Code"] != "SAVE10" {
		t.Errorf("a's member attribute Code = %q, want SAVE10", members["a@x.io"]["Code"])
	}
	if m, ok := members["c@x.io"]; !ok || m["Code"] != "" {
		t.Errorf("c (keep) = %v; want still a member, its attributes untouched", m)
	}
	if n := rg.box.Stats().Notifications[sandbox.NoteUnsubscribe]; n != 0 {
		t.Errorf("%d unsubscribe confirmations sent; unsubscribe must be silent", n)
	}
}

// --mode create leaves an existing contact alone, and its membership too.
func TestSkippedRowKeepsMembership(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "p")
	if _, err := rg.client.Create(context.Background(), &engage.Contact{Email: "old@x.io"}); err != nil {
		t.Fatal(err)
	}
	res := runGroup(t, rg, "user.Email\nold@x.io\nnew@x.io\n", "", func(c *importer.Config) { c.Mode = importer.ModeCreate })
	if res.err != nil {
		t.Fatal(res.err)
	}
	if l := res.lines[0]; l.Status != report.Skipped || l.Membership != report.Kept {
		t.Errorf("existing contact: %s %q, want skipped, kept", l.Status, l.Membership)
	}
	if l := res.lines[1]; l.Status != report.Created || l.Membership != report.Subscribed {
		t.Errorf("new contact: %s %q, want created, subscribed", l.Status, l.Membership)
	}
	if _, ok := groupMembers(t, rg, 1001)["old@x.io"]; ok {
		t.Error("the skipped contact was subscribed")
	}
}

// Double opt-in: new contacts are invited; an existing member is looked up, not invited again.
func TestDoubleOptInInvitesOnce(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "p")
	dbl := func(c *importer.Config) { c.Subscription = engage.DoubleOptIn }
	res := runGroup(t, rg, emails(5, "d"), "", dbl)
	if res.err != nil {
		t.Fatal(res.err)
	}
	for _, l := range res.lines {
		if l.Membership != report.Invited {
			t.Errorf("row %d: %q, want invited", l.Row, l.Membership)
		}
	}
	// Without --state: the rerun looks each contact up and sends nothing.
	res = runGroup(t, rg, emails(5, "d"), "", dbl)
	for _, l := range res.lines {
		if l.Membership != report.Member {
			t.Errorf("rerun row %d: %q, want member (already invited)", l.Row, l.Membership)
		}
	}
	if n := rg.box.Stats().Notifications[sandbox.NoteInvitation]; n != 5 {
		t.Errorf("%d invitations after two runs of 5 rows, want 5", n)
	}
}

// The sandbox's "already a member" reading (subscribe refused) is taken as member.
func TestAlreadyMemberAnswerMeansMember(t *testing.T) {
	rg := newRig(t, sandbox.Options{Behaviour: sandbox.Behaviour{ResubscribeError: true}}, 10000, "p")
	if res := runGroup(t, rg, emails(3, "a"), "", nil); res.err != nil {
		t.Fatal(res.err)
	}
	res := runGroup(t, rg, emails(3, "a"), "", nil)
	for _, l := range res.lines {
		if l.Status != report.Updated || l.Membership != report.Member {
			t.Errorf("row %d: %s %q (%s), want updated, member", l.Row, l.Status, l.Membership, l.Message)
		}
	}
}

// countingMembers counts Subscribe calls through a MemberAPI.
type countingMembers struct {
	importer.MemberAPI
	subscribes atomic.Int64
}

func (c *countingMembers) Subscribe(ctx context.Context, contactID, groupID int64, mode engage.SubscriptionMode) error {
	c.subscribes.Add(1)
	return c.MemberAPI.Subscribe(ctx, contactID, groupID, mode)
}

// Config.Members, when given, makes the membership calls.
func TestMembersOverride(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "p")
	cm := &countingMembers{MemberAPI: rg.client}
	if res := runGroup(t, rg, emails(4, "o"), "", func(c *importer.Config) { c.Members = cm }); res.err != nil {
		t.Fatal(res.err)
	}
	if n := cm.subscribes.Load(); n != 4 {
		t.Errorf("%d subscribes through Config.Members, want 4", n)
	}
}

// Wrong credentials found by the group check stop the run as an auth failure, before any row.
func TestGroupCheckAuthFailure(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "wrong")
	res := runGroup(t, rg, emails(3, "w"), "", nil)
	if !errors.Is(res.err, engage.ErrAuth) || len(res.lines) != 0 {
		t.Errorf("err = %v with %d lines; want an auth stop before any row", res.err, len(res.lines))
	}
}
