package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func formatFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("importer", "source", "testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// check reads an XLSX workbook's chosen sheet and a gzip-compressed CSV like the CSV itself; a
// damaged gzip file and a workbook of another kind stop it before any row, with exit 2.
func TestCheckFormats(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp) // where a workbook is unpacked
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mapping := write("contacts.yaml", []byte("identifier: email\nunmapped: ignore\ncolumns:\n  email: email\n  first_name: user.FirstName\n"))
	strict := write("strict.yaml", []byte("identifier: email\ncolumns:\n  email: email\n"))
	csv := formatFixture(t, "contacts.csv")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(csv)
	zw.Close()
	tests := []struct {
		name, file string
		args       []string
		code       int
		stderr     string
	}{
		{"XLSX", write("contacts.xlsx", formatFixture(t, "contacts.xlsx")), nil, exitOK, ""},
		{"Gzip", write("contacts.csv.gz", gz.Bytes()), nil, exitOK, ""},
		{"GzipTruncated", write("cut.csv.gz", gz.Bytes()[:gz.Len()-6]), nil, exitUsage,
			"the gzip-compressed data is truncated or damaged: decompressing stopped at byte"},
		{"UnknownSheet", write("cells.xlsx", formatFixture(t, "cells.xlsx")), []string{"--sheet", "People"}, exitUsage,
			`--sheet "People": the workbook has no such sheet; its sheets are "Export info", "Contacts"`},
		{"XLSXUnmappedColumns", write("contacts2.xlsx", formatFixture(t, "contacts.xlsx")), []string{"--mapping", strict}, exitUsage,
			`unknown columns "zip", "customer_id", "birthday"`},
		{"ODS", write("contacts.ods", formatFixture(t, "contacts.ods")), nil, exitUsage, "the file is an OpenDocument spreadsheet (.ods)"},
		{"XLSNamedCSV", write("contacts-xls.csv", formatFixture(t, "contacts.xls")), nil, exitUsage, "Excel 97-2003 workbook (.xls)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			args := append([]string{"check", "--progress", "none", "--mapping", mapping, "--report", filepath.Join(dir, tt.name+".report.csv")}, tt.args...)
			code, _ := runCLI(t, context.Background(), &stderr, append(args, tt.file)...)
			if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tt.code, tt.stderr)
			}
			if tt.name == "XLSX" { // a workbook has no delimiter: the summary says none, not a NUL
				sum, err := os.ReadFile(filepath.Join(dir, tt.name+".report.csv.json"))
				if err != nil || !strings.Contains(string(sum), `"delimiter": ""`) {
					t.Errorf("summary %s (%v), want an empty delimiter", sum, err)
				}
			}
		})
	}
	// Every run, the one stopped after the workbook was opened too, removed what it unpacked.
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left in TMPDIR: %v", left)
	}
}
