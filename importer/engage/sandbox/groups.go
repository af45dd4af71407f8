package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"contactimport/importer/engage"
)

// Group is a group of the tenant: the thing contacts subscribe to and mailings go to.
type Group struct {
	ID       int64
	Name     string
	Archived bool // an archived group refuses new subscriptions
}

// DefaultGroups are the groups a sandbox has when Options.Groups is nil: two live groups and an
// archived one, enough to rehearse an import into a group and its refusal.
func DefaultGroups() []Group {
	return []Group{
		{ID: 1001, Name: "newsletter"},
		{ID: 1002, Name: "customers"},
		{ID: 1003, Name: "archived", Archived: true},
	}
}

// archivedSuffix marks an archived group in the spelling of ParseGroups.
const archivedSuffix = ":archived"

// ParseGroups reads groups spelled as `sandbox serve --groups` takes them: comma-separated items
// ID, ID=name, each optionally followed by ":archived", e.g. "1001=newsletter,1003=old:archived".
// A group without a name is called "group ID". An ID is a positive integer and appears once.
func ParseGroups(s string) ([]Group, error) {
	groups := []Group{}
	seen := map[int64]bool{}
	if strings.TrimSpace(s) == "" {
		return groups, nil
	}
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		var g Group
		if rest, ok := cutSuffixFold(item, archivedSuffix); ok {
			item, g.Archived = rest, true
		}
		id, name, named := strings.Cut(item, "=")
		n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("group %q: the id is not a positive whole number", item)
		}
		g.ID, g.Name = n, strings.TrimSpace(name)
		if named && g.Name == "" {
			return nil, fmt.Errorf("group %d: the name after = is empty", n)
		}
		if g.Name == "" {
			g.Name = "group " + strconv.FormatInt(n, 10)
		}
		if seen[n] {
			return nil, fmt.Errorf("group %d is given twice", n)
		}
		seen[n] = true
		groups = append(groups, g)
	}
	return groups, nil
}

func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

// FormatGroups spells groups the way ParseGroups reads them.
func FormatGroups(groups []Group) string {
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = strconv.FormatInt(g.ID, 10) + "=" + g.Name
		if g.Archived {
			parts[i] += archivedSuffix
		}
	}
	return strings.Join(parts, ",")
}

// saveGroups adds groups to the store, or updates the name and archived state of those stored.
func saveGroups(ctx context.Context, db *sql.DB, groups []Group) error {
	return inTx(ctx, db, func(tx *sql.Tx) error {
		for _, g := range groups {
			if g.ID <= 0 || g.Name == "" {
				return fmt.Errorf("group %d %q: needs a positive id and a name", g.ID, g.Name)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO mailing_groups (id, name, archived) VALUES (?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET name = excluded.name, archived = excluded.archived`, g.ID, g.Name, g.Archived)
			if err != nil {
				return fmt.Errorf("store group %d: %w", g.ID, err)
			}
		}
		return nil
	})
}

// Groups returns the stored groups in id order.
func (s *Server) Groups(ctx context.Context) ([]Group, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, name, archived FROM mailing_groups ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list sandbox groups: %w", err)
	}
	defer rows.Close()
	var out []Group
	for rows.Next() {
		var g Group
		if err := rows.Scan(&g.ID, &g.Name, &g.Archived); err != nil {
			return nil, fmt.Errorf("list sandbox groups: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// findGroup reads group id; ok is false when there is no such group.
func findGroup(ctx context.Context, q queryRower, id int64) (g Group, ok bool, err error) {
	err = q.QueryRowContext(ctx, "SELECT id, name, archived FROM mailing_groups WHERE id = ?", id).Scan(&g.ID, &g.Name, &g.Archived)
	if errors.Is(err, sql.ErrNoRows) {
		return g, false, nil
	}
	return g, err == nil, err
}

// queryRower is a *sql.DB or a *sql.Tx, for single-row reads.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// noSuchGroup is Engage's answer to a groupId it does not know ("Group with groupId cannot be
// found"), in the envelope with NO_SUCH_OBJECT and objectType "Group".
func noSuchGroup(id string) *engage.ErrorBody {
	return &engage.ErrorBody{ErrorCode: engage.CodeNoSuchObject,
		Message:    "Group with groupId " + id + " cannot be found.",
		ObjectType: "Group", PropertyName: "groupId", PropertyValue: id}
}

// wireGroup is the answer to group/get.
type wireGroup struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Archived bool   `json:"archived"`
}

// idParam reads the query parameter name as a positive id, or answers why it cannot.
func idParam(q url.Values, name string) (int64, *engage.ErrorBody) {
	v := q.Get(name)
	if v == "" {
		return 0, missing(name, "Parameter '"+name+"' is mandatory, but is missing or empty.")
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, invalid(name, v, "not an id")
	}
	return n, nil
}

// groupGet serves GET group/get?groupId=.
func (s *Server) groupGet(ctx context.Context, q url.Values) reply {
	id, e := idParam(q, "groupId")
	if e != nil {
		return errorReply(e)
	}
	g, ok, err := findGroup(ctx, s.db, id)
	switch {
	case err != nil:
		s.log.Error("sandbox store failed", "err", err)
		return internalError()
	case !ok:
		return errorReply(noSuchGroup(q.Get("groupId")))
	}
	return jsonReply(http.StatusOK, wireGroup{ID: g.ID, Name: g.Name, Archived: g.Archived})
}
