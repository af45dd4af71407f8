package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// verdict judges one measurement against its target.
type verdict int

const (
	info verdict = iota // no target: reported for reference
	pass
	fail
)

func (v verdict) String() string {
	switch v {
	case pass:
		return "pass"
	case fail:
		return "**FAIL**"
	}
	return "—"
}

func judge(ok bool) verdict {
	if ok {
		return pass
	}
	return fail
}

// row is one line of the results table.
type row struct {
	scenario string
	measure  string
	target   string
	measured string
	verdict  verdict
	details  string
}

// results are the rows of one harness run and where they came from.
type results struct {
	machine []string // "key: value" lines
	command string
	started time.Time
	elapsed time.Duration
	load    [2]string // load averages at start and end: other work on the machine skews timings
	rows    []row
}

func (r *results) failed() int {
	n := 0
	for _, x := range r.rows {
		if x.verdict == fail {
			n++
		}
	}
	return n
}

// markdown writes the machine, the command and the table.
func (r *results) markdown(w io.Writer) {
	fmt.Fprintf(w, "Run `%s` on %s, %s in all.\n\n", r.command, r.started.UTC().Format("2006-01-02 15:04 MST"),
		r.elapsed.Round(time.Second))
	for _, m := range r.machine {
		fmt.Fprintf(w, "- %s\n", m)
	}
	if r.load[0] != "" {
		fmt.Fprintf(w, "- load average (1, 5, 15 min): %s at start, %s at end\n", r.load[0], r.load[1])
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| scenario | measure | target | measured | result | details |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, x := range r.rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", x.scenario, cell(x.measure), cell(x.target),
			cell(x.measured), x.verdict, cell(x.details))
	}
	fmt.Fprintf(w, "\n%d measurements, %d failed.\n", len(r.rows), r.failed())
}

// cell keeps a value inside its table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

// Markers delimit the generated part of samples/bench/README.md.
const (
	beginMarker = "<!-- bench:results:begin -->"
	endMarker   = "<!-- bench:results:end -->"
)

// publish prints the results, writes them to out and, when asked, into the README, and
// returns the exit code: 1 when a measurement missed its target.
func (b *bench) publish(res results, stdout io.Writer, out string, readme bool) int {
	var buf bytes.Buffer
	res.markdown(&buf)
	stdout.Write(buf.Bytes())
	code := 0
	if out != "" {
		p := out
		if !filepath.IsAbs(p) {
			p = filepath.Join(b.root, p)
		}
		doc := "# Benchmark results\n\nWritten by the harness; see README.md for what each line means.\n\n" + buf.String()
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			fmt.Fprintln(b.stderr, "bench: write results:", err)
			code = 1
		}
	}
	if readme {
		p := filepath.Join(b.root, "samples", "bench", "README.md")
		if err := replaceBetween(p, buf.Bytes()); err != nil {
			fmt.Fprintln(b.stderr, "bench:", err)
			code = 1
		}
	}
	if res.failed() > 0 {
		code = 1
	}
	return code
}

// replaceBetween puts body between the markers of the file at path.
func replaceBetween(path string, body []byte) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("update %s: %w", path, err)
	}
	next, err := splice(data, body)
	if err != nil {
		return fmt.Errorf("update %s: %w", path, err)
	}
	return os.WriteFile(path, next, 0o644)
}

// splice returns doc with the text between beginMarker and endMarker replaced by body.
func splice(doc, body []byte) ([]byte, error) {
	i := bytes.Index(doc, []byte(beginMarker))
	j := bytes.Index(doc, []byte(endMarker))
	if i < 0 || j < i {
		return nil, errors.New("no " + beginMarker + " … " + endMarker + " markers in order")
	}
	var out bytes.Buffer
	out.Write(doc[:i+len(beginMarker)])
	out.WriteString("\n")
	out.Write(body)
	out.Write(doc[j:])
	return out.Bytes(), nil
}

// describeMachine names the machine, toolchain and build the numbers came from.
func describeMachine(ctx context.Context, bin string) []string {
	lines := []string{fmt.Sprintf("CPU: %s, %d logical CPUs (%s/%s)", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)}
	if mem := procField("/proc/meminfo", "MemTotal"); mem != "" {
		lines = append(lines, "memory: "+mem)
	}
	goVersion := runtime.Version()
	if out, err := exec.CommandContext(ctx, "go", "version").Output(); err == nil {
		goVersion = strings.TrimSpace(string(out))
	}
	lines = append(lines, "Go: "+goVersion)
	if rev := buildRevision(ctx, bin); rev != "" {
		lines = append(lines, "contactimport built from "+rev)
	}
	return lines
}

// loadAverage is the 1, 5 and 15 minute load average, or "" where the system does not say.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	if m := procField("/proc/cpuinfo", "model name"); m != "" {
		return m
	}
	return "unknown CPU model"
}

// procField returns the first value of key in a "key : value" file such as /proc/cpuinfo.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// buildRevision reads the VCS stamp go build put into the binary.
func buildRevision(ctx context.Context, bin string) string {
	out, err := exec.CommandContext(ctx, "go", "version", "-m", bin).Output()
	if err != nil {
		return ""
	}
	var rev, modified string
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		if len(f) == 2 && f[0] == "build" {
			k, v, _ := strings.Cut(f[1], "=")
			switch k {
			case "vcs.revision":
				rev = v
			case "vcs.modified":
				modified = v
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" && modified == "true" {
		rev += " with uncommitted changes"
	}
	return rev
}
