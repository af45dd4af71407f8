package engage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// DataType is the data type of an attribute definition.
type DataType string

// The data types Engage's definitions list (ENGAGE-API.md, "Attribute definitions"). Another
// value is kept as the tenant sent it: its values are then not checked before sending.
const (
	TypeString  DataType = "STRING"
	TypeNumber  DataType = "NUMBER"
	TypeBoolean DataType = "BOOLEAN"
	TypeDate    DataType = "DATE"
)

// Definition is one attribute definition as GET profileAttributes/list?withEnums=true (or the
// member attributes' list) answers it.
type Definition struct {
	ID          int64    `json:"id,omitempty"`
	Name        string   `json:"name"`
	DisplayName string   `json:"displayName,omitempty"`
	DataType    DataType `json:"dataType,omitempty"`
	Standard    bool     `json:"standard,omitempty"`
	Technical   bool     `json:"technical,omitempty"`
	Archived    bool     `json:"archived,omitempty"`
	Enumerated  bool     `json:"enumerated,omitempty"`
	// EnumeratedValues are the allowed values of an enumerated attribute. Mapp's page names the
	// field but shows no example: a list of strings, of numbers, or of objects with a "value" (or
	// "name") are all read, as their text.
	EnumeratedValues EnumValues `json:"enumeratedValues,omitempty"`
}

// EnumValues are the allowed values of an enumerated attribute, as text.
type EnumValues []string

// UnmarshalJSON reads a list whose items are strings, numbers, booleans or objects carrying a
// "value" or "name" string; any other item makes the list unreadable.
func (e *EnumValues) UnmarshalJSON(data []byte) error {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return errors.New("enumeratedValues is not a list")
	}
	out := make(EnumValues, 0, len(items))
	for i, raw := range items {
		v, ok := enumItem(bytes.TrimSpace(raw))
		if !ok {
			return fmt.Errorf("enumeratedValues item %d is neither a value nor an object with one", i+1)
		}
		out = append(out, v)
	}
	*e = out
	return nil
}

func enumItem(raw []byte) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return strconv.FormatBool(b), true
	}
	var obj struct {
		Value *json.RawMessage `json:"value"`
		Name  *string          `json:"name"`
	}
	if json.Unmarshal(raw, &obj) != nil {
		return "", false
	}
	if obj.Value != nil {
		if v, ok := enumItem(bytes.TrimSpace(*obj.Value)); ok && (*obj.Value)[0] != '{' {
			return v, true
		}
		return "", false
	}
	if obj.Name != nil {
		return *obj.Name, true
	}
	return "", false
}

// ErrNoDefinitions matches a *NoDefinitionsError: the tenant does not list attribute
// definitions to this user.
var ErrNoDefinitions = errors.New("the tenant does not list attribute definitions")

// NoDefinitionsError is the answer 404 or 403 to a definitions call: a tenant older than the July
// 2026 extension of v19, or a user without the right to read attributes. The probe contact is the
// way to learn the attributes then. (A 403 for wrong credentials is told apart by the caller:
// doctor has called system/getApiVersion with the same credentials first.)
type NoDefinitionsError struct {
	Op     string // "profileAttributes/list" or "memberAttributes/list"
	Status int
}

func (e *NoDefinitionsError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s: the tenant does not list attribute definitions to this user", e.Op, e.Status, http.StatusText(e.Status))
}

// Is makes errors.Is(err, ErrNoDefinitions) true.
func (e *NoDefinitionsError) Is(target error) bool { return target == ErrNoDefinitions }

// ProfileAttributes lists the tenant's profile attribute definitions with their enumerated values,
// archived ones included (GET profileAttributes/list?withEnums=true&archived=true, documented on
// docs.mapp.com/apidocs/engage-api-listing-attribute-definitions). archived=true is asked for so
// that an archived attribute is named as archived rather than as missing; whether a tenant
// returns only the archived ones with it is not documented, and the answer is read either way.
// A 404 or 403 is a *NoDefinitionsError; other failures are the client's usual errors.
func (c *Client) ProfileAttributes(ctx context.Context) ([]Definition, error) {
	return c.definitions(ctx, "profileAttributes/list", url.Values{"withEnums": {"true"}, "archived": {"true"}})
}

// MemberAttributes lists the member attribute definitions of group. Mapp's listing page says only
// that member attributes "have their own list endpoints" (the memberAttributes resource); the
// path and parameter are not documented. This client calls GET
// memberAttributes/list?groupId=<group>&withEnums=true, after the profile call and the resource's
// create call (memberAttributes/create?groupId=), and reads the answer as the profile list. A
// 404 or 403 is a *NoDefinitionsError, as for ProfileAttributes.
func (c *Client) MemberAttributes(ctx context.Context, group int64) ([]Definition, error) {
	return c.definitions(ctx, "memberAttributes/list", url.Values{"groupId": {formatInt(group)}, "withEnums": {"true"}})
}

func (c *Client) definitions(ctx context.Context, path string, q url.Values) ([]Definition, error) {
	data, status, err := c.exchange(ctx, path, http.MethodGet, path, q, nil)
	var ae *APIError
	if errors.As(err, &ae) && (ae.Status == http.StatusNotFound || ae.Status == http.StatusForbidden) {
		return nil, &NoDefinitionsError{Op: path, Status: ae.Status}
	}
	if err != nil {
		return nil, opError(path, err)
	}
	var defs []Definition
	if err := json.Unmarshal(bytes.TrimSpace(data), &defs); err != nil {
		return nil, fmt.Errorf("%s: the HTTP %d answer is not a list of attribute definitions: %w", path, status, ErrUnreadable)
	}
	for i, d := range defs {
		if strings.TrimSpace(d.Name) == "" {
			return nil, fmt.Errorf("%s: definition %d of the HTTP %d answer has no name: %w", path, i+1, status, ErrUnreadable)
		}
	}
	return defs, nil
}

// Definitions are what doctor keeps in the profile of a tenant's attribute definitions: those of
// the attributes the mapping sends, and the names of the tenant's technical profile attributes,
// which a client may read but not write.
type Definitions struct {
	Profile   []Definition `json:"profile,omitempty"`
	Member    []Definition `json:"member,omitempty"`
	Technical []string     `json:"technical,omitempty"`
}

// DefinitionName is the name under which a definition lists attribute name: without "user." and
// "CustomAttribute." prefixes, as Mapp's listing names custom attributes.
func DefinitionName(name string) string {
	name = strings.TrimSpace(name)
	for _, prefix := range []string{"user.", "CustomAttribute.", "member."} {
		if len(name) >= len(prefix) && strings.EqualFold(name[:len(prefix)], prefix) {
			name = name[len(prefix):]
		}
	}
	return name
}

// FindDefinition returns the definition in defs of the attribute name (compared
// case-insensitively, prefixes ignored as DefinitionName drops them).
func FindDefinition(defs []Definition, name string) (Definition, bool) {
	want := DefinitionName(name)
	for _, d := range defs {
		if strings.EqualFold(DefinitionName(d.Name), want) {
			return d, true
		}
	}
	return Definition{}, false
}

// IsTechnical reports whether d lists name among the tenant's technical attributes; false for a
// nil d.
func (d *Definitions) IsTechnical(name string) bool {
	if d == nil {
		return false
	}
	want := DefinitionName(name)
	for _, t := range d.Technical {
		if strings.EqualFold(DefinitionName(t), want) {
			return true
		}
	}
	return false
}

// OmitUnifiedIdentifierName makes Update leave the unifiedIdentifierName parameter out: for a
// tenant whose profile says it does not need it (Tenant.UnifiedIdentifierName NotRequired), as
// its meaning there is not settled and an unneeded parameter is best not sent. Safe to call while
// calls run.
func (c *Client) OmitUnifiedIdentifierName(omit bool) { c.omitUnified.Store(omit) }
