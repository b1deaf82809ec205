package sample

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// csvFile is one ';'-separated file as it lies on disk: the raw bytes of each
// line (kept so that a seed extract is a byte-for-byte subset of the real
// file) and the decoded cells. Every file of the bundle has one record per
// line, which parseCSV checks.
type csvFile struct {
	bom, crlf, finalNL bool
	rawHeader          string
	header             []string
	raw                []string // data lines, without their line end, in the file's encoding
	rows               [][]string
	col                map[string]int
}

// parseCSV splits b into lines and cells; win1252 decodes the cells of a
// Windows-1252 file (the raw lines stay as they are).
func parseCSV(name string, b []byte, win1252 bool) (*csvFile, error) {
	f := &csvFile{col: map[string]int{}}
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		f.bom = true
		b = b[3:]
	}
	s := string(b)
	f.finalNL = strings.HasSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\n")
	lines := strings.Split(s, "\n")
	f.crlf = strings.HasSuffix(lines[0], "\r")
	for i, l := range lines {
		l = strings.TrimSuffix(l, "\r")
		cells := l
		if win1252 {
			d, err := charmap.Windows1252.NewDecoder().String(l)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, i+1, err)
			}
			cells = d
		}
		fields := splitLine(cells)
		if i == 0 {
			f.rawHeader, f.header = l, fields
			for j, h := range fields {
				f.col[strings.TrimSpace(h)] = j
			}
			continue
		}
		if len(fields) != len(f.header) {
			return nil, fmt.Errorf("%s:%d: %d cells, the header has %d", name, i+1, len(fields), len(f.header))
		}
		f.raw = append(f.raw, l)
		f.rows = append(f.rows, fields)
	}
	return f, nil
}

// splitLine splits one record the way generator/load reads it: a field that
// opens with a quote runs to the next quote followed by ';' or the end of
// the line ("" is a literal quote); a quote inside an unquoted field is kept.
func splitLine(s string) []string {
	var out []string
	var b strings.Builder
	i := 0
	for {
		b.Reset()
		quoted := i < len(s) && s[i] == '"'
		if quoted {
			i++
		}
		for i < len(s) {
			c := s[i]
			if quoted {
				if c == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					quoted = false
					i++
					continue
				}
				b.WriteByte(c)
				i++
				continue
			}
			if c == ';' {
				break
			}
			b.WriteByte(c)
			i++
		}
		out = append(out, b.String())
		if i >= len(s) {
			return out
		}
		i++ // ';'
	}
}

// cell returns the cell of row under header name, trimmed; "" when the file
// has no such column.
func (f *csvFile) cell(row []string, name string) string {
	j, ok := f.col[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(row[j])
}

// subset returns the file restricted to the lines for which keep is true,
// byte for byte: same byte order mark, header, line ends and final newline.
func (f *csvFile) subset(keep func(i int) bool) []byte {
	nl := "\n"
	if f.crlf {
		nl = "\r\n"
	}
	var b bytes.Buffer
	if f.bom {
		b.WriteString("\xEF\xBB\xBF")
	}
	b.WriteString(f.rawHeader)
	for i, l := range f.raw {
		if keep(i) {
			b.WriteString(nl)
			b.WriteString(l)
		}
	}
	if f.finalNL {
		b.WriteString(nl)
	}
	return b.Bytes()
}

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
