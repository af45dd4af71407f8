package printable

import (
	"context"
	"log"
	"log/slog"
	"strings"
)

// logMax caps the message and each text value of a log record. A server's own words are cut to
// MessageMax where they enter (engage's errors); the tool's sentences around them may
// add a few lines more.
const logMax = 4 * MessageMax

// Handler shows every log record's message and text values the way printable.Text does:
// a header name or a server's message with terminal escapes, bidi overrides or line breaks
// cannot act on the terminal or forge a log line, whatever the format.
type Handler struct{ slog.Handler }

func (h Handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, Text(r.Message, logMax), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(safeAttr(a))
		return true
	})
	return h.Handler.Handle(ctx, out)
}

func (h Handler) WithAttrs(as []slog.Attr) slog.Handler {
	safe := make([]slog.Attr, len(as))
	for i, a := range as {
		safe[i] = safeAttr(a)
	}
	return Handler{h.Handler.WithAttrs(safe)}
}

func (h Handler) WithGroup(name string) slog.Handler {
	return Handler{h.Handler.WithGroup(Text(name, logMax))}
}

// safeAttr returns a with its text (a string, an error's text, a group's members) made safe.
func safeAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, Text(v.String(), logMax))
	case slog.KindGroup:
		members := v.Group()
		safe := make([]any, len(members))
		for i, m := range members {
			safe[i] = safeAttr(m)
		}
		return slog.Group(a.Key, safe...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, Text(err.Error(), logMax))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// RouteStdLog sends what Go's standard library writes with the log package to l, in the run's
// log format, instead of raw to stderr. Go's HTTP client logs there an answer that arrives on an
// idle connection ("Unsolicited response received on idle HTTP channel starting with …"), and
// quotes its start: a contact's email address, say. So such a line becomes a record that says
// what happened without the answer, and any other line is kept up to its first quote, where
// the standard library puts the data it quotes. The log package's output is process-wide; the
// last logger built receives it.
func RouteStdLog(l *slog.Logger) {
	log.SetFlags(0)
	log.SetPrefix("")
	log.SetOutput(stdLog{l})
}

// stdLog is an io.Writer for the log package: one Write per line.
type stdLog struct{ l *slog.Logger }

// unsolicited starts the line Go's HTTP client logs for an answer nobody asked for.
const unsolicited = "Unsolicited response received on idle HTTP channel"

func (s stdLog) Write(p []byte) (int, error) {
	line := strings.TrimSpace(string(p))
	if strings.HasPrefix(line, unsolicited) {
		s.l.Warn("the server sent an answer that no request asked for on an idle connection; the connection was closed and the answer ignored (not logged: it may hold contact data)",
			"source", "net/http")
		return len(p), nil
	}
	if i := strings.IndexAny(line, "\"'`"); i >= 0 {
		line = line[:i] + "…"
	}
	s.l.Warn("Go standard library: "+line, "source", "log")
	return len(p), nil
}

// Lines is printable.Text for a message printed to the terminal, line by line: the line
// breaks the tool put in stay, every other control character is shown escaped.
func Lines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Text(l, logMax)
	}
	return strings.Join(lines, "\n")
}
