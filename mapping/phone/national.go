package phone

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// nationalFormat reports whether v, a number without "+" whose national reading nat (for
// region) and "+" reading inter are both valid and differ, is written the way the region
// writes its own numbers, so that nobody would mean the "+" reading: (646) 555-0124 in a US
// row is a New York number, not +64 6555 0124 in New Zealand. The rule comes from the
// region's metadata in libphonenumber, not from a list of countries. The cell is national
// when
//   - it starts with the region's national (trunk) prefix, which the national reading took
//     off: 0 in most of Europe, 8 in Russia (8 495 123-45-67);
//   - its first group of digits stands in parentheses and is the first group the region's
//     national format gives the number (its area code): (646) 555-0124, (55) 1234 5678;
//   - it has two groups of digits or more, split exactly as the region's national format
//     splits the number, with the trunk prefix or without it: 646-555-0124, 604.555.0153,
//     646 555 0124, 8 (495) 123-45-67;
//
// unless its groups are also exactly the "+" reading written internationally, its calling code
// first (49 151 23456780 in a DE row). A cell of digits alone is never national by this rule:
// it may be a number a spreadsheet took off its "+".
func nationalFormat(v, digits string, nat, inter Number, region string) bool {
	m := metadata().meta(0, region)
	if m == nil || nat.cc != int(m.md.GetCountryCode()) {
		return false
	}
	if intlLook(v, inter) {
		return false
	}
	if p, stripped := m.stripPrefix(digits); stripped && p == nat.nsn {
		return true
	}
	if digits != nat.nsn {
		return false
	}
	f := formatsOf(nat.cc).choose(false, nat.nsn)
	if f == nil {
		return false
	}
	loc := f.groups(nat.nsn)
	plain := f.render(f.plain, nat.nsn, loc)
	if parenFirst(v, plain) || sameRuns(v, plain) {
		return true
	}
	if f.withPrefix != "" {
		full := f.render(f.withPrefix, nat.nsn, loc)
		return parenFirst(v, full) || sameRuns(v, full)
	}
	return false
}

// intlLook reports whether v is the "+" reading inter written the international way without
// its "+": the calling code as a group of its own, then the groups of the international format.
func intlLook(v string, inter Number) bool {
	cc := strconv.Itoa(inter.cc)
	rest, ok := strings.CutPrefix(strings.TrimLeft(v, " "), cc)
	if !ok || rest == "" || isDigit(rest[0]) {
		return false // the calling code is not a group of its own
	}
	f := formatsOf(inter.cc).choose(true, inter.nsn)
	if f == nil {
		return false
	}
	return sameRuns(rest, f.render(f.plain, inter.nsn, f.groups(inter.nsn)))
}

// nationalString writes num the way its region writes it nationally, as
// phonenumbers.Format(num, NATIONAL) does; "" when the metadata has no format for it.
func nationalString(num Number) string {
	f := formatsOf(num.cc).choose(false, num.nsn)
	if f == nil {
		return ""
	}
	tmpl := f.plain
	if f.withPrefix != "" {
		tmpl = f.withPrefix
	}
	return f.render(tmpl, num.nsn, f.groups(num.nsn))
}

// numFormat is one of the metadata's number formats, compiled.
type numFormat struct {
	leading    *digitMatcher  // the last leading-digits pattern, as a prefix; nil when none
	full       *digitMatcher  // the pattern, anchored at both ends
	re         *regexp.Regexp // the same, with its groups
	fixed      []int          // the length of each group when every group has one (\d{3}), else nil
	plain      string         // the format, such as "($1) $2-$3"
	withPrefix string         // the format with the national prefix formatting rule in it ("0$1 $2"); "" when none
}

// formats are a calling code's national and international number formats.
type formats struct {
	national, intl []numFormat
}

var formatCache sync.Map // calling code → *formats

// formatsOf returns the formats of calling code cc: those of its main region, as Format uses.
func formatsOf(cc int) *formats {
	if f, ok := formatCache.Load(cc); ok {
		return f.(*formats)
	}
	f := &formats{}
	if m := metadata().meta(cc, phonenumbers.GetRegionCodeForCountryCode(cc)); m != nil {
		f.national = compileFormats(m.md.GetNumberFormat())
		f.intl = f.national
		if intl := m.md.GetIntlNumberFormat(); len(intl) > 0 {
			f.intl = compileFormats(intl)
		}
	}
	got, _ := formatCache.LoadOrStore(cc, f)
	return got.(*formats)
}

func compileFormats(nfs []*phonenumbers.NumberFormat) []numFormat {
	out := make([]numFormat, 0, len(nfs))
	for _, nf := range nfs {
		anchored := "^(?:" + nf.GetPattern() + ")$"
		f := numFormat{full: newDigitMatcher(anchored), re: regexp.MustCompile(anchored), plain: nf.GetFormat(), fixed: fixedGroups(nf.GetPattern())}
		if ld := nf.GetLeadingDigitsPattern(); len(ld) > 0 {
			f.leading = newDigitMatcher("^(?:" + ld[len(ld)-1] + ")")
		}
		if rule := nf.GetNationalPrefixFormattingRule(); rule != "" {
			// The library puts the rule in place of the format's first group ($1).
			if i := strings.IndexByte(f.plain, '$'); i >= 0 && i+1 < len(f.plain) {
				f.withPrefix = f.plain[:i] + rule + f.plain[i+2:]
			}
		}
		out = append(out, f)
	}
	return out
}

// choose is the library's chooseFormattingPatternForNumber: the first format whose leading
// digits start nsn and whose pattern matches it whole.
func (fs *formats) choose(intl bool, nsn string) *numFormat {
	list := fs.national
	if intl {
		list = fs.intl
	}
	for i := range list {
		f := &list[i]
		if (f.leading == nil || f.leading.MatchString(nsn)) && f.full.MatchString(nsn) {
			return f
		}
	}
	return nil
}

// fixedGroup is one group of a pattern: \d, or \d{n}.
var fixedGroup = regexp.MustCompile(`\(\\d(?:\{(\d+)\})?\)`)

// fixedGroups returns the lengths of the groups of a pattern made of fixed-length groups of
// digits alone, such as (\d{3})(\d{3})(\d{4}); nil for any other pattern.
func fixedGroups(pattern string) []int {
	all := fixedGroup.FindAllStringSubmatchIndex(pattern, -1)
	var lengths []int
	end := 0
	for _, m := range all {
		if m[0] != end {
			return nil
		}
		end = m[1]
		n := 1
		if m[2] >= 0 {
			n, _ = strconv.Atoi(pattern[m[2]:m[3]])
		}
		lengths = append(lengths, n)
	}
	if end != len(pattern) {
		return nil
	}
	return lengths
}

// groups returns the bounds of nsn's groups in f's pattern, as FindStringSubmatchIndex does.
func (f *numFormat) groups(nsn string) []int {
	if f.fixed == nil {
		return f.re.FindStringSubmatchIndex(nsn)
	}
	loc := make([]int, 2, 2+2*len(f.fixed))
	loc[1] = len(nsn)
	at := 0
	for _, n := range f.fixed {
		loc = append(loc, at, at+n)
		at += n
	}
	return loc
}

// render writes nsn with the template tmpl, its "$n" the groups at loc.
func (f *numFormat) render(tmpl, nsn string, loc []int) string {
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		if c == '$' && i+1 < len(tmpl) && tmpl[i+1] >= '1' && tmpl[i+1] <= '9' {
			g := int(tmpl[i+1] - '0')
			if 2*g+1 < len(loc) && loc[2*g] >= 0 {
				b.WriteString(nsn[loc[2*g]:loc[2*g+1]])
			}
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// sameRuns reports whether a and b have the same digits in the same groups (runs of digits
// between anything else), and at least two of them.
func sameRuns(a, b string) bool {
	i, j, runs := 0, 0, 0
	for {
		i, j = skipOther(a, i), skipOther(b, j)
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b) && runs >= 2
		}
		for i < len(a) && j < len(b) && isDigit(a[i]) && isDigit(b[j]) {
			if a[i] != b[j] {
				return false
			}
			i, j = i+1, j+1
		}
		if (i < len(a) && isDigit(a[i])) || (j < len(b) && isDigit(b[j])) {
			return false // one run goes on where the other ends
		}
		runs++
	}
}

// parenFirst reports whether v's first group of digits stands in parentheses and is the first
// group of digits of formatted.
func parenFirst(v, formatted string) bool {
	v = strings.TrimLeft(v, " ")
	if v == "" || v[0] != '(' {
		return false
	}
	end := strings.IndexByte(v, ')')
	if end < 2 {
		return false
	}
	group := strings.Trim(v[1:end], " ")
	if group == "" || !allDigits(group) {
		return false
	}
	k := skipOther(formatted, 0)
	e := k
	for e < len(formatted) && isDigit(formatted[e]) {
		e++
	}
	return formatted[k:e] == group
}

func skipOther(s string, i int) int {
	for i < len(s) && !isDigit(s[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
