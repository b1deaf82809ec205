// Package charts builds the ECharts options of Orion's pages with
// go-echarts, together with what must never drift from them: the HTML
// "table twin" holding the same numbers in French formats, and a
// one-sentence French summary for screen readers.
//
// An option is plain data: it holds no JavaScript function, so that
// html/template can marshal and escape it inside a
// <script type="application/json"> island. What the browser must add
// (French number formats, percent axis labels, the quadrant tooltip) is
// described by an extra top-level "orion" key (see Meta) that
// assets/js/orion.js reads and strips before calling setOption.
//
// Builds are reproducible: the caller fixes every chart ID, nothing is
// random, and the option marshals to the same bytes on every run.
package charts

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/table"
)

// Value is a number or missing (nil) with its typed status, whose one
// wording the twin, the summary and the option show.
type Value struct {
	V      *float64
	Statut indicator.Statut
}

// Known is a present value.
func Known(x float64) Value { return Value{V: &x, Statut: indicator.Publie} }

// Absent is a missing value and why it is missing.
func Absent(st indicator.Statut) Value { return Value{Statut: st} }

// reason is why v is missing, in the status's one wording.
func (v Value) reason() string {
	if v.Statut == indicator.Publie {
		return indicator.NonDisponible.String()
	}
	return v.Statut.String()
}

// absentCell is the twin's cell of a missing value: the status's mark,
// typed to the template.
func (v Value) absentCell() table.Cell {
	st := v.Statut
	if st == indicator.Publie {
		st = indicator.NonDisponible
	}
	return table.Cell{Num: true, Absent: true, Statut: st}
}

// Series is one named line or set of bars: one value per category.
type Series struct {
	Name   string
	Values []Value
}

// Unit says how the numbers of a chart are rounded and printed.
type Unit int

const (
	Percent Unit = iota // values in percent (43.6), one decimal
	Ratio               // two decimals (taux de pression 1,25)
	Count               // integers
)

// String is the unit's name in the option's "orion" key.
func (u Unit) String() string {
	switch u {
	case Percent:
		return "percent"
	case Ratio:
		return "ratio"
	case Count:
		return "count"
	}
	return fmt.Sprintf("Unit(%d)", int(u))
}

// MarshalText writes the unit by its name, as orion.js reads it.
func (u Unit) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// decimals is how many decimals the option and the twin carry.
func (u Unit) decimals() int {
	switch u {
	case Percent:
		return 1
	case Ratio:
		return 2
	}
	return 0
}

// round rounds x as the twin prints it, so that both show the same number.
func (u Unit) round(x float64) float64 {
	p := math.Pow(10, float64(u.decimals()))
	return math.Round(x*p) / p
}

// format prints x the French way: 43,6 %, 1,25, 1 234.
func (u Unit) format(x float64) string {
	switch u {
	case Percent:
		return table.Pourcent(x)
	case Ratio:
		return table.Decimal(x, 2)
	}
	return table.Entier(int64(math.Round(x)))
}

// cell is the twin's cell of a value.
func (u Unit) cell(v Value) table.Cell {
	if v.V == nil {
		return v.absentCell()
	}
	return table.Cell{Text: u.format(*v.V), Num: true}
}

// Chart is what a page embeds.
type Chart struct {
	ID      string     // [A-Za-z0-9_] only, fixed by the caller, so builds are reproducible
	Option  any        // the ECharts option plus the "orion" key, to be marshalled by html/template
	Summary string     // one French sentence
	Table   table.HTML // the twin: same numbers, French formats, missing values with their reason
	Caption string
}

// Meta is the "orion" key of an option: what orion.js needs to finish the
// option in the browser. It is removed before setOption.
type Meta struct {
	Kind string `json:"kind"` // "bars", "lines", "hbars" or "quadrant"
	Unit string `json:"unit"` // "percent", "ratio" or "count"
	// Dims names, labels and formats the values of a quadrant point, in
	// order: orion.js prints its tooltip and its filter from them.
	Dims []Dim `json:"dims,omitempty"`
	// Missing says why a value is missing ("" when present): by series
	// then category for bars and lines; by drawn point then dimension
	// (see Dims) for the quadrant.
	Missing [][]string `json:"missing"`
	// Hrefs is the page of each drawn point of a quadrant ("" for none),
	// opened by a click on the point.
	Hrefs []string `json:"hrefs,omitempty"`
	// Quadrants is the quadrant of each drawn point ("Q1"…), so that
	// orion.js can count the points its filter leaves in each area.
	Quadrants []string `json:"quadrants,omitempty"`
	// Filter is the ID of the dimension (one of Dims) by which orion.js
	// offers to hide the points under a minimum ("" for no filter).
	Filter string `json:"filter,omitempty"`
}

// Dim is one value of a quadrant point: its ID in Meta, its label (axis
// name, twin column, tooltip line) and its unit.
type Dim struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Unit  Unit   `json:"unit"`
}

// Kinds of chart, as named in Meta.
const (
	kindBars     = "bars"
	kindLines    = "lines"
	kindHBars    = "hbars"
	kindQuadrant = "quadrant"
)

// palette is DSFR-like, each colour at least 3:1 against white.
var palette = []string{"#000091", "#6a6af4", "#e1000f", "#18753c", "#666666"}

const (
	blue  = "#000091"
	green = "#18753c"
	red   = "#e1000f"
	grey  = "#666666"
)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

func checkID(id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("chart id %q: want letters, digits and _ only", id)
	}
	return nil
}

func checkUnit(id string, u Unit) error {
	if u < Percent || u > Count {
		return fmt.Errorf("chart %s: unknown unit %d", id, int(u))
	}
	return nil
}

func checkValue(id, where string, v Value) error {
	if v.V != nil && (math.IsNaN(*v.V) || math.IsInf(*v.V, 0)) {
		return fmt.Errorf("chart %s: %s: value %v is not a number", id, where, *v.V)
	}
	return nil
}

// baseOpts are the options shared by every chart: no animation, no title
// drawn in the canvas (the page has its heading), the palette, and ARIA
// with the summary as the description, so that ECharts writes on the
// container the same aria-label as the page.
func baseOpts(id, summary string, decal bool) []ec.GlobalOpts {
	aria := &opts.Aria{
		Enabled: opts.Bool(true),
		Label:   &opts.AriaLabel{Enabled: opts.Bool(true), Description: summary},
	}
	if decal {
		aria.Decal = &opts.AriaDecal{Show: opts.Bool(true)}
	}
	return []ec.GlobalOpts{
		ec.WithInitializationOpts(opts.Initialization{ChartID: id, Renderer: "canvas"}),
		ec.WithAnimation(false),
		ec.WithTitleOpts(opts.Title{Show: opts.Bool(false)}),
		ec.WithColorsOpts(opts.Colors(palette)),
		ec.WithAriaOpts(aria),
	}
}

// finish turns a validated go-echarts chart into the page's option.
func finish(option map[string]any, meta Meta) map[string]any {
	option["orion"] = meta
	return option
}

// list joins French items: "a", "a et b", "a, b et c".
func list(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " et " + items[len(items)-1]
}

// sentence prefixes body with the title and ends it with a period.
func sentence(title, body string) string {
	s := body
	if title != "" {
		s = title + " : " + body
	}
	if r, size := utf8.DecodeRuneInString(s); r != utf8.RuneError {
		s = string(unicode.ToUpper(r)) + s[size:]
	}
	return strings.TrimSuffix(s, ".") + "."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
