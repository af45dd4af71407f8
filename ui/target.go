package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/source"
)

// Target is where the UI's imports and retries send rows: the embedded sandbox or a tenant.
// A typed password lives in this value only, in the server's memory: the engine receives it
// as ENGAGE_PASSWORD through the getenv function a command takes, never as a flag, and no page
// or log line ever shows it (String, Format and LogValue name the target without it).
type Target struct {
	Sandbox     bool
	DB          string // the sandbox database file
	URL         string // the tenant's API base; "" takes ENGAGE_URL
	User        string // "" takes ENGAGE_USER
	Password    string // typed on the target screen; "" takes the environment's
	EnvPassword bool   // the environment gives a password (ENGAGE_PASSWORD or ENGAGE_PASSWORD_FILE)
}

// String names the target as the command's summary does.
func (t Target) String() string {
	switch {
	case t.Sandbox:
		return "sandbox (" + t.DB + ")"
	case t.URL != "":
		if u, err := url.Parse(t.URL); err == nil && u.User != nil {
			u.User = nil // a URL's user and password are never shown: the API refuses them anyway
			return u.String()
		}
		return t.URL
	}
	return text.noTarget
}

// Format prints the target by its name with every verb, so that %+v never shows the password.
func (t Target) Format(f fmt.State, _ rune) { io.WriteString(f, t.String()) }

// LogValue logs the target by its name, never its password.
func (t Target) LogValue() slog.Value { return slog.StringValue(t.String()) }

// DoctorRequest is one `contactimport doctor` the target screen asks for.
type DoctorRequest struct {
	Target    Target
	List      string // the list to import: its mapped attributes are checked
	Mapping   string // the mapping file, "" for auto-mapping
	Encoding  string // --encoding, "" for auto
	Delimiter string // --delimiter, "" for auto
	Group     int64  // --group, 0 for none
	Output    io.Writer
}

// chosen is the target chosen on the target screen, nil before one is.
func (s *Server) chosen() *Target {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.target
}

// targetName names the target runs go to: the one chosen, else the ui command's.
func (s *Server) targetName() string {
	if t := s.chosen(); t != nil {
		return t.String()
	}
	return s.cfg.Engine.Target()
}

// targetPage is what the target screen shows.
type targetPage struct {
	Form      importForm
	T         Target // the choice shown (its password never rendered)
	Held      bool   // a typed password is held in memory
	Groups    []engage.Group
	GroupsErr string
	Findings  string // doctor's output, in the CLI's words
	Code      int    // doctor's exit code
	Checked   bool   // doctor ran
	Modes     []importer.Mode
	Subs      []engage.SubscriptionMode
}

// importForm is what the target screen carries to the run: the list and how to read and map
// it (from the open and map screens), and the run's choices.
type importForm struct {
	List, Mapping, Encoding, Delimiter string
	Group                              int64
	Subscription, Mode, State          string
}

// readForm reads the import's fields from a request's query or form, refusing what the
// command would refuse before it starts: a relative path, a group that is not a number.
func readForm(r *http.Request) (importForm, error) {
	v := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	f := importForm{List: v("list"), Mapping: v("mapping"), Encoding: v("encoding"), Delimiter: v("delimiter"),
		Subscription: v("subscription"), Mode: v("mode"), State: v("state")}
	if f.List == "" || !filepath.IsAbs(f.List) {
		return f, fmt.Errorf(text.listAbs, f.List)
	}
	for name, p := range map[string]string{"mapping": f.Mapping, "state": f.State} {
		if p != "" && !filepath.IsAbs(p) {
			return f, fmt.Errorf(text.pathAbs, name, p)
		}
	}
	if g := v("group"); g != "" {
		id, err := strconv.ParseInt(g, 10, 64)
		if err != nil || id <= 0 {
			return f, fmt.Errorf(text.badGroup, g)
		}
		f.Group = id
	}
	return f, nil
}

// choice reads the target chosen in the form. An empty password field keeps the password
// typed before for the same tenant and user.
func (s *Server) choice(r *http.Request) Target {
	t := s.cfg.Engine.DefaultTarget()
	if r.PostFormValue("kind") == "sandbox" {
		db := strings.TrimSpace(r.PostFormValue("db"))
		if db != "" { // a relative path typed here names a file of the working directory
			db = s.abs(db)
		}
		return Target{Sandbox: true, DB: firstOf(db, t.DB)}
	}
	t.Sandbox = false
	t.URL = firstOf(strings.TrimSpace(r.PostFormValue("url")), t.URL)
	t.User = firstOf(strings.TrimSpace(r.PostFormValue("user")), t.User)
	t.Password = r.PostFormValue("password")
	if old := s.chosen(); t.Password == "" && old != nil && old.URL == t.URL && old.User == t.User {
		t.Password = old.Password
	}
	return t
}

// checkTarget refuses, before it is kept, logged or shown, a tenant URL that carries a user or
// password (the API client refuses one; its password would be in the log and on every page),
// and a sandbox database that exists but is not a regular file: a directory, a device or a
// named pipe is no database, and the database driver's open of a pipe would wait for ever.
func (s *Server) checkTarget(t Target) error {
	if !t.Sandbox {
		if u, err := url.Parse(t.URL); err == nil && u.User != nil {
			return errors.New(text.urlUser)
		}
		return nil
	}
	if t.DB == "" {
		return nil
	}
	fi, err := os.Stat(t.DB)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // the sandbox makes it, as --sandbox-db does
	case err != nil:
		return fmt.Errorf(text.sandboxDB, t.DB, err)
	case !fi.Mode().IsRegular():
		return fmt.Errorf(text.sandboxDB, t.DB, "it is "+source.ModeName(fi.Mode()))
	}
	return nil
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// targetGet shows the target screen for the list and mapping in the query.
func (s *Server) targetGet(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	t := s.cfg.Engine.DefaultTarget()
	if c := s.chosen(); c != nil {
		t = *c
	}
	s.render(w, http.StatusOK, "target.html", s.targetData(r.Context(), f, t))
}

// targetPost keeps the target chosen and runs doctor on it, with the group, as the CLI runs it.
func (s *Server) targetPost(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	t := s.choice(r)
	if err := s.checkTarget(t); err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	s.mu.Lock()
	s.target = &t
	s.mu.Unlock()
	s.cfg.Log.Info("target chosen", "target", t, "group", f.Group)
	var out lockedBuffer
	p := s.targetData(r.Context(), f, t)
	p.Code = s.cfg.Engine.Doctor(r.Context(), DoctorRequest{Target: t, List: f.List, Mapping: f.Mapping,
		Encoding: f.Encoding, Delimiter: f.Delimiter, Group: f.Group, Output: &out})
	p.Findings, p.Checked = out.String(), true
	s.render(w, http.StatusOK, "target.html", p)
}

func (s *Server) targetData(ctx context.Context, f importForm, t Target) targetPage {
	p := targetPage{Form: f, T: t, Held: t.Password != "", Modes: []importer.Mode{importer.ModeUpsert, importer.ModeCreate, importer.ModeUpdate},
		Subs: engage.SubscriptionModes()}
	p.T.Password = ""
	if t.Sandbox || t.URL != "" {
		groups, err := s.cfg.Engine.Groups(ctx, t)
		if err != nil {
			p.GroupsErr = err.Error()
		}
		p.Groups = groups
	}
	return p
}
