package sandbox

import (
	"context"
	"database/sql"
	"net/url"
	"strconv"
)

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
// body keeps its stored value; in replace mode the body's attributes become the whole set and an
// omitted mobileNumber is removed, the behaviour Mapp's documentation warns of. In both modes an
// empty field or attribute value clears it.
func (s *Server) update(ctx context.Context, q url.Values, w *wireContact) reply {
	t := q.Get("identifierType")
	switch {
	case !q.Has("identifierType") || t == "":
		return errorReply(invalid("identifierType", t, "required: one of EMAIL, MOBILE, APP_ALIAS, EXTERNAL, ID"))
	case !validIdentifierType(t):
		return errorReply(invalid("identifierType", t, "not one of EMAIL, MOBILE, APP_ALIAS, EXTERNAL, ID"))
	}
	key, shown, field := updateKey(t, w)
	if shown == "" {
		return errorReply(missing(field, "Parameter "+field+" is required for identifierType "+t+"."))
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
		id, ok, err := findID(ctx, tx, t, key)
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
		s.mergeFields(c, w)
		if err := applyAttributes(ctx, tx, c, attrs); err != nil {
			return reply{}, err
		}
		if e := needsChannel(c); e != nil {
			return reply{}, &refusal{e}
		}
		return save(ctx, tx, c)
	})
}

func (s *Server) mergeFields(c *Contact, w *wireContact) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&c.Email, w.Email)
	set(&c.Alias, w.Alias)
	set(&c.Identifier, w.Identifier)
	set(&c.Mobile, w.Mobile)
	if s.opts.Update == updateReplace {
		if w.Mobile == nil {
			c.Mobile = ""
		}
		c.Attributes = map[string]string{}
	}
}
