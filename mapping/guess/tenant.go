package guess

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"contactimport/mapping"
)

// TenantAttribute is a custom attribute the tenant has, as doctor read its definition (init
// --profile). For a column no table knows, init proposes one of these instead of inventing a new
// attribute: a tenant refuses a value for an attribute it lacks, and creating attributes is
// something a person decides in Mapp, not a draft.
type TenantAttribute struct {
	Name, DisplayName string
	Type              string   // STRING, NUMBER, BOOLEAN, DATE, or "" when the tenant did not say
	Values            []string // the allowed values of an enumerated attribute; nil when any is allowed
}

// tenantColumn maps a column no table knows to the tenant's attribute of the same name or
// display name (compared without case, accents, spaces or punctuation), when its values fit the
// attribute's type; otherwise it leaves the column out and names, in a TODO, the tenant's
// attributes whose type the values fit.
func (g *guesser) tenantColumn(c *ColumnGuess, st *columnStats) {
	i := g.index(c.Name)
	if a, ok := g.tenantNamed(c.Name); ok {
		target := "user.CustomAttribute." + a.Name
		if !g.claim(target) {
			*c = skipped(*c, fmt.Sprintf("the tenant's attribute %s, which another column takes", a.Name))
			return
		}
		g.tenantFit(c, st, i, a, target)
		return
	}
	var fits []string
	for _, a := range g.s.Tenant {
		if !g.taken[mapping.TargetKey("user.CustomAttribute."+a.Name)] && g.fitsType(st, i, a) == "" {
			fits = append(fits, a.Name)
		}
	}
	*c = skipped(*c, fmt.Sprintf("no attribute of the tenant is named like it; %s in %s", st.distinctWords(), g.share(st, st.nonEmpty)))
	switch {
	case len(fits) == 0:
		c.TODO = "the tenant has no attribute these values fit: create one in Mapp if Engage should have them, then map the column to it"
	case len(fits) <= 5:
		c.TODO = fmt.Sprintf("if Engage should have it, map it to one of the tenant's attributes its values fit (%s), or create one in Mapp", strings.Join(fits, ", "))
	default:
		c.TODO = fmt.Sprintf("if Engage should have it, map it to one of the %d tenant attributes its values fit (contactimport doctor lists them), or create one in Mapp", len(fits))
	}
}

// tenantFit maps column i to the tenant's attribute a when its sampled values fit a's type.
func (g *guesser) tenantFit(c *ColumnGuess, st *columnStats, i int, a TenantAttribute, target string) {
	about := "the tenant's attribute " + a.Name
	if a.DisplayName != "" && a.DisplayName != a.Name {
		about += fmt.Sprintf(" (%q)", a.DisplayName)
	}
	if a.Type != "" {
		about += ", " + a.Type
	}
	if why := g.fitsType(st, i, a); why != "" {
		*c = skipped(*c, about)
		c.TODO = fmt.Sprintf("%s; map it with {to: %s} once the values are fixed, or leave it skipped", why, target)
		return
	}
	c.Target = target
	c.Note = fmt.Sprintf("%s: values in %s", about, g.share(st, st.nonEmpty))
	switch {
	case a.Type == "DATE":
		p, _ := st.date.pattern(st)
		c.Transforms = []string{"date:" + p.pattern}
		c.Note += ", dates like " + p.pattern
	case a.Type == "BOOLEAN":
		c.Transforms = []string{"bool"}
		c.Note += ", yes/no values sent as true or false"
	case len(a.Values) > 0:
		c.Note += fmt.Sprintf(", every one among its %d allowed values", len(a.Values))
	}
}

// fitsType says why the sampled values of column i do not fit a's type, or "" when they do.
func (g *guesser) fitsType(st *columnStats, i int, a TenantAttribute) string {
	switch {
	case a.Type == "DATE":
		if _, ok := st.date.pattern(st); !ok {
			return "the tenant's attribute " + a.Name + " takes dates, and these values are not dates in one pattern"
		}
	case a.Type == "BOOLEAN":
		if !st.all(st.bools) {
			return "the tenant's attribute " + a.Name + " takes yes or no, and values other than yes and no were seen"
		}
	case a.Type == "NUMBER":
		if n := g.count(i, func(v string) bool { _, err := strconv.ParseFloat(v, 64); return err != nil }); n > 0 {
			return fmt.Sprintf("the tenant's attribute %s takes numbers, and %d sampled values are not numbers written with a point", a.Name, n)
		}
	}
	if len(a.Values) > 0 {
		if n := g.count(i, func(v string) bool { return !slices.Contains(a.Values, v) }); n > 0 {
			return fmt.Sprintf("the tenant's attribute %s takes %d allowed values, and %d sampled values are not among them", a.Name, len(a.Values), n)
		}
	}
	return ""
}

// count is how many sampled non-empty cells of column i are bad.
func (g *guesser) count(i int, bad func(string) bool) int {
	n := 0
	for r := range len(g.s.Rows) + len(g.s.Tail) {
		if v := strings.TrimSpace(g.sampleCell(r, i)); v != "" && bad(v) {
			n++
		}
	}
	return n
}

// tenantNamed finds the tenant's attribute named like header, by name or display name.
func (g *guesser) tenantNamed(header string) (TenantAttribute, bool) {
	key := foldName(header)
	if key == "" {
		return TenantAttribute{}, false
	}
	for _, a := range g.s.Tenant {
		if foldName(a.Name) == key || (a.DisplayName != "" && foldName(a.DisplayName) == key) {
			return a, true
		}
	}
	return TenantAttribute{}, false
}

// foldName is a name without case, accents, spaces or punctuation: "Kundennummer",
// "kunden-nummer" and "Kundennümmer" compare equal.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
