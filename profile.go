package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/report"
)

// tenantOf decides what the run knows about its target's behaviour: the embedded sandbox merges
// and names custom attributes either way; a real target takes its doctor profile (--profile, or
// contactimport-tenant.json in the working directory when that names the same target), and
// without one nothing is known: updates read each contact first, and the run says once how
// doctor lowers that. It fills the summary's update mode and profile. Errors are usage errors:
// an explicit --profile that is missing, unreadable, or names another target.
func tenantOf(o *options, tgt *target, log *slog.Logger, sum *report.Summary) (engage.Tenant, error) {
	if tgt.box != nil {
		if o.profileSet {
			log.Info("--sandbox ignores --profile: the embedded sandbox is known to merge updates", "profile", o.profile)
		}
		t := engage.Tenant{Update: engage.UpdateMerges, CustomAttributes: engage.NamingEither}
		sum.UpdateMode = importer.UpdateModeOf(t)
		return t, nil
	}
	base := tgt.client.BaseURL()
	p, err := readProfile(o.profile)
	switch {
	case err != nil && o.profileSet:
		return engage.Tenant{}, fmt.Errorf("--profile %s: %w; run contactimport doctor to write it", o.profile, err)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		log.Warn("the tenant profile cannot be read and is ignored", "profile", o.profile, "err", err)
		p = nil
	case err != nil:
		p = nil
	case p.Target != base && o.profileSet:
		return engage.Tenant{}, fmt.Errorf("--profile %s describes %s, but this run's target is %s; run contactimport doctor against this target, or give its profile",
			o.profile, p.Target, base)
	case p.Target != base:
		log.Info("the tenant profile in the working directory describes another target and is ignored",
			"profile", o.profile, "profile_target", p.Target, "target", base)
		p = nil
	}
	var t engage.Tenant
	if p != nil {
		t = p.Tenant
		sum.Profile = &report.ProfileUse{Path: o.profile, Checked: p.Checked}
		log.Info("using the tenant profile", "profile", o.profile, "checked", p.Checked.Format("2006-01-02"),
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

// readProfile reads a tenant profile file (a regular file of at most 1 MiB).
func readProfile(path string) (*engage.Profile, error) {
	data, err := source.ReadFile(context.Background(), path, source.KindProfile)
	if err != nil {
		return nil, err
	}
	return engage.ReadProfile(bytes.NewReader(data))
}

func orUnknown(s string) string {
	if s == "" {
		return "not known"
	}
	return s
}
