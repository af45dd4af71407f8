package mapping

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"slices"
	"strconv"
)

// fingerprintVersion changes whenever the meaning of a mapping changes, so that a report
// written by an older build is not resumed with different semantics.
//
// v2: mobile numbers are always read as phone numbers; digits-only numbers without a region
// are international.
// v3: a mapping file extends auto-mapping; values match case-insensitively after trimming;
// every failing column of a row is reported.
const fingerprintVersion = "contactimport mapping v3"

// fingerprint hashes what Map depends on. Every string is length-prefixed, so no two different
// mappings hash the same text.
func (m *Mapper) fingerprint(f *File) string {
	w := fpWriter{h: sha256.New()}
	w.str(fingerprintVersion)
	w.str(string(m.id))
	if f == nil {
		w.str("auto")
	} else {
		w.str("file")
		w.str(string(cmp.Or(f.Unmapped, UnmappedError)))
		w.bool(f.NoAuto)
	}
	w.bool(m.clear)
	w.str(m.tz)
	w.str(m.region.code)
	w.str(m.region.column)
	w.int(len(m.header))
	for _, h := range m.header {
		w.str(h)
	}
	w.int(len(m.cols))
	for _, c := range m.cols {
		w.int(c.index)
		w.int(int(c.field))
		w.str(c.attr)
		w.int(len(c.transformNames))
		for _, t := range c.transformNames {
			w.str(t)
		}
		w.bool(c.values != nil)
		keys := sortedKeys(c.values)
		w.int(len(keys))
		for _, k := range keys {
			w.str(k)
			w.str(c.values[k])
		}
		w.bool(c.hasDef)
		w.str(c.def)
		w.bool(c.replace != nil)
		if c.replace != nil {
			w.str(c.replace.re.String())
			w.str(c.replace.with)
		}
		w.int(len(c.template))
		for _, p := range c.template {
			w.str(p.text)
			w.int(p.column)
		}
		w.bool(c.split)
		w.str(c.lastAttr)
	}
	w.int(len(m.skips))
	for _, r := range m.skips {
		w.int(r.index)
		w.bool(r.empty)
		w.bool(r.notEmpty)
		w.str(r.reason)
		w.int(len(r.values))
		for _, v := range sortedKeys(boolKeys(r.values)) {
			w.str(v)
		}
	}
	w.int(len(m.consts))
	for _, k := range m.consts {
		w.str(k.Name)
		w.str(k.Value)
	}
	// Written only when used, after everything else, so that the fingerprint of a mapping
	// without them is what it was.
	var omits []int
	for _, c := range m.cols {
		if c.omit {
			omits = append(omits, c.index)
		}
	}
	if m.lostZeros || len(omits) > 0 {
		w.str("notes")
		w.bool(m.lostZeros)
		w.int(len(omits))
		for _, i := range omits {
			w.int(i)
		}
	}
	return hex.EncodeToString(w.h.Sum(nil))
}

type fpWriter struct{ h hash.Hash }

func (w fpWriter) str(s string) {
	w.int(len(s))
	w.h.Write([]byte(s))
}

func (w fpWriter) int(n int) {
	w.h.Write(strconv.AppendInt(nil, int64(n), 10))
	w.h.Write([]byte{';'})
}

func (w fpWriter) bool(b bool) {
	if b {
		w.int(1)
	} else {
		w.int(0)
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func boolKeys(m map[string]bool) map[string]string {
	out := make(map[string]string, len(m))
	for k := range m {
		out[k] = ""
	}
	return out
}
