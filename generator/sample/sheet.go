package sample

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// layout is how a generated file is laid out beyond its format, mirroring
// the real file of the same path (shared/data/README.md).
type layout struct {
	bom       bool // starts with a UTF-8 byte order mark
	crlf      bool // lines end with \r\n
	quote     bool // text cells are quoted (old DEPP exports)
	noFinalNL bool // the last line has no line end
}

// sheet collects the rows of one generated file in the column order of its
// format header. Blank header cells are addressed as "#N" (1-based).
type sheet struct {
	header []string
	pos    map[string]int
	rows   [][]string
	err    error
}

func newSheet(header []string) *sheet {
	s := &sheet{header: header, pos: map[string]int{}}
	for i, h := range header {
		if strings.TrimSpace(h) == "" {
			s.pos["#"+strconv.Itoa(i+1)] = i
		} else {
			s.pos[strings.TrimSpace(h)] = i
		}
	}
	return s
}

// add appends a row given as name, value pairs; unnamed columns stay empty.
func (s *sheet) add(kv ...string) {
	r := make([]string, len(s.header))
	for i := 0; i+1 < len(kv); i += 2 {
		j, ok := s.pos[kv[i]]
		if !ok {
			if s.err == nil {
				s.err = fmt.Errorf("no column %q in header %q", kv[i], strings.Join(s.header, ";"))
			}
			continue
		}
		r[j] = kv[i+1]
	}
	s.rows = append(s.rows, r)
}

// bytes lays the sheet out; the caller encodes to Windows-1252 if needed.
func (s *sheet) bytes(l layout) []byte {
	nl := "\n"
	if l.crlf {
		nl = "\r\n"
	}
	var b bytes.Buffer
	if l.bom {
		b.WriteString("\xEF\xBB\xBF")
	}
	line := func(cells []string, header bool) {
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(';')
			}
			if l.quote && c != "" && (header || !isNumber(c)) {
				b.WriteString(`"` + strings.ReplaceAll(c, `"`, `""`) + `"`)
			} else {
				b.WriteString(c)
			}
		}
	}
	line(s.header, true)
	for _, r := range s.rows {
		b.WriteString(nl)
		line(r, false)
	}
	if !l.noFinalNL {
		b.WriteString(nl)
	}
	return b.Bytes()
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return err == nil
}
