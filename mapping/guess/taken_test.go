package guess

import (
	"strings"
	"testing"
)

// TestGuessTargetTakenByEarlierColumn checks that a target goes to one column only: a later
// column of the same target is skipped, and its comment says which target another column has,
// so that nothing is dropped without a word.
func TestGuessTargetTakenByEarlierColumn(t *testing.T) {
	tests := []struct {
		name, header string
		rows         []string
		column       string // the later column
		note         string // what its comment must say
	}{
		{"MappNameTwice", "Email;user.FirstName;USER.firstname", []string{"a@x.io;Ann;Ann", "b@x.io;Bo;Bo"},
			"USER.firstname", "a second column for USER.firstname"},
		{"FirstNameAfterSplitFullName", "Email;Name;Vorname", []string{"a@x.io;Ann Lee;Ann", "b@x.io;Bo Ek;Bo"},
			"Vorname", "first names; user.FirstName is taken by another column"},
		{"ZipAfterMappColumn", "Email;user.ZipCode;PLZ", []string{"a@x.io;10115;10115", "b@x.io;80331;80331"},
			"PLZ", "postal codes; user.ZipCode is taken by another column"},
		{"BirthAfterMappColumn", "Email;user.DateOfBirth;Geburtsdatum", []string{"a@x.io;1980-12-24;24.12.1980", "b@x.io;1975-02-01;01.02.1975"},
			"Geburtsdatum", "dates; user.DateOfBirth is taken by another column"},
		{"SecondJobTitle", "Email;Job Title;Position", []string{"a@x.io;CEO;Sales", "b@x.io;CTO;Support"},
			"Position", "job titles; user.CustomAttribute.JobTitle is taken by another column"},
		{"YesNoAfterMappColumn", "Email;user.CustomAttribute.Newsletter;Newsletter", []string{"a@x.io;true;ja", "b@x.io;false;nein"},
			"Newsletter", "user.CustomAttribute.Newsletter is taken by another column"},
		{"SecondEmail", "user.Email;E-Mail", []string{"a@x.io;b@x.io", "c@x.io;d@x.io"},
			"E-Mail", "a second email column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Mapping(sampleOf(tt.header, tt.rows...))
			c := d.column(t, tt.column)
			if !c.Skip || c.Target != "" || len(c.Transforms) != 0 || !strings.Contains(c.Note, tt.note) {
				t.Errorf("%s: %+v, want skipped with the note %q", tt.column, c, tt.note)
			}
			for i, col := range d.Columns {
				if col.Name == tt.column && d.Columns[i-1].Skip {
					t.Errorf("the earlier column %q lost its target: %+v", d.Columns[i-1].Name, d.Columns[i-1])
				}
			}
		})
	}
}

// TestGuessStateCodesAreNoCountries checks that a header's words win over values that merely
// look like something else: US state codes (CA, GA, IN, PA, MA) are also ISO country codes, and
// a "State" column stays a part of the postal address, never user.ISOCountryCode.
func TestGuessStateCodesAreNoCountries(t *testing.T) {
	d := Mapping(sampleOf("Email;State", "a@x.io;CA", "b@x.io;GA", "c@x.io;IN", "d@x.io;PA", "e@x.io;MA"))
	c := d.column(t, "State")
	if !c.Skip || c.Target != "" || !strings.Contains(c.Note, "postal address") {
		t.Errorf("State: %+v, want skipped as part of the postal address", c)
	}
	if d.PhoneRegion != "" || d.RegionFrom != "" {
		t.Errorf("phone region %q from %q, want none", d.PhoneRegion, d.RegionFrom)
	}
}

// TestGuessEmailsUnderAnotherHeader checks that email addresses under a header whose words say
// "skip" (a login) become the identifier, with a TODO saying that values and header disagree.
func TestGuessEmailsUnderAnotherHeader(t *testing.T) {
	d := Mapping(sampleOf("Login;Name", "ann@example.org;Ann Lee", "bo@example.org;Bo Ek"))
	if d.IDColumn != "Login" || d.Identifier != "email" {
		t.Errorf("identifier %q from %q, want email from Login", d.Identifier, d.IDColumn)
	}
	c := d.column(t, "Login")
	if c.Target != "email" || !strings.Contains(c.TODO, "the header suggests something else") || !strings.Contains(c.TODO, "email addresses") {
		t.Errorf("Login: %+v, want email with a TODO naming the disagreement", c)
	}
}

// TestGuessNicknameLength checks user.Nickname's 20 characters (ENGAGE-API.md): nicknames of at
// most 20 characters are mapped, a longer one makes the column skipped with a TODO, since Engage
// would refuse or cut it.
func TestGuessNicknameLength(t *testing.T) {
	tests := []struct {
		name, longest string
		mapped        bool
	}{
		{"TwentyCharacters", strings.Repeat("ä", 20), true},
		{"TwentyOneCharacters", strings.Repeat("ä", 21), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Mapping(sampleOf("Email;Nickname", "a@x.io;"+tt.longest, "b@x.io;Bo")).column(t, "Nickname")
			switch {
			case tt.mapped && (c.Skip || c.Target != "user.Nickname"):
				t.Errorf("%+v, want user.Nickname", c)
			case !tt.mapped && (!c.Skip || !strings.Contains(c.Note, "up to 21") || !strings.Contains(c.TODO, "user.CustomAttribute.Nickname")):
				t.Errorf("%+v, want skipped, saying 21 characters, with a TODO naming a custom attribute", c)
			}
		})
	}
}
