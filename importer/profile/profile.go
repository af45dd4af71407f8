// Package profile is the tenant profile as runs use it: the file doctor writes (Write) and
// import, retry, check and init read (Read); what a run then knows of its target's behaviour
// (Tenant); the tenant's attribute definitions as the mapping's types (Types) and as init's list
// of custom attributes (Attributes); and, for a doctor run without a probe, what an earlier
// profile of the same target learnt kept (KeepProbed). It holds no state.
package profile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/report"
	"contactimport/report/runfile"
)

// Default is where doctor writes what it learnt, and the profile import and retry read when it
// names their target.
const Default = "contactimport-tenant.json"

// Read reads a tenant profile file (a regular file of at most 1 MiB).
func Read(path string) (*engage.Profile, error) {
	data, err := source.ReadFile(context.Background(), path, source.KindProfile)
	if err != nil {
		return nil, err
	}
	return engage.ReadProfile(bytes.NewReader(data))
}

// Write replaces path with p the way every file of a run is written (runfile.Replace): a new
// file of mode 0600, synced, then renamed over path; a symbolic link at path is replaced, not
// followed; a directory is refused.
func Write(path string, p *engage.Profile) error {
	err := runfile.Replace(path, func(w io.Writer) error { return engage.WriteProfile(w, p) })
	if err != nil {
		return fmt.Errorf("write tenant profile %s: %w", path, err)
	}
	return nil
}

// Use says which profile a run reads and for which target.
type Use struct {
	Path    string // --profile, or Default
	Given   bool   // --profile was given, not defaulted
	Sandbox bool   // the target is the embedded sandbox
	Target  string // the target's base URL
	Log     *slog.Logger
}

// Tenant decides what the run knows about its target's behaviour: the embedded sandbox merges
// and names custom attributes either way; a real target takes its doctor profile (u.Path, when it
// names the same target), and without one nothing is known: updates read each contact first, and
// the run says once how doctor lowers that. It fills the summary's update mode and profile.
// Errors are usage errors: a given profile that is missing, unreadable, or names another target.
func Tenant(u Use, sum *report.Summary) (engage.Tenant, error) {
	log := u.Log
	if u.Sandbox {
		if u.Given {
			log.Info("--sandbox ignores --profile: the embedded sandbox is known to merge updates", "profile", u.Path)
		}
		t := engage.Tenant{Update: engage.UpdateMerges, CustomAttributes: engage.NamingEither}
		sum.UpdateMode = importer.UpdateModeOf(t)
		return t, nil
	}
	p, err := Read(u.Path)
	switch {
	case err != nil && u.Given:
		return engage.Tenant{}, fmt.Errorf("--profile %s: %w; run contactimport doctor to write it", u.Path, err)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		log.Warn("the tenant profile cannot be read and is ignored", "profile", u.Path, "err", err)
		p = nil
	case err != nil:
		p = nil
	case p.Target != u.Target && u.Given:
		return engage.Tenant{}, fmt.Errorf("--profile %s describes %s, but this run's target is %s; run contactimport doctor against this target, or give its profile",
			u.Path, p.Target, u.Target)
	case p.Target != u.Target:
		log.Info("the tenant profile in the working directory describes another target and is ignored",
			"profile", u.Path, "profile_target", p.Target, "target", u.Target)
		p = nil
	}
	var t engage.Tenant
	if p != nil {
		t = p.Tenant
		sum.Profile = &report.ProfileUse{Path: u.Path, Checked: p.Checked}
		log.Info("using the tenant profile", "profile", u.Path, "checked", p.Checked.Format("2006-01-02"),
			"update", orUnknown(string(t.Update)), "custom_attributes", orUnknown(string(t.CustomAttributes)))
	}
	sum.UpdateMode = importer.UpdateModeOf(t)
	switch {
	case t.Update == engage.UpdateReplaces:
		log.Info("this tenant's updates remove what they do not carry (per its profile): each existing contact is read first and sent whole, about 2 calls per row")
	case t.Update != engage.UpdateMerges:
		log.Info("not known whether this tenant's updates keep what they do not carry: each existing contact is read first and sent whole, about 2 calls per row; " +
			"contactimport doctor --probe-email ADDRESS finds out whether this tenant needs it and writes the profile that lets a merging tenant take 1 call per row")
	}
	return t, nil
}

func orUnknown(s string) string {
	if s == "" {
		return "not known"
	}
	return s
}
