package flagdoc

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// toyFlags is a command's flag set with one flag of each kind the generators tell apart.
func toyFlags(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("contactimport toy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("force", false, "replace the output")
	fs.String("mode", "upsert", "what to do with a contact: upsert, create or update")
	fs.String("mapping", "", "the mapping `file`")
	fs.String("out-dir", "", "the `directory` to write into")
	fs.Int("rate", 10, "requests per second")
	fs.Duration("stall", 0, "give up after this long without progress")
	fs.String("o", "", "the output `file`")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: contactimport toy [flags] FILE\n\nDoes a toy's work.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\nEnvironment:\n  TOY_HOME   where the toy lives\n")
	}
	return fs
}

func toyValues(name string) []string {
	if name == "mode" {
		return []string{"upsert", "create", "update"}
	}
	return nil
}

// toyCommands is a CLI of two commands, one under the sandbox word, for the generators.
func toyCommands() []Command {
	bare := func(stderr io.Writer) *flag.FlagSet {
		fs := flag.NewFlagSet("contactimport sandbox bare", flag.ContinueOnError)
		fs.SetOutput(stderr)
		fs.String("db", "", "the database `file`")
		return fs
	}
	return []Command{
		{Name: "toy", Args: "FILE", Operand: FileOperand, Summary: "do a toy's work", Flags: toyFlags, Values: toyValues},
		{Name: "sandbox bare", Operand: NoOperand, Summary: "a sandbox command without help", Flags: bare},
	}
}

// TestFlagSpecs: a switch takes no value, a default shows only when it is not the zero value, a
// `file` or `directory` names a path, and the values are the caller's.
func TestFlagSpecs(t *testing.T) {
	got := flagSpecs(toyFlags(io.Discard), toyValues)
	want := []flagSpec{
		{name: "force", usage: "replace the output"},
		{name: "mapping", arg: "file", usage: "the mapping file", file: true},
		{name: "mode", arg: "string", usage: "what to do with a contact: upsert, create or update", def: "upsert",
			values: []string{"upsert", "create", "update"}},
		{name: "o", arg: "file", usage: "the output file", file: true},
		{name: "out-dir", arg: "directory", usage: "the directory to write into", dir: true},
		{name: "rate", arg: "int", usage: "requests per second", def: "10"},
		{name: "stall", arg: "duration", usage: "give up after this long without progress"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d flags, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.name != w.name || g.arg != w.arg || g.usage != w.usage || g.def != w.def || g.file != w.file || g.dir != w.dir || !slices.Equal(g.values, w.values) {
			t.Errorf("flag %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if got[3].dashed() != "-o" || got[5].dashed() != "--rate" {
		t.Errorf("dashed: %s, %s", got[3].dashed(), got[5].dashed())
	}
	for _, s := range flagSpecs(toyFlags(io.Discard), nil) {
		if s.values != nil {
			t.Errorf("--%s has values %q without a Values func", s.name, s.values)
		}
	}
	if !isZeroDefault(&flag.Flag{DefValue: time.Duration(0).String()}) {
		t.Error("a zero duration is shown as a default")
	}
}

// TestCommandHelp: the help splits into the synopsis, what comes before the flags and after.
func TestCommandHelp(t *testing.T) {
	_, h := commandHelp(toyCommands()[0])
	if h.synopsis != "contactimport toy [flags] FILE" || h.description != "Does a toy's work." ||
		h.trailer != "Environment:\n  TOY_HOME   where the toy lives" {
		t.Errorf("got %+v", h)
	}
}

// TestCompletionModel: the top level offers each command once (the sandbox's under one word),
// and every command completes its flags and --help.
func TestCompletionModel(t *testing.T) {
	m := completionModel(toyCommands())
	if len(m) != 4 {
		t.Fatalf("%d entries, want top level, sandbox and two commands", len(m))
	}
	if !slices.Equal(m[0].words, []string{"toy", "sandbox", "help"}) || !slices.Equal(m[1].words, []string{"bare"}) {
		t.Errorf("words: top %q, sandbox %q", m[0].words, m[1].words)
	}
	if m[1].summary[0] != "a sandbox command without help" || m[0].summary[0] != "do a toy's work" {
		t.Errorf("summaries: %q, %q", m[0].summary, m[1].summary)
	}
	toy := m[2]
	if toy.key != "toy" || toy.operand != FileOperand || len(toy.flags) != 8 || toy.flags[7].name != "help" {
		t.Errorf("toy: %+v", toy)
	}
	if m[3].key != "sandbox bare" || len(m[3].flags) != 2 {
		t.Errorf("sandbox bare: %+v", m[3])
	}
}

// TestShellsWriteEveryFlag: each shell's script names every flag of every command and the values
// of the enumerated one.
func TestShellsWriteEveryFlag(t *testing.T) {
	for _, sh := range Shells() {
		var b strings.Builder
		if err := sh.Write(&b, toyCommands()); err != nil {
			t.Fatalf("%s: %v", sh.Name, err)
		}
		for _, want := range []string{"force", "mapping", "mode", "out-dir", "rate", "stall", "db", "upsert", "create", "update"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("the %s script lacks %q", sh.Name, want)
			}
		}
	}
	if !slices.Equal(ShellNames(), []string{"bash", "zsh", "fish", "powershell"}) {
		t.Errorf("ShellNames: %q", ShellNames())
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

// TestShellsReportWriteErrors: a script that cannot be written is an error, not a silent loss.
func TestShellsReportWriteErrors(t *testing.T) {
	for _, sh := range Shells() {
		if err := sh.Write(failingWriter{}, toyCommands()); err == nil {
			t.Errorf("%s: no error from a failing writer", sh.Name)
		}
	}
}
