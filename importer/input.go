package importer

import (
	"io"

	"contactimport/importer/source"
)

// The pipeline reads its rows through package source; these names keep its vocabulary.
type (
	// Record is one data record of the input (source.Record).
	Record = source.Record
	// RowError is a problem with one record (source.RowError).
	RowError = source.RowError
	// InputError is a problem with the input as a whole (source.InputError).
	InputError = source.InputError
	// SourceOptions configure how the input is read (source.Options).
	SourceOptions = source.Options
	// Source streams the records of an input (source.Reader).
	Source = source.Reader
)

// Row error codes, as RowError.Code gives them.
const (
	CodeTooManyFields   = source.CodeTooManyFields
	CodeQuote           = source.CodeQuote
	CodeInvalidUTF8     = source.CodeInvalidUTF8
	CodeInvalidEncoding = source.CodeInvalidEncoding
	CodeTooLong         = source.CodeTooLong
)

// OpenSource opens r with source.Open.
func OpenSource(r io.Reader, opts SourceOptions) (*Source, error) { return source.Open(r, opts) }
