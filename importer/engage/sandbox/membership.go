package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"contactimport/importer/engage"
)

// The status of a contact's entry in a group: a member receives the group's mailings; an invited
// contact (double opt-in) does only after accepting the invitation.
const (
	statusMember  = "member"
	statusInvited = "invited"
)

// The subscription modes of membership/subscribe.
const (
	modeOptIn          = "OPT_IN"
	modeConfirmedOptIn = "CONFIRMED_OPT_IN"
	modeDoubleOptIn    = "DOUBLE_OPT_IN"
)

// The system attributes a membership answer carries besides the member attributes. Status uses
// the words of Mapp's membership window: ACTIVE for a member, PENDING for a double opt-in
// invitation not accepted yet.
const (
	attrStatus = "member.Status"
	attrMode   = "member.SubscriptionMode"
)

// maxMemberValue is the longest member attribute value, the limit of custom values.
const maxMemberValue = 2000

func noSuchUser(id int64) *engage.ErrorBody {
	v := strconv.FormatInt(id, 10)
	return &engage.ErrorBody{ErrorCode: engage.CodeNoSuchObject, Message: "User with id " + v + " does not exist.",
		ObjectType: "User", PropertyName: "userId", PropertyValue: v}
}

func noMembership(user, group int64) *engage.ErrorBody {
	return &engage.ErrorBody{ErrorCode: engage.CodeNoSuchObject,
		Message:    "User with id " + strconv.FormatInt(user, 10) + " is not a member of group " + strconv.FormatInt(group, 10) + ".",
		ObjectType: "Membership", PropertyName: "userId", PropertyValue: strconv.FormatInt(user, 10)}
}

func groupArchived(id int64) *engage.ErrorBody {
	v := strconv.FormatInt(id, 10)
	return &engage.ErrorBody{ErrorCode: engage.CodeInvalidParameter, Message: "Group with groupId " + v + " is archived.",
		ObjectType: "Group", ParameterName: "groupId", Value: v}
}

func alreadyMember(user, group int64) *engage.ErrorBody {
	return &engage.ErrorBody{ErrorCode: engage.CodeAlreadyExists,
		Message:    "Membership of user " + strconv.FormatInt(user, 10) + " in group " + strconv.FormatInt(group, 10) + " already exists.",
		ObjectType: "Membership", PropertyName: "userId", PropertyValue: strconv.FormatInt(user, 10)}
}

// entry is a contact's row in a group.
type entry struct {
	mode, status string
}

// membershipCall is what every membership call names: a contact and a group, both checked.
type membershipCall struct {
	user, group int64
}

// readIDs reads userId and groupId from the query.
func readIDs(q url.Values) (membershipCall, *engage.ErrorBody) {
	user, e := idParam(q, "userId")
	if e != nil {
		return membershipCall{}, e
	}
	group, e := idParam(q, "groupId")
	if e != nil {
		return membershipCall{}, e
	}
	return membershipCall{user: user, group: group}, nil
}

// check finds the group and the contact, refusing when either is missing, and returns the group
// and the contact's entry in it (ok false when there is none).
func (m membershipCall) check(ctx context.Context, tx *sql.Tx) (Group, entry, bool, error) {
	g, ok, err := findGroup(ctx, tx, m.group)
	if err != nil {
		return g, entry{}, false, err
	}
	if !ok {
		return g, entry{}, false, &refusal{noSuchGroup(strconv.FormatInt(m.group, 10))}
	}
	if _, ok, err := findID(ctx, tx, "ID", m.user); err != nil || !ok {
		if err == nil {
			err = &refusal{noSuchUser(m.user)}
		}
		return g, entry{}, false, err
	}
	var e entry
	err = tx.QueryRowContext(ctx, "SELECT mode, status FROM memberships WHERE group_id = ? AND contact_id = ?",
		m.group, m.user).Scan(&e.mode, &e.status)
	if errors.Is(err, sql.ErrNoRows) {
		return g, e, false, nil
	}
	return g, e, err == nil, err
}

// dispatchMembership serves the membership calls (group/get is served apart).
func (s *Server) dispatchMembership(ctx context.Context, ep string, r *http.Request) reply {
	q := r.URL.Query()
	m, e := readIDs(q)
	if e != nil {
		return errorReply(e)
	}
	switch ep {
	case epSubscribe:
		return s.subscribe(ctx, m, q.Get("subscriptionMode"), q.Has("subscriptionMode"))
	case epUnsubscribe:
		return s.unsubscribe(ctx, m, q.Get("unsubscriptionMode"), q.Has("unsubscriptionMode"))
	case epMembershipGet:
		return s.runMembership(ctx, func(tx *sql.Tx) (reply, error) {
			_, en, ok, err := m.check(ctx, tx)
			if err != nil || !ok {
				return reply{}, orNotMember(err, m)
			}
			return membershipAnswer(ctx, tx, m, en)
		})
	case epMembershipDelete:
		return s.runMembership(ctx, func(tx *sql.Tx) (reply, error) {
			_, _, ok, err := m.check(ctx, tx)
			if err != nil || !ok {
				return reply{}, orNotMember(err, m)
			}
			return reply{status: http.StatusNoContent}, removeEntry(ctx, tx, m)
		})
	}
	data, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return textReply(http.StatusBadRequest, "read request body: "+err.Error())
	}
	var attrs []wireAttribute
	if err := json.Unmarshal(data, &attrs); err != nil {
		return textReply(http.StatusBadRequest, "JSON parse error: "+err.Error())
	}
	return s.updateMemberAttributes(ctx, m, attrs)
}

// orNotMember is err, or the "not a member" refusal when there is no error.
func orNotMember(err error, m membershipCall) error {
	if err != nil {
		return err
	}
	return &refusal{noMembership(m.user, m.group)}
}

// runMembership runs fn in a transaction: its refusals answer with the error envelope as they are
// (the text form of "contact exists" is a contact call's, not a membership's).
func (s *Server) runMembership(ctx context.Context, fn func(tx *sql.Tx) (reply, error)) reply {
	return s.runTx(ctx, fn, errorReply)
}

// subscribe serves membership/subscribe: OPT_IN and CONFIRMED_OPT_IN make a member (the second
// with a welcome message), DOUBLE_OPT_IN an invited entry and an invitation. Subscribing a
// member changes nothing and sends nothing; subscribing an invited contact again re-sends the
// invitation (DOUBLE_OPT_IN) or makes it a member. With Behaviour.ResubscribeError both are
// refused instead. An archived group refuses every subscription.
func (s *Server) subscribe(ctx context.Context, m membershipCall, mode string, given bool) reply {
	switch {
	case !given || mode == "":
		return errorReply(missing("subscriptionMode", "Parameter 'subscriptionMode' is mandatory, but is missing or empty."))
	case mode != modeOptIn && mode != modeConfirmedOptIn && mode != modeDoubleOptIn:
		return errorReply(invalid("subscriptionMode", mode, "not one of OPT_IN, CONFIRMED_OPT_IN, DOUBLE_OPT_IN"))
	}
	var note string
	rp := s.runMembership(ctx, func(tx *sql.Tx) (reply, error) {
		g, en, exists, err := m.check(ctx, tx)
		switch {
		case err != nil:
			return reply{}, err
		case g.Archived:
			return reply{}, &refusal{groupArchived(g.ID)}
		case exists && s.behaviour.ResubscribeError:
			return reply{}, &refusal{alreadyMember(m.user, m.group)}
		case exists && en.status == statusMember:
			return reply{status: http.StatusNoContent}, nil
		}
		status := statusMember
		switch mode {
		case modeDoubleOptIn:
			status, note = statusInvited, NoteInvitation
		case modeConfirmedOptIn:
			note = NoteWelcome
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO memberships (group_id, contact_id, mode, status) VALUES (?, ?, ?, ?)
			ON CONFLICT (group_id, contact_id) DO UPDATE SET mode = excluded.mode, status = excluded.status`,
			m.group, m.user, mode, status)
		return reply{status: http.StatusNoContent}, err
	})
	if note != "" && rp.status == http.StatusNoContent {
		s.traffic.notify(note)
	}
	return rp
}

// unsubscribe serves membership/unsubscribe: the contact leaves the group (a pending invitation
// is withdrawn), silently with OPT_IN, with a confirmation message with CONFIRMED_OPT_IN.
func (s *Server) unsubscribe(ctx context.Context, m membershipCall, mode string, given bool) reply {
	switch {
	case !given || mode == "":
		return errorReply(missing("unsubscriptionMode", "Parameter 'unsubscriptionMode' is mandatory, but is missing or empty."))
	case mode != modeOptIn && mode != modeConfirmedOptIn:
		return errorReply(invalid("unsubscriptionMode", mode, "not one of OPT_IN, CONFIRMED_OPT_IN"))
	}
	rp := s.runMembership(ctx, func(tx *sql.Tx) (reply, error) {
		_, _, ok, err := m.check(ctx, tx)
		if err != nil || !ok {
			return reply{}, orNotMember(err, m)
		}
		return reply{status: http.StatusNoContent}, removeEntry(ctx, tx, m)
	})
	if mode == modeConfirmedOptIn && rp.status == http.StatusNoContent {
		s.traffic.notify(NoteUnsubscribe)
	}
	return rp
}

func removeEntry(ctx context.Context, tx *sql.Tx, m membershipCall) error {
	for _, table := range []string{"member_attributes", "memberships"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE group_id = ? AND contact_id = ?", m.group, m.user); err != nil {
			return err
		}
	}
	return nil
}

// updateMemberAttributes serves membership/updateAttributes: each attribute is set (an empty
// value removes it), the others stay. Names are bare and compare case-insensitively; the group's
// first spelling of a name stays. Only a member (not an invited contact) has member attributes.
func (s *Server) updateMemberAttributes(ctx context.Context, m membershipCall, attrs []wireAttribute) reply {
	for _, a := range attrs {
		name := strings.TrimSpace(a.Name)
		switch {
		case name == "":
			return errorReply(invalid("name", a.Name, "a member attribute needs a name"))
		case utf8.RuneCountInString(a.Value) > maxMemberValue:
			return errorReply(invalid(name, a.Value, "longer than 2000 characters"))
		}
	}
	return s.runMembership(ctx, func(tx *sql.Tx) (reply, error) {
		_, en, ok, err := m.check(ctx, tx)
		if err != nil || !ok || en.status != statusMember {
			return reply{}, orNotMember(err, m)
		}
		for _, a := range attrs {
			name := strings.TrimSpace(a.Name)
			folded := strings.ToLower(name)
			if a.Value == "" {
				_, err = tx.ExecContext(ctx, "DELETE FROM member_attributes WHERE group_id = ? AND contact_id = ? AND folded = ?",
					m.group, m.user, folded)
			} else {
				// The group's first spelling of the name, so that an export has one column per name.
				_, err = tx.ExecContext(ctx, `INSERT INTO member_attributes (group_id, contact_id, folded, name, value)
					VALUES (?1, ?2, ?3, COALESCE((SELECT name FROM member_attributes WHERE group_id = ?1 AND folded = ?3 LIMIT 1), ?4), ?5)
					ON CONFLICT (group_id, contact_id, folded) DO UPDATE SET value = excluded.value`,
					m.group, m.user, folded, name, a.Value)
			}
			if err != nil {
				return reply{}, err
			}
		}
		return membershipAnswer(ctx, tx, m, en)
	})
}

// wireMembership is the answer to membership/get.
type wireMembership struct {
	UserID     int64           `json:"userId"`
	GroupID    int64           `json:"groupId"`
	Attributes []wireAttribute `json:"attributes"`
}

// membershipAnswer is a 200 answer with the membership: its system attributes, then its member
// attributes by name.
func membershipAnswer(ctx context.Context, tx *sql.Tx, m membershipCall, en entry) (reply, error) {
	status := "ACTIVE"
	if en.status == statusInvited {
		status = "PENDING"
	}
	w := wireMembership{UserID: m.user, GroupID: m.group,
		Attributes: []wireAttribute{{Name: attrStatus, Value: status}, {Name: attrMode, Value: en.mode}}}
	rows, err := tx.QueryContext(ctx, "SELECT name, value FROM member_attributes WHERE group_id = ? AND contact_id = ? ORDER BY name",
		m.group, m.user)
	if err != nil {
		return reply{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var a wireAttribute
		if err := rows.Scan(&a.Name, &a.Value); err != nil {
			return reply{}, err
		}
		w.Attributes = append(w.Attributes, a)
	}
	if err := rows.Err(); err != nil {
		return reply{}, err
	}
	return jsonReply(http.StatusOK, w), nil
}

// AcceptPath is where a test accepts a double opt-in invitation as its contact would:
// POST AcceptPath?userId=&groupId= answers 204 and makes the invited contact a member, 404 when
// there is no such invitation. It takes no credentials and is not counted in Stats.
const AcceptPath = "/_sandbox/accept"

func (s *Server) serveAccept(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	m, e := readIDs(r.URL.Query())
	if e != nil {
		http.Error(w, e.Message, http.StatusBadRequest)
		return
	}
	res, err := s.db.ExecContext(r.Context(), "UPDATE memberships SET status = ? WHERE group_id = ? AND contact_id = ? AND status = ?",
		statusMember, m.group, m.user, statusInvited)
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	switch {
	case err != nil:
		s.log.Error("sandbox accept: store failed", "err", err)
		http.Error(w, "store failed", http.StatusInternalServerError)
	case n == 0:
		http.Error(w, "no invitation of this contact to this group", http.StatusNotFound)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}
