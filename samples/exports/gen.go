//go:build ignore

// gen writes the sample exports in this directory: made-up people in the header layouts,
// quoting and cell formats of the systems named (see README.md for the sources of each layout).
//
//	go run samples/exports/gen*.go   (from the repository root)
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

type person struct {
	first, last, email, country, countryName, street, city, zip string
	mobileIntl, mobileNational                                  string
	birth                                                       [3]int // day, month, year
}

var (
	firsts = []string{"Jörg", "Bärbel", "Chloé", "François", "Zoë", "Dörte", "Renée", "Sigrun", "Wolfram", "Hedwig",
		"Amelia", "Oliver", "Jan", "Léa", "Lukas", "Margarethe", "Noah", "Emma", "Étienne", "Ingrid"}
	lasts = []string{"Müller", "Weiß", "Núñez", "Çelik", "Schröder", "Krämer", "Lindqvist", "Okonkwo", "Brandauer",
		"Vasquez", "Thomas", "Evans", "van der Berg", "Dubois", "Fischer", "Hoffmeister", "Clarke", "Moreau", "Lefèvre", "Jäger"}
)

// people returns n made-up people: German, French and British, with made-up mobile numbers
// near libphonenumber's example numbers (the ranges reserved for fiction, UK 07700 900xxx and
// France 06 39 98, are not valid numbers to libphonenumber, so every row would fail), and
// example.* addresses.
func people(n int) []person {
	var ps []person
	for i := range n {
		f, l := firsts[i%len(firsts)], lasts[(i*7+3)%len(lasts)]
		p := person{first: f, last: l, birth: [3]int{1 + (i*5)%28, 1 + (i*7)%12, 1950 + (i*3)%50}}
		local := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "é", "e", "è", "e", "ë", "e", "ç", "c", "ñ", "n", "ú", "u", "É", "E", " ", "").Replace(strings.ToLower(f + "." + l))
		p.email = fmt.Sprintf("%s%d@%s", local, i+1, []string{"example.com", "example.org", "example.net"}[i%3])
		switch i % 5 {
		case 0, 1, 2:
			p.country, p.countryName, p.city = "DE", "Germany", "Berlin"
			p.street, p.zip = fmt.Sprintf("Lindenallee %d", 3+i), fmt.Sprintf("%05d", 10115+i*7)
			p.mobileIntl = fmt.Sprintf("+49 151 %08d", 23456700+i)
			p.mobileNational = fmt.Sprintf("0151 %08d", 23456700+i)
		case 3:
			p.country, p.countryName, p.city = "FR", "France", "Lyon"
			p.street, p.zip = fmt.Sprintf("%d rue des Lilas", 3+i), fmt.Sprintf("690%02d", i%10)
			p.mobileIntl = fmt.Sprintf("+33 6 12 34 %02d %02d", i%100, (i*3)%100)
			p.mobileNational = fmt.Sprintf("06 12 34 %02d %02d", i%100, (i*3)%100)
		default:
			p.country, p.countryName, p.city = "GB", "United Kingdom", "Leeds"
			p.street, p.zip = fmt.Sprintf("%d Acacia Avenue", 3+i), fmt.Sprintf("LS%d 4AB", 1+i%9)
			p.mobileIntl = fmt.Sprintf("+44 7400 123%03d", i%1000)
			p.mobileNational = fmt.Sprintf("07400 123%03d", i%1000)
		}
		ps = append(ps, p)
	}
	return ps
}

// csvFile writes records, quoting a field when quote says so (and always when it must be).
func csvFile(path string, recs [][]string, quote func(string) bool, eol string) {
	var b strings.Builder
	for _, r := range recs {
		for i, f := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			if quote(f) || strings.ContainsAny(f, ",\"\r\n") {
				b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
			} else {
				b.WriteString(f)
			}
		}
		b.WriteString(eol)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		panic(err)
	}
}

func spaces(s string) bool { return strings.Contains(s, " ") }
func always(string) bool   { return true }
func never(string) bool    { return false }

func main() {
	dir := filepath.Join("samples", "exports")
	mailchimp(dir)
	hubspot(dir)
	salesforce(dir)
	shopify(dir)
	excelMac(dir)
	klaviyo(dir)
	stripe(dir)
	woocommerce(dir)
	linkedin(dir)
	googleContacts(dir)
	outlook(dir)
	googleForm(dir)
	zoho(dir)
	numbers(dir)
	dynamics(dir)
}

func mailchimp(dir string) {
	head := []string{"Email Address", "First Name", "Last Name", "Address", "Phone Number", "Birthday",
		"MEMBER_RATING", "OPTIN_TIME", "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE", "LONGITUDE",
		"GMTOFF", "DSTOFF", "TIMEZONE", "CC", "REGION", "LAST_CHANGED", "LEID", "EUID", "NOTES", "TAGS"}
	recs := [][]string{head}
	for i, p := range people(40) {
		phone := ""
		switch i % 4 {
		case 0, 1:
			phone = p.mobileIntl
		case 2:
			phone = p.mobileNational
		}
		if p.country != "DE" && phone == p.mobileNational {
			phone = p.mobileIntl // the list is German: numbers abroad were written with their code
		}
		tags := ""
		if i%3 == 0 {
			tags = `"Newsletter","Kunden"`
		}
		recs = append(recs, []string{p.email, p.first, p.last,
			fmt.Sprintf("%s  %s  %s  %s", p.street, p.city, p.zip, p.country), phone,
			fmt.Sprintf("%02d/%02d", p.birth[1], p.birth[0]), fmt.Sprint(1 + i%5),
			fmt.Sprintf("2024-%02d-%02d 10:%02d:33", 1+i%12, 1+i%28, i%60), "",
			fmt.Sprintf("2024-%02d-%02d 10:%02d:58", 1+i%12, 1+i%28, i%60), fmt.Sprintf("198.51.100.%d", 10+i),
			"52.5200000", "13.4050000", "1", "2", "Europe/Berlin", "DE", "BE",
			fmt.Sprintf("2025-%02d-%02d 08:15:00", 1+i%12, 1+i%28), fmt.Sprint(313373000 + i), fmt.Sprintf("%010x", 0xa1b2c3d400+i), "", tags})
	}
	csvFile(filepath.Join(dir, "mailchimp", "subscribed_members_export_8a1f2c3d4e.csv"), recs, spaces, "\n")

	uhead := append(append(append([]string{}, head[:18]...), "UNSUB_TIME", "UNSUB_CAMPAIGN_TITLE", "UNSUB_CAMPAIGN_ID", "UNSUB_REASON", "UNSUB_REASON_OTHER"), head[18:]...)
	urecs := [][]string{uhead}
	for i, p := range people(46)[40:] {
		r := []string{p.email, p.first, p.last, "", "", "", "1", "", "", fmt.Sprintf("2023-%02d-10 09:00:00", 1+i), "", "", "", "", "", "", "", ""}
		r = append(r, fmt.Sprintf("2025-%02d-03 18:20:00", 1+i), "Herbst-Newsletter", "b1c2d3e4f5",
			[]string{"I no longer want to receive these emails", "The emails are spam and should be reported", "Other"}[i%3], "", fmt.Sprintf("2025-%02d-03 18:20:00", 1+i),
			fmt.Sprint(313374000+i), fmt.Sprintf("%010x", 0xb1b2c3d400+i), "", "")
		urecs = append(urecs, r)
	}
	csvFile(filepath.Join(dir, "mailchimp", "unsubscribed_members_export_8a1f2c3d4e.csv"), urecs, spaces, "\n")
}

func hubspot(dir string) {
	recs := [][]string{{"Record ID", "First Name", "Last Name", "Email", "Phone Number", "Contact owner",
		"Primary Associated Company ID", "Last Activity Date", "Lead Status", "Marketing contact status", "Create Date", "Associated Company"}}
	for i, p := range people(30) {
		phone := p.mobileIntl
		if i%6 == 5 {
			phone = ""
		}
		company, companyID := "", ""
		if i%2 == 0 {
			company, companyID = []string{"Beispiel GmbH", "Exemple SARL", "Example Ltd"}[i%3], fmt.Sprint(9012345670+i%3)
		}
		recs = append(recs, []string{fmt.Sprint(51234560100 + i), p.first, p.last, p.email, phone,
			[]string{"Anna Vertrieb", "Ben Marketing", ""}[i%3], companyID,
			fmt.Sprintf("2025-%02d-%02d 14:%02d", 1+i%12, 1+i%28, i%60), []string{"NEW", "OPEN", "IN_PROGRESS", ""}[i%4],
			[]string{"Marketing contact", "Non-marketing contact"}[i%2], fmt.Sprintf("2024-%02d-%02d 09:%02d", 1+i%12, 1+i%28, i%60), company})
	}
	csvFile(filepath.Join(dir, "hubspot", "hubspot-crm-exports-all-contacts-2026-11-30.csv"), recs, always, "\n")
}

func salesforce(dir string) {
	recs := [][]string{{"First Name", "Last Name", "Title", "Account Name", "Mailing Country", "Phone", "Mobile",
		"Email", "Email Opt Out", "Contact Owner", "Birthdate"}}
	ps := people(25)
	for i, p := range ps {
		mobile := p.mobileNational
		if i%3 == 0 {
			mobile = p.mobileIntl
		}
		birth := ""
		if i%4 != 3 {
			birth = fmt.Sprintf("%02d/%02d/%d", p.birth[0], p.birth[1], p.birth[2])
		}
		recs = append(recs, []string{p.first, p.last, []string{"Head of Marketing", "Einkauf", "Directrice", "Buyer"}[i%4],
			[]string{"Beispiel GmbH", "Exemple SARL", "Example Ltd"}[i%3], p.countryName, "+49 30 9876543", mobile,
			p.email, fmt.Sprint(map[bool]int{true: 1, false: 0}[i%7 == 6]), "Anna Vertrieb", birth})
	}
	recs = append(recs, []string{}, []string{fmt.Sprintf("Grand Totals (%d records)", len(ps))}, []string{},
		[]string{"Confidential Information - Do Not Distribute"},
		[]string{"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."})
	csvFile(filepath.Join(dir, "salesforce", "report1764460800000.csv"), recs, always, "\n")
}

func shopify(dir string) {
	recs := [][]string{{"Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing", "Default Address Company",
		"Default Address Address1", "Default Address Address2", "Default Address City", "Default Address Province Code",
		"Default Address Country Code", "Default Address Zip", "Default Address Phone", "Phone", "Accepts SMS Marketing",
		"Total Spent", "Total Orders", "Note", "Tax Exempt", "Tags"}}
	for i, p := range people(30) {
		phone, addrPhone := "'"+strings.ReplaceAll(p.mobileIntl, " ", ""), ""
		if i%5 == 4 {
			phone = ""
		}
		if i%4 == 0 {
			addrPhone = "'+493098765" + fmt.Sprintf("%02d", i)
		}
		recs = append(recs, []string{fmt.Sprintf("'%d", 7301234567000+i*17), p.first, p.last, p.email,
			[]string{"yes", "no"}[i%3/2], "", p.street, "", p.city, "", p.country, "'" + p.zip, addrPhone, phone,
			[]string{"no", "yes"}[i%4/3], fmt.Sprintf("%d.%02d", 20+i*13, i%100), fmt.Sprint(1 + i%6), "", "no", ""})
	}
	csvFile(filepath.Join(dir, "shopify", "customers_export.csv"), recs, never, "\n")
}

// excelMac writes a German customer list as Excel for Mac saves "Comma Separated Values
// (.csv)": Mac Roman, CR line ends, and the list separator of a German system, ";".
func excelMac(dir string) {
	recs := [][]string{{"Anrede", "Vorname", "Nachname", "E-Mail", "Mobil", "Land", "Geburtsdatum", "PLZ", "Newsletter"}}
	for i, p := range people(24) {
		title := []string{"Herr", "Frau"}[i%2]
		mobile := p.mobileNational
		if i%4 == 3 {
			mobile = ""
		}
		land := map[string]string{"DE": "Deutschland", "FR": "Frankreich", "GB": "Großbritannien"}[p.country]
		birth := fmt.Sprintf("%02d.%02d.%d", p.birth[0], p.birth[1], p.birth[2])
		recs = append(recs, []string{title, p.first, p.last, p.email, mobile, land, birth, p.zip, []string{"ja", "nein", "ja"}[i%3]})
	}
	// The same list as UTF-8 CSV, which LibreOffice turned into libreoffice-xlsx/Kunden.xlsx (README).
	csvFile(filepath.Join(dir, "libreoffice-xlsx", "Kunden.csv"), recs, never, "\n")
	path := filepath.Join(dir, "excel-mac", "Kunden.csv")
	csvFile(path, recs, never, "\r")
	// csvFile wrote UTF-8 (with ';' wanted): re-separate and re-encode.
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	text := strings.ReplaceAll(string(b), ",", ";")
	mac, err := charmap.Macintosh.NewEncoder().String(text)
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(path, []byte(mac), 0o644); err != nil {
		panic(err)
	}
}
