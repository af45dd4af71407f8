package mapping

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// foldValue is how `values` keys and skip_rows values match a cell: trimmed, any case.
func foldValue(v string) string {
	return strings.ToLower(strings.TrimSpace(v))
}

// foldValues returns a values map keyed by foldValue, for lookups with a folded cell; nil
// stays nil. Column.check has refused keys that fold alike but map differently.
func foldValues(values map[string]string) map[string]string {
	if values == nil {
		return nil
	}
	out := make(map[string]string, len(values))
	for k, v := range values {
		out[foldValue(k)] = v
	}
	return out
}

// boolWords are the cells the bool transform reads, after foldValue.
var boolWords = map[string]string{
	"yes": "true", "y": "true", "true": "true", "1": "true", "x": "true",
	"ja": "true", "j": "true", "oui": "true", "si": "true", "sì": "true", "sí": "true",
	"no": "false", "n": "false", "false": "false", "0": "false",
	"nein": "false", "non": "false",
}

// parseBool reads a yes/no cell as "true" or "false". An empty cell stays empty.
func parseBool(v string) (string, *FieldError) {
	k := foldValue(v)
	if k == "" {
		return "", nil
	}
	if out, ok := boolWords[k]; ok {
		return out, nil
	}
	return "", &FieldError{Code: "invalid_bool", Reason: "not a yes/no value (yes, no, true, false, 1, 0, y, n, ja, nein, oui, non, si, x)"}
}

// country reads a country cell as an ISO 3166-1 alpha-2 code. An empty cell stays empty.
func country(v string) (string, *FieldError) {
	if strings.TrimSpace(v) == "" {
		return "", nil
	}
	if code, ok := parseCountry(v); ok {
		return code, nil
	}
	return "", &FieldError{Code: "invalid_country", Reason: "not a country: want an ISO 3166-1 code (DE, DEU, 276) or a country name in English, German, French, Spanish, Italian or Dutch"}
}

// replacer is a compiled `replace`.
type replacer struct {
	re   *regexp.Regexp
	with string
}

func compileReplace(r *Replace) (*replacer, error) {
	if r.Pattern == "" {
		return nil, errors.New("replace: empty pattern")
	}
	re, err := regexp.Compile(r.Pattern)
	if err != nil {
		return nil, fmt.Errorf("replace: pattern is not a Go regular expression: %v", err)
	}
	return &replacer{re: re, with: r.With}, nil
}

// templatePart is a literal text or, with column ≥ 0, the cell of a header column.
type templatePart struct {
	text   string // the literal, or the header name of a placeholder
	column int    // -1 for a literal; set by Compile for a placeholder
}

// parseTemplate splits "{Vorname} {Zweitname}" into literals and placeholders (column 0 until
// Compile resolves the header names). Braces cannot be literal text.
func parseTemplate(s string) ([]templatePart, error) {
	var parts []templatePart
	placeholders := 0
	for s != "" {
		open := strings.IndexAny(s, "{}")
		if open < 0 {
			parts = append(parts, templatePart{text: s, column: -1})
			break
		}
		if s[open] == '}' {
			return nil, errors.New("template: a } without its {")
		}
		if open > 0 {
			parts = append(parts, templatePart{text: s[:open], column: -1})
		}
		end := strings.IndexAny(s[open+1:], "{}")
		if end < 0 || s[open+1+end] == '{' {
			return nil, errors.New("template: a { without its }")
		}
		name := strings.TrimSpace(s[open+1 : open+1+end])
		if name == "" {
			return nil, errors.New("template: an empty {} (write a header name inside)")
		}
		parts = append(parts, templatePart{text: name})
		placeholders++
		s = s[open+1+end+1:]
	}
	if placeholders == 0 {
		return nil, errors.New("template: no {Header} placeholder (for a fixed value, use constants)")
	}
	return parts, nil
}

// renderTemplate fills the placeholders with their cells, trimmed. Literal text joins the
// non-empty cells around it: it is written only when the next placeholder is non-empty and,
// unless it leads, a placeholder before it was ("{Firma} – {Abteilung}" gives "ACME" when
// Abteilung is empty, and "{PLZ} {Ort}" gives "" when both are); text after the last
// placeholder goes with that one. Runs of white space become one space, and the result is
// trimmed.
func renderTemplate(parts []templatePart, cells []string) string {
	var b strings.Builder
	wrote := false // a non-empty placeholder was written
	for i, p := range parts {
		if p.column >= 0 {
			v := strings.TrimSpace(cells[p.column])
			b.WriteString(v)
			wrote = wrote || v != ""
			continue
		}
		next, prev := -1, -1
		for j := i + 1; j < len(parts) && next < 0; j++ {
			if parts[j].column >= 0 {
				next = j
			}
		}
		for j := i - 1; j >= 0 && prev < 0; j-- {
			if parts[j].column >= 0 {
				prev = j
			}
		}
		switch {
		case next < 0: // trailing text: with the last placeholder
			if strings.TrimSpace(cells[parts[prev].column]) != "" {
				b.WriteString(p.text)
			}
		case strings.TrimSpace(cells[parts[next].column]) != "" && (prev < 0 || wrote):
			b.WriteString(p.text)
		}
	}
	return collapseSpaces(b.String())
}

// collapseSpaces trims s and turns each run of white space inside it into one space.
func collapseSpaces(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// nameParticles go with the last name when they come right before it: "Jan van der Berg" is
// "Jan" and "van der Berg".
var nameParticles = map[string]bool{
	"van": true, "der": true, "den": true, "von": true, "de": true, "da": true, "di": true,
	"du": true, "le": true, "la": true, "del": true, "della": true, "ten": true, "ter": true,
	"zu": true, "dos": true, "das": true,
}

// splitName splits a full name into first and last name: the last word is the last name,
// together with the name particles right before it; the words before are the first name.
// The first word always stays the first name ("Van Morrison" is "Van" and "Morrison"), and
// one word is a last name alone. A comma ("Lee, Ann") is refused: which part is which is
// not certain.
func splitName(v string) (first, last string, fe *FieldError) {
	if strings.ContainsAny(v, ",;") {
		return "", "", &FieldError{Code: "invalid_name", Reason: "a full name with a comma or semicolon cannot be split with certainty (write it as First Last, or map first and last name from their own columns)"}
	}
	words := strings.FieldsFunc(v, unicode.IsSpace)
	if len(words) == 0 {
		return "", "", nil
	}
	at := len(words) - 1
	for at > 1 && nameParticles[strings.ToLower(words[at-1])] {
		at--
	}
	return strings.Join(words[:at], " "), strings.Join(words[at:], " "), nil
}
