package sandbox

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
)

// UpdateMode is how contact/update treats what its body leaves out.
type UpdateMode string

// The update modes. Merge is the older user/updateProfile reading ("attributes that are not
// mentioned are not changed"); replace is what Mapp's current contact/update page says: "If an
// attribute, for example, mobileNumber, is not included or left empty, any existing value will be
// removed".
const (
	UpdateMerge   UpdateMode = "merge"
	UpdateReplace UpdateMode = "replace"
)

// Valid reports whether m is a known mode; "" stands for UpdateMerge.
func (m UpdateMode) Valid() bool { return m == "" || m == UpdateMerge || m == UpdateReplace }

// Naming is how a tenant names custom attributes on the contact calls.
type Naming string

// The namings. Bare is Mapp's one REST example of a custom attribute ({"name":"tracking_consent"});
// prefixed is the spelling of the CSV import headers and the user/* family
// (user.CustomAttribute.<Name>); either takes both as the same attribute.
const (
	NamingEither   Naming = "either"
	NamingBare     Naming = "bare"
	NamingPrefixed Naming = "prefixed"
)

// Valid reports whether n is a known naming; "" stands for NamingEither.
func (n Naming) Valid() bool {
	return n == "" || n == NamingEither || n == NamingBare || n == NamingPrefixed
}

// ExistsAnswer is the shape of the answer to a write that would take another contact's email,
// mobile number or app alias.
type ExistsAnswer string

// The "contact exists" answers: the JSON error envelope with OBJECT_ALREADY_EXISTS, or the only
// part Mapp documents, the text "Such contact already exists", as a bare text/plain 400.
const (
	ExistsEnvelope ExistsAnswer = "envelope"
	ExistsText     ExistsAnswer = "text"
)

// Valid reports whether a is a known answer; "" stands for ExistsEnvelope.
func (a ExistsAnswer) Valid() bool { return a == "" || a == ExistsEnvelope || a == ExistsText }

// Behaviour is how the sandbox answers where Engage's documentation leaves a tenant's behaviour
// open (ENGAGE-API.md, "Finding out on the tenant"). Its zero value is the sandbox's historic
// behaviour: merging updates, custom attributes under either name, any custom attribute accepted,
// no unifiedIdentifierName needed, "contact exists" as the error envelope, subscribing a member a
// quiet success.
type Behaviour struct {
	Update           UpdateMode
	CustomAttributes Naming
	// KnownCustomAttributes, when not nil, are the only custom attributes the tenant has (as if
	// its file import had created just these): any other custom attribute is refused with 400
	// INVALID_PARAMETER naming it. Names compare case-insensitively and may carry the
	// user.CustomAttribute. prefix. Nil accepts any name; an empty, non-nil slice accepts none.
	KnownCustomAttributes []string
	// RequireUnifiedIdentifierName refuses a contact/update whose query has no non-empty
	// unifiedIdentifierName, with the text of Mapp's current page.
	RequireUnifiedIdentifierName bool
	ExistsAnswer                 ExistsAnswer
	// ResubscribeError answers membership/subscribe of a contact that is already a member, or
	// already invited to the group, with 400 OBJECT_ALREADY_EXISTS (objectType "Membership")
	// instead of a quiet 204. Mapp does not document which of the two a tenant does.
	ResubscribeError bool
	// Definitions are the tenant's attribute definitions and how soon an update shows
	// (definitions.go); the zero value lists none and shows updates at once.
	Definitions Definitions
}

// Validate reports the first setting of b that is not one of its values.
func (b Behaviour) Validate() error {
	_, err := b.normalised()
	return err
}

// normalised returns b with its defaults spelled out, or an error naming the first bad field.
func (b Behaviour) normalised() (Behaviour, error) {
	switch {
	case !b.Update.Valid():
		return b, fmt.Errorf("update mode %q is not merge or replace", b.Update)
	case !b.CustomAttributes.Valid():
		return b, fmt.Errorf("custom attribute naming %q is not bare, prefixed or either", b.CustomAttributes)
	case !b.ExistsAnswer.Valid():
		return b, fmt.Errorf("exists answer %q is not envelope or text", b.ExistsAnswer)
	}
	if err := b.Definitions.validate(); err != nil {
		return b, err
	}
	if b.Update == "" {
		b.Update = UpdateMerge
	}
	if b.CustomAttributes == "" {
		b.CustomAttributes = NamingEither
	}
	if b.ExistsAnswer == "" {
		b.ExistsAnswer = ExistsEnvelope
	}
	if b.KnownCustomAttributes != nil {
		known := make([]string, 0, len(b.KnownCustomAttributes))
		for _, name := range b.KnownCustomAttributes {
			bare := customName(name)
			if bare == "" {
				return b, fmt.Errorf("known custom attribute %q has no name", name)
			}
			known = append(known, bare)
		}
		b.KnownCustomAttributes = known
	}
	return b, nil
}

// customName is the name of the custom attribute that name (from KnownCustomAttributes) stands
// for, without the optional user.CustomAttribute. prefix.
func customName(name string) string {
	name = trimPrefixFold(strings.TrimSpace(name), "user.")
	return trimPrefixFold(name, customPrefix)
}

// knownSet maps the folded names of KnownCustomAttributes to their spelling; nil when every name
// is accepted.
func (b Behaviour) knownSet() map[string]string {
	if b.KnownCustomAttributes == nil {
		return nil
	}
	set := make(map[string]string, len(b.KnownCustomAttributes))
	for _, name := range b.KnownCustomAttributes {
		bare := customName(name)
		set[strings.ToLower(bare)] = bare
	}
	return set
}

// String spells b as the flags of `sandbox serve` would.
func (b Behaviour) String() string {
	n, err := b.normalised()
	if err != nil {
		return "invalid behaviour: " + err.Error()
	}
	known := "any"
	if n.KnownCustomAttributes != nil {
		known = "[" + strings.Join(n.KnownCustomAttributes, ",") + "]"
	}
	return fmt.Sprintf("update=%s custom-attributes=%s known-attributes=%s require-unified-identifier=%t exists-answer=%s resubscribe-error=%t",
		n.Update, n.CustomAttributes, known, n.RequireUnifiedIdentifierName, n.ExistsAnswer, n.ResubscribeError)
}

// LogValue logs b as a group of its settings.
func (b Behaviour) LogValue() slog.Value {
	n, err := b.normalised()
	if err != nil {
		return slog.StringValue("invalid: " + err.Error())
	}
	known := "any"
	if n.KnownCustomAttributes != nil {
		known = strings.Join(n.KnownCustomAttributes, ",")
	}
	return slog.GroupValue(
		slog.String("update", string(n.Update)),
		slog.String("custom_attributes", string(n.CustomAttributes)),
		slog.String("known_attributes", known),
		slog.Bool("require_unified_identifier", n.RequireUnifiedIdentifierName),
		slog.String("exists_answer", string(n.ExistsAnswer)),
		slog.Bool("resubscribe_error", n.ResubscribeError),
		slog.Int("definitions", len(n.Definitions.Profile)),
		slog.Bool("no_definitions", n.Definitions.Unlisted),
		slog.Duration("visible_after", n.Definitions.VisibleAfter),
	)
}

// Variant is a named Behaviour, one reading of Engage's documentation.
type Variant struct {
	Name string
	Behaviour
}

// Behaviours lists the readings of Engage's documentation an end-to-end test should pass on:
// every update mode with every custom attribute naming, each once lenient (today's answers) and
// once strict ("-strict": unifiedIdentifierName required, "contact exists" as bare text, only
// the custom attributes in known existing on the tenant, and subscribing a member an error). The first variant is the zero
// Behaviour. known is copied into the strict variants; nil there means "none".
func Behaviours(known []string) []Variant {
	strictKnown := slices.Clone(known)
	if strictKnown == nil {
		strictKnown = []string{}
	}
	var out []Variant
	for _, update := range []UpdateMode{UpdateMerge, UpdateReplace} {
		for _, naming := range []Naming{NamingEither, NamingBare, NamingPrefixed} {
			name := string(update) + "-" + string(naming)
			out = append(out, Variant{Name: name, Behaviour: Behaviour{Update: update, CustomAttributes: naming}})
			out = append(out, Variant{Name: name + "-strict", Behaviour: Behaviour{Update: update, CustomAttributes: naming,
				KnownCustomAttributes: slices.Clone(strictKnown), RequireUnifiedIdentifierName: true, ExistsAnswer: ExistsText,
				ResubscribeError: true}})
		}
	}
	out[0].Behaviour = Behaviour{}
	return out
}
