// Command release builds contactimport's release: an archive per platform (the binary, README,
// LICENSE, completion scripts and man pages), SHA256SUMS and a CycloneDX SBOM. Two runs on the
// same commit give the same bytes: the build is -trimpath with cgo off, and the archives carry
// the commit's time, fixed modes and owners, and sorted entries.
//
//	go run ./tools/release --out dist [--version V] [--only linux/amd64]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strings"
)

// platforms are the targets of a full release.
var platforms = []string{"darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64", "windows/amd64", "windows/arm64"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

// validVersion keeps a version usable in a file name.
var validVersion = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._+-]*$`)

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "`directory` to write the archives, SHA256SUMS and the SBOM into (created; must be empty)")
	version := fs.String("version", "", "the release's version (default: git describe --tags --always --dirty)")
	only := fs.String("only", "", "build only these comma-separated `os/arch` targets, e.g. linux/amd64")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return errors.New("usage: go run ./tools/release --out DIR [--version V] [--only OS/ARCH]")
	}
	targets := platforms
	if *only != "" {
		targets = strings.Split(*only, ",")
		for _, t := range targets {
			if !slices.Contains(platforms, t) {
				return fmt.Errorf("--only %s: not a release target; the targets are %s", t, strings.Join(platforms, ", "))
			}
		}
	}
	rel, err := describe(ctx, *version)
	if err != nil {
		return err
	}
	if !validVersion.MatchString(rel.version) {
		return fmt.Errorf("version %q: use letters, digits, '.', '_', '+' and '-' only", rel.version)
	}
	if err := emptyDir(*out); err != nil {
		return err
	}
	files, err := build(ctx, rel, targets, *out)
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintln(stdout, f)
	}
	return nil
}

// emptyDir creates dir, or accepts it when it exists and is empty: a release never mixes with
// files of another.
func emptyDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("--out %s is not empty", dir)
	}
	return nil
}
