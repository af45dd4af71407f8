package engage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Tenant is how a tenant behaves where Mapp's documentation leaves it open (ENGAGE-API.md,
// "Finding out on the tenant"). `contactimport doctor` learns it with a probe contact and keeps it
// in a profile file; import and retry read it. The zero value means "not known", and every
// consumer then takes the choice that is safe on any tenant.
type Tenant struct {
	// Update is what contact/update does with attributes and identifier fields its body leaves
	// out: UpdateMerges keeps them, UpdateReplaces removes them, "" is not known (treat as
	// replacing: never send an update that could remove what the row does not carry).
	Update UpdateBehaviour `json:"update,omitempty"`
	// CustomAttributes is how custom attributes are named on the contact calls: NamingBare
	// ("Tier"), NamingPrefixed ("user.CustomAttribute.Tier"), NamingEither, or "" not known.
	CustomAttributes Naming `json:"custom_attributes,omitempty"`
	// UnifiedIdentifierName tells whether contact/update refuses a call without the
	// unifiedIdentifierName parameter. The client sends it either way; this is for the findings.
	UnifiedIdentifierName Requirement `json:"unified_identifier_name,omitempty"`
	// UnifiedIdentifierForm is the form of unifiedIdentifierName a tenant that requires it took:
	// UnifiedFormValue, the identifier's value (Mapp's own example); "" when not required or not
	// known. Whether a tenant wants an identifier's name there instead is not settled.
	UnifiedIdentifierForm string `json:"unified_identifier_form,omitempty"`
	// Exists and NotFound are the answers seen for "contact exists" on create and "no such
	// contact" on update: "HTTP 400 OBJECT_ALREADY_EXISTS", "HTTP 400 text: Such contact…".
	Exists   string `json:"exists,omitempty"`
	NotFound string `json:"not_found,omitempty"`
	// MissingAttributes are attributes of the mapping that the tenant does not have: an import
	// that sends them would be refused row by row.
	MissingAttributes []string `json:"missing_attributes,omitempty"`
	// Resubscribe is how membership/subscribe answers for a contact that is already a member of
	// the group: ResubscribeOK (quiet success), ResubscribeError (refused), or "" not known (treat
	// as refused: look the membership up before subscribing).
	Resubscribe ResubscribeAnswer `json:"resubscribe,omitempty"`
	// Definitions are what the tenant's attribute definitions say about the attributes the
	// mapping sends (definitions.go); nil when they were not read or the tenant does not list them.
	Definitions *Definitions `json:"definitions,omitempty"`
}

// UpdateBehaviour is what contact/update does with what its body leaves out.
type UpdateBehaviour string

// The update behaviours; "" is not known.
const (
	UpdateMerges   UpdateBehaviour = "merge"
	UpdateReplaces UpdateBehaviour = "replace"
)

// Naming is how a tenant names custom attributes on the contact calls.
type Naming string

// The namings; "" is not known.
const (
	NamingBare     Naming = "bare"
	NamingPrefixed Naming = "prefixed"
	NamingEither   Naming = "either"
)

// UnifiedFormValue is the UnifiedIdentifierForm of a tenant that took the identifier's value.
const UnifiedFormValue = "identifier_value"

// Requirement says whether the tenant needs a parameter.
type Requirement string

// The requirements; "" is not known.
const (
	Required    Requirement = "required"
	NotRequired Requirement = "not_required"
)

// ResubscribeAnswer is how a tenant answers the subscription of a contact that is already a
// member of the group.
type ResubscribeAnswer string

// The answers; "" is not known.
const (
	ResubscribeOK    ResubscribeAnswer = "ok"
	ResubscribeError ResubscribeAnswer = "error"
)

// Finding is one thing doctor checked, in words a person understands.
type Finding struct {
	Check   string `json:"check"`   // what was checked: "credentials", "update behaviour", …
	OK      bool   `json:"ok"`      // false when it blocks an import as configured
	Found   string `json:"found"`   // what was found
	Meaning string `json:"meaning"` // what it means for the import
}

// Profile is the file doctor writes and import and retry read: what was learnt about one target.
// It never holds credentials.
type Profile struct {
	Target   string    `json:"target"` // the API base URL, as Client.BaseURL gives it
	Checked  time.Time `json:"checked"`
	Tenant   Tenant    `json:"tenant"`
	Findings []Finding `json:"findings"`
}

// WriteProfile writes p as indented JSON.
func WriteProfile(w io.Writer, p *Profile) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return fmt.Errorf("write tenant profile: %w", err)
	}
	return nil
}

// ReadProfile reads a profile written by WriteProfile. Unknown fields are refused, so that a
// profile of a newer version is not half understood.
func ReadProfile(r io.Reader) (*Profile, error) {
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.DisallowUnknownFields()
	var p Profile
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("read tenant profile: %w", err)
	}
	if p.Target == "" {
		return nil, errors.New("read tenant profile: no target in it")
	}
	switch p.Tenant.Update {
	case "", UpdateMerges, UpdateReplaces:
	default:
		return nil, fmt.Errorf("read tenant profile: unknown update behaviour %q", p.Tenant.Update)
	}
	switch p.Tenant.CustomAttributes {
	case "", NamingBare, NamingPrefixed, NamingEither:
	default:
		return nil, fmt.Errorf("read tenant profile: unknown custom attribute naming %q", p.Tenant.CustomAttributes)
	}
	if f := p.Tenant.UnifiedIdentifierForm; f != "" && f != UnifiedFormValue {
		return nil, fmt.Errorf("read tenant profile: unknown unifiedIdentifierName form %q", f)
	}
	switch p.Tenant.Resubscribe {
	case "", ResubscribeOK, ResubscribeError:
	default:
		return nil, fmt.Errorf("read tenant profile: unknown answer to subscribing a member again %q", p.Tenant.Resubscribe)
	}
	return &p, nil
}
