package charts

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/table"
)

// Point is a formation of the quadrant: X is its taux de poursuite, Y its
// taux d'emploi à 6 mois, both in percent (or as Quadrant.Dims say). Quadrant is its position as
// indicator.Position computed it ("Q1"…"Q4", "Hors quadrant"); the chart
// only shows it and counts it.
type Point struct {
	Label, Href string
	X, Y        Value
	Effectif    *int64
	Pression    Value
	Quadrant    string
}

// Quadrant is Orion's scatter of formations: x = taux de poursuite,
// y = taux d'emploi à 6 mois, 0–100 on both axes, split by the reference
// means into Q1 (top right, green), Q2 (top left), Q3 (bottom right) and
// Q4 (bottom left, red). A point with a missing rate is not drawn; the
// twin lists it as hors quadrant with the reason.
type Quadrant struct {
	ID, Title, Caption string
	MeanX, MeanY       Value
	Points             []Point
	// Dims label and format the four values of a point, in this order:
	// X, Y, the effectif (the point's size, and the minimum filter of the
	// page) and the extra value of the tooltip (Pression). Nil means
	// DefaultDims; the caller may feed them from the indicators'
	// declarations.
	Dims []Dim
}

// DefaultDims are the dimensions of Orion's quadrant.
var DefaultDims = []Dim{
	{ID: "poursuite", Label: "Taux de poursuite d'études", Unit: Percent},
	{ID: "emploi", Label: "Taux d'emploi à 6 mois", Unit: Percent},
	{ID: "effectif", Label: "Effectif", Unit: Count},
	{ID: "pression", Label: "Taux de pression", Unit: Ratio},
}

// dims are the quadrant's dimensions, DefaultDims when not given.
func (q Quadrant) dims() []Dim {
	if q.Dims == nil {
		return DefaultDims
	}
	return q.Dims
}

var quadrants = []string{string(indicator.Q1), string(indicator.Q2), string(indicator.Q3), string(indicator.Q4)}

// Build returns the chart, its twin and its summary.
func (q Quadrant) Build() (Chart, error) {
	if err := q.check(); err != nil {
		return Chart{}, err
	}
	summary := q.summary()
	return Chart{
		ID:      q.ID,
		Option:  q.option(summary),
		Summary: summary,
		Table:   q.twin(),
		Caption: q.caption(),
	}, nil
}

func (q Quadrant) check() error {
	if err := checkID(q.ID); err != nil {
		return err
	}
	if len(q.dims()) != 4 {
		return fmt.Errorf("chart %s: %d dimensions, want 4 (x, y, effectif, extra)", q.ID, len(q.dims()))
	}
	for i, d := range q.dims() {
		if err := checkUnit(q.ID, d.Unit); err != nil {
			return err
		}
		if !idPattern.MatchString(d.ID) || d.Label == "" {
			return fmt.Errorf("chart %s: dimension %d: want an ID of letters, digits and _ and a label, got %q, %q", q.ID, i, d.ID, d.Label)
		}
	}
	if q.dims()[2].Unit != Count {
		return fmt.Errorf("chart %s: the third dimension (%s) is the effectif: want unit count", q.ID, q.dims()[2].ID)
	}
	if err := checkValue(q.ID, "moyenne de poursuite", q.MeanX); err != nil {
		return err
	}
	if err := checkValue(q.ID, "moyenne d'emploi", q.MeanY); err != nil {
		return err
	}
	for _, p := range q.Points {
		for _, v := range []Value{p.X, p.Y, p.Pression} {
			if err := checkValue(q.ID, fmt.Sprintf("point %q", p.Label), v); err != nil {
				return err
			}
		}
	}
	return nil
}

// drawn reports whether a point has both rates.
func (p Point) drawn() bool { return p.X.V != nil && p.Y.V != nil }

// position is the quadrant shown for p: its own, or hors quadrant with
// the reason when a rate is missing.
func (p Point) position() string {
	switch {
	case p.Y.V == nil:
		return string(indicator.HorsQuadrant) + " : " + p.Y.reason()
	case p.X.V == nil:
		return string(indicator.HorsQuadrant) + " : " + p.X.reason()
	}
	return p.Quadrant
}

// count is how many points are in each of Q1…Q4, and how many elsewhere.
func (q Quadrant) count() (in map[string]int, hors int) {
	in = map[string]int{}
	for _, p := range q.Points {
		if p.drawn() && isQuadrant(p.Quadrant) {
			in[p.Quadrant]++
		} else {
			hors++
		}
	}
	return in, hors
}

func isQuadrant(s string) bool {
	for _, q := range quadrants {
		if s == q {
			return true
		}
	}
	return false
}

// size is the point's diameter in pixels, by effectif.
func size(effectif *int64) int {
	switch {
	case effectif == nil || *effectif <= 50:
		return 6
	case *effectif < 200:
		return 10
	case *effectif < 500:
		return 14
	case *effectif < 1000:
		return 18
	}
	return 22
}

func (q Quadrant) twin() table.HTML {
	d := q.dims()
	t := table.HTML{Columns: []table.Column{
		{Label: "Formation"},
		{Label: d[2].Label, Num: true},
		{Label: d[0].Label, Num: true},
		{Label: d[1].Label, Num: true},
		{Label: d[3].Label, Num: true},
		{Label: "Quadrant"},
	}}
	for _, p := range q.Points {
		eff := table.Cell{Num: true, Absent: true, Statut: indicator.NonDisponible}
		if p.Effectif != nil {
			eff = table.Cell{Text: table.Entier(*p.Effectif), Num: true}
		}
		t.Rows = append(t.Rows, []table.Cell{
			{Text: p.Label, Href: p.Href},
			eff,
			d[0].Unit.cell(p.X),
			d[1].Unit.cell(p.Y),
			d[3].Unit.cell(p.Pression),
			{Text: p.position()},
		})
	}
	return t
}

// said prints a value or its reason.
func said(u Unit, v Value) string {
	if v.V == nil {
		return v.reason()
	}
	return u.format(*v.V)
}

// means is the sentence giving the reference means, in the caption and
// the summary.
func (q Quadrant) means() string {
	d := q.dims()
	return "moyennes de référence : " + lowerFirst(d[0].Label) + " " + said(d[0].Unit, q.MeanX) + ", " + lowerFirst(d[1].Label) + " " + said(d[1].Unit, q.MeanY)
}

// lowerFirst puts a label inside a sentence: "Taux d'emploi" → "taux
// d'emploi"; an acronym stays ("CAP").
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[size:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// caption adds the means, which the twin's rows do not hold.
func (q Quadrant) caption() string {
	m := q.means()
	m = "M" + m[1:] + "."
	if q.Caption == "" {
		return m
	}
	return q.Caption + " " + m
}

// summary: "Title : 12 formations ; moyennes de référence : poursuite
// 45,2 %, emploi à 6 mois 50,1 % ; 3 en Q1, 4 en Q2, 2 en Q3 et 1 en Q4 ;
// 2 hors quadrant."
func (q Quadrant) summary() string {
	if len(q.Points) == 0 {
		return sentence(q.Title, "aucune formation")
	}
	in, hors := q.count()
	var each []string
	for _, k := range quadrants {
		each = append(each, fmt.Sprintf("%d en %s", in[k], k))
	}
	parts := []string{plural(len(q.Points), "formation", "formations"), q.means(), list(each)}
	if hors > 0 {
		parts = append(parts, fmt.Sprintf("%d hors quadrant", hors))
	}
	return sentence(q.Title, joinParts(parts))
}

func (q Quadrant) option(summary string) map[string]any {
	d := q.dims()
	c := ec.NewScatter()
	x := opts.XAxis{Type: "value", Name: d[0].Label, NameLocation: "middle", NameGap: 30}
	y := opts.YAxis{Type: "value", Name: d[1].Label, NameLocation: "middle", NameGap: 40}
	if d[0].Unit == Percent {
		x.Min, x.Max = 0, 100
	}
	if d[1].Unit == Percent {
		y.Min, y.Max = 0, 100
	}
	c.SetGlobalOptions(append(baseOpts(q.ID, summary, false),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		ec.WithXAxisOpts(x),
		ec.WithYAxisOpts(y),
	)...)

	meta := Meta{Kind: kindQuadrant, Unit: d[0].Unit.String(), Dims: d, Missing: [][]string{}, Hrefs: []string{}, Quadrants: []string{}, Filter: d[2].ID}
	var data []opts.ScatterData
	for _, p := range q.Points {
		if !p.drawn() {
			continue
		}
		var eff, pression any
		missing := []string{"", "", "", ""}
		if p.Effectif != nil {
			eff = *p.Effectif
		} else {
			missing[2] = indicator.NonDisponible.String()
		}
		if p.Pression.V != nil {
			pression = d[3].Unit.round(*p.Pression.V)
		} else {
			missing[3] = p.Pression.reason()
		}
		data = append(data, opts.ScatterData{
			Name:       p.Label,
			Value:      []any{d[0].Unit.round(*p.X.V), d[1].Unit.round(*p.Y.V), eff, pression},
			SymbolSize: size(p.Effectif),
		})
		meta.Missing = append(meta.Missing, missing)
		meta.Hrefs = append(meta.Hrefs, p.Href)
		meta.Quadrants = append(meta.Quadrants, p.Quadrant)
	}
	if data == nil {
		data = []opts.ScatterData{}
	}

	series := []ec.SeriesOpts{
		ec.WithScatterChartOpts(opts.ScatterChart{Symbol: "circle"}),
		ec.WithItemStyleOpts(opts.ItemStyle{Color: blue, Opacity: opts.Float(0.8), BorderColor: "#ffffff", BorderWidth: 1}),
	}
	if q.MeanX.V != nil && q.MeanY.V != nil {
		series = append(series, q.marks()...)
	}
	c.AddSeries("Formations", data, series...)
	if ml := c.MultiSeries[0].MarkLines; ml != nil && len(ml.Data) > 0 {
		c.MultiSeries[0].MarkLines.Data = q.meanLines()
	}
	c.Validate()
	return finish(c.JSON(), meta)
}

// meanLine is a mark line with its own label, which go-echarts' items
// lack.
type meanLine struct {
	Name  string     `json:"name"`
	XAxis any        `json:"xAxis,omitempty"`
	YAxis any        `json:"yAxis,omitempty"`
	Label opts.Label `json:"label"`
}

// meanLines are the two dashed means. The vertical line's value sits
// above the plot; the horizontal one's inside the plot at its right end,
// above the line: at the end of the line (outside the plot) it would be
// cut off on a phone.
func (q Quadrant) meanLines() []any {
	d := q.dims()
	return []any{
		meanLine{Name: "Moyenne – " + d[0].Label, XAxis: d[0].Unit.round(*q.MeanX.V), Label: opts.Label{Show: opts.Bool(true), Position: "end"}},
		meanLine{Name: "Moyenne – " + d[1].Label, YAxis: d[1].Unit.round(*q.MeanY.V), Label: opts.Label{Show: opts.Bool(true), Position: "insideEndTop"}},
	}
}

// marks are the dashed mean lines and the four coloured areas.
func (q Quadrant) marks() []ec.SeriesOpts {
	d := q.dims()
	mx, my := d[0].Unit.round(*q.MeanX.V), d[1].Unit.round(*q.MeanY.V)
	in, _ := q.count()
	area := func(name, color string, opacity float32, pos string, from, to []float64) []opts.MarkAreaData {
		label := fmt.Sprintf("%s – %s", name, plural(in[name], "formation", "formations"))
		return []opts.MarkAreaData{
			{
				Name:  label,
				Coord: from,
				MarkAreaStyle: opts.MarkAreaStyle{
					ItemStyle: &opts.ItemStyle{Color: color, Opacity: opts.Float(opacity)},
					Label:     &opts.Label{Show: opts.Bool(true), Position: pos, Color: color, FontWeight: "bold"},
				},
			},
			{Coord: to},
		}
	}
	return []ec.SeriesOpts{
		ec.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "end", Color: "#3a3a3a"},
			LineStyle: &opts.LineStyle{Color: grey, Type: "dashed", Width: 1},
		}),
		ec.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "Moyenne de poursuite", XAxis: mx}),
		ec.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "Moyenne d'emploi à 6 mois", YAxis: my}),
		ec.WithMarkAreaStyleOpts(opts.MarkAreaStyle{}),
		ec.WithMarkAreaData(
			area("Q1", green, 0.12, "insideTopRight", []float64{mx, my}, []float64{100, 100}),
			area("Q2", grey, 0.08, "insideTopLeft", []float64{0, my}, []float64{mx, 100}),
			area("Q3", grey, 0.08, "insideBottomRight", []float64{mx, 0}, []float64{100, my}),
			area("Q4", red, 0.10, "insideBottomLeft", []float64{0, 0}, []float64{mx, my}),
		),
	}
}
