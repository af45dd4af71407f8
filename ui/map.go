package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/mapping/guess"
	"contactimport/report/runfile"
)

// mapView is the mapping screen: the list (its path and the options the mapping file cannot
// carry), the mapping's text, its columns as a table, and a preview mapped with it.
type mapView struct {
	Q       openQuery // the list: path (absolute), encoding, delimiter
	YAML    string
	Columns []mapColumn
	Targets []string // the targets offered while typing one
	Preview *preview
	Err     string     // why the mapping or the list cannot be used as they stand
	Asks    []question // the TODO questions outside the columns' entries
	Ident   string     // the identifier the mapper matches contacts by
}

// mappingName is what the mapping text is called in its error messages.
const mappingName = "mapping"

// buildView parses the mapping text as --mapping parses a file, opens the list with what the
// file says of where it starts (as check does) and the options q carries, compiles the
// mapper for its header, and maps a preview of its rows.
func (s *Server) buildView(ctx context.Context, q openQuery, data []byte) *mapView {
	v := &mapView{Q: q, YAML: string(data), Targets: targets}
	f, ferr := mapping.ParseFile(mappingName, data)
	in := ListInput{Encoding: auto(q.Encoding), Delimiter: auto(q.Delimiter)}
	if ferr == nil {
		in.Sheet, in.SkipLines = f.Sheet, f.SkipLines
	}
	l, err := s.cfg.Engine.OpenList(ctx, q.Path, in)
	if err != nil {
		v.Err = err.Error()
		return v
	}
	defer l.Close()
	var m *mapping.Mapper
	switch {
	case ferr != nil: // the table shows the header only: the text is what must change
		v.Err = ferr.Error()
	default:
		if m, err = mapping.Compile(f, l.Header(), mapping.Options{}); err != nil {
			v.Err = err.Error()
		} else {
			v.Ident = string(m.Identifier())
		}
	}
	v.Preview, err = readPreview(ctx, l.Reader, m)
	if err != nil {
		v.Err = err.Error()
		return v
	}
	v.Columns = mapColumns(l.Header(), f, m, comments(data), v.Preview)
	v.Asks = listQuestions(data, v.Columns)
	return v
}

// targets are the targets a column's field offers: the identifier fields and Engage's
// standard attributes (ENGAGE-API.md); any other attribute name may be typed, a custom one as
// user.CustomAttribute.<Name>.
var targets = []string{"skip", "email", "mobile", "alias", "external", "user.FirstName", "user.LastName", "user.Nickname",
	"user.Title", "user.DateOfBirth", "user.ZipCode", "user.ISOCountryCode", "user.ISOLanguageCode", "user.TimeZone",
	"user.PartnerId", "user.CustomAttribute."}

// mapQuery is the list of a map request, from its query (GET) or form (POST): the path made
// absolute.
func (s *Server) mapQuery(r *http.Request) (openQuery, error) {
	if err := r.ParseForm(); err != nil {
		return openQuery{}, fmt.Errorf("read the form: %w", err)
	}
	v := r.URL.Query()
	if r.Method == http.MethodPost {
		v = r.PostForm
	}
	q := readOpenQuery(v)
	if q.Path == "" {
		return q, errors.New(text.noList)
	}
	q.Path = s.abs(q.Path)
	return q, nil
}

// mapPage drafts the mapping of the list as `contactimport init` drafts it (the engine's
// sample, guess.Mapping) and shows it.
func (s *Server) mapPage(w http.ResponseWriter, r *http.Request) {
	q, err := s.mapQuery(r)
	if err != nil {
		http.Redirect(w, r, "/open", http.StatusSeeOther)
		return
	}
	in, err := q.input()
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	sample, err := s.cfg.Engine.Sample(r.Context(), q.Path, in)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	q.Sheet, q.Skip = "", "" // the draft names them: sheet: and skip_lines:
	s.render(w, http.StatusOK, "map.html", s.buildView(r.Context(), q, guess.Mapping(*sample).Render()))
}

// mapEdit applies the edit of one column (its target and transforms) to the mapping text, or
// takes the text as typed, and shows the screen again: the table, and the preview mapped anew.
func (s *Server) mapEdit(w http.ResponseWriter, r *http.Request) {
	q, err := s.mapQuery(r)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	data := []byte(r.PostFormValue("yaml"))
	if e := r.PostFormValue("edit"); e != "" {
		i, err := strconv.Atoi(e)
		name := r.PostFormValue("name-" + e)
		if err != nil || i < 0 || name == "" {
			s.fail(w, http.StatusBadRequest, fmt.Errorf("edit %q: not a column of the table", e))
			return
		}
		edited, err := setColumn(data, name, r.PostFormValue("to-"+e), splitTransforms(r.PostFormValue("tf-"+e)))
		if err != nil { // the text as it stands, with why the edit cannot be made
			s.renderView(w, r, s.viewWithError(r.Context(), q, data, err))
			return
		}
		data = edited
	}
	s.renderView(w, r, s.buildView(r.Context(), q, data))
}

// mapLoad reads a mapping file (as --mapping reads one: a regular file of at most 1 MiB) and
// shows the list mapped with it.
func (s *Server) mapLoad(w http.ResponseWriter, r *http.Request) {
	q, err := s.mapQuery(r)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	current := []byte(r.PostFormValue("yaml"))
	path := strings.TrimSpace(r.PostFormValue("load"))
	if path == "" {
		s.renderView(w, r, s.viewWithError(r.Context(), q, current, errors.New(text.noMappingPath)))
		return
	}
	data, err := source.ReadFile(r.Context(), s.abs(path), source.KindMapping)
	if err != nil { // the mapping shown stays as it was
		s.renderView(w, r, s.viewWithError(r.Context(), q, current, err))
		return
	}
	s.renderView(w, r, s.buildView(r.Context(), q, data))
}

// viewWithError is the screen for the mapping text data with err shown first.
func (s *Server) viewWithError(ctx context.Context, q openQuery, data []byte, err error) *mapView {
	v := s.buildView(ctx, q, data)
	v.Err = strings.TrimSpace(err.Error() + "\n" + v.Err)
	return v
}

// renderView renders the screen's part below its heading for htmx, the whole page otherwise.
func (s *Server) renderView(w http.ResponseWriter, r *http.Request, v *mapView) {
	name := "map.html"
	if r.Header.Get("HX-Request") == "true" {
		name = "map_view"
	}
	s.render(w, http.StatusOK, name, v)
}

// mapSave writes the mapping text beside the list as <list stem>.mapping.yaml (numbered when
// taken, 0600, by runfile.Create) once it parses as --mapping parses it, and offers the next
// screen with the list, the file, and the options the file cannot carry.
func (s *Server) mapSave(w http.ResponseWriter, r *http.Request) {
	q, err := s.mapQuery(r)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	data := []byte(r.PostFormValue("yaml"))
	if _, err := mapping.ParseFile(mappingName, data); err != nil {
		s.render(w, http.StatusOK, "map_saved", savedView{Err: err.Error()})
		return
	}
	path, err := saveMapping(q.Path, data)
	if err != nil {
		s.render(w, http.StatusOK, "map_saved", savedView{Err: err.Error()})
		return
	}
	s.cfg.Log.Info("mapping saved", "file", path)
	next := url.Values{"list": {q.Path}, "mapping": {path}}
	for k, v := range map[string]string{"encoding": auto(q.Encoding), "delimiter": auto(q.Delimiter)} {
		if v != "" {
			next.Set(k, v)
		}
	}
	s.render(w, http.StatusOK, "map_saved", savedView{Path: path, Shown: s.rel(path), Next: "/target?" + next.Encode()})
}

// savedView is what saving the mapping shows: where it went and the next screen, or why not.
type savedView struct{ Path, Shown, Next, Err string }

// mapCheck starts a whole-file check of the list with the mapping text and shows its progress,
// followed over server-sent events.
func (s *Server) mapCheck(w http.ResponseWriter, r *http.Request) {
	q, err := s.mapQuery(r)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	j, err := s.checkMapping(r.Context(), q, []byte(r.PostFormValue("yaml")))
	if err != nil {
		s.render(w, http.StatusOK, "map_check_status", checkStatus{Done: true, Err: err.Error()})
		return
	}
	s.render(w, http.StatusOK, "map_check", j.status())
}

// checkMapping parses and compiles the mapping for the list's header and starts its check.
func (s *Server) checkMapping(ctx context.Context, q openQuery, data []byte) (*checkJob, error) {
	f, err := mapping.ParseFile(mappingName, data)
	if err != nil {
		return nil, err
	}
	in := ListInput{Encoding: auto(q.Encoding), Delimiter: auto(q.Delimiter), Sheet: f.Sheet, SkipLines: f.SkipLines}
	l, err := s.cfg.Engine.OpenList(ctx, q.Path, in)
	if err != nil {
		return nil, err
	}
	header := l.Header()
	l.Close()
	m, err := mapping.Compile(f, header, mapping.Options{})
	if err != nil {
		return nil, err
	}
	return s.startCheck(q.Path, in, m)
}

// mappingPath is <list stem>.mapping.yaml beside the list, or .mapping.2.yaml, … (n > 1).
func mappingPath(list string, n int) string {
	stem := strings.TrimSuffix(list, ".gz")
	stem = strings.TrimSuffix(stem, filepath.Ext(stem))
	if n > 1 {
		return stem + ".mapping." + strconv.Itoa(n) + ".yaml"
	}
	return stem + ".mapping.yaml"
}

// saveMapping writes data to a new file beside the list (mappingPath), 0600, never over a file
// that exists, and returns its path.
func saveMapping(list string, data []byte) (string, error) {
	for n := 1; n < 1000; n++ {
		p := mappingPath(list, n)
		f, err := runfile.Create(p)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("save the mapping as %s: %w", p, err)
		}
		_, err = f.Write(data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(p)
			return "", fmt.Errorf("save the mapping as %s: %w", p, err)
		}
		return p, nil
	}
	return "", fmt.Errorf("save the mapping as %s: 999 mapping files of that name exist already", mappingPath(list, 1))
}
