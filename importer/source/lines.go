package source

import "bytes"

// lineCount counts line ends (LF, and bare CR for old Mac files) in what is written to it, and
// remembers the first bytes, so that a compressed or zipped input is not mistaken for text. It
// runs in the pass that fingerprints the input: a duration estimate costs no second read.
type lineCount struct {
	lf, cr int64
	head   []byte
	last   byte
}

func (c *lineCount) Write(p []byte) (int, error) {
	if len(c.head) < 4 {
		c.head = append(c.head, p[:min(len(p), 4-len(c.head))]...)
	}
	c.lf += int64(bytes.Count(p, []byte{'\n'}))
	c.cr += int64(bytes.Count(p, []byte{'\r'}))
	if len(p) > 0 {
		c.last = p[len(p)-1]
	}
	return len(p), nil
}

// rows estimates the data rows of a text input: its lines (LF line ends, else bare CR ones;
// a last line without its end counts too) less the header. Blank lines and line breaks inside
// quoted fields make it a little high. ok is false for an empty file and for a gzip or zip
// file, whose bytes say nothing about its lines.
func (c *lineCount) rows() (int64, bool) {
	if len(c.head) == 0 || bytes.HasPrefix(c.head, magicGzip) || bytes.HasPrefix(c.head, []byte("PK\x03\x04")) {
		return 0, false
	}
	lines, end := c.lf, byte('\n')
	if lines == 0 {
		lines, end = c.cr, '\r'
	}
	if c.last != end {
		lines++
	}
	return max(lines-1, 0), true
}
