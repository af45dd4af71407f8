package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

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

// writeManPages writes contactimport.1 and one page per command into dir.
func writeManPages(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b := readBuildInfo()
	h := flagdoc.Header{Version: b.Version, Date: b.Date, Usage: usage}
	if len(h.Date) >= 10 {
		h.Date = h.Date[:10] // the commit's day: the same bytes for every build of a commit
	}
	for _, p := range flagdoc.ManPages(h, commands()) {
		if err := writeManFile(dir, p.Name, p.Text); err != nil {
			return err
		}
	}
	return nil
}

// writeManFile replaces dir/name by page the way every file is written (runfile.Publish): a
// symlink placed at name is replaced, never followed. A man page is documentation for every user
// of the machine, hence readable by all.
func writeManFile(dir, name, page string) error {
	path := filepath.Join(dir, name)
	if err := runfile.Publish(path, func(w io.Writer) error { _, err := io.WriteString(w, page); return err }); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
