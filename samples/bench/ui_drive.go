package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
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
	first, err := u.do(ctx, "GET", link, nil)
	if err != nil {
		return nil, 0, err
	}
	m := csrfToken.FindStringSubmatch(first)
	if m == nil {
		return nil, 0, fmt.Errorf("ui: no CSRF token in the first page")
	}
	u.csrf = m[1]
	var steps []step
	q := url.Values{"path": {file}}
	start := time.Now()
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
