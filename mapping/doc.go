// Package mapping turns CSV rows into Engage contacts. It owns the mapping file format, the
// auto-mapping of Mapp-style and common headers, the value transforms, and the validation rules
// Engage applies to contact fields and attributes.
//
// Everything here is a pure function of its inputs: no I/O beyond parsing the bytes it is given,
// no goroutines, no mutable package-level state (the phone number tables and the table of
// country names are built once, on first use, and never change; a date pattern with YY reads the
// current year when compiled). A *Mapper is immutable once Compile returns it and is safe for
// concurrent use by any number of goroutines; a *File must not be modified while Compile reads it.
//
// # Mapping file
//
//	identifier: email          # email | mobile | alias | external
//	phone_region: DE           # region for numbers without + or 00; or {column: Land}: each row's country
//	timezone: Europe/Berlin    # IANA name for dates with a time but no offset; default UTC
//	empty: skip                # skip: an empty cell sends nothing | clear: it clears the attribute
//	unmapped: error            # error | ignore | custom (send as user.CustomAttribute.<header>)
//	auto: true                 # default: columns the file does not name are auto-mapped
//	sheet: Kontakte            # the sheet of an XLSX workbook that holds the list (--sheet wins)
//	skip_lines: 2              # title lines above the header (read by the input reader), 0 to 1000
//	lost_leading_zeros: true   # the list went through a spreadsheet that dropped leading zeros
//	skip_rows:                 # rows left out, reported as skipped with the reason
//	  - {column: UNSUB_TIME, not_empty: true, reason: unsubscribed in Mailchimp}
//	  - {column: Email, empty: true, reason: report footer}
//	  - {column: Status, values: [cleaned, bounced], reason: not mailable}
//	columns:
//	  E-Mail:        {to: email, transform: [trim, lower]}
//	  Mobil:         {to: mobile, transform: [phone], invalid: omit}   # a bad number is not sent
//	  Vorname:       {to: user.FirstName, template: "{Vorname} {Zweitname}"}
//	  Zweitname:     skip
//	  Name:          {split: [user.FirstName, user.LastName]}
//	  Geburtsdatum:  {to: user.DateOfBirth, transform: ["date:DD.MM.YYYY"]}
//	  Anrede:        {to: user.Title, values: {Herr: "1", Frau: "2"}, default: "-1"}
//	  Opt-in:        {to: user.CustomAttribute.OptIn, transform: [bool]}
//	  Land:          {to: user.ISOCountryCode, transform: [country]}
//	  PLZ:           {to: user.ZipCode, replace: {pattern: "^'", with: ""}}
//	  Kundennr:      {to: external}
//	  Interne Notiz: skip
//	constants:
//	  user.CustomAttribute.Source: legacy-crm            # the same value on every row
//
// Targets email, mobile, alias and external (in any case, and Mapp's user.Email,
// user.MobileNumber, user.FaxNumber and user.Identifier) are the contact's identifier fields;
// any other target is an attribute, sent with the name as written. Two columns, or a column and
// a constant, may not write the same target; attribute names compare the way Engage compares
// them, case-insensitively and with the "user." prefix optional.
//
// A cell goes through replace (a Go regular expression; $1 in with is its first group), its
// transforms in order (trim, lower, upper, phone, bool, country, date:<pattern>, and
// first:<separator>, which keeps what comes before the separator: "first: ::: " reads a
// Google Contacts multi-value cell as its first value), then through
// values (matched ignoring case and surrounding spaces; a non-empty value not listed fails the
// row), then default (fills an empty value, sent as is). A template column's cell is first
// replaced by its rendered template (the named cells, trimmed; literal text joins the
// non-empty ones). A split column's value is a full name: the last word, with the name
// particles right before it (van der, von, de, ...), is the last name, the words before the
// first name; the first word always stays the first name, and a name with a comma fails the
// row. What is still empty is left out, or sent empty with `empty: clear`; identifier fields
// are never sent empty, and an empty identifier fails the row. Everything else is validated
// with Engage's rules before it is sent, and every failing column of a row is reported at
// once (a *RowError when more than one fails).
//
// Date patterns are tokens (YYYY, YY, MM, M, DD, D, HH, H, mm, ss) with separators, or Go
// layouts; YY reads the year in the hundred years up to the current one. bool reads yes/no
// words in English, German, French, Spanish and Italian, 1/0 and x; country reads ISO 3166-1
// alpha-2, alpha-3 and numeric codes and country names in English, German, French, Spanish,
// Italian and Dutch (CLDR's, through golang.org/x/text), refusing withdrawn codes.
//
// Cells a spreadsheet changed are named as such (codes spreadsheet_scientific,
// spreadsheet_date, spreadsheet_zip): an identifier or phone number in scientific notation, a
// locale date where YYYY-MM-DD is expected, a German zip code of four digits.
//
// # Cells sent other than written: invalid and lost_leading_zeros
//
// Nothing is guessed: a cell is sent differently from how it is written only where the mapping
// says so, and each such cell is a Note on the row (Contact.Notes), which the row's report line
// carries while the row keeps its status. A note may quote the cell, so it goes to the report,
// which holds the cells anyway, and never to a log.
//
// A column's `invalid: omit` (default `invalid: fail`) leaves out a cell of that column that
// fails validation, whatever the reason (spreadsheet damage included), and sends the rest of
// the row; the note says `column "Mobile" not sent (invalid: omit): <reason>` with the
// reason's code. Nothing is sent for the column, so with `empty: skip` the tenant keeps the
// value it had; with `empty: clear` too, since an omitted cell is not an empty one. It is
// refused on the column of the run's identifier (a row without it has no contact to write)
// and on a subscription column (a row whose decision cannot be read would be subscribed).
//
// `lost_leading_zeros: true` says the list went through a spreadsheet that read digit cells
// as numbers, dropping their leading zeros. Then, and only then, a phone number of digits
// alone (no "+", no "00", no separators) that is a valid number both in the row's region and
// with "+" in front is read in the region, as a national number whose trunk 0 was dropped,
// instead of failing as ambiguous_phone; one valid in only one reading is read as always.
// And a zip code (user.ZipCode) of four digits in a row whose country, as sent, is Germany
// gets its 0 back (1080 is sent as 01080) instead of failing as spreadsheet_zip. Only
// Germany: its codes have five digits since 1993, and a four-digit one there is what a
// spreadsheet leaves of 01067; but a list kept since before 1993 may hold real four-digit
// codes, which padding would make wrong, so the person who knows the list's history must say
// so. Austria's and Switzerland's four-digit codes are never touched. Each such cell's note
// reads `column "Mailing Zip": 1080 read as 01080 (lost_leading_zeros)`, code restored_zero.
//
// # Phone numbers
//
// The phone transform and the mobile field read numbers the same way and write E.164. A number
// with "+" or "00" in front carries its country code. Any other number is read for a region:
// phone_region's code, or with `phone_region: {column: <header>}` the row's own country in that
// column (ISO 3166-1 alpha-2, alpha-3 or numeric, any case; the column sends nothing unless
// it is also named under columns, or unmapped is custom). `{column: Home Country, or: Business
// Country, default: US}` reads the second column where the first is empty, and the default
// region where both are. Without a region (no phone_region, or an empty country cell and no
// default) the digits are read as international: 4917012345678 is
// +4917012345678. With one, a number that is a valid national number of the region is read so;
// one that is not, but is valid with "+" in front, is read as international. A number valid
// for no reading fails the row (invalid_phone). When both readings are valid numbers, a cell
// written in the region's national format (its trunk prefix, its area code in parentheses, or
// its own grouping: (646) 555-0124 or 646-555-0124 in a US row) is national, and for the mobile
// field a reading that cannot be a mobile drops out; two readings left fail the row as
// ambiguous (ambiguous_phone), the reason showing both in E.164. A country cell that names no
// known region fails a row whose number needs one (unknown_phone_region). The mobile field is
// always read this way, transform or not, so every spelling of a number is one identifier;
// and it takes only numbers that can be mobiles (libphonenumber's MOBILE or
// FIXED_LINE_OR_MOBILE), not_a_mobile_number otherwise. Package phone holds these rules.
// Every reading is exactly libphonenumber's (github.com/nyaruka/phonenumbers: Parse,
// IsValidNumber, GetNumberType), from its metadata, with its patterns compiled once into
// automata over the digits instead of matched by regexp on every call (phone/fast_test.go
// compares the two).
//
// # Auto-mapping
//
// Without a mapping file, Mapp's import headers map as Mapp defines them (user.Email, user.X,
// user.CustomAttribute.X), and common English and German spellings of email, mobile, first and
// last name are recognised, ignoring case, spaces, '-', '_' and '.'. Identifier values are
// trimmed; everything else is sent exactly as it stands. Any other column is an error that
// names it, so that nothing is dropped silently. A mapping file extends auto-mapping: the
// columns it does not name are auto-mapped the same way (unless `auto: false`), except those
// whose target the file already writes, and only the rest meet its unmapped policy.
package mapping
