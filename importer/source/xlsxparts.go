package source

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// Bounds of what a workbook may unpack to. excelize keeps every part of a workbook in memory
// except its sheets and shared strings, and its XML decoding holds each run of text between
// two tags whole: so only the parts reading needs are kept (partsOf), those it keeps in memory
// are capped, no run of text may outgrow a cell, and shared strings that no cell can use are
// refused, since excelize indexes every one of them.
const (
	// maxMemoryPart caps each part excelize reads into memory: the workbook, its
	// relationships and content types, the styles (Excel's 64,000 cell formats take about 6 MB).
	maxMemoryPart = 16 << 20
	// maxRun caps a run of text or markup between two of '<' and '>': a cell holds at most
	// 32,767 characters, 200 KB with XML escapes.
	maxRun = 1 << 20
	// spareStrings is how many shared strings beyond the sheets' cell count are accepted:
	// Excel writes only those in use, other programs may leave a few behind.
	spareStrings = 10000
)

// ErrWorkbookTooLarge is the cause when a workbook unpacks to more than the reader reads safely:
// a zip bomb, or a workbook made to exhaust memory.
var ErrWorkbookTooLarge = errors.New("the XLSX workbook unpacks to more than it may")

// partKind is how the reader treats a part of a workbook.
type partKind int

const (
	partDropped partKind = iota // not needed to read cells: media, drawings, printer settings, …
	partMemory                  // read into memory by excelize
	partSheet                   // a worksheet, streamed from a temporary file
	partStrings                 // the shared strings, streamed
)

// partsOf tells how a part is treated, by its name.
func partsOf(name string) partKind {
	n := strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	switch n {
	case "[content_types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml":
		return partMemory
	case "xl/sharedstrings.xml":
		return partStrings
	}
	dir, file := path.Split(n)
	if !strings.HasSuffix(file, ".xml") {
		return partDropped
	}
	switch dir {
	case "xl/worksheets/":
		return partSheet
	case "xl/chartsheets/":
		return partMemory
	}
	return partDropped
}

// tooLarge is an ErrWorkbookTooLarge naming what was too large.
type tooLarge struct{ what string }

func (e *tooLarge) Error() string {
	return "the XLSX workbook cannot be read safely: " + e.what + " (a damaged workbook, or one made to exhaust memory); " +
		"open it and save it again: " + saveFromExcel + "; " + saveFromCalc
}

func (e *tooLarge) Is(target error) bool { return target == ErrWorkbookTooLarge }

// copyParts writes the parts of zr that reading needs into a new workbook at dst, uncompressed
// (excelize unpacks the large ones again), checking each as it streams: the caps above, and
// unzipLimit for the whole.
func copyParts(zr *zip.Reader, dst string) (err error) {
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	zw := zip.NewWriter(out)
	var total, cells, strs int64
	seen := map[string]bool{}
	for _, f := range zr.File {
		kind := partsOf(f.Name)
		if kind == partDropped {
			continue
		}
		key := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if seen[key] {
			return &tooLarge{fmt.Sprintf("the part %q is in it twice", f.Name)}
		}
		seen[key] = true
		limit, partCap := int64(unzipLimit)-total, false
		if kind == partMemory && limit > maxMemoryPart {
			limit, partCap = maxMemoryPart, true
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		if err != nil {
			return err
		}
		sc := &partScanner{name: f.Name, kind: kind}
		n, err := copyPart(w, f, sc, limit, partCap)
		total += n
		if err != nil {
			return err
		}
		cells += sc.cells
		strs += sc.items
	}
	if strs > cells+cells/10+spareStrings {
		return &tooLarge{fmt.Sprintf("its shared strings number %d, but its sheets have only %d cells to use them", strs, cells)}
	}
	return zw.Close()
}

// copyPart copies one part through sc, refusing it past limit bytes: the part's own cap when
// partCap, else what is left of unzipLimit.
func copyPart(w io.Writer, f *zip.File, sc *partScanner, limit int64, partCap bool) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, &damagedPart{f.Name, err}
	}
	defer rc.Close()
	r := &readErr{r: io.LimitReader(rc, limit+1)}
	n, err := io.Copy(w, io.TeeReader(r, sc))
	switch {
	case sc.err != nil:
		return n, sc.err
	case r.err != nil:
		return n, &damagedPart{f.Name, r.err}
	case err != nil:
		return n, fmt.Errorf("unpack %s: %w", f.Name, err)
	case n > limit && partCap:
		return n, &tooLarge{fmt.Sprintf("its part %q unpacks to more than %s", f.Name, sizeName(limit))}
	case n > limit:
		return n, &tooLarge{fmt.Sprintf("it unpacks to more than %s", sizeName(unzipLimit))}
	}
	return n, nil
}

// damagedPart is a part that cannot be unpacked: the workbook is damaged.
type damagedPart struct {
	name string
	err  error
}

func (e *damagedPart) Error() string {
	return fmt.Sprintf("the XLSX workbook cannot be read (its part %q: %v): open it and save it again: %s; %s",
		e.name, e.err, saveFromExcel, saveFromCalc)
}

func (e *damagedPart) Unwrap() error { return e.err }

// readErr keeps the error of the reader it wraps, to tell it from the writer's.
type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// partScanner watches a part's XML as it streams: it refuses a run of bytes between two
// markup delimiters longer than maxRun, and counts the cells of a sheet (<c>) and the items of
// the shared strings (<si>), with or without a namespace prefix.
type partScanner struct {
	name   string
	kind   partKind
	run    int64  // bytes since the last '<' or '>'
	inName bool   // reading an element name after '<'
	tag    []byte // the name so far
	cells  int64
	items  int64 // of the shared strings
	err    error
}

func (sc *partScanner) Write(p []byte) (int, error) {
	if sc.err != nil {
		return 0, sc.err
	}
	for _, c := range p {
		switch c {
		case '<':
			sc.run, sc.inName, sc.tag = 0, true, sc.tag[:0]
			continue
		case '>':
			sc.run = 0
			sc.endName()
			continue
		}
		if sc.run++; sc.run > maxRun {
			sc.err = &tooLarge{fmt.Sprintf("its part %q holds more than %s of text or markup between two tags, more than any cell", sc.name, sizeName(maxRun))}
			return 0, sc.err
		}
		if sc.inName {
			if c == ' ' || c == '/' || c == '\t' || c == '\n' || c == '\r' || len(sc.tag) > 32 {
				sc.endName()
			} else {
				sc.tag = append(sc.tag, c)
			}
		}
	}
	return len(p), nil
}

// endName counts the element whose name was just read.
func (sc *partScanner) endName() {
	if !sc.inName {
		return
	}
	sc.inName = false
	local := sc.tag
	if i := strings.LastIndexByte(string(local), ':'); i >= 0 {
		local = local[i+1:]
	}
	switch {
	case sc.kind == partSheet && string(local) == "c":
		sc.cells++
	case sc.kind == partStrings && string(local) == "si":
		sc.items++
	}
}
