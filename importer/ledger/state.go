// Package ledger is the --state file: what a job has sent, per contact and target (Entry), and
// what it knows of each contact's membership of a group (MemberEntry), kept in a SQLite file so
// that an unchanged row needs no call on the next run. It owns the file's schema, its migrations
// and its name handling; what to send stays with the importer. A *State is safe for concurrent
// use.
package ledger

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	_ "modernc.org/sqlite" // pure-Go SQLite driver "sqlite"
)

// State is the ledger kept in a SQLite file, for incremental runs (--state). An entry is written
// only after Engage confirmed the write, in its own transaction, so the file stays consistent
// when the process is killed at any moment. Entries are scoped by target (base URL) and
// identifier, so one state file never vouches for another tenant. Safe for concurrent use.
type State struct {
	db     *sql.DB
	target string
	get    *sql.Stmt
	put    *sql.Stmt
	getM   *sql.Stmt // memberships (state_members.go)
	putM   *sql.Stmt
}

const stateSchema = `
CREATE TABLE IF NOT EXISTS sent (
	target     TEXT NOT NULL,
	key        TEXT NOT NULL,
	hash       TEXT NOT NULL,
	contact_id INTEGER NOT NULL,
	sent_at    TEXT NOT NULL,
	PRIMARY KEY (target, key)
) WITHOUT ROWID`

// Open opens (creating if needed) the state file at path for target. The path is taken
// literally: SQLite writes to exactly the file the caller named (and locked), whatever characters
// its name holds.
func Open(path, target string) (*State, error) {
	dsn, err := stateDSN(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(stateSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	if err := migrateState(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	s := &State{db: db, target: target}
	if s.get, err = db.Prepare(`SELECT hash, contact_id FROM sent WHERE target = ? AND key = ?`); err == nil {
		s.put, err = db.Prepare(`INSERT INTO sent (target, key, hash, contact_id, sent_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (target, key) DO UPDATE SET hash = excluded.hash,
			contact_id = CASE WHEN excluded.contact_id != 0 THEN excluded.contact_id ELSE sent.contact_id END,
			sent_at = excluded.sent_at`)
	}
	if err == nil {
		err = s.prepareMembers()
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	return s, nil
}

// stateDSN builds the SQLite URI for the state file at path. The driver (modernc.org/sqlite) cuts
// its own options at the first '?' of the DSN and hands a DSN starting with "file:" to SQLite as a
// URI, which ends the file name at '?' or '#' and decodes %HH. So every one of '%', '?' and '#' in
// the name is percent-encoded, and the name is never left unescaped: "st#1.db" stays "st#1.db",
// "a%20b.db" stays "a%20b.db". A name starting with '/' gets an empty authority ("file:///…"),
// since "file://host/…" would read its first segment as a host. Backslashes and drive letters
// (C:\…) pass through unchanged: SQLite's URI parser gives them no meaning, and the Windows VFS
// resolves the decoded name with GetFullPathNameW like any other path.
func stateDSN(path string) (string, error) {
	switch {
	case path == "":
		return "", errors.New("open state: the state file path is empty")
	case strings.IndexByte(path, 0) >= 0:
		return "", errors.New("open state: the state file path contains a NUL byte")
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteString("file:")
	if path[0] == '/' {
		b.WriteString("//")
	}
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case c == '%' || c == '?' || c == '#' || c < 0x20 || c == 0x7f:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteString("?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(5000)")
	return b.String(), nil
}

// Lookup returns what was last sent for key.
func (s *State) Lookup(key string) (Entry, bool, error) {
	var e Entry
	err := s.get.QueryRow(s.target, key).Scan(&e.Hash, &e.ContactID)
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, fmt.Errorf("state lookup: %w", err)
	}
	return e, true, nil
}

// Record remembers a confirmed write.
func (s *State) Record(key string, e Entry) error {
	if _, err := s.put.Exec(s.target, key, e.Hash, e.ContactID, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("state record: %w", err)
	}
	return nil
}

// Len counts the entries for this target.
func (s *State) Len() (int, error) {
	var n int
	err := s.db.QueryRow(`SELECT count(*) FROM sent WHERE target = ?`, s.target).Scan(&n)
	return n, err
}

// CopyTo writes a copy of the ledger, everything confirmed so far, into the empty file at path
// (which the caller created, with the mode it wants). It is how a ledger whose file was removed
// while the run held it open is put back on disk.
func (s *State) CopyTo(path string) error {
	if _, err := s.db.Exec(`VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("copy state to %s: %w", path, err)
	}
	return nil
}

// Close closes the file.
func (s *State) Close() error {
	for _, st := range []*sql.Stmt{s.get, s.put, s.getM, s.putM} {
		if st != nil {
			st.Close()
		}
	}
	return s.db.Close()
}
