package profile

import (
	"contactimport/importer/engage"
	"contactimport/mapping"
	"contactimport/mapping/guess"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
)

// KeepProbed is the profile of a run that read the tenant's attribute definitions but
// did not probe: what an earlier profile of the same target at path learnt with a probe (update
// behaviour, naming, answers) stays, and the definitions and missing attributes are this run's.
// kept tells whether an earlier profile's findings were kept.
func KeepProbed(path string, p *engage.Profile, log *slog.Logger) (*engage.Profile, bool) {
	old, err := Read(path)
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

// Types turns the attribute definitions of a tenant profile into the types the mapping checks
// custom values against; nil without definitions.
func Types(d *engage.Definitions) []mapping.Typed {
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

// CheckTypes reads the types for `check --profile FILE`: check sends nothing, so the profile is
// taken as given, whatever target it names (the log says which). Other commands take theirs
// from the profile of their target (Tenant).
func CheckTypes(path string, log *slog.Logger) ([]mapping.Typed, error) {
	p, err := Read(path)
	if err != nil {
		return nil, fmt.Errorf("--profile %s: %w; run contactimport doctor to write it", path, err)
	}
	types := Types(p.Tenant.Definitions)
	if types == nil {
		log.Warn("the tenant profile holds no attribute definitions: custom values are not checked against the tenant's types; run contactimport doctor again to read them",
			"profile", path)
		return nil, nil
	}
	log.Info("checking custom values against the tenant's attribute types", "profile", path, "target", p.Target, "attributes", len(types))
	return types, nil
}

// Attributes are the custom attributes a doctor profile lists that a client may write:
// neither standard, technical nor archived.
func Attributes(path string) ([]guess.TenantAttribute, error) {
	p, err := Read(path)
	if err != nil {
		return nil, fmt.Errorf("--profile %s: %w", path, err)
	}
	d := p.Tenant.Definitions
	if d == nil || len(d.Profile) == 0 {
		return nil, fmt.Errorf("--profile %s holds no attribute definitions: run contactimport doctor again to read them", path)
	}
	out := []guess.TenantAttribute{}
	for _, def := range d.Profile {
		if def.Standard || def.Technical || def.Archived || d.IsTechnical(def.Name) {
			continue
		}
		a := guess.TenantAttribute{Name: engage.DefinitionName(def.Name), DisplayName: def.DisplayName, Type: string(def.DataType)}
		if def.Enumerated {
			a.Values = append([]string{}, def.EnumeratedValues...)
		}
		out = append(out, a)
	}
	return out, nil
}
