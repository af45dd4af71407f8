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
// It also owns the checks of every file the tool reads (OpenFile, ReadFile: regular files only,
// opened without waiting on a pipe, a size cap per Kind), and the one way a list is opened
// (input.go, list.go): OpenInput refuses what cannot be read twice, fingerprints the file (its
// size and SHA-256, its line ends counted for an estimate) and streams it verified against the
// fingerprint, so that a file rewritten during a run is an error (ErrChanged); Input.List reads
// its records from that stream. It finds where a list starts (FindStart: title or note lines
// above the header, the sheet of a workbook that holds the list). Cells are checked on the way: control characters fail a row, byte order marks inside
// the file are removed and counted, header names with invisible characters are refused, and
// columns without a name are dropped while they hold nothing. A workbook is unpacked part by part
// within bounds (xlsxparts.go), so that no file can make the reader's memory grow without end.
//
// A Reader is used by one goroutine, except its Offset, which a progress display may read
// concurrently. Close removes the temporary files an XLSX input is unpacked into.
package source
