package phone

import (
	"regexp"
	"slices"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// This file answers libphonenumber's questions about a parsed number — its region, whether it
// is valid, its type — exactly as github.com/nyaruka/phonenumbers does (GetRegionCodeForNumber,
// IsValidNumber, GetNumberType), from the same metadata and patterns, without the library's
// per-call costs: it builds "^(?:"+pattern+")$" and looks it up in a locked cache on every
// match, matches each pattern twice, and runs the large patterns by backtracking. Here every
// pattern is compiled once into a digitMatcher. A number is (country calling code, national
// significant number); the library's answers depend on nothing else (FuzzPhoneAgainstLibrary
// compares them).

// regionMeta is one region's (or non-geographic calling code's) metadata with its patterns
// compiled, on first use.
type regionMeta struct {
	md   *phonenumbers.PhoneMetadata
	once sync.Once

	// The number types in the order getNumberTypeHelper tries them, then fixed line and mobile.
	general, premium, tollFree, sharedCost, voip, personal, pager, uan, voicemail descMatcher
	fixed, mobile                                                                 descMatcher

	leading   *digitMatcher  // leading digits (a prefix), nil when the metadata has none
	natPrefix *regexp.Regexp // national prefix for parsing, anchored; nil when none
	hasPrefix *digitMatcher  // the same pattern, to tell quickly whether it matches
	idd       *regexp.Regexp // international prefix, unanchored as the library matches it
}

// descMatcher is a PhoneNumberDesc: its possible lengths and its national number pattern.
type descMatcher struct {
	lengths []int32
	pattern *digitMatcher
}

func newDescMatcher(d *phonenumbers.PhoneNumberDesc) descMatcher {
	return descMatcher{lengths: d.GetPossibleLength(), pattern: newDigitMatcher("^(?:" + d.GetNationalNumberPattern() + ")$")}
}

// matches is the library's isNumberMatchingDesc: a possible length (when the desc lists any)
// and the pattern.
func (d *descMatcher) matches(nsn string) bool {
	if len(d.lengths) > 0 && !slices.Contains(d.lengths, int32(len(nsn))) {
		return false
	}
	return d.pattern.MatchString(nsn)
}

// compiled returns m with its patterns compiled.
func (m *regionMeta) compiled() *regionMeta {
	m.once.Do(func() {
		md := m.md
		m.general = newDescMatcher(md.GetGeneralDesc())
		m.premium = newDescMatcher(md.GetPremiumRate())
		m.tollFree = newDescMatcher(md.GetTollFree())
		m.sharedCost = newDescMatcher(md.GetSharedCost())
		m.voip = newDescMatcher(md.GetVoip())
		m.personal = newDescMatcher(md.GetPersonalNumber())
		m.pager = newDescMatcher(md.GetPager())
		m.uan = newDescMatcher(md.GetUan())
		m.voicemail = newDescMatcher(md.GetVoicemail())
		m.fixed = newDescMatcher(md.GetFixedLine())
		m.mobile = newDescMatcher(md.GetMobile())
		if ld := md.GetLeadingDigits(); ld != "" {
			m.leading = newDigitMatcher("^(?:" + ld + ")")
		}
		m.idd = regexp.MustCompile(md.GetInternationalPrefix())
		if p := md.GetNationalPrefixForParsing(); p != "" {
			m.natPrefix = regexp.MustCompile("^(?:" + p + ")")
			m.hasPrefix = newDigitMatcher("^(?:" + p + ")")
		}
	})
	return m
}

// numberType is the library's getNumberTypeHelper.
func (m *regionMeta) numberType(nsn string) phonenumbers.PhoneNumberType {
	switch {
	case !m.general.matches(nsn):
		return phonenumbers.UNKNOWN
	case m.premium.matches(nsn):
		return phonenumbers.PREMIUM_RATE
	case m.tollFree.matches(nsn):
		return phonenumbers.TOLL_FREE
	case m.sharedCost.matches(nsn):
		return phonenumbers.SHARED_COST
	case m.voip.matches(nsn):
		return phonenumbers.VOIP
	case m.personal.matches(nsn):
		return phonenumbers.PERSONAL_NUMBER
	case m.pager.matches(nsn):
		return phonenumbers.PAGER
	case m.uan.matches(nsn):
		return phonenumbers.UAN
	case m.voicemail.matches(nsn):
		return phonenumbers.VOICEMAIL
	}
	same := m.md.GetSameMobileAndFixedLinePattern()
	if m.fixed.matches(nsn) {
		if same || m.mobile.matches(nsn) {
			return phonenumbers.FIXED_LINE_OR_MOBILE
		}
		return phonenumbers.FIXED_LINE
	}
	if !same && m.mobile.matches(nsn) {
		return phonenumbers.MOBILE
	}
	return phonenumbers.UNKNOWN
}

// tables index the library's metadata as the library does (newMetadataContainer).
type tables struct {
	regions  map[string]*regionMeta
	nonGeo   map[int]*regionMeta
	callings map[int]bool // every calling code the library knows
}

var metadata = sync.OnceValue(func() *tables {
	t := &tables{regions: map[string]*regionMeta{}, nonGeo: map[int]*regionMeta{}, callings: phonenumbers.GetSupportedCallingCodes()}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		// The library loaded the same collection in its init and panics there if it cannot.
		return t
	}
	for _, md := range coll.GetMetadata() {
		if md.GetId() == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY {
			t.nonGeo[int(md.GetCountryCode())] = &regionMeta{md: md}
		} else {
			t.regions[md.GetId()] = &regionMeta{md: md}
		}
	}
	return t
})

// meta is the library's getMetadataForRegionOrCallingCode, compiled; nil when there is none.
func (t *tables) meta(cc int, region string) *regionMeta {
	m := t.regions[region]
	if region == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY {
		m = t.nonGeo[cc]
	}
	if m == nil {
		return nil
	}
	return m.compiled()
}

// regionFor is the library's GetRegionCodeForNumber: the only region of the calling code, or
// the first whose leading digits or patterns fit; "" when none does.
func (t *tables) regionFor(cc int, nsn string) string {
	regions := phonenumbers.GetRegionCodesForCountryCode(cc)
	switch len(regions) {
	case 0:
		return ""
	case 1:
		return regions[0]
	}
	for _, r := range regions {
		m := t.meta(cc, r)
		if m == nil {
			continue
		}
		if m.leading != nil {
			if m.leading.MatchString(nsn) {
				return r
			}
		} else if m.numberType(nsn) != phonenumbers.UNKNOWN {
			return r
		}
	}
	return ""
}

// number is a parsed number: country calling code and national significant number (with
// any leading zeros), all that E.164 and the library's validity and type depend on.
type number struct {
	cc  int
	nsn string
}

// classify returns the number's region (as GetRegionCodeForNumber) and type (as
// GetNumberType); a number is valid (IsValidNumber) when the type is not UNKNOWN.
func (t *tables) classify(n number) (string, phonenumbers.PhoneNumberType) {
	region := t.regionFor(n.cc, n.nsn)
	m := t.meta(n.cc, region)
	if m == nil {
		return region, phonenumbers.UNKNOWN
	}
	// IsValidNumberForRegion also refuses a region whose calling code is not the number's; the
	// region comes from the calling code's own list, whose metadata carries that code
	// (TestPhoneRegionsCarryTheirCallingCode).
	return region, m.numberType(n.nsn)
}
