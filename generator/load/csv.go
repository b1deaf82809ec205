package load

import "strings"

// scanner splits ';'-separated records the way the producers' tools write
// them, which is looser than RFC 4180: a field that opens with a quote is
// quoted until a quote followed by ';' or the end of line ("" is a literal
// quote); a quote inside an unquoted field is a literal character; text after
// a closing quote that is not a separator is kept (`"CPES" en 4 ans` reads
// `CPES en 4 ans`), as Python's csv module does. CRLF and LF both end a
// record; quoted fields may span lines.
type scanner struct {
	s    string
	pos  int
	line int // line of the next record, 1-based

	start, end int // bounds in s of the last record returned, line end excluded
}

func newScanner(s string) *scanner { return &scanner{s: s, line: 1} }

// next returns the fields of the next record and the line it starts on.
// ok is false at the end of input. unterminated is true when a quoted field
// runs to the end of the input.
func (sc *scanner) next(fields []string) (out []string, line int, ok, unterminated bool) {
	if sc.pos >= len(sc.s) {
		return nil, 0, false, false
	}
	line = sc.line
	sc.start = sc.pos
	out = fields[:0]
	var b strings.Builder
	for {
		b.Reset()
		quoted := sc.pos < len(sc.s) && sc.s[sc.pos] == '"'
		if quoted {
			sc.pos++
		}
		for sc.pos < len(sc.s) {
			c := sc.s[sc.pos]
			if quoted {
				if c == '"' {
					if sc.pos+1 < len(sc.s) && sc.s[sc.pos+1] == '"' {
						b.WriteByte('"')
						sc.pos += 2
						continue
					}
					quoted = false
					sc.pos++
					continue
				}
				if c == '\n' {
					sc.line++
				}
				b.WriteByte(c)
				sc.pos++
				continue
			}
			if c == ';' || c == '\n' || c == '\r' && sc.pos+1 < len(sc.s) && sc.s[sc.pos+1] == '\n' || c == '\r' && sc.pos+1 == len(sc.s) {
				break
			}
			b.WriteByte(c)
			sc.pos++
		}
		if quoted {
			unterminated = true
		}
		out = append(out, b.String())
		if sc.pos >= len(sc.s) {
			sc.end = sc.pos
			return out, line, true, unterminated
		}
		c := sc.s[sc.pos]
		if c == ';' {
			sc.pos++
			continue
		}
		sc.end = sc.pos
		if c == '\r' {
			sc.pos++
		}
		sc.pos++ // '\n'
		sc.line++
		return out, line, true, unterminated
	}
}
