package mapping

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

type transformOp uint8

const (
	opTrim transformOp = iota
	opLower
	opUpper
	opPhone
	opDate
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
	}
	layout, ok := strings.CutPrefix(s, "date:")
	if !ok {
		return transform{}, fmt.Errorf("unknown transform %q (want trim, lower, upper, phone or date:<layout>)", s)
	}
	withTime, err := checkLayout(layout)
	if err != nil {
		return transform{}, err
	}
	return transform{op: opDate, layout: layout, withTime: withTime}, nil
}

// checkLayout makes sure a Go time layout can carry a date of birth: it must read back year,
// month and day, and write the year with four digits (with "06", 31.12.60 would become 2060).
func checkLayout(layout string) (withTime bool, err error) {
	if layout == "" {
		return false, errors.New(`date transform without a layout (write "date:02.01.2006")`)
	}
	for _, ref := range []time.Time{
		time.Date(2001, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(1987, 7, 4, 0, 0, 0, 0, time.UTC),
	} {
		s := ref.Format(layout)
		if !strings.Contains(s, ref.Format("2006")) {
			return false, fmt.Errorf("date layout %q needs a four-digit year (2006)", layout)
		}
		t, err := time.Parse(layout, s)
		if err != nil || t.Year() != ref.Year() || t.Month() != ref.Month() || t.Day() != ref.Day() {
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
	}
	if v == "" {
		return "", nil
	}
	if t.op == opPhone {
		return formatPhone(v, region)
	}
	d, err := time.Parse(t.layout, v)
	if err != nil {
		return "", &FieldError{Code: "invalid_date", Reason: "not a date in the layout " + t.layout}
	}
	if t.withTime {
		return d.Format(isoDateTime), nil
	}
	return d.Format(isoDate), nil
}
