package ui

import (
	"errors"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"contactimport/importer/source"
)

// ListInput are the options a list is read with, as the command-line flags give them:
// --encoding, --delimiter, --sheet and the lines above the header (init's --skip-lines, a
// mapping's skip_lines). "" is auto for each; FindStart finds the title lines and the sheet that
// holds the list, as init does.
type ListInput struct {
	Encoding, Delimiter, Sheet string
	SkipLines                  int
	FindStart                  bool
}

// lists is the state of the open and map screens: the private folder uploads are streamed
// into, and the whole-file checks started. It is safe for concurrent use.
type lists struct {
	mu      sync.Mutex
	uploads string // the private folder of uploads, made at the first one
	checks  map[int]*checkJob
	next    int
}

// openQuery is a list and its read options as the open and map screens carry them in their
// URLs and forms: path, encoding, delimiter, sheet and skip ("" or "auto": find them).
type openQuery struct {
	Path      string
	Encoding  string
	Delimiter string
	Sheet     string
	Skip      string
}

// readOpenQuery reads the list's fields from a request's query or form.
func readOpenQuery(v url.Values) openQuery {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	return openQuery{Path: get("path"), Encoding: get("encoding"), Delimiter: get("delimiter"), Sheet: get("sheet"), Skip: get("skip")}
}

// input turns the query into the options the list is read with; a skip that is not a number
// of lines is an error that names the field.
func (q openQuery) input() (ListInput, error) {
	in := ListInput{Encoding: auto(q.Encoding), Delimiter: auto(q.Delimiter), Sheet: q.Sheet}
	switch s := auto(q.Skip); s {
	case "":
		in.FindStart = true
	default:
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > source.MaxSkipLines {
			return in, errors.New(text.badSkip)
		}
		in.SkipLines = n // the header is where the person says: nothing is looked for
	}
	return in, nil
}

// auto is "" for the "auto" choice, else s.
func auto(s string) string {
	if strings.EqualFold(s, "auto") {
		return ""
	}
	return s
}

// values is the query as URL parameters, without the empty ones.
func (q openQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"path": q.Path, "encoding": q.Encoding, "delimiter": q.Delimiter, "sheet": q.Sheet, "skip": q.Skip} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// openPage is what the open screen shows: the form, and what was read of the list.
type openPage struct {
	Q   openQuery
	Det *detected // nil before a list is chosen, or when it cannot be read
	Err string    // why the list cannot be read as asked
	Map string    // the map screen's URL for this list
}

// open shows the open screen: a path or an upload, and for a list, what the engine detected
// with an override of each, and a preview of its first rows. An override re-reads at once:
// the form's fields ask for this page again (htmx swaps the part below the form).
func (s *Server) open(w http.ResponseWriter, r *http.Request) {
	q := readOpenQuery(r.URL.Query())
	p := openPage{Q: q}
	if q.Path != "" {
		q.Path = s.abs(q.Path)
		in, err := q.input()
		if err == nil {
			p.Det, err = s.detect(r.Context(), q.Path, in)
		}
		if err != nil {
			p.Err = err.Error()
		} else {
			p.Map = "/map?" + q.values().Encode()
		}
	}
	name := "open.html"
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "detected" {
		name = "open_detected"
	}
	s.render(w, http.StatusOK, name, p)
}

// listRoutes adds the routes of the open and map screens (the upload has its own, outside the
// body limit of the others).
func (s *Server) listRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /open", s.open)
	mux.HandleFunc("GET /map", s.mapPage)
	mux.HandleFunc("POST /map/edit", s.mapEdit)
	mux.HandleFunc("POST /map/load", s.mapLoad)
	mux.HandleFunc("POST /map/save", s.mapSave)
	mux.HandleFunc("POST /map/check", s.mapCheck)
	mux.HandleFunc("GET /map/check/{id}/events", s.checkEvents)
}

// OpenURL is the open screen of the list, with the options the map screen has.
func (q openQuery) OpenURL() string { return "/open?" + q.values().Encode() }

// Name is the list's file name, without its folder.
func (q openQuery) Name() string { return filepath.Base(q.Path) }

// Chosen reports whether the person chose the encoding or the delimiter (field) rather than
// leaving it to detection.
func (q openQuery) Chosen(field string) bool {
	v := q.Encoding
	if field == "delimiter" {
		v = q.Delimiter
	}
	return auto(v) != ""
}
