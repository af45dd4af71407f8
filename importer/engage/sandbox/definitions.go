package sandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"contactimport/importer/engage"
)

// The attribute definition calls of v19's July 2026 extension (ENGAGE-API.md, "Attribute
// definitions"). The member list's path is the client's reading (engage.Client.MemberAttributes).
const (
	epProfileAttributes = "profileAttributes/list"
	epMemberDefinitions = "memberAttributes/list"
)

// DataType is the data type of a sandbox attribute definition: "STRING", "NUMBER", "BOOLEAN",
// "DATE"; "" stands for STRING.
type DataType string

// Definition is one attribute of the tenant the sandbox plays, as its definition lists it. The
// sandbox enforces it on every contact write: a value of another type or outside Enum, a write
// of an archived or a technical attribute, is refused with 400 INVALID_PARAMETER naming it.
type Definition struct {
	Name        string
	DisplayName string
	Type        DataType
	Enum        []string // the allowed values; nil: any value of the type
	Standard    bool
	Technical   bool // the tenant writes it; a client may read but not write it
	Archived    bool
	// Value is what the tenant sets a technical attribute to on every contact it creates, so
	// that contact/get returns it; "" sets nothing.
	Value string
}

// Definitions is the part of a Behaviour about attribute definitions and when updates show.
type Definitions struct {
	// Profile and Member are the tenant's profile and member attribute definitions, listed by
	// profileAttributes/list and memberAttributes/list and enforced on writes. A nil Profile
	// lists the standard attributes and KnownCustomAttributes as STRING; with
	// KnownCustomAttributes nil too (any custom attribute taken, which no list can say), the
	// tenant is played as one without the list calls (404), as the sandbox was before them.
	Profile []Definition
	Member  []Definition
	// Unlisted plays a tenant older than the definition calls: both answer 404, and so does
	// contact/checkUpdateVersion (updateversion.go).
	Unlisted bool
	// VisibleAfter is how long contact/get keeps answering a contact as it was before an update
	// (Mapp: updates may be saved asynchronously, contact/checkUpdateVersion). 0 shows it at once.
	VisibleAfter time.Duration
}

// definitionRoute returns the definition endpoint rest names, or "".
func definitionRoute(rest string) string {
	if rest == epProfileAttributes || rest == epMemberDefinitions {
		return rest
	}
	return ""
}

// wireDefinition is a definition as the list calls answer it.
type wireDefinition struct {
	ID               int64    `json:"id"`
	Name             string   `json:"name"`
	DisplayName      string   `json:"displayName"`
	DataType         DataType `json:"dataType"`
	Standard         bool     `json:"standard"`
	Technical        bool     `json:"technical"`
	Archived         bool     `json:"archived"`
	Enumerated       bool     `json:"enumerated"`
	EnumeratedValues []string `json:"enumeratedValues,omitempty"`
}

// listDefinitions answers profileAttributes/list and memberAttributes/list: archived definitions
// only with archived=true, enumerated values only with withEnums=true, as Mapp's page describes.
func (s *Server) listDefinitions(ep string, q url.Values) reply {
	d := s.behaviour.Definitions
	if d.Unlisted || (d.Profile == nil && s.behaviour.KnownCustomAttributes == nil) {
		return envelopeReply(http.StatusNotFound, engage.CodeInvalidRequest, "No such endpoint: "+ep)
	}
	defs := d.Profile
	if defs == nil {
		defs = derivedDefinitions(s.behaviour.KnownCustomAttributes)
	}
	offset := 1
	if ep == epMemberDefinitions {
		if _, err := strconv.ParseInt(q.Get("groupId"), 10, 64); err != nil {
			return errorReply(missing("groupId", "Parameter 'groupId' is mandatory."))
		}
		defs, offset = d.Member, 1001
	}
	out := []wireDefinition{}
	for i, def := range defs {
		if def.Archived && q.Get("archived") != "true" {
			continue
		}
		w := wireDefinition{ID: int64(offset + i), Name: def.Name, DisplayName: def.DisplayName, DataType: typeOf(def),
			Standard: def.Standard, Technical: def.Technical, Archived: def.Archived, Enumerated: def.Enum != nil}
		if w.DisplayName == "" {
			w.DisplayName = def.Name
		}
		if q.Get("withEnums") == "true" {
			w.EnumeratedValues = def.Enum
		}
		out = append(out, w)
	}
	return jsonReply(http.StatusOK, out)
}

func typeOf(d Definition) DataType {
	if d.Type == "" {
		return "STRING"
	}
	return d.Type
}

// profileDefinition finds the profile definition of the attribute a request named sent, whatever
// its prefix and case.
func (s *Server) profileDefinition(sent string) (Definition, bool) {
	name := customName(sent)
	for _, d := range s.behaviour.Definitions.Profile {
		if strings.EqualFold(customName(d.Name), name) {
			return d, true
		}
	}
	return Definition{}, false
}

var numberValue = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// checkDefined refuses the write of attribute sent with value where its definition forbids it.
// An empty value clears the attribute and is not checked against the type.
func (s *Server) checkDefined(sent, value string) *engage.ErrorBody {
	d, ok := s.profileDefinition(sent)
	if !ok {
		return nil
	}
	switch {
	case d.Technical:
		return invalid(sent, value, "the attribute "+d.Name+" is technical and cannot be written")
	case d.Archived:
		return invalid(sent, value, "the attribute "+d.Name+" is archived")
	case value == "":
		return nil
	}
	return typedValue(d, sent, value)
}

// typedValue checks value against d's type and allowed values.
func typedValue(d Definition, sent, value string) *engage.ErrorBody {
	var bad bool
	switch typeOf(d) {
	case "NUMBER":
		bad = !numberValue.MatchString(value)
	case "BOOLEAN":
		bad = value != "true" && value != "false"
	case "DATE":
		bad = !validDate(value)
	}
	if bad {
		return invalid(sent, value, fmt.Sprintf("the attribute %s takes a %s", d.Name, typeOf(d)))
	}
	if d.Enum != nil && !slices.Contains(d.Enum, value) {
		return invalid(sent, value, "the attribute "+d.Name+" takes one of its enumerated values")
	}
	return nil
}

// setTechnical gives a new contact the values the tenant sets on its technical attributes.
func (s *Server) setTechnical(c *Contact) {
	for _, d := range s.behaviour.Definitions.Profile {
		if d.Technical && d.Value != "" {
			c.Attributes[d.Name] = d.Value
		}
	}
}

// technicalOf returns the technical attributes c holds: the tenant's own, which no update
// removes, replacing or not.
func (s *Server) technicalOf(c *Contact) map[string]string {
	out := map[string]string{}
	for _, d := range s.behaviour.Definitions.Profile {
		if v, ok := c.Attributes[d.Name]; ok && d.Technical {
			out[d.Name] = v
		}
	}
	return out
}

// lag holds, per contact, how it looked before its last update while that update is not yet
// visible to contact/get.
type lag struct {
	mu     sync.Mutex
	before map[int64]pending
}

type pending struct {
	c     *Contact
	until time.Time
}

// updated records that c, as it was before an update, stays what contact/get answers for after.
// An earlier pending state is kept: the read shows the oldest not yet visible version.
func (l *lag) updated(c *Contact, after time.Duration) {
	if after <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.before == nil {
		l.before = map[int64]pending{}
	}
	now := time.Now()
	if p, ok := l.before[c.ID]; ok && now.Before(p.until) {
		return
	}
	cp := *c
	cp.Attributes = maps.Clone(c.Attributes)
	l.before[c.ID] = pending{c: &cp, until: now.Add(after)}
}

// visible is what contact/get answers for the stored contact c.
func (l *lag) visible(c *Contact) *Contact {
	l.mu.Lock()
	defer l.mu.Unlock()
	p, ok := l.before[c.ID]
	if !ok {
		return c
	}
	if time.Now().Before(p.until) {
		return p.c
	}
	delete(l.before, c.ID)
	return c
}

// validate reports the first definition that is not one the sandbox can play.
func (d Definitions) validate() error {
	if d.VisibleAfter < 0 {
		return fmt.Errorf("visible-after %v is negative", d.VisibleAfter)
	}
	for _, def := range slices.Concat(d.Profile, d.Member) {
		switch {
		case strings.TrimSpace(def.Name) == "":
			return fmt.Errorf("an attribute definition has no name")
		case def.Type != "" && def.Type != "STRING" && def.Type != "NUMBER" && def.Type != "BOOLEAN" && def.Type != "DATE":
			return fmt.Errorf("attribute definition %s: data type %q is not STRING, NUMBER, BOOLEAN or DATE", def.Name, def.Type)
		case def.Value != "" && !def.Technical:
			return fmt.Errorf("attribute definition %s: only a technical attribute gets a value from the tenant", def.Name)
		}
	}
	return nil
}

// standardAttributes are Engage's standard profile attributes, in their canonical spelling.
var standardAttributes = []string{"FirstName", "LastName", "Nickname", "Title", "DateOfBirth", "ZipCode",
	"ISOCountryCode", "ISOLanguageCode", "TimeZone", "PartnerId"}

// derivedDefinitions lists the standard attributes and the custom attributes known, as STRING
// (DateOfBirth as DATE).
func derivedDefinitions(known []string) []Definition {
	out := make([]Definition, 0, len(standardAttributes)+len(known))
	for _, name := range standardAttributes {
		d := Definition{Name: name, Standard: true}
		if name == "DateOfBirth" {
			d.Type = "DATE"
		}
		out = append(out, d)
	}
	for _, name := range known {
		out = append(out, Definition{Name: name})
	}
	return out
}

// spellAnswer spells the custom attributes of a contact answer (get, create, update) the way the
// tenant names them on writes: a tenant that takes only user.CustomAttribute.<Name> answers with
// that name, so that a client which sends back what it read is never refused for a spelling the
// tenant itself returned. Under NamingBare and NamingEither the stored spelling stays.
func (s *Server) spellAnswer(ep string, rp reply) reply {
	if s.behaviour.CustomAttributes != NamingPrefixed || rp.status != http.StatusOK ||
		(ep != epGet && ep != epCreate && ep != epUpdate) {
		return rp
	}
	var w wireContact
	if json.Unmarshal(rp.body, &w) != nil {
		return rp
	}
	for i, a := range w.Attributes {
		if p := parseAttribute(a.Name); p.custom && !strings.HasPrefix(a.Name, "user."+customPrefix) {
			w.Attributes[i].Name = "user." + customPrefix + a.Name
		}
	}
	return jsonReply(rp.status, w)
}
