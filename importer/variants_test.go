package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"contactimport/importer"
	"contactimport/importer/doctor"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// learnt is the engage.Tenant that doctor learns from a sandbox playing b.
func learnt(b sandbox.Behaviour) engage.Tenant {
	t := engage.Tenant{Update: engage.UpdateMerges, CustomAttributes: engage.NamingEither}
	if b.Update == sandbox.UpdateReplace {
		t.Update = engage.UpdateReplaces
	}
	switch b.CustomAttributes {
	case sandbox.NamingBare:
		t.CustomAttributes = engage.NamingBare
	case sandbox.NamingPrefixed:
		t.CustomAttributes = engage.NamingPrefixed
	}
	return t
}

// TestNothingLostOnEveryVariant imports a list with every column into a sandbox playing each
// reading of Engage's documentation, then a file with fewer columns and empty cells, then one
// whose empty cells clear (`empty: clear`). Whether the tenant merges or replaces, and whether the
// run knows it from a profile (learnt by doctor's probe against that very sandbox) or not: every stored value a file did not carry is still there,
// every value it carried is as mapped, no contact exists twice, and the calls per row stay within
// SPEC's budget (1.05 where the tenant is known to merge, 2.05 otherwise).
func TestNothingLostOnEveryVariant(t *testing.T) {
	const rows = 60
	for _, v := range sandbox.Behaviours([]string{"Tier"}) {
		profile := learnt(v.Behaviour)
		// Without a profile nothing is known about updates. A tenant that takes custom
		// attributes bare only refuses the mapping's user.CustomAttribute.Tier on every row,
		// profile or not; there the run needs at least the naming doctor learns.
		none := engage.Tenant{}
		if profile.CustomAttributes == engage.NamingBare {
			none.CustomAttributes = engage.NamingBare
		}
		for _, tc := range []struct {
			name   string
			tenant engage.Tenant
			doctor bool // learn the tenant with doctor's probe; it must learn what tenant says
		}{{"profile", profile, true}, {"no profile", none, false}} {
			t.Run(v.Name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				nothingLost(t, v.Behaviour, tc.tenant, tc.doctor, rows)
			})
		}
	}
}

func nothingLost(t *testing.T, b sandbox.Behaviour, tenant engage.Tenant, probe bool, rows int) {
	rg := newRig(t, sandbox.Options{Behaviour: b}, 50000, "p")
	if probe {
		// What doctor writes into the profile is what this import runs with.
		res := doctor.Run(context.Background(), rg.client, doctor.Options{ProbeEmail: "probe@example.net", CustomAttributes: []string{"Tier"}})
		got := res.Tenant
		if got.Update != tenant.Update || got.CustomAttributes != tenant.CustomAttributes {
			t.Fatalf("doctor learnt update %q, naming %q; want %q, %q", got.Update, got.CustomAttributes, tenant.Update, tenant.CustomAttributes)
		}
		if n := rg.box.Stats().Contacts; n != 0 {
			t.Fatalf("doctor left %d contacts behind", n)
		}
		tenant = got
	}
	budget := 2.05
	if tenant.Update == engage.UpdateMerges {
		budget = 1.05
	}
	run := func(input, mappingYAML string) float64 {
		t.Helper()
		src, err := source.Open(strings.NewReader(input), source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var f *mapping.File
		if mappingYAML != "" {
			if f, err = mapping.ParseFile("mapping.yaml", []byte(mappingYAML)); err != nil {
				t.Fatal(err)
			}
		}
		m, err := mapping.Compile(f, src.Header(), mapping.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		sum := &report.Summary{}
		before := rg.box.Stats().Calls()
		cfg := importer.Config{API: rg.client, Throttle: rg.th, Mapper: m, Workers: 2, Tenant: tenant}
		if err := importer.Run(context.Background(), cfg, src, report.NewWriter(&out, src.Header()), sum); err != nil {
			t.Fatal(err)
		}
		if n := sum.Counts[report.Failed]; n > 0 {
			t.Fatalf("%d rows failed:\n%s", n, out.String())
		}
		return float64(rg.box.Stats().Calls()-before) / float64(rows)
	}

	// Everything: email, mobile, first and last name, a custom attribute.
	var full strings.Builder
	full.WriteString("user.Email,user.MobileNumber,user.FirstName,user.LastName,user.CustomAttribute.Tier\n")
	for i := range rows {
		fmt.Fprintf(&full, "r%d@example.org,+49151%08d,F%d,L%d,T%d\n", i, i, i, i, i)
	}
	if got := run(full.String(), ""); got > 1.05 {
		t.Errorf("all-new file: %.3f calls per row, want at most 1.05", got)
	}

	// Fewer columns (no mobile, no first name) and empty cells, which send nothing.
	var fewer strings.Builder
	fewer.WriteString("user.Email,user.LastName,user.CustomAttribute.Tier\n")
	for i := range rows {
		last, tier := fmt.Sprintf("M%d", i), fmt.Sprintf("U%d", i)
		if i%3 == 0 {
			last = ""
		}
		if i%4 == 0 {
			tier = ""
		}
		fmt.Fprintf(&fewer, "r%d@example.org,%s,%s\n", i, last, tier)
	}
	if got := run(fewer.String(), ""); got > budget {
		t.Errorf("all-existing file with fewer columns: %.3f calls per row, want at most %.2f", got, budget)
	}
	want := make([]map[string]string, rows)
	for i := range rows {
		want[i] = map[string]string{"mobile": fmt.Sprintf("+49151%08d", i), "FirstName": fmt.Sprintf("F%d", i),
			"LastName": fmt.Sprintf("M%d", i), "Tier": fmt.Sprintf("U%d", i)}
		if i%3 == 0 {
			want[i]["LastName"] = fmt.Sprintf("L%d", i)
		}
		if i%4 == 0 {
			want[i]["Tier"] = fmt.Sprintf("T%d", i)
		}
	}
	checkStored(t, rg.box, want, "after the file with fewer columns")

	// empty: clear — an empty cell the row carries clears its attribute on either kind of tenant.
	var clear strings.Builder
	clear.WriteString("Mail,Nachname\n")
	for i := range rows {
		last := fmt.Sprintf("N%d", i)
		if i%5 == 0 {
			last = ""
		}
		fmt.Fprintf(&clear, "r%d@example.org,%s\n", i, last)
	}
	const clearing = "empty: clear\ncolumns:\n  Mail: email\n  Nachname: user.LastName\n"
	if got := run(clear.String(), clearing); got > budget {
		t.Errorf("all-existing file with empty: clear: %.3f calls per row, want at most %.2f", got, budget)
	}
	for i := range rows {
		want[i]["LastName"] = fmt.Sprintf("N%d", i)
		if i%5 == 0 {
			delete(want[i], "LastName")
		}
	}
	checkStored(t, rg.box, want, "after the file with empty: clear")
}

// checkStored compares the sandbox's contacts with want: per contact r<i>@example.org its mobile
// number and every attribute, nothing more and nothing less.
func checkStored(t *testing.T, box *sandbox.Server, want []map[string]string, when string) {
	t.Helper()
	got, err := box.Contacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d contacts, want %d", when, len(got), len(want))
	}
	lost := 0
	for _, c := range got {
		var i int
		if _, err := fmt.Sscanf(c.Email, "r%d@example.org", &i); err != nil || i >= len(want) {
			t.Errorf("%s: unexpected contact %q", when, c.Email)
			continue
		}
		have := map[string]string{"mobile": c.Mobile}
		for name, value := range c.Attributes {
			have[engage.ParseAttributeName(name).Name] = value
		}
		for k, w := range want[i] {
			if have[k] != w {
				lost++
				if lost <= 5 {
					t.Errorf("%s: contact %s has %s %q, want %q", when, c.Email, k, have[k], w)
				}
			}
		}
		for k, h := range have {
			if _, ok := want[i][k]; !ok && h != "" {
				t.Errorf("%s: contact %s has %s %q, want none", when, c.Email, k, h)
			}
		}
	}
	if lost > 5 {
		t.Errorf("%s: %d values wrong or lost in all", when, lost)
	}
}

// TestExternalIDUpdatesKeepStoredValues: rows matched by external id on a replacing tenant, no
// profile: the second file (id and last name only) removes neither the email, the mobile number
// nor the first name.
func TestExternalIDUpdatesKeepStoredValues(t *testing.T) {
	rg := newRig(t, sandbox.Options{Behaviour: sandbox.Behaviour{Update: sandbox.UpdateReplace}}, 50000, "p")
	run := func(input string) {
		t.Helper()
		src, err := source.Open(strings.NewReader(input), source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		m, err := mapping.Compile(nil, src.Header(), mapping.Options{Identifier: mapping.External})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		sum := &report.Summary{}
		if err := importer.Run(context.Background(), importer.Config{API: rg.client, Throttle: rg.th, Mapper: m}, src, report.NewWriter(&out, src.Header()), sum); err != nil {
			t.Fatal(err)
		}
		if sum.Counts[report.Failed] > 0 {
			t.Fatalf("rows failed:\n%s", out.String())
		}
	}
	run("user.Identifier,user.Email,user.MobileNumber,user.FirstName,user.LastName\ncrm-1,r0@example.org,+4915100000001,Ann,Lee\n")
	run("user.Identifier,user.LastName\ncrm-1,Lim\n")
	checkStored(t, rg.box, []map[string]string{{"mobile": "+4915100000001", "FirstName": "Ann", "LastName": "Lim"}}, "after the update by external id")
}
