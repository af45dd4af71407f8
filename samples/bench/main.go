// Command bench measures contactimport against the targets in SPEC.md: API calls per row, rate
// accuracy, behaviour against a throttling server, check throughput, memory and CPU per row.
//
// It builds the CLI once, starts `contactimport sandbox serve` as a separate process for each
// scenario, runs `contactimport import|check` as further child processes, and reads the sandbox's
// /_sandbox/stats, the run summaries and the children's resource usage. It prints a markdown
// table of target, measured value and verdict, and writes it to samples/bench/results.md.
//
//	go run ./samples/bench all                  # the full run (about 10 minutes on 2 cores)
//	go run ./samples/bench -quick all           # a smoke run (about 1 minute)
//	go run ./samples/bench calls throttle       # some scenarios
//	go run ./samples/bench generate -rows 1000  # a realistic input file on stdout
//
// Nothing here is shared between goroutines except the child processes' pipes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runMain(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// sizes are the scenario sizes of one run.
type sizes struct {
	calls     int    // rows of each calls-per-row file
	rate10    int    // rows of the 10/s run (one call per row)
	rate200   int    // rows of the 200/s run
	throttle  int    // rows of the throttling run
	check     [2]int // check runs; the larger one gives the throughput
	imports   [2]int // import runs for peak RSS and CPU per row
	faults    int    // rows of the fault-injection and kill -9 runs
	highRate  float64
	importCap float64 // --rate of the memory runs: above what the sandbox can absorb
	updates   int     // rows of each file of the updates scenario
	auto      int     // rows of each latency of the auto scenario, at 10/s
	convert   [2]int  // convert runs; the larger one gives the throughput
	handoff   int     // rows of convert --upload --automation into the sandbox
}

// sizesFor returns the sizes of a full run (about 10 minutes on 2 cores) or of a quick one.
func sizesFor(quick bool) sizes {
	if quick {
		return sizes{1_000, 100, 1_000, 300, [2]int{20_000, 200_000}, [2]int{10_000, 50_000}, 600, 2000, 5000, 500, 100, [2]int{20_000, 200_000}, 20_000}
	}
	return sizes{10_000, 600, 6_000, 1_200, [2]int{100_000, 1_000_000}, [2]int{100_000, 1_000_000}, 3_000, 2000, 5000, 2_000, 450, [2]int{100_000, 1_000_000}, 1_000_000}
}

// scenario measures one group of targets.
type scenario struct {
	name string
	desc string
	run  func(b *bench, ctx context.Context) ([]row, error)
}

func scenarios() []scenario {
	return []scenario{
		{"calls", "API calls per row: all-new, all-existing, 50/50, guess and lookup", (*bench).calls},
		{"state", "nightly rerun of an unchanged list with --state", (*bench).state},
		{"groups", "API calls per row into a group with --state: new, unchanged, changed", (*bench).groups},
		{"updates", "API calls per row by update variant: merge or replace, with a doctor profile or without", (*bench).updates},
		{"rate10", "achieved rate and peak window at --rate 10", (*bench).rate10},
		{"rate200", "achieved rate and peak window at --rate 200, 50 ms latency", (*bench).rate200},
		{"auto", "default flags (--workers auto) at --rate 10, sandbox latency 20 ms, 200 ms, 1.5 s and 5 s", (*bench).auto},
		{"throttle", "sandbox --rate 20, tool --rate 40: rows lost, share of the limit", (*bench).throttle},
		{"faults", "injected 5xx and dropped connections; kill -9 then --resume: rows lost or doubled", (*bench).faults},
		{"check", "check throughput and peak RSS", (*bench).check},
		{"formats", "check of a 100k-row XLSX and a 1M-row .csv.gz: throughput and peak RSS", (*bench).formats},
		{"convert", "convert to Mapp import files: throughput, peak RSS, files within 50 MB, every row once", (*bench).convert},
		{"memory", "import peak RSS and CPU per row at two sizes", (*bench).memory},
		{"handoff", "convert --upload --automation into the sandbox's SFTP server and import automation: rows/s, peak RSS, REST time at --rate 10", (*bench).handoff},
		{"ui", "contactimport ui with a 1M-row list: upload, open, map, whole-file check over HTTP; the server's peak RSS", (*bench).ui},
	}
}

// bench is one run of the harness.
type bench struct {
	root   string // the repository
	bin    string // the contactimport binary built for this run
	tmp    string
	size   sizes
	quick  bool
	stderr io.Writer
	files  map[genOptions]string // generated inputs, by content
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// dir makes a fresh directory for one scenario.
func (b *bench) dir(name string) (string, error) {
	return os.MkdirTemp(b.tmp, name+"-")
}

// input returns a generated file with opts, writing it on first use.
func (b *bench) input(opts genOptions) (string, error) {
	if p, ok := b.files[opts]; ok {
		return p, nil
	}
	name := fmt.Sprintf("contacts-%d-%d-%d", opts.Rows, opts.Offset, opts.Seed)
	if opts.Shuffle {
		name += "-shuffled"
	}
	p := filepath.Join(b.tmp, name+".csv")
	if err := writeFile(p, opts); err != nil {
		return "", err
	}
	b.files[opts] = p
	return p, nil
}

func runMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "generate" || args[0] == "verify") {
		var err error
		if args[0] == "generate" {
			err = runGenerate(args[1:], stdout, stderr)
		} else {
			err = runVerify(ctx, args[1:], stdout, stderr)
		}
		if err != nil {
			if !errors.Is(err, flag.ErrHelp) {
				fmt.Fprintln(stderr, "bench:", err)
			}
			return 2
		}
		return 0
	}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quick := fs.Bool("quick", false, "small sizes: a smoke run of about 1 minute")
	out := fs.String("out", "samples/bench/results.md", "write the results table to this `file` (relative to the repository); empty: do not")
	readme := fs.Bool("readme", false, "also replace the results between the markers in samples/bench/README.md")
	keep := fs.Bool("keep", false, "keep the temporary directory (inputs, reports, logs, databases)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: go run ./samples/bench [flags] SCENARIO...|all\n"+
			"       go run ./samples/bench generate [flags]\n"+
			"       go run ./samples/bench verify -bin CONTACTIMPORT -db FILE INPUT...   (compare a sandbox with inputs)\n\nScenarios:\n")
		for _, s := range scenarios() {
			fmt.Fprintf(stderr, "  %-9s %s\n", s.name, s.desc)
		}
		fmt.Fprint(stderr, "\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	chosen, err := pick(fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		fs.Usage()
		return 2
	}

	b := &bench{size: sizesFor(*quick), quick: *quick, stderr: stderr, files: map[genOptions]string{}}
	if b.root, err = repoRoot(ctx); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	if b.tmp, err = os.MkdirTemp("", "contactimport-bench-"); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	if *keep {
		defer fmt.Fprintln(stderr, "bench: kept", b.tmp)
	} else {
		defer os.RemoveAll(b.tmp)
	}
	b.bin = filepath.Join(b.tmp, "contactimport")
	b.logf("building %s", b.bin)
	// -buildvcs=auto stamps the commit where there is one, whatever GOFLAGS says.
	build := exec.CommandContext(ctx, "go", "build", "-buildvcs=auto", "-o", b.bin, ".")
	build.Dir, build.Stdout, build.Stderr = b.root, stderr, stderr
	// The stamp runs git status; without optional locks it never writes the repository's index.
	build.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	if err := build.Run(); err != nil {
		fmt.Fprintln(stderr, "bench: build contactimport:", err)
		return 1
	}

	res := results{machine: describeMachine(ctx, b.bin), command: commandLine(args), started: time.Now()}
	res.load[0] = loadAverage()
	for _, s := range chosen {
		if ctx.Err() != nil {
			break
		}
		b.logf("scenario %s: %s", s.name, s.desc)
		t0 := time.Now()
		rows, err := s.run(b, ctx)
		if err != nil {
			b.logf("scenario %s failed: %v", s.name, err)
			rows = append(rows, row{scenario: s.name, measure: "scenario ran", target: "no error", measured: err.Error(), verdict: fail})
		}
		res.rows = append(res.rows, rows...)
		b.logf("scenario %s done in %s", s.name, time.Since(t0).Round(time.Second))
	}
	res.elapsed = time.Since(res.started)
	res.load[1] = loadAverage()
	if peak := selfPeakKiB(); peak > 0 {
		b.logf("harness peak RSS %s (children's peaks below it are masked)", mb(peak))
	}
	return b.publish(res, stdout, *out, *readme)
}

// pick resolves the scenario arguments, "all" included, in the order scenarios() lists them.
func pick(names []string) ([]scenario, error) {
	if len(names) == 0 {
		return nil, errors.New("name at least one scenario, or all")
	}
	var chosen []scenario
	for _, s := range scenarios() {
		if slices.Contains(names, s.name) || slices.Contains(names, "all") {
			chosen = append(chosen, s)
		}
	}
	for _, n := range names {
		if n != "all" && !slices.ContainsFunc(chosen, func(s scenario) bool { return s.name == n }) {
			return nil, fmt.Errorf("unknown scenario %q", n)
		}
	}
	return chosen, nil
}

// repoRoot is the directory of the contactimport module's go.mod.
func repoRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("find the repository: go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	data, err := os.ReadFile(gomod)
	if err != nil || !strings.Contains(string(data), "module contactimport\n") {
		return "", errors.New("find the repository: run the harness inside the contactimport module")
	}
	return filepath.Dir(gomod), nil
}

func commandLine(args []string) string {
	return strings.TrimSpace("go run ./samples/bench " + strings.Join(args, " "))
}
