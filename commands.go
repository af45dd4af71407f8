package main

import (
	"bytes"
	"flag"
	"io"
	"log/slog"
	"strings"

	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/mapping"
)

// command is one command of the CLI as completion scripts and man pages describe it. Its flag
// set is the one the command itself parses with, so neither can disagree with --help.
type command struct {
	name    string  // as typed after "contactimport": "import", "sandbox serve"
	args    string  // the operands in the synopsis: "FILE", "[FILE]", "SHELL"
	operand operand // what completion offers for the operands
	summary string  // one line, as the top-level usage says it
	flags   func(stderr io.Writer) *flag.FlagSet
}

// operand is what a command takes after its flags, for completion.
type operand int

const (
	noOperand operand = iota
	fileOperand
	dirOperand
	shellOperand
)

// commands returns every command, in the order of the top-level usage.
func commands() []command {
	importLike := func(name string) func(io.Writer) *flag.FlagSet {
		return func(w io.Writer) *flag.FlagSet { return importFlags(name, &options{command: name}, w) }
	}
	return []command{
		{"import", "FILE", fileOperand, "import a contact list (CSV/TSV, .gz, XLSX)", importLike("import")},
		{"check", "FILE", fileOperand, "dry run: read, map and validate every row; no network", importLike("check")},
		{"retry", "REPORT", fileOperand, "re-import the failed rows of a report", importLike("retry")},
		{"doctor", "[FILE]", fileOperand, "check a target before the first import; learn how it behaves",
			func(w io.Writer) *flag.FlagSet { _, fs := doctorFlags(w); return fs }},
		{"init", "FILE", fileOperand, "write a draft mapping file for a list, guessed from its contents",
			func(w io.Writer) *flag.FlagSet { fs, _ := initFlags(w); return fs }},
		{"convert", "FILE", fileOperand, "write the list as files for Mapp's own file import (huge one-off loads)",
			func(w io.Writer) *flag.FlagSet {
				var dir string
				fs, _ := convertFlags(&options{command: "convert"}, &dir, w)
				return fs
			}},
		{"sandbox serve", "", noOperand, "run the Engage-compatible sandbox server",
			func(w io.Writer) *flag.FlagSet { fs, _ := serveFlags(w); return fs }},
		{"sandbox export", "", noOperand, "print the sandbox's contacts as CSV on stdout",
			func(w io.Writer) *flag.FlagSet { fs, _, _ := exportFlags(w); return fs }},
		{"version", "", noOperand, "print the version, commit, build date, Go version and platform",
			func(w io.Writer) *flag.FlagSet { fs, _ := versionFlags(w); return fs }},
		{"completion", "SHELL", shellOperand, "print a completion script for bash, zsh, fish or powershell", completionFlags},
		{"man", "DIR", dirOperand, "write a man page per command into DIR", manFlags},
	}
}

// flagSpec is one flag as completion scripts and man pages need it.
type flagSpec struct {
	name   string   // without dashes
	arg    string   // the value's name (`file` in the usage, else its type); "" for a switch
	usage  string   // the usage, backquotes removed
	def    string   // the default as --help shows it; "" when it is the zero value
	values []string // the only values it takes, from the list its check reads; nil when free
	file   bool     // the value names a file
	dir    bool     // the value names a directory
}

// dashed is the flag as people type it: --name, or -o for a one-letter name.
func (f flagSpec) dashed() string {
	if len(f.name) == 1 {
		return "-" + f.name
	}
	return "--" + f.name
}

// flagSpecs describes the flags of fs in the order --help lists them.
func flagSpecs(fs *flag.FlagSet) []flagSpec {
	var specs []flagSpec
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		s := flagSpec{name: f.Name, arg: arg, usage: usage, values: flagValues(f.Name)}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			s.arg = ""
		}
		if !isZeroDefault(f) {
			s.def = f.DefValue
		}
		s.file = arg == "file"
		s.dir = arg == "directory"
		specs = append(specs, s)
	})
	return specs
}

// isZeroDefault reports whether f's default is its type's zero value, which --help leaves out.
func isZeroDefault(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "0", "false", "0s", "[]":
		return true
	}
	return false
}

// flagValues returns the values of an enumerated flag, taken from the list that flag's check (or
// the package that reads the value) accepts: completion never offers what the parser refuses.
func flagValues(name string) []string {
	switch name {
	case "identifier":
		return names(mapping.Identifiers())
	case "mode":
		return modeValues()
	case "strategy":
		return strategyValues()
	case "subscription":
		return names(engage.SubscriptionModes())
	case "encoding":
		return source.EncodingNames()
	case "delimiter":
		return source.DelimiterNames()
	case "progress":
		return progressValues()
	case "log-format":
		return logFormatValues()
	case "log-level":
		return logLevels()
	case "workers":
		return []string{new(workersFlag).String()} // auto; a number goes too
	}
	return nil
}

// names spells each of vs as a value on the command line.
func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// logLevels are the names slog.Level's UnmarshalText, which reads --log-level, takes.
func logLevels() []string {
	var out []string
	for _, l := range []slog.Level{slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError} {
		out = append(out, strings.ToLower(l.String()))
	}
	return out
}

// helpText is a command's --help, split around its list of flags.
type helpText struct {
	synopsis    string // the "Usage:" line, without "Usage: "
	description string // what the help says before the flags
	trailer     string // what it says after them (the environment, for example)
}

// commandHelp builds c's flag set and reads its --help, exactly as `contactimport c -h` prints it.
func commandHelp(c command) (*flag.FlagSet, helpText) {
	var full, defaults bytes.Buffer
	fs := c.flags(&full)
	fs.Usage()
	fs.SetOutput(&defaults)
	fs.PrintDefaults()
	before, after := full.String(), ""
	if defaults.Len() > 0 {
		before, after, _ = strings.Cut(before, defaults.String())
	}
	before = strings.TrimSuffix(strings.TrimRight(before, "\n"), "Flags:")
	first, rest, _ := strings.Cut(before, "\n")
	return fs, helpText{
		synopsis:    strings.TrimSpace(strings.TrimPrefix(first, "Usage:")),
		description: strings.TrimSpace(rest),
		trailer:     strings.TrimSpace(after),
	}
}
