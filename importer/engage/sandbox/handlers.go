package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"contactimport/importer/engage"
)

// maxBody caps a request body; a contact is a few KiB even with every attribute at its limit.
const maxBody = 1 << 20

// refusal carries an error envelope out of a transaction, which it rolls back.
type refusal struct{ body *engage.ErrorBody }

func (r *refusal) Error() string { return r.body.ErrorCode }

func missing(name, message string) *engage.ErrorBody {
	return &engage.ErrorBody{ErrorCode: engage.CodeMissingParameter, Message: message, ParameterName: name}
}

func noSuchObject(value string) *engage.ErrorBody {
	return &engage.ErrorBody{ErrorCode: engage.CodeNoSuchObject,
		Message:    "Contact with identifier=" + value + " does not exist.",
		ObjectType: "Contact", PropertyName: "identifier", PropertyValue: value}
}

func alreadyExists(field, value string) *engage.ErrorBody {
	return &engage.ErrorBody{ErrorCode: engage.CodeAlreadyExists, Message: existsText,
		ObjectType: "Contact", PropertyName: field, PropertyValue: value}
}

// existsText is what Mapp documents of the "contact exists" answer, and all that a tenant
// answering with ExistsText sends.
const existsText = "Such contact already exists"

// refusalReply answers a refused write: with the error envelope, or for "contact exists" on a
// tenant that answers it as text, with the bare text.
func (s *Server) refusalReply(body *engage.ErrorBody) reply {
	if body.ErrorCode == engage.CodeAlreadyExists && s.behaviour.ExistsAnswer == ExistsText {
		return reply{status: http.StatusBadRequest, contentType: "text/plain; charset=utf-8", body: []byte(existsText)}
	}
	return errorReply(body)
}

// dispatch reads the body of a contact call and carries it out.
func (s *Server) dispatch(ctx context.Context, ep string, r *http.Request) reply {
	data, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return textReply(http.StatusBadRequest, "read request body: "+err.Error())
	}
	if ep == epGet || ep == epDelete {
		var id wireIdentifier
		if err := json.Unmarshal(data, &id); err != nil {
			return textReply(http.StatusBadRequest, "JSON parse error: "+err.Error())
		}
		return s.lookup(ctx, ep, &id)
	}
	var c wireContact
	if err := json.Unmarshal(data, &c); err != nil {
		return textReply(http.StatusBadRequest, "JSON parse error: "+err.Error())
	}
	if ep == epCreate {
		return s.create(ctx, &c)
	}
	return s.update(ctx, r.URL.Query(), &c)
}

// run runs fn in a transaction and turns its outcome into an answer; a refusal answers as the
// tenant's behaviour says (refusalReply).
func (s *Server) run(ctx context.Context, fn func(tx *sql.Tx) (reply, error)) reply {
	return s.runTx(ctx, fn, s.refusalReply)
}

// runTx runs fn in a transaction: a *refusal answers through refuse, a store failure as a 500.
func (s *Server) runTx(ctx context.Context, fn func(tx *sql.Tx) (reply, error), refuse func(*engage.ErrorBody) reply) reply {
	var out reply
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	var rf *refusal
	switch {
	case errors.As(err, &rf):
		return refuse(rf.body)
	case err != nil:
		s.log.Error("sandbox store failed", "err", err)
		return internalError()
	}
	return out
}

// lookup serves get and delete.
func (s *Server) lookup(ctx context.Context, ep string, id *wireIdentifier) reply {
	switch {
	case id.Type == nil || *id.Type == "":
		return errorReply(missing("type", "Parameter type is required."))
	case !validIdentifierType(*id.Type):
		return enumError(*id.Type)
	case id.Value == nil || *id.Value == "":
		return errorReply(missing("value", "Parameter value is required."))
	}
	var key any = *id.Value
	if *id.Type == "ID" {
		n, err := strconv.ParseInt(*id.Value, 10, 64)
		if err != nil {
			return errorReply(invalid("value", *id.Value, "not a contactId"))
		}
		key = n
	}
	return s.run(ctx, func(tx *sql.Tx) (reply, error) {
		cid, ok, err := findID(ctx, tx, *id.Type, key)
		if err != nil {
			return reply{}, err
		}
		if !ok {
			return reply{}, &refusal{noSuchObject(*id.Value)}
		}
		if ep == epDelete {
			return reply{status: http.StatusOK}, deleteContact(ctx, tx, cid)
		}
		c, err := loadContact(ctx, tx, cid)
		if err != nil {
			return reply{}, err
		}
		return contactAnswer(s.lag.visible(c)), nil
	})
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// checkFields validates the identifier fields Engage has rules for.
func (s *Server) checkFields(c *Contact) *engage.ErrorBody {
	if c.Email != "" {
		if e := s.valid.checkEmail(c.Email); e != nil {
			return e
		}
	}
	if c.Mobile != "" {
		return s.valid.checkMobile(c.Mobile)
	}
	return nil
}

// attribute is one attribute of a request, its name made canonical.
type attribute struct{ name, value string }

func (s *Server) checkAttributes(in []wireAttribute) ([]attribute, *engage.ErrorBody) {
	out := make([]attribute, 0, len(in))
	for _, a := range in {
		if e := s.checkDefined(a.Name, a.Value); e != nil {
			return nil, e
		}
		name, e := s.resolveAttribute(a.Name)
		if e != nil {
			return nil, e
		}
		if e := s.valid.checkAttribute(name.key, a.Value); e != nil {
			return nil, e
		}
		out = append(out, attribute{name.key, a.Value})
	}
	return out, nil
}

// applyAttributes sets attrs on c in request order (a later duplicate wins); an empty value removes
// the attribute.
func applyAttributes(ctx context.Context, tx *sql.Tx, c *Contact, attrs []attribute) error {
	for _, a := range attrs {
		name, err := storedName(ctx, tx, a.name)
		if err != nil {
			return err
		}
		if a.value == "" {
			delete(c.Attributes, name)
		} else {
			c.Attributes[name] = a.value
		}
	}
	return nil
}

func needsChannel(c *Contact) *engage.ErrorBody {
	if c.Email == "" && c.Mobile == "" && c.Alias == "" {
		return missing("emailAddress",
			"A contact needs at least one of emailAddress, mobileNumber or applicationAlias.")
	}
	return nil
}

// save checks c's unique fields against the other contacts, stores c and answers with it.
func save(ctx context.Context, tx *sql.Tx, c *Contact) (reply, error) {
	field, value, err := takenBy(ctx, tx, c)
	if err != nil {
		return reply{}, err
	}
	if field != "" {
		return reply{}, &refusal{alreadyExists(field, value)}
	}
	id, err := saveContact(ctx, tx, c)
	if err != nil {
		return reply{}, err
	}
	stored, err := loadContact(ctx, tx, id)
	if err != nil {
		return reply{}, err
	}
	return contactAnswer(stored), nil
}

func (s *Server) create(ctx context.Context, w *wireContact) reply {
	c := &Contact{Email: deref(w.Email), Mobile: deref(w.Mobile), Alias: deref(w.Alias),
		Identifier: deref(w.Identifier), Attributes: map[string]string{}}
	if e := needsChannel(c); e != nil {
		return errorReply(e)
	}
	if e := s.checkFields(c); e != nil {
		return errorReply(e)
	}
	attrs, e := s.checkAttributes(w.Attributes)
	if e != nil {
		return errorReply(e)
	}
	s.setTechnical(c)
	return s.run(ctx, func(tx *sql.Tx) (reply, error) {
		if err := applyAttributes(ctx, tx, c, attrs); err != nil {
			return reply{}, err
		}
		return save(ctx, tx, c)
	})
}
