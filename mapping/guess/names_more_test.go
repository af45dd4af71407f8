package guess

import (
	"strings"
	"testing"
)

// TestGuessNameBesideFirstName: a German form's "Vorname; Name" has the last name under "Name":
// single words beside a first-name column are last names, never a full name skipped without a
// word; full names there are split when no other column has a name target, else left out with a
// TODO; a failed split never keeps half a claim.
func TestGuessNameBesideFirstName(t *testing.T) {
	tests := []struct {
		name, header string
		rows         []string
		want         map[string]string // column → target; "" for skipped with a TODO
	}{
		{"German form", "E-Mail;Vorname;Name", []string{"a@x.io;Anna;Schmidt", "b@x.io;Jörg;Çelik", "c@x.io;Bo;Ek"},
			map[string]string{"Vorname": "user.FirstName", "Name": "user.LastName"}},
		{"full names after the first name", "E-Mail;Vorname;Name", []string{"a@x.io;Anna;Anna Schmidt", "b@x.io;Jörg;Jörg Çelik"},
			map[string]string{"Vorname": "user.FirstName", "Name": ""}},
		{"a Mapp last-name column first", "E-Mail;user.LastName;Name;Vorname", []string{"a@x.io;Lee;Ann Lee;Ann", "b@x.io;Ek;Bo Ek;Bo"},
			map[string]string{"user.LastName": "user.LastName", "Name": "", "Vorname": "user.FirstName"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Mapping(sampleOf(tc.header, tc.rows...))
			for col, target := range tc.want {
				c := d.column(t, col)
				switch {
				case target == "" && (!c.Skip || c.TODO == ""):
					t.Errorf("%s: %+v, want it left out with a TODO", col, c)
				case target != "" && (c.Skip || c.Target != target):
					t.Errorf("%s: %+v, want %s", col, c, target)
				}
			}
		})
	}
}

// TestGuessLastNameSingleWordsTolerateParticles: a few last names of two words ("van Dijk") do
// not make a last-name column a column of full names.
func TestGuessLastNameSingleWordsTolerateParticles(t *testing.T) {
	rows := []string{}
	for i := range 20 {
		last := "Schmidt"
		if i == 0 {
			last = "van Dijk"
		}
		rows = append(rows, "p"+strings.Repeat("x", i)+"@x.io;Anna;"+last)
	}
	if c := Mapping(sampleOf("E-Mail;Vorname;Name", rows...)).column(t, "Name"); c.Target != "user.LastName" {
		t.Errorf("got %+v", c)
	}
}
