package main

import (
	"flag"
	"io"
	"log/slog"
	"strings"

	"contactimport/flagdoc"
	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/mapping"
)

// commands returns every command as completion scripts and man pages describe it, in the order
// of the top-level usage. Each flag set is the one the command itself parses with, so neither
// can disagree with --help; the values of an enumerated flag are its parser's (flagValues).
func commands() []flagdoc.Command {
	importLike := func(name string) func(io.Writer) *flag.FlagSet {
		return func(w io.Writer) *flag.FlagSet { return importFlags(name, &options{command: name}, w) }
	}
	cmd := func(name, args string, op flagdoc.Operand, summary string, flags func(io.Writer) *flag.FlagSet) flagdoc.Command {
		return flagdoc.Command{Name: name, Args: args, Operand: op, Summary: summary, Flags: flags, Values: flagValues}
	}
	return []flagdoc.Command{
		cmd("import", "FILE", flagdoc.FileOperand, "import a contact list (CSV/TSV, .gz, XLSX)", importLike("import")),
		cmd("check", "FILE", flagdoc.FileOperand, "dry run: read, map and validate every row; no network", importLike("check")),
		cmd("retry", "REPORT", flagdoc.FileOperand, "re-import the failed rows of a report", importLike("retry")),
		cmd("doctor", "[FILE]", flagdoc.FileOperand, "check a target before the first import; learn how it behaves",
			func(w io.Writer) *flag.FlagSet { _, fs := doctorFlags(w); return fs }),
		cmd("init", "FILE", flagdoc.FileOperand, "write a draft mapping file for a list, guessed from its contents",
			func(w io.Writer) *flag.FlagSet { fs, _ := initFlags(w); return fs }),
		cmd("convert", "FILE", flagdoc.FileOperand, "write the list as files for Mapp's own file import (huge one-off loads)",
			func(w io.Writer) *flag.FlagSet {
				var dir string
				fs, _ := convertFlags(&options{command: "convert"}, &dir, w)
				return fs
			}),
		cmd("sandbox serve", "", flagdoc.NoOperand, "run the Engage-compatible sandbox server",
			func(w io.Writer) *flag.FlagSet { fs, _ := serveFlags(w); return fs }),
		cmd("sandbox export", "", flagdoc.NoOperand, "print the sandbox's contacts as CSV on stdout",
			func(w io.Writer) *flag.FlagSet { fs, _, _ := exportFlags(w); return fs }),
		cmd("ui", "[FILE]", flagdoc.FileOperand, "the local web UI: open a list, import it, fix the failed rows of a report",
			func(w io.Writer) *flag.FlagSet { return uiFlags(&uiOptions{}, w) }),
		cmd("version", "", flagdoc.NoOperand, "print the version, commit, build date, Go version and platform",
			func(w io.Writer) *flag.FlagSet { fs, _ := versionFlags(w); return fs }),
		cmd("completion", "SHELL", flagdoc.ShellOperand, "print a completion script for bash, zsh, fish or powershell", completionFlags),
		cmd("man", "DIR", flagdoc.DirOperand, "write a man page per command into DIR", manFlags),
	}
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
