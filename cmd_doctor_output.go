package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"contactimport/importer/doctor"
	"contactimport/importer/engage"
)

// doctorOutput prints doctor's findings, one line each: a marker, what was checked, what was
// found, and what it means for the import.
type doctorOutput struct {
	w      io.Writer
	target string
}

func (o *doctorOutput) line(label, text string) {
	fmt.Fprintf(o.w, "%-8s %s\n", label, showLines(text)) // the tenant's words, shown safely
}

func (o *doctorOutput) print(res *doctor.Result, probe string) {
	o.line("target", o.target)
	for _, f := range res.Findings {
		label := "ok"
		if !f.OK {
			label = "BLOCKS"
		}
		o.line(label, f.Check+": "+f.Found+" — "+f.Meaning)
	}
	for _, l := range res.Leftovers {
		id := "contactId unknown: its create's answer was lost"
		if l.ContactID > 0 {
			id = fmt.Sprintf("contactId %d", l.ContactID)
		}
		if l.Group > 0 {
			id += fmt.Sprintf(", perhaps still a member of group %d", l.Group)
		}
		// The one place the address is shown: it is the user's own, and a person must find it.
		o.line("REMOVE", fmt.Sprintf("delete the probe contact %s (%s) in Mapp by hand", l.Email, id))
	}
	if res.Interrupted {
		o.line("stopped", "interrupted before every check was done")
	}
}

func (o *doctorOutput) result(res *doctor.Result) {
	switch {
	case res.Interrupted:
		o.line("result", "interrupted: run doctor again to finish the checks")
	case res.Blocking():
		o.line("result", "an import cannot run as configured: fix what the BLOCKS lines name, then run doctor again")
	default:
		o.line("result", "an import can run as configured")
	}
}

// profileOf is the profile of what res learnt about the target at base.
func profileOf(base string, res *doctor.Result) *engage.Profile {
	return &engage.Profile{Target: base, Checked: time.Now().UTC().Truncate(time.Second), Tenant: res.Tenant, Findings: res.Findings}
}

// writeProfileFile replaces path with p atomically: a new file of mode 0600 created beside it
// with O_EXCL (never opened through a link someone placed), written, synced, then renamed over
// path. A symbolic link at path is replaced, not followed.
func writeProfileFile(path string, p *engage.Profile) (err error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("write tenant profile %s: it is a directory; name a file with --profile", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write tenant profile %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("write tenant profile %s: %w", path, err)
	}
	if err := engage.WriteProfile(tmp, p); err != nil {
		return fmt.Errorf("%w (%s)", err, path)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write tenant profile %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write tenant profile %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write tenant profile %s: %w", path, err)
	}
	return nil
}
