package guess

import (
	"fmt"
	"strings"

	"contactimport/mapping"
)

// Sample is what `contactimport init` read of a list: the header, the first rows, and the last
// rows of the file when it is longer than the first ones (report footers are at the end).
type Sample struct {
	Header []string
	Rows   [][]string // the first data rows (up to about 1,000)
	Tail   [][]string // the last data rows after Rows, if any (up to about 20)
	Total  int        // data rows in the file
	// How the reader read the file, for the draft's heading; Sheet for an XLSX workbook.
	File, Encoding, Delimiter, Sheet string
}

// Draft is a guessed mapping file. Render writes it as YAML with a comment on every line that
// says what was seen, in words and counts; cell values appear only as enumeration labels (see
// columnStats.labels).
type Draft struct {
	System      string // e.g. "a Mailchimp audience export", or ""
	Identifier  mapping.Identifier
	IDColumn    string // the identifier's column, or ""
	PhoneRegion string // "column" when taken from a country column, "TODO" when unknown, "" when not needed
	RegionFrom  string // the country column for PhoneRegion "column"
	RegionNote  string
	Timezone    bool // a mapped column has times of day: timezone needs saying
	SkipRows    []SkipRowGuess
	Columns     []ColumnGuess
	sample      Sample
}

// ColumnGuess is one guessed entry under `columns:`.
type ColumnGuess struct {
	Name       string
	Target     string // "" with Skip or Split
	Skip       bool
	Split      bool // split into user.FirstName and user.LastName
	Transforms []string
	Values     [][2]string // label → value sent, in the order seen
	Replace    bool        // strip a leading ' (replace: {pattern: "^'", with: ""})
	Note       string      // what was seen
	TODO       string      // what the person must decide, or ""
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
	g.footer()
	return d
}

type guesser struct {
	d     *Draft
	s     Sample
	stats []*columnStats
	kinds []kind
	taken map[string]bool // targets already given to a column
}

// classify decides every column's kind, from its name first, then from its values.
func (g *guesser) classify() {
	g.kinds = make([]kind, len(g.s.Header))
	for i, h := range g.s.Header {
		st := g.stats[i]
		k, ok := knownHeaders[headerKey(h)]
		switch {
		case len(h) > 5 && strings.EqualFold(h[:5], "user."):
			g.kinds[i] = kMapp
		case ok:
			g.kinds[i] = k.kind
		case st.most(st.emails):
			g.kinds[i] = kEmail
		case st.most(st.phones) && st.plus+st.national > 0 && st.most(st.plus+st.national):
			g.kinds[i] = kPhone
		}
	}
	hasFirstLast := g.has(kFirst) && g.has(kLast)
	mobileCol := g.first(kMobile)
	for i, h := range g.s.Header {
		g.d.Columns = append(g.d.Columns, g.column(i, h, hasFirstLast, mobileCol))
	}
}

func (g *guesser) has(k kind) bool { return g.first(k) >= 0 }

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
	known := knownHeaders[headerKey(h)]
	switch g.kinds[i] {
	case kMapp:
		c.Target = h
		c.Note = "Mapp's own column name"
		if !g.claim(h) {
			return skipped(c, "a second column for "+h)
		}
	case kEmail:
		if !g.claim("email") {
			return skipped(c, "a second email column")
		}
		c.Target, c.Transforms = "email", []string{"trim", "lower"}
		c.Note = fmt.Sprintf("email addresses in %s", g.share(st, st.emails))
	case kMobile, kPhone:
		g.phone(&c, i, mobileCol)
	case kFirst:
		g.name(&c, "user.FirstName", "first names")
	case kLast:
		g.name(&c, "user.LastName", "last names")
	case kFull:
		if hasFirstLast {
			return skipped(c, "full names; the first and last names have columns of their own")
		}
		if !g.claim("user.FirstName") || !g.claim("user.LastName") {
			return skipped(c, "full names; first or last name is taken by another column")
		}
		c.Split = true
		c.Note = "full names: the last word becomes the last name (with van, von, de … before it)"
	case kCountry:
		g.country(&c, st)
	case kZip:
		g.attribute(&c, "user.ZipCode", "postal codes")
	case kBirth:
		g.date(&c, st, "user.DateOfBirth")
	case kSalutation:
		g.salutation(&c, st)
	case kLanguage:
		g.language(&c, st)
	case kBool:
		g.boolean(&c, st, known.note)
	case kOptOut:
		g.optOut(&c, st, known)
	case kSkipTime:
		c.Skip, c.Replace = true, false
		c.Note = known.note
		g.d.SkipRows = append(g.d.SkipRows, SkipRowGuess{Column: h, NotEmpty: true, Reason: known.reason,
			Note: fmt.Sprintf("set in %s", g.share(st, st.nonEmpty))})
	case kSkip:
		c.Skip, c.Replace = true, false
		c.Note = known.note
	default:
		g.unknown(&c, st)
	}
	return c
}

func skipped(c ColumnGuess, note string) ColumnGuess {
	c.Target, c.Transforms, c.Values, c.Split, c.Replace = "", nil, nil, false, false
	c.Skip, c.Note = true, note
	return c
}

// share says "n of m sampled rows".
func (g *guesser) share(st *columnStats, n int) string {
	return fmt.Sprintf("%d of %d sampled rows", n, st.cells)
}

func (g *guesser) name(c *ColumnGuess, target, what string) {
	if !g.claim(target) {
		*c = skipped(*c, what+"; "+target+" is taken by another column")
		return
	}
	c.Target = target
	c.Note = what
}

func (g *guesser) attribute(c *ColumnGuess, target, what string) {
	if !g.claim(target) {
		*c = skipped(*c, what+"; "+target+" is taken by another column")
		return
	}
	c.Target = target
	c.Note = what
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
