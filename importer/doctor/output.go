package doctor

import (
	"fmt"
	"io"
	"time"

	"contactimport/importer/engage"
	"contactimport/printable"
)

// Output prints doctor's findings, one line each: a marker, what was checked, what was found,
// and what it means for the import. The tenant's words are shown safely (printable.Lines).
type Output struct {
	W      io.Writer
	Target string // the target's name, printed first
}

// Line prints one line under label.
func (o *Output) Line(label, text string) {
	fmt.Fprintf(o.W, "%-8s %s\n", label, printable.Lines(text))
}

// Print prints the target, every finding, the probe contacts to remove by hand and whether the
// run was interrupted.
func (o *Output) Print(res *Result) {
	o.Line("target", o.Target)
	for _, f := range res.Findings {
		label := "ok"
		if !f.OK {
			label = "BLOCKS"
		}
		o.Line(label, f.Check+": "+f.Found+" — "+f.Meaning)
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
		o.Line("REMOVE", fmt.Sprintf("delete the probe contact %s (%s) in Mapp by hand", l.Email, id))
	}
	if res.Interrupted {
		o.Line("stopped", "interrupted before every check was done")
	}
}

// Result prints the verdict: whether an import can run as configured.
func (o *Output) Result(res *Result) {
	switch {
	case res.Interrupted:
		o.Line("result", "interrupted: run doctor again to finish the checks")
	case res.Blocking():
		o.Line("result", "an import cannot run as configured: fix what the BLOCKS lines name, then run doctor again")
	default:
		o.Line("result", "an import can run as configured")
	}
}

// Profile is the profile of what res learnt about the target at base, checked now.
func (res *Result) Profile(base string) *engage.Profile {
	return &engage.Profile{Target: base, Checked: time.Now().UTC().Truncate(time.Second), Tenant: res.Tenant, Findings: res.Findings}
}

// WritesProfile reports whether a run with this result writes a profile, and if not why: an
// interrupted run, and one that neither probed nor read the attribute definitions, learnt
// nothing an import uses (an earlier profile stays as it is).
func (res *Result) WritesProfile(probe string) (bool, string) {
	switch {
	case res.Interrupted:
		return false, "doctor was interrupted"
	case res.Probed || (res.Tenant.Definitions != nil && !res.Refused):
		return true, ""
	case probe == "":
		return false, "without --probe-email doctor learns nothing an import uses, and an earlier profile stays as it is"
	case res.Refused:
		return false, "the probe address is taken; nothing was written anywhere"
	}
	return false, "the probe did not start: a check before it failed"
}

// ProfileLine says what the profile written to path holds; kept tells whether what an earlier
// probe learnt was kept in it.
func (res *Result) ProfileLine(path string, kept bool) string {
	switch {
	case res.Probed:
		return path
	case kept:
		return path + " (the attribute definitions read now; what an earlier probe learnt is kept)"
	}
	return path + " (the attribute definitions only: import validates custom values with them; --probe-email learns the update behaviour too)"
}
