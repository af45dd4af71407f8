package guess

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// commentAt is the column where end-of-line comments start, when the entry is shorter.
const commentAt = 56

// Render writes the draft as a mapping file: YAML that ParseFile reads as it stands, every line
// commented with what was seen, and `# TODO` on the lines that need a person's decision.
func (d *Draft) Render() []byte {
	var b bytes.Buffer
	s := d.sample
	what := "a list"
	if d.System != "" {
		what = d.System
	}
	fmt.Fprintf(&b, "# Draft mapping for %s, written by `contactimport init`.\n", oneLine(s.File))
	fmt.Fprintf(&b, "# It looks like %s: %d data rows, %d of them sampled", what, s.Total, len(s.Rows)+len(s.Tail))
	switch {
	case s.Sheet != "":
		fmt.Fprintf(&b, "; read from the sheet %q of an XLSX workbook", oneLine(s.Sheet))
	case s.Encoding != "":
		fmt.Fprintf(&b, "; read as %s, %s separated", s.Encoding, delimiterWord(s.Delimiter))
	}
	b.WriteString(".\n")
	if s.Tenant != nil {
		fmt.Fprintf(&b, "# Columns no table knows are matched with the tenant's %d custom attributes (--profile).\n", len(s.Tenant))
	}
	b.WriteString("# Each line says what was seen (counts and shapes, never the cells). Decide the lines\n")
	b.WriteString("# marked TODO, then try it: contactimport check --mapping THIS-FILE LIST\n\n")

	if s.SheetWhy != "" {
		line(&b, "sheet: "+yamlString(s.Sheet), s.SheetWhy, "")
	}
	if s.SkipLines > 0 {
		line(&b, fmt.Sprintf("skip_lines: %d", s.SkipLines), s.SkipLinesWhy, "")
	}
	if s.Group != 0 {
		line(&b, fmt.Sprintf("group: %d", s.Group), "the group given with --group: every imported contact becomes a member, unless its subscription says otherwise", "")
	}
	if d.LostZeros {
		line(&b, "lost_leading_zeros: true", d.LostZerosNote+", as when a spreadsheet drops the leading 0",
			"it writes the 0 back (1067 becomes 01067 in German rows) and reads such numbers in the row's country, each row's report line saying so; keep it if the file went through a spreadsheet, remove it if four-digit codes are real (German codes before 1993): those rows then fail")
	}
	switch {
	case d.Identifier != "":
		line(&b, "identifier: "+string(d.Identifier), fmt.Sprintf("from column %q", d.IDColumn), "")
	default:
		line(&b, "# identifier: email", "", "no column of email addresses or mobile numbers was recognised: map one to email or mobile and name it here")
	}
	switch d.PhoneRegion {
	case "column":
		entry := "phone_region: {column: " + yamlString(d.RegionFrom)
		if d.RegionOr != "" {
			entry += ", or: " + yamlString(d.RegionOr)
		}
		if d.RegionDefault != "" {
			entry += ", default: " + d.RegionDefault
		}
		line(&b, entry+"}", d.RegionNote, d.RegionTODO)
	case "guess":
		line(&b, "phone_region: "+d.RegionGuess, "", d.RegionNote)
	case "TODO":
		line(&b, "# phone_region: "+cmp.Or(d.RegionGuess, "XX"), "", d.RegionNote)
	case "":
		if d.RegionNote != "" {
			b.WriteString("# phone_region: not needed, " + d.RegionNote + "\n")
		}
	}
	if d.Timezone {
		line(&b, "timezone: UTC", "", "times of day without an offset were seen: name the zone they were written in (IANA, e.g. Europe/Berlin)")
	}
	if len(d.SkipRows) > 0 {
		b.WriteString("skip_rows:\n")
		for _, r := range d.SkipRows {
			line(&b, "  - "+r.yaml(), r.Note, "")
		}
	}
	b.WriteString("columns:\n")
	for _, c := range d.Columns {
		if c.Name == "" && c.Skip {
			continue // a nameless empty column: the reader ignores it, and YAML has no second ""
		}
		line(&b, "  "+yamlString(c.Name)+": "+c.yaml(), c.Note, c.TODO)
	}
	return b.Bytes()
}

// line writes one YAML line with its comment, padded to commentAt.
func line(b *bytes.Buffer, entry, note, todo string) {
	comment := note
	if todo != "" {
		if comment != "" {
			comment += ". "
		}
		comment += "TODO: " + todo
	}
	b.WriteString(entry)
	if comment != "" {
		if pad := commentAt - len([]rune(entry)); pad > 1 {
			b.WriteString(strings.Repeat(" ", pad))
		} else {
			b.WriteString("  ")
		}
		b.WriteString("# " + oneLine(comment))
	}
	b.WriteByte('\n')
}

func (c ColumnGuess) yaml() string {
	switch {
	case c.Skip:
		return "skip"
	case c.Split:
		return "{split: [user.FirstName, user.LastName]}"
	case len(c.Transforms) == 0 && len(c.Values) == 0 && !c.Replace && c.ReplacePattern == "" && c.Default == "" && !c.Omit:
		return yamlString(c.Target)
	}
	parts := []string{"to: " + yamlString(c.Target)}
	switch {
	case c.ReplacePattern != "":
		parts = append(parts, "replace: {pattern: "+yamlString(c.ReplacePattern)+`, with: ""}`)
	case c.Replace:
		parts = append(parts, `replace: {pattern: "^'", with: ""}`)
	}
	if len(c.Transforms) > 0 {
		var ts []string
		for _, t := range c.Transforms {
			ts = append(ts, yamlString(t))
		}
		parts = append(parts, "transform: ["+strings.Join(ts, ", ")+"]")
	}
	if len(c.Values) > 0 {
		var vs []string
		for _, kv := range c.Values {
			vs = append(vs, yamlString(kv[0])+": "+yamlString(kv[1]))
		}
		parts = append(parts, "values: {"+strings.Join(vs, ", ")+"}")
	}
	if c.Default != "" {
		parts = append(parts, "default: "+yamlString(c.Default))
	}
	if c.Omit {
		parts = append(parts, "invalid: omit")
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func (r SkipRowGuess) yaml() string {
	parts := []string{"column: " + yamlString(r.Column)}
	switch {
	case r.NotEmpty:
		parts = append(parts, "not_empty: true")
	case r.Empty:
		parts = append(parts, "empty: true")
	default:
		var vs []string
		for _, v := range r.Values {
			vs = append(vs, yamlString(v))
		}
		parts = append(parts, "values: ["+strings.Join(vs, ", ")+"]")
	}
	parts = append(parts, "reason: "+yamlString(r.Reason))
	return "{" + strings.Join(parts, ", ") + "}"
}

// plainSafe is text YAML reads back as the same string without quotes, in flow collections too.
var plainSafe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_./-]*( [A-Za-z0-9_./-]+)*$`)

// yamlWords are plain scalars YAML 1.1 or 1.2 would read as something other than a string.
var yamlWords = map[string]bool{"y": true, "n": true, "yes": true, "no": true, "true": true,
	"false": true, "on": true, "off": true, "null": true}

// yamlString writes s plain when that reads back as s, double-quoted otherwise.
func yamlString(s string) string {
	if plainSafe.MatchString(s) && !yamlWords[strings.ToLower(s)] {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r == 0xfeff || r >= 0x80 && r < 0xa0 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// oneLine keeps a comment on its line: a header name may hold a line break.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

func delimiterWord(d string) string {
	switch d {
	case ",":
		return "comma"
	case ";":
		return "semicolon"
	case "tab", "\t":
		return "tab"
	case "|":
		return "pipe"
	}
	return strconv.Quote(d)
}
