package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// completionShells are the shells `completion` writes a script for, each with its writer.
func completionShells() []struct {
	name  string
	write func(io.Writer, []compCommand) error
} {
	return []struct {
		name  string
		write func(io.Writer, []compCommand) error
	}{{"bash", writeBash}, {"zsh", writeZsh}, {"fish", writeFish}, {"powershell", writePowerShell}}
}

func shellNames() []string {
	var out []string
	for _, s := range completionShells() {
		out = append(out, s.name)
	}
	return out
}

// completionFlags returns the flag set of `completion` (no flags, but the help of one).
func completionFlags(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("contactimport completion", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: contactimport completion SHELL\n\n"+
			"Prints a completion script for SHELL (%s), made from the same flag\n"+
			"definitions as --help: every command and flag, the values of the flags that take a fixed list,\n"+
			"and file names where a file is expected.\n\n"+
			"  bash:       source <(contactimport completion bash)\n"+
			"  zsh:        contactimport completion zsh > \"${fpath[1]}/_contactimport\"\n"+
			"  fish:       contactimport completion fish > ~/.config/fish/completions/contactimport.fish\n"+
			"  powershell: contactimport completion powershell | Out-String | Invoke-Expression\n",
			strings.Join(shellNames(), ", "))
		fs.PrintDefaults()
	}
	return fs
}

// runCompletion implements `contactimport completion SHELL`.
func runCompletion(args []string, stdout, stderr io.Writer) int {
	fs := completionFlags(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "contactimport completion: name one shell: %s\n", strings.Join(shellNames(), ", "))
		return exitUsage
	}
	for _, sh := range completionShells() {
		if sh.name == fs.Arg(0) {
			if err := sh.write(stdout, completionModel()); err != nil {
				fmt.Fprintln(stderr, "contactimport completion:", err)
				return exitStopped
			}
			return exitOK
		}
	}
	fmt.Fprintf(stderr, "contactimport completion: no completion for %q; the shells are %s\n", fs.Arg(0), strings.Join(shellNames(), ", "))
	return exitUsage
}

// compCommand is one word (or two, for sandbox's) a completion script completes after.
type compCommand struct {
	key     string   // "import", "sandbox serve"; "" for the top level, "sandbox" for its words
	words   []string // the words that may follow: commands at the top level and under sandbox
	summary []string // one per word
	flags   []flagSpec
	operand operand
}

// completionModel is what every script completes, built from the commands' own flag sets.
func completionModel() []compCommand {
	top := compCommand{key: ""}
	box := compCommand{key: "sandbox"}
	var cmds []compCommand
	for _, c := range commands() {
		fs, _ := commandHelp(c)
		specs := append(flagSpecs(fs), flagSpec{name: "help", usage: "show the flags of " + c.name})
		cmds = append(cmds, compCommand{key: c.name, flags: specs, operand: c.operand})
		if sub, ok := strings.CutPrefix(c.name, "sandbox "); ok {
			box.words, box.summary = append(box.words, sub), append(box.summary, c.summary)
			if !slices.Contains(top.words, "sandbox") {
				top.words, top.summary = append(top.words, "sandbox"), append(top.summary, "the Engage-compatible sandbox: serve, export")
			}
			continue
		}
		top.words, top.summary = append(top.words, c.name), append(top.summary, c.summary)
	}
	top.words, top.summary = append(top.words, "help"), append(top.summary, "show the commands")
	return append([]compCommand{top, box}, cmds...)
}

// bashWord escapes v so that, inserted on a command line, it reads as the single word v.
func bashWord(v string) string {
	var b strings.Builder
	for _, r := range v {
		if strings.ContainsRune(" \t\n;|&<>()$`\\\"'*?[]#~!{}", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// shQuote quotes s for a POSIX shell script.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func shQuoteAll(vs []string, each func(string) string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = shQuote(each(v))
	}
	return strings.Join(out, " ")
}

// bashPatterns is the case pattern matching a flag typed with one dash or two.
func bashPatterns(fl []flagSpec) string {
	var p []string
	for _, f := range fl {
		p = append(p, "-"+f.name, "--"+f.name)
	}
	return strings.Join(p, "|")
}

const bashHead = `# bash completion for contactimport, made by "contactimport completion bash" from the flags of
# its commands. Load it with: source <(contactimport completion bash)

# _contactimport_offer adds the words of "$@" that start with what is typed.
_contactimport_offer() {
    local v
    for v in "$@"; do
        [[ $v == "$cur"* ]] && COMPREPLY+=("$v")
    done
}

_contactimport_files() {
    compopt -o filenames 2>/dev/null
    local f
    while IFS= read -r f; do COMPREPLY+=("$f"); done < <(compgen -f -- "$cur")
}

_contactimport_dirs() {
    compopt -o filenames 2>/dev/null
    local f
    while IFS= read -r f; do COMPREPLY+=("$f"); done < <(compgen -d -- "$cur")
}

_contactimport() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd
    COMPREPLY=()
    # --flag=value: bash splits the word at "=".
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 2)); then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    if ((COMP_CWORD == 1)); then
        _contactimport_offer %s
        return
    fi
    cmd=${COMP_WORDS[1]}
    if [[ $cmd == sandbox ]]; then
        if ((COMP_CWORD == 2)); then
            _contactimport_offer %s
            return
        fi
        cmd+=" ${COMP_WORDS[2]}"
    fi
    case $cmd in
`

// writeBash writes the bash completion script.
func writeBash(w io.Writer, model []compCommand) error {
	var b strings.Builder
	fmt.Fprintf(&b, bashHead, shQuoteAll(model[0].words, bashWord), shQuoteAll(model[1].words, bashWord))
	for _, c := range model[2:] {
		fmt.Fprintf(&b, "    %s)\n        case $prev in\n", shQuote(c.key))
		var files, dirs, free []flagSpec
		for _, f := range c.flags {
			switch {
			case f.values != nil:
				fmt.Fprintf(&b, "        %s) _contactimport_offer %s; return ;;\n", bashPatterns([]flagSpec{f}), shQuoteAll(f.values, bashWord))
			case f.file:
				files = append(files, f)
			case f.dir:
				dirs = append(dirs, f)
			case f.arg != "":
				free = append(free, f)
			}
		}
		for _, g := range []struct {
			fl   []flagSpec
			then string
		}{{files, "_contactimport_files; return"}, {dirs, "_contactimport_dirs; return"}, {free, "return"}} {
			if len(g.fl) > 0 {
				fmt.Fprintf(&b, "        %s) %s ;;\n", bashPatterns(g.fl), g.then)
			}
		}
		var dashed []string
		for _, f := range c.flags {
			dashed = append(dashed, f.dashed())
		}
		fmt.Fprintf(&b, "        esac\n        if [[ $cur == -* ]]; then\n            _contactimport_offer %s\n            return\n        fi\n",
			shQuoteAll(dashed, bashWord))
		switch c.operand {
		case fileOperand:
			b.WriteString("        _contactimport_files\n")
		case dirOperand:
			b.WriteString("        _contactimport_dirs\n")
		case shellOperand:
			fmt.Fprintf(&b, "        _contactimport_offer %s\n", shQuoteAll(shellNames(), bashWord))
		}
		b.WriteString("        ;;\n")
	}
	b.WriteString("    esac\n}\n\ncomplete -F _contactimport contactimport\n")
	_, err := io.WriteString(w, b.String())
	return err
}
