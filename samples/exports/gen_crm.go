//go:build ignore

package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

// stamp is a made-up moment of 2024/2025 for row i, as 2025-03-14 10:22:31.
func stamp(year, i int) string {
	return fmt.Sprintf("%d-%02d-%02d %02d:%02d:%02d", year, 1+i%12, 1+(i*3)%28, 8+i%11, (i*7)%60, (i*13)%60)
}

// klaviyo writes a segment export of Klaviyo profiles: phone numbers in E.164 (Klaviyo
// stores them so), email and SMS consent as SUBSCRIBED, UNSUBSCRIBED or NEVER_SUBSCRIBED,
// and the reason a profile is suppressed from email.
func klaviyo(dir string) {
	recs := [][]string{{"Email", "Phone Number", "First Name", "Last Name", "Organization", "Title", "Address", "Address 2",
		"City", "State / Region", "Country", "Zip Code", "Source", "Email Marketing Consent", "Email Marketing Consent Timestamp",
		"SMS Marketing Consent", "SMS Marketing Consent Timestamp", "Email Suppressions", "Email Suppressions Timestamp",
		"Klaviyo ID", "Profile Created On", "Birthday"}}
	for i, p := range world(60, "UUUCUGUJ") {
		phone := p.e164()
		if i%4 == 2 {
			phone = ""
		}
		consent, suppr, supprAt := "SUBSCRIBED", "", ""
		switch {
		case i%10 == 3:
			consent, suppr, supprAt = "UNSUBSCRIBED", "UNSUBSCRIBE", stamp(2025, i+5)
		case i%10 == 7:
			consent = "NEVER_SUBSCRIBED"
		case i%20 == 15:
			suppr, supprAt = "HARD_BOUNCE", stamp(2025, i+2)
		}
		consentAt := ""
		if consent != "NEVER_SUBSCRIBED" {
			consentAt = stamp(2024, i)
		}
		sms, smsAt := "NEVER_SUBSCRIBED", ""
		if phone == "" {
			sms = ""
		} else if i%3 == 0 {
			sms, smsAt = "SUBSCRIBED", stamp(2024, i+1)
		}
		birthday := ""
		if i%3 != 1 {
			birthday = p.ymd()
		}
		org := ""
		if i%5 == 0 {
			org = []string{"Acme Outfitters", "Northwind Traders", "Contoso Ltd"}[i%3]
		}
		recs = append(recs, []string{p.email, phone, p.first, p.last, org, "", p.street, "", p.city, p.state,
			p.countryName, p.zip, []string{"Signup Form", "Shopify", "List Import"}[i%3], consent, consentAt, sms, smsAt,
			suppr, supprAt, klaviyoID(i), stamp(2024, i+3), birthday})
	}
	writeFile(filepath.Join(dir, "klaviyo", "everyone-segment-export.csv"), []byte(csvText(recs, ",", never, "\n")))
}

// klaviyoID is a made-up 26-character Klaviyo profile id (01H…, upper case letters and digits).
func klaviyoID(i int) string { return "01HQ" + madeUpID(i, 22, "0123456789ABCDEFGHJKMNPQRSTVWXYZ") }

// stripeID is a made-up Stripe customer id: cus_ and 14 letters and digits.
func stripeID(i int) string {
	return "cus_" + madeUpID(i+1000, 14, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
}

// madeUpID is n characters of digits drawn by splitmix64 seeded with seed.
func madeUpID(seed, n int, digits string) string {
	x := uint64(seed)
	b := make([]byte, n)
	for k := range b {
		x += 0x9E3779B97F4A7C15
		z := x
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		b[k] = digits[(z^(z>>31))%uint64(len(digits))]
	}
	return string(b)
}

// stripe writes a Stripe customers export ("unified_customers.csv") with the phone and
// address columns chosen: US numbers as the customers typed them (917.555.0180,
// 646-555-0124), some in E.164 from Checkout, some customers without an email.
func stripe(dir string) {
	recs := [][]string{{"id", "Description", "Email", "Name", "Created (UTC)", "Phone", "Address Line1", "Address Line2",
		"Address City", "Address State", "Address Country", "Address Postal Code", "Delinquent", "Plan", "Status",
		"Total Spend", "Payment Count", "Refunded Volume", "Dispute Losses", "tag (metadata)"}}
	for i, p := range world(78, "UUUUUUUCUUUGUUUD") {
		phone := ""
		switch {
		case p.country == "CA":
			phone = p.dashed()
		case p.country != "US":
			phone = p.e164()
		case i%4 == 0:
			phone = p.dotted()
		case i%4 == 1:
			phone = p.e164()
		case i%4 == 2:
			phone = p.dashed()
		}
		email := p.email
		if i%13 == 12 {
			email = ""
		}
		line1, city, state, country, zip := p.street, p.city, p.state, p.country, p.zip
		if i%6 == 4 && p.country == "US" {
			line1, city, state, country, zip = "", "", "", "", ""
		}
		plan, status := []string{"Pro Monthly", "Pro Yearly", "Starter Monthly", ""}[i%4], []string{"active", "active", "canceled", ""}[i%4]
		desc := ""
		if i%9 == 4 {
			desc = "Migrated from PayPal"
		}
		recs = append(recs, []string{stripeID(i), desc, email, p.first + " " + p.last,
			fmt.Sprintf("2025-%02d-%02d %02d:%02d", 1+i%12, 1+(i*5)%28, 9+i%10, (i*17)%60), phone, line1, "", city, state,
			country, zip, []string{"false", "false", "false", "false", "false", "true"}[i%6], plan, status,
			fmt.Sprintf("%d.00", 19*(1+i%9)), fmt.Sprint(1 + i%9), "0.00", "0.00", []string{"", "beta", ""}[i%3]})
	}
	writeFile(filepath.Join(dir, "stripe", "unified_customers.csv"), []byte(csvText(recs, ",", never, "\n")))
}

// woocommerce writes the customers export of a WooCommerce customer/order export plugin:
// the account's names (first_name, last_name) are often empty for guests, while the billing
// names and address are filled from their orders.
func woocommerce(dir string) {
	recs := [][]string{{"customer_id", "first_name", "last_name", "user_login", "email", "date_registered",
		"billing_first_name", "billing_last_name", "billing_company", "billing_email", "billing_phone", "billing_address_1",
		"billing_address_2", "billing_postcode", "billing_city", "billing_state", "billing_country", "shipping_first_name",
		"shipping_last_name", "shipping_address_1", "shipping_postcode", "shipping_city", "shipping_country", "total_spent", "order_count"}}
	for i, p := range world(77, "UUUCUUGUUDUU") {
		id, login, first, last, registered := fmt.Sprint(1000+i), asciiLocal(p.first)+fmt.Sprint(i+1), p.first, p.last, stamp(2024, i)
		if i%3 == 1 { // a guest: no account, so no account names
			id, login, first, last, registered = "0", "", "", "", ""
		} else if i%3 == 2 { // an account made at checkout: WooCommerce left its names empty
			first, last = "", ""
		}
		phone := []string{p.national(), p.dashed(), p.intl(), ""}[i%4]
		if p.country == "CA" {
			phone = p.dashed()
		} else if p.country != "US" && phone != "" {
			phone = p.national()
		}
		email := p.email
		if i%19 == 18 {
			email = "" // an order placed by phone
		}
		recs = append(recs, []string{id, first, last, login, email, registered, p.first, p.last, "", email, phone, p.street,
			"", p.zip, p.city, p.state, p.country, p.first, p.last, p.street, p.zip, p.city, p.country,
			fmt.Sprintf("%d.%02d", 25+i*7, (i*37)%100), fmt.Sprint(1 + i%5)})
	}
	writeFile(filepath.Join(dir, "woocommerce", "customer-export-2026-11-30.csv"), []byte(csvText(recs, ",", never, "\n")))
}

// linkedin writes the Connections.csv of a LinkedIn data archive: three lines of notes and
// a blank line above the header; email addresses only of those who allowed it.
func linkedin(dir string) {
	text := "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing. " +
		"You will only see email addresses for connections who have allowed their connections to see or download their " +
		"email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here " +
		"https://www.linkedin.com/help/linkedin/answer/261\"\n\n"
	recs := [][]string{{"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"}}
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	for i, p := range world(89, "UUGDUCUJUD") {
		email := ""
		if i%5 == 0 {
			email = p.email
		}
		slug := asciiLocal(p.first+"-"+p.last) + fmt.Sprintf("-%x", 0x1a2b3c+i*977)
		if p.country == "JP" {
			slug = strings.SplitN(p.email, "@", 2)[0]
		}
		recs = append(recs, []string{p.first, p.last, "https://www.linkedin.com/in/" + slug, email,
			[]string{"Northwind Traders", "Contoso, Ltd.", "Fabrikam GmbH", "Tailspin Toys", ""}[i%5],
			[]string{"Product Manager", "Head of Sales, EMEA", "Software Engineer", "Recruiter", "Founder & CEO"}[i%5],
			fmt.Sprintf("%02d %s %d", 1+(i*3)%28, months[i%12], 2015+i%11)})
	}
	writeFile(filepath.Join(dir, "linkedin", "Connections.csv"), []byte(text+csvText(recs, ",", never, "\n")))
}
