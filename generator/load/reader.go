package load

import (
	"bytes"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// InputError is a defect of an input file, located precisely enough for a
// person to open the file and fix it.
type InputError struct {
	File   string
	Line   int    // 1-based; 0 when the whole file is at fault
	Column int    // 1-based field position; 0 when the whole line is at fault
	Header string // header cell of Column, when known
	Msg    string // what was expected and what was found
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Column > 0 {
		fmt.Fprintf(&b, ": column %d", e.Column)
		if e.Header != "" {
			fmt.Fprintf(&b, " (%s)", e.Header)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Stats counts what a file held.
type Stats struct {
	Rows       int
	Suppressed int // empty or "nd" cells in nullable numeric columns
	BOM        bool
}

// suppressed marks a value that the producer did not publish.
var suppressed = map[string]bool{"": true, "nd": true, "ND": true, "n.d.": true, "s": true}

// convert checks one cell against the column type. A nil value is SQL NULL.
func (c *Column) convert(raw string) (driver.Value, error) {
	v := strings.TrimSpace(raw)
	switch c.Type {
	case "text":
		if v == "" {
			return nil, nil
		}
		return v, nil
	case "code", "code?":
		if v == "" {
			if c.Type == "code?" {
				return nil, nil
			}
			return nil, errors.New("expected a code, got an empty cell")
		}
		if c.re != nil && !c.re.MatchString(v) {
			return nil, fmt.Errorf("expected a code matching %s, got %q", c.Pattern, v)
		}
		return v, nil
	case "int", "int?":
		if v == "" && c.Type == "int?" {
			return nil, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("expected a non-negative integer, got %q", v)
		}
		return n, nil
	case "num", "num?":
		if c.Type == "num?" && suppressed[v] {
			return nil, nil
		}
		s := strings.Replace(strings.TrimSuffix(v, "%"), ",", ".", 1)
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || s == "" || strings.ContainsAny(s, "xXnNiI_") {
			return nil, fmt.Errorf("expected a number (decimal comma or point), got %q", v)
		}
		return f, nil
	}
	return nil, fmt.Errorf("unknown type %q", c.Type)
}

// Reader yields the typed rows of one file, in table-schema order.
type Reader struct {
	name   string
	format *Format
	cols   []Column // table schema order
	set    []driver.Value
	sc     *scanner
	rec    []string
	Stats  Stats
}

// NewReader checks the encoding and header of a file's content and returns
// a reader of its rows. name is used in error messages.
func NewReader(name string, content []byte, f *Format, set map[string]string) (*Reader, error) {
	r := &Reader{name: name, format: f, cols: f.schema()}
	var err error
	if r.sc, _, r.Stats.BOM, err = open(name, content, f); err != nil {
		return nil, err
	}
	r.set = make([]driver.Value, len(r.cols))
	for i, c := range r.cols {
		if v, ok := set[c.As]; ok {
			val, err := c.convert(v)
			if err != nil {
				return nil, &InputError{File: name, Msg: "manifest value for " + c.As + ": " + err.Error()}
			}
			r.set[i] = val
		}
	}
	return r, nil
}

// Next fills row with the next record. It returns false at the end.
func (r *Reader) Next(row []driver.Value) (bool, error) {
	rec, line, ok, err := record(r.sc, r.name, r.format, r.rec)
	r.rec = rec
	if !ok || err != nil {
		return false, err
	}
	for i, c := range r.cols {
		if c.idx < 0 {
			row[i] = r.set[i]
			continue
		}
		raw := rec[c.idx]
		v, err := c.convert(raw)
		if err != nil {
			return false, &InputError{File: r.name, Line: line, Column: c.idx + 1, Header: r.format.Header[c.idx], Msg: err.Error()}
		}
		if v == nil && (c.Type == "num?" || c.Type == "int?") {
			r.Stats.Suppressed++
		}
		row[i] = v
	}
	row[len(r.cols)] = r.name
	row[len(r.cols)+1] = int64(line)
	r.Stats.Rows++
	return true, nil
}

// open checks the encoding of content and its header against f, and
// returns a scanner of its decoded text positioned on the first data
// record, with the header's cells and whether content starts with a byte
// order mark.
func open(name string, content []byte, f *Format) (sc *scanner, header []string, bom bool, err error) {
	if bytes.HasPrefix(content, []byte("\xEF\xBB\xBF")) {
		content = content[3:]
		bom = true
	}
	switch f.Encoding {
	case "windows-1252":
		if hasHighBytes(content) && utf8.Valid(content) {
			return nil, nil, bom, &InputError{File: name, Msg: "expected Windows-1252 text, but the file is UTF-8 encoded"}
		}
		dec, err := charmap.Windows1252.NewDecoder().Bytes(content)
		if err != nil {
			return nil, nil, bom, &InputError{File: name, Msg: "cannot decode Windows-1252: " + err.Error()}
		}
		content = dec
	default:
		if !utf8.Valid(content) {
			line, col := invalidUTF8At(content)
			return nil, nil, bom, &InputError{File: name, Line: line, Msg: fmt.Sprintf("expected UTF-8 text, found an invalid byte at character %d (is the file Windows-1252?)", col)}
		}
	}
	sc = newScanner(string(content))
	header, _, ok, unterminated := sc.next(nil)
	if !ok || len(header) == 1 && header[0] == "" {
		return nil, nil, bom, &InputError{File: name, Line: 1, Msg: "expected a header line, the file is empty"}
	}
	if unterminated {
		return nil, nil, bom, &InputError{File: name, Line: 1, Msg: "malformed CSV: a quoted header cell is never closed"}
	}
	if len(header) != len(f.Header) {
		return nil, nil, bom, &InputError{File: name, Line: 1, Msg: fmt.Sprintf("expected a header of %d columns (%s), got %d", len(f.Header), strings.Join(f.Header, ";"), len(header))}
	}
	for i, h := range header {
		if strings.TrimSpace(h) != strings.TrimSpace(f.Header[i]) {
			return nil, nil, bom, &InputError{File: name, Line: 1, Column: i + 1, Msg: fmt.Sprintf("expected header %q, got %q", f.Header[i], h)}
		}
	}
	return sc, header, bom, nil
}

// record reads the next data record of sc into fields, checked for quoting
// and width. ok is false at the end, a blank last line included.
func record(sc *scanner, name string, f *Format, fields []string) (rec []string, line int, ok bool, err error) {
	rec, line, ok, unterminated := sc.next(fields)
	if !ok {
		return rec, 0, false, nil
	}
	if unterminated {
		return rec, line, false, &InputError{File: name, Line: line, Msg: "malformed CSV: a quoted field is never closed"}
	}
	if len(rec) == 1 && rec[0] == "" && sc.pos >= len(sc.s) {
		return rec, line, false, nil // blank last line
	}
	if len(rec) != len(f.Header) {
		return rec, line, false, &InputError{File: name, Line: line, Msg: fmt.Sprintf("expected %d fields, got %d", len(f.Header), len(rec))}
	}
	return rec, line, true, nil
}

func hasHighBytes(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

func invalidUTF8At(b []byte) (line, col int) {
	line, col = 1, 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		col++
		b = b[size:]
	}
	return line, col
}
