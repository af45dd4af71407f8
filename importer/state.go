package importer

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	_ "modernc.org/sqlite" // pure-Go SQLite driver "sqlite"
)

// State is a Ledger kept in a SQLite file, for incremental runs (--state). An entry is written
// only after Engage confirmed the write, in its own transaction, so the file stays consistent
// when the process is killed at any moment. Entries are scoped by target (base URL) and
// identifier, so one state file never vouches for another tenant. Safe for concurrent use.
type State struct {
	db     *sql.DB
	target string
	get    *sql.Stmt
	put    *sql.Stmt
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

// OpenState opens (creating if needed) the state file at path for target.
func OpenState(path, target string) (*State, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(5000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(stateSchema); err != nil {
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
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	return s, nil
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

// Close closes the file.
func (s *State) Close() error {
	s.get.Close()
	s.put.Close()
	return s.db.Close()
}
