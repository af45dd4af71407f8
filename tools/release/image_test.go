package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestContainerImage builds the image from the Containerfile with buildah, runs `version` in it
// as the image's user, checks that user is not root, and measures the image.
//
// No registry is reachable here, so the builder stage runs on a stand-in for the golang image:
// this machine's Go toolchain and a static busybox for the shell, on scratch. Set
// CONTACTIMPORT_GO_IMAGE to build on a real golang image instead.
func TestContainerImage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a container image")
	}
	buildah, err := exec.LookPath("buildah")
	if err != nil {
		t.Skip("buildah is not installed (apt-get install buildah): the Containerfile is not built here")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	root, err := command(ctx, "", nil, "go", "env", "GOMOD")
	if err != nil {
		t.Fatal(err)
	}
	root = filepath.Dir(root)
	tag := "localhost/contactimport-test:" + strconv.Itoa(os.Getpid())
	bah := func(args ...string) string {
		t.Helper()
		out, err := command(ctx, root, nil, buildah, args...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	base := os.Getenv("CONTACTIMPORT_GO_IMAGE")
	if base == "" {
		base = standInGoImage(t, buildah, bah, tag+"-go")
	}
	modCache, _ := command(ctx, "", nil, "go", "env", "GOMODCACHE")
	goCache, _ := command(ctx, "", nil, "go", "env", "GOCACHE")
	commit, _ := command(ctx, root, nil, "git", "rev-parse", "HEAD")
	// The module and build caches of this machine are lent to the builder: no download, and
	// only what changed is compiled.
	bah("build", "--isolation", "chroot", "-f", "Containerfile", "--build-arg", "GO_IMAGE="+base,
		"--build-arg", "VERSION=0.0.0-imagetest", "--build-arg", "COMMIT="+commit,
		"-v", modCache+":/go/pkg/mod", "-v", goCache+":/root/.cache/go-build", "-t", tag, ".")
	t.Cleanup(func() { cleanup(buildah, "rmi", "-f", tag) })

	var image struct {
		OCIv1 struct {
			Config struct {
				User       string
				Entrypoint []string
			}
		}
	}
	if err := json.Unmarshal([]byte(bah("inspect", "--type", "image", tag)), &image); err != nil {
		t.Fatal(err)
	}
	if config := image.OCIv1.Config; config.User != "65532:65532" || strings.Join(config.Entrypoint, " ") != "contactimport" {
		t.Errorf("image config: user %q, entrypoint %q", image.OCIv1.Config.User, image.OCIv1.Config.Entrypoint)
	}
	c := bah("from", tag)
	t.Cleanup(func() { cleanup(buildah, "rm", c) })
	if out := bah("run", "--isolation", "chroot", c, "--", "contactimport", "version"); !strings.HasPrefix(out, "contactimport 0.0.0-imagetest\n") ||
		!strings.Contains(out, commit) || !strings.Contains(out, "platform: linux/") {
		t.Errorf("version in the image:\n%s", out)
	}
	// Root could create a directory under /etc; the image's user cannot, but owns /data.
	if out, err := command(ctx, root, nil, buildah, "run", "--isolation", "chroot", c, "--", "contactimport", "man", "/etc/man1"); err == nil ||
		!strings.Contains(err.Error(), "permission denied") {
		t.Errorf("man /etc/man1 in the image: %v %s; want permission denied for a non-root user", err, out)
	}
	// bah fails the test when man exits non-zero; what it wrote is read from the container's
	// file system, since buildah's chroot runs have been seen to lose a short stdout.
	bah("run", "--isolation", "chroot", c, "--", "contactimport", "man", "/data/man1")
	mnt := bah("mount", c)
	t.Cleanup(func() { cleanup(buildah, "umount", c) })
	page := filepath.Join(mnt, "data", "man1", "contactimport-import.1")
	if fi, err := os.Stat(page); err != nil || fi.Size() == 0 || fi.Mode().Perm() != 0o644 {
		t.Errorf("man /data/man1 in the image: %s: %v, %v; want a page readable by all", page, fi, err)
	}
	measureImage(t, bah, tag)
}

// standInGoImage builds a builder image from this machine's Go and a static busybox.
func standInGoImage(t *testing.T, buildah string, bah func(...string) string, tag string) string {
	busybox, err := exec.LookPath("busybox")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("no static busybox (apt-get install busybox-static) for the stand-in builder image, and no CONTACTIMPORT_GO_IMAGE")
	}
	c := bah("from", "scratch")
	defer cleanup(buildah, "rm", c)
	goroot, err := command(context.Background(), "", nil, "go", "env", "GOROOT")
	if err != nil {
		t.Fatal(err)
	}
	bah("copy", "-q", c, goroot, "/usr/local/go")
	bah("copy", "-q", c, busybox, "/bin/busybox")
	bah("run", "--isolation", "chroot", c, "/bin/busybox", "--install", "-s", "/bin")
	bah("run", "--isolation", "chroot", c, "/bin/mkdir", "-p", "-m", "1777", "/tmp")
	bah("config", "--env", "PATH=/usr/local/go/bin:/bin", "--env", "HOME=/root", "--env", "GOPATH=/go", "--env", "GOTOOLCHAIN=local", c)
	bah("commit", "-q", c, tag)
	t.Cleanup(func() { cleanup(buildah, "rmi", "-f", tag) })
	return tag
}

// measureImage checks the image as a registry stores and a node pulls it (compressed layers)
// is under 25 MB, and logs its unpacked size.
func measureImage(t *testing.T, bah func(...string) string, tag string) {
	dir := filepath.Join(t.TempDir(), "oci")
	bah("push", "-q", tag, "oci:"+dir+":image")
	var compressed int64
	filepath.Walk(filepath.Join(dir, "blobs"), func(_ string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			compressed += fi.Size()
		}
		return nil
	})
	t.Logf("image: %.1f MB compressed (pulled), %s unpacked", float64(compressed)/1e6, bah("images", "--format", "{{.Size}}", tag))
	if compressed == 0 || compressed >= 25e6 {
		t.Errorf("the image is %.1f MB compressed, want under 25 MB", float64(compressed)/1e6)
	}
}

// cleanup removes what a test made, also after its context ended.
func cleanup(buildah string, args ...string) {
	command(context.Background(), "", nil, buildah, args...)
}
