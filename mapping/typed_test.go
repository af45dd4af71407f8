package mapping_test

import (
	"errors"
	"strings"
	"testing"

	"contactimport/mapping"
)

// typedTypes are the tenant's definitions of the attributes the typed tests map.
var typedTypes = []mapping.Typed{
	{Name: "Since", Type: "DATE"},
	{Name: "Score", Type: "NUMBER"},
	{Name: "Opted", Type: "BOOLEAN"},
	{Name: "Tier", Type: "STRING", Values: []string{"Gold", "Silver"}},
}

// typedMapper maps Email and one column to target with transforms, under typedTypes.
func typedMapper(t *testing.T, target string, col mapping.Column) *mapping.Mapper {
	t.Helper()
	col.Name, col.Target = "Value", target
	f := &mapping.File{Columns: []mapping.Column{{Name: "Email", Target: "email"}, col}}
	m, err := mapping.Compile(f, []string{"Email", "Value"}, mapping.Options{Types: typedTypes})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// typedValue maps one row and returns what the attribute sends, or the error's code and reason.
func typedValue(t *testing.T, m *mapping.Mapper, cell string) (value, code, reason string) {
	t.Helper()
	c, err := m.Map([]string{"ann@example.org", cell})
	var fe *mapping.FieldError
	if errors.As(err, &fe) {
		return "", fe.Code, fe.Reason
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range c.Attributes {
		if strings.HasSuffix(a.Name, "Since") || strings.HasSuffix(a.Name, "Score") || strings.HasSuffix(a.Name, "Opted") || strings.HasSuffix(a.Name, "Tier") {
			return a.Value, "", ""
		}
	}
	return "", "", ""
}

func TestTypedDate(t *testing.T) {
	plain := typedMapper(t, "user.CustomAttribute.Since", mapping.Column{})
	if v, code, _ := typedValue(t, plain, "2026-01-02"); v != "2026-01-02" || code != "" {
		t.Errorf("ISO date: %q %q", v, code)
	}
	if _, code, reason := typedValue(t, plain, "02.01.2026"); code != "typed_date" || !strings.Contains(reason, "date:") {
		t.Errorf("German date without a pattern: %q %q", code, reason)
	}
	patterned := typedMapper(t, "user.CustomAttribute.Since", mapping.Column{Transforms: []string{"date:DD.MM.YYYY"}})
	if v, code, _ := typedValue(t, patterned, "02.01.2026"); v != "2026-01-02" || code != "" {
		t.Errorf("with the pattern: %q %q, want ISO", v, code)
	}
}

func TestTypedNumber(t *testing.T) {
	m := typedMapper(t, "Score", mapping.Column{})
	for _, cell := range []string{"12,5€", "12,5", "1.234,5", "12 kg", "+3"} {
		if _, code, _ := typedValue(t, m, cell); code != "typed_number" {
			t.Errorf("%q: code %q, want typed_number", cell, code)
		}
	}
	for _, cell := range []string{"12", "-12.5", "0.25"} {
		if v, code, _ := typedValue(t, m, cell); v != cell || code != "" {
			t.Errorf("%q: %q %q", cell, v, code)
		}
	}
	// A decimal comma is read where the column says so, with a replace.
	comma := typedMapper(t, "Score", mapping.Column{Replace: &mapping.Replace{Pattern: `^(-?[0-9]+),([0-9]+)$`, With: "$1.$2"}})
	if v, code, _ := typedValue(t, comma, "12,5"); v != "12.5" || code != "" {
		t.Errorf("decimal comma by replace: %q %q", v, code)
	}
	if _, code, _ := typedValue(t, comma, "12,5€"); code != "typed_number" {
		t.Errorf("12,5€ with the replace: code %q, want typed_number", code)
	}
}

func TestTypedBoolean(t *testing.T) {
	m := typedMapper(t, "Opted", mapping.Column{})
	if v, _, _ := typedValue(t, m, "TRUE"); v != "true" {
		t.Errorf("TRUE sends %q, want true", v)
	}
	if _, code, reason := typedValue(t, m, "ja"); code != "typed_boolean" || !strings.Contains(reason, "bool") {
		t.Errorf("ja: %q %q", code, reason)
	}
	withBool := typedMapper(t, "Opted", mapping.Column{Transforms: []string{"bool"}})
	if v, code, _ := typedValue(t, withBool, "ja"); v != "true" || code != "" {
		t.Errorf("ja with the bool transform: %q %q", v, code)
	}
}

func TestTypedEnum(t *testing.T) {
	m := typedMapper(t, "USER.customattribute.Tier", mapping.Column{})
	if v, code, _ := typedValue(t, m, "Gold"); v != "Gold" || code != "" {
		t.Errorf("Gold: %q %q", v, code)
	}
	_, code, reason := typedValue(t, m, "Bronze")
	if code != "typed_enum" || !strings.Contains(reason, `"Gold", "Silver"`) || strings.Contains(reason, "Bronze") {
		t.Errorf("Bronze: %q %q; want the allowed values named and the cell not repeated", code, reason)
	}
	if _, code, _ := typedValue(t, m, "gold"); code != "typed_enum" {
		t.Errorf("gold: code %q, want typed_enum (the tenant compares exactly)", code)
	}
}

// TestTypedNone: without types, and for an attribute the types do not name, values pass as
// before; a standard attribute named like a typed custom one is not checked.
func TestTypedNone(t *testing.T) {
	f := &mapping.File{Columns: []mapping.Column{{Name: "Email", Target: "email"}, {Name: "Value", Target: "Score"}}}
	m, err := mapping.Compile(f, []string{"Email", "Value"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Map([]string{"ann@example.org", "12,5€"}); err != nil {
		t.Errorf("without types: %v", err)
	}
	title := []mapping.Typed{{Name: "Title", Type: "NUMBER"}}
	f = &mapping.File{Columns: []mapping.Column{{Name: "Email", Target: "email"}, {Name: "Value", Target: "user.Title"}}}
	m, err = mapping.Compile(f, []string{"Email", "Value"}, mapping.Options{Types: title})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Map([]string{"ann@example.org", "1"}); err != nil {
		t.Errorf("standard Title checked against a custom Title's type: %v", err)
	}
}

// TestTypedConstant: a constant the tenant's type refuses fails the mapping, not every row.
func TestTypedConstant(t *testing.T) {
	f := &mapping.File{Columns: []mapping.Column{{Name: "Email", Target: "email"}},
		Constants: []mapping.Constant{{Target: "Tier", Value: "Bronze"}}}
	_, err := mapping.Compile(f, []string{"Email"}, mapping.Options{Types: typedTypes})
	if err == nil || !strings.Contains(err.Error(), "constant Tier") {
		t.Errorf("err = %v, want the constant named", err)
	}
}
