package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestReleaseReproducible builds this machine's archive twice: the SHA256SUMS are identical and
// true, the archive holds the binary, README, LICENSE, completions and man pages, and the binary
// reports the commit it was built from.
func TestReleaseReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds contactimport twice")
	}
	if runtime.GOOS == "windows" {
		t.Skip("reads the tar.gz archive of a Unix platform")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: the release reads the commit from it")
	}
	target := runtime.GOOS + "/" + runtime.GOARCH
	var sums [2][]byte
	dirs := [2]string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")}
	for i, dir := range dirs {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{"--out", dir, "--only", target, "--version", "9.9.9-test"}, &stdout, &stderr); err != nil {
			t.Fatalf("release: %v\n%s", err, stderr.String())
		}
		var err error
		if sums[i], err = os.ReadFile(filepath.Join(dir, "SHA256SUMS")); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(sums[0], sums[1]) {
		t.Fatalf("two builds differ:\n%s\n%s", sums[0], sums[1])
	}
	archive := fmt.Sprintf("contactimport_9.9.9-test_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
	for _, name := range []string{archive, "contactimport_9.9.9-test_sbom.cdx.json"} {
		data, err := os.ReadFile(filepath.Join(dirs[0], name))
		if err != nil {
			t.Fatal(err)
		}
		if line := fmt.Sprintf("%x  %s\n", sha256.Sum256(data), name); !strings.Contains(string(sums[0]), line) {
			t.Errorf("SHA256SUMS lacks %q:\n%s", line, sums[0])
		}
	}
	sbom, err := os.ReadFile(filepath.Join(dirs[0], "contactimport_9.9.9-test_sbom.cdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The modules of the binary, among them the CA roots the scratch image relies on.
	for _, want := range []string{`"pkg:golang/golang.org/x/crypto/x509roots/fallback@`, `"pkg:golang/modernc.org/sqlite@`, `"pkg:golang/std@go1.`} {
		if !strings.Contains(string(sbom), want) {
			t.Errorf("the SBOM lacks %s", want)
		}
	}
	files := untar(t, filepath.Join(dirs[0], archive), t.TempDir())
	top := strings.TrimSuffix(archive, ".tar.gz") + "/"
	for _, want := range []string{"contactimport", "README.md", "LICENSE", "completions/contactimport.bash", "completions/_contactimport",
		"completions/contactimport.fish", "completions/contactimport.ps1", "man/man1/contactimport.1", "man/man1/contactimport-import.1",
		"samples/contacts.csv", "samples/newsletter.yaml"} {
		if files[top+want] == "" {
			t.Errorf("the archive lacks %s", want)
		}
	}
	quickStart(t, filepath.Dir(files[top+"contactimport"]))
	out, err := exec.Command(files[top+"contactimport"], "version").CombinedOutput()
	commit, _ := command(context.Background(), "", nil, "git", "rev-parse", "HEAD")
	if err != nil || !strings.HasPrefix(string(out), "contactimport 9.9.9-test\n") || !strings.Contains(string(out), commit) {
		t.Errorf("version from the archive: %v\n%s", err, out)
	}
}

// untar unpacks a tar.gz into dir and returns the path of each file by its name in the archive.
func untar(t *testing.T, archive, dir string) map[string]string {
	t.Helper()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	files := map[string]string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, filepath.FromSlash(h.Name))
		if h.Typeflag == tar.TypeDir {
			if err := os.MkdirAll(path, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, os.FileMode(h.Mode)); err != nil {
			t.Fatal(err)
		}
		files[h.Name] = path
	}
}

func TestRunRefuses(t *testing.T) {
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "old.tar.gz"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{}, "usage"},
		{[]string{"--out", t.TempDir(), "--only", "plan9/amd64"}, "not a release target"},
		{[]string{"--out", t.TempDir(), "--version", "1.0/evil"}, "letters, digits"},
		{[]string{"--out", full, "--version", "1.0.0"}, "not empty"},
	}
	for _, tt := range tests {
		err := run(context.Background(), tt.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("release %q: %v, want an error saying %q", tt.args, err, tt.want)
		}
	}
}

// quickStart runs the README's quick start in the unpacked archive dir: the sample list into the
// sandbox exits 3 (its six bad rows), the sandbox then holds the good ones, and a check passes
// the newsletter list.
func quickStart(t *testing.T, dir string) {
	t.Helper()
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", "--sandbox", "--rate", "1000", "--progress", "none", "samples/contacts.csv"}, 3, "sandbox"},
		{[]string{"sandbox", "export"}, 0, "@"},
		{[]string{"check", "--mapping", "samples/newsletter.yaml", "samples/newsletter.csv"}, 0, ""},
	}
	for _, s := range steps {
		cmd := exec.Command(filepath.Join(dir, "contactimport"), s.args...)
		cmd.Dir = dir
		out, _ := cmd.CombinedOutput()
		if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != s.code || !strings.Contains(string(out), s.want) {
			t.Errorf("contactimport %s: exit %v, want %d\n%s", strings.Join(s.args, " "), cmd.ProcessState, s.code, out)
		}
	}
}
