package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/mapping/guess"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestExportScripts runs the scripts in samples/exports/script: for each sample export, init
// drafts the mapping checked in beside it (equal but for its TODO lines), and check and import
// take the list with that mapping. The exports are in $EXPORTS.
//
// A script that needs a mapping key ParseFile does not take yet says so with a condition
// [mapping-KEY] (keys below), and is skipped until the key lands.
func TestExportScripts(t *testing.T) {
	exports, err := filepath.Abs(filepath.Join("samples", "exports"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                filepath.Join("samples", "exports", "script"),
		RequireUniqueNames: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXPORTS", exports)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":    cmdExits,
			"summary":  cmdSummary,
			"cmpdraft": cmdCmpDraft,
		},
		Condition: mappingCondition,
	})
}

// mappingKeys are the smallest mapping files using each key a draft may write.
var mappingKeys = map[string]string{
	"date":          "columns:\n  D: {to: user.DateOfBirth, transform: [\"date:DD/MM/YYYY\"]}\n",
	"bool":          "columns:\n  B: {to: user.CustomAttribute.B, transform: [bool]}\n",
	"country":       "columns:\n  C: {to: user.ISOCountryCode, transform: [country]}\n",
	"replace":       "columns:\n  Z: {to: user.ZipCode, replace: {pattern: \"^'\", with: \"\"}}\n",
	"skip_rows":     "skip_rows:\n  - {column: S, not_empty: true, reason: gone}\n  - {column: S, empty: true, reason: footer}\n  - {column: S, values: [\"1\"], reason: opted out}\ncolumns:\n  S: skip\n",
	"region_column": "phone_region: {column: Land}\ncolumns:\n  Land: skip\n",
}

// mappingCondition answers [mapping-KEY]: whether ParseFile takes KEY; and [nameless-columns]:
// whether a list with empty nameless columns at the end of its lines is read and mapped.
func mappingCondition(cond string) (bool, error) {
	if cond == "nameless-columns" {
		src, err := source.Open(strings.NewReader("Email;;\na@example.org;;\n"), source.Options{Name: "probe.csv"})
		if err != nil {
			return false, nil
		}
		defer src.Close()
		_, err = mapping.Compile(nil, src.Header(), mapping.Options{})
		return err == nil, nil
	}
	key, ok := strings.CutPrefix(cond, "mapping-")
	doc, known := mappingKeys[key]
	if !ok || !known {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	_, err := mapping.ParseFile("probe.yaml", []byte(doc))
	return err == nil, nil
}

// cmdCmpDraft compares a draft init wrote with the mapping checked in from it: the lines that
// do not mention TODO must be the same, in the same order, and there must be as many lines
// that do (a person decides a TODO line in place and leaves its comment).
//
//	cmpdraft GOT WANT
func cmdCmpDraft(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cmpdraft GOT WANT")
	}
	split := func(name string) (plain []string, todo int) {
		for _, l := range strings.Split(ts.ReadFile(name), "\n") {
			if strings.Contains(l, "TODO") {
				todo++
			} else {
				plain = append(plain, l)
			}
		}
		return plain, todo
	}
	got, gotTODO := split(args[0])
	want, wantTODO := split(args[1])
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			ts.Fatalf("%s and %s differ outside the TODO lines, at the %d. such line:\n  got:  %q\n  want: %q", args[0], args[1], i+1, g, w)
		}
	}
	if gotTODO != wantTODO {
		ts.Fatalf("%s has %d TODO lines, %s has %d", args[0], gotTODO, args[1], wantTODO)
	}
}

// TestSampleInputTail checks that init samples the first rows and keeps the last ones of a
// long file, so that a report footer far below the sample is still seen.
func TestSampleInputTail(t *testing.T) {
	var b strings.Builder
	b.WriteString("First Name,Email\n")
	const rows = source.SampleFirst + 50
	for i := range rows {
		fmt.Fprintf(&b, "Ann,p%d@example.org\n", i)
	}
	b.WriteString("\n\"Grand Totals (1050 records)\"\n\n\"Confidential Information - Do Not Distribute\"\n")
	path := filepath.Join(t.TempDir(), "report.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	s, bad, code, err := sampleInput(context.Background(), &options{file: path})
	if err != nil || code != exitOK || bad.Unread != 0 {
		t.Fatalf("sampleInput: %v (code %d, %d unread)", err, code, bad.Unread)
	}
	// Of the 1,052 rows, the first 1,000 and the last 20 are kept, and the 32 between them.
	if s.Total != rows+2 || len(s.Rows) != rows+2-source.SampleTail || len(s.Tail) != source.SampleTail {
		t.Fatalf("total %d, %d sampled, %d in the tail; want %d, %d, %d", s.Total, len(s.Rows), len(s.Tail), rows+2, rows+2-source.SampleTail, source.SampleTail)
	}
	if got := s.Tail[source.SampleTail-3][1]; got != fmt.Sprintf("p%d@example.org", rows-1) {
		t.Errorf("third-last row kept: %q, want the last data row", got)
	}
	if got := s.Tail[source.SampleTail-1][0]; got != "Confidential Information - Do Not Distribute" {
		t.Errorf("last row kept: %q, want the footer's last line", got)
	}
	d := guess.Mapping(*s)
	if len(d.SkipRows) != 1 || !d.SkipRows[0].Empty || d.SkipRows[0].Column != "Email" {
		t.Errorf("skip_rows %+v, want the footer left out by its empty Email", d.SkipRows)
	}
}

// TestInitDraftMode checks that a draft written with -o is readable by its owner only: it names
// the list's columns and what was seen in them.
func TestInitDraftMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	dir := t.TempDir()
	list := filepath.Join(dir, "list.csv")
	if err := os.WriteFile(list, []byte("Email;Vorname\na@example.org;Ann\nb@example.org;Bo\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "draft.yaml")
	var stdout, stderr strings.Builder
	if code := runInit(context.Background(), []string{"-o", out, list}, &stdout, &stderr); code != exitOK {
		t.Fatalf("init: exit %d: %s", code, stderr.String())
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("draft created %v, want -rw-------", mode)
	}
}
