package mapping

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"

	// The binary carries the IANA time zone database, so that `timezone:` works where the
	// system has none (Windows, minimal containers): time.LoadLocation falls back to it.
	_ "time/tzdata"
)

// dateSpec is what a date transform needs besides its Go layout.
type dateSpec struct {
	pattern  string         // as the user wrote it, for errors
	yy       bool           // the pattern has a two-digit year (YY)
	thisYear int            // with yy: a two-digit year is read in the hundred years up to this one
	loc      *time.Location // for times without an offset; nil means UTC
}

// dateTokens are the tokens of a date pattern people write, longest first, with their Go
// layout elements.
var dateTokens = []struct{ token, layout string }{
	{"YYYY", "2006"}, {"YY", "06"}, {"MM", "01"}, {"M", "1"}, {"DD", "02"}, {"D", "2"},
	{"HH", "15"}, {"H", "15"}, {"mm", "04"}, {"ss", "05"},
}

// parseDate parses the pattern of a `date:` transform: a pattern of tokens such as
// DD.MM.YYYY or YYYY-MM-DD HH:mm:ss, or a Go layout (which has digits: 02.01.2006).
func parseDate(pattern string) (transform, error) {
	if pattern == "" {
		return transform{}, errors.New(`date transform without a pattern (write "date:DD.MM.YYYY")`)
	}
	t := transform{op: opDate, layout: pattern, date: dateSpec{pattern: pattern}}
	if !strings.ContainsAny(pattern, "0123456789") {
		layout, yy, err := patternLayout(pattern)
		if err != nil {
			return transform{}, err
		}
		t.layout, t.date.yy = layout, yy
		t.date.thisYear = time.Now().Year()
	}
	withTime, err := checkLayout(t.layout, t.date.yy)
	if err != nil {
		if t.layout != pattern {
			// Say it in the user's terms, not in Go's reference date.
			return transform{}, fmt.Errorf("date pattern %q needs a year (YYYY or YY), a month (MM or M) and a day (DD or D)", pattern)
		}
		return transform{}, err
	}
	t.withTime = withTime
	return t, nil
}

// patternLayout translates a token pattern into a Go layout. Tokens are case-sensitive (MM is
// the month, mm the minute); other letters than T are refused, not taken literally.
func patternLayout(pattern string) (layout string, yy bool, err error) {
	var b strings.Builder
	seen := map[byte]bool{}
	for s := pattern; s != ""; {
		c := s[0]
		if !isLetter(c) {
			b.WriteByte(c)
			s = s[1:]
			continue
		}
		if c == 'T' {
			b.WriteByte(c)
			s = s[1:]
			continue
		}
		matched := false
		for _, tk := range dateTokens {
			if !strings.HasPrefix(s, tk.token) || (len(s) > len(tk.token) && s[len(tk.token)] == c) {
				continue
			}
			if seen[c] {
				return "", false, fmt.Errorf("date pattern %q has %c twice", pattern, c)
			}
			seen[c] = true
			yy = yy || tk.token == "YY"
			b.WriteString(tk.layout)
			s = s[len(tk.token):]
			matched = true
			break
		}
		if !matched {
			hint := ""
			if strings.ContainsAny(pattern, "yd") {
				hint = " (tokens are case-sensitive: YYYY, MM, DD; mm is the minute)"
			}
			return "", false, fmt.Errorf("date pattern %q: unknown token at %q (want YYYY, YY, MM, M, DD, D, HH, H, mm, ss and separators)%s", pattern, s, hint)
		}
	}
	return b.String(), yy, nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// applyDate reads v with the transform's layout and writes it as ISO 8601: YYYY-MM-DD, or
// RFC 3339 with the offset when the pattern has a time of day. A time without an offset is
// read in the mapping's timezone.
func (t transform) applyDate(v string) (string, *FieldError) {
	loc := t.date.loc
	if loc == nil {
		loc = time.UTC
	}
	d, err := time.ParseInLocation(t.layout, v, loc)
	if err == nil && t.date.yy {
		d, err = t.date.century(d)
	}
	if err != nil {
		return "", &FieldError{Code: "invalid_date", Reason: "not a date in the pattern " + t.date.pattern}
	}
	if t.withTime {
		return d.Format(isoDateTime), nil
	}
	return d.Format(isoDate), nil
}

// century puts a date read with a two-digit year into the hundred years up to thisYear: a
// birthday or a sign-up is never in the future (in 2026, 30 is 1930 and 05 is 2005).
func (s dateSpec) century(d time.Time) (time.Time, error) {
	yy := d.Year() % 100
	year := s.thisYear - ((s.thisYear-yy)%100+100)%100
	out := time.Date(year, d.Month(), d.Day(), d.Hour(), d.Minute(), d.Second(), d.Nanosecond(), d.Location())
	if out.Day() != d.Day() {
		return time.Time{}, errors.New("no such day") // 29 February of a year that has none
	}
	return out, nil
}

// loadTimeZone resolves a `timezone:` name. Only IANA names are taken; "Local" would make the
// result depend on the machine.
func loadTimeZone(name string) (*time.Location, error) {
	if name == "UTC" {
		return time.UTC, nil
	}
	if !validTimeZone(name) {
		return nil, fmt.Errorf("timezone: %q is not an IANA time zone name (such as Europe/Berlin or UTC)", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("timezone: %q: %v", name, err)
	}
	return loc, nil
}

// TimeZone returns the IANA name in which the mapping reads dates with a time of day but no
// offset ("UTC" unless the file's timezone says otherwise), and whether any column reads such
// dates.
func (m *Mapper) TimeZone() (name string, used bool) {
	for _, c := range m.cols {
		for _, t := range c.transforms {
			used = used || t.op == opDate && t.withTime
		}
	}
	return cmp.Or(m.tz, "UTC"), used
}
