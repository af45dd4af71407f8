// Command contactimport imports contact lists from CSV files into the Mapp Engage contact API.
//
// main.go is the only place that reads os.Args, the environment and signals, and picks the exit
// code; everything else takes them as arguments.
package main

import (
	"contactimport/importer/job"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	// The Mozilla CA roots compiled in, used only where the system has none: the container
	// image is built FROM scratch, without /etc/ssl/certs, and must still verify the Engage
	// server's certificate. Where the system has roots (and for --ca-cert), those are used.
	_ "golang.org/x/crypto/x509roots/fallback"
)

// Exit codes (SPEC: Output and exit codes): a run's outcome is its exit code.
const (
	exitOK          = int(job.OK)
	exitStopped     = int(job.Stopped)     // auth failure, abort threshold, lock held, target unreachable, I/O error
	exitUsage       = int(job.Usage)       // usage or input problem found before any request
	exitRowsFailed  = int(job.RowsFailed)  // finished; some rows failed
	exitInterrupted = int(job.Interrupted) // interrupted by a signal; report flushed
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	// A write to a closed stdout (`contactimport … | head -1`) must fail as an error, not kill
	// a run that has finished its work: the exit code stays the run's.
	signal.Ignore(syscall.SIGPIPE)
	sigs := make(chan os.Signal, 2)
	// SIGHUP (the terminal or the ssh session closed) stops the run like Ctrl-C: report and
	// summary flushed, exit 130, --resume continues.
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		<-sigs
		fmt.Fprintln(os.Stderr, "contactimport: interrupted: finishing what is in flight (signal again to exit at once)")
		cancel()
		<-sigs
		// The report is flushed at least every second and --resume truncates a torn last line,
		// so leaving now loses at most the rows of the last second, which --resume redoes.
		os.Exit(exitInterrupted)
	}()
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	cancel()
	os.Exit(code)
}

const usage = `contactimport imports contact lists from CSV files into the Mapp Engage contact API.

Usage:
  contactimport import  [flags] FILE     import a contact list (CSV/TSV, .gz, XLSX)
  contactimport check   [flags] FILE     dry run: read, map and validate every row; no network
  contactimport retry   [flags] REPORT   re-import the failed rows of a report
  contactimport doctor  [flags] [FILE]   check a target before the first import; learn how it behaves
  contactimport init    [flags] FILE     write a draft mapping file for a list, guessed from its contents
  contactimport convert [flags] FILE     write the list as files for Mapp's own file import (huge one-off loads)
  contactimport sandbox serve  [flags]   run the Engage-compatible sandbox server
  contactimport sandbox export [flags]   print the sandbox's contacts as CSV on stdout
  contactimport ui      [flags] [FILE]   the local web UI: open a list, import it, fix the failed rows of a report
  contactimport version [--json]         print the version, commit, build date, Go version and platform
  contactimport completion SHELL         print a completion script for bash, zsh, fish or powershell
  contactimport man DIR                  write a man page per command into DIR

Run "contactimport COMMAND -h" for the flags of a command.
Target: --url or ENGAGE_URL, with ENGAGE_USER and ENGAGE_PASSWORD (or ENGAGE_PASSWORD_FILE);
or --sandbox for an embedded sandbox.
`

// run is the whole program behind main: it returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "import", "check", "retry":
		return runImport(ctx, args[0], args[1:], getenv, stdout, stderr)
	case "convert":
		return runConvert(ctx, args[1:], getenv, stdout, stderr)
	case "doctor":
		return runDoctor(ctx, args[1:], getenv, stdout, stderr)
	case "init":
		return runInit(ctx, args[1:], stdout, stderr)
	case "sandbox":
		return runSandbox(ctx, args[1:], getenv, stdout, stderr)
	case "ui":
		return runUI(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version", "-version":
		return runVersion(args[1:], stdout, stderr)
	case "completion":
		return runCompletion(args[1:], stdout, stderr)
	case "man":
		return runMan(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "contactimport: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}
