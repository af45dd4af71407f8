// Package guess drafts a mapping file for a list it has only sampled: `contactimport init`. It
// judges each column by its header words and by the shapes of its sampled values, decides the
// identifier, the phone region, the rows to leave out (opted-out people, report footers) and
// writes the draft as YAML that mapping.ParseFile reads as it stands, every line commented with
// what was seen, in counts and shapes, never the cells.
//
// Everything here is a pure function of the sample: no I/O, no goroutines, no package-level
// state that changes. It imports mapping; mapping does not import it.
package guess

import (
	"fmt"
	"slices"
	"strings"

	"contactimport/mapping"
)

// Sample is what `contactimport init` read of a list: the header, the first rows and an even
// spread of the rest, and the last rows of the file (report footers are at the end).
type Sample struct {
	Header []string
	Rows   [][]string // the first data rows (about 1,000), then an even spread of the rest, in file order
	Tail   [][]string // the last data rows after Rows, if any (about 20)
	Total  int        // data rows in the file
	// How the reader read the file, for the draft's heading; Sheet for an XLSX workbook.
	File, Encoding, Delimiter, Sheet string
	// SheetWhy, when set, says why Sheet holds the list (another sheet comes first): the draft
	// then names the sheet with a `sheet:` line. SkipLines are the lines above the header, and
	// SkipLinesWhy what they are.
	SheetWhy     string
	SkipLines    int
	SkipLinesWhy string
	// Group is the Engage group the list is for (init --group), 0 for none: a consent column
	// then decides each row's subscription to it instead of leaving rows out.
	Group int64
	// Tenant are the tenant's custom attributes (init --profile): a column no table knows is
	// mapped to the one named like it, never to a new attribute. Nil: not known.
	Tenant []TenantAttribute
}

// Draft is a guessed mapping file. Render writes it as YAML with a comment on every line that
// says what was seen, in words and counts; cell values appear only as enumeration labels (see
// columnStats.labels) and consent words.
type Draft struct {
	System     string // e.g. "a Mailchimp audience export", or ""
	Identifier mapping.Identifier
	IDColumn   string // the identifier's column, or ""
	// PhoneRegion is "column" when taken from a country column, "guess" when RegionGuess is
	// written with a TODO, "TODO" when only named in a comment, "" when not needed.
	PhoneRegion string
	RegionFrom  string // the country column for PhoneRegion "column"
	// RegionDefault is the region for rows whose country cell is empty (PhoneRegion "column"),
	// RegionGuess the region named in the TODO (PhoneRegion "TODO").
	RegionDefault, RegionGuess string
	RegionOr                   string // a second country column, read where RegionFrom is empty
	RegionNote, RegionTODO     string
	Timezone                   bool // a mapped column has times of day: timezone needs saying
	// LostZeros writes `lost_leading_zeros: true`: the sample shows a spreadsheet dropped the
	// leading zeros of digit cells; LostZerosNote says what was seen.
	LostZeros     bool
	LostZerosNote string
	SkipRows      []SkipRowGuess
	Columns       []ColumnGuess
	sample        Sample
}

// ColumnGuess is one guessed entry under `columns:`.
type ColumnGuess struct {
	Name       string
	Target     string // "" with Skip or Split
	Skip       bool
	Split      bool // split into user.FirstName and user.LastName
	Transforms []string
	Values     [][2]string // label → value sent, in the order seen
	Default    string      // default: sent for an empty cell, or ""
	Replace    bool        // strip a leading ' (replace: {pattern: "^'", with: ""})
	// ReplacePattern, when set, is the replace pattern instead: what it matches is deleted.
	ReplacePattern string
	Note           string // what was seen
	TODO           string // what the person must decide, or ""
	// Omit writes `invalid: omit`: a cell that fails is not sent, the rest of the row is
	// (a mobile column with numbers a spreadsheet cut, when it is not the identifier).
	Omit bool
}

// SkipRowGuess is one guessed skip_rows condition.
type SkipRowGuess struct {
	Column   string
	NotEmpty bool
	Empty    bool
	Values   []string
	Reason   string
	Note     string
}

// Mapping drafts a mapping for a sample. It never fails: what it cannot tell, it marks TODO.
func Mapping(s Sample) *Draft {
	d := &Draft{System: system(s.Header), sample: s}
	stats := make([]*columnStats, len(s.Header))
	for i := range stats {
		stats[i] = newColumnStats()
	}
	for _, rows := range [][][]string{s.Rows, s.Tail} {
		for _, r := range rows {
			for i, st := range stats {
				cell := ""
				if i < len(r) {
					cell = r[i]
				}
				st.add(cell)
			}
		}
	}
	g := &guesser{d: d, s: s, stats: stats, taken: map[string]bool{}}
	g.classify()
	g.identify()
	g.keepIdentifier()
	g.consents()
	g.footer()
	return d
}

type guesser struct {
	d      *Draft
	s      Sample
	stats  []*columnStats
	kinds  []kind
	known  []known
	why    []string     // where the values overrule the header: what the header suggested
	chosen map[kind]int // of several columns of a single-target kind, the one filled most; -1 for none
	taken  map[string]bool
	names  map[string]bool // see nameCells
}

// classify decides every column's kind, from its header and its values, then guesses each
// column's entry; consent columns wait for the identifier (see consents).
func (g *guesser) classify() {
	n := len(g.s.Header)
	g.kinds, g.known, g.why = make([]kind, n), make([]known, n), make([]string, n)
	for i, h := range g.s.Header {
		g.kinds[i], g.known[i], g.why[i] = g.judge(h, g.stats[i])
	}
	g.choose()
	g.lostZips()
	mobileCol := g.first(kMobile)
	hasFirstLast := g.chosen[kFirst] >= 0 && g.chosen[kLast] >= 0
	for i, h := range g.s.Header {
		c := g.column(i, h, hasFirstLast, mobileCol)
		if g.why[i] != "" && !c.Skip && c.TODO == "" {
			c.TODO = g.why[i]
		}
		g.d.Columns = append(g.d.Columns, c)
	}
}

// singleKinds are the kinds whose target takes one column: of several, the one filled most.
var singleKinds = []kind{kEmail, kFirst, kLast, kFull, kCountry, kZip, kBirth, kSalutation, kNick, kLanguage}

// choose picks, for each single-target kind, the column filled most (the earlier of equals).
func (g *guesser) choose() {
	g.chosen = map[kind]int{}
	for _, k := range append(singleKinds, kMobile) {
		best := -1
		for i, kk := range g.kinds {
			if kk == k && (best < 0 || g.filled(i, k) > g.filled(best, k)) {
				best = i
			}
		}
		g.chosen[k] = best
	}
}

// filled is how many sampled cells of column i say something of kind k.
func (g *guesser) filled(i int, k kind) int {
	if k == kSalutation {
		return g.stats[i].titlesGiven
	}
	return g.stats[i].nonEmpty
}

func (g *guesser) first(k kind) int {
	for i, kk := range g.kinds {
		if kk == k {
			return i
		}
	}
	return -1
}

// claim gives target to a column unless an earlier column has it.
func (g *guesser) claim(target string) bool {
	k := mapping.TargetKey(target)
	if g.taken[k] {
		return false
	}
	g.taken[k] = true
	return true
}

func (g *guesser) column(i int, h string, hasFirstLast bool, mobileCol int) ColumnGuess {
	st := g.stats[i]
	c := ColumnGuess{Name: h, Replace: st.quoted > 0}
	if st.nonEmpty == 0 {
		c.Skip, c.Replace = true, false
		c.Note = fmt.Sprintf("empty in all %d sampled rows", st.cells)
		return c
	}
	k := g.kinds[i]
	if slices.Contains(singleKinds, k) && g.chosen[k] != i {
		o := g.chosen[k]
		return skipped(c, fmt.Sprintf("%s; the column %q is filled more (%s)", kindWords[k], g.s.Header[o], g.share(g.stats[o], g.stats[o].nonEmpty)))
	}
	g.byKind(&c, i, hasFirstLast, mobileCol)
	g.multi(&c, st) // every mapped column reads a multi-value cell as its first value
	return c
}

// consents turns the consent and opt-out columns into skip_rows, once the identifier is known.
func (g *guesser) consents() {
	for i, k := range g.kinds {
		if k == kConsent && g.stats[i].nonEmpty > 0 {
			g.consentColumn(&g.d.Columns[i], g.stats[i], g.known[i])
		}
	}
}

// byKind fills in the entry of column i by its kind.
func (g *guesser) byKind(c *ColumnGuess, i int, hasFirstLast bool, mobileCol int) {
	st, known, h := g.stats[i], g.known[i], g.s.Header[i]
	// A job title would go to a custom attribute named JobTitle: with the tenant's attributes
	// known, to one of those instead (unknown columns are matched in unknown).
	if g.s.Tenant != nil && g.kinds[i] == kJob {
		g.tenantColumn(c, st)
		return
	}
	switch g.kinds[i] {
	case kMapp:
		c.Target = h
		c.Note = "Mapp's own column name"
		if !g.claim(h) {
			*c = skipped(*c, "a second column for "+h)
			return
		}
	case kEmail:
		if !g.claim("email") {
			*c = skipped(*c, "a second email column")
			return
		}
		c.Target, c.Transforms = "email", []string{"trim", "lower"}
		c.Note = fmt.Sprintf("email addresses in %s", g.share(st, st.emails))
		g.multi(c, st)
	case kMobile, kPhone:
		g.phone(c, i, mobileCol)
	case kFirst:
		g.name(c, st, "user.FirstName", "first names")
	case kLast:
		g.name(c, st, "user.LastName", "last names")
	case kFull:
		g.fullName(c, hasFirstLast)
	case kNick:
		g.nickname(c, st)
	case kCountry:
		g.country(c, st)
	case kZip:
		g.zip(c, st)
	case kBirth:
		g.birth(c, st)
	case kSalutation:
		g.salutation(c, st)
	case kJob:
		g.job(c, st)
	case kLanguage:
		g.language(c, st)
	case kConsent:
		c.Skip, c.Replace, c.Note = true, false, known.note // decided in consents
	case kSkipTime:
		c.Skip, c.Replace = true, false
		c.Note = known.note
		if sib := g.sibling(i); sib >= 0 {
			c.Note += fmt.Sprintf("; the column %q beside it decides", g.s.Header[sib])
			break
		}
		g.d.SkipRows = append(g.d.SkipRows, SkipRowGuess{Column: h, NotEmpty: true, Reason: known.reason,
			Note: fmt.Sprintf("set in %s", g.share(st, st.nonEmpty))})
	case kSkip:
		// A column of the old system's own (notes, tags, owner) goes to the tenant when it has
		// an attribute named like it: someone made a place for it there.
		if _, ok := g.tenantNamed(h); ok {
			g.tenantColumn(c, st)
			return
		}
		c.Skip, c.Replace = true, false
		c.Note = known.note
	default:
		g.unknown(c, st)
	}
}

// fullName splits a full-name column into first and last name, unless they have columns. Beside
// a first-name column alone, a column of single words is the last name (German forms write
// "Vorname; Name"); of full names there, a TODO asks which to keep.
func (g *guesser) fullName(c *ColumnGuess, hasFirstLast bool) {
	if hasFirstLast {
		*c = skipped(*c, "full names; the first and last names have columns of their own")
		return
	}
	i := g.index(c.Name)
	st := g.stats[i]
	if g.chosen[kFirst] >= 0 && g.chosen[kLast] < 0 {
		if spaced := g.count(i, func(v string) bool { return strings.ContainsRune(v, ' ') }); spaced*10 <= st.nonEmpty {
			g.name(c, st, "user.LastName", "last names (single words beside the first-name column)")
			return
		}
	}
	first, last := mapping.TargetKey("user.FirstName"), mapping.TargetKey("user.LastName")
	if g.taken[first] || g.taken[last] {
		*c = skipped(*c, fmt.Sprintf("full names in %s; first or last name is taken by another column", g.share(st, st.nonEmpty)))
		c.TODO = "map it with split (and skip the other name column) if it holds the whole name, or to the name it holds; as written its names are not sent"
		return
	}
	g.claim("user.FirstName")
	g.claim("user.LastName")
	c.Split = true
	c.Note = "full names: the last word becomes the last name (with van, von, de … before it)"
}

// zip maps postal codes, and asks about 4-digit codes in German rows: a spreadsheet took their
// leading 0 (Austrian and Swiss codes have four digits, so only the row's country tells). With
// lost_leading_zeros in the draft, the import writes the 0 back.
func (g *guesser) zip(c *ColumnGuess, st *columnStats) {
	g.attribute(c, "user.ZipCode", "postal codes")
	if c.Skip {
		return
	}
	short := g.shortZips(g.index(c.Name))
	switch {
	case short == 0:
	case g.d.LostZeros:
		c.Note += fmt.Sprintf("; %d in German rows have 4 digits, as when a spreadsheet drops the leading 0 (01067 becomes 1067): the 0 is written back (lost_leading_zeros)", short)
	default:
		c.TODO = fmt.Sprintf("%d in German rows have 4 digits, as when a spreadsheet drops the leading 0 (01067 becomes 1067): those rows fail (spreadsheet_zip); write the 0 back in the file", short)
	}
}

func skipped(c ColumnGuess, note string) ColumnGuess {
	c.Target, c.Transforms, c.Values, c.Split, c.Replace, c.Default = "", nil, nil, false, false, ""
	c.Skip, c.Note = true, note
	return c
}

// share says "n of m sampled rows".
func (g *guesser) share(st *columnStats, n int) string {
	return fmt.Sprintf("%d of %d sampled rows", n, st.cells)
}

func (g *guesser) name(c *ColumnGuess, st *columnStats, target, what string) {
	if !g.claim(target) {
		*c = skipped(*c, what+"; "+target+" is taken by another column")
		return
	}
	c.Target = target
	c.Note = fmt.Sprintf("%s in %s", what, g.share(st, st.nonEmpty))
	g.multi(c, st)
}

func (g *guesser) attribute(c *ColumnGuess, target, what string) {
	if !g.claim(target) {
		*c = skipped(*c, what+"; "+target+" is taken by another column")
		return
	}
	c.Target = target
	st := g.stats[g.index(c.Name)]
	c.Note = fmt.Sprintf("%s in %s", what, g.share(st, st.nonEmpty))
	if c.Replace {
		c.Note += fmt.Sprintf("; %d written with a leading ' (a spreadsheet's text marker), which is taken off", g.stats[g.index(c.Name)].quoted)
	}
}

func (g *guesser) index(name string) int {
	for i, h := range g.s.Header {
		if h == name {
			return i
		}
	}
	return -1
}
