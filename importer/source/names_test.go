package source

import (
	"slices"
	"testing"
)

// TestEncodingNames: every name offered is taken by the reader as itself, and every encoding
// the reader resolves to is offered.
func TestEncodingNames(t *testing.T) {
	names := EncodingNames()
	if names[0] != "auto" {
		t.Errorf("first name %q, want auto", names[0])
	}
	for _, name := range names[1:] {
		got, err := parseEncoding(name)
		if err != nil || got != name {
			t.Errorf("parseEncoding(%q) = %q, %v; want itself", name, got, err)
		}
	}
	for _, want := range []string{EncodingUTF8, EncodingUTF16BE, EncodingWindows1252, EncodingISO88591,
		EncodingISO885915, EncodingMacintosh, EncodingCP850, EncodingCP437, "utf-16"} {
		if !slices.Contains(names, want) {
			t.Errorf("EncodingNames() = %q, lacks %q", names, want)
		}
	}
}

// TestDelimiterNames: the names offered are the documented ones, and each parses.
func TestDelimiterNames(t *testing.T) {
	want := []string{"auto", ",", ";", "tab", "|"}
	if got := DelimiterNames(); !slices.Equal(got, want) {
		t.Errorf("DelimiterNames() = %q, want %q", got, want)
	}
	for _, name := range want {
		if _, err := parseDelimiter(name); err != nil {
			t.Errorf("parseDelimiter(%q): %v", name, err)
		}
	}
	if _, err := parseDelimiter("colon"); err == nil {
		t.Error("parseDelimiter(colon) took an unknown name")
	}
}
