package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/mapping"
)

// bashComplete sources the bash script and calls its completion function the way bash's
// programmable completion does: COMP_WORDS, COMP_CWORD, then COMPREPLY.
func bashComplete(t *testing.T, bash, script, dir string, words ...string) []string {
	t.Helper()
	prog := `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); ` +
		`_contactimport; printf '%s\n' "${COMPREPLY[@]}"`
	cmd := exec.Command(bash, append([]string{"--norc", "--noprofile", "-c", prog, "bash", script}, words...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("complete %q: %v\n%s", words, err, out)
	}
	var got []string
	for line := range strings.SplitSeq(string(out), "\n") {
		if line != "" {
			got = append(got, line)
		}
	}
	return got
}

// bashScript writes `contactimport completion bash` into a directory that also holds a file and a
// directory to complete, and returns both paths.
func bashScript(t *testing.T) (bash, script, dir string) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed: the bash completion script is not exercised here")
	}
	code, stdout, stderr := runShip(t, "completion", "bash")
	if code != exitOK {
		t.Fatalf("completion bash: exit %d: %s", code, stderr)
	}
	dir = t.TempDir()
	script = filepath.Join(t.TempDir(), "contactimport.bash")
	for _, f := range []struct{ name, body string }{{script, stdout}, {filepath.Join(dir, "list.csv"), "email\n"}} {
		if err := os.WriteFile(f.name, []byte(f.body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "lists"), 0o700); err != nil {
		t.Fatal(err)
	}
	return bash, script, dir
}

func TestBashCompletion(t *testing.T) {
	bash, script, dir := bashScript(t)
	topLevel := []string{"import", "check", "retry", "doctor", "init", "convert", "sandbox", "ui", "version", "completion", "man", "help"}
	tests := []struct {
		name  string
		words []string
		want  []string
		some  bool // want is a part of what is offered (a command may gain flags)
	}{
		{"commands", []string{"contactimport", ""}, topLevel, false},
		{"command prefix", []string{"contactimport", "c"}, []string{"check", "convert", "completion"}, false},
		{"sandbox commands", []string{"contactimport", "sandbox", ""}, []string{"serve", "export"}, false},
		{"identifier", []string{"contactimport", "import", "--identifier", ""}, []string{"email", "mobile", "alias", "external"}, false},
		{"mode", []string{"contactimport", "import", "--mode", ""}, []string{"upsert", "create", "update"}, false},
		{"mode prefix", []string{"contactimport", "retry", "-mode", "up"}, []string{"upsert", "update"}, false},
		{"mode after =", []string{"contactimport", "import", "--mode", "=", "cr"}, []string{"create"}, false},
		{"mode right after =", []string{"contactimport", "import", "--mode", "="}, []string{"upsert", "create", "update"}, false},
		{"subscription", []string{"contactimport", "import", "--subscription", ""}, []string{"OPT_IN", "CONFIRMED_OPT_IN", "DOUBLE_OPT_IN"}, false},
		{"encoding", []string{"contactimport", "check", "--encoding", "w"}, []string{"windows-1252"}, false},
		{"encoding on init", []string{"contactimport", "init", "--encoding", "cp"}, []string{"cp437", "cp850"}, false},
		{"delimiter", []string{"contactimport", "convert", "--delimiter", ""}, []string{"auto", ",", `\;`, "tab", `\|`}, false},
		{"progress", []string{"contactimport", "convert", "--progress", ""}, []string{"auto", "bar", "log", "none"}, false},
		{"log-format", []string{"contactimport", "doctor", "--log-format", ""}, []string{"text", "json"}, false},
		{"workers", []string{"contactimport", "import", "--workers", ""}, []string{"auto"}, false},
		{"a value nobody can guess", []string{"contactimport", "import", "--rate", ""}, nil, false},
		{"mapping file", []string{"contactimport", "import", "--mapping", "li"}, []string{"list.csv", "lists"}, false},
		{"input file", []string{"contactimport", "check", "--mode", "upsert", "l"}, []string{"list.csv", "lists"}, false},
		{"directory only", []string{"contactimport", "convert", "--out-dir", "l"}, []string{"lists"}, false},
		{"sandbox db", []string{"contactimport", "sandbox", "export", "--db", "list"}, []string{"list.csv", "lists"}, false},
		{"no operand", []string{"contactimport", "sandbox", "serve", ""}, nil, false},
		{"flags", []string{"contactimport", "sandbox", "export", "-"}, []string{"--db", "--group", "--help"}, true},
		{"one-letter flag", []string{"contactimport", "init", "-"}, []string{"--encoding", "--force", "-o", "--help"}, true},
		{"shells", []string{"contactimport", "completion", ""}, []string{"bash", "zsh", "fish", "powershell"}, false},
		{"man directory", []string{"contactimport", "man", ""}, []string{"lists"}, false},
		{"version", []string{"contactimport", "version", "-"}, []string{"--json", "--help"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bashComplete(t, bash, script, dir, tt.words...)
			if tt.some {
				for _, w := range tt.want {
					if !slices.Contains(got, w) {
						t.Errorf("completing %q: got %q, want %q among them", tt.words, got, w)
					}
				}
				return
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("completing %q: got %q, want %q", tt.words, got, tt.want)
			}
		})
	}
}

// TestBashCompletionEveryFlag: after "-", every command completes every flag its --help lists.
func TestBashCompletionEveryFlag(t *testing.T) {
	bash, script, dir := bashScript(t)
	for _, c := range commands() {
		words := append(append([]string{"contactimport"}, strings.Fields(c.Name)...), "-")
		got := bashComplete(t, bash, script, dir, words...)
		for _, f := range helpFlags(t, c.Name) {
			dashed := "--" + f
			if len(f) == 1 {
				dashed = "-" + f
			}
			if !slices.Contains(got, dashed) {
				t.Errorf("contactimport %s -<TAB> lacks %s (got %q)", c.Name, dashed, got)
			}
		}
	}
}

// TestCompletionValuesAreTheParsers: the values completion offers are the ones the parsers take,
// and the ones --help names.
func TestCompletionValuesAreTheParsers(t *testing.T) {
	for _, v := range flagValues("identifier") {
		if _, err := mapping.ParseIdentifier(v); err != nil {
			t.Errorf("--identifier %s offered but refused: %v", v, err)
		}
	}
	for _, v := range flagValues("subscription") {
		if !engage.SubscriptionMode(v).Valid() {
			t.Errorf("--subscription %s offered but not valid", v)
		}
	}
	if !slices.Equal(flagValues("encoding"), source.EncodingNames()) || !slices.Equal(flagValues("delimiter"), source.DelimiterNames()) {
		t.Error("--encoding or --delimiter values are not the reader's")
	}
	o := &options{command: "import", identifier: "email", mode: "upsert", strategy: "guess", rate: 10,
		reportSep: "auto", progress: "auto", logFormat: "text", maxRemovals: "5%"}
	for _, name := range []string{"mode", "strategy", "progress", "log-format"} {
		for _, v := range flagValues(name) {
			c := *o
			set := map[string]*string{"mode": &c.mode, "strategy": &c.strategy, "progress": &c.progress, "log-format": &c.logFormat}[name]
			*set = v
			if err := c.check(); err != nil {
				t.Errorf("--%s %s offered but refused: %v", name, v, err)
			}
			*set = v + "x"
			if err := c.check(); err == nil {
				t.Errorf("--%s %sx taken: the check and the list disagree", name, v)
			}
		}
	}
	// --help names the values of each enumerated flag; a value added to a list but not to the
	// help (or the other way round) shows here.
	_, _, help := runShip(t, "import", "-h")
	for _, name := range []string{"identifier", "mode", "subscription", "progress", "log-format", "log-level", "strategy"} {
		for _, v := range flagValues(name) {
			if !strings.Contains(help, v) {
				t.Errorf("import -h does not name %s, a value of --%s", v, name)
			}
		}
	}
}

// TestCompletionScriptsParse: each script passes its shell's syntax check where the shell is
// installed; the one for PowerShell names every command.
func TestCompletionScriptsParse(t *testing.T) {
	for _, sh := range []struct{ shell, check string }{{"bash", "-n"}, {"zsh", "-n"}, {"fish", "--no-execute"}} {
		t.Run(sh.shell, func(t *testing.T) {
			path, err := exec.LookPath(sh.shell)
			if err != nil {
				t.Skipf("%s is not installed: its completion script is not checked here", sh.shell)
			}
			code, script, stderr := runShip(t, "completion", sh.shell)
			if code != exitOK {
				t.Fatalf("completion %s: exit %d: %s", sh.shell, code, stderr)
			}
			file := filepath.Join(t.TempDir(), "script")
			if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(path, sh.check, file).CombinedOutput(); err != nil {
				t.Errorf("%s %s: %v\n%s", sh.shell, sh.check, err, out)
			}
		})
	}
	code, ps, _ := runShip(t, "completion", "powershell")
	if code != exitOK || !strings.Contains(ps, "Register-ArgumentCompleter -Native") {
		t.Fatalf("completion powershell: exit %d\n%s", code, ps)
	}
	for _, c := range commands() {
		if !strings.Contains(ps, "'"+c.Name+"' = @{") {
			t.Errorf("the PowerShell script lacks %s", c.Name)
		}
	}
}

func TestCompletionRefusesUnknownShell(t *testing.T) {
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		if code, stdout, stderr := runShip(t, args...); code != exitUsage || stdout != "" || !strings.Contains(stderr, "bash, zsh, fish, powershell") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 naming the shells", args, code, stdout, stderr)
		}
	}
}

// TestFishCompletion asks fish itself what it completes (complete -C) with the generated script.
func TestFishCompletion(t *testing.T) {
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("fish is not installed: the fish completion script is not exercised here")
	}
	code, script, stderr := runShip(t, "completion", "fish")
	if code != exitOK {
		t.Fatalf("completion fish: exit %d: %s", code, stderr)
	}
	file := filepath.Join(t.TempDir(), "contactimport.fish")
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "list.csv"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line string
		want []string
	}{
		{"contactimport sa", []string{"sandbox"}},
		{"contactimport sandbox ", []string{"export", "serve"}},
		{"contactimport import --mode ", []string{"create", "update", "upsert"}},
		{"contactimport retry --subscription ", []string{"CONFIRMED_OPT_IN", "DOUBLE_OPT_IN", "OPT_IN"}},
		{"contactimport check --delimiter ", []string{",", ";", "auto", "tab", "|"}},
		{"contactimport import --mapping ", []string{"list.csv"}},
		{"contactimport check ", []string{"list.csv"}},
		{"contactimport sandbox export --d", []string{"--db"}},
		{"contactimport completion ", []string{"bash", "fish", "powershell", "zsh"}},
	}
	for _, tt := range tests {
		cmd := exec.Command(fish, "--no-config", "-c", "source $argv[1]; complete -C $argv[2]", file, tt.line)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("fish: %v\n%s", err, out)
		}
		var got []string
		for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
			word, _, _ := strings.Cut(line, "\t")
			got = append(got, word)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("fish completes %q with %q, want %q", tt.line, got, tt.want)
		}
	}
}

// zshDriver types a line and two TABs into an interactive zsh (under zpty) that loaded the
// generated script, and prints what zsh lists.
const zshDriver = `zmodload zsh/zpty
zpty -b z 'zsh -f -i'
zpty -w z "PROMPT='> '; autoload -U compinit; compinit -u -D; source ${(q)1}; zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' menu no"
zpty -w -n z "$2"$'\t\t'
sleep 2
out=
while zpty -r -t z chunk; do out+=$chunk; done
print -r -- $out
zpty -d z
`

// TestZshCompletion asks an interactive zsh (through zpty) what it lists with the generated script.
func TestZshCompletion(t *testing.T) {
	zsh, err := exec.LookPath("zsh")
	if err != nil {
		t.Skip("zsh is not installed: the zsh completion script is not exercised here")
	}
	code, script, _ := runShip(t, "completion", "zsh")
	dir := t.TempDir()
	file := filepath.Join(dir, "_contactimport")
	driver := filepath.Join(dir, "driver.zsh")
	if code != exitOK || os.WriteFile(file, []byte(script), 0o600) != nil || os.WriteFile(driver, []byte(zshDriver), 0o600) != nil {
		t.Fatal("cannot write the script")
	}
	escape := regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\r`)
	tests := []struct {
		line string
		want []string
	}{
		{"contactimport import --mode ", []string{"create", "update", "upsert"}},
		{"contactimport retry --subscription ", []string{"CONFIRMED_OPT_IN", "DOUBLE_OPT_IN"}},
		{"contactimport sandbox ", []string{"serve", "export", "run the Engage-compatible sandbox server"}},
		{"contactimport sandbox export --", []string{"--db", "--group"}},
		{"contactimport check --delimiter ", []string{"auto", "tab", ";", "|", ","}},
	}
	for _, tt := range tests {
		cmd := exec.Command(zsh, "-f", driver, file, tt.line)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("zsh: %v\n%s", err, out)
		}
		// What zsh lists comes after the typed line.
		listed := escape.ReplaceAllString(string(out), "")
		if i := strings.Index(listed, strings.TrimSpace(tt.line)); i >= 0 {
			listed = listed[i+len(strings.TrimSpace(tt.line)):]
		}
		for _, w := range tt.want {
			if !strings.Contains(listed, w) {
				t.Errorf("zsh lists for %q:\n%s\nwant %q among them", tt.line, listed, w)
			}
		}
	}
}
