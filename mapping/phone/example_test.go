package phone_test

import (
	"fmt"

	"contactimport/mapping/phone"
)

// A number written the way its region writes numbers is national; for the mobile field a
// reading that cannot be a mobile does not compete; digits alone valid both ways are refused,
// naming both readings.
func ExampleRead() {
	for _, c := range []struct {
		cell, region string
		want         phone.Want
	}{
		{"(646) 555-0124", "US", phone.AnyLine},
		{"604.555.0153", "CA", phone.Mobile},
		{"4915123456780", "DE", phone.Mobile},
		{"4915123456780", "DE", phone.AnyLine},
		{"030 12345678", "DE", phone.Mobile},
	} {
		num, err := phone.Read(c.cell, phone.Region{Code: c.region}, c.want)
		if err != nil {
			fmt.Println(err.Code+":", err.Reason)
			continue
		}
		fmt.Println(num.E164(), num.Region())
	}
	// Output:
	// +16465550124 US
	// +16045550153 CA
	// +4915123456780 DE
	// ambiguous_phone: ambiguous: +494915123456780 as a national number of DE, or +4915123456780 with + in front; it looks like a spreadsheet changed it: was it +4915123456780, or 0491 5123456780 as DE writes it? Write it as it was
	// not_a_mobile_number: a valid phone number of DE, but not a mobile one (a landline or another kind of line)
}
