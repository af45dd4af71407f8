package flagdoc

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Shell is a shell `completion` writes a script for, with its writer.
type Shell struct {
	Name  string
	Write func(w io.Writer, cmds []Command) error
}

// Shells are the shells a completion script is written for, in the order the help names them.
func Shells() []Shell {
	return []Shell{{"bash", Bash}, {"zsh", Zsh}, {"fish", Fish}, {"powershell", PowerShell}}
}

// ShellNames are the names of Shells.
func ShellNames() []string {
	var out []string
	for _, s := range Shells() {
		out = append(out, s.Name)
	}
	return out
}

// compCommand is one word (or two, for sandbox's) a completion script completes after.
type compCommand struct {
	key     string   // "import", "sandbox serve"; "" for the top level, "sandbox" for its words
	words   []string // the words that may follow: commands at the top level and under sandbox
	summary []string // one per word
	flags   []flagSpec
	operand Operand
}

// completionModel is what every script completes, built from the commands' own flag sets.
func completionModel(commands []Command) []compCommand {
	top := compCommand{key: ""}
	box := compCommand{key: "sandbox"}
	var cmds []compCommand
	for _, c := range commands {
		fs, _ := commandHelp(c)
		specs := append(flagSpecs(fs, c.Values), flagSpec{name: "help", usage: "show the flags of " + c.Name})
		cmds = append(cmds, compCommand{key: c.Name, flags: specs, operand: c.Operand})
		if sub, ok := strings.CutPrefix(c.Name, "sandbox "); ok {
			box.words, box.summary = append(box.words, sub), append(box.summary, c.Summary)
			if !slices.Contains(top.words, "sandbox") {
				top.words, top.summary = append(top.words, "sandbox"), append(top.summary, "the Engage-compatible sandbox: serve, export")
			}
			continue
		}
		top.words, top.summary = append(top.words, c.Name), append(top.summary, c.Summary)
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

// Bash writes the bash completion script for cmds.
func Bash(w io.Writer, cmds []Command) error {
	model := completionModel(cmds)
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
		case FileOperand:
			b.WriteString("        _contactimport_files\n")
		case DirOperand:
			b.WriteString("        _contactimport_dirs\n")
		case ShellOperand:
			fmt.Fprintf(&b, "        _contactimport_offer %s\n", shQuoteAll(ShellNames(), bashWord))
		}
		b.WriteString("        ;;\n")
	}
	b.WriteString("    esac\n}\n\ncomplete -F _contactimport contactimport\n")
	_, err := io.WriteString(w, b.String())
	return err
}
