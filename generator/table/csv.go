package table

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/orion-static/orion/generator/indicator"
)

// CSV returns rows as a UTF-8, comma-separated file with a header row. A
// declared figure is followed by its status column, which names the reason
// of every empty value with the status's one wording. Cells a spreadsheet
// would run as a formula (starting with = + - @, tab or carriage return)
// are prefixed with a quote, unless they are plain numbers such as a
// negative valeur ajoutée.
func CSV(rows any) ([]byte, error) {
	v := reflect.ValueOf(rows)
	fs, err := fields(v.Type().Elem())
	if err != nil {
		return nil, err
	}
	buf := csvBuffers.Get().(*bytes.Buffer)
	defer csvBuffers.Put(buf)
	buf.Reset()
	w := csv.NewWriter(buf)
	var header []string
	for _, f := range fs {
		header = append(header, f.csv)
		if f.def != nil && f.def.HasStatus() {
			header = append(header, f.def.StatusColumn(f.variant))
		}
	}
	if err := w.Write(header); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	rec := make([]string, 0, len(header))
	for i := range v.Len() {
		// Fields are read through pointers (a slice element is
		// addressable): boxing an indicator.Value in an interface would
		// copy it to the heap.
		row := v.Index(i)
		rec = rec[:0]
		for _, f := range fs {
			switch x := row.FieldByIndex(f.index).Addr().Interface().(type) {
			case *indicator.Value:
				val := *x
				if val.Def == nil {
					val.Def = f.def
				}
				rec = append(rec, val.Raw())
				if f.def.HasStatus() {
					rec = append(rec, val.Statut.String())
				}
			case *Int:
				rec = append(rec, x.String())
			case *Dec:
				rec = append(rec, x.String())
			case *Coded:
				rec = append(rec, Neutralise(x.Code))
			case *string:
				rec = append(rec, Neutralise(*x))
			case **string:
				if *x == nil {
					rec = append(rec, "")
				} else {
					rec = append(rec, Neutralise(**x))
				}
			case *int64:
				rec = append(rec, strconv.FormatInt(*x, 10))
			case *bool:
				rec = append(rec, strconv.FormatBool(*x))
			default:
				return nil, fmt.Errorf("csv: column %s: unsupported type %v", f.csv, reflect.TypeOf(x).Elem())
			}
		}
		if err := w.Write(rec); err != nil {
			return nil, fmt.Errorf("csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// csvBuffers are CSV's work buffers: a file is written in one of them,
// then copied out at its exact size, so that large files are not built
// by repeated doubling (each a fresh, zeroed allocation).
var csvBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

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
