package sandbox

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// ExportGroup writes the members and invited contacts of group id as CSV in contactId order:
// contactId, emailAddress, mobileNumber, applicationAlias, identifier, subscriptionMode, status
// (member or invited), then one column per member attribute name of the group, sorted. A group
// that is not stored is an error; a stored group without members gives the header alone.
func (s *Server) ExportGroup(ctx context.Context, w io.Writer, id int64) error {
	fail := func(err error) error { return fmt.Errorf("export sandbox group %d: %w", id, err) }
	if _, ok, err := findGroup(ctx, s.db, id); err != nil || !ok {
		if err == nil {
			err = fmt.Errorf("no such group in the database")
		}
		return fail(err)
	}
	names, err := memberAttributeNames(ctx, s, id)
	if err != nil {
		return fail(err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, COALESCE(c.email, ''), COALESCE(c.mobile, ''),
		COALESCE(c.alias, ''), COALESCE(c.identifier, ''), m.mode, m.status, a.name, a.value
		FROM memberships m JOIN contacts c ON c.id = m.contact_id
		LEFT JOIN member_attributes a ON a.group_id = m.group_id AND a.contact_id = m.contact_id
		WHERE m.group_id = ? ORDER BY c.id`, id)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	header := append([]string{"contactId", "emailAddress", "mobileNumber", "applicationAlias", "identifier",
		"subscriptionMode", "status"}, names...)
	if err := cw.Write(header); err != nil {
		return fail(err)
	}
	column := make(map[string]int, len(names))
	for i, name := range names {
		column[name] = 7 + i
	}
	var record []string
	var cur int64
	flush := func() error {
		if record == nil {
			return nil
		}
		return cw.Write(record)
	}
	for rows.Next() {
		var cid int64
		var email, mobile, alias, ident, mode, status string
		var name, value *string
		if err := rows.Scan(&cid, &email, &mobile, &alias, &ident, &mode, &status, &name, &value); err != nil {
			return fail(err)
		}
		if record == nil || cid != cur {
			if err := flush(); err != nil {
				return fail(err)
			}
			cur = cid
			record = append([]string{strconv.FormatInt(cid, 10), email, mobile, alias, ident, mode, status},
				make([]string, len(names))...)
		}
		if name != nil {
			record[column[*name]] = *value
		}
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	if err := flush(); err != nil {
		return fail(err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fail(err)
	}
	return nil
}

// memberAttributeNames lists the member attribute names of group id in byte order.
func memberAttributeNames(ctx context.Context, s *Server, id int64) ([]string, error) {
	return s.names(ctx, "SELECT DISTINCT name FROM member_attributes WHERE group_id = ? ORDER BY name", id)
}
