package doctor_test

import (
	"slices"
	"strings"
	"testing"

	"contactimport/importer/doctor"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// typedTenant lists one attribute of each type, an enumeration, a technical and an archived one,
// and two member attributes.
var typedTenant = sandbox.Definitions{
	Profile: []sandbox.Definition{
		{Name: "FirstName", Standard: true}, {Name: "LastName", Standard: true},
		{Name: "Tier", Enum: []string{"gold", "silver"}},
		{Name: "Score", Type: "NUMBER"},
		{Name: "Opted", Type: "BOOLEAN"},
		{Name: "Since", Type: "DATE"},
		{Name: "LastSync", Type: "DATE", Technical: true, Value: "2026-07-01"},
		{Name: "Legacy", Archived: true},
	},
	Member: []sandbox.Definition{{Name: "car"}},
}

// TestDefinitionsWithoutProbe: without a probe address doctor checks each custom and member
// attribute against the definitions, names the archived, technical and missing ones as blocking
// with what to do, keeps the definitions for the profile, and writes nothing.
func TestDefinitionsWithoutProbe(t *testing.T) {
	c, box := target(t, sandbox.Behaviour{Definitions: typedTenant}, nil)
	res := doctor.Run(t.Context(), c, doctor.Options{Group: 1001,
		CustomAttributes: []string{"Tier", "Score", "Legacy", "LastSync", "Shoe"}, MemberAttributes: []string{"car", "bike"}})
	if !res.Blocking() || res.Probed {
		t.Fatalf("result %+v, want blocking without a probe", res)
	}
	if f := finding(t, res, "custom attribute Tier"); !f.OK || !strings.Contains(f.Found, "gold, silver") {
		t.Errorf("Tier finding %+v, want its allowed values", f)
	}
	if f := finding(t, res, "custom attribute Score"); !f.OK || !strings.Contains(f.Found, "NUMBER") {
		t.Errorf("Score finding %+v", f)
	}
	if f := finding(t, res, "custom attribute Legacy"); f.OK || !strings.Contains(f.Found, "archived") || !strings.Contains(f.Meaning, "restore it") {
		t.Errorf("Legacy finding %+v", f)
	}
	if f := finding(t, res, "custom attribute LastSync"); f.OK || !strings.Contains(f.Found, "technical") {
		t.Errorf("LastSync finding %+v", f)
	}
	if f := finding(t, res, "custom attribute Shoe"); f.OK || !strings.Contains(f.Meaning, "create it in Mapp") {
		t.Errorf("Shoe finding %+v", f)
	}
	if f := finding(t, res, "member attribute bike"); f.OK || !strings.Contains(f.Meaning, "Member Attributes") {
		t.Errorf("bike finding %+v", f)
	}
	if f := finding(t, res, "member attribute car"); !f.OK {
		t.Errorf("car finding %+v", f)
	}
	d := res.Tenant.Definitions
	if d == nil || len(d.Profile) != 2 || d.Profile[0].Name != "Tier" || d.Profile[1].DataType != engage.TypeNumber ||
		len(d.Member) != 1 || !slices.Equal(d.Technical, []string{"LastSync"}) {
		t.Errorf("definitions kept %+v", d)
	}
	if !slices.Equal(res.Tenant.MissingAttributes, []string{"Legacy", "Shoe", "bike"}) {
		t.Errorf("missing %q", res.Tenant.MissingAttributes)
	}
	st := box.Stats()
	if st.Calls() != 0 || st.MembershipCalls() != 0 || st.Requests["profileAttributes/list"]["200"] != 1 ||
		st.Requests["memberAttributes/list"]["200"] != 1 {
		t.Errorf("requests %v, want the two lists and no contact or membership call", st.Requests)
	}
}

// TestDefinitionsProbeTyped: with definitions the probe writes into each custom attribute a
// value of its type (a typed tenant refuses "1" for a BOOLEAN, a DATE or an enumeration), so it
// learns the naming and finds nothing missing.
func TestDefinitionsProbeTyped(t *testing.T) {
	for _, naming := range []sandbox.Naming{sandbox.NamingBare, sandbox.NamingPrefixed} {
		t.Run(string(naming), func(t *testing.T) {
			c, box := target(t, sandbox.Behaviour{Update: sandbox.UpdateReplace, CustomAttributes: naming, Definitions: typedTenant}, nil)
			res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: []string{"Tier", "Opted", "Since", "Score"},
				Mobiles: []string{"+447700900041"}})
			if res.Blocking() || string(res.Tenant.CustomAttributes) != string(naming) || res.Tenant.Update != engage.UpdateReplaces ||
				len(res.Tenant.MissingAttributes) != 0 {
				t.Errorf("tenant %+v, findings %+v", res.Tenant, res.Findings)
			}
			checkClean(t, box, res, 0, 0)
		})
	}
}
