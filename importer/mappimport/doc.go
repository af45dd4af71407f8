// Package mappimport writes a mapped contact list as files for Mapp Engage's own file import,
// the server-side road for loads too large for the REST API (at about 10 requests per second a
// million contacts take 28 hours). It owns the import format (Layout: which column carries
// what, under Mapp's header name) and the split into files under the upload limit (Splitter);
// importer.Convert runs the rows of an input through both. It never opens files itself: the caller
// hands it a function that creates file number n. Nothing in it is safe for concurrent use.
//
// What Mapp documents, and where (read in 2026):
//
//   - "CSV Format for Contact Imports", https://docs.mapp.com/docs/csv-format-for-contact-imports:
//     the example header `"user.Email","user.FirstName","user.DateOfBirth","user.CustomAttribute.colour"`;
//     "The first value must be the email address, mobile number, or mobile app alias used by
//     Mapp Engage to uniquely identify the contact"; "If a contact record has no value for a
//     particular field, use empty quotation marks ("")"; custom attributes as
//     "user.CustomAttribute.X" ("If it does not exist, Mapp Engage creates it").
//   - "Quick Reference: Contact Import CSV", https://docs.mapp.com/docs/quick-reference-contact-import-csv:
//     the standard header fields user.Email, user.MobileNumber, user.FaxNumber ("Stores the
//     mobile app alias (formerly fax number)"), user.Identifier, user.FirstName, user.LastName,
//     user.Nickname, user.PartnerId, user.ZipCode, user.ISOCountryCode, user.ISOLanguageCode,
//     user.TimeZone, user.Title, user.DateOfBirth; attribute names with spaces are written in
//     quotation marks: "user.CustomAttribute.My Attribute with a Space".
//   - "Group Members: Import", https://docs.mapp.com/docs/import-contacts-window: "Select a local
//     file to upload (maximum 50 MB)"; the separator and the "Character Set" (UTF-8 among them)
//     are chosen on upload; navigation "Audience > Group Management > Groups", the group's
//     "Members", "Import". "Import Contacts", https://docs.mapp.com/docs/import-contacts: the
//     import modes "Add", "Update Current Members", "Add and Update All", "Add and Update
//     (Exclude Current Members)", "Replace All", "Remove from Group".
//   - "Automate Contact File Import", https://docs.mapp.com/docs/automate-contact-file-import:
//     "The maximum size of the import file is 50 MB", imported from FTP by a whiteboard's
//     "Import Contacts" job.
//   - Member attributes as member.<Name>: from ENGAGE-API.md's table of import headers; the
//     pages above do not show one.
//
// Where Mapp says nothing, the files are written the conservative way: UTF-8 without a byte
// order mark, comma-separated, every field in double quotes (quotes inside doubled), lines
// ended with CRLF (RFC 4180), and "50 MB" read as 50,000,000 bytes, the smaller reading.
package mappimport
