//go:build ignore

package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// excelGeneral is what Excel (German locale, a cell in the "Standard" format) makes of a
// CSV cell it reads as a number and then saves as it displays it: digits only (optionally
// after a +) become a number, which loses its + and leading zeros, and from 12 digits on is
// shown in scientific notation with six significant digits and a decimal comma.
func excelGeneral(s string) string {
	digits := strings.TrimPrefix(s, "+")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return s
	}
	digits = strings.TrimLeft(digits, "0")
	if len(digits) <= 11 {
		return digits
	}
	// Round to six significant digits, as Excel's General format shows 1,23457E+11.
	mant := digits[:6]
	if digits[6] >= '5' {
		var n int
		fmt.Sscan(mant, &n)
		mant = fmt.Sprint(n + 1)
	}
	exp := len(digits) - 1
	if len(mant) > 6 { // 999999 rounded up
		mant, exp = mant[:6], exp+1
	}
	mant = strings.TrimRight(mant[1:], "0")
	if mant == "" {
		return fmt.Sprintf("%cE+%02d", digits[0], exp)
	}
	return fmt.Sprintf("%c,%sE+%02d", digits[0], mant, exp)
}

// zoho writes a Zoho CRM contacts export as it comes back from Excel 365 for Windows in a
// German locale: the export (UTF-8, comma separated) was opened through Daten > Aus Text
// (Legacy) with every column "Standard" and saved as "CSV (Trennzeichen-getrennt)":
// Windows-1252, ";", CRLF, dates in the locale's short format, numbers as Excel displays them
// (a + or a leading zero lost, long numbers in scientific notation), and two nameless empty
// columns at the end of every line, left over from notes typed there and deleted.
func zoho(dir string) {
	recs := [][]string{{"Record Id", "Contact Owner", "Lead Source", "Salutation", "First Name", "Last Name",
		"Account Name", "Email", "Title", "Phone", "Mobile", "Date of Birth", "Email Opt Out", "Created Time",
		"Mailing Street", "Mailing City", "Mailing Zip", "Mailing Country", "Secondary Email", "Tag", "", ""}}
	for i, p := range world(67, "DDDDUDDGDD") {
		sal := map[bool]string{true: "Mr.", false: "Ms."}[p.male]
		if i%9 == 4 {
			sal = "Dr."
		}
		if i%11 == 7 {
			sal = ""
		}
		// The mobile number as typed into Zoho, then as Excel read it.
		mobile := []string{p.intl(), p.e164(), p.national(), "0" + p.area + p.line, ""}[i%5]
		if p.country != "DE" {
			mobile = []string{p.intl(), p.e164()}[(i/10)%2]
		}
		zip := p.zip
		if p.country == "DE" && i%6 == 1 {
			zip = fmt.Sprintf("0%04d", 1067+i*13) // Saxony and Thuringia: 01067 Dresden and on
		}
		city := p.city
		if zip != p.zip {
			city = "Dresden"
		}
		birth := ""
		if i%4 != 3 {
			birth = fmt.Sprintf("%02d.%02d.%d", p.birth[0], p.birth[1], p.birth[2])
		}
		email := p.email
		if i%17 == 16 {
			email = ""
		}
		recs = append(recs, []string{fmt.Sprintf("zcrm_48768760000%08d", 412345+i*1031), []string{"Anna Vertrieb", "Ben Innendienst"}[i%2],
			[]string{"Messe", "Website", "Empfehlung", "Kaltakquise", ""}[i%5], sal, p.first, p.last,
			[]string{"Beispiel GmbH", "Muster AG", "Example Ltd", ""}[i%4], email, []string{"Einkauf", "Geschäftsführerin", "", "IT-Leiter"}[i%4],
			excelGeneral(fmt.Sprintf("+49 40 %07d", 3012340+i)), excelGeneral(mobile), birth,
			[]string{"false", "false", "false", "false", "false", "true"}[i%6],
			fmt.Sprintf("%02d.%02d.2024 %02d:%02d", 1+(i*3)%28, 1+i%12, 8+i%10, (i*7)%60),
			p.street, city, excelGeneral(zip), p.countryName, "", []string{"", "Newsletter", "", "VIP"}[i%4], "", ""})
	}
	text, err := charmap.Windows1252.NewEncoder().String(csvText(recs, ";", never, "\r\n"))
	if err != nil {
		panic(err)
	}
	writeFile(filepath.Join(dir, "zoho-excel", "Contacts_2026_11_30.csv"), []byte(text))
}
