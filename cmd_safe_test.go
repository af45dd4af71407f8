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

// seed creates contacts on the rig's sandbox directly, as another system would have.
func (r *profileRig) seed(t *testing.T, contacts ...*engage.Contact) {
	t.Helper()
	c, err := engage.New(engage.Config{BaseURL: r.url, User: r.env["ENGAGE_USER"], Password: r.env["ENGAGE_PASSWORD"]})
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range contacts {
		if _, err := c.Create(context.Background(), ct); err != nil {
			t.Fatal(err)
		}
	}
}

const tierList = "user.Email,user.CustomAttribute.Tier\na@example.org,Gold\nb@example.org,Silver\n"

// TestSafeUpdateBareTenantWithoutProfile: on a replacing tenant that names custom attributes bare,
// an import without a profile that reads before it writes updates existing contacts: what it read
// goes back spelled as the tenant returned it, and the row's own custom attribute takes that
// spelling; nothing is lost.
func TestSafeUpdateBareTenantWithoutProfile(t *testing.T) {
	r := newProfileRig(t, sandbox.Behaviour{Update: sandbox.UpdateReplace, CustomAttributes: sandbox.NamingBare})
	r.seed(t, &engage.Contact{Email: "a@example.org", Attributes: []engage.Attribute{{Name: "Newsletter", Value: "yes"}}},
		&engage.Contact{Email: "b@example.org", Attributes: []engage.Attribute{{Name: "Newsletter", Value: "no"}}})
	// lookup reads each contact first: a create of a row spelled the mapping's way would be
	// refused on this tenant before it could answer "exists".
	code, stderr, sum := r.importFile(t, tierList, "--strategy", "lookup")
	if code != exitOK || sum == nil || sum.Counts[report.Failed] != 0 {
		t.Fatalf("exit %d, summary %+v\n%s", code, sum, stderr)
	}
	if st := r.box.Stats(); st.Requests["update"]["400"] != 0 || st.Contacts != 2 {
		t.Errorf("requests %v, %d contacts; want no refused update", st.Requests, st.Contacts)
	}
	checkStored(t, r, "a@example.org", map[string]string{"Newsletter": "yes", "Tier": "Gold"})
}

// TestSafeUpdateLeavesTechnical: on a replacing tenant with a technical attribute, an import with
// a profile that names it updates existing contacts without sending it back (the tenant refuses
// a write of it); the same import whose profile does not know it is refused on every row.
func TestSafeUpdateLeavesTechnical(t *testing.T) {
	defs := sandbox.Definitions{Profile: []sandbox.Definition{{Name: "Tier"}, {Name: "LastSync", Type: "DATE", Technical: true, Value: "2026-07-01"}}}
	tenant := engage.Tenant{Update: engage.UpdateReplaces, CustomAttributes: engage.NamingEither,
		Definitions: &engage.Definitions{Profile: []engage.Definition{{Name: "Tier", DataType: engage.TypeString}}, Technical: []string{"LastSync"}}}
	for _, known := range []bool{true, false} {
		r := newProfileRig(t, sandbox.Behaviour{Update: sandbox.UpdateReplace, Definitions: defs})
		r.seed(t, &engage.Contact{Email: "a@example.org"}, &engage.Contact{Email: "b@example.org"})
		p := tenant
		if !known {
			p.Definitions = &engage.Definitions{Profile: tenant.Definitions.Profile}
		}
		r.writeProfile(t, "tenant.json", r.url, p)
		_, stderr, sum := r.importFile(t, tierList, "--profile", "tenant.json")
		if sum == nil {
			t.Fatalf("no summary\n%s", stderr)
		}
		if known && (sum.Counts[report.Failed] != 0 || r.box.Stats().Requests["update"]["400"] != 0) {
			t.Errorf("technical attribute known: counts %v, requests %v; want every update accepted", sum.Counts, r.box.Stats().Requests)
		}
		if !known && sum.Counts[report.Failed] != 2 {
			t.Errorf("technical attribute not known: counts %v; want both rows refused for sending it back", sum.Counts)
		}
	}
}

// checkStored reads a contact from the rig's sandbox and compares the attributes in want.
func checkStored(t *testing.T, r *profileRig, email string, want map[string]string) {
	t.Helper()
	c, err := engage.New(engage.Config{BaseURL: r.url, User: r.env["ENGAGE_USER"], Password: r.env["ENGAGE_PASSWORD"]})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Get(context.Background(), engage.ContactIdentifier{Type: engage.IdentEmail, Value: email})
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range want {
		found := false
		for _, a := range got.Attributes {
			if a.Name == name && a.Value == v {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: %s=%q not stored: %+v", email, name, v, got.Attributes)
		}
	}
}

// TestDoctorThenImportTyped: doctor without a probe reads a replacing, bare-naming tenant's
// definitions into the default profile; the import then fails the row whose NUMBER the tenant
// would refuse before any request, updates the other existing contact reading it first, keeps
// what the row does not carry, and never sends back the technical attribute: no request is
// refused.
func TestDoctorThenImportTyped(t *testing.T) {
	r := newProfileRig(t, sandbox.Behaviour{Update: sandbox.UpdateReplace, CustomAttributes: sandbox.NamingBare,
		Definitions: sandbox.Definitions{Profile: []sandbox.Definition{{Name: "Tier", Enum: []string{"Gold", "Silver"}},
			{Name: "Score", Type: "NUMBER"}, {Name: "Newsletter"}, {Name: "LastSync", Type: "DATE", Technical: true, Value: "2026-07-01"}}}})
	r.seed(t, &engage.Contact{Email: "a@example.org", Attributes: []engage.Attribute{{Name: "Newsletter", Value: "yes"}}},
		&engage.Contact{Email: "b@example.org"})
	list := "user.Email,user.CustomAttribute.Tier,user.CustomAttribute.Score\na@example.org,Gold,12.5\nb@example.org,Silver,\"12,5€\"\n"
	os.WriteFile(filepath.Join(r.dir, "list.csv"), []byte(list), 0o600)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"doctor", "list.csv"}, func(k string) string { return r.env[k] }, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("doctor: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	code, errs, sum := r.importFile(t, list, "--strategy", "lookup")
	if sum == nil || sum.Profile == nil || sum.Counts[report.Failed] != 1 || sum.Failures[report.Validation] != 1 {
		t.Fatalf("exit %d, summary %+v\n%s", code, sum, errs)
	}
	if st := r.box.Stats(); st.Requests["update"]["400"] != 0 || st.Requests["update"]["200"] != 1 {
		t.Errorf("requests %v: want one accepted update and none refused", st.Requests)
	}
	checkStored(t, r, "a@example.org", map[string]string{"Tier": "Gold", "Score": "12.5", "Newsletter": "yes", "LastSync": "2026-07-01"})
}
