// Package table turns typed rows into both a CSV file and the HTML table
// that shows the same rows, so that a page and its download cannot drift.
// A row type is a struct whose exported fields carry a `csv` tag (the
// snake_case French column name); fields with a `label` tag are shown on the
// page too. Cell types (Int, Pct, Ratio, Dec) know how to print themselves
// in a CSV (decimal point, one decimal for percentages, empty when missing)
// and on a page (French formats, the reason when missing).
package table

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/orion-static/orion/generator/indicator"
)

// Int is a count; nil is missing.
type Int struct{ V *int64 }

// I wraps a count.
func I(v *int64) Int { return Int{v} }

// N wraps a known count.
func N(v int64) Int { return Int{&v} }

// MarshalCSV prints digits or nothing.
func (i Int) MarshalCSV() (string, error) {
	if i.V == nil {
		return "", nil
	}
	return strconv.FormatInt(*i.V, 10), nil
}

// Pct is a rate shown as a percentage with one decimal.
type Pct struct{ T indicator.Taux }

// MarshalCSV prints the percentage with one decimal, or nothing when the
// rate is not published (its status column says why).
func (p Pct) MarshalCSV() (string, error) {
	if !p.T.Ok() {
		return "", nil
	}
	return strconv.FormatFloat(round(p.T.Pourcent(), 1), 'f', 1, 64), nil
}

// Ratio is a ratio shown with two decimals (taux de pression 1,23).
type Ratio struct{ T indicator.Taux }

// MarshalCSV prints the ratio with two decimals, or nothing.
func (r Ratio) MarshalCSV() (string, error) {
	if !r.T.Ok() {
		return "", nil
	}
	return strconv.FormatFloat(round(r.T.Valeur, 2), 'f', 2, 64), nil
}

// Dec is a published decimal value (a DEPP rate in percent, a valeur
// ajoutée, an unemployment rate) shown with one decimal; nil is missing.
type Dec struct {
	V      *float64
	Absent string // why it is missing, shown on pages
}

// MarshalCSV prints one decimal, or nothing.
func (d Dec) MarshalCSV() (string, error) {
	if d.V == nil {
		return "", nil
	}
	return strconv.FormatFloat(round(*d.V, 1), 'f', 1, 64), nil
}

func round(x float64, n int) float64 {
	p := math.Pow(10, float64(n))
	return math.Round(x*p) / p
}

// Cell is one HTML table cell.
type Cell struct {
	Text    string
	Href    string
	Num     bool   // right-aligned number
	Missing string // reason the value is missing ("secret statistique"…)
	Value   string // raw number, for sorting (CSV form)
	Short   bool   // show a dash, the reason only to screen readers and on hover
}

// Column is one HTML column.
type Column struct {
	Label string
	Num   bool
}

// HTML is the page form of rows.
type HTML struct {
	Columns []Column
	Rows    [][]Cell
}

// Linker gives the page link of a cell, by csv column name.
type Linker interface {
	Link(column string) string
}

// Build returns the HTML form of rows, a slice of row structs.
func Build(rows any) HTML {
	v := reflect.ValueOf(rows)
	t := v.Type().Elem()
	var out HTML
	fields := labelled(t, nil)
	for _, f := range fields {
		out.Columns = append(out.Columns, Column{Label: f.label, Num: f.num})
	}
	for i := 0; i < v.Len(); i++ {
		row := v.Index(i)
		var l Linker
		if lk, ok := row.Interface().(Linker); ok {
			l = lk
		}
		cells := make([]Cell, len(fields))
		for j, f := range fields {
			c := cell(row.FieldByIndex(f.index).Interface())
			if l != nil && c.Missing == "" {
				c.Href = l.Link(f.csv)
			}
			cells[j] = c
		}
		out.Rows = append(out.Rows, cells)
	}
	return out
}

type field struct {
	index []int
	label string
	csv   string
	num   bool
}

func labelled(t reflect.Type, prefix []int) []field {
	var out []field
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		idx := append(append([]int(nil), prefix...), i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, labelled(f.Type, idx)...)
			continue
		}
		label := f.Tag.Get("label")
		if label == "" {
			continue
		}
		out = append(out, field{index: idx, label: label, csv: f.Tag.Get("csv"), num: isNum(f.Type)})
	}
	return out
}

func isNum(t reflect.Type) bool {
	switch t {
	case reflect.TypeOf(Int{}), reflect.TypeOf(Pct{}), reflect.TypeOf(Ratio{}), reflect.TypeOf(Dec{}):
		return true
	}
	return false
}

func cell(v any) Cell {
	switch x := v.(type) {
	case Int:
		if x.V == nil {
			return Cell{Num: true, Missing: indicator.NonDisponible.String(), Short: true}
		}
		v, _ := x.MarshalCSV()
		return Cell{Text: Entier(*x.V), Num: true, Value: v}
	case Pct:
		if !x.T.Ok() {
			return Cell{Num: true, Missing: x.T.Statut.String()}
		}
		v, _ := x.MarshalCSV()
		return Cell{Text: Pourcent(x.T.Pourcent()), Num: true, Value: v}
	case Ratio:
		if !x.T.Ok() {
			return Cell{Num: true, Missing: x.T.Statut.String()}
		}
		v, _ := x.MarshalCSV()
		return Cell{Text: Decimal(x.T.Valeur, 2), Num: true, Value: v}
	case Dec:
		if x.V == nil {
			m := x.Absent
			if m == "" {
				m = indicator.NonDisponible.String()
			}
			return Cell{Num: true, Missing: m}
		}
		v, _ := x.MarshalCSV()
		return Cell{Text: Decimal(*x.V, 1), Num: true, Value: v}
	case string:
		return Cell{Text: x}
	case *string:
		if x == nil {
			return Cell{}
		}
		return Cell{Text: *x}
	case int64:
		return Cell{Text: strconv.FormatInt(x, 10)}
	}
	return Cell{Text: fmt.Sprint(v)}
}

// nbsp is the narrow no-break space French typography puts between
// thousands and before the percent sign.
const nbsp = "\u202f"

// Entier formats a count the French way: 1 234 567.
func Entier(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(nbsp)
		}
		b.WriteRune(c)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// Decimal formats x with n decimals and a decimal comma.
func Decimal(x float64, n int) string {
	s := strconv.FormatFloat(round(x, n), 'f', n, 64)
	if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s[3:], "0") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	n64, _ := strconv.ParseInt(intPart, 10, 64)
	out := Entier(n64)
	if frac != "" {
		out += "," + frac
	}
	if neg {
		out = "−" + out
	}
	return out
}

// Pourcent formats a percentage with one decimal: 43,6 %.
func Pourcent(pct float64) string { return Decimal(pct, 1) + nbsp + "%" }
