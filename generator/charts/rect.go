package charts

import (
	"fmt"
	"strings"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/orion-static/orion/generator/table"
)

// Bars is a chart of grouped vertical bars (x = millésimes "2021+2022",
// series "Bretagne" and "France").
type Bars struct {
	ID, Title, Caption, XLabel string
	Unit                       Unit
	Categories                 []string
	Series                     []Series
}

// Lines is a chart of lines over rentrées (series établissement,
// département, région, national).
type Lines struct {
	ID, Title, Caption, XLabel string
	Unit                       Unit
	Categories                 []string
	Series                     []Series
}

// HBars is a chart of horizontal bars (categories "Année 1", "Année 2",
// "Année 3"). YLabel, optional, names the categories (axis and first
// column of the twin).
type HBars struct {
	ID, Title, Caption string
	Unit               Unit
	Categories         []string
	Series             []Series
	YLabel             string
}

// rect is what the three category charts share.
type rect struct {
	kind                       string
	id, title, caption, catLab string
	unit                       Unit
	cats                       []string
	series                     []Series
}

// Build returns the chart, its twin and its summary.
func (b Bars) Build() (Chart, error) {
	return rect{kindBars, b.ID, b.Title, b.Caption, b.XLabel, b.Unit, b.Categories, b.Series}.build()
}

// Build returns the chart, its twin and its summary.
func (l Lines) Build() (Chart, error) {
	return rect{kindLines, l.ID, l.Title, l.Caption, l.XLabel, l.Unit, l.Categories, l.Series}.build()
}

// Build returns the chart, its twin and its summary.
func (h HBars) Build() (Chart, error) {
	return rect{kindHBars, h.ID, h.Title, h.Caption, h.YLabel, h.Unit, h.Categories, h.Series}.build()
}

func (r rect) check() error {
	if err := checkID(r.id); err != nil {
		return err
	}
	if err := checkUnit(r.id, r.unit); err != nil {
		return err
	}
	if len(r.series) == 0 {
		return fmt.Errorf("chart %s: no series", r.id)
	}
	for _, s := range r.series {
		if len(s.Values) != len(r.cats) {
			return fmt.Errorf("chart %s: series %q has %d values for %d categories", r.id, s.Name, len(s.Values), len(r.cats))
		}
		for j, v := range s.Values {
			if err := checkValue(r.id, fmt.Sprintf("series %q, %s", s.Name, r.cats[j]), v); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r rect) build() (Chart, error) {
	if err := r.check(); err != nil {
		return Chart{}, err
	}
	summary := r.summary()
	return Chart{
		ID:      r.id,
		Option:  r.option(summary),
		Summary: summary,
		Table:   r.twin(),
		Caption: r.caption,
	}, nil
}

// twin has one row per category and one column per series.
func (r rect) twin() table.HTML {
	label := r.catLab
	if label == "" {
		label = "Catégorie"
	}
	t := table.HTML{Columns: []table.Column{{Label: label}}}
	for _, s := range r.series {
		t.Columns = append(t.Columns, table.Column{Label: s.Name, Num: true})
	}
	for j, c := range r.cats {
		row := []table.Cell{{Text: c}}
		for _, s := range r.series {
			row = append(row, r.unit.cell(s.Values[j]))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// point is a value of the option: the rounded number, or "-", ECharts'
// mark of a missing value (a line breaks there, no bar is drawn).
func (r rect) point(v Value) any {
	if v.V == nil {
		return "-"
	}
	return r.unit.round(*v.V)
}

func (r rect) meta() Meta {
	m := Meta{Kind: r.kind, Unit: r.unit.String(), Missing: make([][]string, len(r.series))}
	for i, s := range r.series {
		m.Missing[i] = make([]string, len(s.Values))
		for j, v := range s.Values {
			if v.V == nil {
				m.Missing[i][j] = v.reason()
			}
		}
	}
	return m
}

// Lines differ by dash and symbol as well as by colour.
var (
	dashes  = []string{"solid", "dashed", "dotted"}
	symbols = []string{"circle", "rect", "triangle", "diamond", "roundRect"}
)

func (r rect) option(summary string) map[string]any {
	// The legend above the plot: below it (ECharts 6's default), once it
	// wraps on a phone, it runs over the axis name.
	legend := opts.Legend{Show: opts.Bool(len(r.series) > 1), Top: "top"}
	category := opts.XAxis{Type: "category", Name: r.catLab, NameLocation: "middle", NameGap: 30}
	value := opts.YAxis{Type: "value", Min: 0}
	switch r.kind {
	case kindLines:
		c := ec.NewLine()
		c.SetGlobalOptions(append(baseOpts(r.id, summary, false),
			ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
			ec.WithLegendOpts(legend),
			ec.WithXAxisOpts(category),
			ec.WithYAxisOpts(value),
		)...)
		c.SetXAxis(r.cats)
		for i, s := range r.series {
			data := make([]opts.LineData, len(s.Values))
			for j, v := range s.Values {
				data[j] = opts.LineData{Value: r.point(v)}
			}
			c.AddSeries(s.Name, data,
				ec.WithLineChartOpts(opts.LineChart{
					Symbol:     symbols[i%len(symbols)],
					SymbolSize: 8,
					ShowSymbol: opts.Bool(true),
				}),
				ec.WithLineStyleOpts(opts.LineStyle{Width: 2, Type: dashes[i%len(dashes)]}),
			)
		}
		c.Validate()
		return finish(c.JSON(), r.meta())
	case kindHBars:
		c := ec.NewBar()
		c.SetGlobalOptions(append(baseOpts(r.id, summary, true),
			ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
			ec.WithLegendOpts(legend),
			ec.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0}),
			// The categories' name above them (start of the inverse axis),
			// not under the last one where it meets the value axis' labels.
			ec.WithYAxisOpts(opts.YAxis{Type: "category", Name: r.catLab, NameLocation: "start", Inverse: opts.Bool(true)}),
		)...)
		c.SetXAxis(r.cats).XYReversal()
		r.addBars(c)
		c.Validate()
		return finish(c.JSON(), r.meta())
	}
	c := ec.NewBar()
	c.SetGlobalOptions(append(baseOpts(r.id, summary, true),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		ec.WithLegendOpts(legend),
		ec.WithXAxisOpts(category),
		ec.WithYAxisOpts(value),
	)...)
	c.SetXAxis(r.cats)
	r.addBars(c)
	c.Validate()
	return finish(c.JSON(), r.meta())
}

func (r rect) addBars(c *ec.Bar) {
	for _, s := range r.series {
		data := make([]opts.BarData, len(s.Values))
		for j, v := range s.Values {
			data[j] = opts.BarData{Value: r.point(v)}
		}
		c.AddSeries(s.Name, data)
	}
}

// summary lists every value when there are few categories, and otherwise
// each series' extremes: its real minimum and maximum with the categories
// holding them, and, over ordered categories (rentrées, millésimes), its
// first and last known values.
func (r rect) summary() string {
	if r.kind == kindLines || len(r.cats) > 4 {
		return r.rangeSummary()
	}
	return r.listSummary()
}

// listSummary: "Title : 2021+2022, Bretagne 43,6 % et France 45,0 % ;
// 2022+2023, Bretagne 44,1 % et France : secret statistique."
func (r rect) listSummary() string {
	var parts []string
	for j, c := range r.cats {
		var items []string
		for _, s := range r.series {
			items = append(items, r.said(s.Name, s.Values[j]))
		}
		parts = append(parts, c+", "+list(items))
	}
	if len(parts) == 0 {
		return sentence(r.title, "aucune donnée")
	}
	return sentence(r.title, joinParts(parts))
}

func (r rect) said(name string, v Value) string {
	if v.V == nil {
		return name + " : " + v.reason()
	}
	return name + " " + r.unit.format(*v.V)
}

// ordered reports whether the categories follow each other (rentrées,
// millésimes): then a series has a first and a last value worth saying.
// Horizontal bars name régions or years of study, in no telling order.
func (r rect) ordered() bool { return r.kind != kindHBars }

// rangeSummary, over ordered categories: "Taux de pression, de 2019 à
// 2023 : Lycée de 1,25 en 2019 à 0,90 en 2023, minimum 0,90 en 2023,
// maximum 1,30 en 2021 ; France : donnée non disponible."; over régions:
// "Places ouvertes, 18 catégories : Places ouvertes, minimum 0 (Corse),
// maximum 81 (Bretagne)."
func (r rect) rangeSummary() string {
	if len(r.cats) == 0 {
		return sentence(r.title, "aucune donnée")
	}
	var parts []string
	for _, s := range r.series {
		parts = append(parts, r.extremes(s))
	}
	first, last := r.cats[0], r.cats[len(r.cats)-1]
	span := plural(len(r.cats), "catégorie", "catégories")
	if r.ordered() {
		span = "en " + first
		if first != last {
			span = "de " + first + " à " + last
		}
	}
	if r.title == "" {
		return sentence("", span+" : "+joinParts(parts))
	}
	return sentence("", r.title+", "+span+" : "+joinParts(parts))
}

// extremes says one series over many categories.
func (r rect) extremes(s Series) string {
	var known []int
	for k, v := range s.Values {
		if v.V != nil {
			known = append(known, k)
		}
	}
	switch {
	case len(known) == 0:
		return s.Name + " : " + commonReason(s.Values)
	case len(known) == 1 && len(r.cats) == 1:
		return s.Name + " " + r.unit.format(*s.Values[known[0]].V)
	case len(known) == 1:
		return s.Name + " " + r.unit.format(*s.Values[known[0]].V) + r.at(known)
	}
	// Extremes as the twin prints them, so that ties are ties there too.
	lo, hi := r.unit.round(*s.Values[known[0]].V), r.unit.round(*s.Values[known[0]].V)
	for _, k := range known {
		x := r.unit.round(*s.Values[k].V)
		lo, hi = min(lo, x), max(hi, x)
	}
	var atLo, atHi []int
	for _, k := range known {
		x := r.unit.round(*s.Values[k].V)
		if x == lo {
			atLo = append(atLo, k)
		}
		if x == hi {
			atHi = append(atHi, k)
		}
	}
	if lo == hi {
		return s.Name + " : " + r.unit.format(lo) + " partout"
	}
	if !r.ordered() {
		return s.Name + ", minimum " + r.unit.format(lo) + r.at(atLo) + ", maximum " + r.unit.format(hi) + r.at(atHi)
	}
	// Over ordered categories, the first and last values, each marked as
	// the minimum or the maximum when it is the only one; an extreme
	// reached elsewhere is said after them.
	i, j := known[0], known[len(known)-1]
	end := func(k int) string {
		out := r.unit.format(*s.Values[k].V) + r.at([]int{k})
		switch {
		case len(atLo) == 1 && atLo[0] == k:
			out += " (minimum)"
		case len(atHi) == 1 && atHi[0] == k:
			out += " (maximum)"
		}
		return out
	}
	out := s.Name + " de " + end(i) + " à " + end(j)
	if !(len(atLo) == 1 && (atLo[0] == i || atLo[0] == j)) {
		out += ", minimum " + r.unit.format(lo) + r.at(atLo)
	}
	if !(len(atHi) == 1 && (atHi[0] == i || atHi[0] == j)) {
		out += ", maximum " + r.unit.format(hi) + r.at(atHi)
	}
	return out
}

// at names the categories ks: " en 2021" and " en 2021 et 2022" over
// ordered categories, " (Bretagne)" otherwise; past three, how many more.
func (r rect) at(ks []int) string {
	var names []string
	for n, k := range ks {
		if n == 3 && len(ks) > 4 {
			names = append(names, plural(len(ks)-3, "autre", "autres"))
			break
		}
		names = append(names, r.cats[k])
	}
	if r.ordered() {
		return " en " + list(names)
	}
	return " (" + list(names) + ")"
}

// commonReason is the reason shared by all values, or a general one.
func commonReason(vs []Value) string {
	if len(vs) == 0 {
		return "aucune donnée"
	}
	reason := vs[0].reason()
	for _, v := range vs[1:] {
		if v.reason() != reason {
			return "données non disponibles"
		}
	}
	return reason
}

func joinParts(parts []string) string { return strings.Join(parts, " ; ") }
