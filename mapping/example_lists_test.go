package mapping_test

import (
	"fmt"

	"contactimport/mapping"
)

// A mapping file for a list as people keep it extends auto-mapping (E-Mail maps itself), reads
// yes/no words, country names, dates in the pattern the file uses and full names, strips the
// ' a spreadsheet export put in front of zip codes, and leaves out rows that must not be sent.
func ExampleMapper_Map_realLists() {
	const file = `
timezone: Europe/Berlin
unmapped: ignore
skip_rows:
  - {column: Status, values: [abgemeldet], reason: unsubscribed}
columns:
  Name:         {split: [user.FirstName, user.LastName]}
  Geburtsdatum: {to: user.DateOfBirth, transform: ["date:D.M.YYYY"]}
  Newsletter:   {to: user.CustomAttribute.OptIn, transform: [bool]}
  Land:         {to: user.ISOCountryCode, transform: [country]}
  PLZ:          {to: user.ZipCode, replace: {pattern: "^'", with: ""}}
  Anrede:       {to: user.Title, values: {herr: "1", frau: "2"}}
  Seit:         {to: user.CustomAttribute.Since, transform: ["date:DD.MM.YYYY HH:mm"]}
`
	f, err := mapping.ParseFile("mapping.yaml", []byte(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	header := []string{"E-Mail", "Name", "Geburtsdatum", "Newsletter", "Land", "PLZ", "Anrede", "Seit", "Status"}
	m, err := mapping.Compile(f, header, mapping.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := m.Map([]string{"jan@example.nl", "Jan van der Berg", "5.3.1984", "Ja", "Niederlande", "'01067", "HERR", "01.07.2024 09:30", "aktiv"})
	fmt.Println(c.Email, c.Attributes, err)

	// Every failing column at once; the first one's code is the row's.
	_, err = m.Map([]string{"ann@example.de", "Ann Lee", "31.2.1980", "vielleicht", "DE", "1067", "Frau", "", "aktiv"})
	fmt.Println(err)

	fmt.Println(m.Skip([]string{"x@example.de", "", "", "", "", "", "", "", "Abgemeldet"}))
	// Output:
	// jan@example.nl [{user.FirstName Jan} {user.LastName van der Berg} {user.DateOfBirth 1984-03-05} {user.CustomAttribute.OptIn true} {user.ISOCountryCode NL} {user.ZipCode 01067} {user.Title 1} {user.CustomAttribute.Since 2024-07-01T09:30:00+02:00}] <nil>
	// column "Geburtsdatum": not a date in the pattern D.M.YYYY; column "Newsletter": not a yes/no value (yes, no, true, false, 1, 0, y, n, ja, nein, oui, non, si, x); column "PLZ": looks like a spreadsheet changed it: a German zip code has five digits, this one four, as when a spreadsheet drops the leading 0 (was it 01067?); write the 0 back, and format the column as text
	// unsubscribed true
}
