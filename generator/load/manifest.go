// Package load reads the raw open-data files of a data directory, exactly as
// they are published (';' separators, BOM, CRLF, Windows-1252, decimal commas,
// "nd"), checks every cell against the format declared in data/manifest, and
// loads them into DuckDB tables. Any deviation is an *InputError naming the
// file, line, column and what was expected; legitimately odd values
// (suppressed rates) are counted in the Report. ReadRecords reads a file
// with the same checks but untyped, keeping each record's published bytes,
// for what copies lines verbatim (the sample's extracts of the real files).
package load

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
)

// Column maps one column of a source file to a table column.
type Column struct {
	Name    string `json:"name,omitempty"` // header cell; empty when the header cell is blank
	At      int    `json:"at,omitempty"`   // 1-based position, used when Name is empty
	As      string `json:"as"`             // table column
	Type    string `json:"type"`           // text, code, code?, int, int?, num, num?
	Pattern string `json:"pattern,omitempty"`
	// Absent marks a column this layout does not have (an older layout of
	// the same source): it loads as NULL.
	Absent bool `json:"absent,omitempty"`

	re  *regexp.Regexp
	idx int // 0-based position in the header, resolved by Compile
}

// Format describes one file layout: its exact header and typed columns.
type Format struct {
	Table       string   `json:"table"`
	Description string   `json:"description"`
	Encoding    string   `json:"encoding"` // utf-8 or windows-1252
	Header      []string `json:"header"`
	Columns     []Column `json:"columns"`
	// Extra columns are constants given per file by the manifest (the
	// rentrée of an Affelnet extract, the millésime of a DEPP file).
	Extra []Column `json:"extra,omitempty"`
}

// File is one entry of a manifest: which file holds which source and year.
type File struct {
	Format   string            `json:"format"`
	Path     string            `json:"path"`
	Year     string            `json:"year,omitempty"`
	Producer string            `json:"producer,omitempty"`
	Set      map[string]string `json:"set,omitempty"`
}

// Manifest describes a data directory.
type Manifest struct {
	Name        string `json:"name"`
	Fictional   bool   `json:"fictional"`
	Description string `json:"description"`
	Version     string `json:"version,omitempty"` // the data set's version as shown on every page: "paquet du 28 novembre 2026"
	Files       []File `json:"files"`

	Formats map[string]*Format `json:"-"`
}

// Table is the schema of one DuckDB table, shared by every format loading it.
type Table struct {
	Name    string
	Columns []Column // file columns then extras, in a fixed order
}

var types = map[string]string{
	"text": "VARCHAR", "code": "VARCHAR", "code?": "VARCHAR",
	"int": "BIGINT", "int?": "BIGINT", "num": "DOUBLE", "num?": "DOUBLE",
}

// ReadManifest parses the formats file and a manifest from fsys and checks
// that they are consistent.
func ReadManifest(fsys fs.FS, formatsPath, manifestPath string) (*Manifest, error) {
	var fm struct {
		Formats map[string]*Format `json:"formats"`
	}
	if err := readJSON(fsys, formatsPath, &fm); err != nil {
		return nil, err
	}
	var m Manifest
	if err := readJSON(fsys, manifestPath, &m); err != nil {
		return nil, err
	}
	m.Formats = fm.Formats
	if err := m.compile(); err != nil {
		return nil, fmt.Errorf("manifest %s: %w", manifestPath, err)
	}
	return &m, nil
}

func readJSON(fsys fs.FS, path string, v any) error {
	b, err := fs.ReadFile(fsys, path)
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("manifest %s: %w", path, err)
	}
	return nil
}

func (m *Manifest) compile() error {
	names := make([]string, 0, len(m.Formats))
	for k := range m.Formats {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		f := m.Formats[k]
		if f.Encoding != "utf-8" && f.Encoding != "windows-1252" {
			return fmt.Errorf("format %s: unknown encoding %q", k, f.Encoding)
		}
		for i := range f.Columns {
			c := &f.Columns[i]
			c.idx = -1
			if c.Absent {
				if err := c.compile(); err != nil {
					return fmt.Errorf("format %s: %w", k, err)
				}
				continue
			}
			if c.Name != "" {
				for j, h := range f.Header {
					if strings.TrimSpace(h) == c.Name {
						if c.idx >= 0 {
							return fmt.Errorf("format %s: header %q appears twice", k, c.Name)
						}
						c.idx = j
					}
				}
			} else if c.At >= 1 && c.At <= len(f.Header) {
				c.idx = c.At - 1
			}
			if c.idx < 0 {
				return fmt.Errorf("format %s: column %q not in header", k, c.As)
			}
			if err := c.compile(); err != nil {
				return fmt.Errorf("format %s: %w", k, err)
			}
		}
		for i := range f.Extra {
			f.Extra[i].idx = -1
			if err := f.Extra[i].compile(); err != nil {
				return fmt.Errorf("format %s: %w", k, err)
			}
		}
	}
	// Every format of a table must yield the same schema.
	tables := map[string]string{}
	for _, k := range names {
		f := m.Formats[k]
		sig := schemaSig(f.schema())
		if prev, ok := tables[f.Table]; ok && prev != sig {
			return fmt.Errorf("format %s: table %s has another schema in a sibling format", k, f.Table)
		}
		tables[f.Table] = sig
	}
	for i, file := range m.Files {
		f, ok := m.Formats[file.Format]
		if !ok {
			return fmt.Errorf("file %s: unknown format %q", file.Path, file.Format)
		}
		for _, e := range f.Extra {
			v, ok := file.Set[e.As]
			if !ok {
				return fmt.Errorf("file %s: format %s needs a value for %q in \"set\"", file.Path, file.Format, e.As)
			}
			if _, err := e.convert(v); err != nil {
				return fmt.Errorf("file %s: set %s: %w", file.Path, e.As, err)
			}
		}
		for key := range file.Set {
			found := false
			for _, e := range f.Extra {
				found = found || e.As == key
			}
			if !found {
				return fmt.Errorf("file %s: %q is not an extra column of format %s", file.Path, key, file.Format)
			}
		}
		for _, other := range m.Files[:i] {
			if other.Path == file.Path {
				return fmt.Errorf("file %s listed twice", file.Path)
			}
		}
	}
	return nil
}

func (c *Column) compile() error {
	if _, ok := types[c.Type]; !ok {
		return fmt.Errorf("column %s: unknown type %q", c.As, c.Type)
	}
	if c.Pattern != "" {
		re, err := regexp.Compile(c.Pattern)
		if err != nil {
			return fmt.Errorf("column %s: %w", c.As, err)
		}
		c.re = re
	}
	return nil
}

// schema lists the table columns a format produces, sorted by name so that
// sibling formats with columns in another order still share one table.
func (f *Format) schema() []Column {
	cols := append(append([]Column(nil), f.Columns...), f.Extra...)
	sort.SliceStable(cols, func(i, j int) bool { return cols[i].As < cols[j].As })
	return cols
}

func schemaSig(cols []Column) string {
	var b strings.Builder
	for _, c := range cols {
		b.WriteString(c.As + ":" + types[c.Type] + ",")
	}
	return b.String()
}

// Tables returns the schema of every table, whether or not a file of the
// manifest loads it, sorted by name.
func (m *Manifest) Tables() []Table {
	seen := map[string]bool{}
	var out []Table
	names := make([]string, 0, len(m.Formats))
	for k := range m.Formats {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		f := m.Formats[k]
		if seen[f.Table] {
			continue
		}
		seen[f.Table] = true
		out = append(out, Table{Name: f.Table, Columns: f.schema()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// FilesOf returns the manifest entries loading a table.
func (m *Manifest) FilesOf(table string) []File {
	var out []File
	for _, f := range m.Files {
		if m.Formats[f.Format].Table == table {
			out = append(out, f)
		}
	}
	return out
}

// Parse reads a manifest against the formats file, both given as bytes.
func Parse(formats, manifest []byte) (*Manifest, error) {
	fsys := mapFS{"formats.json": formats, "manifest.json": manifest}
	return ReadManifest(fsys, "formats.json", "manifest.json")
}

type mapFS map[string][]byte

func (m mapFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (m mapFS) ReadFile(name string) ([]byte, error) {
	b, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return b, nil
}

// Locate returns the 1-based position and header of the file column that
// loads table column as, for error messages; 0 when it is a manifest value.
func (m *Manifest) Locate(path, as string) (int, string) {
	for _, f := range m.Files {
		if f.Path != path {
			continue
		}
		for _, c := range m.Formats[f.Format].Columns {
			if c.As == as {
				return c.idx + 1, m.Formats[f.Format].Header[c.idx]
			}
		}
	}
	return 0, ""
}
