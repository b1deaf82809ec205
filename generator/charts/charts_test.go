package charts

import (
	"encoding/json"
	"github.com/orion-static/orion/generator/indicator"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orion-static/orion/generator/table"
)

const nnbsp = "\u202f"

func k(x float64) Value { return Known(x) }
func n(x int64) *int64  { return &x }

type builder interface{ Build() (Chart, error) }

// decode is the option as the browser gets it: marshalled, then parsed.
func decode(t *testing.T, c Chart) map[string]any {
	t.Helper()
	b, err := json.Marshal(c.Option)
	if err != nil {
		t.Fatalf("marshal option: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("unmarshal option: %v", err)
	}
	return m
}

// at follows a dotted path of keys and indexes ("series.0.data.1.value").
func at(t *testing.T, v any, path string) any {
	t.Helper()
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[p]; !ok {
				t.Fatalf("%s: no key %q", path, p)
			}
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i >= len(x) {
				t.Fatalf("%s: no index %q in %d items", path, p, len(x))
			}
			v = x[i]
		default:
			t.Fatalf("%s: %q of a %T", path, p, v)
		}
	}
	return v
}

// cells shows a twin as strings: the header row, then each row, a missing
// value as [reason] and a link as text→href.
func cells(h table.HTML) [][]string {
	var head []string
	for _, c := range h.Columns {
		head = append(head, c.Label)
	}
	out := [][]string{head}
	for _, r := range h.Rows {
		var row []string
		for _, c := range r {
			switch {
			case c.Absent:
				row = append(row, "["+c.Statut.String()+"]")
			case c.Href != "":
				row = append(row, c.Text+"→"+c.Href)
			default:
				row = append(row, c.Text)
			}
		}
		out = append(out, row)
	}
	return out
}

func TestCategoryCharts(t *testing.T) {
	tests := []struct {
		name    string
		in      builder
		options map[string]any // path → value in the decoded option
		twin    [][]string
		summary string
	}{
		{
			name: "bars: région against France by millésime",
			in: Bars{ID: "ij_emploi", Title: "Taux d'emploi à 6 mois", XLabel: "Millésime", Unit: Percent,
				Categories: []string{"2021+2022", "2022+2023"},
				Series: []Series{
					{Name: "Bretagne", Values: []Value{k(43.64), k(44.1)}},
					{Name: "France", Values: []Value{k(45), Absent(indicator.Secret)}},
				}},
			options: map[string]any{
				"series.0.type":         "bar",
				"series.0.name":         "Bretagne",
				"series.0.data.0.value": 43.6,
				"series.0.data.1.value": 44.1,
				"series.1.data.0.value": 45.0,
				"series.1.data.1.value": "-",
				"xAxis.0.type":          "category",
				"xAxis.0.name":          "Millésime",
				"xAxis.0.data.1":        "2022+2023",
				"yAxis.0.min":           0.0,
				"aria.enabled":          true,
				"aria.decal.show":       true,
				"animation":             false,
				"title.show":            false,
				"legend.show":           true,
				"tooltip.trigger":       "axis",
				"color.0":               "#000091",
				"orion.kind":            "bars",
				"orion.unit":            "percent",
				"orion.missing.1.1":     "secret statistique",
				"orion.missing.0.0":     "",
			},
			twin: [][]string{
				{"Millésime", "Bretagne", "France"},
				{"2021+2022", "43,6" + nnbsp + "%", "45,0" + nnbsp + "%"},
				{"2022+2023", "44,1" + nnbsp + "%", "[secret statistique]"},
			},
			summary: "Taux d'emploi à 6 mois : 2021+2022, Bretagne 43,6 % et France 45,0 % ; 2022+2023, Bretagne 44,1 % et France : secret statistique.",
		},
		{
			name: "lines: rentrées, a missing first value",
			in: Lines{ID: "pression", Title: "Taux de pression", XLabel: "Rentrée", Unit: Ratio,
				Categories: []string{"2021", "2022", "2023"},
				Series: []Series{
					{Name: "Établissement", Values: []Value{k(1.254), k(1.3), k(0.9)}},
					{Name: "Région", Values: []Value{{}, k(1.1), k(1.12)}},
					{Name: "France", Values: []Value{{}, {}, {}}},
				}},
			options: map[string]any{
				"series.0.type":           "line",
				"series.0.data.0.value":   1.25,
				"series.1.data.0.value":   "-",
				"series.1.lineStyle.type": "dashed",
				"series.1.symbol":         "rect",
				"series.2.data.2.value":   "-",
				"xAxis.0.data.0":          "2021",
				"orion.kind":              "lines",
				"orion.unit":              "ratio",
				"orion.missing.1.0":       "donnée non disponible",
			},
			twin: [][]string{
				{"Rentrée", "Établissement", "Région", "France"},
				{"2021", "1,25", "[donnée non disponible]", "[donnée non disponible]"},
				{"2022", "1,30", "1,10", "[donnée non disponible]"},
				{"2023", "0,90", "1,12", "[donnée non disponible]"},
			},
			summary: "Taux de pression, de 2021 à 2023 : Établissement de 1,25 en 2021 à 0,90 en 2023 (minimum), maximum 1,30 en 2022 ; Région de 1,10 en 2022 (minimum) à 1,12 en 2023 (maximum) ; France : donnée non disponible.",
		},
		{
			name: "hbars: counts by year of study",
			in: HBars{ID: "effectifs_annee", Title: "Élèves par année", Unit: Count, YLabel: "Année",
				Categories: []string{"Année 1", "Année 2", "Année 3"},
				Series:     []Series{{Name: "Élèves", Values: []Value{k(1234), k(98), Absent(indicator.NonDisponible)}}}},
			options: map[string]any{
				"series.0.type":         "bar",
				"series.0.data.0.value": 1234.0,
				"series.0.data.2.value": "-",
				"yAxis.0.type":          "category",
				"yAxis.0.inverse":       true,
				"yAxis.0.data.0":        "Année 1",
				"xAxis.0.type":          "value",
				"legend.show":           false,
				"aria.decal.show":       true,
				"orion.kind":            "hbars",
				"orion.unit":            "count",
			},
			twin: [][]string{
				{"Année", "Élèves"},
				{"Année 1", "1" + nnbsp + "234"},
				{"Année 2", "98"},
				{"Année 3", "[donnée non disponible]"},
			},
			summary: "Élèves par année : Année 1, Élèves 1 234 ; Année 2, Élèves 98 ; Année 3, Élèves : donnée non disponible.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.in.Build()
			if err != nil {
				t.Fatal(err)
			}
			opt := decode(t, c)
			for path, want := range tt.options {
				if got := at(t, opt, path); !cmp.Equal(got, want) {
					t.Errorf("option %s = %#v, want %#v", path, got, want)
				}
			}
			if diff := cmp.Diff(tt.twin, cells(c.Table)); diff != "" {
				t.Errorf("twin (-want +got):\n%s", diff)
			}
			if got := strings.ReplaceAll(c.Summary, nnbsp, " "); got != tt.summary {
				t.Errorf("summary\n got %q\nwant %q", got, tt.summary)
			}
			if got := at(t, opt, "aria.label.description"); got != c.Summary {
				t.Errorf("aria description %q, want the summary %q", got, c.Summary)
			}
		})
	}
}

// Twin cells are numeric and print the French number the page script
// parses to sort.
func TestTwinCellsCarrySortValues(t *testing.T) {
	c, err := Bars{ID: "b", Unit: Percent, Categories: []string{"a"},
		Series: []Series{{Name: "s", Values: []Value{k(43.64)}}}}.Build()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Table.Rows[0][1].Text; got != "43,6\u202f%" {
		t.Errorf("twin cell %q, want 43,6 %%", got)
	}
	if !c.Table.Columns[1].Num || !c.Table.Rows[0][1].Num {
		t.Error("series column not numeric")
	}
}

func TestBuildRejectsBadInput(t *testing.T) {
	cats := []string{"2022", "2023"}
	two := []Series{{Name: "s", Values: []Value{k(1), k(2)}}}
	tests := []struct {
		name string
		in   builder
		want string
	}{
		{"empty id", Bars{Categories: cats, Series: two}, `chart id ""`},
		{"dash in id", Lines{ID: "ij-emploi", Categories: cats, Series: two}, `chart id "ij-emploi"`},
		{"markup in id", HBars{ID: "a</script>", Categories: cats, Series: two}, "letters, digits and _ only"},
		{"quadrant id", Quadrant{ID: "q 1"}, `chart id "q 1"`},
		{"values do not match categories", Bars{ID: "b", Categories: cats, Series: []Series{{Name: "France", Values: []Value{k(1)}}}},
			`chart b: series "France" has 1 values for 2 categories`},
		{"no series", Lines{ID: "l", Categories: cats}, "chart l: no series"},
		{"unknown unit", Bars{ID: "b", Unit: 7, Categories: cats, Series: two}, "chart b: unknown unit 7"},
		{"NaN", Lines{ID: "l", Categories: cats, Series: []Series{{Name: "s", Values: []Value{k(1), Known(nan())}}}},
			`chart l: series "s", 2023: value NaN is not a number`},
		{"NaN in a point", Quadrant{ID: "q", Points: []Point{{Label: "CAP", X: Known(nan())}}}, `chart q: point "CAP"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.in.Build()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func nan() float64 { var z float64; return z / z }

func TestSummaryShapes(t *testing.T) {
	cats := []string{"2019", "2020", "2021", "2022", "2023"}
	tests := []struct {
		name string
		in   builder
		want string
	}{
		{"many bar categories give a range",
			Bars{ID: "b", Title: "Taux", Categories: cats, Series: []Series{{Name: "Bretagne", Values: []Value{k(38.1), k(39), k(40), k(41), k(43.2)}}}},
			"Taux, de 2019 à 2023 : Bretagne de 38,1 % en 2019 (minimum) à 43,2 % en 2023 (maximum)."},
		// The summary said "Places ouvertes de 0 à 9" (first and last
		// régions) when the maximum was 81.
		{"unordered categories give the real minimum and maximum, and where",
			HBars{ID: "h", Title: "Places par région", Unit: Count, Categories: []string{"Auvergne", "Bretagne", "Corse", "Normandie", "Occitanie"},
				Series: []Series{
					{Name: "Places ouvertes", Values: []Value{k(0), k(81), k(3), k(12), k(9)}},
					{Name: "Places fermées", Values: []Value{k(5), k(0), k(0), {}, k(5)}},
				}},
			"Places par région, 5 catégories : Places ouvertes, minimum 0 (Auvergne), maximum 81 (Bretagne) ; Places fermées, minimum 0 (Bretagne et Corse), maximum 5 (Auvergne et Occitanie)."},
		{"an extreme inside the range is said, ties past three counted",
			Lines{ID: "l", Title: "Taux", Unit: Count, Categories: []string{"1", "2", "3", "4", "5", "6", "7"},
				Series: []Series{{Name: "A", Values: []Value{k(5), k(9), k(1), k(1), k(1), k(1), k(1)}}}},
			"Taux, de 1 à 7 : A de 5 en 1 à 1 en 7, minimum 1 en 3, 4, 5 et 2 autres, maximum 9 en 2."},
		{"equal values",
			HBars{ID: "h", Title: "Objectif", Unit: Percent, Categories: []string{"a", "b", "c", "d", "e"},
				Series: []Series{{Name: "Objectif", Values: []Value{k(6), k(6), k(6), k(6), k(6)}}}},
			"Objectif, 5 catégories : Objectif : 6,0 % partout."},
		{"one known value",
			Lines{ID: "l", Title: "Taux", Categories: cats, Series: []Series{{Name: "Lycée", Values: []Value{{}, {}, k(12), {}, {}}}}},
			"Taux, de 2019 à 2023 : Lycée 12,0 % en 2021."},
		{"known values inside the range are dated",
			Lines{ID: "l", Categories: cats, Series: []Series{{Name: "Lycée", Values: []Value{{}, k(10), k(12), k(14), {}}}}},
			"De 2019 à 2023 : Lycée de 10,0 % en 2020 (minimum) à 14,0 % en 2022 (maximum)."},
		{"one category",
			Lines{ID: "l", Title: "Taux", Categories: []string{"2023"}, Series: []Series{{Name: "A", Values: []Value{k(1)}}}},
			"Taux, en 2023 : A 1,0 %."},
		{"no category",
			Lines{ID: "l", Title: "Taux", Series: []Series{{Name: "A"}}},
			"Taux : aucune donnée."},
		{"series list in French",
			Bars{ID: "b", Title: "T", Unit: Count, Categories: []string{"x"}, Series: []Series{{"A", []Value{k(1)}}, {"B", []Value{k(2)}}, {"C", []Value{k(3)}}}},
			"T : x, A 1, B 2 et C 3."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.in.Build()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.ReplaceAll(c.Summary, nnbsp, " "); got != tt.want {
				t.Errorf("summary\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
