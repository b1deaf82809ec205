package charts

import (
	"github.com/orion-static/orion/generator/indicator"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func sampleQuadrant() Quadrant {
	return Quadrant{ID: "quadrant_etab", Title: "Quadrant des formations", Caption: "Formations du lycée (2022+2023).",
		MeanX: k(45.23), MeanY: k(50.06),
		Points: []Point{
			{Label: "CAP Cuisine", Href: "/formations/50022135/", X: k(60), Y: k(70.04), Effectif: n(230), Pression: k(1.456), Quadrant: "Q1"},
			{Label: "Bac pro Commerce", Href: "/formations/40031213/", X: k(30), Y: k(55.55), Effectif: n(12), Pression: Absent(indicator.NonDisponible), Quadrant: "Q2"},
			{Label: "BTS MCO", X: k(80), Y: k(20), Effectif: n(1200), Pression: k(0.8), Quadrant: "Q3"},
			{Label: "CAP Vente", X: k(10), Y: k(10), Pression: k(2), Quadrant: "Q4"},
			{Label: "CAP Fleuriste", X: k(50), Y: k(80), Effectif: n(700), Pression: k(3), Quadrant: "Q1"},
			{Label: "Bac pro Bois", X: k(20), Y: Absent(indicator.Secret), Effectif: n(15), Pression: k(1), Quadrant: "Hors quadrant"},
		}}
}

func TestQuadrant(t *testing.T) {
	c, err := sampleQuadrant().Build()
	if err != nil {
		t.Fatal(err)
	}
	opt := decode(t, c)
	want := map[string]any{
		"series.0.type":        "scatter",
		"series.0.data.0.name": "CAP Cuisine",
		// poursuite, emploi, effectif, pression; rates with one decimal
		"series.0.data.0.value":                      []any{60.0, 70.0, 230.0, 1.46},
		"series.0.data.0.symbolSize":                 14.0,
		"series.0.data.1.value":                      []any{30.0, 55.6, 12.0, nil},
		"series.0.data.1.symbolSize":                 6.0,
		"series.0.data.2.symbolSize":                 22.0,
		"series.0.data.3.value":                      []any{10.0, 10.0, nil, 2.0},
		"series.0.data.3.symbolSize":                 6.0,
		"series.0.data.4.symbolSize":                 18.0,
		"series.0.markLine.data.0.xAxis":             45.2,
		"series.0.markLine.data.1.yAxis":             50.1,
		"series.0.markArea.data.0.0.name":            "Q1 – 2 formations",
		"series.0.markArea.data.0.0.coord":           []any{45.2, 50.1},
		"series.0.markArea.data.0.1.coord":           []any{100.0, 100.0},
		"series.0.markArea.data.0.0.itemStyle.color": "#18753c",
		"series.0.markArea.data.1.0.name":            "Q2 – 1 formation",
		"series.0.markArea.data.1.0.itemStyle.color": "#666666",
		"series.0.markArea.data.2.0.name":            "Q3 – 1 formation",
		"series.0.markArea.data.2.0.itemStyle.color": "#666666",
		"series.0.markArea.data.3.0.name":            "Q4 – 1 formation",
		"series.0.markArea.data.3.0.coord":           []any{0.0, 0.0},
		"series.0.markArea.data.3.1.coord":           []any{45.2, 50.1},
		"series.0.markArea.data.3.0.itemStyle.color": "#e1000f",
		"xAxis.0.min":                                0.0, "xAxis.0.max": 100.0, "xAxis.0.name": "Taux de poursuite d'études",
		"yAxis.0.min": 0.0, "yAxis.0.max": 100.0, "yAxis.0.name": "Taux d'emploi à 6 mois",
		"tooltip.trigger":    "item",
		"orion.kind":         "quadrant",
		"orion.dims.0.id":    "poursuite",
		"orion.dims.0.label": "Taux de poursuite d'études",
		"orion.dims.0.unit":  "percent",
		"orion.dims.2.id":    "effectif",
		"orion.dims.2.unit":  "count",
		"orion.dims.3.label": "Taux de pression",
		"orion.dims.3.unit":  "ratio",
		"orion.filter":       "effectif",
		"orion.quadrants":    []any{"Q1", "Q2", "Q3", "Q4", "Q1"},
		// one href per drawn point, "" when the formation has no page
		"orion.hrefs": []any{"/formations/50022135/", "/formations/40031213/", "", "", ""},
		// the horizontal mean's value inside the plot, never cut off
		"series.0.markLine.data.0.label.position": "end",
		"series.0.markLine.data.1.label.position": "insideEndTop",
		"series.0.markLine.data.1.name":           "Moyenne – Taux d'emploi à 6 mois",
		"orion.missing.1.3":                       "donnée non disponible",
		"orion.missing.3.2":                       "donnée non disponible",
		"aria.enabled":                            true,
		"animation":                               false,
	}
	for path, w := range want {
		if got := at(t, opt, path); !cmp.Equal(got, w) {
			t.Errorf("option %s = %#v, want %#v", path, got, w)
		}
	}
	if got := len(at(t, opt, "series.0.data").([]any)); got != 5 {
		t.Errorf("%d points drawn, want 5 (the one without a taux d'emploi is left out)", got)
	}

	p := "\u202f%"
	wantTwin := [][]string{
		{"Formation", "Effectif", "Taux de poursuite d'études", "Taux d'emploi à 6 mois", "Taux de pression", "Quadrant"},
		{"CAP Cuisine→/formations/50022135/", "230", "60,0" + p, "70,0" + p, "1,46", "Q1"},
		{"Bac pro Commerce→/formations/40031213/", "12", "30,0" + p, "55,6" + p, "[donnée non disponible]", "Q2"},
		{"BTS MCO", "1\u202f200", "80,0" + p, "20,0" + p, "0,80", "Q3"},
		{"CAP Vente", "[donnée non disponible]", "10,0" + p, "10,0" + p, "2,00", "Q4"},
		{"CAP Fleuriste", "700", "50,0" + p, "80,0" + p, "3,00", "Q1"},
		{"Bac pro Bois", "15", "20,0" + p, "[secret statistique]", "1,00", "Hors quadrant : secret statistique"},
	}
	if diff := cmp.Diff(wantTwin, cells(c.Table)); diff != "" {
		t.Errorf("twin (-want +got):\n%s", diff)
	}
	wantCaption := "Formations du lycée (2022+2023). Moyennes de référence : taux de poursuite d'études 45,2 %, taux d'emploi à 6 mois 50,1 %."
	if got := strings.ReplaceAll(c.Caption, nnbsp, " "); got != wantCaption {
		t.Errorf("caption\n got %q\nwant %q", got, wantCaption)
	}
	wantSummary := "Quadrant des formations : 6 formations ; moyennes de référence : taux de poursuite d'études 45,2 %, taux d'emploi à 6 mois 50,1 % ; 2 en Q1, 1 en Q2, 1 en Q3 et 1 en Q4 ; 1 hors quadrant."
	if got := strings.ReplaceAll(c.Summary, nnbsp, " "); got != wantSummary {
		t.Errorf("summary\n got %q\nwant %q", got, wantSummary)
	}
}

// Without both means there are no quadrants: points only, no lines, no areas.
func TestQuadrantWithoutMeans(t *testing.T) {
	q := sampleQuadrant()
	q.MeanY = Absent(indicator.Secret)
	for i := range q.Points {
		q.Points[i].Quadrant = "Hors quadrant"
	}
	c, err := q.Build()
	if err != nil {
		t.Fatal(err)
	}
	s := decode(t, c)["series"].([]any)[0].(map[string]any)
	if _, ok := s["markLine"]; ok {
		t.Error("mean lines drawn without both means")
	}
	if _, ok := s["markArea"]; ok {
		t.Error("quadrant areas drawn without both means")
	}
	if !strings.Contains(c.Summary, "taux d'emploi à 6 mois secret statistique") || !strings.Contains(c.Summary, "6 hors quadrant") {
		t.Errorf("summary %q does not say why", c.Summary)
	}
}

// The dimensions are data: another label and unit reach the axis, the
// twin, the summary and the page script.
func TestQuadrantDims(t *testing.T) {
	q := sampleQuadrant()
	q.Dims = []Dim{
		{ID: "poursuite", Label: "Poursuite", Unit: Percent},
		{ID: "emploi", Label: "Emploi à 12 mois", Unit: Percent},
		{ID: "eleves", Label: "Élèves", Unit: Count},
		{ID: "attractivite", Label: "Attractivité", Unit: Percent},
	}
	c, err := q.Build()
	if err != nil {
		t.Fatal(err)
	}
	opt := decode(t, c)
	for path, w := range map[string]any{
		"yAxis.0.name":          "Emploi à 12 mois",
		"orion.dims.3.label":    "Attractivité",
		"orion.dims.3.unit":     "percent",
		"orion.filter":          "eleves",
		"series.0.data.0.value": []any{60.0, 70.0, 230.0, 1.5}, // the extra value rounded as a percent
	} {
		if got := at(t, opt, path); !cmp.Equal(got, w) {
			t.Errorf("option %s = %#v, want %#v", path, got, w)
		}
	}
	if got := cells(c.Table)[0]; !cmp.Equal(got, []string{"Formation", "Élèves", "Poursuite", "Emploi à 12 mois", "Attractivité", "Quadrant"}) {
		t.Errorf("twin header %q", got)
	}
	if !strings.Contains(c.Summary, "emploi à 12 mois 50,1") {
		t.Errorf("summary %q does not use the labels", c.Summary)
	}
	for _, bad := range [][]Dim{q.Dims[:3], {q.Dims[0], q.Dims[1], {ID: "x", Label: "X", Unit: Percent}, q.Dims[3]}, {q.Dims[0], q.Dims[1], q.Dims[2], {ID: "a b", Label: "X"}}} {
		q.Dims = bad
		if _, err := q.Build(); err == nil {
			t.Errorf("dims %v accepted", bad)
		}
	}
}

func TestQuadrantEmpty(t *testing.T) {
	c, err := Quadrant{ID: "q", Title: "Quadrant", MeanX: k(1), MeanY: k(2)}.Build()
	if err != nil {
		t.Fatal(err)
	}
	if c.Summary != "Quadrant : aucune formation." {
		t.Errorf("summary %q", c.Summary)
	}
	if got := at(t, decode(t, c), "series.0.data"); !cmp.Equal(got, []any{}) {
		t.Errorf("data %#v, want []", got)
	}
}

func TestPointSize(t *testing.T) {
	tests := []struct {
		effectif *int64
		want     int
	}{
		{nil, 6}, {n(0), 6}, {n(50), 6}, {n(51), 10}, {n(199), 10}, {n(200), 14},
		{n(499), 14}, {n(500), 18}, {n(999), 18}, {n(1000), 22}, {n(25000), 22},
	}
	for _, tt := range tests {
		if got := size(tt.effectif); got != tt.want {
			e := "nil"
			if tt.effectif != nil {
				e = strconv.FormatInt(*tt.effectif, 10)
			}
			t.Errorf("size(%s) = %d, want %d", e, got, tt.want)
		}
	}
}
