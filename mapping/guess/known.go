package guess

import (
	"strings"
	"unicode"
)

// kind is what the guesser takes a column for.
type kind uint8

const (
	kUnknown kind = iota
	kEmail
	kMobile // a phone column named as a mobile (mobile, cell, Handy, SMS)
	kPhone  // a phone column of no stated kind
	kFirst
	kLast
	kFull // first and last name in one cell
	kCountry
	kZip
	kBirth
	kSalutation
	kLanguage
	kNick
	kJob      // a job title or position: a custom attribute, never user.Title
	kConsent  // a consent or opt-out column: the rows of people who must not be mailed are left out
	kSkipTime // a timestamp whose presence means the row left the list (rows left out)
	kSkip     // known, and not a contact attribute
	kMapp     // Mapp's own import header (user.X)
	kDate     // values only: dates of no known meaning
)

// known is what a header name alone tells.
type known struct {
	kind   kind
	note   string // why, in words, for the draft's comment
	reason string // kSkipTime, kConsent: the skip_rows reason
	// kConsent: what a yes means (optOut or consent), and the channel when it is not email
	// ("sms", "other").
	polarity, channel string
}

// kindWords name the kinds in a draft's comments.
var kindWords = map[kind]string{
	kEmail: "email addresses", kMobile: "mobile numbers", kPhone: "phone numbers", kFirst: "first names",
	kLast: "last names", kFull: "full names", kCountry: "countries", kZip: "postal codes",
	kBirth: "dates of birth", kSalutation: "salutations", kLanguage: "languages", kNick: "nicknames",
	kJob: "job titles",
}

// headerKey folds a header name for the tables below: lower case, letters and digits only.
func headerKey(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, name)
}

// knownHeaders are the spellings of the exports people bring: Mailchimp's audience exports,
// HubSpot's contact export, Salesforce contact reports, Shopify's customer export, Brevo's contact
// export, and the German, French and English words of lists kept in Excel or Google Sheets.
var knownHeaders = map[string]known{
	// Identifiers and names.
	"email": {kind: kEmail}, "emailaddress": {kind: kEmail}, "mail": {kind: kEmail},
	"emailadresse": {kind: kEmail}, "email1": {kind: kEmail}, "courriel": {kind: kEmail},
	"mobile": {kind: kMobile}, "mobilephone": {kind: kMobile}, "mobilephonenumber": {kind: kMobile},
	"mobilenumber": {kind: kMobile}, "mobil": {kind: kMobile}, "mobilnummer": {kind: kMobile},
	"handy": {kind: kMobile}, "handynummer": {kind: kMobile}, "cell": {kind: kMobile},
	"cellphone": {kind: kMobile}, "sms": {kind: kMobile}, "portable": {kind: kMobile},
	"phone": {kind: kPhone}, "phonenumber": {kind: kPhone}, "telefon": {kind: kPhone},
	"telephone": {kind: kPhone}, "tel": {kind: kPhone}, "telefonnummer": {kind: kPhone},
	"defaultaddressphone": {kind: kPhone},
	"firstname":           {kind: kFirst}, "fname": {kind: kFirst}, "givenname": {kind: kFirst},
	"vorname": {kind: kFirst}, "prenom": {kind: kFirst}, "prénom": {kind: kFirst},
	"lastname": {kind: kLast}, "lname": {kind: kLast}, "surname": {kind: kLast},
	"familyname": {kind: kLast}, "nachname": {kind: kLast}, "nom": {kind: kLast},
	"name": {kind: kFull}, "fullname": {kind: kFull}, "contactname": {kind: kFull},
	"customername": {kind: kFull}, "nomcomplet": {kind: kFull}, "vollständigername": {kind: kFull},
	// Attributes Engage has.
	"country": {kind: kCountry}, "land": {kind: kCountry}, "pays": {kind: kCountry},
	"countrycode": {kind: kCountry}, "countryregion": {kind: kCountry}, "mailingcountry": {kind: kCountry},
	"defaultaddresscountrycode": {kind: kCountry}, "billingcountry": {kind: kCountry},
	"zip": {kind: kZip}, "zipcode": {kind: kZip}, "postalcode": {kind: kZip}, "postcode": {kind: kZip},
	"plz": {kind: kZip}, "postleitzahl": {kind: kZip}, "codepostal": {kind: kZip},
	"mailingzippostalcode": {kind: kZip}, "defaultaddresszip": {kind: kZip}, "billingzippostalcode": {kind: kZip},
	"dateofbirth": {kind: kBirth}, "birthdate": {kind: kBirth}, "dob": {kind: kBirth},
	"geburtsdatum": {kind: kBirth}, "geburtstag": {kind: kBirth}, "datedenaissance": {kind: kBirth},
	"salutation": {kind: kSalutation}, "anrede": {kind: kSalutation}, "gender": {kind: kSalutation},
	"geschlecht": {kind: kSalutation}, "civilite": {kind: kSalutation}, "civilité": {kind: kSalutation},
	"language": {kind: kLanguage}, "sprache": {kind: kLanguage}, "langue": {kind: kLanguage},
	// Rows to leave out.
	"unsubtime":                {kind: kSkipTime, note: "Mailchimp: when the member unsubscribed", reason: "unsubscribed in Mailchimp"},
	"cleantime":                {kind: kSkipTime, note: "Mailchimp: when the address was cleaned (it bounced)", reason: "cleaned in Mailchimp (the address bounced)"},
	"emailoptout":              {kind: kConsent, polarity: optOut, note: "Salesforce or Zoho: the contact opted out of email", reason: "opted out of email"},
	"hasoptedoutofemail":       {kind: kConsent, polarity: optOut, note: "Salesforce or Zoho: the contact opted out of email", reason: "opted out of email"},
	"emailblacklisted":         {kind: kConsent, polarity: optOut, note: "Brevo: the address is blocklisted", reason: "blocklisted"},
	"blacklisted":              {kind: kConsent, polarity: optOut, note: "Brevo: the address is blocklisted", reason: "blocklisted"},
	"donotemail":               {kind: kConsent, polarity: optOut, note: "HubSpot or Salesforce: do not email", reason: "do not email"},
	"unsubscribedfromallemail": {kind: kConsent, polarity: optOut, note: "HubSpot: unsubscribed from all email", reason: "unsubscribed from all email"},
	"bulkemail":                {kind: kConsent, polarity: consent, note: "Dynamics: whether bulk email is allowed", reason: "bulk email not allowed"},
	"emailmarketingconsent":    {kind: kConsent, polarity: consent, note: "Klaviyo: consent to email marketing", reason: "not subscribed to email marketing"},
	"emailsuppressions":        {kind: kConsent, polarity: optOut, note: "Klaviyo: why the address must not be mailed", reason: "suppressed: unsubscribed, bounced or marked as spam"},
	"smsmarketingconsent":      {kind: kConsent, polarity: consent, channel: "sms", note: "Klaviyo: consent to SMS marketing"},
	"unsubscribed":             {kind: kConsent, polarity: optOut, note: "the contact unsubscribed", reason: "unsubscribed"},
	"acceptsemailmarketing":    {kind: kConsent, polarity: consent, note: "Shopify: whether the customer accepts email marketing", reason: "does not accept email marketing"},
	"acceptssmsmarketing":      {kind: kConsent, polarity: consent, channel: "sms", note: "Shopify: whether the customer accepts SMS marketing"},
	// Known, and nothing Engage stores about a contact.
	"address":                    {kind: kSkip, note: "a postal address; Engage has no field for it"},
	"memberrating":               {kind: kSkip, note: "Mailchimp's engagement rating (1 to 5)"},
	"optintime":                  {kind: kSkip, note: "Mailchimp: when the member signed up"},
	"optinip":                    {kind: kSkip, note: "Mailchimp: the sign-up IP address"},
	"confirmtime":                {kind: kSkip, note: "Mailchimp: when the member confirmed"},
	"confirmip":                  {kind: kSkip, note: "Mailchimp: the confirmation IP address"},
	"latitude":                   {kind: kSkip, note: "Mailchimp: located from the IP address"},
	"longitude":                  {kind: kSkip, note: "Mailchimp: located from the IP address"},
	"gmtoff":                     {kind: kSkip, note: "Mailchimp: UTC offset located from the IP address"},
	"dstoff":                     {kind: kSkip, note: "Mailchimp: daylight-saving offset located from the IP address"},
	"timezone":                   {kind: kSkip, note: "Mailchimp: time zone located from the IP address, not given by the member"},
	"cc":                         {kind: kSkip, note: "Mailchimp: country located from the IP address, not given by the member"},
	"region":                     {kind: kSkip, note: "Mailchimp: region located from the IP address"},
	"lastchanged":                {kind: kSkip, note: "Mailchimp: when the member last changed"},
	"leid":                       {kind: kSkip, note: "Mailchimp's internal member id"},
	"euid":                       {kind: kSkip, note: "Mailchimp's internal member id"},
	"notes":                      {kind: kSkip, note: "free-text notes"},
	"notiz":                      {kind: kSkip, note: "free-text notes"},
	"internenotiz":               {kind: kSkip, note: "free-text notes"},
	"bemerkung":                  {kind: kSkip, note: "free-text notes"},
	"kommentar":                  {kind: kSkip, note: "free-text notes"},
	"comment":                    {kind: kSkip, note: "free-text notes"},
	"comments":                   {kind: kSkip, note: "free-text notes"},
	"remarques":                  {kind: kSkip, note: "free-text notes"},
	"note":                       {kind: kSkip, note: "free-text notes"},
	"tags":                       {kind: kSkip, note: "tags of the old system"},
	"unsubcampaigntitle":         {kind: kSkip, note: "Mailchimp: the campaign the member unsubscribed from"},
	"unsubcampaignid":            {kind: kSkip, note: "Mailchimp: the campaign the member unsubscribed from"},
	"unsubreason":                {kind: kSkip, note: "Mailchimp: why the member unsubscribed"},
	"unsubreasonother":           {kind: kSkip, note: "Mailchimp: why the member unsubscribed"},
	"cleancampaigntitle":         {kind: kSkip, note: "Mailchimp: the campaign that bounced"},
	"cleancampaignid":            {kind: kSkip, note: "Mailchimp: the campaign that bounced"},
	"recordid":                   {kind: kSkip, note: "the old system's record number (map it to external to match contacts by it)"},
	"contactowner":               {kind: kSkip, note: "the CRM user who owns the contact"},
	"primaryassociatedcompanyid": {kind: kSkip, note: "HubSpot: the contact's company record"},
	"associatedcompany":          {kind: kSkip, note: "HubSpot: the contact's company"},
	"lastactivitydate":           {kind: kSkip, note: "HubSpot: the last sales activity"},
	"leadstatus":                 {kind: kSkip, note: "HubSpot: the sales status"},
	"lifecyclestage":             {kind: kSkip, note: "HubSpot: the lifecycle stage"},
	"marketingcontactstatus":     {kind: kSkip, note: "HubSpot: whether HubSpot bills the contact as a marketing contact"},
	"createdate":                 {kind: kSkip, note: "when the old system created the record"},
	"contactid":                  {kind: kSkip, note: "Salesforce's record id (map it to external to match contacts by it)"},
	"accountname":                {kind: kSkip, note: "the contact's account (company)"},
	"leadsource":                 {kind: kSkip, note: "where the lead came from"},
	"mailingstreet":              {kind: kSkip, note: "a street address; Engage has no field for it"},
	"mailingcity":                {kind: kSkip, note: "a city; Engage has no field for it"},
	"mailingstateprovince":       {kind: kSkip, note: "a state or province; Engage has no field for it"},
	"customerid":                 {kind: kSkip, note: "the old system's customer number (map it to external to match contacts by it)"},
	"defaultaddresscompany":      {kind: kSkip, note: "Shopify: company of the default address"},
	"defaultaddressaddress1":     {kind: kSkip, note: "a street address; Engage has no field for it"},
	"defaultaddressaddress2":     {kind: kSkip, note: "a street address; Engage has no field for it"},
	"defaultaddresscity":         {kind: kSkip, note: "a city; Engage has no field for it"},
	"defaultaddressprovincecode": {kind: kSkip, note: "a state or province; Engage has no field for it"},
	"totalspent":                 {kind: kSkip, note: "order statistics, not a contact attribute"},
	"totalorders":                {kind: kSkip, note: "order statistics, not a contact attribute"},
	"taxexempt":                  {kind: kSkip, note: "Shopify: tax status, not a contact attribute"},
	"company":                    {kind: kSkip, note: "a company name; Engage has no standard field for it"},
	"city":                       {kind: kSkip, note: "a city; Engage has no field for it"},
	"street":                     {kind: kSkip, note: "a street address; Engage has no field for it"},
	"ort":                        {kind: kSkip, note: "a city; Engage has no field for it"},
	"strasse":                    {kind: kSkip, note: "a street address; Engage has no field for it"},
	"straße":                     {kind: kSkip, note: "a street address; Engage has no field for it"},
}

// system names the export a header comes from, when its columns say so.
func system(header []string) string {
	has := map[string]bool{}
	for _, h := range header {
		has[headerKey(h)] = true
	}
	switch {
	case has["memberrating"] || has["leid"] && has["euid"]:
		return "a Mailchimp audience export"
	case has["recordid"] && has["leadsource"] && has["secondaryemail"]:
		return "a Zoho CRM contact export"
	case has["recordid"] && (has["contactowner"] || has["lifecyclestage"] || has["marketingcontactstatus"]):
		return "a HubSpot contact export"
	case has["acceptsemailmarketing"] || has["defaultaddresszip"]:
		return "a Shopify customer export"
	case has["mailingcountry"] || has["accountname"] && has["contactowner"] || has["emailoptout"]:
		return "a Salesforce contact report"
	case has["email"] && has["firstname"] && has["sms"]:
		return "a Brevo contact export"
	case has["klaviyoid"] || has["emailmarketingconsent"]:
		return "a Klaviyo profile export"
	case has["delinquent"] || has["paymentcount"]:
		return "a Stripe customer export"
	case has["billingfirstname"] && has["billingemail"]:
		return "a WooCommerce customer export"
	case has["email1value"] || has["email1type"] || has["phone1value"]:
		return "a Google Contacts export"
	case has["emailaddress"] && has["emaildisplayname"] && has["businessphone"]:
		return "an Outlook contacts export"
	case has["address1countryregion"] || has["bulkemail"]:
		return "a Dynamics 365 export"
	case has["url"] && has["connectedon"]:
		return "a LinkedIn connections export"
	case len(header) > 0 && formTimestamps[headerKey(header[0])]:
		return "a Google Forms response sheet"
	}
	return ""
}

// formTimestamps are the first column of a Google Forms response sheet, in the form's language.
var formTimestamps = map[string]bool{"timestamp": true, "zeitstempel": true, "horodateur": true,
	"marcatemporal": true, "informazionecronologica": true, "tijdstempel": true}
