// Package flagdoc owns contactimport's completion scripts (bash, zsh, fish, PowerShell) and man
// pages, generated from the commands' own flag sets and help texts, so neither can disagree with
// --help. It is pure: it builds flag sets to read them, parses nothing and writes only to the
// io.Writer it is given; the caller creates the files. Safe for concurrent use.
package flagdoc

import (
	"bytes"
	"flag"
	"io"
	"strings"
)

// Command is one command of the CLI as completion scripts and man pages describe it. Its flag set
// is the one the command itself parses with, so neither can disagree with --help.
type Command struct {
	Name    string  // as typed after "contactimport": "import", "sandbox serve"
	Args    string  // the operands in the synopsis: "FILE", "[FILE]", "SHELL"
	Operand Operand // what completion offers for the operands
	Summary string  // one line, as the top-level usage says it
	// Flags builds the command's flag set, its help written to stderr.
	Flags func(stderr io.Writer) *flag.FlagSet
	// Values returns the only values the flag of that name (without dashes) takes, from the list
	// its parser accepts; nil for a flag whose value is free. Values itself may be nil.
	Values func(flag string) []string
}

// Operand is what a command takes after its flags, for completion.
type Operand int

// The operands completion knows how to offer.
const (
	NoOperand    Operand = iota
	FileOperand          // a file name
	DirOperand           // a directory name
	ShellOperand         // one of ShellNames
)

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

// flagSpecs describes the flags of fs in the order --help lists them, each with the values
// values gives for it.
func flagSpecs(fs *flag.FlagSet, values func(string) []string) []flagSpec {
	var specs []flagSpec
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		s := flagSpec{name: f.Name, arg: arg, usage: usage}
		if values != nil {
			s.values = values(f.Name)
		}
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

// helpText is a command's --help, split around its list of flags.
type helpText struct {
	synopsis    string // the "Usage:" line, without "Usage: "
	description string // what the help says before the flags
	trailer     string // what it says after them (the environment, for example)
}

// commandHelp builds c's flag set and reads its --help, exactly as `contactimport c -h` prints it.
func commandHelp(c Command) (*flag.FlagSet, helpText) {
	var full, defaults bytes.Buffer
	fs := c.Flags(&full)
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
