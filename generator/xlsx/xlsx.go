// Package xlsx turns the site's CSV downloads into spreadsheets that open
// right in a French spreadsheet program: a comma-separated UTF-8 file
// without BOM comes out garbled there, an .xlsx does not.
//
// FromCSV reads one of our CSVs (UTF-8, comma, decimal point, a header
// row, an empty cell for a missing value) and writes one sheet in which
// numbers are numbers and codes stay text, with a bold header frozen above
// the rows and column widths fitted to the content.
//
// A column is numeric when every non-empty cell is a plain decimal number
// (-12, 43.6) and none has a leading zero ("01", "0350001A" is not a
// number anyway); a code column is text whatever its cells look like: a
// column named uai, code, mefstat11, cfd, or starting with uai_ or code_
// (code_region "01", code_departement "2A", code_formation_diplome
// "40025012"). Callers name other text columns.
//
// The bytes are the same on every run for the same CSV: fixed document
// properties (no clock), fixed zip entry times, one sheet, no map order.
package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// zipWriter compresses the parts of the file with klauspost/compress's
// Deflate at level 7 rather than the standard library's: on the national
// offres file (17 MB of CSV) it takes a quarter less time than the
// standard level and gives a file 2 % smaller. The bytes depend on the
// CSV alone.
func zipWriter(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, 7)
	})
	return zw
}

// Date is the creation and modification date written in every file's
// properties: a fixed one, so that two builds give the same bytes.
const Date = "2000-01-01T00:00:00Z"

// IsCode reports whether a column, by its name, holds codes that must stay
// text (UAI, CFD, codes of régions, départements, communes, niveaux…).
func IsCode(column string) bool {
	switch column {
	case "uai", "code", "cfd", "mefstat11":
		return true
	}
	return strings.HasPrefix(column, "uai_") || strings.HasPrefix(column, "code_")
}

// isNumber says whether c is a plain decimal number as our CSVs write
// it: ^-?(0|[1-9][0-9]*)(\.[0-9]+)?$, matched by hand because it is
// asked of every cell of every national file.
func isNumber(c string) bool {
	c = strings.TrimPrefix(c, "-")
	digits := func(s string) int {
		n := 0
		for n < len(s) && '0' <= s[n] && s[n] <= '9' {
			n++
		}
		return n
	}
	n := digits(c)
	if n == 0 || (n > 1 && c[0] == '0') {
		return false
	}
	c = c[n:]
	if c == "" {
		return true
	}
	return c[0] == '.' && len(c) > 1 && digits(c[1:]) == len(c)-1
}

// column is what FromCSV learns of a column before writing it.
type column struct {
	name     string
	numeric  bool
	decimals int // most decimals of a numeric cell: the column shows that many
	width    int // runes of the longest cell
	style    int
}

// FromCSV converts csv into an .xlsx with one sheet named sheet; the
// columns named in text stay text beside the code columns (see IsCode).
func FromCSV(data []byte, sheet string, text ...string) ([]byte, error) {
	// Two reads of the CSV, so that its rows are never all held at once:
	// the first learns the columns, the second writes the rows.
	cols, err := columns(data, sheet, text)
	if err != nil {
		return nil, err
	}

	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(zipWriter)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, fmt.Errorf("xlsx: sheet name %q: %w", sheet, err)
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Created:  Date,
		Modified: Date,
		Creator:  "Orion",
		Title:    sheet,
		Language: "fr-FR",
	}); err != nil {
		return nil, fmt.Errorf("xlsx: %s: %w", sheet, err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, fmt.Errorf("xlsx: %s: %w", sheet, err)
	}
	// A numeric column with decimals shows them all, as the CSV does
	// (0.80 stays 0,80 rather than 0,8).
	styles := map[int]int{}
	for i, c := range cols {
		if !c.numeric || c.decimals == 0 {
			continue
		}
		d := min(c.decimals, 10)
		if _, ok := styles[d]; !ok {
			format := "0." + strings.Repeat("0", d)
			if styles[d], err = f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
				return nil, fmt.Errorf("xlsx: %s: %w", sheet, err)
			}
		}
		cols[i].style = styles[d]
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %s: %w", sheet, err)
	}
	for i, c := range cols {
		// Excel's width is in characters of the default font; a little
		// room for the filter button, and neither tiny nor huge columns.
		w := float64(min(max(c.width, 6), 60)) + 3
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, fmt.Errorf("xlsx: %s: %w", sheet, err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return nil, fmt.Errorf("xlsx: %s: %w", sheet, err)
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: bold, Value: c.name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, fmt.Errorf("xlsx: %s: %w", sheet, err)
	}
	values := make([]any, len(cols))
	r := reader(data)
	r.Read() // the header, read and checked by columns
	for line := 2; ; line++ {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("xlsx: %s: %w", sheet, err)
		}
		for i, c := range row {
			values[i] = cell(c, cols[i].numeric)
			if cols[i].style != 0 && values[i] != nil {
				values[i] = excelize.Cell{StyleID: cols[i].style, Value: values[i]}
			}
		}
		ref, err := excelize.CoordinatesToCellName(1, line)
		if err != nil {
			return nil, err
		}
		if err := sw.SetRow(ref, values); err != nil {
			return nil, fmt.Errorf("xlsx: %s: line %d: %w", sheet, line, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, fmt.Errorf("xlsx: %s: %w", sheet, err)
	}
	// The zip buffer itself: WriteTo would zip into a buffer of its own,
	// then copy it into ours.
	out, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("xlsx: %s: %w", sheet, err)
	}
	return out.Bytes(), nil
}

// cell is the value written for one CSV cell: nothing for an empty one, a
// number in a numeric column, text otherwise.
func cell(c string, numeric bool) any {
	if c == "" {
		return nil
	}
	if numeric {
		if !strings.Contains(c, ".") {
			if n, err := strconv.ParseInt(c, 10, 64); err == nil {
				return n
			}
		}
		if x, err := strconv.ParseFloat(c, 64); err == nil {
			return x
		}
	}
	return unneutralise(c)
}

// unneutralise gives back a cell that the CSV writer defused for
// spreadsheets (table.Neutralise: a quote before = + - @ tab or carriage
// return): in an .xlsx a text cell is never run as a formula.
func unneutralise(c string) string {
	if len(c) > 1 && c[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(c[1])) {
		return c[1:]
	}
	return c
}

// reader reads our CSVs: a UTF-8 BOM is skipped, every line must have the
// header's number of cells.
func reader(data []byte) *csv.Reader {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.ReuseRecord = true
	return r
}

// columns reads the header and every row once: which columns are
// numeric, how wide each one is.
func columns(data []byte, sheet string, text []string) ([]column, error) {
	r := reader(data)
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("xlsx: %s: no header row", sheet)
	}
	if err != nil {
		return nil, fmt.Errorf("xlsx: %s: read csv: %w", sheet, err)
	}
	forced := map[string]bool{}
	for _, t := range text {
		forced[t] = true
	}
	cols := make([]column, len(header))
	for i, name := range header {
		cols[i] = column{name: name, numeric: !IsCode(name) && !forced[name], width: utf8.RuneCountInString(name)}
	}
	for line := 2; ; line++ {
		row, err := r.Read()
		if err == io.EOF {
			return cols, nil
		}
		if err, ok := err.(*csv.ParseError); ok && err.Err == csv.ErrFieldCount {
			return nil, fmt.Errorf("xlsx: %s: line %d: %d cells for %d columns", sheet, err.StartLine, len(row), len(cols))
		}
		if err != nil {
			return nil, fmt.Errorf("xlsx: %s: read csv: %w", sheet, err)
		}
		for i, c := range row {
			if c == "" {
				continue
			}
			if cols[i].numeric && !isNumber(c) {
				cols[i].numeric = false
			}
			if dot := strings.IndexByte(c, '.'); dot >= 0 && len(c)-dot-1 > cols[i].decimals {
				cols[i].decimals = len(c) - dot - 1
			}
			if w := utf8.RuneCountInString(c); w > cols[i].width {
				cols[i].width = w
			}
		}
	}
}
