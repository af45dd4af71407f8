// Package mapping turns CSV rows into Engage contacts. It owns the mapping file format, the
// auto-mapping of Mapp-style and common headers, the value transforms, and the validation rules
// Engage applies to contact fields and attributes.
//
// Everything here is a pure function of its inputs: no I/O beyond parsing the bytes it is given,
// no goroutines, no package-level state but the phone number tables, built once on first use
// and read-only after. A *Mapper is immutable once Compile returns it and is
// safe for concurrent use by any number of goroutines; a *File must not be modified while
// Compile reads it.
//
// # Mapping file
//
//	identifier: email          # email | mobile | alias | external
//	phone_region: DE           # region for numbers without + or 00; or {column: Land}: each row's country
//	empty: skip                # skip: an empty cell sends nothing | clear: it clears the attribute
//	unmapped: error            # error | ignore | custom (send as user.CustomAttribute.<header>)
//	columns:
//	  E-Mail:        {to: email, transform: [trim, lower]}
//	  Mobil:         {to: mobile, transform: [phone]}
//	  Vorname:       user.FirstName                      # short form: target only
//	  Geburtsdatum:  {to: user.DateOfBirth, transform: ["date:02.01.2006"]}
//	  Anrede:        {to: user.Title, values: {Herr: "1", Frau: "2"}, default: "-1"}
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
// A cell goes through its transforms in order (trim, lower, upper, phone, date:<Go layout>),
// then through values (exact match; a non-empty value not listed fails the row), then default
// (fills an empty value, sent as is). What is still empty is left out, or sent empty with
// `empty: clear`; identifier fields are never sent empty, and an empty identifier fails the row.
// Everything else is validated with Engage's rules before it is sent.
//
// # Phone numbers
//
// The phone transform and the mobile field read numbers the same way and write E.164. A number
// with "+" or "00" in front carries its country code. Any other number is read for a region:
// phone_region's code, or with `phone_region: {column: <header>}` the row's own country in that
// column (ISO 3166-1 alpha-2, alpha-3 or numeric, any case; the column sends nothing unless
// it is also named under columns, or unmapped is custom). Without a region (no phone_region,
// or an empty country cell) the digits are read as international: 4917012345678 is
// +4917012345678. With one, a number that is a valid national number of the region is read so;
// one that is not, but is valid with "+" in front, is read as international. A number valid
// for no reading fails the row (invalid_phone); one valid both ways as two different numbers
// fails it as ambiguous (ambiguous_phone, naming both countries). A country cell that names no
// known region fails a row whose number needs one (unknown_phone_region). The mobile field is
// always read this way, transform or not, so every spelling of a number is one identifier;
// and it takes only numbers that can be mobiles (libphonenumber's MOBILE or
// FIXED_LINE_OR_MOBILE), not_a_mobile_number otherwise. Reasons never hold the number.
// Every reading is exactly libphonenumber's (github.com/nyaruka/phonenumbers: Parse,
// IsValidNumber, GetNumberType), from its metadata, with its patterns compiled once into
// automata over the digits instead of matched by regexp on every call (phonefast_test.go
// compares the two).
//
// # Auto-mapping
//
// Without a mapping file, Mapp's import headers map as Mapp defines them (user.Email, user.X,
// user.CustomAttribute.X), and common English and German spellings of email, mobile, first and
// last name are recognised, ignoring case, spaces, '-', '_' and '.'. Identifier values are
// trimmed; everything else is sent exactly as it stands. Any other column is an error that
// names it, so that nothing is dropped silently.
package mapping
