// Package table turns typed rows into both a CSV file and the HTML table
// that shows the same rows, so that a page and its download cannot drift.
//
// A row type is a struct. A field tagged `ind:"id"` (or `ind:"id,variant"`)
// holds a declared figure (an indicator.Value): its CSV column, its status
// column (`id_statut`, the reason it is empty), its table header and its
// glossary link all come from the declaration in package indicator; `label`
// overrides the header, `html:"-"` keeps it out of the page. Other fields
// carry a `csv` tag (the snake_case French column name) and, to be shown on
// the page, a `label`. Embedded structs are walked in order.
package table

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/orion-static/orion/generator/indicator"
)

// Int is a count that is not a declared figure (a year, a number of
// départements); nil is missing.
type Int struct{ V *int64 }

// I wraps a count.
func I(v *int64) Int { return Int{v} }

// N wraps a known count.
func N(v int64) Int { return Int{&v} }

// String prints digits or nothing, for the CSV.
func (i Int) String() string {
	if i.V == nil {
		return ""
	}
	return strconv.FormatInt(*i.V, 10)
}

// Dec is a decimal that is not a declared figure (a distance in km),
// printed with one decimal; nil is missing.
type Dec struct{ V *float64 }

// String prints one decimal with a decimal point, or nothing, for the CSV.
func (d Dec) String() string {
	if d.V == nil {
		return ""
	}
	return strconv.FormatFloat(math.Round(*d.V*10)/10, 'f', 1, 64)
}

// Coded is a value with a short code for the CSV ("Q1") and words for the
// page ("Q1 : forte insertion et forte poursuite d'études").
type Coded struct{ Code, Text string }

// Cell is one HTML table cell.
type Cell struct {
	Text   string
	Href   string
	Num    bool             // right-aligned number
	Absent bool             // no value: Statut says why
	Statut indicator.Statut // why the value is absent
}

// Column is one HTML column.
type Column struct {
	Label string
	Num   bool
	Href  string // the glossary entry of a declared figure
}

// HTML is the page form of rows.
type HTML struct {
	Columns []Column
	Rows    [][]Cell
	// Keys are each row's filter keys (Keyer), nil without.
	Keys []map[string]string
	// Dropped names the columns left out because they are empty on every
	// row (the CSV keeps them), with why when all say the same.
	Dropped []string
}

// Keyer gives a row's keys for a table filter ("region": "53").
type Keyer interface {
	Keys() map[string]string
}

// Statuts are the reasons found in the table's empty cells, in the order of
// indicator.Statuts, for the table's legend.
func (h HTML) Statuts() []indicator.Statut {
	seen := map[indicator.Statut]bool{}
	for _, r := range h.Rows {
		for _, c := range r {
			if c.Absent {
				seen[c.Statut] = true
			}
		}
	}
	var out []indicator.Statut
	for _, s := range indicator.Statuts() {
		if seen[s] {
			out = append(out, s)
		}
	}
	return out
}

// Linker gives the page link of a cell, by csv column name.
type Linker interface {
	Link(column string) string
}

// field is one column of a row type.
type field struct {
	index   []int
	csv     string
	label   string
	html    bool
	num     bool
	def     *indicator.Def
	variant string
}

var (
	valueType = reflect.TypeOf(indicator.Value{})
	intType   = reflect.TypeOf(Int{})
	decType   = reflect.TypeOf(Dec{})
)

// fieldCache holds the columns of each row type: Fill runs once per row.
var fieldCache sync.Map // reflect.Type → []field

// fields lists the columns of a row type, embedded structs included.
func fields(t reflect.Type) ([]field, error) {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]field), nil
	}
	f, err := walkFields(t)
	if err == nil {
		fieldCache.Store(t, f)
	}
	return f, err
}

func walkFields(t reflect.Type) ([]field, error) {
	var out []field
	var walk func(t reflect.Type, prefix []int) error
	walk = func(t reflect.Type, prefix []int) error {
		for i := range t.NumField() {
			f := t.Field(i)
			idx := append(append([]int(nil), prefix...), i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				if err := walk(f.Type, idx); err != nil {
					return err
				}
				continue
			}
			if tag, ok := f.Tag.Lookup("ind"); ok {
				id, variant, _ := strings.Cut(tag, ",")
				d, ok := indicator.ByID(id)
				if !ok {
					return fmt.Errorf("table: %v.%s: no indicator %q", t, f.Name, id)
				}
				if f.Type != valueType {
					return fmt.Errorf("table: %v.%s: an indicator field must be an indicator.Value", t, f.Name)
				}
				label := f.Tag.Get("label")
				if label == "" {
					label = d.VariantLabel(variant)
				}
				out = append(out, field{index: idx, csv: d.Column(variant), label: label, html: f.Tag.Get("html") != "-",
					num: true, def: d, variant: variant})
				continue
			}
			name := f.Tag.Get("csv")
			if name == "" || name == "-" {
				continue
			}
			label := f.Tag.Get("label")
			out = append(out, field{index: idx, csv: name, label: label, html: label != "", num: f.Type == intType || f.Type == decType})
		}
		return nil
	}
	if err := walk(t, nil); err != nil {
		return nil, err
	}
	return out, nil
}

// Fill sets every declared figure of dst (a pointer to a row) from set.
func Fill(dst any, set indicator.Set) {
	v := reflect.ValueOf(dst).Elem()
	fs, err := fields(v.Type())
	if err != nil {
		panic(err) // a programming error in a row type, caught by every test
	}
	for _, f := range fs {
		if f.def != nil {
			v.FieldByIndex(f.index).Set(reflect.ValueOf(set.Variant(f.def, f.variant)))
		}
	}
}

// Build returns the HTML form of rows, a slice of row structs.
func Build(rows any) (HTML, error) {
	v := reflect.ValueOf(rows)
	fs, err := fields(v.Type().Elem())
	if err != nil {
		return HTML{}, err
	}
	var out HTML
	var shown []field
	for _, f := range fs {
		if f.html {
			shown = append(shown, f)
			c := Column{Label: f.label, Num: f.num}
			if f.def != nil {
				c.Href = f.def.Href()
			}
			out.Columns = append(out.Columns, c)
		}
	}
	for i := range v.Len() {
		// Rows and fields are read through pointers: boxing a row struct
		// or an indicator.Value in an interface would copy it to the heap.
		row := v.Index(i) // a slice element: addressable
		ptr := row.Addr().Interface()
		var l Linker
		if lk, ok := ptr.(Linker); ok {
			l = lk
		}
		if k, ok := ptr.(Keyer); ok {
			out.Keys = append(out.Keys, k.Keys())
		}
		cells := make([]Cell, len(shown))
		for j, f := range shown {
			c := cell(row.FieldByIndex(f.index).Addr().Interface(), f.def)
			if l != nil && !c.Absent {
				c.Href = l.Link(f.csv)
			}
			cells[j] = c
		}
		out.Rows = append(out.Rows, cells)
	}
	out.dropEmpty()
	return out, nil
}

// dropEmpty leaves out the columns (but the first) that are empty on every
// row, and names them in Dropped.
func (h *HTML) dropEmpty() {
	if len(h.Rows) == 0 {
		return
	}
	keep := make([]bool, len(h.Columns))
	for j := range h.Columns {
		if j == 0 {
			keep[j] = true
			continue
		}
		for _, r := range h.Rows {
			if !r[j].Absent && r[j].Text != "" {
				keep[j] = true
				break
			}
		}
		if !keep[j] {
			why := ""
			for i, r := range h.Rows {
				if !r[j].Absent {
					why = ""
					break
				}
				if i == 0 {
					why = r[j].Statut.String()
				} else if r[j].Statut.String() != why {
					why = ""
					break
				}
			}
			name := h.Columns[j].Label
			if why != "" {
				name += " (" + why + ")"
			}
			h.Dropped = append(h.Dropped, name)
		}
	}
	if len(h.Dropped) == 0 {
		return
	}
	var cols []Column
	for j, c := range h.Columns {
		if keep[j] {
			cols = append(cols, c)
		}
	}
	for i, r := range h.Rows {
		cells := r[:0] // in place: the kept cells move left
		for j, c := range r {
			if keep[j] {
				cells = append(cells, c)
			}
		}
		h.Rows[i] = cells[:len(cells):len(cells)]
	}
	h.Columns = cols
}

// cell is the HTML cell of a row's field, given by its address.
func cell(p any, d *indicator.Def) Cell {
	switch x := p.(type) {
	case *indicator.Value:
		v := *x
		if v.Def == nil {
			v.Def = d
		}
		if !v.Ok() {
			return Cell{Num: true, Absent: true, Statut: v.Statut}
		}
		return Cell{Text: v.Text(), Num: true}
	case *Int:
		if x.V == nil {
			return Cell{Num: true, Absent: true, Statut: indicator.NonDisponible}
		}
		return Cell{Text: Entier(*x.V), Num: true}
	case *Coded:
		return Cell{Text: x.Text}
	case *Dec:
		if x.V == nil {
			return Cell{Num: true, Absent: true, Statut: indicator.NonDisponible}
		}
		return Cell{Text: Decimal(*x.V, 1), Num: true}
	case *string:
		return Cell{Text: *x}
	case **string:
		if *x == nil {
			return Cell{}
		}
		return Cell{Text: **x}
	case *int64:
		return Cell{Text: strconv.FormatInt(*x, 10)}
	}
	return Cell{Text: fmt.Sprint(reflect.ValueOf(p).Elem().Interface())}
}

// nbsp is the narrow no-break space French typography puts between
// thousands and before the percent sign.
const nbsp = "\u202f"

// Entier formats a count the French way: 1 234 567.
func Entier(n int64) string {
	return indicator.Format(indicator.Count, n)
}

// Decimal formats x with n decimals and a decimal comma.
func Decimal(x float64, n int) string {
	p := math.Pow10(n)
	scaled := int64(math.Round(x * p))
	if scaled == 0 {
		scaled = 0 // no "−0"
	}
	u := map[int]indicator.Unit{0: indicator.Count, 1: indicator.Percent, 2: indicator.Ratio}[n]
	s := indicator.Format(u, scaled)
	return strings.TrimSuffix(s, nbsp+"%")
}

// Pourcent formats a percentage with one decimal: 43,6 %.
func Pourcent(pct float64) string { return Decimal(pct, 1) + nbsp + "%" }
