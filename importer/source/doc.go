// Package source is the way in: it turns a contact list as people bring it into records with
// line numbers and raw cells, whatever the file is.
//
// It tells formats apart by content, never by name: CSV, TSV and TXT in UTF-8, UTF-16 or a
// Western 8-bit code page (detected, with the reasons); the same compressed with gzip
// (decompressed on the fly); XLSX workbooks (a sheet read row by row with excelize's iterator,
// cells as the sheet displays them). Files of other kinds (.xls, .ods, .numbers, zip, PDF, HTML)
// are refused with a *FormatError that says how to save them as CSV or XLSX. A problem with the
// whole input is an *InputError, found by Open before any record is handed out; a problem with
// one record is that record's *RowError, and reading goes on.
//
// A Reader is used by one goroutine, except its Offset, which a progress display may read
// concurrently. Close removes the temporary files an XLSX input is unpacked into.
package source
