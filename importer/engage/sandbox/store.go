package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver: the sandbox builds without cgo
)

// Contact is a stored contact as the sandbox holds it.
type Contact struct {
	ID         int64
	Email      string
	Mobile     string
	Alias      string
	Identifier string
	Attributes map[string]string // canonical name → value; never holds an empty value
}

// Empty email, mobile and alias are stored as NULL so that UNIQUE ignores them. NOCASE makes the
// email unique and looked up case-insensitively, as Engage compares addresses; it folds ASCII
// only, which is all of a stored address (its domain in Punycode, see storedEmail). AUTOINCREMENT keeps
// contactIds a sequence that never hands out the id of a deleted contact again.
const schema = `
CREATE TABLE IF NOT EXISTS contacts (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	email      TEXT COLLATE NOCASE UNIQUE,
	mobile     TEXT UNIQUE,
	alias      TEXT UNIQUE,
	identifier TEXT
);
CREATE INDEX IF NOT EXISTS contacts_identifier ON contacts (identifier, id);
CREATE TABLE IF NOT EXISTS attributes (
	contact_id INTEGER NOT NULL,
	name       TEXT NOT NULL,
	value      TEXT NOT NULL,
	PRIMARY KEY (contact_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mailing_groups (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL,
	archived INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS memberships (
	group_id   INTEGER NOT NULL,
	contact_id INTEGER NOT NULL,
	mode       TEXT NOT NULL,
	status     TEXT NOT NULL,
	PRIMARY KEY (group_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS memberships_contact ON memberships (contact_id);
CREATE TABLE IF NOT EXISTS member_attributes (
	group_id   INTEGER NOT NULL,
	contact_id INTEGER NOT NULL,
	folded     TEXT NOT NULL,
	name       TEXT NOT NULL,
	value      TEXT NOT NULL,
	PRIMARY KEY (group_id, contact_id, folded)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS attribute_names (
	folded TEXT PRIMARY KEY,
	name   TEXT NOT NULL
) WITHOUT ROWID;
`

// openDB opens the SQLite store at path ("" for memory) and creates its tables.
func openDB(ctx context.Context, path string) (*sql.DB, error) {
	dsn := ":memory:"
	if path != "" {
		// WAL lets `sandbox export` read while a server writes; IMMEDIATE transactions take the
		// write lock up front, so a second process waits (busy_timeout) instead of failing halfway.
		dsn = path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sandbox database: %w", err)
	}
	// One connection serialises every transaction, which is what makes the uniqueness checks
	// race-free; it also keeps an in-memory database alive, since each connection to ":memory:"
	// would be a database of its own.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sandbox database: create tables: %w", err)
	}
	return db, nil
}

// inTx runs fn in a transaction and commits it when fn returns nil.
func inTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// column is the contacts column that a lookup by identifier type reads.
func column(t string) string {
	switch t {
	case "EMAIL":
		return "email"
	case "MOBILE":
		return "mobile"
	case "APP_ALIAS":
		return "alias"
	case "EXTERNAL":
		return "identifier"
	}
	return "id"
}

// findID returns the id of the contact whose column for identifier type t holds value. The external
// identifier is not unique: the oldest contact that has it wins. An email address is looked up in
// its stored form, so jörg@müller.de finds the contact stored as jorg@xn--mller-kva.de.
func findID(ctx context.Context, tx *sql.Tx, t string, value any) (int64, bool, error) {
	if s, ok := value.(string); ok && t == "EMAIL" {
		value, _ = storedEmail(s)
	}
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM contacts WHERE "+column(t)+" = ? ORDER BY id LIMIT 1", value).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// takenBy reports which of c's unique fields another contact than c.ID already holds, with the
// value as c spells it. An email address is compared in its stored form.
func takenBy(ctx context.Context, tx *sql.Tx, c *Contact) (field, value string, err error) {
	for _, f := range []struct{ field, col, value, key string }{
		{"emailAddress", "email", c.Email, emailColumn(c.Email)},
		{"mobileNumber", "mobile", c.Mobile, c.Mobile},
		{"applicationAlias", "alias", c.Alias, c.Alias},
	} {
		if f.value == "" {
			continue
		}
		var id int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM contacts WHERE "+f.col+" = ? AND id <> ?", f.key, c.ID).Scan(&id)
		switch {
		case err == nil:
			return f.field, f.value, nil
		case !errors.Is(err, sql.ErrNoRows):
			return "", "", err
		}
	}
	return "", "", nil
}

// emailColumn is the value the email column holds for email: its stored form (storedEmail).
// The stored form is ASCII, so the column's NOCASE collation compares all of it.
func emailColumn(email string) string {
	stored, _ := storedEmail(email)
	return stored
}

func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// saveContact inserts c when c.ID is 0, else overwrites the stored contact c.ID, attributes
// included. It returns the contact's id.
func saveContact(ctx context.Context, tx *sql.Tx, c *Contact) (int64, error) {
	id := c.ID
	if id == 0 {
		res, err := tx.ExecContext(ctx, "INSERT INTO contacts (email, mobile, alias, identifier) VALUES (?, ?, ?, ?)",
			null(emailColumn(c.Email)), null(c.Mobile), null(c.Alias), null(c.Identifier))
		if err != nil {
			return 0, err
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	} else {
		if _, err := tx.ExecContext(ctx, "UPDATE contacts SET email = ?, mobile = ?, alias = ?, identifier = ? WHERE id = ?",
			null(emailColumn(c.Email)), null(c.Mobile), null(c.Alias), null(c.Identifier), id); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM attributes WHERE contact_id = ?", id); err != nil {
			return 0, err
		}
	}
	for name, value := range c.Attributes {
		if _, err := tx.ExecContext(ctx, "INSERT INTO attributes (contact_id, name, value) VALUES (?, ?, ?)", id, name, value); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// deleteContact removes contact id with its attributes and memberships.
func deleteContact(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, table := range []string{"attributes", "member_attributes", "memberships"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE contact_id = ?", id); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM contacts WHERE id = ?", id)
	return err
}

// storedName returns the spelling under which attribute canonical (from CanonicalAttribute) is
// stored: standard names as they are, other names as first seen, compared case-insensitively.
func storedName(ctx context.Context, tx *sql.Tx, canonical string) (string, error) {
	folded := strings.ToLower(canonical)
	if _, ok := standardName(folded); ok {
		return canonical, nil
	}
	var name string
	err := tx.QueryRowContext(ctx, "SELECT name FROM attribute_names WHERE folded = ?", folded).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, "INSERT INTO attribute_names (folded, name) VALUES (?, ?)", folded, canonical)
		return canonical, err
	}
	return name, err
}

// queryer is what reads need: a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

const selectContacts = `SELECT c.id, COALESCE(c.email, ''), COALESCE(c.mobile, ''),
	COALESCE(c.alias, ''), COALESCE(c.identifier, ''), a.name, a.value
	FROM contacts c LEFT JOIN attributes a ON a.contact_id = c.id`

// eachContact calls fn for every contact, in contactId order.
func eachContact(ctx context.Context, q queryer, fn func(*Contact) error) error {
	rows, err := q.QueryContext(ctx, selectContacts+" ORDER BY c.id")
	if err != nil {
		return err
	}
	return scanContacts(rows, fn)
}

// loadContact reads contact id with its attributes.
func loadContact(ctx context.Context, q queryer, id int64) (*Contact, error) {
	rows, err := q.QueryContext(ctx, selectContacts+" WHERE c.id = ?", id)
	if err != nil {
		return nil, err
	}
	var found *Contact
	err = scanContacts(rows, func(c *Contact) error { found = c; return nil })
	if err == nil && found == nil {
		err = fmt.Errorf("load contact %d: not stored", id)
	}
	return found, err
}

// scanContacts reads rows of selectContacts, one per attribute, ordered by contact, and calls fn
// once per contact.
func scanContacts(rows *sql.Rows, fn func(*Contact) error) error {
	defer rows.Close()
	var cur *Contact
	for rows.Next() {
		var c Contact
		var name, value sql.NullString
		if err := rows.Scan(&c.ID, &c.Email, &c.Mobile, &c.Alias, &c.Identifier, &name, &value); err != nil {
			return err
		}
		if cur != nil && cur.ID != c.ID {
			if err := fn(cur); err != nil {
				return err
			}
			cur = nil
		}
		if cur == nil {
			c.Attributes = map[string]string{}
			cur = &c
		}
		if name.Valid {
			cur.Attributes[name.String] = value.String
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cur != nil {
		return fn(cur)
	}
	return nil
}
