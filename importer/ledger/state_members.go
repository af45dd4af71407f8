package ledger

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// stateVersion is the state file's schema version (PRAGMA user_version). Version 0 is a file
// written before memberships were kept (the sent table alone): opening it adds the members table
// and nothing else changes. A file of a later version is refused rather than misread.
const stateVersion = 2

const stateMembersSchema = `
CREATE TABLE IF NOT EXISTS members (
	target     TEXT NOT NULL,
	grp        INTEGER NOT NULL,
	key        TEXT NOT NULL,
	contact_id INTEGER NOT NULL,
	status     TEXT NOT NULL,
	cell       TEXT NOT NULL,
	attrs      TEXT NOT NULL,
	at         TEXT NOT NULL,
	PRIMARY KEY (target, grp, key)
) WITHOUT ROWID`

// migrateState brings a state file to stateVersion.
func migrateState(db *sql.DB) error {
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	switch {
	case v > stateVersion:
		return fmt.Errorf("the state file was written by a newer contactimport (schema %d, this one knows %d); use that version or another --state file", v, stateVersion)
	case v == stateVersion:
		return nil
	}
	if _, err := db.Exec(stateMembersSchema); err != nil {
		return err
	}
	_, err := db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, stateVersion))
	return err
}

func (s *State) prepareMembers() error {
	var err error
	s.getM, err = s.db.Prepare(`SELECT contact_id, status, cell, attrs FROM members WHERE target = ? AND grp = ? AND key = ?`)
	if err == nil {
		s.putM, err = s.db.Prepare(`INSERT INTO members (target, grp, key, contact_id, status, cell, attrs, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (target, grp, key) DO UPDATE SET contact_id = excluded.contact_id, status = excluded.status,
			cell = excluded.cell, attrs = excluded.attrs, at = excluded.at`)
	}
	return err
}

// LookupMember returns what this job knows of key's membership in group.
func (s *State) LookupMember(group int64, key string) (MemberEntry, bool, error) {
	var e MemberEntry
	var status, cell string
	err := s.getM.QueryRow(s.target, group, key).Scan(&e.ContactID, &status, &cell, &e.Attrs)
	if errors.Is(err, sql.ErrNoRows) {
		return MemberEntry{}, false, nil
	}
	if err != nil {
		return MemberEntry{}, false, fmt.Errorf("state lookup: %w", err)
	}
	e.Status, e.Cell = MemberStatus(status), subscriptionOf(cell)
	return e, true, nil
}

// RecordMember remembers the outcome of a membership step, after Engage confirmed it.
func (s *State) RecordMember(group int64, key string, e MemberEntry) error {
	if _, err := s.putM.Exec(s.target, group, key, e.ContactID, string(e.Status), string(e.Cell), e.Attrs,
		time.Now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("state record: %w", err)
	}
	return nil
}

// MemberRecord is one contact this job made (or found) a member of a group.
type MemberRecord struct {
	Key string
	MemberEntry
}

// Members lists the contacts this job knows as members of group (member, invited, or left
// since), in key order.
func (s *State) Members(group int64) ([]MemberRecord, error) {
	rows, err := s.db.Query(`SELECT key, contact_id, status, cell, attrs FROM members
		WHERE target = ? AND grp = ? AND status IN (?, ?, ?) ORDER BY key`,
		s.target, group, string(StatusMember), string(StatusInvited), string(StatusLeft))
	if err != nil {
		return nil, fmt.Errorf("state members: %w", err)
	}
	defer rows.Close()
	var out []MemberRecord
	for rows.Next() {
		var m MemberRecord
		var status, cell string
		if err := rows.Scan(&m.Key, &m.ContactID, &status, &cell, &m.Attrs); err != nil {
			return nil, fmt.Errorf("state members: %w", err)
		}
		m.Status, m.Cell = MemberStatus(status), subscriptionOf(cell)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state members: %w", err)
	}
	return out, nil
}

// CountMembers counts the contacts this job knows as members of group.
func (s *State) CountMembers(group int64) (int, error) {
	var n int
	err := s.db.QueryRow(`SELECT count(*) FROM members WHERE target = ? AND grp = ? AND status IN (?, ?, ?)`,
		s.target, group, string(StatusMember), string(StatusInvited), string(StatusLeft)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("state members: %w", err)
	}
	return n, nil
}

// ForgetMember drops what this job knows of key's membership in group (after the mirror
// removed it): should the contact come back in a later file, it is subscribed as a new one.
func (s *State) ForgetMember(group int64, key string) error {
	if _, err := s.db.Exec(`DELETE FROM members WHERE target = ? AND grp = ? AND key = ?`, s.target, group, key); err != nil {
		return fmt.Errorf("state record: %w", err)
	}
	return nil
}
