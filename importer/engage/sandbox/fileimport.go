package sandbox

import (
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// What a run reads and where it puts what it has read, relative to the automation's directory.
// Only complete files are imported: names ending in .csv, not hidden. An uploader writes under
// another name (convert --upload: <name>.part) and renames when the file is whole. An imported
// file is moved to done/, so that no file is imported twice; the rejected rows of process N go to
// errors/process-N.errors.csv (0600), beside the files.
const (
	doneDir   = "done"
	errorsDir = "errors"
	batchRows = 1000 // rows per transaction: REST calls served meanwhile wait at most this long
)

// column kinds of an import file's header.
const (
	colEmail = iota
	colMobile
	colAlias
	colIdentifier
	colAttribute
	colMember
)

type importColumn struct {
	kind int
	name string // attribute key (canonical) or member attribute name
}

// keyTypes are the identifier types of the columns that can come first.
var keyTypes = map[int]string{colEmail: "EMAIL", colMobile: "MOBILE", colAlias: "APP_ALIAS", colIdentifier: "EXTERNAL"}

// readHeader reads Mapp's import header names (Quick Reference: Contact Import CSV), case-insensitively.
func readHeader(header []string) ([]importColumn, error) {
	cols := make([]importColumn, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		switch lower := strings.ToLower(h); {
		case lower == "user.email":
			cols[i] = importColumn{kind: colEmail}
		case lower == "user.mobilenumber":
			cols[i] = importColumn{kind: colMobile}
		case lower == "user.faxnumber":
			cols[i] = importColumn{kind: colAlias}
		case lower == "user.identifier":
			cols[i] = importColumn{kind: colIdentifier}
		case strings.HasPrefix(lower, "member.") && len(h) > len("member."):
			cols[i] = importColumn{kind: colMember, name: h[len("member."):]}
		case strings.HasPrefix(lower, "user.") && len(h) > len("user."):
			cols[i] = importColumn{kind: colAttribute, name: parseAttribute(h).key}
		default:
			return nil, fmt.Errorf("column %d: header %q is not one of Mapp's import names (user.…, member.…)", i+1, h)
		}
	}
	if len(cols) == 0 || cols[0].kind >= colAttribute {
		return nil, errors.New("the first column is not user.Email, user.MobileNumber, user.FaxNumber or user.Identifier")
	}
	return cols, nil
}

// run imports the complete files of auto's directory as process id and ends the process.
func (a *Automations) run(auto Automation, id int64) {
	rejected, total, report, err := a.importDir(auto, id)
	switch {
	case err != nil:
		a.end(auto, id, StateFailed, err.Error())
	case rejected > 0:
		a.end(auto, id, StateFinished, fmt.Sprintf("%d of %d rows rejected; error report: /%s", rejected, total, report))
	default:
		a.end(auto, id, StateFinished, "")
	}
}

// importDir imports the files one by one, in name order, each moved to done/ once imported.
func (a *Automations) importDir(auto Automation, id int64) (rejected, total int64, report string, err error) {
	names, err := a.complete(auto.Dir)
	if err != nil {
		return 0, 0, "", err
	}
	if auto.Group != 0 {
		if _, ok, err := findGroup(a.ctx, a.box.db, auto.Group); err != nil || !ok {
			return 0, 0, "", fmt.Errorf("the automation's group %d does not exist", auto.Group)
		}
	}
	for _, name := range names {
		n, err := a.count(path.Join(auto.Dir, name))
		if err != nil {
			return 0, 0, "", err
		}
		total += n
	}
	a.update(id, func(p *Process) { p.TotalCount = total })
	rep := &errorReport{root: a.files.root, path: path.Join(auto.Dir, errorsDir, fmt.Sprintf("process-%d.errors.csv", id))}
	defer rep.close()
	for _, name := range names {
		file := path.Join(auto.Dir, name)
		if err := a.importFile(auto, id, file, rep); err != nil {
			return rep.rows, total, rep.path, fmt.Errorf("/%s: %w", file, err)
		}
		if err := a.moveDone(auto.Dir, name, id); err != nil {
			return rep.rows, total, rep.path, err
		}
	}
	if err := rep.close(); err != nil {
		return rep.rows, total, rep.path, err
	}
	return rep.rows, total, rep.path, nil
}

// complete lists the files of dir that are whole: *.csv, not hidden, regular, in name order.
func (a *Automations) complete(dir string) ([]string, error) {
	d, err := a.files.root.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("the automation's directory /%s cannot be read: %w", dir, unwrapPath(err))
	}
	defer d.Close()
	entries, err := d.ReadDir(-1)
	if err != nil {
		return nil, fmt.Errorf("the automation's directory /%s cannot be read: %w", dir, unwrapPath(err))
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && !strings.HasPrefix(n, ".") && strings.HasSuffix(strings.ToLower(n), ".csv") {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no complete .csv file to import in /%s", dir)
	}
	slices.Sort(names)
	return names, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// count is the number of data rows of file.
func (a *Automations) count(file string) (int64, error) {
	f, err := a.files.root.Open(file)
	if err != nil {
		return 0, fmt.Errorf("/%s: %w", file, unwrapPath(err))
	}
	defer f.Close()
	r := newImportReader(f)
	var n int64
	for {
		_, err := r.Read()
		if err == io.EOF {
			return max(n-1, 0), nil
		}
		if err != nil {
			return 0, fmt.Errorf("/%s: %w", file, err)
		}
		n++
	}
}

func newImportReader(f io.Reader) *csv.Reader {
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	return r
}

// importFile imports the rows of file in transactions of batchRows rows.
func (a *Automations) importFile(auto Automation, id int64, file string, rep *errorReport) error {
	f, err := a.files.root.Open(file)
	if err != nil {
		return unwrapPath(err)
	}
	defer f.Close()
	r := newImportReader(f)
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("header: %w", err)
	}
	header = slices.Clone(header)
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	cols, err := readHeader(header)
	if err != nil {
		return err
	}
	imp := &rowImporter{s: a.box, auto: auto, cols: cols}
	for done := false; !done; {
		if err := a.ctx.Err(); err != nil {
			return errors.New("the sandbox stopped during the import")
		}
		var n int64
		err := inTx(a.ctx, a.box.db, func(tx *sql.Tx) error {
			for n = 0; n < batchRows; n++ {
				rec, err := r.Read()
				if err == io.EOF {
					done = true
					return nil
				}
				if err != nil {
					return err
				}
				line, _ := r.FieldPos(0)
				reason, err := imp.row(a.ctx, tx, rec)
				if err != nil {
					return err
				}
				if reason != "" {
					if err := rep.add(file, line, reason, header, rec); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		a.update(id, func(p *Process) { p.ProcessedCount += n })
	}
	return nil
}

// moveDone moves an imported file to done/ (as <name>.<process> when done/ has one of its name).
func (a *Automations) moveDone(dir, name string, id int64) error {
	if err := a.files.root.Mkdir(path.Join(dir, doneDir), 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("make /%s/%s: %w", dir, doneDir, unwrapPath(err))
	}
	to := path.Join(dir, doneDir, name)
	if _, err := a.files.root.Lstat(to); err == nil {
		to = fmt.Sprintf("%s.%d", to, id)
	}
	if err := a.files.root.Rename(path.Join(dir, name), to); err != nil {
		return fmt.Errorf("move /%s/%s to /%s: %w", dir, name, to, unwrapPath(err))
	}
	return nil
}

// errorReport is the CSV of a run's rejected rows: file, line, error, then the row's cells under
// the file's header. It is made at the first rejected row.
type errorReport struct {
	root *os.Root
	path string
	f    *os.File
	w    *csv.Writer
	rows int64
}

func (e *errorReport) add(file string, line int, reason string, header, rec []string) error {
	if e.f == nil {
		if err := e.root.Mkdir(path.Dir(e.path), 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		f, err := e.root.OpenFile(e.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		e.f, e.w = f, csv.NewWriter(f)
		e.w.Write(append([]string{"file", "line", "error"}, header...))
	}
	e.rows++
	return e.w.Write(append([]string{path.Base(file), fmt.Sprint(line), reason}, rec...))
}

func (e *errorReport) close() error {
	if e.f == nil {
		return nil
	}
	e.w.Flush()
	err := errors.Join(e.w.Error(), e.f.Close())
	e.f = nil
	return err
}
