package source

import (
	"context"
	"fmt"
	"io"
)

// Sampling for init: the first rows, an even spread of the rows between them and the last
// few, and the last few, since report footers sit at the end of a file.
const (
	SampleFirst  = 1000
	SampleSpread = 1000
	SampleTail   = 20
)

// Sample is what init guesses a mapping from: the first SampleFirst rows followed by an even
// spread of at most SampleSpread rows between them and the last SampleTail rows, those last rows,
// and the number of rows. Rows the reader refuses (a quote error, too many fields) are counted,
// not sampled.
type Sample struct {
	Rows        [][]string
	Tail        [][]string
	Total       int
	Unread      int
	FirstUnread error // the reader's refusal of the first unread row
}

// Sample reads the rest of the list into a Sample. An error is the list's read error, or
// ctx's when it is done.
func (l *List) Sample(ctx context.Context) (*Sample, error) {
	s := &Sample{}
	var spread evenSpread
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := l.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", l.Input.Path, err)
		}
		s.Total++
		if rec.Err != nil {
			if s.Unread++; s.FirstUnread == nil {
				s.FirstUnread = rec.Err
			}
			continue
		}
		switch {
		case len(s.Rows) < SampleFirst:
			s.Rows = append(s.Rows, rec.Cells)
		case len(s.Tail) < SampleTail:
			s.Tail = append(s.Tail, rec.Cells)
		default:
			spread.add(s.Tail[0])
			copy(s.Tail, s.Tail[1:])
			s.Tail[len(s.Tail)-1] = rec.Cells
		}
	}
	s.Rows = append(s.Rows, spread.rows...)
	return s, nil
}

// evenSpread keeps an even spread of the rows offered to it, at most SampleSpread of them: every
// stride-th row; when full, every other row kept is dropped and the stride doubles.
type evenSpread struct {
	rows   [][]string
	stride int
	seen   int
}

func (e *evenSpread) add(row []string) {
	if e.stride == 0 {
		e.stride = 1
	}
	if e.seen++; (e.seen-1)%e.stride != 0 {
		return
	}
	if len(e.rows) == SampleSpread {
		kept := e.rows[:0]
		for i := 0; i < len(e.rows); i += 2 {
			kept = append(kept, e.rows[i])
		}
		e.rows, e.stride = kept, e.stride*2
		if (e.seen-1)%e.stride != 0 {
			return
		}
	}
	e.rows = append(e.rows, row)
}
