package source

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// CodeInvalidCell is the row error code of an XLSX row whose cells cannot be read (a broken
// cell reference or shared-string index).
const CodeInvalidCell = "invalid_cell"

const (
	// xmlInMemory is the size above which a part of the workbook (a sheet, the shared strings)
	// is unpacked to a temporary file rather than kept in memory.
	xmlInMemory = 1 << 20
	// unzipLimit bounds what a workbook may unpack to: more is refused (a zip bomb, or a
	// workbook far larger than any contact list).
	unzipLimit = 8 << 30
	// shortDate renders Excel's built-in short date format (number format 14, and 22 with a
	// time), which Excel shows in the reader's regional format (3/7/1984, 07.03.1984, …): a
	// date shown one way on one computer and another way on the next is read as an ISO date
	// rather than guessed at in one of them. Dates with a format of their own are read as
	// that format shows them.
	shortDate = "yyyy-mm-dd"
)

// sheetReader reads the rows of one sheet of an XLSX workbook with excelize's row iterator,
// which streams the sheet's XML; excelize unpacks the parts larger than xmlInMemory into dir.
type sheetReader struct {
	file  *excelize.File
	rows  *excelize.Rows
	dir   string     // the private temporary directory, removed by close
	name  string     // the sheet read
	all   []string   // the workbook's sheets, in its order
	row   int        // the sheet row the iterator is on (rows.Next is called once per row number)
	last  int        // the last row by the sheet's dimension; 0 when it does not say
	size  int64      // bytes of the file, for progress
	width int        // len(header)
	ahead []sheetRow // the first rows, read ahead to find the header; handed out first
}

// openWorkbook copies the input to a private temporary directory (excelize needs random
// access; copying it through the caller's reader keeps the caller's checks of the stream),
// tells an XLSX workbook from other zip-based files, and opens the sheet and its header.
func (s *Reader) openWorkbook(br *bufio.Reader, opts Options) (err error) {
	s.format = FormatXLSX
	dir, err := os.MkdirTemp(opts.TempDir, "contactimport-xlsx-")
	if err != nil {
		return fmt.Errorf("read %s: unpack the workbook: %w", inputName(s.name), err)
	}
	sh := &sheetReader{dir: dir}
	s.sheet = sh
	defer func() {
		if err != nil {
			sh.close()
		}
	}()
	path := filepath.Join(dir, "input.xlsx")
	if sh.size, err = copyToFile(path, br); err != nil {
		return s.ioError(err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return s.inputError(0, 0, &FormatError{What: "a zip file that cannot be read (" + err.Error() + ")",
			Hint: "if it is a workbook, open it and save it again: " + saveFromExcel + "; " + saveFromCalc})
	}
	if fe := classifyZip(&zr.Reader); fe != nil {
		zr.Close()
		return s.inputError(0, 0, fe)
	}
	parts := filepath.Join(dir, "parts.xlsx")
	err = copyParts(&zr.Reader, parts)
	zr.Close()
	os.Remove(path)
	var damaged *damagedPart
	if errors.Is(err, ErrWorkbookTooLarge) || errors.As(err, &damaged) {
		return s.inputError(0, 0, err)
	}
	if err != nil {
		return fmt.Errorf("read %s: unpack the workbook: %w", inputName(s.name), err)
	}
	sh.file, err = excelize.OpenFile(parts, excelize.Options{TmpDir: dir, UnzipXMLSizeLimit: xmlInMemory,
		UnzipSizeLimit: unzipLimit, ShortDatePattern: shortDate})
	os.Remove(parts) // every part is unpacked by now
	if err != nil {
		return s.inputError(0, 0, fmt.Errorf("the XLSX workbook cannot be read (%v): open it and save it again: %s; %s",
			err, saveFromExcel, saveFromCalc))
	}
	for _, o := range []struct {
		set  bool
		name string
	}{
		{opts.Encoding != "" && opts.Encoding != "auto", "--encoding"},
		{opts.Delimiter != "" && opts.Delimiter != "auto", "--delimiter"},
		{opts.LazyQuotes, "--lazy-quotes"},
	} {
		if o.set {
			s.warnings = append(s.warnings, o.name+" does not apply to an XLSX workbook (its cells are read as the sheet shows them); ignored")
		}
	}
	sheets := sh.file.GetSheetList()
	sh.all = sheets
	if sh.name, err = pickSheet(sheets, opts.Sheet); err != nil {
		return s.inputError(0, 0, err)
	}
	if sh.name, err = s.chooseSheet(sh.name, sheets, opts); err != nil {
		return s.inputError(0, 0, err)
	}
	if ref, err := sh.file.GetSheetDimension(sh.name); err == nil {
		if i := strings.LastIndexByte(ref, ':'); i >= 0 {
			_, sh.last, _ = excelize.CellNameToCoordinates(ref[i+1:])
		}
	}
	if sh.rows, err = sh.file.Rows(sh.name); err != nil {
		return s.inputError(0, 0, fmt.Errorf("sheet %q cannot be read: %w", sh.name, err))
	}
	skip, err := s.findSheetStart(opts.SkipLines, opts)
	if err != nil {
		return err
	}
	return s.readSheetHeader(skip, sheets)
}

// copyToFile writes r to a new file at path, readable by its owner only.
func copyToFile(path string, r io.Reader) (int64, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// pickSheet returns the sheet named want (as Excel does, regardless of case), or the first.
func pickSheet(sheets []string, want string) (string, error) {
	if len(sheets) == 0 {
		return "", errors.New("the workbook has no sheets")
	}
	if want == "" {
		return sheets[0], nil
	}
	for _, name := range sheets {
		if name == want {
			return name, nil
		}
	}
	for _, name := range sheets {
		if strings.EqualFold(name, want) {
			return name, nil
		}
	}
	return "", fmt.Errorf("sheet %q (--sheet, or sheet: in the mapping file): the workbook has no such sheet; its sheets are %s", want, quoteList(sheets))
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// readSheetHeader skips the first skip rows of the sheet, then takes the first row that is not
// empty as the header.
func (s *Reader) readSheetHeader(skip int, sheets []string) error {
	sh := s.sheet
	for {
		cells, ok, err := sh.nextRow()
		if err != nil {
			return s.inputError(sh.row, 0, fmt.Errorf("sheet %q: %w", sh.name, err))
		}
		if !ok {
			var err error
			if len(sheets) > 1 {
				err = fmt.Errorf("%w in sheet %q; the workbook's sheets are %s: choose one with --sheet",
					ErrEmptyInput, sh.name, quoteList(sheets))
			} else {
				err = fmt.Errorf("%w in sheet %q", ErrEmptyInput, sh.name)
			}
			return s.inputError(0, 0, err)
		}
		if sh.row <= skip || blankCells(cells) {
			continue
		}
		err = s.setHeader(trimTrailingEmpty(cells), sh.row)
		sh.width = s.width
		return err
	}
}

// nextRow moves to the next row number of the sheet and returns its cells as displayed;
// ok is false after the last row.
func (sh *sheetReader) nextRow() (cells []string, ok bool, err error) {
	if len(sh.ahead) > 0 {
		r := sh.ahead[0]
		sh.ahead = sh.ahead[1:]
		sh.row = r.row
		return r.cells, true, r.err
	}
	if !sh.rows.Next() {
		return nil, false, sh.rows.Error()
	}
	sh.row++
	cells, err = sh.rows.Columns()
	return cells, true, err
}

// next returns the next row that is not empty as a record, with the sheet's row number as its
// line.
func (sh *sheetReader) next(s *Reader) (Record, error) {
	for {
		cells, ok, err := sh.nextRow()
		if !ok && err == nil {
			return Record{}, io.EOF
		}
		if !ok {
			return Record{}, fmt.Errorf("read %s: sheet %q after row %d: %w", inputName(s.name), sh.name, sh.row, err)
		}
		if err == nil && blankCells(cells) {
			continue
		}
		s.row++
		rec := Record{Row: s.row, Line: sh.row, End: sh.progress()}
		if err != nil {
			rec.Cells = make([]string, sh.width)
			rec.Err = &RowError{Line: sh.row, Column: 1, Code: CodeInvalidCell, Err: err}
			s.tidy(&rec, func(int) int { return rec.Line })
			return rec, nil
		}
		cells = trimTrailingEmpty(cells)
		rec.Cells = make([]string, max(sh.width, len(cells)))
		copy(rec.Cells, cells)
		if len(cells) > sh.width {
			rec.Err = &RowError{Line: sh.row, Column: sh.width + 1, Code: CodeTooManyFields,
				Err: &cellCountError{got: len(cells), want: sh.width}}
		}
		// A sheet does not store the empty cells at the end of a row: a short row is not
		// "padded" as a CSV line with missing separators is.
		s.tidy(&rec, func(int) int { return rec.Line })
		return rec, nil
	}
}

// progress estimates how far into the file the current row is, from its row number and the
// sheet's dimension: the file is compressed as a whole, so no byte offset is exact.
func (sh *sheetReader) progress() int64 {
	if sh.last <= 0 {
		return 0
	}
	return min(sh.size*int64(sh.row)/int64(sh.last), sh.size)
}

func (sh *sheetReader) close() error {
	var err error
	if sh.rows != nil {
		sh.rows.Close()
		sh.rows = nil
	}
	if sh.file != nil {
		err = sh.file.Close()
		sh.file = nil
	}
	if sh.dir != "" {
		if rerr := os.RemoveAll(sh.dir); err == nil {
			err = rerr
		}
		sh.dir = ""
	}
	return err
}

// cellCountError says how far a sheet row reaches past the header; it is an ErrTooManyCells.
type cellCountError struct{ got, want int }

// ErrTooManyCells is the cause of a CodeTooManyFields row of a sheet.
var ErrTooManyCells = errors.New("a cell right of the header's last column")

func (e *cellCountError) Error() string {
	return fmt.Sprintf("a value in column %d, but the header has %d columns (a column without a header name?)", e.got, e.want)
}

func (e *cellCountError) Unwrap() error { return ErrTooManyCells }

func blankCells(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// trimTrailingEmpty drops empty cells at the end of a row: a cell that is formatted but holds
// nothing still comes back from the sheet.
func trimTrailingEmpty(cells []string) []string {
	n := len(cells)
	for n > 0 && cells[n-1] == "" {
		n--
	}
	return cells[:n]
}
