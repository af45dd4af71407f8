package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// Set at build time with -ldflags "-X main.version=… -X main.commit=…" (tools/release does). The
// version otherwise is the module version the go command stamped; commit, commitDate and
// modified stand in for the VCS stamp of -buildvcs where the go command could not read one
// (a git worktree, GOFLAGS=-buildvcs=false).
var (
	version    = ""
	commit     = ""
	commitDate = ""
	modified   = ""
)

// buildInfo is what `version` reports: what was built, from which commit, with which Go.
type buildInfo struct {
	Version   string `json:"version"`
	Commit    string `json:"commit,omitempty"`
	Date      string `json:"date,omitempty"` // the commit's time, so that a rebuild reports the same
	Modified  bool   `json:"modified"`       // built from a tree with uncommitted changes
	GoVersion string `json:"go"`
	Platform  string `json:"platform"` // GOOS/GOARCH
}

// readBuildInfo reads the version stamp and the VCS settings the go command records in the
// binary (go build -buildvcs, the default in a repository).
func readBuildInfo() buildInfo {
	b := buildInfo{Version: versionString(), GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
		Commit: commit, Date: commitDate, Modified: modified == "true"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.time":
			b.Date = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// versionString is the version alone: the -ldflags stamp, else the module version.
func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// versionFlags returns the flag set of `version`: --json.
func versionFlags(stderr io.Writer) (*flag.FlagSet, *bool) {
	fs := flag.NewFlagSet("contactimport version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the build information as one JSON object")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: contactimport version [flags]\n\n"+
			"Prints the version, the commit it was built from and that commit's date, whether the tree had\n"+
			"uncommitted changes, the Go version and the platform.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs, asJSON
}

// runVersion implements `contactimport version [--json]`.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs, asJSON := versionFlags(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "contactimport version: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	b := readBuildInfo()
	var err error
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(b)
	} else {
		err = b.writeText(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "contactimport version:", err)
		return exitStopped
	}
	return exitOK
}

// writeText writes b for people: the version on the first line, as `contactimport --version`
// always printed it, then one line per fact.
func (b buildInfo) writeText(w io.Writer) error {
	commit, date := b.Commit, b.Date
	if commit == "" {
		commit = "unknown (built outside a repository)"
	} else if b.Modified {
		commit += " (with uncommitted changes)"
	}
	if date == "" {
		date = "unknown"
	}
	_, err := fmt.Fprintf(w, "contactimport %s\ncommit:   %s\ndate:     %s\ngo:       %s\nplatform: %s\n",
		b.Version, commit, date, b.GoVersion, b.Platform)
	return err
}
