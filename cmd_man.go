package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"contactimport/flagdoc"
	"contactimport/report/runfile"
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

// writeManPages writes contactimport.1 and one page per command into dir (runfile.PublishInto:
// a symlink placed at a page's name is replaced, never followed; the pages are readable by all).
func writeManPages(dir string) error {
	b := readBuildInfo()
	h := flagdoc.Header{Version: b.Version, Date: b.Date, Usage: usage}
	if len(h.Date) >= 10 {
		h.Date = h.Date[:10] // the commit's day: the same bytes for every build of a commit
	}
	var pages []runfile.Page
	for _, p := range flagdoc.ManPages(h, commands()) {
		pages = append(pages, runfile.Page{Name: p.Name, Text: p.Text})
	}
	return runfile.PublishInto(dir, pages)
}
