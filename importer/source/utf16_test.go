package source

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s as UTF-16 in the given byte order, with a byte order mark if bom.
func utf16Bytes(s string, bigEndian, bom bool) string {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	b := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

func TestSourceUTF16(t *testing.T) {
	const text = "email\tname\r\nanna@example.org\tAnna Müller\r\nbo@example.org\t\"Bo\r\nJr.\"\rcy@example.org\tCy 😀\n"
	want := []string{`1@2 "anna@example.org" "Anna Müller"`, `2@3 "bo@example.org" "Bo\nJr."`, `3@5 "cy@example.org" "Cy 😀"`}
	tests := []struct {
		name string
		in   string
		opts Options
		enc  string
	}{
		{"LEWithBOM", utf16Bytes(text, false, true), Options{}, EncodingUTF16LE},
		{"BEWithBOM", utf16Bytes(text, true, true), Options{}, EncodingUTF16BE},
		{"OptionWithBOM", utf16Bytes(text, true, true), Options{Encoding: "utf-16"}, EncodingUTF16BE},
		{"OptionWithoutBOM", utf16Bytes(text, false, false), Options{Encoding: "utf-16"}, EncodingUTF16LE},
		{"OptionBEWithoutBOM", utf16Bytes(text, true, false), Options{Encoding: "UTF-16BE"}, EncodingUTF16BE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, recs := readSource(t, strings.NewReader(tt.in), tt.opts)
			if s.Encoding() != tt.enc || s.Delimiter() != '\t' || !slices.Equal(s.Header(), []string{"email", "name"}) {
				t.Errorf("encoding %q, delimiter %q, header %q; want %q, tab, [email name]", s.Encoding(), s.Delimiter(), s.Header(), tt.enc)
			}
			if got := showRecords(recs); !slices.Equal(got, want) {
				t.Errorf("records:\n got %q\nwant %q", got, want)
			}
			if s.Offset() != int64(len(tt.in)) {
				t.Errorf("Offset() = %d at EOF, want %d", s.Offset(), len(tt.in))
			}
		})
	}
}

func TestSourceUTF16Refused(t *testing.T) {
	text := "email,name\nanna@example.org,Anna\n"
	tests := []struct {
		name string
		in   string
		opts Options
		want error
		msg  string
	}{
		{"NoBOMLE", utf16Bytes(text, false, false), Options{}, ErrUTF16NoBOM, "UTF-16 without a byte order mark"},
		{"NoBOMBE", utf16Bytes(text, true, false), Options{}, ErrUTF16NoBOM, "--encoding utf-16"},
		{"BOMButUTF8Option", utf16Bytes(text, false, true), Options{Encoding: "utf-8"}, ErrUTF16BOM, "--encoding utf-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(strings.NewReader(tt.in), tt.opts)
			var ie *InputError
			if !errors.As(err, &ie) || !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Open = %v, want an *InputError %v saying %q", err, tt.want, tt.msg)
			}
		})
	}
}

func TestSourceUTF16BrokenSurrogate(t *testing.T) {
	in := utf16Bytes("a,b\n1,", false, true) + "\x00\xd8" + utf16Bytes("x\n2,3\n", false, false) // a lone high surrogate
	_, recs := readSource(t, strings.NewReader(in), Options{})
	want := []string{"1@2 \"1\" \"\uFFFDx\" !invalid_encoding@2:2", `2@3 "2" "3"`}
	if got := showRecords(recs); !slices.Equal(got, want) {
		t.Errorf("records:\n got %q\nwant %q", got, want)
	}
	if !errors.Is(recs[0].Err, ErrInvalidUTF16) {
		t.Errorf("error %v, want ErrInvalidUTF16", recs[0].Err)
	}
}
