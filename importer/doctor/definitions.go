package doctor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"contactimport/importer/engage"
)

// checkDefinitions names the finding about the definition calls themselves.
const checkDefinitions = "attribute definitions"

// maxShownValues caps how many allowed values of an enumeration a finding lists.
const maxShownValues = 10

// definitions reads the tenant's attribute definitions, read-only, and checks each custom and
// member attribute of the mapping against them: it exists, is not archived, and has a type and
// maybe allowed values. What it finds goes to Result.Tenant.Definitions. A tenant that does not
// list them (404/403) leaves the attributes to the probe. It reports whether the run goes on.
func (r *run) definitions(ctx context.Context) bool {
	if !r.within(1) {
		return true
	}
	r.res.Calls++
	defs, err := r.c.ProfileAttributes(ctx)
	switch {
	case r.interrupted(ctx):
		return false
	case errors.Is(err, engage.ErrNoDefinitions):
		r.noDefinitions(err)
		return true
	case err != nil:
		r.add(checkDefinitions, true, "not read: "+describe(err),
			"the mapping's attributes are checked only with a probe contact (--probe-email); the import validates no custom value before sending")
		return true
	}
	kept := &engage.Definitions{}
	for _, d := range defs {
		if d.Technical {
			kept.Technical = append(kept.Technical, d.Name)
		}
	}
	r.add(checkDefinitions, true, fmt.Sprintf("the tenant lists %d profile attributes", len(defs)),
		"the mapping's custom attributes are checked without writing anything, and the import checks each custom value against its type before sending")
	var present []string
	for _, name := range r.opts.CustomAttributes {
		if d, ok := r.checkDefined("custom attribute", name, defs, "Profile Attributes"); ok {
			kept.Profile = append(kept.Profile, d)
			present = append(present, name)
		}
	}
	r.known = present
	if !r.memberDefinitions(ctx, kept) {
		return false
	}
	r.res.Tenant.Definitions = kept
	return true
}

// memberDefinitions checks the mapping's member attributes against the group's definitions.
func (r *run) memberDefinitions(ctx context.Context, kept *engage.Definitions) bool {
	if len(r.opts.MemberAttributes) == 0 || r.opts.Group == 0 || !r.within(1) {
		return true
	}
	r.res.Calls++
	defs, err := r.c.MemberAttributes(ctx, r.opts.Group)
	switch {
	case r.interrupted(ctx):
		return false
	case err != nil:
		r.add("member attribute definitions", true, "not read: "+describe(err),
			"the member attributes are not checked before the import; the tenant refuses a missing one row by row")
		return true
	}
	for _, name := range r.opts.MemberAttributes {
		if d, ok := r.checkDefined("member attribute", name, defs, "Member Attributes"); ok {
			kept.Member = append(kept.Member, d)
		}
	}
	return true
}

// within reports whether n more calls fit in the run's budget, before any probe.
func (r *run) within(n int) bool { return r.res.Calls+n <= r.opts.MaxCalls }

// checkDefined records what defs say about the attribute name of kind ("custom attribute",
// "member attribute") and returns its definition when an import can write it.
func (r *run) checkDefined(kind, name string, defs []engage.Definition, page string) (engage.Definition, bool) {
	check := kind + " " + name
	d, ok := engage.FindDefinition(defs, name)
	switch {
	case !ok:
		r.res.Tenant.MissingAttributes = append(r.res.Tenant.MissingAttributes, name)
		r.add(check, false, "not among the tenant's attribute definitions",
			fmt.Sprintf("the tenant has no %s %s and would refuse every row: create it in Mapp (Administration → Attributes → %s) or remove the column from the mapping", kind, name, page))
		return d, false
	case d.Archived:
		r.res.Tenant.MissingAttributes = append(r.res.Tenant.MissingAttributes, name)
		r.add(check, false, "archived on the tenant",
			fmt.Sprintf("every row would be refused: restore it in Mapp (Administration → Attributes → %s) or remove the column from the mapping", page))
		return d, false
	case d.Technical:
		r.add(check, false, "a technical attribute: the tenant writes it, a client may not",
			"every row would be refused: map the column to another attribute or remove it from the mapping")
		return d, false
	}
	r.add(check, true, describeDefinition(d), meaningOf(d))
	return d, true
}

// describeDefinition is what a definition says, as a finding's words.
func describeDefinition(d engage.Definition) string {
	s := "exists as " + string(d.DataType)
	if d.DataType == "" {
		s = "exists, of no stated type"
	}
	if d.Enumerated {
		vals := d.EnumeratedValues
		more := ""
		if len(vals) > maxShownValues {
			vals, more = vals[:maxShownValues], fmt.Sprintf(" and %d more", len(d.EnumeratedValues)-maxShownValues)
		}
		s += ", allowed values " + strings.Join(vals, ", ") + more
	}
	return s
}

func meaningOf(d engage.Definition) string {
	switch d.DataType {
	case engage.TypeDate:
		return "the import reads each value with the mapping's date pattern and sends it as YYYY-MM-DD"
	case engage.TypeNumber:
		return "the import sends numbers only (a decimal comma only where the column says so)"
	case engage.TypeBoolean:
		return "the import sends true or false"
	}
	if d.Enumerated {
		return "the import refuses a row whose value is not one of these"
	}
	return "the import can send it"
}

// noDefinitions records a tenant without the definition calls.
func (r *run) noDefinitions(err error) {
	found := "the tenant does not list them (" + describe(err) + ")"
	switch {
	case len(r.opts.CustomAttributes) == 0:
		r.add(checkDefinitions, true, found, "nothing to check: the mapping sends no custom attribute")
	case r.opts.ProbeEmail != "":
		r.add(checkDefinitions, true, found, "the mapping's custom attributes are checked with the probe contact instead")
	default:
		r.add(checkDefinitions, true, found,
			"the mapping's custom attributes "+list(slices.Clone(r.opts.CustomAttributes))+" are not checked: run doctor with --probe-email ADDRESS to check them with a probe contact")
	}
}

// sample is a value the probe may write into the custom attribute name: one its definition
// allows when definitions were read, else "1" (a valid string and a valid number).
func (r *run) sample(name string) string {
	if r.res.Tenant.Definitions == nil {
		return probeValue
	}
	d, ok := engage.FindDefinition(r.res.Tenant.Definitions.Profile, name)
	switch {
	case !ok:
		return probeValue
	case d.Enumerated && len(d.EnumeratedValues) > 0:
		return d.EnumeratedValues[0]
	case d.DataType == engage.TypeBoolean:
		return "true"
	case d.DataType == engage.TypeDate:
		return "2000-01-01"
	}
	return probeValue
}

// MemberAttributes returns the member attributes among a mapping's targets (member.<Name>), by
// their bare names, once each (names compare case-insensitively), in order.
func MemberAttributes(targets []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range targets {
		t = strings.TrimSpace(t)
		if len(t) < len("member.") || !strings.EqualFold(t[:len("member.")], "member.") {
			continue
		}
		name := strings.TrimSpace(t[len("member."):])
		if name == "" || seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		out = append(out, name)
	}
	return out
}
