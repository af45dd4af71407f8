//go:build ignore

package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// googleContacts writes a "Google CSV" export of Google Contacts: UTF-8 with a BOM, the
// E-mail/Phone/Address columns numbered as far as the contact with the most values needs,
// several values of one label joined with " ::: ", birthdays as 1984-02-28 or, without a
// year, --02-28, and Japanese names with their phonetic reading.
func googleContacts(dir string) {
	recs := [][]string{{"First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
		"Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As", "Organization Name", "Organization Title",
		"Organization Department", "Birthday", "Notes", "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value",
		"E-mail 2 - Label", "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value",
		"Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box",
		"Address 1 - Region", "Address 1 - Postal Code", "Address 1 - Country", "Address 1 - Extended Address"}}
	nicks := []string{"Liv", "", "", "Benny", "", "Izzy", "", "", "Jim", ""}
	for i, p := range world(65, "UUUUJUUDUUUG") {
		r := make([]string, len(recs[0]))
		r[0], r[2], r[3], r[5] = p.first, p.last, p.readFirst, p.readLast
		if p.country == "US" {
			r[8] = nicks[i%len(nicks)]
		}
		if i%11 == 6 {
			r[6] = "Dr."
		}
		if i%4 == 1 {
			r[10], r[11] = []string{"Northwind Traders", "Contoso", "Fabrikam"}[i%3], []string{"Buyer", "Office Manager", "CTO"}[i%3]
		}
		switch i % 5 {
		case 0, 3:
			r[13] = p.ymd()
		case 1:
			r[13] = fmt.Sprintf("--%02d-%02d", p.birth[1], p.birth[0])
		}
		r[16] = "* myContacts"
		if i%3 == 0 {
			r[16] = "Customers ::: * myContacts"
		}
		if i%7 == 2 {
			r[16] = "Customers ::: * starred ::: * myContacts"
		}
		// E-mail: a primary label "* Home" or "* Work", or "* " (primary without a type);
		// two addresses of one label share a cell.
		if i%9 != 8 {
			r[17], r[18] = []string{"* Home", "* Work", "* ", "* Other"}[i%4], p.email
			if i%10 == 4 {
				r[18] = p.email + " ::: " + strings.Replace(p.email, "@", ".private@", 1)
			}
			if i%6 == 5 {
				r[19], r[20] = "Work", "office"+fmt.Sprint(i+1)+"@example.org"
			}
		}
		// Phones as typed into the phone's contacts app: US numbers nationally or with +1,
		// others as their country writes them (the contact has an address there) or with +.
		phone := []string{p.national(), p.intl(), p.national(), p.e164(), ""}[i%5]
		if p.country == "DE" || p.country == "GB" {
			phone = p.intl()
		}
		if phone != "" {
			r[21], r[22] = []string{"Mobile", "Mobile", "Home", "Mobile"}[i%4], phone
			if i%13 == 7 {
				r[22] = phone + " ::: +1 212-555-01" + fmt.Sprintf("%02d", i%100)
			}
			if i%8 == 3 {
				r[23], r[24] = "Work", "+1 212-555-0199"
			}
		}
		if p.country == "JP" || i%3 != 2 {
			formatted := p.street + "\n" + p.city + ", " + p.state + " " + p.zip + "\n" + p.countryName
			if p.country == "JP" {
				formatted = "〒" + p.zip + "\n" + p.state + p.city + p.street + "\n" + p.countryName
			}
			r[25], r[26], r[27], r[28], r[30], r[31], r[32] = "Home", formatted, p.street, p.city, p.state, p.zip, p.countryName
		}
		recs = append(recs, r)
	}
	writeFile(filepath.Join(dir, "google-contacts", "contacts.csv"), []byte("\ufeff"+csvText(recs, ",", never, "\n")))
}

// outlookHeader is the header of Outlook's (Windows desktop) "Comma Separated Values" export.
var outlookHeader = strings.Split("Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"+
	"Business Street,Business Street 2,Business Street 3,Business City,Business State,Business Postal Code,"+
	"Business Country/Region,Home Street,Home Street 2,Home Street 3,Home City,Home State,Home Postal Code,"+
	"Home Country/Region,Other Street,Other Street 2,Other Street 3,Other City,Other State,Other Postal Code,"+
	"Other Country/Region,Assistant's Phone,Business Fax,Business Phone,Business Phone 2,Callback,Car Phone,"+
	"Company Main Phone,Home Fax,Home Phone,Home Phone 2,ISDN,Mobile Phone,Other Fax,Other Phone,Pager,Primary Phone,"+
	"Radio Phone,TTY/TDD Phone,Telex,Account,Anniversary,Assistant's Name,Billing Information,Birthday,"+
	"Business Address PO Box,Categories,Children,Directory Server,E-mail Address,E-mail Type,E-mail Display Name,"+
	"E-mail 2 Address,E-mail 2 Type,E-mail 2 Display Name,E-mail 3 Address,E-mail 3 Type,E-mail 3 Display Name,"+
	"Gender,Government ID Number,Hobby,Home Address PO Box,Initials,Internet Free Busy,Keywords,Language,Location,"+
	"Manager's Name,Mileage,Notes,Office Location,Organizational ID Number,Other Address PO Box,Priority,Private,"+
	"Profession,Referred By,Sensitivity,Spouse,User 1,User 2,User 3,User 4,Web Page", ",")

// outlook writes the contacts export of Outlook for Windows: every cell quoted, Windows-1252,
// CRLF, "0/0/00" for an empty date, dates as M/D/YYYY, Gender "Unspecified" unless set, and
// the salutation (Mr., Mrs., Ms., Dr.) in Title. Phone numbers are as people type them at
// home: (425) 555-0100 for US contacts, 07400 123456 and 0151 23456789 for British and
// German ones, whose country is in the address.
func outlook(dir string) {
	col := map[string]int{}
	for i, h := range outlookHeader {
		col[h] = i
	}
	recs := [][]string{outlookHeader}
	for i, p := range world(65, "UUUUGUUUDU") {
		r := make([]string, len(outlookHeader))
		set := func(name, v string) { r[col[name]] = v }
		male := p.male
		title := map[bool]string{true: "Mr.", false: []string{"Mrs.", "Ms."}[i/2%2]}[male]
		if i%12 == 7 {
			title = "Dr."
		}
		if i%9 == 5 {
			title = ""
		}
		set("Title", title)
		set("First Name", p.first)
		set("Last Name", p.last)
		if i%8 == 2 {
			set("Middle Name", string("JMRAE"[i%5])+".")
		}
		prefix := "Home"
		if i%3 == 0 {
			prefix = "Business"
			set("Company", []string{"Contoso Ltd.", "Fabrikam, Inc.", "Litware"}[(i/3)%3])
			set("Job Title", []string{"Purchasing Manager", "Account Executive", "Office Manager"}[(i/3)%3])
		}
		if i%7 != 6 || p.country != "US" {
			set(prefix+" Street", p.street)
			set(prefix+" City", p.city)
			set(prefix+" State", p.state)
			set(prefix+" Postal Code", p.zip)
			set(prefix+" Country/Region", p.countryName)
		}
		if i%5 != 4 || p.country != "US" {
			set("Mobile Phone", p.national())
		}
		if prefix == "Business" && p.country == "US" {
			set("Business Phone", fmt.Sprintf("(425) 555-01%02d", 50+i%50))
		}
		set("Anniversary", "0/0/00")
		set("Birthday", "0/0/00")
		if i%3 != 1 {
			set("Birthday", fmt.Sprintf("%d/%d/%d", p.birth[1], p.birth[0], p.birth[2]))
		}
		if i%10 == 3 {
			set("Categories", "Holiday Cards")
		}
		if i%11 != 10 {
			set("E-mail Address", p.email)
			set("E-mail Type", "SMTP")
			set("E-mail Display Name", fmt.Sprintf("%s %s (%s)", p.first, p.last, p.email))
		}
		gender := "Unspecified"
		if i%4 == 0 {
			gender = map[bool]string{true: "Male", false: "Female"}[male]
		}
		set("Gender", gender)
		set("Initials", string([]rune(p.first)[0])+"."+string([]rune(p.last)[0])+".")
		set("Priority", "Normal")
		set("Private", "False")
		set("Sensitivity", "Normal")
		recs = append(recs, r)
	}
	text, err := charmap.Windows1252.NewEncoder().String(csvText(recs, ",", always, "\r\n"))
	if err != nil {
		panic(err)
	}
	writeFile(filepath.Join(dir, "outlook", "contacts.CSV"), []byte(text))
}

// googleForm writes the responses sheet of a German Google Form downloaded as CSV: the
// sheet's German locale writes the timestamp as 07.02.2025 00:13:31 and the date question as
// 03.04.1990; a ticked checkbox answer holds the option's text, an unticked one is empty.
func googleForm(dir string) {
	consent := "Ja, ich möchte den Newsletter per E-Mail erhalten (Abmeldung jederzeit möglich)."
	recs := [][]string{{"Zeitstempel", "E-Mail-Adresse", "Vorname", "Nachname", "Geburtsdatum",
		"Handynummer (optional, für SMS-Erinnerungen)", "Wie sind Sie auf uns aufmerksam geworden?",
		"Einwilligung Newsletter"}}
	ps := world(42, "D")
	for i, p := range ps {
		phone := []string{p.national(), "", "0" + p.area + p.line, p.intl(), "0" + p.area + "/" + p.line, "0" + p.area + "-" + p.line[:3] + " " + p.line[3:]}[i%6]
		tick := consent
		if i%5 == 2 || i%7 == 6 {
			tick = ""
		}
		recs = append(recs, []string{
			fmt.Sprintf("%02d.%02d.2025 %02d:%02d:%02d", 1+i%28, 3+i%8, 7+i%14, (i*7)%60, (i*19)%60),
			p.email, p.first, p.last, fmt.Sprintf("%02d.%02d.%d", p.birth[0], p.birth[1], p.birth[2]), phone,
			[]string{"Instagram", "Freunde / Bekannte", "Suchmaschine", "Flyer im Laden", ""}[i%5], tick})
	}
	// The same person twice: the second response corrects the phone number.
	again := append([]string{}, recs[9]...)
	again[0], again[5] = "14.10.2025 19:02:44", "+49 151 23456758"
	recs = append(recs, again)
	writeFile(filepath.Join(dir, "google-form", "Anmeldung Newsletter (Antworten) - Formularantworten 1.csv"),
		[]byte(csvText(recs, ",", never, "\r\n")))
}
