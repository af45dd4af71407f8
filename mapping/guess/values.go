package guess

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"contactimport/mapping"

	"contactimport/mapping/phone"
)

// multiSep separates the values of a multi-value cell in a Google Contacts export.
const multiSep = " ::: "

// monthDayValue matches a date without a year: 07/14, 14.07., --07-14 (vCard), 07-14.
var monthDayValue = regexp.MustCompile(`^(?:--)?\d{1,2}[./-]\d{1,2}\.?$`)

// scientificValue matches a number a spreadsheet wrote in scientific notation, with a decimal
// point or comma: 4,91512E+12, 4.47701E+11.
var scientificValue = regexp.MustCompile(`^\d[.,]\d+E\+\d+$`)

// zeroDate matches a date of zeros, which Outlook writes for no date (0/0/00).
var zeroDate = regexp.MustCompile(`^0{1,2}([./-])0{1,2}[./-]0{2,4}$`)

// noDate is the replace pattern that empties the cells of a date column that hold no date of
// birth: month and day only, or zeros.
const noDate = `^(--)?\d{1,2}[./-]\d{1,2}\.?$|^0{1,2}[./-]0{1,2}[./-]0{2,4}$`

// countryCell reads a cell as a country when it is written in letters: codes and names, never
// the numeric codes (a column of small numbers is not a list of countries).
func countryCell(v string) (string, bool) {
	for _, r := range v {
		if unicode.IsDigit(r) {
			return "", false
		}
	}
	return mapping.Country(v)
}

// maxLabels is the most distinct values a column may have for its values to be enumeration
// labels (copied into a draft's `values`, or a skip_rows condition).
const maxLabels = 10

// columnStats is what the guesser saw in one column of the sample: counts and shapes only. The
// cells themselves are kept only while a column may still be an enumeration (at most maxLabels
// distinct values, each a short label), and are written out only under the enumeration rule
// (see labels).
type columnStats struct {
	cells    int // sampled rows
	nonEmpty int
	emails   int
	phones   int // cells shaped like a phone number
	plus     int // phone-shaped cells written with + or 00
	national int // phone-shaped cells written with a single leading 0
	// bareDigits counts phone-shaped cells of digits only, without a leading 0 and not valid
	// with a + in front: numbers of a list (customer numbers), not phone numbers.
	bareDigits int
	quoted     int // cells with a leading ' before a digit or +
	bools      int // cells of the bool vocabulary
	// countries counts cells that name a country in letters (a code or a name), country the
	// cells of each country code.
	countries  int
	country    map[string]int
	monthDay   int         // cells with a month and a day but no year (07/14, --07-14)
	zeroDates  int         // cells that are a date of zeros (Outlook's 0/0/00 for no date)
	digitLen   map[int]int // cells of digits only, by their length (zip codes that lost a 0)
	scientific int         // numbers a spreadsheet wrote in scientific notation (4,91512E+12)
	titles     int         // salutations and genders (Mr., Frau, male, Unspecified)
	// titlesGiven counts the salutations that say something (not Unspecified), codeRegions
	// the regions of the numbers written with their country code.
	titlesGiven int
	codeRegions map[string]int
	multi       int // cells with several values (Google's " ::: ")
	longest     int // the longest cell, in characters
	// distinct holds a hash of each distinct value, up to maxDistinct, to say how many there
	// are; the values themselves are not kept.
	distinct map[uint64]struct{}
	// noCode holds the phone-shaped cells written without a country code (up to maxNoCode),
	// and noCodeRows the sampled row of each, to read them in a region; noCodeN counts them all.
	noCode     []string
	noCodeRows []int
	noCodeN    int
	// counts of distinct values (trimmed), while there are at most maxLabels of them; nil after
	many   bool
	counts map[string]int
	order  []string // distinct values in the order first seen
	date   dateShape
}

func newColumnStats() *columnStats {
	return &columnStats{counts: map[string]int{}, country: map[string]int{}, distinct: map[uint64]struct{}{}, codeRegions: map[string]int{}, digitLen: map[int]int{}, date: dateShape{ok: true}}
}

// maxDistinct is how many distinct values a column counts before it says "more than".
const maxDistinct = 2000

// distinctWords says how many distinct values the column has, in words.
func (s *columnStats) distinctWords() string {
	if len(s.distinct) >= maxDistinct {
		return fmt.Sprintf("more than %d distinct values", maxDistinct)
	}
	return fmt.Sprintf("%d distinct values", len(s.distinct))
}

// maxNoCode is how many numbers without a country code a column keeps to find their region.
const maxNoCode = 400

var emailShape = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// add counts one cell.
func (s *columnStats) add(cell string) {
	s.cells++
	v := strings.TrimSpace(cell)
	if v == "" {
		return
	}
	s.nonEmpty++
	whole := v // labels are whole cells: a multi-value cell is one label
	if first, _, ok := strings.Cut(v, multiSep); ok {
		s.multi++
		v = strings.TrimSpace(first)
	}
	s.longest = max(s.longest, utf8.RuneCountInString(v))
	if len(s.distinct) < maxDistinct {
		h := fnv.New64a()
		h.Write([]byte(whole))
		s.distinct[h.Sum64()] = struct{}{}
	}
	if emailShape.MatchString(v) {
		s.emails++
	}
	if strings.HasPrefix(v, "'") && len(v) > 1 && (v[1] == '+' || v[1] >= '0' && v[1] <= '9') {
		s.quoted++
		v = v[1:]
	}
	if phoneShaped(v) {
		s.addPhone(v)
	}
	s.addWords(v)
	s.addLabel(whole)
}

// addPhone counts a phone-shaped cell: with or without its country code, and keeps those
// without one to find their region.
func (s *columnStats) addPhone(v string) {
	s.phones++
	switch {
	case strings.HasPrefix(v, "+") || strings.HasPrefix(v, "00"):
		s.plus++
	case strings.HasPrefix(v, "0"):
		s.national++
	}
	if hasCountryCode(v) {
		if n, err := phone.Read(v, phone.Region{}, phone.AnyLine); err == nil && len(s.codeRegions) < 50 {
			s.codeRegions[n.Region()]++
		}
		return
	}
	if strings.Trim(v, "0123456789") == "" && !strings.HasPrefix(v, "0") {
		s.bareDigits++
	}
	if s.noCodeN++; len(s.noCode) < maxNoCode {
		s.noCode = append(s.noCode, v)
		s.noCodeRows = append(s.noCodeRows, s.cells-1)
	}
}

// addWords counts what a cell is as a word or a number: a country, a salutation, a yes/no, a
// date, a spreadsheet's number.
func (s *columnStats) addWords(v string) {
	if code, ok := countryCell(v); ok {
		s.countries++
		s.country[code]++
	}
	if code, ok := titleCodes[strings.ToLower(v)]; ok {
		s.titles++
		if code != "" {
			s.titlesGiven++
		}
	}
	if yesNoWord(v) {
		s.bools++
	}
	if scientificValue.MatchString(v) {
		s.scientific++
	}
	if len(v) < 12 && strings.Trim(v, "0123456789") == "" {
		s.digitLen[len(v)]++
	}
	switch {
	case zeroDate.MatchString(v):
		s.zeroDates++ // Outlook's 0/0/00: no date
	case monthDayValue.MatchString(v):
		s.monthDay++
	default:
		s.date.add(v)
	}
}

// addLabel keeps the cell as a possible label while the column has at most maxLabels of them.
func (s *columnStats) addLabel(v string) {
	if s.many {
		return
	}
	if _, seen := s.counts[v]; !seen {
		if len(s.counts) == maxLabels || len(v) > 40 {
			s.many, s.counts, s.order = true, nil, nil
			return
		}
		s.order = append(s.order, v)
	}
	s.counts[v]++
}

// all reports whether n counts every non-empty cell (and there is at least one).
func (s *columnStats) all(n int) bool { return s.nonEmpty > 0 && n == s.nonEmpty }

// most reports whether n counts at least 9 in 10 non-empty cells.
func (s *columnStats) most(n int) bool { return s.nonEmpty > 0 && n*10 >= s.nonEmpty*9 }

// labels returns the column's distinct values when they may be written into a draft: at most
// maxLabels of them, each seen at least twice (a value only one row has may identify that
// person), each short (at most maxLabelLen characters and three words: a label, not a note),
// none shaped like an email address or a phone number, or holding a run of 5 digits.
// Callers also never ask for the labels of identifier, name, phone or date columns.
func (s *columnStats) labels() ([]string, bool) {
	if s.many || len(s.order) == 0 {
		return nil, false
	}
	for _, v := range s.order {
		if s.counts[v] < 2 || len([]rune(v)) > maxLabelLen || strings.Count(v, " ") > 2 ||
			strings.Contains(v, "@") || phoneShaped(v) || longDigits.MatchString(v) {
			return nil, false
		}
	}
	return s.order, true
}

var longDigits = regexp.MustCompile(`\d{5}`)

// maxLabelLen is the longest label copied: enumerations are words, not sentences.
const maxLabelLen = 25

// phoneShaped reports whether v looks like a phone number as people write them: digits with
// spaces, dashes, dots, slashes or parentheses, an optional leading +, and 6 to 15 digits. Dates
// are not phone numbers.
func phoneShaped(v string) bool {
	digits := 0
	for i, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '/' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 15 && !dateValue.MatchString(v)
}

// yesNoWords are the cells the bool transform reads (mapping-syntax: yes/no/true/false/1/0/y/n/
// ja/nein/oui/non/si/sì and x).
var yesNoWords = map[string]bool{
	"yes": true, "no": false, "true": true, "false": false, "1": true, "0": false, "y": true,
	"n": false, "ja": true, "nein": false, "oui": true, "non": false, "si": true, "sì": true, "x": true,
}

func yesNoWord(v string) bool {
	_, ok := yesNoWords[strings.ToLower(v)]
	return ok
}

// dateValue matches the dates people write: three numbers with one separator (. / -), the
// year four digits first or last, or two digits last; then maybe a time of day.
var dateValue = regexp.MustCompile(`^(\d{1,4})([./-])(\d{1,2})([./-])(\d{1,4})(?: (\d{1,2}):(\d{2})(:\d{2})?)?$`)

// dateShape collects the shape of a column's dates: which part is the year, which separator,
// how wide each part is written, the largest value seen in each, and whether times appear.
type dateShape struct {
	ok        bool // every non-empty cell so far is a date of one shape
	n         int  // dates seen
	sep       byte
	yearFirst bool
	yearWidth int    // 4, or 2 (year last only)
	max       [2]int // largest value of the two non-year parts, in written order
	narrow    [2]bool
	timeSeen  int // dates with a time of day
	seconds   bool
	narrowH   bool
}

func (d *dateShape) add(v string) {
	if !d.ok {
		return
	}
	m := dateValue.FindStringSubmatch(v)
	if m == nil || m[2] != m[4] {
		d.ok = false
		return
	}
	a, b, c := m[1], m[3], m[5]
	yearFirst := len(a) == 4
	var year string
	var parts [2]string
	switch {
	case yearFirst && len(c) <= 2:
		year, parts = a, [2]string{b, c}
	case len(a) <= 2 && (len(c) == 4 || len(c) == 2):
		year, parts = c, [2]string{a, b}
	default:
		d.ok = false
		return
	}
	if d.n == 0 {
		d.sep, d.yearFirst, d.yearWidth = m[2][0], yearFirst, len(year)
	} else if d.sep != m[2][0] || d.yearFirst != yearFirst || d.yearWidth != len(year) {
		d.ok = false
		return
	}
	for i, p := range parts {
		n, _ := strconv.Atoi(p)
		if n == 0 || n > 31 {
			d.ok = false
			return
		}
		d.max[i] = max(d.max[i], n)
		d.narrow[i] = d.narrow[i] || len(p) == 1
	}
	if m[6] != "" {
		d.timeSeen++
		d.seconds = d.seconds || m[8] != ""
		d.narrowH = d.narrowH || len(m[6]) == 1
	}
	d.n++
}

// datePattern is a guessed `date:` pattern and what is uncertain about it.
type datePattern struct {
	pattern   string
	ambiguous bool // no day above 12 was seen: day and month could be either way round
	withTime  bool
}

// pattern returns the date pattern of a column whose every non-empty cell is a date.
func (d *dateShape) pattern(s *columnStats) (datePattern, bool) {
	if !d.ok || d.n == 0 || d.n+s.monthDay+s.zeroDates != s.nonEmpty || (d.timeSeen != 0 && d.timeSeen != d.n) {
		return datePattern{}, false
	}
	tok := func(i int, name string) string {
		if d.narrow[i] {
			return name[:1]
		}
		return name
	}
	year := "YYYY"
	if d.yearWidth == 2 {
		year = "YY"
	}
	sep := string(d.sep)
	var p datePattern
	switch {
	case d.yearFirst:
		// Nobody writes year, day, month: ISO order.
		if d.max[0] > 12 {
			return datePattern{}, false
		}
		p.pattern = year + sep + tok(0, "MM") + sep + tok(1, "DD")
	case d.max[0] > 12 && d.max[1] > 12:
		return datePattern{}, false
	case d.max[0] > 12:
		p.pattern = tok(0, "DD") + sep + tok(1, "MM") + sep + year
	case d.max[1] > 12:
		p.pattern = tok(0, "MM") + sep + tok(1, "DD") + sep + year
	default:
		// Every day seen is at most 12. A slash is the American habit, dots and dashes the
		// European one; the draft says it is a guess.
		p.ambiguous = true
		if d.sep == '/' {
			p.pattern = tok(0, "MM") + sep + tok(1, "DD") + sep + year
		} else {
			p.pattern = tok(0, "DD") + sep + tok(1, "MM") + sep + year
		}
	}
	if d.timeSeen > 0 {
		p.withTime = true
		h := "HH"
		if d.narrowH {
			h = "H"
		}
		p.pattern += " " + h + ":mm"
		if d.seconds {
			p.pattern += ":ss"
		}
	}
	return p, true
}
