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
	g.nationalToo(st, i)
	c.Note = seen + fmt.Sprintf(": %d with their country code, %d without", st.phones-st.noCodeN, st.noCodeN)
	if c.Replace {
		c.Note += fmt.Sprintf(", %d after a leading '", st.quoted)
	}
	g.multi(c, st)
	g.region(st)
	landlines, bad, twoWay := g.readSample(i)
	g.lostPhones(st, twoWay)
	if g.d.LostZeros && twoWay > 0 {
		c.Note += fmt.Sprintf("; %d of digits alone read both in the row's country and with + in front, as when a spreadsheet drops a leading 0: read in the row's country (lost_leading_zeros)", twoWay)
		bad -= twoWay
	}
	switch {
	case landlines > 0:
		c.TODO = fmt.Sprintf("%d of the sampled numbers cannot be mobiles (landlines): their rows fail as not_a_mobile_number; write skip if the column holds landlines", landlines)
	case g.kinds[i] == kPhone:
		c.Note += "; every one can be a mobile"
	}
	if st.scientific > 0 {
		// Not the identifier (there is an email column): the contacts are imported without
		// the numbers no one can restore.
		c.Omit = g.first(kEmail) >= 0
		c.TODO = strings.TrimPrefix(c.TODO+"; "+scientificTODO(st.scientific, c.Omit), "; ")
		bad -= st.scientific
	}
	if twoWay > 0 && !g.d.LostZeros {
		todo := fmt.Sprintf("%d of the sampled numbers are digits alone, valid both in the row's country and with + in front: their rows fail as ambiguous_phone; write lost_leading_zeros: true if a spreadsheet dropped their leading 0 (they are then read in the row's country), else write them with + and the country code", twoWay)
		c.TODO = strings.TrimPrefix(c.TODO+"; "+todo, "; ")
		bad -= twoWay
	}
	if bad > 0 && g.d.PhoneRegion != "TODO" {
		todo := fmt.Sprintf("%d of the sampled numbers cannot be read as written (their rows fail): check them in the report", bad)
		c.TODO = strings.TrimPrefix(c.TODO+"; "+todo, "; ")
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

// birth maps a column of dates of birth with the pattern they were written in. Dates without
// a year (Mailchimp's MM/DD birthdays) cannot be stored: skipped, with a TODO.
func (g *guesser) birth(c *ColumnGuess, st *columnStats) {
	const target = "user.DateOfBirth"
	p, ok := st.date.pattern(st)
	switch {
	case !ok && st.most(st.monthDay):
		*c = skipped(*c, fmt.Sprintf("birthdays without a year in %s", g.share(st, st.nonEmpty)))
		c.TODO = "user.DateOfBirth needs a year, so they are not imported; send them to a custom attribute ({to: user.CustomAttribute." + attrName(c.Name) + "}) if Engage should have them"
		return
	case !ok:
		*c = skipped(*c, "dates of birth in no single pattern")
		c.TODO = "write {to: " + target + ", transform: [\"date:DD.MM.YYYY\"]} with the pattern they are in, or leave it skipped (they are not imported)"
		return
	}
	if !g.claim(target) {
		*c = skipped(*c, "dates; "+target+" is taken by another column")
		return
	}
	c.Target, c.Transforms = target, []string{"date:" + p.pattern}
	c.Note = fmt.Sprintf("dates like %s in %s", p.pattern, g.share(st, st.date.n))
	if st.monthDay+st.zeroDates > 0 {
		c.ReplacePattern = noDate
		var none []string
		if st.monthDay > 0 {
			none = append(none, fmt.Sprintf("%d without a year", st.monthDay))
		}
		if st.zeroDates > 0 {
			none = append(none, fmt.Sprintf("%d of zeros", st.zeroDates))
		}
		c.Note += "; " + strings.Join(none, " and ") + " are no date of birth: left empty"
	}
	if p.ambiguous {
		c.TODO = "no day above 12 was seen, so day and month may be the other way round: check the pattern"
	}
	if p.withTime {
		g.d.Timezone = true
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

// boolean maps a column of yes/no words (unknown sees that every cell is one) to a custom
// attribute of its name.
func (g *guesser) boolean(c *ColumnGuess, st *columnStats) {
	target := "user.CustomAttribute." + attrName(c.Name)
	if !g.claim(target) {
		*c = skipped(*c, target+" is taken by another column")
		return
	}
	c.Target, c.Transforms = target, []string{"bool"}
	c.Note = fmt.Sprintf("yes/no values in %s, sent as true or false to a custom attribute", g.share(st, st.nonEmpty))
	if w := newWordSet(c.Name); w.contains(newsletterWords...) {
		c.TODO = "if this list is for mailing, leave out the rows that say no: skip_rows: [{column: " + yamlString(c.Name) + ", values: [no-words], reason: no newsletter}]; as written they are imported"
	}
}

// unknown handles a column no table knows: yes/no values become a bool custom attribute, a
// short list of labels a custom attribute with values to complete; anything else is left out
// with a TODO that says how many distinct values were seen.
func (g *guesser) unknown(c *ColumnGuess, st *columnStats) {
	if g.s.Tenant != nil {
		g.tenantColumn(c, st)
		return
	}
	if p, ok := st.date.pattern(st); ok {
		*c = skipped(*c, fmt.Sprintf("dates like %s in %s", p.pattern, g.share(st, st.nonEmpty)))
		c.TODO = fmt.Sprintf("not a column I know: send it with {to: user.CustomAttribute.%s, transform: [\"date:%s\"]}, or leave it skipped", attrName(c.Name), p.pattern)
		return
	}
	// Yes/no words are a fixed vocabulary, not personal data: two of them make a yes/no column
	// even when one was seen only once.
	if !st.many && st.all(st.bools) && len(st.order) >= 2 {
		g.boolean(c, st)
		return
	}
	labels, ok := st.labels()
	ok = ok && g.safeLabels(labels)
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
	*c = skipped(*c, fmt.Sprintf("not a column I know; %s in %s", st.distinctWords(), g.share(st, st.nonEmpty)))
	if len(st.distinct) == 1 && st.nonEmpty == st.cells {
		c.Note = fmt.Sprintf("the same value in all %d sampled rows: it tells no contact from another", st.cells)
		return
	}
	c.TODO = "send it with {to: user.CustomAttribute." + attrName(c.Name) + "} if Engage should have it"
}

// safeLabels reports whether labels may be written into a draft beyond the rule of
// columnStats.labels: none is a name seen in the list's name columns, none is written in a
// script without letter case (Japanese, Chinese, Korean, Arabic …: a name there cannot be told
// from a word, so nothing is copied), none is shaped like a date.
func (g *guesser) safeLabels(labels []string) bool {
	names := g.nameCells()
	for _, l := range labels {
		if names[strings.ToLower(l)] || dateValue.MatchString(l) || monthDayValue.MatchString(l) {
			return false
		}
		for _, r := range l {
			if unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsLower(r) {
				return false
			}
		}
	}
	return true
}

// nameCells are the sampled cells of the name columns, and each of their words, in lower case.
func (g *guesser) nameCells() map[string]bool {
	if g.names != nil {
		return g.names
	}
	g.names = map[string]bool{}
	for i, k := range g.kinds {
		if k != kFirst && k != kLast && k != kFull && k != kNick {
			continue
		}
		for _, rows := range [][][]string{g.s.Rows, g.s.Tail} {
			for _, r := range rows {
				v := strings.ToLower(cell(r, i))
				g.names[v] = true
				for _, w := range strings.Fields(v) {
					g.names[w] = true
				}
			}
		}
	}
	return g.names
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

// footer leaves out the rows without an identifier: they cannot be imported, and at the end
// of a file they are the lines a report tool writes under the data (Salesforce: totals,
// "Confidential Information", the copyright line).
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
	empty := g.stats[col].cells - g.stats[col].nonEmpty
	if empty == 0 || empty == len(rows) {
		return
	}
	r := SkipRowGuess{Column: g.d.IDColumn, Empty: true}
	switch {
	case n == empty:
		r.Reason = "no " + string(g.d.Identifier) + ": a footer under the data"
		r.Note = fmt.Sprintf("the last %d rows of the file have no %s", n, g.d.Identifier)
	default:
		r.Reason = "no " + string(g.d.Identifier) + ": nothing to match the contact by"
		r.Note = fmt.Sprintf("empty in %s", g.share(g.stats[col], empty))
	}
	g.d.SkipRows = append(g.d.SkipRows, r)
}

func cell(r []string, i int) string {
	if i < len(r) {
		return strings.TrimSpace(r[i])
	}
	return ""
}
