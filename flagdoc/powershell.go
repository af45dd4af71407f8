package flagdoc

import (
	"fmt"
	"io"
	"strings"
)

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

// PowerShell writes the PowerShell completion script: a native argument completer over a table
// of the commands; where it offers nothing, PowerShell completes paths.
func PowerShell(w io.Writer, cmds []Command) error {
	model := completionModel(cmds)
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
		operand := map[Operand]string{NoOperand: "none", FileOperand: "path", DirOperand: "path", ShellOperand: "shell"}[c.operand]
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
`, psList(ShellNames()))
	_, err := io.WriteString(w, b.String())
	return err
}
