package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/report"
)

// TestCallsPerRowAgainstSandbox measures API calls per row from the sandbox's own counters: an
// all-new file, then the same file again (all existing). Both must cost at most 1.05 calls per
// row on a tenant known to merge; the get-then-write flow costs 2.0.
func TestCallsPerRowAgainstSandbox(t *testing.T) {
	const rows = 1000
	rg := newRig(t, sandbox.Options{}, 20000, "p")
	box := rg.box
	var in bytes.Buffer
	in.WriteString("user.Email,user.FirstName\n")
	for i := range rows {
		fmt.Fprintf(&in, "r%05d@example.org,N%d\n", i, i)
	}
	run := func(strategy importer.Strategy) float64 {
		t.Helper()
		before := box.Stats().Calls()
		src, m := openAuto(t, in.Bytes())
		var out bytes.Buffer
		cfg := importer.Config{API: rg.client, Throttle: rg.th, Mapper: m, Strategy: strategy,
			Tenant: engage.Tenant{Update: engage.UpdateMerges}} // the sandbox merges
		if err := importer.Run(context.Background(), cfg, src, report.NewWriter(&out, src.Header()), &report.Summary{}); err != nil {
			t.Fatal(err)
		}
		return float64(box.Stats().Calls()-before) / rows
	}
	if got := run(importer.Guess); got > 1.05 {
		t.Errorf("all-new file: %.3f calls per row, want at most 1.05", got)
	}
	if got := run(importer.Guess); got > 1.05 {
		t.Errorf("all-existing file: %.3f calls per row, want at most 1.05", got)
	}
	if got := run(importer.Lookup); got != 2 {
		t.Errorf("get-then-write: %.3f calls per row, want 2", got)
	}
	if n := box.Stats().Contacts; n != rows {
		t.Errorf("%d contacts after three runs of %d rows, want %d", n, rows, rows)
	}
}

// TestGroupCallsPerRowAgainstSandbox measures calls per row into a group from the sandbox's
// counters: new contacts cost create + subscribe (≤ 2.05); with --state, a rerun of the unchanged
// file costs no call for any row (the group check aside); a changed row of a known member makes
// no membership call and ≤ 1.05 calls.
func TestGroupCallsPerRowAgainstSandbox(t *testing.T) {
	const rows = 300
	rg := newRig(t, sandbox.Options{}, 20000, "p")
	st := openState(t, "")
	in := func(name string) string {
		var b bytes.Buffer
		b.WriteString("user.Email,user.FirstName\n")
		for i := range rows {
			fmt.Fprintf(&b, "c%05d@example.org,%s%d\n", i, name, i)
		}
		return b.String()
	}
	run := func(input string) (contact, member float64) {
		t.Helper()
		before := rg.box.Stats()
		res := runGroup(t, rg, input, "", func(c *importer.Config) { c.Ledger, c.Workers = st, 0 })
		if res.err != nil {
			t.Fatal(res.err)
		}
		after := rg.box.Stats()
		return float64(after.Calls()-before.Calls()) / rows, float64(after.MembershipCalls()-before.MembershipCalls()) / rows
	}
	if c, m := run(in("N")); c+m > 2.05 {
		t.Errorf("new contacts into a group: %.3f calls per row (%.3f contact, %.3f membership), want at most 2.05", c+m, c, m)
	}
	if c, m := run(in("N")); c+m != 0 {
		t.Errorf("unchanged known members with --state: %.3f calls per row, want 0", c+m)
	}
	c, m := run(in("Changed"))
	if m != 0 {
		t.Errorf("changed rows of known members: %.3f membership calls per row, want 0", m)
	}
	if c > 1.05 {
		t.Errorf("changed rows of known members: %.3f contact calls per row, want at most 1.05", c)
	}
	if n := len(groupMembers(t, rg, 1001)); n != rows {
		t.Errorf("%d members, want %d", n, rows)
	}
}
