package main

import (
	"fmt"
	"io"
	"time"

	"contactimport/importer/doctor"
	"contactimport/importer/engage"
	"contactimport/printable"
	"contactimport/report/runfile"
)

// doctorOutput prints doctor's findings, one line each: a marker, what was checked, what was
// found, and what it means for the import.
type doctorOutput struct {
	w      io.Writer
	target string
}

func (o *doctorOutput) line(label, text string) {
	fmt.Fprintf(o.w, "%-8s %s\n", label, printable.Lines(text)) // the tenant's words, shown safely
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

// writeProfileFile replaces path with p the way every file of a run is written
// (runfile.Replace): a new file of mode 0600, synced, then renamed over path; a symbolic link at
// path is replaced, not followed; a directory is refused.
func writeProfileFile(path string, p *engage.Profile) error {
	err := runfile.Replace(path, func(w io.Writer) error { return engage.WriteProfile(w, p) })
	if err != nil {
		return fmt.Errorf("write tenant profile %s: %w", path, err)
	}
	return nil
}
