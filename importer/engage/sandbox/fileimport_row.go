package sandbox

import (
	"context"
	"database/sql"
	"strings"
)

// rowImporter applies the rows of one import file, as Mapp's file import does: the first column
// finds the contact; invalid email addresses and mobile numbers, invalid attribute values and
// rows the mode does not allow are rejected (reason given, nothing stored); an empty cell leaves
// the stored value alone (Mapp does not document whether "" clears one; the sandbox keeps it).
type rowImporter struct {
	s    *Server
	auto Automation
	cols []importColumn
}

// row applies one record. It returns why the row was rejected ("" when it was imported); an
// error is a store failure that stops the run.
func (ri *rowImporter) row(ctx context.Context, tx *sql.Tx, rec []string) (string, error) {
	if len(rec) != len(ri.cols) {
		return "the row has a different number of fields than the header", nil
	}
	key := strings.TrimSpace(rec[0])
	if key == "" {
		return "no value in the first column, which identifies the contact", nil
	}
	in := Contact{Attributes: map[string]string{}}
	var attrs []attribute
	var members [][2]string
	for i, c := range ri.cols {
		v := strings.TrimSpace(rec[i])
		if v == "" {
			continue
		}
		switch c.kind {
		case colEmail:
			if ri.s.valid.checkEmail(v) != nil {
				return "invalid email address", nil
			}
			in.Email = v
		case colMobile:
			if ri.s.valid.checkMobile(v) != nil {
				return "invalid mobile number", nil
			}
			in.Mobile = v
		case colAlias:
			in.Alias = v
		case colIdentifier:
			in.Identifier = v
		case colAttribute:
			if ri.s.valid.checkAttribute(c.name, v) != nil {
				return "invalid value for attribute " + c.name, nil
			}
			attrs = append(attrs, attribute{c.name, v})
		case colMember:
			members = append(members, [2]string{c.name, v})
		}
	}
	id, found, err := findID(ctx, tx, keyTypes[ri.cols[0].kind], key)
	if err != nil {
		return "", err
	}
	switch {
	case ri.auto.Mode == ModeUpdate && !found:
		return "no such contact (the automation's mode updates existing contacts only)", nil
	case ri.auto.Mode == ModeAdd && found:
		return "", ri.member(ctx, tx, id, members) // the profile stays as it is
	}
	c := &in
	if found {
		if c, err = loadContact(ctx, tx, id); err != nil {
			return "", err
		}
		keep(&c.Email, in.Email)
		keep(&c.Mobile, in.Mobile)
		keep(&c.Alias, in.Alias)
		keep(&c.Identifier, in.Identifier)
	}
	if e := needsChannel(c); e != nil {
		return "a new contact needs an email address, a mobile number or an app alias", nil
	}
	if err := applyAttributes(ctx, tx, c, attrs); err != nil {
		return "", err
	}
	field, _, err := takenBy(ctx, tx, c)
	if err != nil {
		return "", err
	}
	if field != "" {
		return field + " belongs to another contact", nil
	}
	if id, err = saveContact(ctx, tx, c); err != nil {
		return "", err
	}
	return "", ri.member(ctx, tx, id, members)
}

// member makes contact id a member of the automation's group (silently, OPT_IN) and sets its
// member attributes there. Without a group, member columns are ignored.
func (ri *rowImporter) member(ctx context.Context, tx *sql.Tx, id int64, members [][2]string) error {
	g := ri.auto.Group
	if g == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO memberships (group_id, contact_id, mode, status) VALUES (?, ?, 'OPT_IN', 'member')
		ON CONFLICT (group_id, contact_id) DO NOTHING`, g, id)
	if err != nil {
		return err
	}
	for _, m := range members {
		_, err = tx.ExecContext(ctx, `INSERT INTO member_attributes (group_id, contact_id, folded, name, value)
			VALUES (?1, ?2, ?3, COALESCE((SELECT name FROM member_attributes WHERE group_id = ?1 AND folded = ?3 LIMIT 1), ?4), ?5)
			ON CONFLICT (group_id, contact_id, folded) DO UPDATE SET value = excluded.value`,
			g, id, strings.ToLower(m[0]), m[0], m[1])
		if err != nil {
			return err
		}
	}
	return nil
}

// keep sets *to to v unless v is empty.
func keep(to *string, v string) {
	if v != "" {
		*to = v
	}
}
