package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"contactimport/printable"
	"contactimport/report"
)

// TestImportShowsServerTextSafely: an API that refuses every row with an errorCode holding a
// terminal escape and a message of hundreds of KB full of escapes: stderr (JSON logs), the
// printed table, the report and the summary carry the code and message escaped and cut, so 60
// rows make a report of kilobytes and nothing acts on a terminal.
func TestImportShowsServerTextSafely(t *testing.T) {
	msg := strings.Repeat(`value refused \u001b[2J\u202e `, 900_000/32)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"errorActor":"CLIENT","errorCode":"\u001b[31mBAD","message":"`+msg+`"}`)
	}))
	defer ts.Close()
	dir := t.TempDir()
	var in strings.Builder
	in.WriteString("user.Email\n")
	for i := range 60 {
		fmt.Fprintf(&in, "c%d@example.org\n", i)
	}
	file := filepath.Join(dir, "list.csv")
	if err := os.WriteFile(file, []byte(in.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	rep := filepath.Join(dir, "r.csv")
	env := func(k string) string {
		return map[string]string{"ENGAGE_USER": "u", "ENGAGE_PASSWORD": "p"}[k]
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"import", "--url", ts.URL + "/api/rest/v19", "--progress", "none",
		"--rate", "1000", "--log-format", "json", "--report", rep, file}, env, nil, &stdout, &stderr)
	if code == 0 {
		t.Fatalf("exit 0; want the rows failed\n%s", stderr.String())
	}
	printed := stdout.String() + stderr.String()
	if strings.ContainsAny(printed, "\x1b\u202e") || strings.Contains(printed, `\u001b`) {
		t.Errorf("a raw or JSON-quoted escape was printed:\n%.2000s", printed)
	}
	if len(printed) > 64<<10 {
		t.Errorf("%d bytes printed for 60 rows", len(printed))
	}
	data, err := os.ReadFile(rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 60*(printable.MessageMax+200) {
		t.Errorf("report of %d bytes for 60 rows", len(data))
	}
	r, err := report.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	l, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if l.Code != `\x1b[31mBAD` || len(l.Message) > printable.MessageMax+len("…") || strings.ContainsAny(l.Message, "\x1b\u202e") {
		t.Errorf("report code %q, message of %d bytes: want the escape shown and the message cut", l.Code, len(l.Message))
	}
	sum, err := os.ReadFile(rep + ".json")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sum, []byte(`\u001b`)) || len(sum) > 16<<10 {
		t.Errorf("summary of %d bytes holds an escape:\n%.2000s", len(sum), sum)
	}
}
