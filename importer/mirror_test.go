package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/importer/ledger"
)

// nightly runs one night of the mirror: the file into group 1001 with the state, then Mirror
// with max. It returns what Mirror did and its error.
func nightly(t *testing.T, rg *rig, st *ledger.State, in string, max importer.Removals) (importer.MirrorResult, error) {
	t.Helper()
	known, err := st.CountMembers(1001)
	if err != nil {
		t.Fatal(err)
	}
	seen := importer.NewSeen()
	if res := runGroup(t, rg, in, "", func(c *importer.Config) { c.Ledger, c.Seen = st, seen }); res.err != nil {
		t.Fatal(res.err)
	}
	return importer.Mirror(context.Background(), importer.MirrorConfig{Members: rg.client, Throttle: rg.th,
		Group: 1001, Ledger: st, Seen: seen, Known: known, Max: max})
}

// rowsOf is the file of emails(n, prefix) without the rows whose index drop says.
func rowsOf(n int, prefix string, drop func(i int) bool) string {
	var b strings.Builder
	b.WriteString("user.Email,user.FirstName\n")
	for i := range n {
		if !drop(i) {
			fmt.Fprintf(&b, "%s%03d@example.org,N%d\n", prefix, i, i)
		}
	}
	return b.String()
}

// Members an earlier run made that tonight's file no longer holds leave the group silently,
// and are listed; everyone else stays.
func TestMirrorRemovesMissingMembers(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "p")
	st := openState(t, "")
	if _, err := nightly(t, rg, st, emails(100, "m"), importer.DefaultRemovals); err != nil {
		t.Fatal(err)
	}
	// Someone subscribed by other means is no business of this job's mirror.
	outsider, err := rg.client.Create(context.Background(), &engage.Contact{Email: "outsider@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if err := rg.client.Subscribe(context.Background(), outsider.ContactID, 1001, engage.OptIn); err != nil {
		t.Fatal(err)
	}
	res, err := nightly(t, rg, st, rowsOf(100, "m", func(i int) bool { return i == 7 || i == 42 || i == 99 }), importer.DefaultRemovals)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.Removed {
		got = append(got, r.Identifier+" "+r.Outcome)
		if r.ContactID == 0 {
			t.Errorf("%s listed without its contactId", r.Identifier)
		}
	}
	want := "m007@example.org unsubscribed,m042@example.org unsubscribed,m099@example.org unsubscribed"
	if strings.Join(got, ",") != want {
		t.Errorf("removed %v, want %s", got, want)
	}
	members := groupMembers(t, rg, 1001)
	if len(members) != 98 {
		t.Errorf("%d members after the mirror, want 98 (97 and the outsider)", len(members))
	}
	for _, e := range []string{"m007@example.org", "m042@example.org", "m099@example.org"} {
		if _, ok := members[e]; ok {
			t.Errorf("%s is still a member", e)
		}
	}
	if n := rg.box.Stats().Notifications[sandbox.NoteUnsubscribe]; n != 0 {
		t.Errorf("%d unsubscribe confirmations: the mirror must be silent", n)
	}
	if n, _ := st.CountMembers(1001); n != 97 {
		t.Errorf("the state knows %d members after the mirror, want 97", n)
	}
	// The next night nothing more goes; someone who comes back is subscribed again.
	res, err = nightly(t, rg, st, emails(100, "m"), importer.DefaultRemovals)
	if err != nil || len(res.Removed) != 0 {
		t.Errorf("the night after: %d removed, %v", len(res.Removed), err)
	}
	if n := len(groupMembers(t, rg, 1001)); n != 101 {
		t.Errorf("%d members once the three are back in the file, want 101", n)
	}
}

// Above --max-removals nobody is removed, whatever the file lacks, and the error says why.
func TestMirrorGuardRemovesNobody(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "p")
	st := openState(t, "")
	if _, err := nightly(t, rg, st, emails(100, "g"), importer.DefaultRemovals); err != nil {
		t.Fatal(err)
	}
	before := membershipCalls(rg)
	truncated := rowsOf(100, "g", func(i int) bool { return i >= 94 }) // 6 of 100 gone: above 5%
	for _, max := range []importer.Removals{importer.DefaultRemovals, {N: 5}} {
		res, err := nightly(t, rg, st, truncated, max)
		var stop *importer.StopError
		if !errors.As(err, &stop) || !errors.Is(err, importer.ErrTooManyRemovals) {
			t.Fatalf("max %v: err = %v, want ErrTooManyRemovals", max, err)
		}
		if !strings.Contains(stop.Reason, "6 of the 100") || !strings.Contains(stop.Reason, "--max-removals "+max.String()) {
			t.Errorf("reason %q does not say how many and which bound", stop.Reason)
		}
		if len(res.Removed) != 0 {
			t.Errorf("max %v: %d listed as removed", max, len(res.Removed))
		}
	}
	if n := len(groupMembers(t, rg, 1001)); n != 100 {
		t.Errorf("%d members after a refused mirror, want all 100", n)
	}
	if n := membershipCalls(rg) - before; n != 0 {
		t.Errorf("a refused mirror made %d membership calls", n)
	}
	// At the bound it goes ahead.
	res, err := nightly(t, rg, st, rowsOf(100, "g", func(i int) bool { return i >= 95 }), importer.DefaultRemovals)
	if err != nil || len(res.Removed) != 5 {
		t.Errorf("5 of 100 at 5%%: %d removed, %v", len(res.Removed), err)
	}
}

// A row whose identifier cannot be read could be any member: the mirror removes nobody. A row
// refused for another column still holds its contact.
func TestMirrorUnreadableIdentifier(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 10000, "p")
	st := openState(t, "")
	const header = "user.Email,user.ISOCountryCode\n"
	var all strings.Builder
	all.WriteString(header)
	for i := range 40 {
		fmt.Fprintf(&all, "x%02d@example.org,DE\n", i)
	}
	if _, err := nightly(t, rg, st, all.String(), importer.Removals{N: 10}); err != nil {
		t.Fatal(err)
	}
	// x01's row now has a bad country (refused, but its email reads); x02 is gone.
	bad := strings.Replace(all.String(), "x01@example.org,DE", "x01@example.org,Narnia", 1)
	bad = strings.Replace(bad, "x02@example.org,DE\n", "", 1)
	res, err := nightly(t, rg, st, bad, importer.Removals{N: 10})
	if err != nil || len(res.Removed) != 1 || res.Removed[0].Identifier != "x02@example.org" {
		t.Fatalf("removed %+v, %v; want x02 alone", res.Removed, err)
	}
	// An email that does not read: nobody is removed.
	worse := strings.Replace(all.String(), "x03@example.org", "x03@example", 1)
	worse = strings.Replace(worse, "x04@example.org,DE\n", "", 1)
	_, err = nightly(t, rg, st, worse, importer.Removals{N: 10})
	if !errors.Is(err, importer.ErrTooManyRemovals) || !strings.Contains(err.Error(), "row 4") {
		t.Errorf("err = %v; want a refusal naming row 4", err)
	}
	if _, ok := groupMembers(t, rg, 1001)["x04@example.org"]; !ok {
		t.Error("x04 was removed although a row's identifier could not be read")
	}
}

func TestParseRemovals(t *testing.T) {
	for in, want := range map[string]importer.Removals{"5%": {Share: 0.05}, " 12 ": {N: 12}, "0": {}, "0%": {}, "100%": {Share: 1}} {
		if got, err := importer.ParseRemovals(in); err != nil || got != want {
			t.Errorf("ParseRemovals(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "five", "101%", "x%"} {
		if _, err := importer.ParseRemovals(in); err == nil {
			t.Errorf("ParseRemovals(%q) took it", in)
		}
	}
}

// The removed list: identifier, contactId, outcome; formula-like identifiers neutralised.
func TestWriteRemoved(t *testing.T) {
	var b bytes.Buffer
	err := importer.WriteRemoved(&b, []importer.Removed{
		{Identifier: "a@x.io", ContactID: 7, Outcome: importer.RemovedUnsubscribed},
		{Identifier: "+4915550100", ContactID: 8, Outcome: importer.RemovedNotMember},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "identifier,contactId,outcome\na@x.io,7,unsubscribed\n'+4915550100,8,not_member\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
