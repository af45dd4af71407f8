package main

import (
	"strings"
	"testing"
)

// exportHeader is what `sandbox export` prints for generated files.
const exportHeader = "contactId,emailAddress,mobileNumber,applicationAlias,identifier,CustomerTier,DateOfBirth,FirstName,ISOCountryCode,LastName,ZipCode"

func TestMergeState(t *testing.T) {
	in := strings.Join([]string{
		strings.Join(csvHeader, ","),
		"a@example.com,Anna,Weber,+4915100000001,DE,1980-01-02,10115,gold",
		"b@example.com,Ben,Koch,,AT,1990-03-04,1010,",
		"A@EXAMPLE.COM,Anna,Weber,,CH,,8001,", // same contact: empty cells send nothing
	}, "\n")
	want := map[string][]string{}
	if err := mergeState(want, strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if len(want) != 2 {
		t.Fatalf("got %d contacts, want 2", len(want))
	}
	got := strings.Join(want["a@example.com"], ",")
	if exp := "A@EXAMPLE.COM,Anna,Weber,+4915100000001,CH,1980-01-02,8001,gold"; got != exp {
		t.Errorf("merged contact = %s, want %s", got, exp)
	}
	if err := mergeState(want, strings.NewReader("email,name\nx,y\n")); err == nil {
		t.Error("a file with another header was accepted")
	}
}

func TestComparer(t *testing.T) {
	want := map[string][]string{
		"a@example.com": strings.Split("a@example.com,Anna,Weber,+4915100000001,DE,1980-01-02,10115,gold", ","),
		"b@example.com": strings.Split("b@example.com,Ben,Koch,,AT,1990-03-04,1010,", ","),
	}
	rowA := "1,a@example.com,+4915100000001,,,gold,1980-01-02,Anna,DE,Weber,10115"
	rowB := "2,B@Example.com,,,,,1990-03-04,Ben,AT,Koch,1010"
	tests := []struct {
		name   string
		export []string
		want   tally
	}{
		{"identical", []string{rowA, rowB}, tally{}},
		{"lost", []string{rowA}, tally{Missing: 1}},
		{"duplicated", []string{rowA, rowB, "3,A@example.com,,,,gold,1980-01-02,Anna,DE,Weber,10115"}, tally{Extra: 1}},
		{"unexpected", []string{rowA, rowB, "3,c@example.com,,,,,,,,,"}, tally{Extra: 1}},
		{"altered", []string{rowA, "2,b@example.com,,,,,1990-03-04,Benjamin,AT,Koch,1010"},
			tally{Altered: 1, First: "column FirstName, contactId 2"}},
		{"empty sandbox", nil, tally{Missing: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newComparer(want)
			for _, line := range append([]string{exportHeader}, tt.export...) {
				if err := c.add(strings.Split(line, ",")); err != nil {
					t.Fatalf("add: %v", err)
				}
			}
			got, err := c.result()
			if err != nil {
				t.Fatalf("result: %v", err)
			}
			if got != tt.want {
				t.Errorf("tally = %+v, want %+v", got, tt.want)
			}
			if got.ok() != (tt.want == tally{}) {
				t.Errorf("ok() = %v for %+v", got.ok(), got)
			}
		})
	}
}

func TestComparerMissingColumns(t *testing.T) {
	// A sandbox that stored no tier at all prints no CustomerTier column; empty expected cells
	// still match.
	want := map[string][]string{"a@example.com": strings.Split("a@example.com,Anna,Weber,,DE,1980-01-02,10115,", ",")}
	c := newComparer(want)
	for _, line := range []string{
		"contactId,emailAddress,mobileNumber,applicationAlias,identifier,DateOfBirth,FirstName,ISOCountryCode,LastName,ZipCode",
		"1,a@example.com,,,,1980-01-02,Anna,DE,Weber,10115",
	} {
		if err := c.add(strings.Split(line, ",")); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := c.result(); err != nil || !got.ok() {
		t.Errorf("result() = %+v, %v; want a clean tally", got, err)
	}
	if err := newComparer(want).add([]string{"id", "email"}); err == nil {
		t.Error("an export header without emailAddress was accepted")
	}
	if _, err := newComparer(want).result(); err == nil {
		t.Error("an export without a header was accepted")
	}
}

func TestTallyString(t *testing.T) {
	tests := []struct {
		name string
		in   tally
		want string
	}{
		{"clean", tally{}, "0"},
		{"lost", tally{Missing: 3}, "3 lost, 0 duplicated or unexpected, 0 altered"},
		{"altered", tally{Altered: 1, First: "column ZipCode, contactId 9"},
			"0 lost, 0 duplicated or unexpected, 1 altered (first: column ZipCode, contactId 9)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
