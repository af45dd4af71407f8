package job

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/printable"
)

// ReadMapping reads and parses a mapping file: a regular file of at most 1 MiB.
func ReadMapping(path string) (*mapping.File, error) {
	data, err := source.ReadFile(context.Background(), path, source.KindMapping)
	var fe *source.FileError
	switch {
	case errors.As(err, &fe):
		return nil, err // "mapping file PATH: it is …"
	case err != nil:
		return nil, fmt.Errorf("mapping: %w", err)
	}
	return mapping.ParseFile(path, data)
}

// Compile compiles the mapping of a run for the header of file: the mapping file at
// mappingPath ("" for auto-mapping), the identifier ("" for the mapping's), and the tenant's types
// of custom attributes (nil: none).
func Compile(file, mappingPath, identifier string, header []string, types []mapping.Typed) (*mapping.Mapper, error) {
	var f *mapping.File
	if mappingPath != "" {
		var err error
		if f, err = ReadMapping(mappingPath); err != nil {
			return nil, err
		}
	}
	id, _ := mapping.ParseIdentifier(identifier)
	if identifier == "" {
		id = ""
	}
	m, err := mapping.Compile(f, header, mapping.Options{Identifier: id, Types: types})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return m, nil
}

// PrintMapping prints what each column maps to, as check and convert show it before the rows;
// mappingPath is the mapping file, "" for auto-mapping.
func PrintMapping(w io.Writer, mappingPath string, m *mapping.Mapper) {
	fmt.Fprintf(w, "mapping (%s), identifier %s:\n", orAuto(mappingPath), m.Identifier())
	for _, r := range m.Resolved() {
		from := fmt.Sprintf("%q", r.Column)
		if r.IsConstant {
			from = fmt.Sprintf("constant %q", r.Constant)
		}
		line := fmt.Sprintf("  %-28s -> %s", from, r.Target)
		if len(r.Transforms) > 0 {
			line += "  [" + strings.Join(r.Transforms, ", ") + "]"
		}
		if r.Auto && mappingPath != "" {
			line += "  (auto)"
		}
		fmt.Fprintln(w, printable.Text(line, 0)) // a header name may hold terminal escapes
	}
	if tz, used := m.TimeZone(); used {
		fmt.Fprintf(w, "  dates with a time but no offset: read in %s (timezone:)\n", tz)
	}
	for _, c := range m.SkipConditions() {
		fmt.Fprintf(w, "  skip rows where %s\n", printable.Text(c, 0))
	}
	if pr := m.PhoneRegion(); pr.Used {
		switch {
		case pr.Column != "" && pr.Region != "":
			fmt.Fprintf(w, "  phone numbers without + or 00: national numbers of the country in column %q, of %s where it is empty\n", pr.Column, pr.Region)
		case pr.Column != "":
			fmt.Fprintf(w, "  phone numbers without + or 00: national numbers of the country in column %q, else international\n", pr.Column)
		case pr.Region != "":
			fmt.Fprintf(w, "  phone numbers without + or 00: national numbers of %s, else international\n", pr.Region)
		default:
			fmt.Fprintln(w, "  phone numbers without + or 00: international (no phone_region)")
		}
	}
	printRepairs(w, m)
	fmt.Fprintln(w)
}

// printRepairs says which cells the mapping sends other than as written, each noted on its
// row's report line: the columns with invalid: omit, and what lost_leading_zeros writes back.
func printRepairs(w io.Writer, m *mapping.Mapper) {
	for _, c := range m.OmitColumns() {
		fmt.Fprintln(w, printable.Text(fmt.Sprintf("  %q: cells that fail validation are left out, noted on their rows; the rest of each row is sent (invalid: omit)", c), 0))
	}
	if m.LostLeadingZeros() {
		fmt.Fprintln(w, "  leading zeros a spreadsheet dropped are written back, noted on their rows (lost_leading_zeros): a phone number of digits alone valid both in the row's region and with + in front is read in the region; a German zip code of four digits gets its 0 (1080 is sent as 01080)")
	}
}

func orAuto(s string) string {
	if s == "" {
		return "auto"
	}
	return s
}

// Targets returns the targets an import of in would send, for doctor to check: from the list's
// header mapped as import maps it (auto-mapping, or the mapping file, with identifier), else from
// the mapping file's targets and constants alone, else none.
func Targets(ctx context.Context, o Input, identifier string, log *slog.Logger) ([]string, error) {
	var targets []string
	switch {
	case o.File != "":
		src, err := OpenList(ctx, o)
		if err != nil {
			return nil, err
		}
		defer src.Close()
		for _, w := range src.Warnings() {
			log.Warn(w, "file", o.File)
		}
		m, err := Compile(o.File, o.Mapping, identifier, src.Header(), nil)
		if err != nil {
			return nil, err
		}
		for _, r := range m.Resolved() {
			targets = append(targets, r.Target)
		}
	case o.Mapping != "":
		f, err := ReadMapping(o.Mapping)
		if err != nil {
			return nil, err
		}
		for _, c := range f.Columns {
			if !c.Skip {
				targets = append(targets, c.Target)
			}
		}
		for _, k := range f.Constants {
			targets = append(targets, k.Target)
		}
	}
	return targets, nil
}
