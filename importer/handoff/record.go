package handoff

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"contactimport/report/runfile"
)

// Record remembers, beside the import files, which of them reached which server whole and which
// automation process took them. An automation moves or removes what it imported, so the server
// alone cannot tell an imported file from one never sent: without the record, an upload run
// again would send and import the files a second time.
type Record struct {
	path    string
	Target  string                `json:"target"`
	Files   map[string]RecordFile `json:"files"` // by file name
	Process int64                 `json:"process,omitempty"`
}

// RecordFile is one file that is on the server whole.
type RecordFile struct {
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// LoadRecord reads the record at path for target; a missing file, or one for another target, is
// an empty record.
func LoadRecord(path, target string) (*Record, error) {
	r := &Record{path: path, Target: target, Files: map[string]RecordFile{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return nil, fmt.Errorf("upload record: %w", err)
	}
	var got Record
	if err := json.Unmarshal(data, &got); err != nil {
		return nil, fmt.Errorf("upload record %s cannot be read (%v): remove it to upload again", path, err)
	}
	if got.Target != target || got.Files == nil {
		return r, nil
	}
	got.path = path
	return &got, nil
}

// Path is where the record is kept.
func (r *Record) Path() string { return r.path }

// Has reports whether file local, as it is now, is recorded as on the server.
func (r *Record) Has(local string) (bool, error) {
	rf, ok := r.Files[filepath.Base(local)]
	if !ok {
		return false, nil
	}
	got, err := fileDigest(local)
	if err != nil {
		return false, err
	}
	return got == rf, nil
}

// Add records file local as on the server and saves the record.
func (r *Record) Add(local string) error {
	d, err := fileDigest(local)
	if err != nil {
		return err
	}
	r.Files[filepath.Base(local)] = d
	r.Process = 0 // a new file: no process has taken the set yet
	return r.save()
}

// Taken records that process id was started over the files, and saves the record.
func (r *Record) Taken(id int64) error {
	r.Process = id
	return r.save()
}

func (r *Record) save() error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := runfile.WriteFile(r.path, append(data, '\n'), true); err != nil {
		return fmt.Errorf("save upload record %s: %w", r.path, err)
	}
	return nil
}

func fileDigest(path string) (RecordFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return RecordFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return RecordFile{}, fmt.Errorf("read %s: %w", path, err)
	}
	return RecordFile{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
