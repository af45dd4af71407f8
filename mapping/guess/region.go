package guess

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"contactimport/mapping"
	"contactimport/mapping/phone"

	"github.com/nyaruka/phonenumbers"
)

// hasCountryCode reports whether a phone-shaped cell carries its country code: written with +
// or 00, or as bare digits that are a valid number with a + in front (Brevo's 4917012345678).
// 917.555.0180 and (646) 555-0124 carry none, however many digits they have.
func hasCountryCode(v string) bool {
	if strings.HasPrefix(v, "+") || strings.HasPrefix(v, "00") {
		return true
	}
	if strings.HasPrefix(v, "0") || strings.Trim(v, "0123456789") != "" {
		return false
	}
	_, err := phone.Read("+"+v, phone.Region{}, phone.AnyLine)
	return err == nil
}

// validIn reports whether a number written without a country code is read as a number of
// region when the row's region is region, as the import reads it.
func validIn(v, region string) bool {
	// Where national numbers start with a trunk 0 (DE, GB, FR, JP …), a number without it was
	// not written there, even when its digits happen to fit the plan.
	if phonenumbers.GetNddPrefixForRegion(region, true) == "0" && !strings.HasPrefix(strings.TrimLeft(v, "( "), "0") {
		return false
	}
	n, err := phone.Read(v, phone.Region{Code: region}, phone.AnyLine)
	return err == nil && n.Region() == region
}

// phoneCell is sampled cell v as the mobile column reads it: without the ' a spreadsheet
// put before it, the first of several values.
func phoneCell(v string) string {
	v = strings.TrimPrefix(v, "'")
	if first, _, ok := strings.Cut(v, multiSep); ok {
		v = strings.TrimSpace(first)
	}
	return v
}

// nationalToo counts among the numbers without a country code (noCode) the numbers of digits
// alone that hasCountryCode took for carrying one but that the row's country reads otherwise:
// 15123456703, what a spreadsheet leaves of a German 0151 23456703, is +1 512 345 6703
// without a region, so a list with a country column that says Germany needs phone_region.
// Without a country column such numbers carry their code (Brevo's 4917012345678), and so
// does one that reads the same in its row's country (its national reading is no valid
// number, or it is the same number).
func (g *guesser) nationalToo(st *columnStats, i int) {
	country := g.chosen[kCountry]
	if country < 0 {
		return
	}
	for r := range len(g.s.Rows) + len(g.s.Tail) {
		v := phoneCell(g.sampleCell(r, i))
		if v == "" || strings.HasPrefix(v, "0") || strings.Trim(v, "0123456789") != "" || !hasCountryCode(v) {
			continue
		}
		region, ok := mapping.Country(g.sampleCell(r, country))
		if !ok || sameReading(v, region) {
			continue
		}
		if inter, err := phone.Read(v, phone.Region{}, phone.AnyLine); err == nil {
			if st.codeRegions[inter.Region()]--; st.codeRegions[inter.Region()] <= 0 {
				delete(st.codeRegions, inter.Region())
			}
		}
		if st.noCodeN++; len(st.noCode) < maxNoCode {
			st.noCode = append(st.noCode, v)
			st.noCodeRows = append(st.noCodeRows, r)
		}
	}
}

// sameReading reports whether a mobile number of digits alone is read the same in region as
// without a region, as the import reads it: then phone_region makes no difference to it.
func sameReading(v, region string) bool {
	a, errA := phone.Read(v, phone.Region{}, phone.Mobile)
	b, errB := phone.Read(v, phone.Region{Code: region}, phone.Mobile)
	if errA != nil || errB != nil {
		return errA != nil && errB != nil && errA.Code == errB.Code
	}
	return a.E164() == b.E164()
}

// readSample reads the sampled numbers of column i as the draft's phone_region makes the
// import read them, for the mobile field: how many cannot be mobiles (landlines), how many
// cannot be read at all (their rows fail), and how many of those are digits alone that read
// both ways, which lost_leading_zeros reads in the row's region.
func (g *guesser) readSample(i int) (landlines, bad, twoWay int) {
	country := g.index(g.d.RegionFrom)
	n := len(g.s.Rows) + len(g.s.Tail)
	for r := range n {
		v := phoneCell(g.sampleCell(r, i))
		if v == "" {
			continue
		}
		region := g.d.RegionGuess // written as phone_region with PhoneRegion "guess"
		if g.d.PhoneRegion != "guess" {
			region = ""
		}
		if g.d.PhoneRegion == "column" {
			c := g.sampleCell(r, country)
			if or := g.index(g.d.RegionOr); c == "" && or >= 0 {
				c = g.sampleCell(r, or)
			}
			if code, ok := mapping.Country(c); ok {
				region = code
			} else if c == "" {
				region = g.d.RegionDefault
			}
		}
		_, err := phone.Read(v, phone.Region{Code: region}, phone.Mobile)
		switch {
		case err == nil:
		case err.Code == phone.CodeNotMobile:
			landlines++
		default:
			bad++
			if n, err := phone.Read(v, phone.Region{Code: region, LostZeros: true}, phone.Mobile); err == nil && n.Restored() {
				twoWay++
			}
		}
	}
	return landlines, bad, twoWay
}

// commonRegions are tried for numbers without a country code when the list says nothing
// better: the regions whose lists people bring most.
var commonRegions = []string{"US", "GB", "DE", "FR", "CA", "AT", "CH", "NL", "IT", "ES", "AU"}

// region decides phone_region for the numbers of the mobile column st: not needed when every
// sampled number has its country code; else the row's country column; else a TODO naming the
// region most of the numbers are valid in.
func (g *guesser) region(st *columnStats) {
	if st.noCodeN == 0 {
		g.d.RegionNote = "every phone number sampled has its country code"
		return
	}
	country := g.chosen[kCountry]
	if country < 0 {
		best, n := g.likeliestRegion(st, st.noCode)
		g.d.PhoneRegion = "TODO"
		g.d.RegionGuess = best
		g.d.RegionNote = fmt.Sprintf("%d numbers without a country code and no country column", st.noCodeN)
		codes := byCount(st.codeRegions)
		if best != "" && n == len(st.noCode) && (len(codes) == 0 || codes[0] == best) {
			// Every national number is valid there, and the numbers written with a country
			// code are mostly of that region too: they are read there, and the draft asks.
			g.d.PhoneRegion = "guess"
			g.d.RegionNote += fmt.Sprintf("; all %d sampled are valid numbers of %s", n, best)
			if len(codes) > 0 {
				g.d.RegionNote += fmt.Sprintf(", the country of %d of the %d numbers written with a country code", st.codeRegions[best], st.phones-st.noCodeN)
			}
			g.d.RegionNote += fmt.Sprintf(": read as %s; change it if they were written elsewhere", best)
			return
		}
		if best != "" {
			g.d.RegionNote += fmt.Sprintf("; %d of the %d sampled are valid numbers of %s, more than of any other region", n, len(st.noCode), best)
		}
		g.d.RegionNote += ": name the region they were written in (until then they fail their rows)"
		return
	}
	g.d.PhoneRegion, g.d.RegionFrom = "column", g.s.Header[country]
	g.d.RegionNote = fmt.Sprintf("%d numbers without a country code: read in each row's country", st.noCodeN)
	orphans := g.orphans(st, country, -1)
	if len(orphans) == 0 {
		return
	}
	// Another country column (Outlook's Business beside Home) may fill the empty ones.
	or, orN := -1, len(orphans)
	for i, k := range g.kinds {
		if k == kCountry && i != country {
			if n := len(g.orphans(st, country, i)); n < orN {
				or, orN = i, n
			}
		}
	}
	if or >= 0 {
		g.d.RegionOr = g.s.Header[or]
		g.d.RegionNote += fmt.Sprintf("; %d in rows without one: in the country of %q", len(orphans)-orN, g.d.RegionOr)
		if orphans = g.orphans(st, country, or); len(orphans) == 0 {
			return
		}
	}
	best, n := g.likeliestRegion(st, orphans)
	switch {
	case best == "":
		g.d.RegionTODO = fmt.Sprintf("%d of them are in rows without a country and valid in no region tried: they fail their rows unless you add default: <region>", len(orphans))
	case n == len(orphans):
		g.d.RegionDefault = best
		g.d.RegionNote += fmt.Sprintf("; %d in rows without any, all valid numbers of %s, the list's most frequent country: read in %s", len(orphans), best, best)
	default:
		g.d.RegionDefault = best
		g.d.RegionTODO = fmt.Sprintf("%d in rows without a country, %d of them valid numbers of %s: they are read in %s; the others fail their rows", len(orphans), n, best, best)
	}
}

// orphans are the sampled numbers without a country code in rows whose country column (and
// its or column, if ≥ 0) is empty.
func (g *guesser) orphans(st *columnStats, country, or int) []string {
	var out []string
	for i, v := range st.noCode {
		r := st.noCodeRows[i]
		if g.sampleCell(r, country) == "" && (or < 0 || g.sampleCell(r, or) == "") {
			out = append(out, v)
		}
	}
	return out
}

// likeliestRegion returns the region in which most of nums are valid, trying the list's own
// countries first (its country column, its numbers with a country code), then commonRegions.
func (g *guesser) likeliestRegion(st *columnStats, nums []string) (string, int) {
	var tried []string
	add := func(r string) {
		if r != "" && !slices.Contains(tried, r) && len(tried) < 12 {
			tried = append(tried, r)
		}
	}
	if c := g.chosen[kCountry]; c >= 0 {
		for _, r := range byCount(g.stats[c].country) {
			add(r)
		}
	}
	for _, r := range byCount(st.codeRegions) {
		add(r)
	}
	for _, r := range commonRegions {
		add(r)
	}
	// Some regions' numbering plans take almost any digits (DE): the list's own countries,
	// most frequent first, win when most of the numbers are valid there.
	best, bestN := "", 0
	for _, r := range tried {
		n := 0
		for _, v := range nums {
			if validIn(v, r) {
				n++
			}
		}
		if n*2 > len(nums) {
			return r, n
		}
		if n > bestN {
			best, bestN = r, n
		}
	}
	return best, bestN
}

// byCount returns the keys of counts, the most frequent first (ties in key order).
func byCount(counts map[string]int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(counts[b]-counts[a], strings.Compare(a, b))
	})
	return keys
}

// sampleCell is the trimmed cell of sampled row r (Rows, then Tail) in column i.
func (g *guesser) sampleCell(r, i int) string {
	if r < len(g.s.Rows) {
		return cell(g.s.Rows[r], i)
	}
	if r -= len(g.s.Rows); r < len(g.s.Tail) {
		return cell(g.s.Tail[r], i)
	}
	return ""
}
