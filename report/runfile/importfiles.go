package runfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ImportFiles names and creates convert's output: <out-dir>/<input stem>.mapp-001.csv, -002 …
// Each is written as <name>.partial (created fresh with mode 0600, never through a link) and
// renamed to its name once complete, so a file under its final name is always whole.
type ImportFiles struct {
	dir, stem string
	made      []string // every path this run created, partial or final
}

// NewImportFiles names the import files of input in dir.
func NewImportFiles(dir, input string) *ImportFiles {
	base := filepath.Base(input)
	return &ImportFiles{dir: dir, stem: strings.TrimSuffix(base, filepath.Ext(base))}
}

func (f *ImportFiles) name(n int) string { return fmt.Sprintf("%s.mapp-%03d.csv", f.stem, n) }

// Path is where import file n goes.
func (f *ImportFiles) Path(n int) string { return filepath.Join(f.dir, f.name(n)) }

// Check refuses to start when the output directory is not one, or already holds import files of
// this input (complete or partial): convert never overwrites them, and new files beside old ones
// of another run would be uploaded together.
func (f *ImportFiles) Check() error {
	fi, err := os.Stat(f.dir)
	if err != nil {
		return fmt.Errorf("--out-dir %s: %w", f.dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("--out-dir %s is not a directory", f.dir)
	}
	entries, err := os.ReadDir(f.dir)
	if err != nil {
		return fmt.Errorf("--out-dir %s: %w", f.dir, err)
	}
	prefix := f.stem + ".mapp-"
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, prefix) && (strings.HasSuffix(n, ".csv") || strings.HasSuffix(n, ".csv.partial")) {
			return fmt.Errorf("%s already exists: convert does not overwrite import files; remove the files %s*.csv of the earlier conversion, or choose another --out-dir",
				filepath.Join(f.dir, n), filepath.Join(f.dir, prefix))
		}
	}
	return nil
}

// Create begins import file n.
func (f *ImportFiles) Create(n int) (io.WriteCloser, error) {
	final := f.Path(n)
	partial := final + ".partial"
	file, err := Create(partial)
	if err != nil {
		return nil, err
	}
	f.made = append(f.made, partial)
	return &importFile{File: file, partial: partial, final: final, files: f}, nil
}

// RemoveAll removes every file this run created.
func (f *ImportFiles) RemoveAll() error {
	var errs []error
	for _, p := range f.made {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("remove %s: %w", p, err))
		}
	}
	return errors.Join(errs...)
}

// importFile is one import file being written; Close syncs it and completes it under its final
// name.
type importFile struct {
	*os.File
	partial, final string
	files          *ImportFiles
}

func (w *importFile) Close() error {
	err := w.File.Sync()
	if cerr := w.File.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := CheckPlain(w.final); err != nil {
		return fmt.Errorf("%s %w", w.final, err)
	}
	if _, err := os.Lstat(w.final); err == nil {
		return fmt.Errorf("%s appeared while convert was writing it; convert does not overwrite import files", w.final)
	}
	if err := os.Rename(w.partial, w.final); err != nil {
		return err
	}
	w.files.made = append(w.files.made, w.final)
	return nil
}
