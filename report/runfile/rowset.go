package runfile

// rowSet is a set of row numbers: a bitset in 64-row words, kept in a map by word index, so
// that its memory follows the rows it holds, not the largest row number (a report may carry
// import.row=999999999999).
type rowSet map[int]uint64

func (s rowSet) has(row int) bool { return s[row/64]&(1<<(row%64)) != 0 }

func (s *rowSet) add(row int) {
	if *s == nil {
		*s = rowSet{}
	}
	(*s)[row/64] |= 1 << (row % 64)
}
