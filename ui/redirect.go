package ui

import (
	"fmt"
	"html/template"
	"net/url"
	"os"
	"path/filepath"

	"contactimport/report/runfile"
)

// redirectPage is the page a browser opener is given instead of the session's URL: the URL
// carries the token, and an opener's arguments are visible to every user of the machine in the
// process list, while this file is readable by its owner only.
var redirectPage = template.Must(template.New("redirect").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={{.URL}}">
<title>contactimport ui</title></head>
<body><p><a href="{{.URL}}">{{.Text}}</a></p></body></html>
`))

// RedirectFile writes a page that sends the browser on to link into a new private folder (0700;
// the page 0600) and returns the page's file URL for a browser opener, and a function that
// removes folder and page. The token in link never appears in a process's arguments.
func RedirectFile(link string) (fileURL string, remove func(), err error) {
	dir, err := os.MkdirTemp("", "contactimport-ui-open-")
	if err != nil {
		return "", nil, err
	}
	remove = func() { os.RemoveAll(dir) }
	path := filepath.Join(dir, "open.html")
	f, err := runfile.Create(path)
	if err != nil {
		remove()
		return "", nil, err
	}
	err = redirectPage.Execute(f, leadOn{template.URL(link), text.leadOn})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		remove()
		return "", nil, fmt.Errorf("write %s: %w", path, err)
	}
	p := filepath.ToSlash(path)
	if p[0] != '/' {
		p = "/" + p // C:/Users/… on Windows: file:///C:/Users/…
	}
	return (&url.URL{Scheme: "file", Path: p}).String(), remove, nil
}
