package table

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"
)

// CSV returns rows as a UTF-8, comma-separated file with a header row.
// Cells a spreadsheet would run as a formula (starting with = + - @, tab or
// carriage return) are prefixed with a quote, unless they are plain numbers
// such as a negative valeur ajoutée.
func CSV(rows any) ([]byte, error) {
	var buf bytes.Buffer
	w := &safeWriter{w: csv.NewWriter(&buf)}
	if err := gocsv.MarshalCSV(rows, w); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	return buf.Bytes(), nil
}

type safeWriter struct{ w *csv.Writer }

func (s *safeWriter) Write(row []string) error {
	for i, c := range row {
		row[i] = Neutralise(c)
	}
	return s.w.Write(row)
}

func (s *safeWriter) Flush()       { s.w.Flush() }
func (s *safeWriter) Error() error { return s.w.Error() }

// Neutralise defuses a cell that a spreadsheet would execute.
func Neutralise(c string) string {
	if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return c
	}
	if _, err := strconv.ParseFloat(c, 64); err == nil && c[0] != '+' {
		return c
	}
	return "'" + c
}
