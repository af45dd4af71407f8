package guess

import (
	"fmt"
	"slices"
	"strings"
)

// titleCodes are Engage's user.Title codes for the salutations and genders people write; ""
// for the words that say nothing (Outlook's Unspecified): such a cell sends nothing.
var titleCodes = map[string]string{
	"herr": "1", "mr": "1", "mr.": "1", "m": "1", "m.": "1", "monsieur": "1", "male": "1",
	"männlich": "1", "maennlich": "1", "masculin": "1", "homme": "1", "man": "1", "sr.": "1",
	"sr": "1", "señor": "1", "signor": "1", "sig.": "1", "dhr.": "1", "meneer": "1",
	"frau": "2", "mrs": "2", "mrs.": "2", "ms": "2", "ms.": "2", "miss": "2", "mme": "2",
	"mme.": "2", "madame": "2", "mlle": "2", "female": "2", "weiblich": "2", "féminin": "2",
	"feminin": "2", "femme": "2", "woman": "2", "w": "2", "f": "2", "sra.": "2", "sra": "2",
	"señora": "2", "signora": "2", "sig.ra": "2", "mevr.": "2", "mevrouw": "2",
	"unspecified": "", "unknown": "", "not specified": "", "keine angabe": "", "divers": "",
	"other": "", "n/a": "", "-": "", "dr.": "", "dr": "", "prof.": "", "prof": "", "prof. dr.": "",
}

// salutation maps a column of salutations or genders to user.Title with Engage's codes. The
// words are a fixed vocabulary, so they are written even when one was seen only once; a column
// with other words keeps the labels rule.
func (g *guesser) salutation(c *ColumnGuess, st *columnStats) {
	labels := st.order
	known := !st.many && len(labels) > 0
	for _, l := range labels {
		_, ok := titleCodes[strings.ToLower(l)]
		known = known && ok
	}
	if !known {
		var ok bool
		if labels, ok = st.labels(); !ok || !g.safeLabels(labels) {
			*c = skipped(*c, fmt.Sprintf("salutations or genders in %s, not as a short list of words", g.share(st, st.nonEmpty)))
			c.TODO = `map them with {to: user.Title, values: {Herr: "1", Frau: "2"}, default: "-1"} or leave the column skipped`
			return
		}
	}
	given := 0
	for _, l := range labels {
		if titleCodes[strings.ToLower(l)] != "" {
			given++
		}
	}
	if given == 0 && known {
		*c = skipped(*c, fmt.Sprintf("no salutation or gender given in %s (only words like Unspecified)", g.share(st, st.nonEmpty)))
		return
	}
	if !g.claim("user.Title") {
		*c = skipped(*c, "salutations or genders; user.Title is taken by another column")
		return
	}
	c.Target = "user.Title"
	var unknown int
	for _, l := range labels {
		code, ok := titleCodes[strings.ToLower(l)]
		if !ok {
			code = "-1"
			unknown++
		}
		c.Values = append(c.Values, [2]string{l, code})
	}
	c.Note = fmt.Sprintf("%d salutations or genders; Engage's codes: 1 Mr, 2 Ms, -1 unknown; a word that says nothing sends nothing", len(labels))
	if unknown > 0 {
		c.TODO = fmt.Sprintf("%d of them are not a salutation I know and are sent as -1: check them", unknown)
	}
}

// job sends a job title to a custom attribute: user.Title is Engage's salutation code.
func (g *guesser) job(c *ColumnGuess, st *columnStats) {
	target := "user.CustomAttribute.JobTitle"
	if !g.claim(target) {
		*c = skipped(*c, "job titles; "+target+" is taken by another column")
		return
	}
	c.Target = target
	c.Note = fmt.Sprintf("job titles in %s, to a custom attribute (user.Title is Engage's salutation code)", g.share(st, st.nonEmpty))
}

// nickname maps a nickname column to user.Nickname, which holds 20 characters.
func (g *guesser) nickname(c *ColumnGuess, st *columnStats) {
	if st.longest > 20 {
		*c = skipped(*c, fmt.Sprintf("nicknames, some longer than the 20 characters user.Nickname holds (up to %d)", st.longest))
		c.TODO = "send them to a custom attribute ({to: user.CustomAttribute." + attrName(c.Name) + "}) if Engage should have them"
		return
	}
	g.name(c, st, "user.Nickname", "nicknames")
}

// multi reads a column with multi-value cells (Google's " ::: ") as their first value.
func (g *guesser) multi(c *ColumnGuess, st *columnStats) {
	// A values list matches whole cells, and a split name is one: those stay as they are.
	if st.multi == 0 || c.Skip || c.Split || len(c.Values) > 0 || slices.Contains(c.Transforms, "first:"+multiSep) {
		return
	}
	c.Transforms = append([]string{"first:" + multiSep}, c.Transforms...)
	c.Note += fmt.Sprintf("; %d cells hold several values separated by %q: the first is taken", st.multi, strings.TrimSpace(multiSep))
}
