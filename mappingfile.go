package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/printable"
)

// readMapping reads and parses a mapping file: a regular file of at most 1 MiB.
func readMapping(path string) (*mapping.File, error) {
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

func compileMapping(o *options, header []string) (*mapping.Mapper, error) {
	return compileTyped(o, header, nil)
}

// compileTyped is compileMapping with the tenant's types of custom attributes (nil: none).
func compileTyped(o *options, header []string, types []mapping.Typed) (*mapping.Mapper, error) {
	var f *mapping.File
	if o.mapping != "" {
		var err error
		if f, err = readMapping(o.mapping); err != nil {
			return nil, err
		}
	}
	id, _ := mapping.ParseIdentifier(o.identifier)
	if o.identifier == "" {
		id = ""
	}
	m, err := mapping.Compile(f, header, mapping.Options{Identifier: id, Types: types})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.file, err)
	}
	return m, nil
}

func printMapping(w io.Writer, o *options, m *mapping.Mapper) {
	fmt.Fprintf(w, "mapping (%s), identifier %s:\n", orAuto(o.mapping), m.Identifier())
	for _, r := range m.Resolved() {
		from := fmt.Sprintf("%q", r.Column)
		if r.IsConstant {
			from = fmt.Sprintf("constant %q", r.Constant)
		}
		line := fmt.Sprintf("  %-28s -> %s", from, r.Target)
		if len(r.Transforms) > 0 {
			line += "  [" + strings.Join(r.Transforms, ", ") + "]"
		}
		if r.Auto && o.mapping != "" {
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
	fmt.Fprintln(w)
}

func orAuto(s string) string {
	if s == "" {
		return "auto"
	}
	return s
}
