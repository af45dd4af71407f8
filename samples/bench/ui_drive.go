package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// uiClient drives a `contactimport ui` server as its pages do: the session cookie set by the
// printed URL, the CSRF token of the pages in the header of every POST.
type uiClient struct {
	c    *http.Client
	base string
	csrf string
}

var (
	csrfToken   = regexp.MustCompile(`"X-CSRF-Token": "([0-9a-f]+)"`)
	mappingYAML = regexp.MustCompile(`(?s)<textarea id="yaml"[^>]*>(.*?)</textarea>`)
	checkEvents = regexp.MustCompile(`sse-connect="(/map/check/\d+/events)"`)
	readyRows   = regexp.MustCompile(`(\d+) ready to send<`)
)

// driveUI opens file by path, maps it, and checks it whole, timing each step; it returns the
// steps and the valid rows the check counted.
func driveUI(ctx context.Context, link, file string) ([]step, int, error) {
	jar, _ := cookiejar.New(nil)
	u := &uiClient{c: &http.Client{Jar: jar}, base: link[:strings.Index(link, "/?t=")]}
	if _, err := u.do(ctx, "GET", link, nil); err != nil { // sets the session cookie
		return nil, 0, err
	}
	first, err := u.do(ctx, "GET", u.base+"/", nil)
	if err != nil {
		return nil, 0, err
	}
	m := csrfToken.FindStringSubmatch(first)
	if m == nil {
		return nil, 0, fmt.Errorf("ui: no CSRF token in the first page")
	}
	u.csrf = m[1]
	var steps []step
	start := time.Now()
	if _, err := u.upload(ctx, file); err != nil {
		return nil, 0, err
	}
	fi, err := os.Stat(file)
	if err != nil {
		return nil, 0, err
	}
	steps = append(steps, step{"upload (streamed to a private file)", time.Since(start), mb(fi.Size()/1024) + "; the copy's size checked, then removed"})

	q := url.Values{"path": {file}}
	start = time.Now()
	page, err := u.do(ctx, "GET", "/open?"+q.Encode(), nil)
	if err != nil {
		return nil, 0, err
	}
	if strings.Contains(page, `class="error"`) || !strings.Contains(page, `id="p-1"`) {
		return nil, 0, fmt.Errorf("ui: the open screen shows no preview of %s", file)
	}
	steps = append(steps, step{"open by path (fingerprint, detection, preview of the first 10,000 rows)", time.Since(start), ""})

	start = time.Now()
	page, err = u.do(ctx, "GET", "/map?"+q.Encode(), nil)
	if err != nil {
		return nil, 0, err
	}
	y := mappingYAML.FindStringSubmatch(page)
	if y == nil || strings.Contains(page, `class="error"`) {
		return nil, 0, fmt.Errorf("ui: the map screen shows no usable draft of %s", file)
	}
	steps = append(steps, step{"map screen (init's sample of the whole file, the draft, the preview mapped)", time.Since(start), ""})

	start = time.Now()
	form := url.Values{"path": {file}, "yaml": {html.UnescapeString(y[1])}}
	page, err = u.do(ctx, "POST", "/map/check", form)
	if err != nil {
		return nil, 0, err
	}
	ev := checkEvents.FindStringSubmatch(page)
	if ev == nil {
		return nil, 0, fmt.Errorf("ui: the check did not start: %.300s", page)
	}
	stream, err := u.do(ctx, "GET", ev[1], nil) // ends with the check
	if err != nil {
		return nil, 0, err
	}
	took := time.Since(start)
	last := stream[strings.LastIndex(stream, "event: status"):]
	r := readyRows.FindStringSubmatch(last)
	if r == nil {
		return nil, 0, fmt.Errorf("ui: the check's last event has no count: %.300s", last)
	}
	valid, _ := strconv.Atoi(r[1])
	steps = append(steps, step{"whole-file check, followed over server-sent events", took,
		fmt.Sprintf("%d status events", strings.Count(stream, "event: status"))})
	return steps, valid, nil
}

// do sends a request and returns the body of a 200 answer.
func (u *uiClient) do(ctx context.Context, method, target string, form url.Values) (string, error) {
	if strings.HasPrefix(target, "/") {
		target = u.base + target
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return "", err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-CSRF-Token", u.csrf)
		req.Header.Set("HX-Request", "true")
	}
	resp, err := u.c.Do(req)
	if err != nil {
		return "", fmt.Errorf("ui: %s %s: %w", method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", fmt.Errorf("ui: %s %s: %w", method, req.URL.Path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("ui: %s %s: HTTP %d: %.300s", method, req.URL.Path, resp.StatusCode, b)
	}
	return string(b), nil
}

// upload posts file as the open screen's upload form does (multipart, the CSRF token in the
// header, as htmx sends it), streamed from disk, and returns the path of the server's copy.
func (u *uiClient) upload(ctx context.Context, file string) (string, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		part, err := mw.CreateFormFile("file", filepath.Base(file))
		if err == nil {
			_, err = io.Copy(part, f)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequestWithContext(ctx, "POST", u.base+"/open", pr)
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", u.csrf)
	req.Header.Set("HX-Request", "true")
	resp, err := u.c.Do(req)
	if err != nil {
		return "", fmt.Errorf("ui: upload: %w", err)
	}
	defer resp.Body.Close()
	to, err := url.Parse(resp.Header.Get("HX-Redirect"))
	if resp.StatusCode != http.StatusNoContent || err != nil || to.Query().Get("path") == "" {
		b, _ := io.ReadAll(resp.Body)
		return "", fmt.Errorf("ui: upload: HTTP %d: %.300s", resp.StatusCode, b)
	}
	copied := to.Query().Get("path")
	if err := sameSize(file, copied); err != nil {
		return "", err
	}
	os.Remove(copied) // the harness leaves nothing behind outside its own folder
	os.Remove(filepath.Dir(copied))
	return copied, nil
}

// sameSize checks that the server's copy has the size of the file sent.
func sameSize(file, copied string) error {
	a, err := os.Stat(file)
	if err != nil {
		return err
	}
	b, err := os.Stat(copied)
	if err != nil {
		return fmt.Errorf("ui: upload: the copy: %w", err)
	}
	if a.Size() != b.Size() {
		return fmt.Errorf("ui: upload: the copy has %d bytes, the file %d", b.Size(), a.Size())
	}
	return nil
}
