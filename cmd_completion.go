package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"contactimport/flagdoc"
)

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
			strings.Join(flagdoc.ShellNames(), ", "))
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
		fmt.Fprintf(stderr, "contactimport completion: name one shell: %s\n", strings.Join(flagdoc.ShellNames(), ", "))
		return exitUsage
	}
	for _, sh := range flagdoc.Shells() {
		if sh.Name == fs.Arg(0) {
			if err := sh.Write(stdout, commands()); err != nil {
				fmt.Fprintln(stderr, "contactimport completion:", err)
				return exitStopped
			}
			return exitOK
		}
	}
	fmt.Fprintf(stderr, "contactimport completion: no completion for %q; the shells are %s\n", fs.Arg(0), strings.Join(flagdoc.ShellNames(), ", "))
	return exitUsage
}
