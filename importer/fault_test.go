package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/report"
)

// TestFaultInjection imports 10,000 rows through the real client into a sandbox that throttles,
// is slow, and fails 10% of requests (before or after applying them, or by dropping the
// connection). Afterwards every row is in the report exactly once, every row reported ok is in
// the sandbox with exactly the values mapped from its row, and no contact exists twice.
func TestFaultInjection(t *testing.T) {
	rows := 10000
	if testing.Short() {
		rows = 1500
	}
	rg := newRig(t, sandbox.Options{Rate: 180, Latency: 2 * time.Millisecond, FailRate: 0.1, Seed: 42}, 360, "p")
	box := rg.box

	// A tenth of the rows repeat an earlier contact, so updates and per-contact ordering are
	// exercised under faults too.
	var in bytes.Buffer
	in.WriteString("user.Email,user.FirstName,user.CustomAttribute.Seq\n")
	for i := range rows {
		n := i
		if i%10 == 9 {
			n = i - 5
		}
		fmt.Fprintf(&in, "p%05d@example.org,Name%05d,%d\n", n, i, i)
	}
	src, m := openAuto(t, in.Bytes())
	var out bytes.Buffer
	w := report.NewWriter(&out, src.Header())
	w.WriteHeader()
	sum := &report.Summary{}
	cfg := importer.Config{API: rg.client, Throttle: rg.th, Mapper: m, Workers: 16,
		Retry: importer.RetryPolicy{Base: 20 * time.Millisecond, Cap: 500 * time.Millisecond, Transient: 12}}
	if err := importer.Run(context.Background(), cfg, src, w, sum); err != nil {
		t.Fatal(err)
	}

	rd, err := report.NewReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]report.Line{} // email → last ok line
	for i := 1; ; i++ {
		l, err := rd.Read()
		if err != nil {
			if i != rows+1 {
				t.Fatalf("report has %d lines, want %d (%v)", i-1, rows, err)
			}
			break
		}
		if l.Row != i {
			t.Fatalf("report line %d is row %d: every row exactly once, in order", i, l.Row)
		}
		switch l.Status {
		case report.Created, report.Updated:
			want[l.Cells[0]] = l
		case report.Failed:
			if l.Class != report.Transient {
				t.Errorf("row %d failed with %s %s: %s", l.Row, l.Class, l.Code, l.Message)
			}
		default:
			t.Errorf("row %d: status %s", l.Row, l.Status)
		}
	}
	got, err := box.Contacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range got {
		if seen[c.Email] {
			t.Errorf("contact %s exists twice", c.Email)
		}
		seen[c.Email] = true
		l, ok := want[c.Email]
		if !ok {
			continue // written by a row that then gave up, or by a later failed retry: not reported ok
		}
		if c.Attributes["FirstName"] != l.Cells[1] || c.Attributes["Seq"] != l.Cells[2] {
			t.Errorf("%s: sandbox has FirstName=%q Seq=%q, the last ok row %d sent %q %q",
				c.Email, c.Attributes["FirstName"], c.Attributes["Seq"], l.Row, l.Cells[1], l.Cells[2])
		}
	}
	for email := range want {
		if !seen[email] {
			t.Errorf("%s reported ok but missing from the sandbox", email)
		}
	}
	st := box.Stats()
	t.Logf("%d rows: %v; %d requests, %d throttled, %d faults injected, %.3f calls per row, %d throttle events",
		rows, sum.Counts, st.Total, st.Throttled, st.Injected, float64(sum.APICalls())/float64(rows), sum.ThrottleEvents)
	if st.Injected == 0 || st.Throttled == 0 {
		t.Errorf("the run met %d faults and %d throttles; the test must exercise both", st.Injected, st.Throttled)
	}
	if strings.Contains(out.String(), "\"p\"") {
		t.Error("the report must not hold the password")
	}
}

// TestCallsCountedAreCallsSent: requests a stop cancels while they wait for the limiter never
// go out, and must not be counted.
func TestCallsCountedAreCallsSent(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 5, "wrong")
	var in bytes.Buffer
	in.WriteString("user.Email\n")
	for i := range 200 {
		fmt.Fprintf(&in, "q%d@example.org\n", i)
	}
	src, m := openAuto(t, in.Bytes())
	sum := &report.Summary{}
	var out bytes.Buffer
	err := importer.Run(context.Background(), importer.Config{API: rg.client, Throttle: rg.th, Mapper: m}, src, report.NewWriter(&out, src.Header()), sum)
	if !errors.Is(err, engage.ErrAuth) {
		t.Fatalf("err = %v, want an auth stop", err)
	}
	if got, sent := sum.APICalls(), rg.box.Stats().Total; got != sent {
		t.Errorf("summary counts %d calls, the server received %d", got, sent)
	}
}

// TestFaultInjectionGroup imports into a group through a sandbox that throttles and fails 10% of
// contact and membership calls (before or after applying them, or by dropping the connection),
// so faults fall between a row's contact write and its membership step. Every row is reported
// once; every row reported ok is a member with its member attribute; the failed rows, sent again
// as retry does until none fails, leave the group holding exactly the file's contacts, each once.
func TestFaultInjectionGroup(t *testing.T) {
	rows := 800
	if testing.Short() {
		rows = 300
	}
	rg := newRig(t, sandbox.Options{Rate: 180, Latency: 2 * time.Millisecond, FailRate: 0.1, Seed: 7}, 360, "p")
	const yaml = "columns:\n  Email: email\n  Code: member.Code\n"
	var in bytes.Buffer
	in.WriteString("Email,Code\n")
	for i := range rows {
		fmt.Fprintf(&in, "g%05d@example.org,C%d\n", i, i)
	}
	fast := func(c *importer.Config) {
		c.Workers = 16
		c.Retry = importer.RetryPolicy{Base: 20 * time.Millisecond, Cap: 500 * time.Millisecond, Transient: 12}
	}
	res := runGroup(t, rg, in.String(), yaml, fast)
	if res.err != nil {
		t.Fatal(res.err)
	}
	if len(res.lines) != rows {
		t.Fatalf("%d report lines, want %d", len(res.lines), rows)
	}
	ok := map[string]bool{}
	var again []string
	for i, l := range res.lines {
		if l.Row != i+1 {
			t.Fatalf("report line %d is row %d", i+1, l.Row)
		}
		switch {
		case l.Status == report.Failed && l.Class == report.Transient:
			again = append(again, l.Cells[0]+","+l.Cells[1])
		case l.Status == report.Failed:
			t.Errorf("row %d failed with %s %s: %s", l.Row, l.Class, l.Code, l.Message)
		case l.Membership != report.Subscribed && l.Membership != report.Member:
			t.Errorf("row %d: %s with membership %q", l.Row, l.Status, l.Membership)
		default:
			ok[l.Cells[0]] = true
		}
	}
	members := groupMembers(t, rg, 1001)
	for email := range ok {
		if m, in := members[email]; !in || m["status"] != "member" || m["Code"] == "" {
			t.Errorf("%s reported ok but the group has %v", email, m)
		}
	}
	st := rg.box.Stats()
	t.Logf("%d rows: %d failed; %d requests, %d throttled, %d faults injected", rows, len(again), st.Total, st.Throttled, st.Injected)
	if st.Injected == 0 || st.Throttled == 0 || st.MembershipCalls() == 0 {
		t.Errorf("the run met %d faults and %d throttles; the test must exercise both", st.Injected, st.Throttled)
	}

	// retry: the failed rows again, until none fails.
	for round := 0; len(again) > 0 && round < 6; round++ {
		res := runGroup(t, rg, "Email,Code\n"+strings.Join(again, "\n")+"\n", yaml, fast)
		if res.err != nil {
			t.Fatal(res.err)
		}
		again = again[:0]
		for _, l := range res.lines {
			if l.Status == report.Failed {
				again = append(again, l.Cells[0]+","+l.Cells[1])
			}
		}
	}
	if len(again) > 0 {
		t.Fatalf("%d rows still failing after six retries", len(again))
	}
	members = groupMembers(t, rg, 1001)
	if len(members) != rows {
		t.Errorf("the group has %d members, the file %d contacts", len(members), rows)
	}
	for i := range rows {
		email := fmt.Sprintf("g%05d@example.org", i)
		if m := members[email]; m["status"] != "member" || m["Code"] != fmt.Sprintf("C%d", i) {
			t.Errorf("%s: %v, want a member with Code C%d", email, m, i)
		}
	}
	contacts, err := rg.box.Contacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(contacts) != rows {
		t.Errorf("%d contacts for %d rows: something was duplicated or lost", len(contacts), rows)
	}
}
