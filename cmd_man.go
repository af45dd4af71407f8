package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// manFlags returns the flag set of `man` (no flags, but the help of one).
func manFlags(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("contactimport man", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: contactimport man DIR\n\n"+
			"Writes a man page per command into DIR (created if missing): contactimport.1,\n"+
			"contactimport-import.1 and so on, made from the same flag definitions and help texts as --help.\n"+
			"Read one with: man -l DIR/contactimport-import.1\n")
		fs.PrintDefaults()
	}
	return fs
}

// runMan implements `contactimport man DIR`.
func runMan(args []string, stdout, stderr io.Writer) int {
	fs := manFlags(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "contactimport man: name the directory to write the pages into")
		return exitUsage
	}
	dir := fs.Arg(0)
	if err := writeManPages(dir); err != nil {
		fmt.Fprintln(stderr, "contactimport man:", err)
		return exitStopped
	}
	fmt.Fprintf(stdout, "wrote %d man pages into %s\n", len(commands())+1, dir)
	return exitOK
}

// writeManPages writes contactimport.1 and one page per command into dir.
func writeManPages(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b := readBuildInfo()
	th := manHeader{version: b.Version, date: b.Date}
	if len(th.date) >= 10 {
		th.date = th.date[:10] // the commit's day: the same bytes for every build of a commit
	}
	cmds := commands()
	if err := writeManFile(dir, "contactimport.1", mainManPage(th, cmds)); err != nil {
		return err
	}
	for _, c := range cmds {
		if err := writeManFile(dir, manName(c)+".1", commandManPage(th, c, cmds)); err != nil {
			return err
		}
	}
	return nil
}

// writeManFile replaces dir/name by page through a rename, which never follows a symlink placed
// at name. A man page is documentation for every user of the machine, hence 0644.
func writeManFile(dir, name, page string) error {
	f, err := os.CreateTemp(dir, "."+name+".*")
	if err != nil {
		return err
	}
	_, err = io.WriteString(f, page)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", filepath.Join(dir, name), err)
	}
	return nil
}

// manName is a command's page name: contactimport-import, contactimport-sandbox-serve.
func manName(c command) string {
	return "contactimport-" + strings.ReplaceAll(c.name, " ", "-")
}

// manHeader is what the .TH line of every page says.
type manHeader struct{ version, date string }

func (h manHeader) th(name string) string {
	return fmt.Sprintf(".TH %s 1 %q %q \"User Commands\"\n.nh\n", strings.ToUpper(roffText(name)), h.date, "contactimport "+h.version)
}

// mainManPage is contactimport(1): the commands, from the top-level usage and the table.
func mainManPage(h manHeader, cmds []command) string {
	var b strings.Builder
	paras := strings.Split(strings.TrimSpace(usage), "\n\n")
	b.WriteString(h.th("contactimport"))
	b.WriteString(".SH NAME\ncontactimport \\- import contact lists into the Mapp Engage contact API\n")
	b.WriteString(".SH SYNOPSIS\n.B contactimport\n\\fICOMMAND\\fR [\\fIflags\\fR] [\\fIoperands\\fR]\n")
	b.WriteString(".SH DESCRIPTION\n" + roffParagraphs(paras[0]))
	b.WriteString(".SH COMMANDS\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, ".TP\n\\fBcontactimport %s\\fR %s\n%s.\nSee \\fB%s\\fR(1).\n", roffText(c.name), roffArgs(c.args), roffText(c.summary), roffText(manName(c)))
	}
	if len(paras) > 2 {
		b.WriteString(".SH NOTES\n" + roffParagraphs(strings.Join(paras[2:], "\n\n")))
	}
	b.WriteString(seeAlso(cmds, ""))
	return b.String()
}

// commandManPage is one command's page: its --help, with every flag of its flag set.
func commandManPage(h manHeader, c command, cmds []command) string {
	fs, help := commandHelp(c)
	var b strings.Builder
	b.WriteString(h.th(manName(c)))
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", roffText(manName(c)), roffText(c.summary))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n.B contactimport %s\n%s\n", roffText(c.name), roffArgs(strings.TrimSpace(strings.TrimPrefix(help.synopsis, "contactimport "+c.name))))
	b.WriteString(".SH DESCRIPTION\n")
	if help.description != "" {
		b.WriteString(roffParagraphs(help.description))
	} else {
		b.WriteString(roffText(strings.ToUpper(c.summary[:1])+c.summary[1:]) + ".\n")
	}
	if specs := flagSpecs(fs); len(specs) > 0 {
		b.WriteString(".SH OPTIONS\n")
		for _, f := range specs {
			fmt.Fprintf(&b, ".TP\n\\fB%s\\fR", roffText(f.dashed()))
			switch {
			case f.values != nil && (f.arg == "string" || f.arg == "value"): // no name given: show the values
				fmt.Fprintf(&b, " \\fI%s\\fR", roffText(strings.Join(f.values, "|")))
			case f.arg != "":
				fmt.Fprintf(&b, " \\fI%s\\fR", roffText(f.arg))
			}
			b.WriteString("\n" + roffLines(f.usage))
			if f.def != "" {
				fmt.Fprintf(&b, ".br\nDefault: \\fB%s\\fR.\n", roffText(f.def))
			}
		}
	}
	if t := help.trailer; t != "" {
		if env, ok := strings.CutPrefix(t, "Environment:"); ok {
			b.WriteString(".SH ENVIRONMENT\n" + roffParagraphs(strings.TrimSpace(env)))
		} else {
			b.WriteString(".SH NOTES\n" + roffParagraphs(t))
		}
	}
	b.WriteString(seeAlso(cmds, c.name))
	return b.String()
}

func seeAlso(cmds []command, except string) string {
	var refs []string
	if except != "" {
		refs = append(refs, "\\fBcontactimport\\fR(1)")
	}
	for _, c := range cmds {
		if c.name != except {
			refs = append(refs, "\\fB"+roffText(manName(c))+"\\fR(1)")
		}
	}
	return ".SH SEE ALSO\n" + strings.Join(refs, ",\n") + "\n"
}

// optionLike finds words that are options (-o, --mapping): their dashes must be \- in roff, or
// they print as hyphens that cannot be pasted into a shell.
var optionLike = regexp.MustCompile(`(^|[\s("'\x60\[])-{1,2}[A-Za-z][\w-]*`)

// roffText escapes s for a roff text line; a character beyond ASCII is named by its code point,
// which every roff reads whatever its input encoding.
func roffText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '|':
			b.WriteString(`|\:`) // a place to break a long list of values
		case r > unicode.MaxASCII:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	return optionLike.ReplaceAllStringFunc(b.String(), func(m string) string { return strings.ReplaceAll(m, "-", `\-`) })
}

// roffLines is s as roff source lines; a line starting with a control character is protected.
func roffLines(s string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(strings.TrimSpace(s), "\n") {
		line = strings.TrimSpace(roffText(line))
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			line = `\&` + line
		}
		if line != "" {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// roffParagraphs sets text as paragraphs; an indented block (a list, an example) keeps its lines.
func roffParagraphs(text string) string {
	var b strings.Builder
	for i, p := range strings.Split(text, "\n\n") {
		if i > 0 {
			b.WriteString(".PP\n")
		}
		if strings.HasPrefix(p, " ") || strings.HasPrefix(p, "\t") {
			b.WriteString(".RS\n.nf\n" + roffLines(p) + ".fi\n.RE\n")
			continue
		}
		b.WriteString(roffLines(p))
	}
	return b.String()
}

// roffArgs sets a synopsis's operands: FILE in italics, brackets as they are.
func roffArgs(s string) string {
	return regexp.MustCompile(`[A-Z]{2,}|flags`).ReplaceAllStringFunc(roffText(s), func(m string) string { return `\fI` + m + `\fR` })
}
