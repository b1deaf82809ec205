package load

import "unicode/utf8"

// Record is one record of a file: its cells as Reader reads them (decoded,
// unquoted, untrimmed) and its bytes as published.
type Record struct {
	Line  int // 1-based line the record starts on
	Cells []string
	Raw   []byte // in the file's encoding, without its line end; shares the content's memory
}

// Records is a file read record by record without typing its cells, for
// what copies published lines verbatim (the sample's extracts of the real
// files) while reading their cells as the loader does.
type Records struct {
	BOM    bool // the content starts with a UTF-8 byte order mark (not in any Raw)
	Header Record
	Rows   []Record
}

// ReadRecords checks content as NewReader does (encoding, byte order mark,
// header against f, quoting, number of fields of every record) and returns
// its header and records, with an *InputError at the first defect. name is
// used in error messages.
func ReadRecords(name string, content []byte, f *Format) (*Records, error) {
	sc, header, bom, err := open(name, content, f)
	if err != nil {
		return nil, err
	}
	if bom {
		content = content[3:]
	}
	// The scanner reads decoded text. A Windows-1252 byte decodes to one
	// rune, so a record's bytes are found by counting runes; UTF-8 text is
	// scanned as it is.
	raw := func(start, end int) []byte { return content[start:end] }
	if f.Encoding == "windows-1252" {
		text, at, rawAt := sc.s, 0, 0
		raw = func(start, end int) []byte {
			rawAt += utf8.RuneCountInString(text[at:start])
			n := utf8.RuneCountInString(text[start:end])
			b := content[rawAt : rawAt+n]
			at, rawAt = end, rawAt+n
			return b
		}
	}
	out := &Records{BOM: bom, Header: Record{Line: 1, Cells: header, Raw: raw(sc.start, sc.end)}}
	for {
		rec, line, ok, err := record(sc, name, f, nil)
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		out.Rows = append(out.Rows, Record{Line: line, Cells: rec, Raw: raw(sc.start, sc.end)})
	}
}
