package importer

import (
	"context"
	"slices"

	"contactimport/importer/engage"
)

// Updates that never remove what the row does not carry (SPEC, "An update never removes what
// the row does not carry").
//
// Engage's contact/update may replace rather than merge: Mapp's current page says an attribute
// or mobileNumber that is "not included or left empty" is removed. Where the tenant is known to
// merge (Config.Tenant.Update == engage.UpdateMerges: a doctor profile, or the embedded sandbox),
// a row's update carries the row alone, one call. Everywhere else the update is read before it is
// written: a get of the contact, then an update with the row's fields plus every identifier field
// and attribute stored on the contact that the row does not carry. What the row carries wins; an
// empty value it carries (`empty: clear`) still clears its attribute; what it leaves out is sent
// back as stored, so that a replacing update keeps it. That is two calls per existing contact; a
// new contact still costs one create when the predictor expects new ones.
//
// Why not user/updateProfile, which Mapp documents as merging: it finds contacts by contactId,
// email or mobile number only (not by app alias or external id), answers 204 without a contact
// (nothing to confirm the write by), and changes attributes only, not identifier fields, so a row
// with a new mobile number would still need a contact/update that may replace. The read works for
// every identifier and keeps one code path.

// Update modes, as the summary names them.
const (
	UpdateModeMerge = "merge"             // one update per existing contact; the tenant merges
	UpdateModeRead  = "read-before-write" // get, then an update carrying everything stored
)

// UpdateModeOf names how updates go out for tenant t.
func UpdateModeOf(t engage.Tenant) string {
	if t.Update == engage.UpdateMerges {
		return UpdateModeMerge
	}
	return UpdateModeRead
}

// readFirst reports whether updates are read before they are written.
func (r *runner) readFirst() bool { return r.cfg.Tenant.Update != engage.UpdateMerges }

// update sends c as an update by identifier type t. When the tenant is not known to merge, it
// reads the contact first (or takes *stored, read earlier for this row) and sends c completed by
// whole. A missing contact comes back as the get's or the update's engage.ErrNotFound; *stored is
// then cleared, so that a later update of the row reads again.
func (r *runner) update(ctx context.Context, attempts *int, t engage.IdentifierType, c *engage.Contact, stored **engage.Contact) (*engage.Contact, error) {
	body := c
	if r.readFirst() {
		if *stored == nil {
			got, err := r.do(ctx, "get", attempts, func(ctx context.Context) (*engage.Contact, error) {
				return r.cfg.API.Get(ctx, engage.IdentifierOf(c, t))
			})
			if err != nil {
				return nil, err
			}
			*stored = got
		}
		body = r.whole(c, *stored)
	}
	got, err := r.do(ctx, "update", attempts, sameContact(*stored, func(ctx context.Context) (*engage.Contact, error) {
		return r.cfg.API.Update(ctx, t, body)
	}))
	if err != nil {
		*stored = nil
	}
	return got, err
}

// whole returns the update body for row on a tenant that may replace: the row, plus every
// identifier field and non-empty attribute of stored that the row does not carry and a client may
// write. Attributes are matched by engage.AttributeName.Key, so "FirstName" from the tenant and
// "user.FirstName" from the mapping are one attribute, and a custom attribute is never taken for
// a standard one.
//
// What goes back is only what the tenant lets a client write: no attribute its definitions mark
// technical (known from a doctor profile), and never unifiedIdentifiers or channelAddresses,
// which engage.Contact does not even read. Each stored attribute goes back spelled as the tenant
// returned it (echoName); with the tenant's naming not known, the read also tells how the row's
// own custom attributes must be spelled (namingOf).
func (r *runner) whole(row, stored *engage.Contact) *engage.Contact {
	out := *row
	out.ContactID = 0
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&out.Email, stored.Email}, {&out.Mobile, stored.Mobile}, {&out.Alias, stored.Alias}, {&out.Identifier, stored.Identifier},
	} {
		if *f.dst == "" {
			*f.dst = f.src
		}
	}
	carried := make(map[string]bool, len(row.Attributes))
	for _, a := range row.Attributes {
		carried[engage.ParseAttributeName(a.Name).Key()] = true
	}
	out.Attributes = slices.Clip(slices.Clone(row.Attributes))
	if r.cfg.Tenant.CustomAttributes == "" {
		learned := namingOf(stored)
		for i, a := range out.Attributes {
			out.Attributes[i].Name = engage.SpellAttribute(a.Name, learned)
		}
	}
	for _, a := range stored.Attributes {
		k := engage.ParseAttributeName(a.Name).Key()
		if a.Value == "" || carried[k] || r.cfg.Tenant.Definitions.IsTechnical(a.Name) {
			continue
		}
		carried[k] = true
		out.Attributes = append(out.Attributes, engage.Attribute{Name: r.echoName(a.Name), Value: a.Value})
	}
	return &out
}

// echoName spells a stored attribute, as the tenant's answer named it, for sending it back. With
// a known naming it is spelled that way; otherwise exactly as the tenant returned it: a tenant
// takes back the spelling it answers with, and a guess (user.CustomAttribute.<Name> for a name it
// returned bare) is refused by a tenant that names custom attributes bare.
func (r *runner) echoName(name string) string {
	switch n := r.cfg.Tenant.CustomAttributes; n {
	case engage.NamingBare, engage.NamingPrefixed:
		return engage.SpellAttribute(name, n)
	}
	return name
}

// namingOf is how the tenant spells custom attributes, as a contact it returned shows it: a
// custom attribute returned bare means it names them bare, one returned as
// user.CustomAttribute.<Name> that it names them prefixed; "" when the contact has none, or both.
// A custom attribute named like a standard one always carries the prefix and tells nothing.
func namingOf(stored *engage.Contact) engage.Naming {
	bare, prefixed := false, false
	for _, a := range stored.Attributes {
		p := engage.ParseAttributeName(a.Name)
		if !p.Custom || !engage.ParseAttributeName(p.Name).Custom {
			continue
		}
		bare = bare || !p.Prefixed
		prefixed = prefixed || p.Prefixed
	}
	switch {
	case bare && !prefixed:
		return engage.NamingBare
	case prefixed && !bare:
		return engage.NamingPrefixed
	}
	return ""
}
