package main

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"contactimport/mapping"
)

// records generates opts and parses the result back, header first.
func records(t testing.TB, opts genOptions) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := generate(&buf, opts); err != nil {
		t.Fatalf("generate(%+v): %v", opts, err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("generate(%+v) wrote CSV that does not parse: %v", opts, err)
	}
	return recs
}

func TestGenerateShape(t *testing.T) {
	tests := []struct {
		name string
		opts genOptions
	}{
		{"empty", genOptions{Rows: 0, Seed: 1}},
		{"one row", genOptions{Rows: 1, Seed: 1}},
		{"offset", genOptions{Rows: 50, Offset: 1_000_000, Seed: 7}},
		{"many", genOptions{Rows: 5000, Seed: 2}},
		{"shuffled", genOptions{Rows: 5000, Offset: 10, Seed: 3, Shuffle: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := records(t, tt.opts)
			if got, want := len(recs), tt.opts.Rows+1; got != want {
				t.Fatalf("got %d records, want %d (header and rows)", got, want)
			}
			if !slices.Equal(recs[0], csvHeader) {
				t.Errorf("header = %q, want %q", recs[0], csvHeader)
			}
			emails, mobiles := map[string]bool{}, map[string]bool{}
			for i, rec := range recs[1:] {
				email := strings.ToLower(rec[0])
				if emails[email] {
					t.Errorf("row %d: email repeats an earlier row's", i+1)
				}
				emails[email] = true
				if m := rec[3]; m != "" {
					if mobiles[m] {
						t.Errorf("row %d: mobile number repeats an earlier row's", i+1)
					}
					mobiles[m] = true
				}
			}
		})
	}
}

func TestGenerateDeterministic(t *testing.T) {
	var a, b, c bytes.Buffer
	for _, w := range []struct {
		buf  *bytes.Buffer
		seed uint64
	}{{&a, 3}, {&b, 3}, {&c, 4}} {
		if err := generate(w.buf, genOptions{Rows: 300, Seed: w.seed}); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two files from the same options differ")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("files from different seeds are identical")
	}
}

// TestGenerateOverlap checks what the 50/50 file relies on: the same key is the same person
// (email, names, mobile) whatever the seed and offset, and the seed changes other attributes.
func TestGenerateOverlap(t *testing.T) {
	base := records(t, genOptions{Rows: 200, Seed: 1})[1:]
	shifted := records(t, genOptions{Rows: 200, Offset: 100, Seed: 2})[1:]
	attrsChanged := 0
	for i := range 100 {
		a, b := base[100+i], shifted[i]
		if !slices.Equal(a[:4], b[:4]) {
			t.Fatalf("key %d: identity differs between files: %q vs %q", 100+i, a[:4], b[:4])
		}
		if !slices.Equal(a[4:], b[4:]) {
			attrsChanged++
		}
	}
	if attrsChanged < 50 {
		t.Errorf("another seed changed the attributes of %d of 100 contacts, want most", attrsChanged)
	}
	known := map[string]bool{}
	for _, r := range base {
		known[strings.ToLower(r[0])] = true
	}
	for i, r := range shifted[100:] {
		if known[strings.ToLower(r[0])] {
			t.Errorf("row %d of the shifted file should be a new contact", 101+i)
		}
	}
}

// TestGenerateShuffle checks that -shuffle reorders the same rows and nothing else.
func TestGenerateShuffle(t *testing.T) {
	opts := genOptions{Rows: 500, Offset: 7, Seed: 9}
	plain := records(t, opts)
	opts.Shuffle = true
	shuffled := records(t, opts)
	if slices.EqualFunc(plain, shuffled, slices.Equal) {
		t.Fatal("the shuffled file is in ascending order")
	}
	key := func(rec []string) string { return strings.Join(rec, ",") }
	a, b := make([]string, 0, len(plain)), make([]string, 0, len(shuffled))
	for i := range plain {
		a, b = append(a, key(plain[i])), append(b, key(shuffled[i]))
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Error("the shuffled file holds other rows than the plain one")
	}
	if again := records(t, opts); !slices.EqualFunc(shuffled, again, slices.Equal) {
		t.Error("two shuffled files from the same options differ")
	}
}

// TestGenerateValid maps every generated row with the CLI's own auto-mapping and validation:
// a benchmark row that fails validation would never be sent, and skew every number.
func TestGenerateValid(t *testing.T) {
	recs := records(t, genOptions{Rows: 3000, Seed: 5})
	m, err := mapping.Compile(nil, recs[0], mapping.Options{})
	if err != nil {
		t.Fatalf("auto-mapping the generated header: %v", err)
	}
	for i, rec := range recs[1:] {
		if _, err := m.Map(rec); err != nil {
			t.Errorf("row %d does not validate: %v", i+1, err)
		}
	}
}

func TestGenerateRejects(t *testing.T) {
	for _, opts := range []genOptions{{Rows: -1}, {Rows: 1, Offset: -5}} {
		if err := generate(&bytes.Buffer{}, opts); err == nil {
			t.Errorf("generate(%+v) = nil error, want one", opts)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	const rows = 100_000
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := generate(&buf, genOptions{Rows: rows, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
