package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// release is what the archives are built from.
type release struct {
	root       string // the module's directory
	version    string
	commit     string
	commitTime time.Time
	modified   bool // the work tree differs from the commit
}

// describe reads the commit, its time and whether the tree is modified from git; the version
// is the one given, else git describe's.
func describe(ctx context.Context, version string) (release, error) {
	gomod, err := command(ctx, "", nil, "go", "env", "GOMOD")
	if err != nil || gomod == "" || gomod == os.DevNull {
		return release{}, fmt.Errorf("run from inside the contactimport module: %v", err)
	}
	rel := release{root: filepath.Dir(gomod), version: version}
	git := func(args ...string) (string, error) { return command(ctx, rel.root, nil, "git", args...) }
	if rel.commit, err = git("rev-parse", "HEAD"); err != nil {
		return rel, err
	}
	ct, err := git("log", "-1", "--format=%ct", "HEAD")
	if err != nil {
		return rel, err
	}
	sec, err := strconv.ParseInt(ct, 10, 64)
	if err != nil {
		return rel, fmt.Errorf("commit time %q: %w", ct, err)
	}
	rel.commitTime = time.Unix(sec, 0).UTC()
	status, err := git("status", "--porcelain", "--untracked-files=no")
	if err != nil {
		return rel, err
	}
	rel.modified = status != ""
	if rel.version == "" {
		if rel.version, err = git("describe", "--tags", "--always", "--dirty"); err != nil {
			return rel, err
		}
	}
	return rel, nil
}

// command runs name with args in dir and returns its trimmed stdout; its error carries stderr.
func command(ctx context.Context, dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = env
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}

// goBuild builds contactimport for target ("linux/amd64") into dir and returns the binary's path.
// Everything that could differ between two machines or two runs is fixed: cgo off, -trimpath,
// no build id, the CPU level, and GOFLAGS.
func goBuild(ctx context.Context, rel release, target, dir string) (string, error) {
	goos, goarch, _ := strings.Cut(target, "/")
	bin := filepath.Join(dir, strings.ReplaceAll(target, "/", "_"), exe(goos))
	ldflags := fmt.Sprintf("-s -w -buildid= -X main.version=%s -X main.commit=%s -X main.commitDate=%s -X main.modified=%t",
		rel.version, rel.commit, rel.commitTime.Format(time.RFC3339), rel.modified)
	env := append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch, "GOFLAGS=", "GOAMD64=v1", "GOARM64=v8.0", "GOEXPERIMENT=")
	_, err := command(ctx, rel.root, env, "go", "build", "-trimpath", "-buildvcs=true", "-ldflags="+ldflags, "-o", bin, ".")
	return bin, err
}

func exe(goos string) string {
	if goos == "windows" {
		return "contactimport.exe"
	}
	return "contactimport"
}

// docs are the files every archive holds besides the binary: README, LICENSE, the completion
// scripts and the man pages, the last two made by a build of contactimport for this machine.
func docs(ctx context.Context, rel release, tmp string) ([]entry, error) {
	host, err := goBuild(ctx, rel, runtime.GOOS+"/"+runtime.GOARCH, filepath.Join(tmp, "host"))
	if err != nil {
		return nil, err
	}
	// The sample lists and mappings come along, so that the README's quick start runs from the
	// unpacked archive.
	csvs, _ := filepath.Glob(filepath.Join(rel.root, "samples", "*.csv"))
	yamls, _ := filepath.Glob(filepath.Join(rel.root, "samples", "*.yaml"))
	samples := append(csvs, yamls...)
	if len(csvs) == 0 {
		return nil, fmt.Errorf("no sample lists in %s", filepath.Join(rel.root, "samples"))
	}
	var files []entry
	for _, path := range append([]string{filepath.Join(rel.root, "README.md"), filepath.Join(rel.root, "LICENSE")}, samples...) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		name, _ := filepath.Rel(rel.root, path)
		files = append(files, entry{name: filepath.ToSlash(name), data: data})
	}
	for shell, name := range map[string]string{"bash": "contactimport.bash", "zsh": "_contactimport",
		"fish": "contactimport.fish", "powershell": "contactimport.ps1"} {
		script, err := command(ctx, tmp, nil, host, "completion", shell)
		if err != nil {
			return nil, err
		}
		files = append(files, entry{name: "completions/" + name, data: []byte(script + "\n")})
	}
	manDir := filepath.Join(tmp, "man1")
	if _, err := command(ctx, tmp, nil, host, "man", manDir); err != nil {
		return nil, err
	}
	pages, err := filepath.Glob(filepath.Join(manDir, "*.1"))
	if err != nil || len(pages) == 0 {
		return nil, fmt.Errorf("contactimport man wrote no pages into %s: %v", manDir, err)
	}
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		files = append(files, entry{name: "man/man1/" + filepath.Base(p), data: data})
	}
	return files, nil
}

// build writes the archives of targets, the SBOM and SHA256SUMS into out, and returns their names.
func build(ctx context.Context, rel release, targets []string, out string) ([]string, error) {
	tmp, err := os.MkdirTemp("", "contactimport-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	common, err := docs(ctx, rel, tmp)
	if err != nil {
		return nil, err
	}
	var names, bins []string
	for _, target := range targets {
		bin, err := goBuild(ctx, rel, target, tmp)
		if err != nil {
			return nil, err
		}
		bins = append(bins, bin)
		name, err := writeArchive(rel, target, bin, common, out)
		if err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	deps, goVersion, err := modules(bins)
	if err != nil {
		return nil, err
	}
	sbom, err := newBOM(rel, deps, goVersion)
	if err != nil {
		return nil, err
	}
	sbomName := "contactimport_" + rel.version + "_sbom.cdx.json"
	if err := os.WriteFile(filepath.Join(out, sbomName), sbom, 0o644); err != nil {
		return nil, err
	}
	names = append(names, sbomName)
	if err := writeSums(out, names); err != nil {
		return nil, err
	}
	return append(names, "SHA256SUMS"), nil
}

// writeArchive writes the archive of one target and returns its name.
func writeArchive(rel release, target, bin string, common []entry, out string) (string, error) {
	goos, goarch, _ := strings.Cut(target, "/")
	data, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	files := append(slices.Clone(common), entry{name: exe(goos), data: data, exec: true})
	top := fmt.Sprintf("contactimport_%s_%s_%s", rel.version, goos, goarch)
	var buf bytes.Buffer
	name := top + ".tar.gz"
	if goos == "windows" {
		name = top + ".zip"
		err = writeZip(&buf, top, files, rel.commitTime)
	} else {
		err = writeTarGz(&buf, top, files, rel.commitTime)
	}
	if err != nil {
		return "", err
	}
	return name, os.WriteFile(filepath.Join(out, name), buf.Bytes(), 0o644)
}

// writeSums writes SHA256SUMS for the files names in dir, in the format sha256sum -c reads.
func writeSums(dir string, names []string) error {
	var b strings.Builder
	for _, name := range slices.Sorted(slices.Values(names)) {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(data), name)
	}
	return os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(b.String()), 0o644)
}
