package doctor

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"contactimport/importer/engage"
)

// customPrefix is the prefixed spelling of a custom attribute: user.CustomAttribute.<Name>.
const customPrefix = "user.CustomAttribute."

// probeValue is what the probe writes into custom attributes. Custom attributes have a data type
// that doctor cannot see; "1" is a valid string and a valid number.
const probeValue = "1"

// afterNaming is how many calls the steps after the naming checks need: an update and a read,
// and an update without unifiedIdentifierName unless an earlier update settled that.
func (p *probe) afterNaming() int {
	if p.unified || p.withoutOK {
		return 2
	}
	return 3
}

// standard are Engage's standard profile attributes, folded: a target with one of these names is
// not a custom attribute, and a custom attribute named like one is sent prefixed only.
var standard = map[string]bool{"firstname": true, "lastname": true, "nickname": true, "title": true,
	"dateofbirth": true, "zipcode": true, "isocountrycode": true, "isolanguagecode": true,
	"timezone": true, "partnerid": true}

// identifiers are the targets that set a contact's identifier fields, folded without "user.".
var identifiers = map[string]bool{"email": true, "mobile": true, "mobilenumber": true, "alias": true,
	"faxnumber": true, "external": true, "identifier": true}

// CustomAttributes returns the custom attributes among a mapping's targets, by their bare names,
// once each (names compare case-insensitively), in order: user.CustomAttribute.<Name> and any
// name that is not an identifier field, one of Engage's standard attributes, a member.*
// attribute (a group's, which doctor does not check) or a marker like "(skip)".
func CustomAttributes(targets []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range targets {
		t = strings.TrimSpace(t)
		rest := trimFold(t, "user.")
		var name string
		switch lower := strings.ToLower(rest); {
		case t == "" || strings.HasPrefix(t, "("), identifiers[lower], strings.HasPrefix(strings.ToLower(t), "member."):
			continue
		case strings.HasPrefix(lower, "customattribute."):
			name = strings.TrimSpace(rest[len("customattribute."):])
		case standard[lower]:
			continue
		default:
			name = rest
		}
		if name == "" || seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		out = append(out, name)
	}
	return out
}

// FictionMobiles returns n different numbers from Ofcom's range for drama, +44 7700 900000 to
// 900999, which no real subscriber holds.
func FictionMobiles(n int) []string {
	n = min(n, 1000)
	out := make([]string, 0, n)
	seen := map[int]bool{}
	for len(out) < n {
		k := rand.IntN(1000)
		if !seen[k] {
			seen[k] = true
			out = append(out, fmt.Sprintf("+447700900%03d", k))
		}
	}
	return out
}

// spell is how naming writes the custom attribute name; NamingBare and NamingEither write it bare.
func spell(name string, naming engage.Naming) string {
	if naming == engage.NamingPrefixed {
		return customPrefix + name
	}
	return name
}

// bareable reports whether name can be sent bare: not when it is a standard attribute's name.
func bareable(name string) bool { return !standard[strings.ToLower(name)] }

// fold is an attribute name as Engage compares it: case aside, without user. and
// user.CustomAttribute.
func fold(name string) string {
	name = trimFold(strings.TrimSpace(name), "user.")
	return strings.ToLower(trimFold(name, "CustomAttribute."))
}

func trimFold(s, prefix string) string {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):]
	}
	return s
}

// try updates the probe contact with names spelled by naming (and everything it holds, so that a
// replacing tenant keeps it). accepted is false with the tenant's refusal in refused; err is a
// failure that ends the probe.
func (p *probe) try(ctx context.Context, names []string, naming engage.Naming) (accepted bool, refused, err error) {
	if !p.afford(1 + p.afterNaming()) {
		return false, nil, errBudget
	}
	ct := p.body(p.stored.Mobile, names, naming)
	_, err = p.update(ctx, ct, p.unified)
	switch {
	case err == nil:
		p.stored, p.customs = ct, names
		return true, nil, nil
	case ctx.Err() == nil && isRefusal(err):
		return false, err, nil
	}
	return false, nil, err
}

// naming finds out how the tenant names custom attributes and which of the mapping's it has:
// all of them in one update per spelling, and one by one only when neither is taken whole.
func (p *probe) naming(ctx context.Context) bool {
	names := p.opts.CustomAttributes
	if p.res.Tenant.Definitions != nil {
		// The definitions told which exist: the probe learns only how they are named.
		names = p.known
		if len(names) == 0 && len(p.opts.CustomAttributes) > 0 {
			p.add("custom attribute naming", true, "not probed: none of the mapping's custom attributes can be written",
				"see the findings of each custom attribute")
			return true
		}
	}
	if len(names) == 0 {
		p.add("custom attributes", true, "not checked: the mapping sends no custom attribute",
			"nothing to check; if an import will send custom attributes, run doctor with its list or --mapping")
		return true
	}
	var bare []string
	for _, n := range names {
		if bareable(n) {
			bare = append(bare, n)
		}
	}
	okBare := false
	if len(bare) > 0 {
		ok, _, err := p.try(ctx, bare, engage.NamingBare)
		if err != nil {
			return p.stop(ctx, "sending custom attributes", err)
		}
		okBare = ok
	}
	okPrefixed, _, err := p.try(ctx, names, engage.NamingPrefixed)
	if err != nil {
		return p.stop(ctx, "sending custom attributes", err)
	}
	switch {
	case okPrefixed && okBare:
		p.namingFound(engage.NamingEither, names)
	case okPrefixed:
		p.namingFound(engage.NamingPrefixed, names)
	case okBare && len(bare) == len(names):
		p.namingFound(engage.NamingBare, names)
	default:
		return p.oneByOne(ctx, names)
	}
	return true
}

// oneByOne tries each attribute bare, then prefixed, to tell which exist and how they are named.
func (p *probe) oneByOne(ctx context.Context, names []string) bool {
	var bareOnes, prefixedOnes, unchecked []string
	for i, n := range names {
		var refusal error
		accepted := engage.Naming("")
		for _, naming := range []engage.Naming{engage.NamingBare, engage.NamingPrefixed} {
			if naming == engage.NamingBare && !bareable(n) {
				continue
			}
			ok, refused, err := p.try(ctx, []string{n}, naming)
			if err == errBudget {
				unchecked = names[i:]
				break
			}
			if err != nil {
				return p.stop(ctx, "sending custom attribute "+n, err)
			}
			if ok {
				accepted = naming
				break
			}
			refusal = refused
		}
		if unchecked != nil {
			break
		}
		switch accepted {
		case engage.NamingBare:
			bareOnes = append(bareOnes, n)
		case engage.NamingPrefixed:
			prefixedOnes = append(prefixedOnes, n)
		default:
			p.missing(n, refusal)
		}
	}
	if len(unchecked) > 0 {
		p.add("custom attributes", false, "not checked: "+list(unchecked)+" (doctor's budget of calls was spent)",
			"whether the tenant has them is unknown; run doctor again with a mapping of fewer custom attributes")
	}
	existing := append(append([]string(nil), bareOnes...), prefixedOnes...)
	switch {
	case len(existing) == 0:
		// nothing to name: the missing ones are findings of their own
	case len(prefixedOnes) == 0:
		// All taken bare: one more call tells bare-only from either.
		ok, _, err := p.try(ctx, bareOnes, engage.NamingPrefixed)
		if err != nil && err != errBudget {
			return p.stop(ctx, "sending custom attributes", err)
		}
		naming := engage.NamingBare
		if ok {
			naming = engage.NamingEither
		}
		p.namingFound(naming, existing)
	case len(bareOnes) == 0 || !anyBareable(prefixedOnes):
		p.namingFound(engage.NamingPrefixed, existing)
	default:
		p.add("custom attribute naming", false,
			"the tenant takes "+list(bareOnes)+" only bare and "+list(prefixedOnes)+" only as "+customPrefix+"<Name>",
			"the import names all custom attributes one way, so some would be refused; ask Mapp support")
	}
	return true
}

// anyBareable reports whether one of names could have been sent bare: a prefixed-only result for
// an attribute named like a standard one says nothing about the naming.
func anyBareable(names []string) bool {
	for _, n := range names {
		if bareable(n) {
			return true
		}
	}
	return false
}

// namingFound records the naming and the attributes that exist.
func (p *probe) namingFound(naming engage.Naming, existing []string) {
	p.res.Tenant.CustomAttributes = naming
	example := existing[0]
	var found, meaning string
	switch naming {
	case engage.NamingEither:
		found = fmt.Sprintf("taken bare (%s) and prefixed (%s)", example, customPrefix+example)
		meaning = "the import may name them either way"
	case engage.NamingBare:
		found = fmt.Sprintf("taken bare only (%s, not %s)", example, customPrefix+example)
		meaning = "the import sends them bare"
	default:
		found = fmt.Sprintf("taken prefixed only (%s, not %s)", customPrefix+example, example)
		meaning = "the import sends them as " + customPrefix + "<Name>"
	}
	p.add("custom attribute naming", true, found, meaning)
	p.add("custom attributes", true, "the tenant has "+list(existing), "the import can send them")
}

// missing records an attribute the tenant refused in every spelling.
func (p *probe) missing(name string, refusal error) {
	p.res.Tenant.MissingAttributes = append(p.res.Tenant.MissingAttributes, name)
	spellings := name + " and " + customPrefix + name
	if !bareable(name) {
		spellings = customPrefix + name
	}
	p.add("custom attribute "+name, false, "refused as "+spellings+" ("+detail(refusal, p.hide)+")",
		fmt.Sprintf("the tenant has no custom attribute %s (or does not take the value %q for it); create it in Mapp (Administration → Attributes → Profile Attributes) or remove the column from the mapping", name, probeValue))
}
