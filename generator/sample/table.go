package sample

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/orion-static/orion/generator/load"
)

// table is a real file (of the bundle, or a committed extract written back
// in its published layout) read by load's reader, as `orion build` reads
// it: encoding, byte order mark, header and quoting checked against the
// file's format. It keeps each record's bytes as published, so that an
// extract is a byte-for-byte subset of the file.
type table struct {
	*load.Records
	rows          [][]string // the cells of Records.Rows
	col           map[string]int
	crlf, finalNL bool // the header line ends with \r\n; the file with a line end
}

// readTable reads the file p of a data directory, whose content is b, with
// the format the manifest gives it.
func readTable(p string, b []byte, formats map[string]*load.Format) (*table, error) {
	f, ok := formats[p]
	if !ok {
		return nil, fmt.Errorf("%s: not in the manifest", p)
	}
	r, err := load.ReadRecords(p, b, f)
	if err != nil {
		return nil, err
	}
	t := &table{Records: r, col: map[string]int{}, finalNL: bytes.HasSuffix(b, []byte("\n"))}
	t.crlf = bytes.HasPrefix(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))[len(r.Header.Raw):], []byte("\r\n"))
	for j, h := range r.Header.Cells {
		t.col[strings.TrimSpace(h)] = j
	}
	t.rows = make([][]string, len(r.Rows))
	for i, rec := range r.Rows {
		t.rows[i] = rec.Cells
	}
	return t, nil
}

// cell returns the cell of row under header name, trimmed; "" when the file
// has no such column.
func (t *table) cell(row []string, name string) string {
	j, ok := t.col[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(row[j])
}

// formatsByPath maps each file of a manifest to its format.
func formatsByPath(m *load.Manifest) map[string]*load.Format {
	out := make(map[string]*load.Format, len(m.Files))
	for _, f := range m.Files {
		out[f.Path] = m.Formats[f.Format]
	}
	return out
}
