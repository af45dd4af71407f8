//go:build ignore

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// wperson is a made-up person of the exports of international systems (US, Canada, UK,
// Germany, Japan): names in their own script with a reading for Japanese names, and a
// phone number in the forms people write it in.
type wperson struct {
	first, last, readFirst, readLast string // read*: the kana reading of a Japanese name
	email                            string
	country, countryName, state      string // ISO code, English name, state or prefecture
	street, city, zip                string
	area, line                       string // the national number's digits: area/prefix and the rest
	birth                            [3]int // day, month, year
	male                             bool   // for a salutation that fits the first name
}

var (
	usFirsts = []string{"Olivia", "Liam", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas", "Mia", "Benjamin",
		"Harper", "Elijah", "Amelia", "James", "Evelyn", "Aiden", "Abigail", "Jackson", "Emily", "Sebastián"}
	usLasts = []string{"Johnson", "Martinez", "Nguyen", "O'Brien", "García", "Kowalski", "Washington", "Lee", "Patel",
		"Rodríguez", "Anderson", "Kim", "Thompson", "White", "Harris", "Sánchez", "Clark", "Lewis", "Robinson", "Walker"}
	caFirsts = []string{"Geneviève", "Mathieu", "Chloé", "Étienne", "Noémie"}
	caLasts  = []string{"Tremblay", "Gagnon", "Côté", "Bouchard", "Lévesque"}
	gbFirsts = []string{"Amelia", "Oliver", "Siobhán", "Rhys", "Imogen"}
	gbLasts  = []string{"Thomas", "Evans", "O'Connor", "Hughes", "Ffion-Jones"}
	// Japanese given and family names with their readings in katakana, as Japanese contact
	// apps store the phonetic name.
	jpFirsts = [][3]string{{"翔太", "ショウタ", "shota"}, {"美咲", "ミサキ", "misaki"}, {"大輔", "ダイスケ", "daisuke"}, {"陽菜", "ヒナ", "hina"}, {"蓮", "レン", "ren"}}
	jpLasts  = [][3]string{{"佐藤", "サトウ", "sato"}, {"鈴木", "スズキ", "suzuki"}, {"高橋", "タカハシ", "takahashi"}, {"田中", "タナカ", "tanaka"}, {"伊藤", "イトウ", "ito"}}
	// maleNames are the first names above that take Mr./Herr.
	maleNames = map[string]bool{"Liam": true, "Ethan": true, "Mason": true, "Lucas": true, "Benjamin": true,
		"Elijah": true, "James": true, "Aiden": true, "Jackson": true, "Sebastián": true, "Mathieu": true, "Étienne": true,
		"Oliver": true, "Rhys": true, "翔太": true, "大輔": true, "蓮": true, "Jörg": true, "François": true, "Wolfram": true,
		"Jan": true, "Lukas": true, "Noah": true}
	usAreas = []struct{ area, city, state, zip string }{
		{"646", "New York", "NY", "10001"}, {"917", "New York", "NY", "10016"}, {"312", "Chicago", "IL", "60601"},
		{"415", "San Francisco", "CA", "94103"}, {"206", "Seattle", "WA", "98101"}, {"512", "Austin", "TX", "78701"},
	}
	caAreas = []struct{ area, city, state, zip string }{{"604", "Vancouver", "BC", "V6B 1A1"}, {"514", "Montréal", "QC", "H2X 1Y4"}}
)

// world returns n made-up people; mix names, for each person in turn, the country: U (US),
// C (Canada), G (UK), D (Germany), J (Japan). US and Canadian numbers are in the 555-01xx
// range set aside for fiction, which libphonenumber takes as valid; the others are near
// libphonenumber's example numbers, as in people().
func world(n int, mix string) []wperson {
	var ps []wperson
	for i := range n {
		p := wperson{birth: [3]int{1 + (i*11)%28, 1 + (i*5)%12, 1958 + (i*7)%45}}
		var local string
		switch mix[i%len(mix)] {
		case 'U':
			a := usAreas[i%len(usAreas)]
			p.first, p.last = usFirsts[i%len(usFirsts)], usLasts[(i*3+1+i/len(usFirsts))%len(usLasts)]
			p.country, p.countryName, p.city, p.state, p.zip = "US", "United States", a.city, a.state, a.zip
			p.street, p.area, p.line = fmt.Sprintf("%d W %dth St", 100+i*7, 10+i%40), a.area, fmt.Sprintf("5550%03d", 100+i%100)
		case 'C':
			a := caAreas[i%len(caAreas)]
			p.first, p.last = caFirsts[i%len(caFirsts)], caLasts[(i/2)%len(caLasts)]
			p.country, p.countryName, p.city, p.state, p.zip = "CA", "Canada", a.city, a.state, a.zip
			p.street, p.area, p.line = fmt.Sprintf("%d rue Sainte-Catherine", 200+i), a.area, fmt.Sprintf("5550%03d", 100+i%100)
		case 'G':
			p.first, p.last = gbFirsts[i%len(gbFirsts)], gbLasts[(i/3)%len(gbLasts)]
			p.country, p.countryName, p.city, p.zip = "GB", "United Kingdom", "Manchester", fmt.Sprintf("M%d 4BT", 1+i%9)
			p.street, p.area, p.line = fmt.Sprintf("%d Deansgate", 10+i), "7400", fmt.Sprintf("123%03d", i%1000)
		case 'D':
			p.first, p.last = firsts[i%len(firsts)], lasts[(i*7+3+i/len(firsts))%len(lasts)]
			p.country, p.countryName, p.city, p.zip = "DE", "Germany", "Hamburg", fmt.Sprintf("%05d", 20095+i)
			p.street, p.area, p.line = fmt.Sprintf("Mönckebergstraße %d", 1+i%30), "151", fmt.Sprintf("%08d", 23456700+i%100)
		case 'J':
			f, l := jpFirsts[i%len(jpFirsts)], jpLasts[(i/2)%len(jpLasts)]
			p.first, p.last, p.readFirst, p.readLast = f[0], l[0], f[1], l[1]
			local = f[2] + "." + l[2]
			p.country, p.countryName, p.city, p.state, p.zip = "JP", "Japan", "渋谷区", "東京都", fmt.Sprintf("150-00%02d", 1+i%40)
			p.street, p.area, p.line = fmt.Sprintf("神南%d-%d-%d", 1+i%2, 1+i%20, 1+i%9), "90", fmt.Sprintf("1234%04d", 5600+i%100)
		}
		p.male = maleNames[p.first]
		if local == "" {
			local = asciiLocal(p.first + "." + p.last)
		}
		p.email = fmt.Sprintf("%s%d@%s", local, i+1, []string{"example.com", "example.org", "example.net"}[i%3])
		ps = append(ps, p)
	}
	return ps
}

func asciiLocal(s string) string {
	return strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "é", "e", "è", "e", "ê", "e", "ë", "e", "ç", "c",
		"ñ", "n", "ú", "u", "í", "i", "á", "a", "ó", "o", "ô", "o", "É", "e", " ", "", "'", "", "-", "").Replace(strings.ToLower(s))
}

// national is the number as people of the country write it at home: (646) 555-0124,
// 07400 123456, 0151 23456789, 090-1234-5678.
func (p wperson) national() string {
	switch p.country {
	case "US", "CA":
		return fmt.Sprintf("(%s) %s-%s", p.area, p.line[:3], p.line[3:])
	case "JP":
		return fmt.Sprintf("0%s-%s-%s", p.area, p.line[:4], p.line[4:])
	}
	return "0" + p.area + " " + p.line
}

// dashed and dotted are the other national forms of North American numbers.
func (p wperson) dashed() string { return p.area + "-" + p.line[:3] + "-" + p.line[3:] }
func (p wperson) dotted() string { return p.area + "." + p.line[:3] + "." + p.line[3:] }

// intl is the number with its country code, grouped: +1 646-555-0124, +44 7400 123456.
func (p wperson) intl() string {
	switch p.country {
	case "US", "CA":
		return "+1 " + p.dashed()
	case "JP":
		return fmt.Sprintf("+81 %s-%s-%s", p.area, p.line[:4], p.line[4:])
	}
	return "+" + map[string]string{"GB": "44", "DE": "49"}[p.country] + " " + p.area + " " + p.line
}

// e164 is the number as a system that validates it stores it: +16465550124.
func (p wperson) e164() string {
	return strings.NewReplacer(" ", "", "-", "").Replace(p.intl())
}

// ymd is the date of birth as 1984-02-28.
func (p wperson) ymd() string { return fmt.Sprintf("%d-%02d-%02d", p.birth[2], p.birth[1], p.birth[0]) }

func writeFile(path string, b []byte) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		panic(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		panic(err)
	}
}

// csvText is csvFile's record writer as a string, with the field separator sep.
func csvText(recs [][]string, sep string, quote func(string) bool, eol string) string {
	var b strings.Builder
	for _, r := range recs {
		for i, f := range r {
			if i > 0 {
				b.WriteString(sep)
			}
			if quote(f) || strings.ContainsAny(f, sep+"\"\r\n") {
				b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
			} else {
				b.WriteString(f)
			}
		}
		b.WriteString(eol)
	}
	return b.String()
}
