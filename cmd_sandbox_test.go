package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// lockedBuffer is a bytes.Buffer that the server goroutine and the test may use at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func noEnv(string) string { return "" }

// startSandbox runs `sandbox serve args…` in a goroutine and returns the base URL it prints, and a
// function that stops it and returns its exit code.
func startSandbox(t *testing.T, args ...string) (base string, stop func() int) {
	t.Helper()
	base, stop, _ = startSandboxLogged(t, args...)
	return base, stop
}

// startSandboxLogged is startSandbox that also returns what the server writes on stderr.
func startSandboxLogged(t *testing.T, args ...string) (base string, stop func() int, stderr *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	out, outW := io.Pipe()
	stderr = &lockedBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- runSandbox(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), noEnv, outW, stderr)
		outW.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("sandbox serve printed no URL (%v); stderr:\n%s", err, stderr)
	}
	go io.Copy(io.Discard, out)
	base = strings.TrimSpace(line)
	if !strings.HasPrefix(base, "http://127.0.0.1:") || strings.HasSuffix(base, ":0/api/rest/v19") ||
		!strings.HasSuffix(base, "/api/rest/v19") {
		cancel()
		t.Fatalf("sandbox serve printed %q, want http://127.0.0.1:PORT/api/rest/v19 with the real port", base)
	}
	stopped := false
	stop = func() int {
		stopped = true
		cancel()
		return <-code
	}
	t.Cleanup(func() {
		if !stopped {
			stop()
		}
	})
	return base, stop, stderr
}

func TestSandboxServeThrottlesAndExports(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sandbox.db")
	base, stop := startSandbox(t, "--db", db, "--rate", "5", "--user", "u", "--password", "p")
	client, err := engage.New(engage.Config{BaseURL: base, User: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	var created []string
	throttled := 0
	for i := range 20 {
		email := fmt.Sprintf("c%02d@example.org", i)
		_, err := client.Create(t.Context(), &engage.Contact{Email: email})
		switch {
		case err == nil:
			created = append(created, email)
		case errors.Is(err, engage.ErrThrottled):
			throttled++
		default:
			t.Fatalf("create %d: %v", i, err)
		}
	}
	if throttled == 0 || len(created) < 5 {
		t.Fatalf("%d created, %d throttled: a burst of 20 against --rate 5 must see both", len(created), throttled)
	}

	resp, err := http.Get(strings.TrimSuffix(base, "/api/rest/v19") + sandbox.StatsPath)
	if err != nil {
		t.Fatal(err)
	}
	var st sandbox.Stats
	err = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("decode stats: %v", err)
	}
	if st.Throttled != throttled || st.Requests["create"]["500"] != throttled || st.Requests["create"]["200"] != len(created) {
		t.Errorf("stats: throttled %d, create answers %v; the client saw %d created and %d throttled",
			st.Throttled, st.Requests["create"], len(created), throttled)
	}
	if st.PeakPerSecond < 6 {
		t.Errorf("peak per second %d, want more than the rate of 5", st.PeakPerSecond)
	}
	if code := stop(); code != exitOK {
		t.Fatalf("serve exited %d after cancel, want 0", code)
	}

	var out, stderr bytes.Buffer
	if code := runSandbox(t.Context(), []string{"export", "--db", db}, noEnv, &out, &stderr); code != exitOK {
		t.Fatalf("export exited %d: %s", code, stderr.String())
	}
	records, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatalf("export is not CSV: %v", err)
	}
	if got := strings.Join(records[0], ","); got != "contactId,emailAddress,mobileNumber,applicationAlias,identifier" {
		t.Errorf("export header %q", got)
	}
	var exported []string
	for _, r := range records[1:] {
		exported = append(exported, r[1])
	}
	if strings.Join(exported, " ") != strings.Join(created, " ") {
		t.Errorf("export lists %v, want what was created: %v", exported, created)
	}
}

func TestSandboxUsage(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.db")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no command", nil, exitUsage, "Usage:"},
		{"unknown command", []string{"start"}, exitUsage, `unknown command "start"`},
		{"unknown flag", []string{"serve", "--port", "1"}, exitUsage, "flag provided but not defined: -port"},
		{"bad update mode", []string{"serve", "--update", "upsert"}, exitUsage, `--update "upsert" is not merge or replace`},
		{"empty update mode", []string{"serve", "--update", ""}, exitUsage, `--update "" is not merge or replace`},
		{"bad attribute naming", []string{"serve", "--custom-attributes", "user."}, exitUsage, `--custom-attributes "user." is not bare, prefixed or either`},
		{"bad exists answer", []string{"serve", "--exists-answer", "json"}, exitUsage, `--exists-answer "json" is not envelope or text`},
		{"known attribute without a name", []string{"serve", "--known-attributes", "Tier,,Size"}, exitUsage,
			`--known-attributes: known custom attribute "" has no name`},
		{"known attribute that is only a prefix", []string{"serve", "--known-attributes", "user.CustomAttribute."}, exitUsage,
			`--known-attributes: known custom attribute "user.CustomAttribute." has no name`},
		{"require flag with a value", []string{"serve", "--require-unified-identifier=maybe"}, exitUsage, "invalid boolean value"},
		{"group id not a number", []string{"serve", "--groups", "1001,news"}, exitUsage, `invalid value "1001,news" for flag -groups: group "news": the id is not a positive whole number`},
		{"group given twice", []string{"serve", "--groups", "5,5=again"}, exitUsage, "group 5 is given twice"},
		{"export of group 0", []string{"export", "--group", "0"}, exitUsage, "--group 0 is not a group id"},
		{"export of an unknown group", []string{"export", "--db", emptyDB(t), "--group", "4242"}, exitStopped,
			"export sandbox group 4242: no such group in the database"},
		{"negative rate", []string{"serve", "--rate", "-1"}, exitUsage, "--rate must not be negative"},
		{"negative latency", []string{"serve", "--latency", "-1s"}, exitUsage, "--latency must not be negative"},
		{"fail rate above 1", []string{"serve", "--fail-rate", "1.5"}, exitUsage, "--fail-rate must be between 0 and 1"},
		{"bad duration", []string{"serve", "--latency", "soon"}, exitUsage, "invalid value"},
		{"extra argument", []string{"serve", "now"}, exitUsage, `unexpected argument "now"`},
		{"serve help", []string{"serve", "-h"}, exitOK, `user "sandbox" and password "sandbox"`},
		{"export help", []string{"export", "-h"}, exitOK, "one column per attribute"},
		{"address taken by nothing", []string{"serve", "--addr", "256.0.0.1:0"}, exitStopped, "contactimport sandbox serve:"},
		{"export of a missing database", []string{"export", "--db", missing}, exitStopped, "database " + missing + ": "},
		{"export of a folder", []string{"export", "--db", t.TempDir()}, exitStopped, "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := runSandbox(t.Context(), tt.args, noEnv, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr.String(), tt.stderr)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
		})
	}
}
