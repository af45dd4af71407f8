package main

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

// writeZsh writes the zsh completion script (a #compdef function, or sourced).
func writeZsh(w io.Writer, model []compCommand) error {
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
		case fileOperand:
			b.WriteString(" \\\n        '*:file:_files'")
		case dirOperand:
			b.WriteString(" \\\n        '1:directory:_files -/'")
		case shellOperand:
			fmt.Fprintf(&b, " \\\n        '1:shell:(%s)'", strings.Join(shellNames(), " "))
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

// writeFish writes the fish completion script.
func writeFish(w io.Writer, model []compCommand) error {
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
		case fileOperand:
			fmt.Fprintf(&b, "complete -c contactimport %s -F\n", cond)
		case dirOperand:
			fmt.Fprintf(&b, "complete -c contactimport %s -x -a '(__fish_complete_directories)'\n", cond)
		case shellOperand:
			fmt.Fprintf(&b, "complete -c contactimport %s -x -a %s\n", cond, fishQuote(strings.Join(shellNames(), " ")))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// psQuote quotes s as a PowerShell string literal.
func psQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func psList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = psQuote(v)
	}
	return "@(" + strings.Join(q, ", ") + ")"
}

// psWord is v as typed in PowerShell: quoted when PowerShell would read it as syntax.
func psWord(v string) string {
	if strings.ContainsAny(v, " ;|,&(){}@$`'\"<>#") {
		return psQuote(v)
	}
	return v
}

// writePowerShell writes the PowerShell completion script: a native argument completer over a
// table of the commands; where it offers nothing, PowerShell completes paths.
func writePowerShell(w io.Writer, model []compCommand) error {
	var b strings.Builder
	b.WriteString(`# PowerShell completion for contactimport, made by "contactimport completion powershell" from the
# flags of its commands. Load it with: contactimport completion powershell | Out-String | Invoke-Expression

Register-ArgumentCompleter -Native -CommandName 'contactimport', 'contactimport.exe' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $spec = @{
`)
	for _, c := range model[:2] {
		fmt.Fprintf(&b, "        %s = @{ Words = %s }\n", psQuote(c.key), psList(c.words))
	}
	for _, c := range model[2:] {
		var flags, paths, free, values []string
		for _, f := range c.flags {
			flags = append(flags, f.dashed())
			forms := []string{"-" + f.name, "--" + f.name}
			switch {
			case f.values != nil:
				vals := make([]string, len(f.values))
				for i, v := range f.values {
					vals[i] = psWord(v)
				}
				for _, form := range forms {
					values = append(values, psQuote(form)+" = "+psList(vals))
				}
			case f.file || f.dir:
				paths = append(paths, forms...)
			case f.arg != "":
				free = append(free, forms...)
			}
		}
		operand := map[operand]string{noOperand: "none", fileOperand: "path", dirOperand: "path", shellOperand: "shell"}[c.operand]
		fmt.Fprintf(&b, "        %s = @{\n            Flags = %s\n            Values = @{ %s }\n            Paths = %s\n            Free = %s\n            Operand = %s\n        }\n",
			psQuote(c.key), psList(flags), strings.Join(values, "; "), psList(paths), psList(free), psQuote(operand))
	}
	fmt.Fprintf(&b, `    }
    $shells = %s
    $typed = @($commandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $cursorPosition } | ForEach-Object { $_.Extent.Text })
    if ($wordToComplete -ne '') { $typed = @($typed | Select-Object -SkipLast 1) }
    $key = ''
    if ($typed.Count -ge 2) { $key = $typed[1] }
    if ($key -eq 'sandbox' -and $typed.Count -ge 3) { $key = 'sandbox ' + $typed[2] }
    $s = $spec[$key]
    if ($null -eq $s) { return }
    $offer = {
        param($list)
        $list | Where-Object { $_.StartsWith($wordToComplete, [System.StringComparison]::OrdinalIgnoreCase) } |
            ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
    }
    if ($s.Words) { & $offer $s.Words; return }
    $prev = $typed[-1]
    if ($s.Values.ContainsKey($prev)) { & $offer $s.Values[$prev]; return }
    if ($s.Paths -contains $prev -or $s.Free -contains $prev) { return }
    if ($wordToComplete.StartsWith('-')) { & $offer $s.Flags; return }
    if ($s.Operand -eq 'shell') { & $offer $shells }
}
`, psList(shellNames()))
	_, err := io.WriteString(w, b.String())
	return err
}
