package source

import (
	"encoding/csv"
	"errors"
	"fmt"
)

// Row error codes, as RowError.Code gives them.
const (
	CodeTooManyFields   = "too_many_fields"
	CodeQuote           = "quote"
	CodeInvalidUTF8     = "invalid_utf8"
	CodeInvalidEncoding = "invalid_encoding"
	CodeTooLong         = "too_long"
)

// Causes of input errors, for errors.Is.
var (
	ErrEmptyInput       = errors.New("empty input: no header line")
	ErrNoRows           = errors.New("header has no data rows")
	ErrUnknownEncoding  = errors.New("unknown encoding")
	ErrUnknownDelimiter = errors.New("unknown delimiter")
	ErrInvalidUTF8      = errors.New("invalid UTF-8")
	ErrUndefinedByte    = errors.New("byte not defined in the input's code page")
	ErrInvalidUTF16     = errors.New("invalid UTF-16 (a broken surrogate pair)")
)

// MaxSkipLines bounds Options.SkipLines: a list has a few title lines above its header, and a
// larger count is a mistake, refused as such rather than read as an empty input.
const MaxSkipLines = 1000

// Options configure how the input is decoded and split.
type Options struct {
	Encoding   string // "auto" (default when ""), "utf-8", "utf-16" (BOM decides, else LE), "utf-16be", "windows-1252", "iso-8859-1", "iso-8859-15", "macintosh", "cp850", "cp437", or an alias (parseEncoding)
	Delimiter  string // "auto" (default when ""), ",", ";", "tab" (or "\t"), "|"
	LazyQuotes bool   // accept bare quotes inside fields
	Name       string // file name for error messages
	// SkipLines is how many lines above the header to skip (a title, an export date): lines
	// of the file for a CSV input, rows of the sheet for an XLSX input. Line numbers stay the
	// file's. At most MaxSkipLines.
	SkipLines int
	// Sheet names the sheet of an XLSX input to read ("": the first). Set for another format,
	// it is refused.
	Sheet string
	// TempDir is where an XLSX input is unpacked ("": the system's temporary directory).
	TempDir string
	// FindStart: find where the list starts and read from there, as `init` does: title lines
	// above the header (with SkipLines 0) and, in a workbook whose first sheet is not a list,
	// the sheet that holds one (with Sheet ""); Reader.Start says what was found. Without it, a
	// header found below the first line stops Open with a *StartError, and a workbook whose
	// first sheet is not a list with one naming its sheets.
	FindStart bool
	// Report: the input is a report of this tool read back for retry (importer.NewFailedRows):
	// its import.* columns are expected, and a header without lines is no error.
	Report bool
}

// InputError is a problem with the input as a whole, found before any row is handed out:
// the run must stop before its first request.
type InputError struct {
	Name         string
	Line, Column int // 1-based; 0 when the problem has no position. Column counts fields.
	Err          error
}

func (e *InputError) Error() string {
	return "read " + inputName(e.Name) + ": " + linePosition(e.Line, e.Column) + e.Err.Error()
}

func (e *InputError) Unwrap() error { return e.Err }

// RowError is a problem with one record. It names where the problem is, never the cell values.
type RowError struct {
	Line, Column int    // 1-based line of the problem and field index within the record
	Code         string // CodeTooManyFields, CodeQuote, CodeInvalidUTF8, CodeInvalidEncoding or CodeTooLong
	Err          error  // csv.ErrFieldCount, csv.ErrQuote, csv.ErrBareQuote, ErrInvalidUTF8, ErrUndefinedByte or ErrTooLong
}

func (e *RowError) Error() string { return linePosition(e.Line, e.Column) + e.Err.Error() }

func (e *RowError) Unwrap() error { return e.Err }

func linePosition(line, column int) string {
	switch {
	case line > 0 && column > 0:
		return fmt.Sprintf("line %d, column %d: ", line, column)
	case line > 0:
		return fmt.Sprintf("line %d: ", line)
	}
	return ""
}

// fieldCountError says how far a record overshoots the header; it is a csv.ErrFieldCount.
type fieldCountError struct{ got, want int }

func (e *fieldCountError) Error() string {
	return fmt.Sprintf("%d fields, header has %d (a separator inside a value that is not quoted?)", e.got, e.want)
}

func (e *fieldCountError) Unwrap() error { return csv.ErrFieldCount }

// Record is one data record of the input.
type Record struct {
	Row  int // 1-based data row; the header and blank lines are not rows
	Line int // 1-based input line where the record starts; every line end counts, bare CR too
	// Cells holds len(Header()) cells, padded with "", and belongs to the caller. With
	// CodeTooManyFields it holds every field read, with CodeQuote the fields before the broken
	// one (padded), with the encoding codes the cells as read, so a report can show the row;
	// with CodeTooLong it is all empty.
	Cells  []string
	Padded bool // the record had fewer fields than the header
	Err    *RowError
	// End is how far into the input this record ends, in bytes: exact for UTF-8, and for 8-bit
	// encodings measured after decoding (a little ahead of the original). Progress displays
	// use it: unlike Offset, it does not run ahead of the rows handed out.
	End int64
}
