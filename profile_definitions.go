package main

// The attribute definitions in the tenant profile: written by doctor (also without a probe,
// keeping what an earlier probe learnt), read by check and import to check custom values.

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"contactimport/importer/doctor"
	"contactimport/importer/engage"
	"contactimport/mapping"
)

// definitionsProfile is the profile of a run that read the tenant's attribute definitions but
// did not probe: what an earlier profile of the same target at path learnt with a probe (update
// behaviour, naming, answers) stays, and the definitions and missing attributes are this run's.
// kept tells whether an earlier profile's findings were kept.
func definitionsProfile(path string, p *engage.Profile, log *slog.Logger) (*engage.Profile, bool) {
	old, err := readProfile(path)
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		log.Warn("the earlier tenant profile cannot be read and is replaced", "profile", path, "err", err)
		return p, false
	case err != nil, old.Target != p.Target:
		return p, false
	}
	t := old.Tenant
	t.Definitions = p.Tenant.Definitions
	t.MissingAttributes = p.Tenant.MissingAttributes
	p.Tenant = t
	for _, f := range old.Findings {
		if !hasCheck(p.Findings, f.Check) && probeCheck(f.Check) {
			p.Findings = append(p.Findings, f)
		}
	}
	return p, true
}

// probeCheck reports whether check is one the probe finds (kept from an earlier profile when a
// run without the probe rewrites it).
func probeCheck(check string) bool {
	switch check {
	case "update behaviour", "custom attribute naming", "unifiedIdentifierName", "no such contact", "contact exists",
		"subscribing a member again", "mobile number":
		return true
	}
	return false
}

func hasCheck(fs []engage.Finding, check string) bool {
	for _, f := range fs {
		if f.Check == check {
			return true
		}
	}
	return false
}

// profileLine says what the profile written to path holds.
func profileLine(path string, res *doctor.Result, kept bool) string {
	switch {
	case res.Probed:
		return path
	case kept:
		return path + " (the attribute definitions read now; what an earlier probe learnt is kept)"
	}
	return path + " (the attribute definitions only: import validates custom values with them; --probe-email learns the update behaviour too)"
}

// typesOf turns the attribute definitions of a tenant profile into the types the mapping checks
// custom values against; nil without definitions.
func typesOf(d *engage.Definitions) []mapping.Typed {
	if d == nil || len(d.Profile) == 0 {
		return nil
	}
	out := make([]mapping.Typed, 0, len(d.Profile))
	for _, def := range d.Profile {
		t := mapping.Typed{Name: def.Name, Type: string(def.DataType)}
		if def.Enumerated {
			t.Values = append([]string{}, def.EnumeratedValues...)
		}
		out = append(out, t)
	}
	return out
}

// checkTypes reads the types for `check --profile FILE`: check sends nothing, so the profile is
// taken as given, whatever target it names (the log says which). Other commands take theirs
// from the profile of their target (tenantOf) and get nil here.
func checkTypes(o *options, log *slog.Logger) ([]mapping.Typed, error) {
	if o.command != "check" || o.profile == "" {
		return nil, nil
	}
	p, err := readProfile(o.profile)
	if err != nil {
		return nil, fmt.Errorf("--profile %s: %w; run contactimport doctor to write it", o.profile, err)
	}
	types := typesOf(p.Tenant.Definitions)
	if types == nil {
		log.Warn("the tenant profile holds no attribute definitions: custom values are not checked against the tenant's types; run contactimport doctor again to read them",
			"profile", o.profile)
		return nil, nil
	}
	log.Info("checking custom values against the tenant's attribute types", "profile", o.profile, "target", p.Target, "attributes", len(types))
	return types, nil
}
