package guess

import (
	"reflect"
	"strings"
	"testing"

	"contactimport/mapping"
)

// tenantAttributes is a tenant's custom attributes as a doctor profile lists them.
var tenantAttributes = []TenantAttribute{
	{Name: "Kundennummer", DisplayName: "Customer number", Type: "NUMBER"},
	{Name: "Eintrittsdatum", Type: "DATE"},
	{Name: "Newsletter", Type: "BOOLEAN"},
	{Name: "Tier", Type: "STRING", Values: []string{"gold", "silver"}},
	{Name: "Segment", Type: "STRING"},
	{Name: "Position", DisplayName: "Job title", Type: "STRING"},
}

// TestTenantAttributeProposed: with the tenant's attributes known, a column no table knows goes
// to the tenant's attribute named like it — by name or display name, whatever the case, accents,
// spaces and punctuation — with the transform its type needs; the draft invents no attribute.
func TestTenantAttributeProposed(t *testing.T) {
	tests := []struct {
		name, header, values string
		target               string
		transforms           []string
	}{
		{"by display name", "customer-number", "1001|1002|1003", "user.CustomAttribute.Kundennummer", nil},
		{"by name, accents and case", "KUNDENNÜMMER", "1001|1002|1003", "user.CustomAttribute.Kundennummer", nil},
		{"date with its pattern", "Eintritts Datum", "28.02.2020|01.03.2021|15.07.2019", "user.CustomAttribute.Eintrittsdatum", []string{"date:DD.MM.YYYY"}},
		{"yes and no to a boolean", "newsletter", "ja|nein|ja|nein", "user.CustomAttribute.Newsletter", []string{"bool"}},
		{"values among the allowed ones", "Tier", "gold|silver|gold|silver", "user.CustomAttribute.Tier", nil},
		{"a job title by display name", "Job Title", "Sales|Support|Sales", "user.CustomAttribute.Position", nil},
		{"text", "segment", "retail|wholesale|retail", "user.CustomAttribute.Segment", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tenantSample(tc.header, tc.values)
			c := Mapping(s).column(t, tc.header)
			if c.Skip || c.Target != tc.target || !reflect.DeepEqual(c.Transforms, tc.transforms) || c.TODO != "" {
				t.Errorf("got %+v, want target %s with %v and no TODO", c, tc.target, tc.transforms)
			}
		})
	}
}

// TestTenantAttributeTypeRefuses: a column named like a tenant attribute whose values do not fit
// its type is left out with a TODO that names the attribute and says why, never mapped to fail
// every row at the tenant.
func TestTenantAttributeTypeRefuses(t *testing.T) {
	tests := []struct {
		name, header, values, why string
	}{
		{"not numbers", "Kundennummer", "K-1001|K-1002|1003", "takes numbers, and 2 sampled values are not numbers"},
		{"a decimal comma", "Kundennummer", "12,5|13,5|1", "takes numbers, and 2 sampled values"},
		{"not dates", "Eintrittsdatum", "soon|later|never", "takes dates"},
		{"not yes or no", "Newsletter", "weekly|monthly|weekly", "takes yes or no"},
		{"outside the allowed values", "Tier", "gold|bronze|gold|silver", "takes 2 allowed values, and 1 sampled values are not among them"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Mapping(tenantSample(tc.header, tc.values)).column(t, tc.header)
			if !c.Skip || c.Target != "" || !strings.Contains(c.TODO, tc.why) || !strings.Contains(c.TODO, "user.CustomAttribute.") {
				t.Errorf("got %+v, want it skipped with a TODO saying %q", c, tc.why)
			}
		})
	}
}

// TestTenantAttributeNoneNamed: a column named like no tenant attribute is left out; the TODO
// names the tenant's attributes its values fit, and no new attribute appears in the draft.
func TestTenantAttributeNoneNamed(t *testing.T) {
	d := Mapping(tenantSample("Member Since", "28.02.2020|01.03.2021|15.07.2019"))
	c := d.column(t, "Member Since")
	if !c.Skip || !strings.Contains(c.TODO, "(Eintrittsdatum, Segment, Position)") {
		t.Errorf("got %+v, want it skipped, naming the attributes dates fit", c)
	}
	if draft := string(d.Render()); strings.Contains(draft, "CustomAttribute.MemberSince") || !strings.Contains(draft, "tenant's 6 custom attributes") {
		t.Errorf("the draft invents an attribute or does not say where its names come from:\n%s", draft)
	}
	c = Mapping(tenantSample("Loyalty", "a-1|b-2|c-3|d-4")).column(t, "Loyalty")
	if !c.Skip || !strings.Contains(c.TODO, "(Segment, Position)") {
		t.Errorf("text values: got %+v, want only the text attribute named", c)
	}
}

// TestTenantAttributeTakenOnce: two columns named like one attribute: the first takes it.
func TestTenantAttributeTakenOnce(t *testing.T) {
	s := sampleOf("E-Mail;Segment;segment ", "a@example.org;x;y", "b@example.org;z;w")
	s.Tenant = tenantAttributes
	d := Mapping(s)
	if c := d.column(t, "Segment"); c.Target != "user.CustomAttribute.Segment" {
		t.Errorf("first column: %+v", c)
	}
	if c := d.column(t, "segment "); !c.Skip || !strings.Contains(c.Note, "another column takes") {
		t.Errorf("second column: %+v", c)
	}
}

// TestWithoutTenantUnchanged: without a profile the draft proposes custom attributes named after
// the column, as before.
func TestWithoutTenantUnchanged(t *testing.T) {
	s := sampleOf("E-Mail;Tier", "a@example.org;gold", "b@example.org;silver", "c@example.org;gold", "d@example.org;silver")
	if c := Mapping(s).column(t, "Tier"); c.Target != "user.CustomAttribute.Tier" {
		t.Errorf("got %+v", c)
	}
}

// TestTenantDraftsParse: a draft written with tenant attributes is a mapping file the parser takes.
func TestTenantDraftsParse(t *testing.T) {
	s := tenantSample("Eintrittsdatum", "28.02.2020|01.03.2021|15.07.2019")
	if _, err := mapping.ParseFile("draft.yaml", Mapping(s).Render()); err != nil {
		t.Fatal(err)
	}
}

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"Kundennümmer": "kundennummer", "Customer-Number": "customernumber", " e_mail ": "email", "...": "",
	} {
		if got := foldName(in); got != want {
			t.Errorf("foldName(%q) = %q, want %q", in, got, want)
		}
	}
}

// tenantSample is a list with an email column and one more column of the given values.
func tenantSample(header, values string) Sample {
	rows := []string{}
	for i, v := range strings.Split(values, "|") {
		rows = append(rows, "p"+string(rune('a'+i))+"@example.org;"+v)
	}
	s := sampleOf("E-Mail;"+header, rows...)
	s.Tenant = tenantAttributes
	return s
}
