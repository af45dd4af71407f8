package sandbox

import (
	"context"
	"database/sql"
	"maps"
	"net/url"
	"strconv"
)

// typeUnified is the identifierType of an update that finds its contact by the value of the
// unifiedIdentifierName parameter instead of a body field.
const typeUnified = "UNIFIED_IDENTIFIER"

// unifiedMissing is the text of Mapp's current contact/update page for a missing or wrong
// unifiedIdentifierName.
const unifiedMissing = "Parameter unifiedIdentifierName and identifierType are mandatory, but are missing or incorrect."

// unifiedOrder is the order in which an update of type UNIFIED_IDENTIFIER looks its value up:
// as an email address, then as a mobile number, then as an app alias; the first contact found is
// the one. These are the fields that are unique; the external identifier is not, and a contactId
// is never a unified identifier.
var unifiedOrder = []string{"EMAIL", "MOBILE", "APP_ALIAS"}

// updateKey returns the body field that an update with identifier type t finds its contact by, and
// that field's name on the wire.
func updateKey(t string, w *wireContact) (key any, shown, field string) {
	switch t {
	case "EMAIL":
		return deref(w.Email), deref(w.Email), "emailAddress"
	case "MOBILE":
		return deref(w.Mobile), deref(w.Mobile), "mobileNumber"
	case "APP_ALIAS":
		return deref(w.Alias), deref(w.Alias), "applicationAlias"
	case "EXTERNAL":
		return deref(w.Identifier), deref(w.Identifier), "identifier"
	}
	if w.ContactID == nil || *w.ContactID == 0 {
		return "", "", "contactId"
	}
	return *w.ContactID, strconv.FormatInt(*w.ContactID, 10), "contactId"
}

// update serves contact/update. In merge mode (the default) a field or attribute left out of the
// body keeps its stored value; in replace mode, the reading of Mapp's current page, the body's
// attributes become the whole set and every identifier field it leaves out (emailAddress,
// mobileNumber, applicationAlias, identifier), except the one the contact was found by, is
// removed. In both modes an empty field or attribute value clears it, again except the field the
// contact was found by.
func (s *Server) update(ctx context.Context, q url.Values, w *wireContact) reply {
	t := q.Get("identifierType")
	switch {
	case !q.Has("identifierType") || t == "":
		return errorReply(invalid("identifierType", t, "required: one of EMAIL, MOBILE, APP_ALIAS, EXTERNAL, ID, UNIFIED_IDENTIFIER"))
	case !validIdentifierType(t) && t != typeUnified:
		return errorReply(invalid("identifierType", t, "not one of EMAIL, MOBILE, APP_ALIAS, EXTERNAL, ID, UNIFIED_IDENTIFIER"))
	}
	unified := q.Get("unifiedIdentifierName")
	if unified == "" && (t == typeUnified || s.behaviour.RequireUnifiedIdentifierName) {
		return errorReply(missing("unifiedIdentifierName", unifiedMissing))
	}
	var key any = unified
	shown := unified
	if t != typeUnified {
		var field string
		key, shown, field = updateKey(t, w)
		if shown == "" {
			return errorReply(missing(field, "Parameter "+field+" is required for identifierType "+t+"."))
		}
	}
	body := &Contact{Email: deref(w.Email), Mobile: deref(w.Mobile)}
	if e := s.checkFields(body); e != nil {
		return errorReply(e)
	}
	attrs, e := s.checkAttributes(w.Attributes)
	if e != nil {
		return errorReply(e)
	}
	return s.run(ctx, func(tx *sql.Tx) (reply, error) {
		id, by, ok, err := findForUpdate(ctx, tx, t, key)
		if err != nil {
			return reply{}, err
		}
		if !ok {
			return reply{}, &refusal{noSuchObject(shown)}
		}
		c, err := loadContact(ctx, tx, id)
		if err != nil {
			return reply{}, err
		}
		s.lag.updated(c, s.behaviour.Definitions.VisibleAfter)
		tech := s.technicalOf(c)
		s.applyFields(c, w, by)
		maps.Copy(c.Attributes, tech)
		if err := applyAttributes(ctx, tx, c, attrs); err != nil {
			return reply{}, err
		}
		if e := needsChannel(c); e != nil {
			return reply{}, &refusal{e}
		}
		return save(ctx, tx, c)
	})
}

// findForUpdate finds the contact an update of type t means, and returns the identifier type of
// the field it was found by: t itself, or for UNIFIED_IDENTIFIER the first of unifiedOrder whose
// field holds key.
func findForUpdate(ctx context.Context, tx *sql.Tx, t string, key any) (id int64, by string, ok bool, err error) {
	if t != typeUnified {
		id, ok, err = findID(ctx, tx, t, key)
		return id, t, ok, err
	}
	for _, by := range unifiedOrder {
		if id, ok, err = findID(ctx, tx, by, key); ok || err != nil {
			return id, by, ok, err
		}
	}
	return 0, "", false, nil
}

// applyFields writes the body's identifier fields over c's, and in replace mode drops the
// attributes. by is the identifier type the contact was found by: that field is never removed.
func (s *Server) applyFields(c *Contact, w *wireContact, by string) {
	replace := s.behaviour.Update == UpdateReplace
	for _, f := range []struct {
		stored *string
		sent   *string
		typ    string
	}{
		{&c.Email, w.Email, "EMAIL"},
		{&c.Mobile, w.Mobile, "MOBILE"},
		{&c.Alias, w.Alias, "APP_ALIAS"},
		{&c.Identifier, w.Identifier, "EXTERNAL"},
	} {
		switch {
		case f.typ == by && (f.sent == nil || *f.sent == ""):
			// the field the contact was found by stays
		case f.sent != nil:
			*f.stored = *f.sent
		case replace:
			*f.stored = ""
		}
	}
	if replace {
		c.Attributes = map[string]string{}
	}
}
