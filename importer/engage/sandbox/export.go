package sandbox

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// Contacts returns every stored contact in contactId order.
func (s *Server) Contacts(ctx context.Context) ([]Contact, error) {
	var out []Contact
	err := eachContact(ctx, s.db, func(c *Contact) error {
		out = append(out, *c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list sandbox contacts: %w", err)
	}
	return out, nil
}

// Export writes every contact as CSV in contactId order: contactId, emailAddress, mobileNumber,
// applicationAlias, identifier, then one column per attribute name, sorted. It streams: memory does
// not grow with the number of contacts.
func (s *Server) Export(ctx context.Context, w io.Writer) error {
	names, err := s.attributeNames(ctx)
	if err != nil {
		return fmt.Errorf("export sandbox contacts: %w", err)
	}
	cw := csv.NewWriter(w)
	record := append([]string{"contactId", "emailAddress", "mobileNumber", "applicationAlias", "identifier"}, names...)
	if err := cw.Write(record); err != nil {
		return fmt.Errorf("export sandbox contacts: %w", err)
	}
	err = eachContact(ctx, s.db, func(c *Contact) error {
		record = append(record[:0], strconv.FormatInt(c.ID, 10), c.Email, c.Mobile, c.Alias, c.Identifier)
		for _, name := range names {
			record = append(record, c.Attributes[name])
		}
		return cw.Write(record)
	})
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		return fmt.Errorf("export sandbox contacts: %w", err)
	}
	return nil
}

// attributeNames lists the names of all stored attributes in byte order, the order of sort.Strings.
func (s *Server) attributeNames(ctx context.Context) ([]string, error) {
	return s.names(ctx, "SELECT DISTINCT name FROM attributes ORDER BY name")
}

// names runs a query of one text column and returns its values.
func (s *Server) names(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}
