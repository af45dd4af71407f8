package phone

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
)

// digitMatcher answers regexp.MatchString for one of libphonenumber's number patterns on strings
// of ASCII digits, the only strings those patterns are matched against here (national
// significant numbers). The patterns are large alternations that Go's regexp engine runs by
// backtracking, microseconds per number; a deterministic automaton over the ten digits, built
// once from the same compiled program, answers in one table step per digit. Its states are the
// sets of program positions the regexp engine would be at, so it accepts exactly the strings
// the regexp matches. Any other input, and a pattern the automaton cannot express (word
// boundaries, too many states), is left to the regexp itself.
type digitMatcher struct {
	re     *regexp.Regexp
	next   [][10]int32 // state → digit → state; -1 where no match can follow
	accept []bool      // whether the input may end in the state
	ok     bool        // the automaton was built; otherwise only re answers
}

// maxDigitStates bounds one automaton; beyond it the regexp answers (none of the metadata's
// patterns comes near it).
const maxDigitStates = 1 << 14

// newDigitMatcher compiles pattern as regexp.MustCompile would, and its digit automaton.
// prefix selects a match of a prefix of the input (a pattern without a trailing "$"); the
// automaton then accepts as soon as a match is reached.
func newDigitMatcher(pattern string) *digitMatcher {
	m := &digitMatcher{re: regexp.MustCompile(pattern)}
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return m
	}
	prog, err := syntax.Compile(re.Simplify())
	// The automaton reads from the start of the input only: the regexp must be anchored there.
	if err != nil || prog.StartCond()&syntax.EmptyBeginText == 0 {
		return m
	}
	m.ok = m.build(prog, maxDigitStates)
	return m
}

// MatchString reports whether s matches the pattern.
func (m *digitMatcher) MatchString(s string) bool {
	if !m.ok {
		return m.re.MatchString(s)
	}
	st := int32(0)
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			return m.re.MatchString(s)
		}
		if st = m.next[st][d]; st < 0 {
			return false
		}
	}
	return m.accept[st]
}

// dfaState is a set of program positions: rune instructions waiting for the next digit,
// Match, and end-of-text assertions waiting for the end of the input.
type dfaState []uint32

// build runs the subset construction over the digits. It reports false when the program uses
// an assertion other than begin and end of text, or the automaton grows past limit states.
func (m *digitMatcher) build(prog *syntax.Prog, limit int) bool {
	index := map[string]int32{}
	var states []dfaState
	add := func(s dfaState) int32 {
		key := stateKey(s)
		if i, ok := index[key]; ok {
			return i
		}
		i := int32(len(states))
		index[key] = i
		states = append(states, s)
		return i
	}
	start, ok := closure(prog, []uint32{uint32(prog.Start)}, true)
	if !ok {
		return false
	}
	add(start)
	for i := 0; i < len(states); i++ {
		if len(states) > limit {
			return false
		}
		s := states[i]
		var row [10]int32
		if len(s) > 0 && prog.Inst[s[0]].Op == syntax.InstMatch {
			// A prefix matched: the match stands whatever follows.
			for d := range row {
				row[d] = int32(i)
			}
			m.next = append(m.next, row)
			m.accept = append(m.accept, true)
			continue
		}
		for d := range 10 {
			var outs []uint32
			for _, pc := range s {
				in := &prog.Inst[pc]
				switch in.Op {
				case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
					if in.MatchRune(rune('0' + d)) {
						outs = append(outs, in.Out)
					}
				}
			}
			if len(outs) == 0 {
				row[d] = -1
				continue
			}
			t, ok := closure(prog, outs, false)
			if !ok {
				return false
			}
			if len(t) == 0 {
				row[d] = -1
				continue
			}
			row[d] = add(t)
		}
		m.next = append(m.next, row)
		m.accept = append(m.accept, acceptsAtEnd(prog, s))
	}
	return true
}

// closure follows the empty transitions from pcs. Begin-of-text assertions hold only at the
// start; end-of-text assertions stay in the set for acceptsAtEnd. It reports false for any
// other assertion. A state that holds Match accepts every continuation (the pattern matched
// a prefix), so the set becomes Match alone.
func closure(prog *syntax.Prog, pcs []uint32, atStart bool) (dfaState, bool) {
	seen := map[uint32]bool{}
	var out dfaState
	stack := slices.Clone(pcs)
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		in := &prog.Inst[pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, in.Arg, in.Out)
		case syntax.InstNop, syntax.InstCapture:
			stack = append(stack, in.Out)
		case syntax.InstFail:
		case syntax.InstEmptyWidth:
			switch syntax.EmptyOp(in.Arg) {
			case syntax.EmptyBeginText:
				if atStart {
					stack = append(stack, in.Out)
				}
			case syntax.EmptyEndText:
				out = append(out, pc)
			default:
				return nil, false
			}
		case syntax.InstMatch:
			return dfaState{pc}, true
		default:
			out = append(out, pc)
		}
	}
	slices.Sort(out)
	return out, true
}

// acceptsAtEnd reports whether the input may end in state s: it holds Match, or an end-of-text
// assertion from which Match is reached without another digit.
func acceptsAtEnd(prog *syntax.Prog, s dfaState) bool {
	var stack []uint32
	for _, pc := range s {
		switch prog.Inst[pc].Op {
		case syntax.InstMatch:
			return true
		case syntax.InstEmptyWidth:
			stack = append(stack, prog.Inst[pc].Out)
		}
	}
	seen := map[uint32]bool{}
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		in := &prog.Inst[pc]
		switch in.Op {
		case syntax.InstMatch:
			return true
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, in.Arg, in.Out)
		case syntax.InstNop, syntax.InstCapture:
			stack = append(stack, in.Out)
		case syntax.InstEmptyWidth:
			if syntax.EmptyOp(in.Arg) == syntax.EmptyEndText {
				stack = append(stack, in.Out)
			}
		}
	}
	return false
}

func stateKey(s dfaState) string {
	var b strings.Builder
	for _, pc := range s {
		b.WriteString(strconv.FormatUint(uint64(pc), 36))
		b.WriteByte(',')
	}
	return b.String()
}
