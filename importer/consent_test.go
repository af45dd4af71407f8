package importer_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/importer/ledger"
	"contactimport/report"
)

// A person this job subscribed who unsubscribed in Engage since is not subscribed again by the
// nightly rerun of the same file with --state; and an unchanged known member costs no call.
func TestUnsubscribedPersonNotResubscribedByRerun(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "p")
	st := openState(t, "")
	withState := func(c *importer.Config) { c.Ledger = st }
	in := emails(10, "u")
	if res := runGroup(t, rg, in, "", withState); res.err != nil {
		t.Fatal(res.err)
	}
	// u003 unsubscribes in Engage (a link in a mailing).
	gone := contactID(t, rg, "u003@example.org")
	if err := rg.client.Unsubscribe(context.Background(), gone, 1001); err != nil {
		t.Fatal(err)
	}
	before, contacts := membershipCalls(rg), rg.box.Stats().Calls()
	res := runGroup(t, rg, in, "", withState)
	if res.err != nil {
		t.Fatal(res.err)
	}
	if _, ok := groupMembers(t, rg, 1001)["u003@example.org"]; ok {
		t.Fatal("the person who unsubscribed in Engage was subscribed again by the rerun")
	}
	if n := membershipCalls(rg) - before; n != 0 {
		t.Errorf("the rerun of an unchanged file made %d membership calls, want 0", n)
	}
	if n := rg.box.Stats().Calls() - contacts; n != 0 {
		t.Errorf("the rerun of an unchanged file made %d contact calls, want 0", n)
	}
	for _, l := range res.lines {
		if l.Status != report.Unchanged || l.Membership != report.Member {
			t.Errorf("rerun row %d: %s %q, want unchanged, member", l.Row, l.Status, l.Membership)
		}
	}

	// A changed row of that person (a new first name) still does not subscribe them again, and
	// makes no membership call.
	before = membershipCalls(rg)
	changed := strings.Replace(in, "u003@example.org,N3", "u003@example.org,Neu", 1)
	res = runGroup(t, rg, changed, "", withState)
	if res.err != nil {
		t.Fatal(res.err)
	}
	if _, ok := groupMembers(t, rg, 1001)["u003@example.org"]; ok {
		t.Error("a changed row subscribed again a person who unsubscribed in Engage")
	}
	if n := membershipCalls(rg) - before; n != 0 {
		t.Errorf("a changed row of a known member made %d membership calls, want 0", n)
	}
	if l := res.lines[3]; l.Status != report.Updated || l.Membership != report.Member {
		t.Errorf("changed row: %s %q, want updated, member", l.Status, l.Membership)
	}
}

// A subscription cell that changes to subscribe subscribes again; one that stays does not.
func TestSubscriptionCellChangedToSubscribe(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "p")
	st := openState(t, "")
	withState := func(c *importer.Config) { c.Ledger = st }
	const yaml = "columns:\n  Email: email\n  News: {to: subscription, values: {ja: subscribe, nein: unsubscribe}}\n"
	run := func(cell string) groupRun {
		t.Helper()
		res := runGroup(t, rg, "Email,News\nc@x.io,"+cell+"\n", yaml, withState)
		if res.err != nil {
			t.Fatal(res.err)
		}
		return res
	}
	run("ja")
	id := contactID(t, rg, "c@x.io")
	if err := rg.client.Unsubscribe(context.Background(), id, 1001); err != nil {
		t.Fatal(err)
	}
	if l := run("ja").lines[0]; l.Membership != report.Member {
		t.Errorf("unchanged ja: %q, want member (nothing sent)", l.Membership)
	}
	if _, ok := groupMembers(t, rg, 1001)["c@x.io"]; ok {
		t.Fatal("an unchanged subscribe cell subscribed again")
	}
	if l := run("nein").lines[0]; l.Membership != report.Unsubscribed {
		t.Errorf("nein: %q, want unsubscribed", l.Membership)
	}
	before := membershipCalls(rg)
	if l := run("nein").lines[0]; l.Membership != report.Unsubscribed || membershipCalls(rg) != before {
		t.Errorf("unchanged nein: %q and %d calls, want unsubscribed and none", l.Membership, membershipCalls(rg)-before)
	}
	if l := run("ja").lines[0]; l.Membership != report.Subscribed {
		t.Errorf("nein → ja: %q, want subscribed", l.Membership)
	}
	if _, ok := groupMembers(t, rg, 1001)["c@x.io"]; !ok {
		t.Error("a cell changed to subscribe did not subscribe")
	}
}

// A double opt-in invitation is not re-sent by nightly runs with --state, and member attributes
// wait until the invitation is accepted.
func TestDoubleOptInNotResentNightly(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "p")
	st := openState(t, "")
	cfg := func(c *importer.Config) { c.Ledger, c.Subscription = st, engage.DoubleOptIn }
	const yaml = "columns:\n  Email: email\n  Code: member.Code\n"
	in := "Email,Code\na@x.io,A1\nb@x.io,B1\n"
	for night := range 3 {
		res := runGroup(t, rg, in, yaml, cfg)
		if res.err != nil {
			t.Fatal(res.err)
		}
		want := report.Invited
		if night > 0 {
			want = report.Member
		}
		for _, l := range res.lines {
			if l.Membership != want || l.Status == report.Failed {
				t.Errorf("night %d row %d: %s %q (%s), want %q", night, l.Row, l.Status, l.Membership, l.Message, want)
			}
		}
	}
	if n := rg.box.Stats().Notifications[sandbox.NoteInvitation]; n != 2 {
		t.Errorf("%d invitations after three nights of 2 rows, want 2", n)
	}
	if m := groupMembers(t, rg, 1001)["a@x.io"]; m["status"] != "invited" || m["Code"] != "" {
		t.Errorf("a before accepting: %v; want invited, no attributes", m)
	}
}

// A state file written before memberships were kept opens, keeps its entries, and takes
// memberships; a file of a newer schema is refused.
func TestStateFileMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	// The schema of state files before groups (state.go at that time).
	if _, err := db.Exec(`CREATE TABLE sent (target TEXT NOT NULL, key TEXT NOT NULL, hash TEXT NOT NULL,
		contact_id INTEGER NOT NULL, sent_at TEXT NOT NULL, PRIMARY KEY (target, key)) WITHOUT ROWID;
		INSERT INTO sent VALUES ('rig', 'EMAIL:a@x.io', 'h', 7, '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	st := openState(t, path)
	if e, ok, err := st.Lookup("EMAIL:a@x.io"); err != nil || !ok || e.ContactID != 7 {
		t.Fatalf("old entry: %+v %v %v", e, ok, err)
	}
	if _, ok, err := st.LookupMember(1001, "EMAIL:a@x.io"); err != nil || ok {
		t.Fatalf("membership of an old file: %v %v, want none", ok, err)
	}
	want := ledger.MemberEntry{ContactID: 7, Status: ledger.StatusMember, Cell: "subscribe", Attrs: "x"}
	if err := st.RecordMember(1001, "EMAIL:a@x.io", want); err != nil {
		t.Fatal(err)
	}
	if e, ok, err := st.LookupMember(1001, "EMAIL:a@x.io"); err != nil || !ok || e != want {
		t.Errorf("membership after recording: %+v %v %v", e, ok, err)
	}
	if n, err := st.CountMembers(1001); err != nil || n != 1 {
		t.Errorf("CountMembers = %d, %v", n, err)
	}
	st.Close()

	db, _ = sql.Open("sqlite", path)
	db.Exec(`PRAGMA user_version = 99`)
	db.Close()
	if _, err := ledger.Open(path, "rig"); err == nil || !strings.Contains(err.Error(), "newer contactimport") {
		t.Errorf("a newer state file: err = %v", err)
	}
}
