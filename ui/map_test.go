package ui

import (
	"bufio"
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"contactimport/mapping"
)

// copyList copies a sample into dir, so that a mapping saved beside it stays in the test.
func copyList(t *testing.T, dir, rel string) string {
	t.Helper()
	data, err := os.ReadFile(rel)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, filepath.Base(rel))
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// textareaYAML is the mapping text of a map screen.
func textareaYAML(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `<textarea id="yaml"`)
	if !ok {
		t.Fatalf("no mapping text in the page:\n%s", excerpt(page, "mapview"))
	}
	_, rest, _ = strings.Cut(rest, ">")
	text, _, _ := strings.Cut(rest, "</textarea>")
	return html.UnescapeString(text)
}

func TestMapShowsDraftWithReasonsAndQuestions(t *testing.T) {
	dir, _, do := listServer(t)
	list := copyList(t, dir, "../samples/legacy-crm.csv")
	r := do("GET", "/map?path="+url.QueryEscape(list), nil)
	b := body(t, r)
	if r.StatusCode != 200 {
		t.Fatalf("status %d: %s", r.StatusCode, b)
	}
	yaml := textareaYAML(t, b)
	if _, err := mapping.ParseFile("draft", []byte(yaml)); err != nil {
		t.Fatalf("the draft shown does not parse: %v\n%s", err, yaml)
	}
	for _, want := range []string{
		`value="email" list="targets"`,                     // E-Mail → email
		`value="trim, lower"`,                              // its transforms
		`Frau → 2, Herr → 1`,                               // Anrede's values
		`class="question"`,                                 // a TODO as a question
		"send it with {to: user.CustomAttribute.Kundennr}", // Kundennr's question
		"email addresses in 120 of 120 sampled rows",       // a reason
		"Contacts are matched by: email",
	} {
		if !strings.Contains(strings.ReplaceAll(b, "&#34;", `"`), want) {
			t.Errorf("the map screen lacks %q", want)
		}
	}
}

func TestMapEditRemapsThePreview(t *testing.T) {
	dir, _, do := listServer(t)
	list := copyList(t, dir, contactsCSV)
	yaml := textareaYAML(t, body(t, do("GET", "/map?path="+url.QueryEscape(list), nil)))
	form := url.Values{"path": {list}, "yaml": {yaml}, "edit": {"1"}, "name-1": {"user.FirstName"},
		"to-1": {"user.CustomAttribute.Vorname"}, "tf-1": {"trim, upper"}}
	b := body(t, do("POST", "/map/edit", form))
	got := textareaYAML(t, b)
	if !strings.Contains(got, "user.FirstName: {to: user.CustomAttribute.Vorname, transform: [trim, upper]} # Mapp's own column name") {
		t.Errorf("the edit is not in the mapping text, with its comment:\n%s", got)
	}
	if !strings.Contains(b, `<span class="meta">user.CustomAttribute.Vorname</span> LUKAS`) {
		t.Errorf("the preview does not send row 1's first name as edited:\n%s", excerpt(b, `id="p-1"`))
	}
	// An edit that makes the mapping wrong says why, as check would.
	form.Set("yaml", got)
	form.Set("to-1", "user.LastName")
	b = body(t, do("POST", "/map/edit", form))
	if !strings.Contains(b, "is already the target of column") {
		t.Errorf("a target given twice is not refused:\n%s", excerpt(b, "error"))
	}
}

func TestSetColumnKeepsItsOtherKeys(t *testing.T) {
	in := "columns:\n  Anrede: {to: user.Title, values: {Frau: \"2\", Herr: \"1\"}}  # salutations\n  Notiz: skip\n"
	out, err := setColumn([]byte(in), "Anrede", "user.CustomAttribute.Anrede", []string{"trim"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := mapping.ParseFile("m", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	c := f.Columns[0]
	if c.Target != "user.CustomAttribute.Anrede" || len(c.Transforms) != 1 || c.Values["Herr"] != "1" || !strings.Contains(string(out), "# salutations") {
		t.Errorf("got %+v from\n%s", c, out)
	}
	out, _ = setColumn(out, "Neu", "user.City", nil)
	out, _ = setColumn(out, "Notiz", "", nil)
	f, err = mapping.ParseFile("m", out)
	if err != nil || len(f.Columns) != 3 || f.Columns[2].Target != "user.City" || !f.Columns[1].Skip {
		t.Errorf("%v: %+v\n%s", err, f, out)
	}
}

func TestMapSaveWritesBesideTheList(t *testing.T) {
	dir, _, do := listServer(t)
	list := copyList(t, dir, contactsCSV)
	yaml := textareaYAML(t, body(t, do("GET", "/map?path="+url.QueryEscape(list)+"&encoding=utf-8&delimiter=%2C", nil)))
	form := url.Values{"path": {list}, "encoding": {"utf-8"}, "delimiter": {","}, "yaml": {yaml}}
	for i, name := range []string{"contacts.mapping.yaml", "contacts.mapping.2.yaml"} {
		b := body(t, do("POST", "/map/save", form))
		saved := filepath.Join(dir, name)
		fi, err := os.Stat(saved)
		if err != nil {
			t.Fatalf("save %d: %v\n%s", i+1, err, b)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want 0600", name, fi.Mode().Perm())
		}
		if data, _ := os.ReadFile(saved); string(data) != yaml {
			t.Errorf("%s holds\n%s\nwant the text shown\n%s", name, data, yaml)
		}
		next := "/target?" + url.Values{"list": {list}, "mapping": {saved}, "encoding": {"utf-8"}, "delimiter": {","}}.Encode()
		if !strings.Contains(b, `href="`+strings.ReplaceAll(next, "&", "&amp;")+`"`) {
			t.Errorf("save %d does not lead to %s:\n%s", i+1, next, b)
		}
	}
	b := body(t, do("POST", "/map/save", url.Values{"path": {list}, "yaml": {"columns: [\n"}}))
	if !strings.Contains(b, `class="error"`) {
		t.Errorf("a mapping that does not parse is saved:\n%s", b)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "contacts.mapping.3.yaml")); m != nil {
		t.Errorf("a mapping that does not parse was written")
	}
}

func TestMapLoadReadsAMappingFile(t *testing.T) {
	dir, _, do := listServer(t)
	list := copyList(t, dir, "../samples/legacy-crm.csv")
	form := url.Values{"path": {list}, "yaml": {""}, "load": {abs(t, "../samples/legacy-crm.yaml")}}
	b := body(t, do("POST", "/map/load", form))
	want, _ := os.ReadFile("../samples/legacy-crm.yaml")
	if got := textareaYAML(t, b); got != string(want) {
		t.Errorf("the loaded text is\n%s\nwant\n%s", got, want)
	}
	if strings.Contains(b, `class="error"`) {
		t.Errorf("the sample mapping does not map its list:\n%s", excerpt(b, "error"))
	}
	form.Set("load", dir)
	if b := body(t, do("POST", "/map/load", form)); !strings.Contains(b, "not a regular file") && !strings.Contains(b, "directory") {
		t.Errorf("a folder is loaded as a mapping file:\n%s", excerpt(b, "error"))
	}
}

func TestMapCheckCountsTheWholeFile(t *testing.T) {
	dir, s, do := listServer(t)
	list := copyList(t, dir, contactsCSV)
	yaml := textareaYAML(t, body(t, do("GET", "/map?path="+url.QueryEscape(list), nil)))
	b := body(t, do("POST", "/map/check", url.Values{"path": {list}, "yaml": {yaml}}))
	if !strings.Contains(b, `sse-connect="/map/check/1/events"`) {
		t.Fatalf("the check does not stream its progress:\n%s", b)
	}
	j := s.lists.checks[1]
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := j.wait(ctx); err != nil {
		t.Fatal(err)
	}
	st := j.status()
	if !st.Done || st.Rows != 300 || st.Valid != 294 || st.Failed != 6 || st.Err != "" {
		t.Errorf("status %+v; want 300 rows: 294 valid, 6 failed", st)
	}
	want := map[string]int{"validation": 6}
	for _, c := range st.Classes {
		if want[c.Name] != c.N {
			t.Errorf("class %s: %d rows", c.Name, c.N)
		}
	}
	if len(st.Codes) != 6 {
		t.Errorf("codes %v: want the sample's six errors, one each", st.Codes)
	}

	// The events end with the final counts, then "done".
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	r := request("GET", srv.URL+"/map/check/1/events", s.cfg.Guard.Token(), nil)
	r.RequestURI, r.Host = "", addr
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var events []string
	for sc := bufio.NewScanner(resp.Body); sc.Scan(); {
		if e, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			events = append(events, e)
		}
		if strings.Contains(sc.Text(), "294 ready to send") {
			events = append(events, "counts")
		}
	}
	if strings.Join(events, " ") != "status counts done" {
		t.Errorf("events %v; want the final status with its counts, then done", events)
	}
}

func TestMapErrorsKeepTheMappingShown(t *testing.T) {
	dir, _, do := listServer(t)
	list := copyList(t, dir, contactsCSV)
	broken := "columns: [\n"
	r := do("POST", "/map/edit", url.Values{"path": {list}, "yaml": {broken}, "edit": {"0"}, "name-0": {"user.Email"}, "to-0": {"email"}})
	b := body(t, r)
	if r.StatusCode != 200 || textareaYAML(t, b) != broken || !strings.Contains(b, "the mapping file:") {
		t.Errorf("an edit of a text that does not parse: status %d, want the text kept and the reason:\n%s", r.StatusCode, excerpt(b, "error"))
	}
	good := "columns:\n  user.Email: email\n"
	b = body(t, do("POST", "/map/load", url.Values{"path": {list}, "yaml": {good}, "load": {filepath.Join(dir, "nope.yaml")}}))
	if textareaYAML(t, b) != good || !strings.Contains(b, "nope.yaml") {
		t.Errorf("a mapping file that is not there replaced the mapping shown, or was not named:\n%s", excerpt(b, "error"))
	}
	b = body(t, do("POST", "/map/load", url.Values{"path": {list}, "yaml": {good}}))
	if !strings.Contains(b, text.noMappingPath) {
		t.Errorf("a load without a path does not say what to type:\n%s", excerpt(b, "error"))
	}
}

func TestMapCheckReplacesTheLastOne(t *testing.T) {
	dir, s, do := listServer(t)
	list := copyList(t, dir, contactsCSV)
	yaml := textareaYAML(t, body(t, do("GET", "/map?path="+url.QueryEscape(list), nil)))
	form := url.Values{"path": {list}, "yaml": {yaml}}
	do("POST", "/map/check", form)
	s.lists.mu.Lock()
	first := s.lists.checks[1]
	s.lists.mu.Unlock()
	b := body(t, do("POST", "/map/check", form))
	if !strings.Contains(b, `sse-connect="/map/check/2/events"`) {
		t.Fatalf("the second check is not number 2:\n%s", b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := first.wait(ctx); err != nil {
		t.Fatal(err)
	}
	// Replaced: stopped with that reason, unless it had ended already; either way forgotten.
	if st := first.status(); st.Err != "" && st.Err != text.checkReplaced {
		t.Errorf("the replaced check ended with %q", st.Err)
	}
	if r := do("GET", "/map/check/1/events", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("the replaced check's events: status %d, want 404", r.StatusCode)
	}
	s.lists.mu.Lock()
	second := s.lists.checks[2]
	s.lists.mu.Unlock()
	if err := second.wait(ctx); err != nil || second.status().Valid != 294 {
		t.Errorf("the second check: %+v, %v", second.status(), err)
	}
}
