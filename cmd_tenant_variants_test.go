package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/report"
)

// TestTypedTenantEveryVariant runs doctor and then two imports against every reading of the
// documentation the sandbox plays, each with attribute definitions (an enumeration, a NUMBER and
// a technical attribute the tenant sets): doctor's profile makes the import fail the one value the
// tenant would refuse before sending it, update the others without sending back the technical
// attribute or a spelling the tenant does not take, and lose nothing a later file leaves out.
func TestTypedTenantEveryVariant(t *testing.T) {
	defs := sandbox.Definitions{Profile: []sandbox.Definition{{Name: "Tier", Enum: []string{"Gold", "Silver"}},
		{Name: "Score", Type: "NUMBER"}, {Name: "LastSync", Type: "DATE", Technical: true, Value: "2026-07-01"}}}
	const first = "user.Email,user.FirstName,user.CustomAttribute.Tier,user.CustomAttribute.Score\n" +
		"a@example.org,Ann,Gold,12.5\nb@example.org,Bob,Silver,\"12,5€\"\nc@example.org,Cy,Silver,3\n"
	const second = "user.Email,user.CustomAttribute.Tier\na@example.org,Silver\nc@example.org,Gold\n"
	for _, v := range sandbox.Behaviours([]string{"Tier", "Score"}) {
		t.Run(v.Name, func(t *testing.T) {
			b := v.Behaviour
			b.Definitions = defs
			r := newProfileRig(t, b)
			var stdout, stderr bytes.Buffer
			if err := os.WriteFile(filepath.Join(r.dir, "first.csv"), []byte(first), 0o600); err != nil {
				t.Fatal(err)
			}
			if code := run(context.Background(), []string{"doctor", "--probe-email", "probe@example.net", "--rate", "1000", "first.csv"},
				func(k string) string { return r.env[k] }, nil, &stdout, &stderr); code != exitOK {
				t.Fatalf("doctor: exit %d\n%s%s", code, stdout.String(), stderr.String())
			}
			refusedByDoctor := r.box.Stats().Requests["update"]["400"] // the probe's own refused updates
			_, errs, sum := r.importFile(t, first)
			if sum == nil || sum.Counts[report.Failed] != 1 || sum.Failures[report.Validation] != 1 {
				t.Fatalf("first import: summary %+v\n%s", sum, errs)
			}
			_, errs, sum = r.importFile(t, second)
			if sum == nil || sum.Counts[report.Failed] != 0 {
				t.Fatalf("second import: summary %+v\n%s", sum, errs)
			}
			st := r.box.Stats()
			if st.Requests["update"]["400"] != refusedByDoctor || st.Contacts != 2 {
				t.Errorf("requests %v, %d contacts; want no refused update and a, c only", st.Requests, st.Contacts)
			}
			checkStoredKeys(t, r, "a@example.org", map[string]string{"FirstName": "Ann", "Tier": "Silver", "Score": "12.5", "LastSync": "2026-07-01"})
			checkStoredKeys(t, r, "c@example.org", map[string]string{"FirstName": "Cy", "Tier": "Gold", "Score": "3", "LastSync": "2026-07-01"})
		})
	}
}

// checkStoredKeys reads a contact and compares the attributes in want, matched whatever the
// spelling the tenant answers with (Tier or user.CustomAttribute.Tier).
func checkStoredKeys(t *testing.T, r *profileRig, email string, want map[string]string) {
	t.Helper()
	c, err := engage.New(engage.Config{BaseURL: r.url, User: r.env["ENGAGE_USER"], Password: r.env["ENGAGE_PASSWORD"]})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Get(context.Background(), engage.ContactIdentifier{Type: engage.IdentEmail, Value: email})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]string{}
	for _, a := range got.Attributes {
		stored[engage.ParseAttributeName(a.Name).Key()] = a.Value
	}
	for name, v := range want {
		if k := engage.ParseAttributeName(name).Key(); stored[k] != v {
			t.Errorf("%s: %s = %q, want %q (stored %+v)", email, name, stored[k], v, got.Attributes)
		}
	}
}
