package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary stand in for the contactimport command in the scripts, so that
// they run the real main: flags, environment, signals and exit codes.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"contactimport": main})
}

// TestScripts runs the end-to-end scripts in samples/testdata/script against the sample files
// in samples/, which the scripts find in $SAMPLES.
func TestScripts(t *testing.T) {
	samples, err := filepath.Abs("samples")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                filepath.Join("samples", "testdata", "script"),
		RequireUniqueNames: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLES", samples)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":      cmdExits,
			"mode":       cmdMode,
			"setcell":    cmdSetCell,
			"chomp":      cmdChomp,
			"summary":    cmdSummary,
			"closedport": cmdClosedPort,
			"waitport":   cmdWaitPort,
		},
	})
}

// cmdExits runs a program like exec and checks its exit code exactly, since exec tells only
// success from failure and the exit codes are part of the contract.
//
//	exits CODE PROGRAM [ARGS...]
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exits")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad exit code %q", args[0])
	}
	got := 0
	var ee *exec.ExitError
	switch err := ts.Exec(args[1], args[2:]...); {
	case err == nil:
	case errors.As(err, &ee):
		got = ee.ExitCode()
	default:
		ts.Fatalf("exits: run %s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s exited with code %d, want %d", args[1], got, want)
	}
}

// cmdMode checks a file's permission bits.
//
//	mode FILE PERM
func cmdMode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: mode FILE PERM")
	}
	want, err := strconv.ParseUint(args[1], 8, 32)
	if err != nil {
		ts.Fatalf("mode: bad permission %q", args[1])
	}
	fi, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	got := fi.Mode().Perm()
	if (got == fs.FileMode(want)) == neg {
		ts.Fatalf("%s has mode %#o, want %s%#o", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}

// cmdSetCell copies a report, changing cells of the line of one input row, the way a user
// corrects a report in a spreadsheet before feeding it to retry.
//
//	setcell SRC DST ROW COLUMN=VALUE...
func cmdSetCell(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! setcell")
	}
	if len(args) < 4 {
		ts.Fatalf("usage: setcell SRC DST ROW COLUMN=VALUE...")
	}
	// The report keeps its byte order mark and its separator, as a spreadsheet saving it would.
	text := ts.ReadFile(args[0])
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\ufeff")))
	head, _, _ := strings.Cut(text, "\n")
	for _, sep := range ";\t" {
		if strings.Contains(head, "import.row"+string(sep)) {
			cr.Comma = sep
		}
	}
	recs, err := cr.ReadAll()
	ts.Check(err)
	if len(recs) == 0 {
		ts.Fatalf("setcell: %s is empty", args[0])
	}
	header := recs[0]
	rowCol := slices.Index(header, "import.row")
	if rowCol < 0 {
		ts.Fatalf("setcell: %s has no import.row column", args[0])
	}
	var line []string
	for _, rec := range recs[1:] {
		if rec[rowCol] == args[2] {
			line = rec
		}
	}
	if line == nil {
		ts.Fatalf("setcell: %s has no line for row %s", args[0], args[2])
	}
	for _, kv := range args[3:] {
		name, value, ok := strings.Cut(kv, "=")
		col := slices.Index(header, name)
		if !ok || col < 0 {
			ts.Fatalf("setcell: %q is not COLUMN=VALUE with a column of %s", kv, args[0])
		}
		line[col] = value
	}
	f, err := os.OpenFile(ts.MkAbs(args[1]), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	ts.Check(err)
	if strings.HasPrefix(text, "\ufeff") {
		_, err = f.WriteString("\ufeff")
		ts.Check(err)
	}
	w := csv.NewWriter(f)
	w.Comma = cr.Comma
	ts.Check(w.WriteAll(recs))
	ts.Check(f.Close())
}

// cmdSummary checks fields of a run summary (<report>.json), named by dotted paths such as
// counts.failed. Numbers compare as numbers with =, <= or >=; anything else as text with =.
// With !, it fails if any of the conditions holds.
//
//	summary FILE PATH=VALUE|PATH<=N|PATH>=N...
func cmdSummary(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: summary FILE PATH=VALUE...")
	}
	var doc any
	if err := json.Unmarshal([]byte(ts.ReadFile(args[0])), &doc); err != nil {
		ts.Fatalf("summary: %s: %v", args[0], err)
	}
	for _, cond := range args[1:] {
		path, op, want := splitCondition(cond)
		if op == "" {
			ts.Fatalf("summary: %q is not PATH=VALUE, PATH<=N or PATH>=N", cond)
		}
		got, found := lookup(doc, path)
		ok, err := holds(got, found, op, want)
		if err != nil {
			ts.Fatalf("summary: %s: %v", cond, err)
		}
		if ok == neg {
			shown := "missing"
			if found {
				b, _ := json.Marshal(got)
				shown = string(b)
			}
			ts.Fatalf("%s: %s is %s, want %s%s%s", args[0], path, shown, map[bool]string{true: "not ", false: ""}[neg], op, want)
		}
	}
}

func splitCondition(s string) (path, op, value string) {
	for _, op := range []string{"<=", ">=", "="} {
		if i := strings.Index(s, op); i > 0 {
			return s[:i], op, s[i+len(op):]
		}
	}
	return s, "", ""
}

func lookup(doc any, path string) (any, bool) {
	v := doc
	for _, key := range strings.Split(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[key]; !ok {
			return nil, false
		}
	}
	return v, true
}

func holds(got any, found bool, op, want string) (bool, error) {
	if !found {
		return false, nil
	}
	if n, isNum := got.(float64); isNum {
		w, err := strconv.ParseFloat(want, 64)
		if err != nil {
			return false, errors.New("compare a number with " + strconv.Quote(want))
		}
		switch op {
		case "<=":
			return n <= w, nil
		case ">=":
			return n >= w, nil
		}
		return n == w, nil
	}
	if op != "=" {
		return false, errors.New(op + " compares numbers only")
	}
	switch g := got.(type) {
	case string:
		return g == want, nil
	case bool:
		return strconv.FormatBool(g) == want, nil
	case nil:
		return want == "null", nil
	}
	b, _ := json.Marshal(got)
	return string(b) == want, nil
}

// cmdClosedPort sets VAR to a loopback address nothing listens on: it was free a moment ago.
//
//	closedport VAR
func cmdClosedPort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: closedport VAR")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	addr := ln.Addr().String()
	ts.Check(ln.Close())
	ts.Setenv(args[0], addr)
}

// cmdWaitPort waits until a server started in the background accepts connections on ADDR.
//
//	waitport ADDR
func cmdWaitPort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitport ADDR")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", args[0], time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("waitport: nothing accepts connections on %s: %v", args[0], err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cmdChomp removes the final line end of a file, as some editors and spreadsheets save it.
func cmdChomp(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: chomp FILE")
	}
	path := ts.MkAbs(args[0])
	data, err := os.ReadFile(path)
	ts.Check(err)
	data = bytes.TrimRight(data, "\r\n")
	ts.Check(os.WriteFile(path, data, 0o600))
}
