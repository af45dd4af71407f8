package flagdoc

import (
	"fmt"
	"io"
	"strings"
)

// firstLine is the first line of a flag's usage: the description a menu has room for.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// zshSpec is one _arguments spec for the flag f.
func zshSpec(f flagSpec) string {
	desc := strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(firstLine(f.usage))
	if f.arg == "" {
		return fmt.Sprintf("%s[%s]", f.dashed(), desc)
	}
	action := " "
	switch {
	case f.values != nil:
		vals := make([]string, len(f.values))
		for i, v := range f.values {
			vals[i] = bashWord(v)
		}
		action = "(" + strings.Join(vals, " ") + ")"
	case f.file:
		action = "_files"
	case f.dir:
		action = "_files -/"
	}
	return fmt.Sprintf("%s=[%s]:%s:%s", f.dashed(), desc, strings.ReplaceAll(f.arg, ":", ""), action)
}

func zshDescribe(c compCommand) string {
	items := make([]string, len(c.words))
	for i, w := range c.words {
		items[i] = shQuote(w + ":" + c.summary[i])
	}
	return strings.Join(items, " ")
}

// Zsh writes the zsh completion script (a #compdef function, or sourced).
func Zsh(w io.Writer, cmds []Command) error {
	model := completionModel(cmds)
	var b strings.Builder
	fmt.Fprintf(&b, `#compdef contactimport
# zsh completion for contactimport, made by "contactimport completion zsh" from the flags of its
# commands. Save it as _contactimport in a directory of $fpath, or: source <(contactimport completion zsh)

_contactimport() {
  local -a cmds
  if (( CURRENT == 2 )); then
    cmds=(%s)
    _describe -t commands 'contactimport command' cmds
    return
  fi
  local cmd=$words[2]
  if [[ $cmd == sandbox ]]; then
    if (( CURRENT == 3 )); then
      cmds=(%s)
      _describe -t commands 'sandbox command' cmds
      return
    fi
    cmd="sandbox $words[3]"
    shift words
    (( CURRENT-- ))
  fi
  shift words
  (( CURRENT-- ))
  case $cmd in
`, zshDescribe(model[0]), zshDescribe(model[1]))
	for _, c := range model[2:] {
		fmt.Fprintf(&b, "    (%s)\n      _arguments -s", strings.ReplaceAll(c.key, " ", `\ `))
		for _, f := range c.flags {
			fmt.Fprintf(&b, " \\\n        %s", shQuote(zshSpec(f)))
		}
		switch c.operand {
		case FileOperand:
			b.WriteString(" \\\n        '*:file:_files'")
		case DirOperand:
			b.WriteString(" \\\n        '1:directory:_files -/'")
		case ShellOperand:
			fmt.Fprintf(&b, " \\\n        '1:shell:(%s)'", strings.Join(ShellNames(), " "))
		}
		b.WriteString("\n      ;;\n")
	}
	b.WriteString(`  esac
}

if [[ $funcstack[1] == _contactimport ]]; then
  _contactimport "$@"
else
  compdef _contactimport contactimport
fi
`)
	_, err := io.WriteString(w, b.String())
	return err
}

// fishQuote quotes s for fish.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// Fish writes the fish completion script.
func Fish(w io.Writer, cmds []Command) error {
	model := completionModel(cmds)
	var b strings.Builder
	b.WriteString(`# fish completion for contactimport, made by "contactimport completion fish" from the flags of
# its commands. Save it as ~/.config/fish/completions/contactimport.fish

# __contactimport_is succeeds when the command typed so far is $argv[1] ("" for none yet).
function __contactimport_is
    set -l words (commandline -opc)
    set -e words[1]
    set -l cmd ''
    if test (count $words) -ge 1
        set cmd $words[1]
        if test $cmd = sandbox; and test (count $words) -ge 2
            set cmd "sandbox $words[2]"
        end
    end
    test "$cmd" = "$argv[1]"
end

complete -c contactimport -f
`)
	for _, c := range model[:2] {
		for i, word := range c.words {
			fmt.Fprintf(&b, "complete -c contactimport -n %s -a %s -d %s\n",
				fishQuote("__contactimport_is "+fishQuote(c.key)), fishQuote(word), fishQuote(c.summary[i]))
		}
	}
	for _, c := range model[2:] {
		cond := "-n " + fishQuote("__contactimport_is "+fishQuote(c.key))
		for _, f := range c.flags {
			opt := "-l " + f.name
			if len(f.name) == 1 {
				opt = "-s " + f.name
			}
			var arg string
			switch {
			case f.values != nil:
				vals := make([]string, len(f.values))
				for i, v := range f.values {
					vals[i] = bashWord(v)
				}
				arg = " -x -a " + fishQuote(strings.Join(vals, " "))
			case f.file:
				arg = " -r -F"
			case f.dir:
				arg = " -x -a '(__fish_complete_directories)'"
			case f.arg != "":
				arg = " -x"
			}
			fmt.Fprintf(&b, "complete -c contactimport %s %s%s -d %s\n", cond, opt, arg, fishQuote(firstLine(f.usage)))
		}
		switch c.operand {
		case FileOperand:
			fmt.Fprintf(&b, "complete -c contactimport %s -F\n", cond)
		case DirOperand:
			fmt.Fprintf(&b, "complete -c contactimport %s -x -a '(__fish_complete_directories)'\n", cond)
		case ShellOperand:
			fmt.Fprintf(&b, "complete -c contactimport %s -x -a %s\n", cond, fishQuote(strings.Join(ShellNames(), " ")))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
