package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// tally is how a sandbox's contacts differ from the contacts the inputs describe. The verify
// subcommand prints it as JSON.
type tally struct {
	Missing int    `json:"missing"` // contacts of the input not in the sandbox: lost rows
	Extra   int    `json:"extra"`   // contacts no input has, or a second contact for one email
	Altered int    `json:"altered"` // contacts whose stored values differ from the input's
	First   string `json:"first"`   // where the first difference is: column and contactId, never a value
}

func (t tally) ok() bool { return t.Missing == 0 && t.Extra == 0 && t.Altered == 0 }

func (t tally) String() string {
	if t.ok() {
		return "0"
	}
	s := fmt.Sprintf("%d lost, %d duplicated or unexpected, %d altered", t.Missing, t.Extra, t.Altered)
	if t.First != "" {
		s += " (first: " + t.First + ")"
	}
	return s
}

// exportColumn is the sandbox export column holding a generated column: the identifier fields
// by their API names, attributes without the user. and CustomAttribute. prefixes.
func exportColumn(inputColumn string) string {
	switch inputColumn {
	case "user.Email":
		return "emailAddress"
	case "user.MobileNumber":
		return "mobileNumber"
	}
	name := strings.TrimPrefix(inputColumn, "user.")
	return strings.TrimPrefix(name, "CustomAttribute.")
}

// expectState is the state that importing the generated files in order leaves behind: one
// contact per email (case-insensitively), and since an empty cell sends nothing, each column
// holds its last non-empty value. Values are keyed by lower-cased email.
func expectState(paths ...string) (map[string][]string, error) {
	want := map[string][]string{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("read expected contacts: %w", err)
		}
		err = mergeState(want, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("read expected contacts from %s: %w", p, err)
		}
	}
	return want, nil
}

func mergeState(want map[string][]string, r io.Reader) error {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return err
	}
	if !slices.Equal(head, csvHeader) {
		return errors.New("not a generated file: unexpected header")
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		key := strings.ToLower(rec[0])
		cur, ok := want[key]
		if !ok {
			want[key] = rec
			continue
		}
		for i, v := range rec {
			if v != "" {
				cur[i] = v
			}
		}
	}
}

// comparer counts how the records of a sandbox export, header first, differ from the wanted
// contacts.
type comparer struct {
	want  map[string][]string
	idx   []int // export column of each generated column, -1 when absent; nil before the header
	idCol int
	seen  map[string]bool
	t     tally
}

func newComparer(want map[string][]string) *comparer {
	return &comparer{want: want, seen: make(map[string]bool, len(want))}
}

// add takes the next export record. It does not keep rec.
func (c *comparer) add(rec []string) error {
	if c.idx == nil {
		c.idx = make([]int, len(csvHeader))
		for i, col := range csvHeader {
			c.idx[i] = slices.Index(rec, exportColumn(col))
		}
		c.idCol = slices.Index(rec, "contactId")
		if c.idx[0] < 0 || c.idCol < 0 {
			return errors.New("read export: no emailAddress or contactId column")
		}
		return nil
	}
	key := strings.ToLower(rec[c.idx[0]])
	exp, ok := c.want[key]
	if !ok || c.seen[key] {
		c.t.Extra++
		return nil
	}
	c.seen[key] = true
	for i, col := range c.idx {
		got := ""
		if col >= 0 {
			got = rec[col]
		}
		if got == exp[i] || i == 0 && strings.EqualFold(got, exp[i]) {
			continue
		}
		if c.t.Altered++; c.t.First == "" {
			c.t.First = fmt.Sprintf("column %s, contactId %s", exportColumn(csvHeader[i]), rec[c.idCol])
		}
		break
	}
	return nil
}

// result is the tally once every record has been added.
func (c *comparer) result() (tally, error) {
	if c.idx == nil {
		return tally{}, errors.New("read export: no header")
	}
	t := c.t
	t.Missing = len(c.want) - len(c.seen)
	return t, nil
}

// verifyExport compares the contacts in the sandbox database db with those the input files
// describe. The comparison holds every expected contact in memory, so it runs in a child
// process (the verify subcommand): on Linux a child's peak RSS starts at its parent's, and a
// harness grown by a million-contact map would mask the CLI's own peak.
func (b *bench) verifyExport(ctx context.Context, db string, inputs []string) (tally, error) {
	var t tally
	self, err := os.Executable()
	if err != nil {
		return t, fmt.Errorf("verify export: %w", err)
	}
	cmd := command(ctx, self, append([]string{"verify", "-bin", b.bin, "-db", db}, inputs...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return t, fmt.Errorf("verify export: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	if err := json.Unmarshal(out, &t); err != nil {
		return t, fmt.Errorf("verify export: %w", err)
	}
	return t, nil
}

// runVerify implements `bench verify -bin CONTACTIMPORT -db FILE INPUT...`: it prints, as JSON,
// how the contacts in the sandbox database differ from those the inputs describe.
func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bin := fs.String("bin", "contactimport", "the contactimport `binary`")
	db := fs.String("db", "", "the sandbox database `file`; its server must be stopped")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *db == "" || fs.NArg() == 0 {
		return errors.New("verify: need -db and at least one input file")
	}
	want, err := expectState(fs.Args()...)
	if err != nil {
		return err
	}
	c := newComparer(want)
	if err := export(ctx, *bin, *db, c.add); err != nil {
		return err
	}
	t, err := c.result()
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(t)
}
