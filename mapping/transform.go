package mapping

import (
	"fmt"
	"strings"
	"time"

	"contactimport/mapping/phone"
)

type transformOp uint8

const (
	opTrim transformOp = iota
	opLower
	opUpper
	opPhone
	opDate
	opBool
	opCountry
	opFirst
)

// Output layouts of the date transform. The time form writes the offset as ±hh:mm even for UTC,
// which is RFC 3339 and also the only form Engage's DateOfBirth accepts.
const (
	isoDate     = "2006-01-02"
	isoDateTime = "2006-01-02T15:04:05-07:00"
)

// transform is one parsed step of a column's transform list.
type transform struct {
	op       transformOp
	layout   string // opDate: the input layout
	withTime bool   // opDate: the layout has a time of day, so the output is RFC 3339
	date     dateSpec
	sep      string     // opFirst: the separator of a multi-value cell
	want     phone.Want // opPhone: what the number is for (set for the mobile field)
}

// parseTransform parses one transform name as written in a mapping file.
func parseTransform(s string) (transform, error) {
	switch s {
	case "trim":
		return transform{op: opTrim}, nil
	case "lower":
		return transform{op: opLower}, nil
	case "upper":
		return transform{op: opUpper}, nil
	case "phone":
		return transform{op: opPhone}, nil
	case "bool":
		return transform{op: opBool}, nil
	case "country":
		return transform{op: opCountry}, nil
	}
	if sep, ok := strings.CutPrefix(s, "first:"); ok {
		if sep == "" {
			return transform{}, fmt.Errorf(`transform %q: want the separator after first: ("first: ::: " for Google's multi-value cells)`, s)
		}
		return transform{op: opFirst, sep: sep}, nil
	}
	pattern, ok := strings.CutPrefix(s, "date:")
	if !ok {
		return transform{}, fmt.Errorf("unknown transform %q (want trim, lower, upper, phone, bool, country, first:<separator> or date:<pattern>)", s)
	}
	return parseDate(pattern)
}

// checkLayout makes sure a Go time layout can carry a date of birth: it must read back year,
// month and day, and write the year with four digits (with "06", 31.12.60 would become 2060),
// unless yy: a pattern's YY, read in the hundred years up to this one.
func checkLayout(layout string, yy bool) (withTime bool, err error) {
	for _, ref := range []time.Time{
		time.Date(2001, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(1987, 7, 4, 0, 0, 0, 0, time.UTC),
	} {
		s := ref.Format(layout)
		if !yy && !strings.Contains(s, ref.Format("2006")) {
			return false, fmt.Errorf("date layout %q needs a four-digit year (2006)", layout)
		}
		t, err := time.Parse(layout, s)
		if err != nil || t.Year()%100 != ref.Year()%100 || (!yy && t.Year() != ref.Year()) || t.Month() != ref.Month() || t.Day() != ref.Day() {
			return false, fmt.Errorf("date layout %q needs a year, a month and a day (Go layout: 2006, 01, 02)", layout)
		}
	}
	midnight := time.Date(2001, 12, 31, 0, 0, 0, 0, time.UTC)
	afternoon := time.Date(2001, 12, 31, 13, 45, 56, 0, time.UTC)
	return midnight.Format(layout) != afternoon.Format(layout), nil
}

// apply runs the transform on v. Empty values pass through: what an empty cell means is decided
// by `default` and the empty policy, not by the transforms.
func (t transform) apply(v string, region phoneRegion) (string, *FieldError) {
	switch t.op {
	case opTrim:
		return strings.TrimSpace(v), nil
	case opLower:
		return strings.ToLower(v), nil
	case opUpper:
		return strings.ToUpper(v), nil
	case opBool:
		return parseBool(v)
	case opCountry:
		return country(v)
	case opFirst:
		first, _, _ := strings.Cut(v, t.sep)
		return first, nil
	}
	if v == "" {
		return "", nil
	}
	if t.op == opPhone {
		s, _, fe := readPhone(v, region, t.want)
		return s, fe
	}
	return t.applyDate(v)
}
