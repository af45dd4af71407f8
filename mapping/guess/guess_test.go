package guess

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"contactimport/mapping"
)

// column returns the guess for the named column.
func (d *Draft) column(t *testing.T, name string) ColumnGuess {
	t.Helper()
	for _, c := range d.Columns {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no column %q in the draft", name)
	return ColumnGuess{}
}

// sampleOf builds a Sample from a header and rows given as one string each, fields split at ';'.
func sampleOf(header string, rows ...string) Sample {
	s := Sample{Header: strings.Split(header, ";"), File: "list.csv"}
	for _, r := range rows {
		s.Rows = append(s.Rows, strings.Split(r, ";"))
	}
	s.Total = len(rows)
	return s
}

func TestGuessDatePattern(t *testing.T) {
	tests := []struct {
		name      string
		values    []string
		want      string
		ambiguous bool
	}{
		{"German", []string{"24.12.1980", "01.02.1975"}, "DD.MM.YYYY", false},
		{"GermanNarrow", []string{"24.12.1980", "1.2.1975"}, "D.M.YYYY", false},
		{"American", []string{"12/24/1980", "02/01/1975"}, "MM/DD/YYYY", false},
		{"BritishSlash", []string{"24/12/1980", "02/01/1975"}, "DD/MM/YYYY", false},
		{"ISO", []string{"1980-12-24", "1975-02-01"}, "YYYY-MM-DD", false},
		{"ISOWithTime", []string{"2023-01-05 10:22:33", "2023-11-05 09:02:03"}, "YYYY-MM-DD HH:mm:ss", false},
		{"TimeWithoutSeconds", []string{"05.01.2023 9:22", "25.11.2023 10:02"}, "DD.MM.YYYY H:mm", false},
		{"TwoDigitYear", []string{"24.12.80", "01.02.75"}, "DD.MM.YY", false},
		{"AmbiguousDots", []string{"01.02.1980", "12.11.1975"}, "DD.MM.YYYY", true},
		{"AmbiguousSlashes", []string{"01/02/1980", "12/11/1975"}, "MM/DD/YYYY", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newColumnStats()
			for _, v := range tt.values {
				st.add(v)
			}
			p, ok := st.date.pattern(st)
			if !ok || p.pattern != tt.want || p.ambiguous != tt.ambiguous {
				t.Errorf("pattern = %+v, %v; want %s (ambiguous %v)", p, ok, tt.want, tt.ambiguous)
			}
		})
	}
	for name, values := range map[string][]string{
		"BothOver12":     {"24/12/1980", "12/24/1980"},
		"MixedSeparator": {"24.12.1980", "24/12/1980"},
		"NotADate":       {"24.12.1980", "soon"},
		"SomeWithTime":   {"2023-01-05 10:22:33", "2023-01-05"},
		"MonthDayOnly":   {"07/14", "12/01"},
		"DayZero":        {"00.12.1980"},
	} {
		st := newColumnStats()
		for _, v := range values {
			st.add(v)
		}
		if p, ok := st.date.pattern(st); ok {
			t.Errorf("%s: pattern %+v, want none", name, p)
		}
	}
}

// TestGuessGermanList checks the decisions for a list kept in Excel: names, a salutation, a
// national mobile number with a country column, German dates, a yes/no opt-in, a ' marker.
func TestGuessGermanList(t *testing.T) {
	s := sampleOf("Anrede;Vorname;Nachname;E-Mail;Handy;Land;Geburtsdatum;PLZ;Newsletter;Status;Kundennr",
		"Herr;Jörg;Müller;joerg@example.de;0151 23456789;DE;24.12.1980;'01067;ja;aktiv;K-1",
		"Frau;Bärbel;Weiß;baerbel@example.de;+43 664 1234567;Österreich;01.02.1975;'80331;nein;aktiv;K-2",
		"Frau;Chloé;Núñez;chloe@example.fr;;FR;3.4.1990;75001;ja;gesperrt;K-3",
		"Herr;François;Çelik;francois@example.fr;0612345678;FR;;75002;;gesperrt;K-4")
	d := Mapping(s)
	if d.Identifier != mapping.Email || d.IDColumn != "E-Mail" {
		t.Errorf("identifier %q from %q, want email from E-Mail", d.Identifier, d.IDColumn)
	}
	if d.PhoneRegion != "column" || d.RegionFrom != "Land" {
		t.Errorf("phone region %q from %q, want the column Land", d.PhoneRegion, d.RegionFrom)
	}
	checks := []struct {
		col  string
		want ColumnGuess
	}{
		{"Anrede", ColumnGuess{Target: "user.Title", Values: [][2]string{{"Herr", "1"}, {"Frau", "2"}}}},
		{"Vorname", ColumnGuess{Target: "user.FirstName"}},
		{"Nachname", ColumnGuess{Target: "user.LastName"}},
		{"E-Mail", ColumnGuess{Target: "email", Transforms: []string{"trim", "lower"}}},
		{"Handy", ColumnGuess{Target: "mobile", Transforms: []string{"phone"}}},
		{"Land", ColumnGuess{Target: "user.ISOCountryCode", Transforms: []string{"country"}}},
		{"Geburtsdatum", ColumnGuess{Target: "user.DateOfBirth", Transforms: []string{"date:D.M.YYYY"}}},
		{"PLZ", ColumnGuess{Target: "user.ZipCode", Replace: true}},
		{"Newsletter", ColumnGuess{Target: "user.CustomAttribute.Newsletter", Transforms: []string{"bool"}}},
		{"Status", ColumnGuess{Target: "user.CustomAttribute.Status", Values: [][2]string{{"aktiv", "aktiv"}, {"gesperrt", "gesperrt"}}}},
		{"Kundennr", ColumnGuess{Skip: true}},
	}
	for _, c := range checks {
		got := d.column(t, c.col)
		c.want.Name, c.want.Note, c.want.TODO = c.col, got.Note, got.TODO
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v\nwant %+v", c.col, got, c.want)
		}
	}
	for col, todo := range map[string]bool{"Anrede": false, "Handy": false, "Geburtsdatum": false, "Status": true, "Kundennr": true} {
		if got := d.column(t, col).TODO != ""; got != todo {
			t.Errorf("%s: TODO %q, want one: %v", col, d.column(t, col).TODO, todo)
		}
	}
}

// TestGuessMailchimpUnsubscribed checks a Mailchimp unsubscribed-members export: its time
// columns leave the rows out, and Mailchimp's bookkeeping columns are skipped.
func TestGuessMailchimpUnsubscribed(t *testing.T) {
	s := sampleOf(`Email Address;First Name;Last Name;Phone Number;MEMBER_RATING;OPTIN_TIME;CC;UNSUB_TIME;UNSUB_REASON;LEID`,
		"ann@example.org;Ann;Lee;+1 202 555 0113;2;2021-03-04 05:06:07;US;2024-01-02 03:04:05;;11",
		"bo@example.org;Bo;Ek;;3;2021-03-04 05:06:07;SE;2024-01-02 03:04:05;;12")
	d := Mapping(s)
	if d.System != "a Mailchimp audience export" {
		t.Errorf("system %q", d.System)
	}
	want := []SkipRowGuess{{Column: "UNSUB_TIME", NotEmpty: true, Reason: "unsubscribed in Mailchimp"}}
	got := d.SkipRows
	for i := range got {
		got[i].Note = ""
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("skip_rows %+v, want %+v", got, want)
	}
	for _, col := range []string{"MEMBER_RATING", "OPTIN_TIME", "CC", "UNSUB_TIME", "UNSUB_REASON", "LEID"} {
		if c := d.column(t, col); !c.Skip || c.TODO != "" {
			t.Errorf("%s: %+v, want skipped without a TODO", col, c)
		}
	}
	if c := d.column(t, "Phone Number"); c.Target != "mobile" || c.TODO != "" {
		t.Errorf("Phone Number: %+v, want mobile without a TODO (a US number can be a mobile)", c)
	}
	s.Rows[1][3] = "+49 30 12345678" // a Berlin landline
	if c := Mapping(s).column(t, "Phone Number"); c.Target != "mobile" || !strings.Contains(c.TODO, "1 of the sampled numbers cannot be mobiles") {
		t.Errorf("Phone Number with a landline: %+v, want mobile with a TODO naming it", c)
	}
	if d.PhoneRegion != "" {
		t.Errorf("phone region %q, want none: every number has its country code", d.PhoneRegion)
	}
}

// TestGuessFooter checks that rows without an identifier at the end of a file are left out
// as a report footer, and rows without one elsewhere as rows that cannot be matched.
func TestGuessFooter(t *testing.T) {
	s := sampleOf("First Name;Last Name;Email;Mobile",
		"Ann;Lee;ann@example.org;+4915123456789",
		"Bo;Ek;bo@example.org;",
		"Cy;Wu;cy@example.org;+4915123456780")
	s.Tail = [][]string{{"Di", "Oz", "di@example.org", ""}, {"Grand Totals (4 records)"}, {"Confidential Information - Do Not Distribute"}}
	s.Total = 6
	d := Mapping(s)
	want := SkipRowGuess{Column: "Email", Empty: true, Reason: "no email: a footer under the data", Note: "the last 2 rows of the file have no email"}
	if len(d.SkipRows) != 1 || !reflect.DeepEqual(d.SkipRows[0], want) {
		t.Errorf("skip_rows %+v, want [%+v]", d.SkipRows, want)
	}
	s.Tail = s.Tail[:1]
	if d := Mapping(s); len(d.SkipRows) != 0 {
		t.Errorf("without a footer: skip_rows %+v, want none", d.SkipRows)
	}
	s.Rows[1][2] = ""
	want = SkipRowGuess{Column: "Email", Empty: true, Reason: "no email: nothing to match the contact by", Note: "empty in 1 of 4 sampled rows"}
	if d := Mapping(s); len(d.SkipRows) != 1 || !reflect.DeepEqual(d.SkipRows[0], want) {
		t.Errorf("a row without email: skip_rows %+v, want [%+v]", d.SkipRows, want)
	}
}

// TestGuessNoIdentifier checks that a list without email or mobile gets a TODO for it, and
// that a full name is split when there are no name columns.
func TestGuessNoIdentifier(t *testing.T) {
	d := Mapping(sampleOf("Name;Kunde seit", "Jan van der Berg;24.12.2019", "Ann Lee;01.02.2020"))
	if d.Identifier != "" {
		t.Errorf("identifier %q, want none", d.Identifier)
	}
	if c := d.column(t, "Name"); !c.Split {
		t.Errorf("Name: %+v, want split", c)
	}
	if c := d.column(t, "Kunde seit"); !c.Skip || !strings.Contains(c.TODO, `date:DD.MM.YYYY`) {
		t.Errorf("Kunde seit: %+v, want skipped with a TODO naming its date pattern", c)
	}
	out := string(d.Render())
	if !strings.Contains(out, "# identifier: email") || !strings.Contains(out, "TODO: no column of email addresses") {
		t.Errorf("draft does not ask for an identifier:\n%s", out)
	}
}

// TestGuessOptOut checks that an opt-out column leaves out the rows that say yes.
func TestGuessOptOut(t *testing.T) {
	d := Mapping(sampleOf("Email;Email Opt Out", "a@example.org;1", "b@example.org;0", "c@example.org;1", "d@example.org;0"))
	want := []SkipRowGuess{{Column: "Email Opt Out", Values: []string{"1"}, Reason: "opted out of email (Salesforce)", Note: "1 in 2 of 4 sampled rows"}}
	if !reflect.DeepEqual(d.SkipRows, want) {
		t.Errorf("skip_rows %+v, want %+v", d.SkipRows, want)
	}
	if c := d.column(t, "Email Opt Out"); !c.Skip {
		t.Errorf("the opt-out column is sent: %+v", c)
	}
}

func TestAttrName(t *testing.T) {
	for in, want := range map[string]string{"Accepts Email Marketing": "AcceptsEmailMarketing", "kunde_seit": "KundeSeit", "---": "Column", "Größe": "Größe"} {
		if got := attrName(in); got != want {
			t.Errorf("attrName(%q) = %q, want %q", in, got, want)
		}
	}
}

func ExampleDraft_Render() {
	s := Sample{
		Header: []string{"E-Mail", "Vorname", "Nachname", "Geburtsdatum"},
		Rows: [][]string{
			{"joerg@example.de", "Jörg", "Müller", "24.12.1980"},
			{"baerbel@example.de", "Bärbel", "Weiß", "01.02.1975"},
		},
		Total: 2, File: "kunden.csv", Encoding: "windows-1252", Delimiter: ";",
	}
	fmt.Print(string(Mapping(s).Render()))
	// Output:
	// # Draft mapping for kunden.csv, written by `contactimport init`.
	// # It looks like a list: 2 data rows, 2 of them sampled; read as windows-1252, semicolon separated.
	// # Each line says what was seen (counts and shapes, never the cells). Decide the lines
	// # marked TODO, then try it: contactimport check --mapping THIS-FILE LIST
	//
	// identifier: email                                       # from column "E-Mail"
	// columns:
	//   E-Mail: {to: email, transform: [trim, lower]}         # email addresses in 2 of 2 sampled rows
	//   Vorname: user.FirstName                               # first names in 2 of 2 sampled rows
	//   Nachname: user.LastName                               # last names in 2 of 2 sampled rows
	//   Geburtsdatum: {to: user.DateOfBirth, transform: ["date:DD.MM.YYYY"]}  # dates like DD.MM.YYYY in 2 of 2 sampled rows
}

// TestGuessPhoneColumns checks which phone column becomes the mobile number, and the region.
func TestGuessPhoneColumns(t *testing.T) {
	tests := []struct {
		name, header string
		rows         []string
		mobile       string
		region       string
	}{
		{"PersonBeforeAddress", "Email;Default Address Phone;Phone", []string{"a@x.io;'+493012345678;'+4915123456789"}, "Phone", ""},
		{"OnlyAddressPhone", "Email;Default Address Phone", []string{"a@x.io;+493012345678"}, "Default Address Phone", ""},
		{"NamedMobileWins", "Email;Phone;Mobile", []string{"a@x.io;+493012345678;0151 23456789"}, "Mobile", "guess"},
		{"BrevoDigits", "EMAIL;FIRSTNAME;LASTNAME;SMS", []string{"a@x.io;Ann;Lee;4915123456789"}, "SMS", ""},
		{"ByValues", "Email;Kontakt", []string{"a@x.io;+49 151 23456789", "b@x.io;0151 23456789"}, "Kontakt", "guess"},
		{"IdsAreNotPhones", "Email;Kundennummer", []string{"a@x.io;4815162342", "b@x.io;4815162343"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Mapping(sampleOf(tt.header, tt.rows...))
			mobile := ""
			for _, c := range d.Columns {
				if c.Target == "mobile" {
					mobile = c.Name
				}
			}
			if mobile != tt.mobile || d.PhoneRegion != tt.region {
				t.Errorf("mobile from %q, region %q; want %q, %q", mobile, d.PhoneRegion, tt.mobile, tt.region)
			}
		})
	}
}
