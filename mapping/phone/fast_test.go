package phone

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// The fast phone path (dfa.go, meta.go, parse.go) must answer exactly as
// github.com/nyaruka/phonenumbers does. These tests compare the two on every pattern of the
// metadata, on numbers built from every region's example numbers, on tricky cases, and under
// fuzzing.

// libraryReading is what the library says about "+"+digits (or s for a region): parsed or not,
// and for a parsed number its E.164 form, validity, region and type.
type libraryReading struct {
	parsed bool
	e164   string
	valid  bool
	region string
	typ    phonenumbers.PhoneNumberType
}

func fromLibrary(s, region string) libraryReading {
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return libraryReading{}
	}
	return libraryReading{parsed: true, e164: phonenumbers.Format(num, phonenumbers.E164),
		valid: phonenumbers.IsValidNumber(num), region: phonenumbers.GetRegionCodeForNumber(num),
		typ: phonenumbers.GetNumberType(num)}
}

func fromFast(n number, parsed bool) libraryReading {
	if !parsed {
		return libraryReading{}
	}
	p, ok := valid(n, true)
	r := libraryReading{parsed: true, e164: p.E164(), valid: ok, region: p.region}
	if ok {
		r.typ = p.typ
	} else {
		// GetNumberType of an invalid number: UNKNOWN, except for a region whose calling code
		// differs, which the library's metadata never has.
		r.typ = phonenumbers.UNKNOWN
	}
	return r
}

// compareInternational fails t when parseInternational and the library disagree on digits.
func compareInternational(t *testing.T, digits string) {
	t.Helper()
	want := fromLibrary("+"+digits, "")
	got := fromFast(parseInternational(digits))
	if got != want {
		t.Errorf("+%s: fast %+v, library %+v", digits, got, want)
	}
}

// compareNational fails t when parseNational and the library disagree on s read for region.
func compareNational(t *testing.T, s, region string) {
	t.Helper()
	want := fromLibrary(s, region)
	got := fromFast(parseNational(s, region))
	if got != want {
		t.Errorf("%q in %s: fast %+v, library %+v", s, region, got, want)
	}
}

func TestPhoneInternationalTricky(t *testing.T) {
	for _, d := range []string{
		"4915112345678", "49015112345678", "490015112345678", // national prefix after the calling code
		"390612345678", "39061234567", "3900", "39000", "390000000", "3903", "39", "3", "", // Italian leading zeros
		"12025550113", "112025550113", "1202555011", "16135550123", "18095550123", // NANPA regions
		"447911123456", "4407911123456", "441481123456", "441624123456", "441534123456", // GB and its dependencies
		"77012345678", "79123456789", "76123456789", // KZ and RU share +7
		"80012345678", "882123456789", "8881234", "979123456789", // non-geographic codes
		"5491123456789", "541123456789", "54911234567890", "549", // Argentina's transform rule
		"5215512345678", "525512345678", "5511912345678", "551191234567", // Mexico, Brazil
		"0049151", "00", "0", "999123456", "2891234567", "9991234", // no calling code
		"4912345678901234567890", "49151123456789012345", strings.Repeat("4", 249), strings.Repeat("4", 250), // too long
		"491", "4915", "49151", // too short
		"262262123456", "590590123456", "599912345678", // shared calling codes in the Caribbean and Indian Ocean
	} {
		compareInternational(t, d)
	}
}

func TestPhoneNationalTricky(t *testing.T) {
	for _, tt := range []struct{ region, s string }{
		{"DE", "0151 12345678"}, {"DE", "015112345678"}, {"DE", "(030) 1234-5678"}, {"DE", "030/12345678"},
		{"DE", "030.1234.5678"}, {"DE", "030\t12345678"}, {"DE", "030-1234-"}, {"DE", "((030)) 12345678"},
		{"DE", "49 151 12345678"}, {"DE", "4915112345678"}, {"DE", "490151 12345678"}, {"DE", "49"}, {"DE", "491"},
		{"DE", "12"}, {"DE", "1-2"}, {"DE", "123"}, {"DE", "0"}, {"DE", "151123456789012345678"},
		{"US", "(202) 555-0113"}, {"US", "1 202 555 0113"}, {"US", "011 49 151 12345678"}, {"US", "011 0151"},
		{"US", "011"}, {"US", "01149"}, {"US", "011 999 123456"}, {"CA", "1 613 555 0123"}, {"CA", "011 44 7911 123456"},
		{"AU", "0011 49 151 12345678"}, {"AU", "0412 345 678"}, {"AU", "61 412 345 678"},
		{"IT", "06 1234 5678"}, {"IT", "39 06 1234 5678"}, {"IT", "312 345 6789"}, {"IT", "0000"},
		{"AR", "011 15 2345-6789"}, {"AR", "9 11 2345 6789"}, {"AR", "54 9 11 2345 6789"}, {"AR", "0351 15 123 4567"},
		{"MX", "044 55 1234 5678"}, {"MX", "55 1234 5678"}, {"BR", "(11) 91234-5678"}, {"BR", "0 21 11 91234-5678"},
		{"RU", "8 912 345 67 89"}, {"RU", "8 10 49 151 12345678"}, {"KZ", "8 701 234 5678"},
		{"GB", "07911 123456"}, {"GB", "44 7911 123456"}, {"GG", "07781 123456"}, {"JE", "44 7797 123456"},
		{"FR", "06 12 34 56 78"}, {"FR", "33 6 12 34 56 78"}, {"FR", "0033 6 12 34 56 78"}, {"JP", "010 49 151 12345678"},
		{"HU", "06 20 123 4567"}, {"AC", "24700000000"}, {"CN", "1 3812345678"}, {"IN", "091 98765 43210"},
	} {
		compareNational(t, tt.s, tt.region)
	}
}

// TestPhoneFastShapes: the common shapes of numbers are read without the library's Parse, and
// the others are left to it.
func TestPhoneFastShapes(t *testing.T) {
	for _, tt := range []struct {
		digits string
		want   bool
	}{
		{"4915112345678", true}, {"123", true}, {"12", false}, {"", false},
		{strings.Repeat("4", 249), true}, {strings.Repeat("4", 250), false},
	} {
		if got := internationalFast(tt.digits); got != tt.want {
			t.Errorf("internationalFast(%d digits) = %v, want %v", len(tt.digits), got, tt.want)
		}
	}
	for _, tt := range []struct {
		v, region string
		want      bool
	}{
		{"0151 12345678", "DE", true}, {"(030) 1234-5678", "DE", true}, {"030/123.456", "DE", true},
		{"123", "DE", true}, {"12", "DE", false}, {"1-2", "DE", false},
		{"030\t12345678", "DE", false}, {"030 x12", "DE", false}, {"+49 151", "DE", false},
		{"0151 12345678", "", false}, {"0151 12345678", "AQ", false},
		{strings.Repeat("4", 250), "DE", true}, {strings.Repeat("4", 251), "DE", false},
	} {
		if _, _, got := nationalFast(tt.v, tt.region); got != tt.want {
			t.Errorf("nationalFast(%.20q, %q) = %v, want %v", tt.v, tt.region, got, tt.want)
		}
	}
}

// TestPhoneExampleNumbers builds numbers from every region's example number of every type, and
// variations of their digits, and compares both readings with the library.
func TestPhoneExampleNumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	types := []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE,
		phonenumbers.PREMIUM_RATE, phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER,
		phonenumbers.PAGER, phonenumbers.UAN, phonenumbers.VOICEMAIL}
	var samples []string
	for region := range phonenumbers.GetSupportedRegions() {
		for _, typ := range types {
			if num := phonenumbers.GetExampleNumberForType(region, typ); num != nil {
				samples = append(samples, region+" "+phonenumbers.Format(num, phonenumbers.E164)[1:]+" "+
					phonenumbers.GetNationalSignificantNumber(num))
			}
		}
	}
	for cc := range phonenumbers.GetSupportedGlobalNetworkCallingCodes() {
		if num := phonenumbers.GetExampleNumberForNonGeoEntity(cc); num != nil {
			samples = append(samples, "US "+phonenumbers.Format(num, phonenumbers.E164)[1:]+" "+
				phonenumbers.GetNationalSignificantNumber(num))
		}
	}
	if len(samples) < 1000 {
		t.Fatalf("only %d example numbers", len(samples))
	}
	for _, s := range samples {
		f := strings.Fields(s)
		region, intl, nsn := f[0], f[1], f[2]
		variants := []string{intl, intl[:len(intl)-1], intl + "0", strings.Replace(intl, nsn, "0"+nsn, 1)}
		for range 4 {
			b := []byte(intl)
			b[rng.IntN(len(b))] = byte('0' + rng.IntN(10))
			variants = append(variants, string(b))
		}
		for _, v := range variants {
			compareInternational(t, v)
		}
		for _, v := range []string{nsn, "0" + nsn, intl, nsn[:len(nsn)-1]} {
			compareNational(t, v, region)
		}
		if t.Failed() {
			return // the first sample that differs says enough
		}
	}
}

// TestPhonePatternsAutomaton checks that every pattern of the metadata got its automaton (the
// fast path is used everywhere) and that each answers as the regexp on random digit strings.
func TestPhonePatternsAutomaton(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tables := metadata()
	var metas []*regionMeta
	for _, m := range tables.regions {
		metas = append(metas, m.compiled())
	}
	for _, m := range tables.nonGeo {
		metas = append(metas, m.compiled())
	}
	for _, m := range metas {
		ms := []*digitMatcher{m.general.pattern, m.premium.pattern, m.tollFree.pattern, m.sharedCost.pattern,
			m.voip.pattern, m.personal.pattern, m.pager.pattern, m.uan.pattern, m.voicemail.pattern,
			m.fixed.pattern, m.mobile.pattern}
		if m.leading != nil {
			ms = append(ms, m.leading)
		}
		for _, dm := range ms {
			if !dm.ok {
				t.Fatalf("%s: no automaton for %s", m.md.GetId(), dm.re)
			}
			for range 200 {
				s := randomDigits(rng, rng.IntN(18))
				if got, want := dm.MatchString(s), dm.re.MatchString(s); got != want {
					t.Fatalf("%s %s on %s: automaton %v, regexp %v", m.md.GetId(), dm.re, s, got, want)
				}
			}
		}
	}
}

func randomDigits(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	return string(b)
}

// TestPhoneRegionsCarryTheirCallingCode: every region listed for a calling code has metadata
// with that calling code, which classify relies on instead of IsValidNumberForRegion's check.
func TestPhoneRegionsCarryTheirCallingCode(t *testing.T) {
	tables := metadata()
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		for _, r := range phonenumbers.GetRegionCodesForCountryCode(cc) {
			m := tables.meta(cc, r)
			if m == nil || int(m.md.GetCountryCode()) != cc {
				t.Errorf("calling code %d, region %s: metadata %v", cc, r, m)
			}
		}
	}
}

func TestDigitMatcher(t *testing.T) {
	for _, tt := range []struct {
		pattern string
		in      string
		want    bool
		auto    bool // the automaton answers (not the regexp)
	}{
		{`^(?:1[5-7]\d{8,9})$`, "15112345678", true, true},
		{`^(?:1[5-7]\d{8,9})$`, "1511234567", true, true},
		{`^(?:1[5-7]\d{8,9})$`, "151123456", false, true},
		{`^(?:1[5-7]\d{8,9})$`, "151123456789", false, true},
		{`^(?:1[5-7]\d{8,9})$`, "14112345678", false, true},
		{`^(?:1[5-7]\d{8,9})$`, "", false, true},
		{`^(?:)$`, "", true, true},
		{`^(?:)$`, "1", false, true},
		{`^(?:1[5-7]\d{8,9})$`, "1511234567a", false, true}, // a non-digit: the regexp answers
		{`^(?:55|1[78])`, "5512", true, true},               // a prefix
		{`^(?:55|1[78])`, "17", true, true},
		{`^(?:55|1[78])`, "5", false, true},
		{`^(?:55|1[78])`, "19", false, true},
		{`^(?:55|1[78])`, "", false, true},
		{`(?:55|1[78])`, "0017", true, false}, // unanchored: the regexp answers
		{`^(?:\b55)$`, "55", true, false},     // a word boundary: the regexp answers
		{`^(?:(?m)55$)`, "55", true, false},   // end of line: the regexp answers
		{`^(?:[^0-4]+)$`, "5678", true, true},
		{`^(?:[^0-4]+)$`, "5608", false, true},
		{`^(?:x|1)$`, "1", true, true},
		{`^(?:[^\x00-\x{10FFFF}])$`, "1", false, true}, // an empty class: nothing matches
		{`^(?:[^\x00-\x{10FFFF}])$`, "", false, true},
	} {
		m := newDigitMatcher(tt.pattern)
		if got := m.MatchString(tt.in); got != tt.want {
			t.Errorf("%s on %q = %v, want %v", tt.pattern, tt.in, got, tt.want)
		}
		if m.ok != tt.auto {
			t.Errorf("%s: automaton %v, want %v", tt.pattern, m.ok, tt.auto)
		}
		if got := regexp.MustCompile(tt.pattern).MatchString(tt.in); got != tt.want {
			t.Errorf("regexp %s on %q = %v: the table is wrong", tt.pattern, tt.in, got)
		}
		if !tt.auto {
			continue
		}
		// Which of the two answers: with a regexp that says the opposite, a string of digits
		// still gets the automaton's answer, anything else the regexp's.
		m.re = regexp.MustCompile(map[bool]string{true: "", false: `[^\x00-\x{10FFFF}]`}[!tt.want])
		wantAnswer := tt.want
		if strings.Trim(tt.in, "0123456789") != "" {
			wantAnswer = !tt.want
		}
		if got := m.MatchString(tt.in); got != wantAnswer {
			t.Errorf("%s on %q with the opposite regexp = %v, want %v", tt.pattern, tt.in, got, wantAnswer)
		}
	}
}

// TestDigitMatcherLimit: an automaton of more states than the limit is not built, and the
// regexp answers alone.
func TestDigitMatcherLimit(t *testing.T) {
	const pattern = `^(?:\d{3})$` // four states: before each digit, and after the third
	prog, err := syntax.Compile(mustParse(t, pattern))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		limit int
		ok    bool
	}{{4, true}, {3, false}} {
		m := &digitMatcher{re: regexp.MustCompile(pattern)}
		if got := m.build(prog, tt.limit); got != tt.ok {
			t.Errorf("build with limit %d = %v, want %v", tt.limit, got, tt.ok)
		}
	}
}

func mustParse(t *testing.T, pattern string) *syntax.Regexp {
	t.Helper()
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	return re.Simplify()
}

// FuzzPhoneAgainstLibrary compares the fast path with the library on any digits, read as
// international and as national numbers of a region the input picks.
func FuzzPhoneAgainstLibrary(f *testing.F) {
	for _, s := range []string{"4915112345678", "390612345678", "5491123456789", "12025550113", "447911123456",
		"80012345678", "0151 1234567", "79123456789", "3900"} {
		f.Add(s, uint8(0))
	}
	regions := make([]string, 0, 250)
	for r := range phonenumbers.GetSupportedRegions() {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	f.Fuzz(func(t *testing.T, s string, r uint8) {
		var b strings.Builder
		for _, c := range []byte(s) {
			if c >= '0' && c <= '9' {
				b.WriteByte(c)
			}
		}
		digits := b.String()
		compareInternational(t, digits)
		compareNational(t, s, regions[int(r)%len(regions)])
		if n, err := strconv.ParseUint(digits, 10, 64); err == nil && n > 0 {
			compareNational(t, digits, regions[int(r)%len(regions)])
		}
	})
}

// TestPhoneLengthCheck: testNumberLength's answers for a general desc, including the shapes no
// region has today (no lengths at all, the -1 of a type that does not exist).
func TestPhoneLengthCheck(t *testing.T) {
	meta := func(lengths, local []int32) *regionMeta {
		return &regionMeta{md: &phonenumbers.PhoneMetadata{GeneralDesc: &phonenumbers.PhoneNumberDesc{
			PossibleLength: lengths, PossibleLengthLocalOnly: local}}}
	}
	m := meta([]int32{5, 7, 9}, []int32{4})
	for _, tt := range []struct {
		m    *regionMeta
		n    int
		want phonenumbers.ValidationResult
	}{
		{m, 4, phonenumbers.IS_POSSIBLE_LOCAL_ONLY}, {m, 3, phonenumbers.TOO_SHORT}, {m, 5, phonenumbers.IS_POSSIBLE},
		{m, 6, phonenumbers.INVALID_LENGTH}, {m, 7, phonenumbers.IS_POSSIBLE}, {m, 9, phonenumbers.IS_POSSIBLE},
		{m, 10, phonenumbers.TOO_LONG}, {meta([]int32{-1}, nil), 5, phonenumbers.INVALID_LENGTH},
		{meta(nil, nil), 5, phonenumbers.INVALID_LENGTH},
	} {
		if got := tt.m.lengthCheck(strings.Repeat("1", tt.n)); got != tt.want {
			t.Errorf("lengths %v, %d digits: %v, want %v", tt.m.md.GeneralDesc.PossibleLength, tt.n, got, tt.want)
		}
	}
}
