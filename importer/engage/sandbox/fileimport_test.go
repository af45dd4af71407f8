package sandbox

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fileRig is a sandbox with automations over an SFTP data directory, served over HTTP.
type fileRig struct {
	box   *Server
	files *SFTP
	autos *Automations
	url   string
}

func newFileRig(t *testing.T, autos []Automation) *fileRig {
	t.Helper()
	box, err := New(Options{User: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { box.Close() })
	files, err := NewSFTP(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { files.Close() })
	a := NewAutomations(box, files, autos)
	t.Cleanup(a.Close)
	ts := httptest.NewServer(a)
	t.Cleanup(ts.Close)
	return &fileRig{box: box, files: files, autos: a, url: ts.URL + "/api/rest/v19"}
}

// put writes a file into the files directory.
func (r *fileRig) put(t *testing.T, name, content string) {
	t.Helper()
	p := filepath.Join(r.files.Files(), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// runOnce starts automation id, waits for its run and returns the process details.
func (r *fileRig) runOnce(t *testing.T, id int64) Process {
	t.Helper()
	var started struct{ ProcessID int64 }
	r.call(t, http.MethodPost, "/automation/runOnce?automationId="+strconv.FormatInt(id, 10), &started)
	r.autos.Wait()
	var p Process
	r.call(t, http.MethodGet, "/process/getDetails?processId="+strconv.FormatInt(started.ProcessID, 10), &p)
	return p
}

func (r *fileRig) call(t *testing.T, method, path string, out any) {
	t.Helper()
	req, _ := http.NewRequest(method, r.url+path, nil)
	req.SetBasicAuth("u", "p")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: HTTP %d", method, path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

func (r *fileRig) contacts(t *testing.T) map[string]Contact {
	t.Helper()
	cs, err := r.box.Contacts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Contact{}
	for _, c := range cs {
		out[c.Email] = c
	}
	return out
}

const importHeader = `"user.Email","user.FirstName","member.Tier"` + "\r\n"

// TestAutomationImportsCompleteFiles: only whole *.csv files are imported (a .part file is left
// alone), invalid emails go to the error report the process names, imported files move to done/
// and a second run imports nothing again.
func TestAutomationImportsCompleteFiles(t *testing.T) {
	r := newFileRig(t, []Automation{{ID: 7, Dir: "up", Mode: ModeAddUpdate, Group: 1001}})
	r.put(t, "up/list.mapp-001.csv", importHeader+`"ann@example.org","Ann","gold"`+"\r\n"+`"not-an-email","Bob",""`+"\r\n")
	r.put(t, "up/list.mapp-002.csv.part", importHeader+`"carl@example.org","Carl",""`+"\r\n")
	p := r.runOnce(t, 7)
	if p.Status != StateFinished || p.TotalCount != 2 || p.ProcessedCount != 2 {
		t.Fatalf("process = %+v, want FINISHED with 2 of 2 rows", p)
	}
	if !strings.Contains(p.Error, "1 of 2 rows rejected") || !strings.Contains(p.Error, "/up/errors/process-1.errors.csv") {
		t.Errorf("process error = %q, want the rejected count and the report", p.Error)
	}
	cs := r.contacts(t)
	if len(cs) != 1 || cs["ann@example.org"].Attributes["FirstName"] != "Ann" {
		t.Fatalf("contacts = %+v, want Ann only", cs)
	}
	rep, err := os.ReadFile(filepath.Join(r.files.Files(), "up", "errors", "process-1.errors.csv"))
	if err != nil || !strings.Contains(string(rep), "not-an-email") || !strings.Contains(string(rep), "invalid email address") {
		t.Errorf("error report = %q, %v", rep, err)
	}
	if _, err := os.Stat(filepath.Join(r.files.Files(), "up", "done", "list.mapp-001.csv")); err != nil {
		t.Errorf("imported file not in done/: %v", err)
	}
	if _, err := os.Stat(filepath.Join(r.files.Files(), "up", "list.mapp-002.csv.part")); err != nil {
		t.Errorf("the .part file was touched: %v", err)
	}
	again := r.runOnce(t, 7)
	if again.Status != StateFailed || !strings.Contains(again.Error, "no complete .csv file") {
		t.Errorf("second run = %+v, want FAILED with nothing to import", again)
	}
}

// TestAutomationModes: add leaves an existing profile alone, update creates nobody, add-and-update
// does both; every imported contact is a member of the automation's group.
func TestAutomationModes(t *testing.T) {
	r := newFileRig(t, []Automation{
		{ID: 1, Dir: "add", Mode: ModeAdd, Group: 1001},
		{ID: 2, Dir: "upd", Mode: ModeUpdate},
		{ID: 3, Dir: "both", Mode: ModeAddUpdate},
	})
	r.put(t, "both/a.csv", importHeader+`"ann@example.org","Ann",""`+"\r\n")
	if p := r.runOnce(t, 3); p.Status != StateFinished || p.Error != "" {
		t.Fatalf("add-and-update: %+v", p)
	}
	r.put(t, "add/a.csv", importHeader+`"ann@example.org","Anna","gold"`+"\r\n"+`"bob@example.org","Bob",""`+"\r\n")
	if p := r.runOnce(t, 1); p.Status != StateFinished || p.Error != "" {
		t.Fatalf("add: %+v", p)
	}
	cs := r.contacts(t)
	if cs["ann@example.org"].Attributes["FirstName"] != "Ann" || cs["bob@example.org"].ID == 0 {
		t.Fatalf("after add: %+v; want Ann unchanged and Bob created", cs)
	}
	if st := r.box.Stats(); st.Members != 2 {
		t.Errorf("members = %d, want 2 (add puts existing and new contacts in the group)", st.Members)
	}
	r.put(t, "upd/a.csv", importHeader+`"ann@example.org","Anna",""`+"\r\n"+`"eve@example.org","Eve",""`+"\r\n")
	p := r.runOnce(t, 2)
	if p.Status != StateFinished || !strings.Contains(p.Error, "1 of 2 rows rejected") {
		t.Fatalf("update: %+v", p)
	}
	cs = r.contacts(t)
	if cs["ann@example.org"].Attributes["FirstName"] != "Anna" || cs["eve@example.org"].ID != 0 {
		t.Errorf("after update: %+v; want Anna updated and no Eve", cs)
	}
}

// TestAutomationFails: a header that is not Mapp's fails the process, naming the file; an unknown
// automation or process is a NO_SUCH_OBJECT answer.
func TestAutomationFails(t *testing.T) {
	r := newFileRig(t, []Automation{{ID: 1, Dir: "up", Mode: ModeAddUpdate}})
	r.put(t, "up/x.csv", "Email,Name\r\nann@example.org,Ann\r\n")
	p := r.runOnce(t, 1)
	if p.Status != StateFailed || !strings.Contains(p.Error, "/up/x.csv") || !strings.Contains(p.Error, `"Email"`) {
		t.Errorf("process = %+v, want FAILED naming the file and the header", p)
	}
	for _, path := range []string{"/automation/runOnce?automationId=9", "/process/getDetails?processId=99"} {
		method := http.MethodGet
		if strings.Contains(path, "runOnce") {
			method = http.MethodPost
		}
		req, _ := http.NewRequest(method, r.url+path, nil)
		req.SetBasicAuth("u", "p")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: HTTP %d, want 400", path, resp.StatusCode)
		}
	}
}

// TestParseAutomations reads the flag's spelling and refuses what it cannot use.
func TestParseAutomations(t *testing.T) {
	got, err := ParseAutomations("1:upload:add-and-update:1001,2:sub/dir:update")
	if err != nil || FormatAutomations(got) != "1:upload:add-and-update:1001,2:sub/dir:update" {
		t.Fatalf("ParseAutomations = %+v, %v", got, err)
	}
	for _, bad := range []string{"1:up", "x:up:add", "1:..:add", "1:up:replace", "1:up:add,1:b:add", "1:up:add:0"} {
		if _, err := ParseAutomations(bad); err == nil {
			t.Errorf("ParseAutomations(%q) accepted", bad)
		}
	}
}
