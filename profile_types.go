package main

import (
	"fmt"
	"log/slog"

	"contactimport/importer/engage"
	"contactimport/mapping"
)

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
