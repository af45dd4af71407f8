// Package handoff puts convert's import files on the file server a Mapp import automation reads,
// over SFTP: it owns the target URL, the SSH connection (the host key checked against
// known_hosts and never accepted unseen; keys from a file or the SSH agent), and the upload of
// each file under a temporary name, renamed once complete, resumed after an interruption; and the
// hand-off as convert performs it (Run): the upload recorded in the summary, the automation's run
// followed to its end, and a Verdict the CLI turns into the exit code.
package handoff

import (
	"fmt"
	"net"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// Target is where the files go: sftp://USER@HOST[:PORT]/DIR.
type Target struct {
	User string
	Host string // host:port, the port 22 when the URL names none
	Dir  string // absolute, cleaned
}

// String spells the target as ParseTarget reads it.
func (t Target) String() string {
	return "sftp://" + t.User + "@" + t.Host + t.Dir
}

// ParseTarget reads sftp://USER@HOST[:PORT]/DIR. A password in the URL is refused: it would
// show in the process list and in shell history.
func ParseTarget(s string) (Target, error) {
	u, err := url.Parse(s)
	if err != nil {
		return Target{}, fmt.Errorf("--upload %q is not a URL like sftp://user@host/dir", s)
	}
	if u.Scheme != "sftp" {
		return Target{}, fmt.Errorf("--upload %q: the scheme must be sftp://", s)
	}
	if u.User == nil || u.User.Username() == "" {
		return Target{}, fmt.Errorf("--upload %q names no user: sftp://USER@HOST/DIR", s)
	}
	if _, ok := u.User.Password(); ok {
		return Target{}, fmt.Errorf("--upload must not carry a password; the connection uses SSH keys (--ssh-key or the agent)")
	}
	if u.Hostname() == "" {
		return Target{}, fmt.Errorf("--upload %q names no host", s)
	}
	port := u.Port()
	if port == "" {
		port = "22"
	} else if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return Target{}, fmt.Errorf("--upload %q: port %q is not a port number", s, port)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return Target{}, fmt.Errorf("--upload %q: a query or fragment means nothing here", s)
	}
	dir := path.Clean("/" + u.Path)
	if strings.Contains(u.Path, "..") {
		return Target{}, fmt.Errorf("--upload %q: the directory must not contain ..", s)
	}
	return Target{User: u.User.Username(), Host: net.JoinHostPort(u.Hostname(), port), Dir: dir}, nil
}
