package flagdoc

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Header is what every man page says besides its command: the .TH line's version and date, and
// the top-level usage the main page is made from.
type Header struct {
	Version string // the program's version
	Date    string // the day the pages describe, YYYY-MM-DD
	// Usage is the top-level usage: its first paragraph is the main page's description, the
	// paragraphs after the second (the command list) its notes.
	Usage string
}

// Page is one man page: its file name (contactimport-import.1) and its roff source.
type Page struct {
	Name string
	Text string
}

// ManPages returns contactimport(1), listing the commands, and one page per command of cmds.
func ManPages(h Header, cmds []Command) []Page {
	pages := []Page{{"contactimport.1", mainManPage(h, cmds)}}
	for _, c := range cmds {
		pages = append(pages, Page{ManName(c) + ".1", commandManPage(h, c, cmds)})
	}
	return pages
}

// ManName is a command's page name: contactimport-import, contactimport-sandbox-serve.
func ManName(c Command) string {
	return "contactimport-" + strings.ReplaceAll(c.Name, " ", "-")
}

// th is the .TH line of the page name.
func (h Header) th(name string) string {
	return fmt.Sprintf(".TH %s 1 %q %q \"User Commands\"\n.nh\n", strings.ToUpper(RoffText(name)), h.Date, "contactimport "+h.Version)
}

// mainManPage is contactimport(1): the commands, from the top-level usage and the table.
func mainManPage(h Header, cmds []Command) string {
	var b strings.Builder
	paras := strings.Split(strings.TrimSpace(h.Usage), "\n\n")
	b.WriteString(h.th("contactimport"))
	b.WriteString(".SH NAME\ncontactimport \\- import contact lists into the Mapp Engage contact API\n")
	b.WriteString(".SH SYNOPSIS\n.B contactimport\n\\fICOMMAND\\fR [\\fIflags\\fR] [\\fIoperands\\fR]\n")
	b.WriteString(".SH DESCRIPTION\n" + roffParagraphs(paras[0]))
	b.WriteString(".SH COMMANDS\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, ".TP\n\\fBcontactimport %s\\fR %s\n%s.\nSee \\fB%s\\fR(1).\n", RoffText(c.Name), roffArgs(c.Args), RoffText(c.Summary), RoffText(ManName(c)))
	}
	if len(paras) > 2 {
		b.WriteString(".SH NOTES\n" + roffParagraphs(strings.Join(paras[2:], "\n\n")))
	}
	b.WriteString(seeAlso(cmds, ""))
	return b.String()
}

// commandManPage is one command's page: its --help, with every flag of its flag set.
func commandManPage(h Header, c Command, cmds []Command) string {
	fs, help := commandHelp(c)
	var b strings.Builder
	b.WriteString(h.th(ManName(c)))
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", RoffText(ManName(c)), RoffText(c.Summary))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n.B contactimport %s\n%s\n", RoffText(c.Name), roffArgs(strings.TrimSpace(strings.TrimPrefix(help.synopsis, "contactimport "+c.Name))))
	b.WriteString(".SH DESCRIPTION\n")
	if help.description != "" {
		b.WriteString(roffParagraphs(help.description))
	} else {
		b.WriteString(RoffText(strings.ToUpper(c.Summary[:1])+c.Summary[1:]) + ".\n")
	}
	if specs := flagSpecs(fs, c.Values); len(specs) > 0 {
		b.WriteString(".SH OPTIONS\n")
		for _, f := range specs {
			fmt.Fprintf(&b, ".TP\n\\fB%s\\fR", RoffText(f.dashed()))
			switch {
			case f.values != nil && (f.arg == "string" || f.arg == "value"): // no name given: show the values
				fmt.Fprintf(&b, " \\fI%s\\fR", RoffText(strings.Join(f.values, "|")))
			case f.arg != "":
				fmt.Fprintf(&b, " \\fI%s\\fR", RoffText(f.arg))
			}
			b.WriteString("\n" + roffLines(f.usage))
			if f.def != "" {
				fmt.Fprintf(&b, ".br\nDefault: \\fB%s\\fR.\n", RoffText(f.def))
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
	b.WriteString(seeAlso(cmds, c.Name))
	return b.String()
}

func seeAlso(cmds []Command, except string) string {
	var refs []string
	if except != "" {
		refs = append(refs, "\\fBcontactimport\\fR(1)")
	}
	for _, c := range cmds {
		if c.Name != except {
			refs = append(refs, "\\fB"+RoffText(ManName(c))+"\\fR(1)")
		}
	}
	return ".SH SEE ALSO\n" + strings.Join(refs, ",\n") + "\n"
}

// optionLike finds words that are options (-o, --mapping): their dashes must be \- in roff, or
// they print as hyphens that cannot be pasted into a shell.
var optionLike = regexp.MustCompile(`(^|[\s("'\x60\[])-{1,2}[A-Za-z][\w-]*`)

// RoffText escapes s for a roff text line; a character beyond ASCII is named by its code point,
// which every roff reads whatever its input encoding.
func RoffText(s string) string {
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
		line = strings.TrimSpace(RoffText(line))
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
	return regexp.MustCompile(`[A-Z]{2,}|flags`).ReplaceAllStringFunc(RoffText(s), func(m string) string { return `\fI` + m + `\fR` })
}
