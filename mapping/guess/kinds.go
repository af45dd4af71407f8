package guess

import (
	"fmt"
	"strings"
	"unicode"

	"contactimport/mapping"
)

// phone maps the mobile column (named as one, or the only phone column) to mobile and decides
// the phone region; other phone columns are left out, since Engage keeps one mobile number.
func (g *guesser) phone(c *ColumnGuess, i, mobileCol int) {
	st := g.stats[i]
	seen := fmt.Sprintf("phone numbers in %s", g.share(st, st.phones))
	if g.kinds[i] == kPhone && (mobileCol >= 0 || g.phoneColumn() != i) || !g.claim("mobile") {
		*c = skipped(*c, seen+"; Engage keeps one mobile number, taken from another column")
		return
	}
	c.Target, c.Transforms = "mobile", []string{"phone"}
	c.Note = seen + fmt.Sprintf(": %d with + or 00, %d with a leading 0", st.plus, st.national)
	if c.Replace {
		c.Note += fmt.Sprintf(", %d after a leading '", st.quoted)
	}
	if g.kinds[i] == kPhone {
		c.TODO = "the column does not say these are mobiles: a landline fails its row (not_a_mobile_number); write skip if they are not"
	}
	switch country := g.first(kCountry); {
	case st.national == 0:
		g.d.RegionNote = "every phone number sampled has its country code"
	case country >= 0:
		g.d.PhoneRegion, g.d.RegionFrom = "column", g.s.Header[country]
		g.d.RegionNote = fmt.Sprintf("%d numbers without a country code: read in each row's country", st.national)
	default:
		g.d.PhoneRegion = "TODO"
		g.d.RegionNote = fmt.Sprintf("%d numbers without a country code and no country column: name the region they were written in (until then they fail their rows)", st.national)
	}
}

// phoneColumn is the phone column of no stated kind that becomes the mobile number when no
// column is named as a mobile: the person's own number before an address's (Shopify's Phone
// before its Default Address Phone).
func (g *guesser) phoneColumn() int {
	first := -1
	for i, k := range g.kinds {
		if k != kPhone {
			continue
		}
		key := headerKey(g.s.Header[i])
		if !strings.Contains(key, "address") && !strings.HasPrefix(key, "billing") && !strings.HasPrefix(key, "business") {
			return i
		}
		if first < 0 {
			first = i
		}
	}
	return first
}

func (g *guesser) country(c *ColumnGuess, st *columnStats) {
	if !g.claim("user.ISOCountryCode") {
		*c = skipped(*c, "countries; user.ISOCountryCode is taken by another column")
		return
	}
	c.Target, c.Transforms = "user.ISOCountryCode", []string{"country"}
	c.Note = fmt.Sprintf("countries in %s, as codes or names", g.share(st, st.nonEmpty))
}

// date maps a column of dates with the pattern they were written in.
func (g *guesser) date(c *ColumnGuess, st *columnStats, target string) {
	p, ok := st.date.pattern(st)
	if !ok {
		*c = skipped(*c, "dates in no single pattern")
		c.TODO = "write {to: " + target + ", transform: [\"date:DD.MM.YYYY\"]} with the pattern they are in, or leave it skipped"
		return
	}
	if !g.claim(target) {
		*c = skipped(*c, "dates; "+target+" is taken by another column")
		return
	}
	c.Target, c.Transforms = target, []string{"date:" + p.pattern}
	c.Note = fmt.Sprintf("dates like %s in %s", p.pattern, g.share(st, st.nonEmpty))
	if p.ambiguous {
		c.TODO = "no day above 12 was seen, so day and month may be the other way round: check the pattern"
	}
	if p.withTime {
		g.d.Timezone = true
	}
}

// titleCodes are Engage's user.Title codes for the salutations and genders people write.
var titleCodes = map[string]string{
	"herr": "1", "mr": "1", "mr.": "1", "m": "1", "m.": "1", "monsieur": "1", "male": "1",
	"männlich": "1", "maennlich": "1", "masculin": "1", "homme": "1", "man": "1", "sr.": "1",
	"frau": "2", "mrs": "2", "mrs.": "2", "ms": "2", "ms.": "2", "miss": "2", "mme": "2",
	"mme.": "2", "madame": "2", "mlle": "2", "female": "2", "weiblich": "2", "féminin": "2",
	"feminin": "2", "femme": "2", "woman": "2", "w": "2", "f": "2", "sra.": "2",
}

func (g *guesser) salutation(c *ColumnGuess, st *columnStats) {
	labels, ok := st.labels()
	if ok && !g.claim("user.Title") {
		*c = skipped(*c, "salutations or genders; user.Title is taken by another column")
		return
	}
	if !ok {
		*c = skipped(*c, fmt.Sprintf("salutations or genders in %s, not as a short list of words", g.share(st, st.nonEmpty)))
		c.TODO = `map them with {to: user.Title, values: {Herr: "1", Frau: "2"}, default: "-1"} or leave the column skipped`
		return
	}
	c.Target = "user.Title"
	var unknown int
	for _, l := range labels {
		code, known := titleCodes[strings.ToLower(l)]
		if !known {
			code = "-1"
			unknown++
		}
		c.Values = append(c.Values, [2]string{l, code})
	}
	c.Note = fmt.Sprintf("%d salutations or genders; Engage's codes: 1 Mr, 2 Ms, -1 unknown", len(labels))
	if unknown > 0 {
		c.TODO = fmt.Sprintf("%d of them are not a salutation I know and are sent as -1: check them", unknown)
	}
}

func (g *guesser) language(c *ColumnGuess, st *columnStats) {
	labels, ok := st.labels()
	two := ok
	for _, l := range labels {
		two = two && len(l) == 2
	}
	if !two || !g.claim("user.ISOLanguageCode") {
		*c = skipped(*c, "languages, not as two-letter codes")
		c.TODO = "map it with values to ISO 639-1 codes ({to: user.ISOLanguageCode, values: {Deutsch: de}}), or leave it skipped"
		return
	}
	c.Target, c.Transforms = "user.ISOLanguageCode", []string{"trim", "lower"}
	c.Note = fmt.Sprintf("two-letter language codes in %s", g.share(st, st.nonEmpty))
}

// boolean maps a yes/no column to a custom attribute of its name.
func (g *guesser) boolean(c *ColumnGuess, st *columnStats, why string) {
	if !st.all(st.bools) {
		*c = skipped(*c, why+"; values other than yes and no were seen")
		c.TODO = "map it with {to: user.CustomAttribute." + attrName(c.Name) + ", values: {…}} or leave it skipped"
		return
	}
	target := "user.CustomAttribute." + attrName(c.Name)
	if !g.claim(target) {
		*c = skipped(*c, why+"; "+target+" is taken by another column")
		return
	}
	c.Target, c.Transforms = target, []string{"bool"}
	if why != "" {
		why += "; "
	}
	c.Note = why + fmt.Sprintf("yes/no values in %s, sent as true or false to a custom attribute", g.share(st, st.nonEmpty))
}

// optOut leaves out the rows whose opt-out column says yes, and the column itself.
func (g *guesser) optOut(c *ColumnGuess, st *columnStats, k known) {
	*c = skipped(*c, k.note)
	var yes []string // yes/no words are a fixed vocabulary: they may be written as they are
	for _, l := range st.order {
		if yesNoWords[strings.ToLower(l)] {
			yes = append(yes, l)
		}
	}
	if st.many || !st.all(st.bools) {
		c.TODO = "values other than yes and no were seen: add a skip_rows condition for the ones that mean opted out"
		return
	}
	if len(yes) == 0 {
		c.Note += "; no row sampled says yes"
		return
	}
	n := 0
	for _, l := range yes {
		n += st.counts[l]
	}
	g.d.SkipRows = append(g.d.SkipRows, SkipRowGuess{Column: c.Name, Values: yes, Reason: k.reason,
		Note: fmt.Sprintf("yes in %s", g.share(st, n))})
}

// unknown handles a column no table knows: yes/no values become a bool custom attribute, a
// short list of labels a custom attribute with values to complete; anything else is left out
// with a TODO.
func (g *guesser) unknown(c *ColumnGuess, st *columnStats) {
	if p, ok := st.date.pattern(st); ok {
		*c = skipped(*c, fmt.Sprintf("dates like %s in %s", p.pattern, g.share(st, st.nonEmpty)))
		c.TODO = fmt.Sprintf("not a column I know: send it with {to: user.CustomAttribute.%s, transform: [\"date:%s\"]}, or leave it skipped", attrName(c.Name), p.pattern)
		return
	}
	// Yes/no words are a fixed vocabulary, not personal data: two of them make a yes/no column
	// even when one was seen only once.
	if !st.many && st.all(st.bools) && len(st.order) >= 2 {
		g.boolean(c, st, "")
		return
	}
	labels, ok := st.labels()
	target := "user.CustomAttribute." + attrName(c.Name)
	if ok && len(labels) >= 2 && g.claim(target) {
		c.Target = target
		for _, l := range labels {
			c.Values = append(c.Values, [2]string{l, l})
		}
		c.Note = fmt.Sprintf("%d distinct values in %s", len(labels), g.share(st, st.nonEmpty))
		c.TODO = "not a column I know: check the target and the value Engage should get for each label (a label not listed fails its row)"
		return
	}
	*c = skipped(*c, fmt.Sprintf("not a column I know; values in %s", g.share(st, st.nonEmpty)))
	c.TODO = "send it with {to: user.CustomAttribute." + attrName(c.Name) + "} if Engage should have it"
}

// attrName turns a header into a custom attribute name: its letters and digits, each word
// capitalised ("Accepts Email Marketing" → AcceptsEmailMarketing).
func attrName(h string) string {
	var b strings.Builder
	up := true
	for _, r := range h {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
		}
		b.WriteRune(r)
		up = false
	}
	if b.Len() == 0 {
		return "Column"
	}
	return b.String()
}

// identify picks the identifier: the email column, else the mobile one.
func (g *guesser) identify() {
	for _, c := range g.d.Columns {
		switch mapping.TargetIdentifier(c.Target) {
		case mapping.Email:
			g.d.Identifier, g.d.IDColumn = mapping.Email, c.Name
			return
		case mapping.Mobile:
			if g.d.Identifier == "" {
				g.d.Identifier, g.d.IDColumn = mapping.Mobile, c.Name
			}
		}
	}
}

// footer leaves out the rows at the end of the file that have no identifier: the lines a
// report tool writes under the data (Salesforce: totals, "Confidential Information", the
// copyright line).
func (g *guesser) footer() {
	col := g.index(g.d.IDColumn)
	if col < 0 {
		return
	}
	rows := append(g.s.Rows[:len(g.s.Rows):len(g.s.Rows)], g.s.Tail...)
	n := 0
	for n < len(rows) && cell(rows[len(rows)-1-n], col) == "" {
		n++
	}
	if n == 0 || n == len(rows) {
		return
	}
	g.d.SkipRows = append(g.d.SkipRows, SkipRowGuess{Column: g.d.IDColumn, Empty: true,
		Reason: "no " + string(g.d.Identifier) + ": a footer under the data",
		Note:   fmt.Sprintf("the last %d rows of the file have no %s", n, g.d.Identifier)})
}

func cell(r []string, i int) string {
	if i < len(r) {
		return strings.TrimSpace(r[i])
	}
	return ""
}
