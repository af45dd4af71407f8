package source

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ErrSheetNotList is the cause when a workbook's first sheet is not a list while another
// sheet holds one, and no sheet was chosen: see *SheetError.
var ErrSheetNotList = errors.New("the workbook's first sheet is not a list")

// SheetError says that the first sheet is not a list, which sheet looks like one, and how to
// choose it.
type SheetError struct {
	First, Why string // the first sheet, and what it is instead of a list
	List       string // the sheet that looks like the list
	Sheets     []string
}

func (e *SheetError) Error() string {
	return fmt.Sprintf("sheet %q, the workbook's first, is not a list (%s); the list looks like it is in sheet %q: "+
		"choose it with --sheet %q, or with sheet: %q in the mapping file (the workbook's sheets are %s)",
		e.First, e.Why, e.List, e.List, e.List, quoteList(e.Sheets))
}

func (e *SheetError) Is(target error) bool { return target == ErrSheetNotList }

// maxLookCells bounds the cells held while a sheet's first rows are looked at: a row may reach
// column XFD.
const maxLookCells = 100_000

// sheetRow is a row of a sheet read ahead, with its row number.
type sheetRow struct {
	row   int
	cells []string
	err   error
}

// lookAhead reads up to startRows rows of rows (or maxLookCells cells), with row numbers from 1.
func lookAhead(rows *excelize.Rows) ([]sheetRow, error) {
	var out []sheetRow
	cells := 0
	for n := 1; len(out) < startRows && cells < maxLookCells && rows.Next(); n++ {
		c, err := rows.Columns()
		out = append(out, sheetRow{row: n, cells: c, err: err})
		cells += len(c)
	}
	return out, rows.Error()
}

// startRowsOf turns rows read ahead into FindStart's rows: blank ones and broken ones left out.
func startRowsOf(ahead []sheetRow) []Row {
	var rows []Row
	for _, r := range ahead {
		if r.err == nil && !blankCells(r.cells) {
			rows = append(rows, Row{Line: r.row, Cells: r.cells})
		}
	}
	return rows
}

// notList says why a sheet is not a list, from its first rows; "" when it may be one.
func notList(name string, rows []Row) string {
	if len(rows) > 0 {
		for _, c := range rows[0].Cells {
			if c = strings.TrimSpace(c); c != "" {
				if strings.HasPrefix(c, "This document was exported from Numbers") {
					return "it is the summary Numbers writes when it exports to Excel"
				}
				break
			}
		}
	}
	switch {
	case strings.EqualFold(strings.TrimSpace(name), "Export Summary"):
		return "it is the summary Numbers writes when it exports to Excel"
	case len(rows) == 0:
		return "it is empty"
	case len(rows) == 1:
		return "it holds a single row, no list under a header"
	}
	return ""
}

// chooseSheet looks at the first sheet when none was chosen (picked is then the first): when
// it is not a list and another sheet may be one, that sheet is read with FindStart, and
// otherwise the run stops with a *SheetError. It returns the sheet to read.
func (s *Reader) chooseSheet(picked string, sheets []string, opts Options) (string, error) {
	first := sheets[0]
	if opts.Sheet != "" || len(sheets) < 2 || s.report {
		return picked, nil
	}
	why := s.judgeSheet(first)
	if why == "" {
		return first, nil
	}
	for _, name := range sheets[1:] {
		if s.judgeSheet(name) != "" {
			continue
		}
		if !opts.FindStart {
			return "", &SheetError{First: first, Why: why, List: name, Sheets: sheets}
		}
		s.start.Sheet, s.found = name, true
		s.start.Reason = fmt.Sprintf("sheet %q, the workbook's first, is not a list (%s)", first, why)
		s.warnings = append(s.warnings, fmt.Sprintf("reading sheet %q: %s", name, s.start.Reason))
		return name, nil
	}
	return first, nil
}

// judgeSheet says why a sheet is not a list ("" when it may be one, or cannot be read).
func (s *Reader) judgeSheet(name string) string {
	rows, err := s.sheet.file.Rows(name)
	if err != nil {
		return ""
	}
	defer rows.Close()
	ahead, err := lookAhead(rows)
	if err != nil {
		return ""
	}
	return notList(name, startRowsOf(ahead))
}

// findSheetStart reads the first rows of the sheet ahead and, without skip rows, looks for a
// header below the first row (FindStart): with FindStart it returns the rows to skip, else a
// *StartError. The rows read ahead are handed out again by nextRow.
func (s *Reader) findSheetStart(skip int, opts Options) (int, error) {
	sh := s.sheet
	ahead, err := lookAhead(sh.rows)
	if err != nil {
		return 0, s.inputError(0, 0, fmt.Errorf("sheet %q: %w", sh.name, err))
	}
	sh.ahead = ahead
	if skip != 0 || s.report {
		return skip, nil
	}
	st, ok := FindStart(startRowsOf(ahead))
	if !ok {
		return 0, nil
	}
	if !opts.FindStart {
		return 0, s.inputError(st.Line, 0, &StartError{st})
	}
	st.Sheet = s.start.Sheet
	if s.found {
		st.Reason = s.start.Reason + "; " + st.Reason
	}
	s.start, s.found = st, true
	return st.SkipLines, nil
}
