package main

import (
	"contactimport/importer/job"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDoctorInputFlags: doctor reads FILE with the input flags every command that reads a list
// has, so that it maps the header import will map: --sheet picks the sheet of a workbook and
// --lazy-quotes takes a bare quote.
func TestDoctorInputFlags(t *testing.T) {
	d, err := parseDoctor([]string{"--sheet", "Kunden", "--lazy-quotes", "--encoding", "cp850", "--delimiter", ";", "list.xlsx"}, new(strings.Builder))
	if err != nil {
		t.Fatal(err)
	}
	if o := d.target; o.sheet != "Kunden" || !o.lazyQuotes || o.encoding != "cp850" || o.delimiter != ";" || o.file != "list.xlsx" {
		t.Errorf("parsed %+v", o)
	}

	log := slog.New(slog.DiscardHandler)
	dir := filepath.Join("samples", "exports", "libreoffice-xlsx")
	book, m := filepath.Join(dir, "Kunden.xlsx"), filepath.Join(dir, "mapping.yaml")
	if _, err := job.Targets(t.Context(), (&options{file: book, mapping: m, sheet: "Tabelle2"}).input(), "", log); err == nil || !strings.Contains(err.Error(), "Tabelle2") {
		t.Errorf("--sheet Tabelle2 of a workbook without it: %v; want an error naming the sheet", err)
	}
	if _, err := job.Targets(t.Context(), (&options{file: book, mapping: m, sheet: "Kunden"}).input(), "", log); err != nil {
		t.Errorf("--sheet Kunden: %v", err)
	}

	list := filepath.Join(t.TempDir(), "list.csv")
	if err := os.WriteFile(list, []byte("Email,user.CustomAttribute.Ti\"er\nann@example.org,Gold\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := job.Targets(t.Context(), (&options{file: list}).input(), "", log); err == nil {
		t.Error("a bare quote in the header was read without --lazy-quotes")
	}
	got, err := job.Targets(t.Context(), (&options{file: list, lazyQuotes: true}).input(), "", log)
	if err != nil || !slices.Contains(got, "user.CustomAttribute.Ti\"er") {
		t.Errorf("--lazy-quotes: %q, %v; want the custom attribute Ti\"er", got, err)
	}
}
