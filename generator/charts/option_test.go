package charts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/orion-static/orion/generator/indicator"
	"html/template"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// samples are one chart of each kind, with missing values.
func samples() map[string]builder {
	return map[string]builder{
		"bars": Bars{ID: "ij_emploi", Title: "Taux d'emploi", XLabel: "Millésime", Unit: Percent,
			Categories: []string{"2020+2021", "2021+2022", "2022+2023"},
			Series: []Series{
				{Name: "Bretagne", Values: []Value{k(38.14), k(40.05), k(43.26)}},
				{Name: "France", Values: []Value{k(41), Absent(indicator.Secret), k(44.04)}},
			}},
		"lines": Lines{ID: "pression", Title: "Taux de pression", XLabel: "Rentrée", Unit: Ratio,
			Categories: []string{"2021", "2022", "2023", "2024"},
			Series: []Series{
				{Name: "Établissement", Values: []Value{k(1.254), k(1.3), {}, k(0.999)}},
				{Name: "Département", Values: []Value{k(1.1), k(1.12), k(1.13), k(1.2)}},
				{Name: "Région", Values: []Value{k(1), k(1.05), k(1.07), k(1.08)}},
				{Name: "France", Values: []Value{k(0.95), k(0.97), k(1.01), k(1.03)}},
			}},
		"hbars": HBars{ID: "effectifs_annee", Title: "Élèves", Unit: Count,
			Categories: []string{"Année 1", "Année 2", "Année 3"},
			Series:     []Series{{Name: "Élèves", Values: []Value{k(1234), k(98.4), {}}}}},
		"quadrant": sampleQuadrant(),
	}
}

func names(m map[string]builder) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// The same input gives the same bytes: nothing random, no map order.
func TestOptionIsDeterministic(t *testing.T) {
	for _, name := range names(samples()) {
		t.Run(name, func(t *testing.T) {
			var first []byte
			for i := 0; i < 20; i++ {
				c, err := samples()[name].Build()
				if err != nil {
					t.Fatal(err)
				}
				b, err := json.Marshal(c.Option)
				if err != nil {
					t.Fatal(err)
				}
				var page bytes.Buffer
				if err := island.Execute(&page, c.Option); err != nil {
					t.Fatal(err)
				}
				b = append(b, page.Bytes()...)
				if i == 0 {
					first = b
					continue
				}
				if !bytes.Equal(first, b) {
					t.Fatalf("build %d differs from the first:\n%s\n%s", i, first, b)
				}
			}
		})
	}
}

// island is how the page embeds an option.
var island = template.Must(template.New("x").Parse(`<script type="application/json" id="x">{{.}}</script>`))

// A label from the data cannot close the island and run a script, and the
// browser's JSON.parse gives it back unchanged.
func TestHostileLabelsAreEscaped(t *testing.T) {
	const evil = `</script><script>alert(1)</script>`
	tests := []struct {
		name  string
		in    builder
		paths []string
	}{
		{"category and series name", Bars{ID: "b", Categories: []string{evil, "ok"},
			Series: []Series{{Name: evil, Values: []Value{k(1), Absent(indicator.Secret)}}}},
			[]string{"xAxis.0.data.0", "series.0.name"}},
		{"hbars category", HBars{ID: "h", Categories: []string{evil},
			Series: []Series{{Name: "s", Values: []Value{k(1)}}}},
			[]string{"yAxis.0.data.0"}},
		{"line series name", Lines{ID: "l", Categories: []string{"2023"},
			Series: []Series{{Name: evil, Values: []Value{k(1)}}}},
			[]string{"series.0.name"}},
		{"point label", Quadrant{ID: "q", Title: evil, MeanX: k(1), MeanY: k(1),
			Points: []Point{{Label: evil, X: k(1), Y: k(2), Pression: Absent(indicator.Secret)}}},
			[]string{"series.0.data.0.name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.in.Build()
			if err != nil {
				t.Fatal(err)
			}
			var page bytes.Buffer
			if err := island.Execute(&page, c.Option); err != nil {
				t.Fatal(err)
			}
			out := page.String()
			body := strings.TrimSuffix(strings.TrimPrefix(out, `<script type="application/json" id="x">`), `</script>`)
			if strings.Contains(strings.ToLower(body), "</script") || strings.Contains(strings.ToLower(body), "<script") {
				t.Fatalf("the island holds a literal script tag:\n%s", out)
			}
			if strings.Count(out, "</script>") != 1 {
				t.Fatalf("the island is closed more than once:\n%s", out)
			}
			var back map[string]any
			if err := json.Unmarshal([]byte(body), &back); err != nil {
				t.Fatalf("island is not JSON: %v\n%s", err, body)
			}
			for _, p := range tt.paths {
				if got := at(t, back, p); got != evil {
					t.Errorf("%s = %q, want the label back", p, got)
				}
			}
			if got := at(t, back, "aria.label.description"); got != c.Summary {
				t.Errorf("summary changed through the island: %q", got)
			}
		})
	}
}

// The option holds data only: a JS function would arrive as a string.
func TestOptionHoldsNoFunction(t *testing.T) {
	for _, name := range names(samples()) {
		c, err := samples()[name].Build()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(c.Option)
		if s := string(b); strings.Contains(s, "function") || strings.Contains(s, "=>") {
			t.Errorf("%s: option holds code: %s", name, s)
		}
	}
}

var frenchNumber = regexp.MustCompile(`−?\d{1,3}(?:\x{202f}\d{3})*(?:,\d+)?`)

// french reads the numbers of a twin text: "1 234", "43,6 %", "1,25".
func french(s string) []float64 {
	var out []float64
	for _, m := range frenchNumber.FindAllString(s, -1) {
		m = strings.NewReplacer("\u202f", "", ",", ".", "−", "-").Replace(m)
		if f, err := strconv.ParseFloat(m, 64); err == nil {
			out = append(out, f)
		}
	}
	return out
}

// numbers walks the option's series data (and mark lines) for numbers.
func numbers(v any, in string, out *[]float64) {
	switch x := v.(type) {
	case float64:
		*out = append(*out, x)
	case []any:
		for _, e := range x {
			numbers(e, in, out)
		}
	case map[string]any:
		for key, e := range x {
			switch key {
			case "value", "xAxis", "yAxis":
				numbers(e, in, out)
			case "data":
				if in == "series" || in == "markLine" {
					numbers(e, in, out)
				}
			case "markLine":
				numbers(e, "markLine", out)
			}
		}
	}
}

func key(f float64) string { return fmt.Sprintf("%.2f", math.Round(f*100)/100) }

// Every number drawn is in the twin, printed the French way; for the
// category charts every number of the twin is also drawn.
func TestTwinHoldsTheOptionNumbers(t *testing.T) {
	for _, name := range names(samples()) {
		t.Run(name, func(t *testing.T) {
			c, err := samples()[name].Build()
			if err != nil {
				t.Fatal(err)
			}
			var drawn []float64
			for _, s := range decode(t, c)["series"].([]any) {
				numbers(s.(map[string]any)["data"], "series", &drawn)
				numbers(s.(map[string]any)["markLine"], "markLine", &drawn)
			}
			if len(drawn) == 0 {
				t.Fatal("no number found in the option")
			}
			twin := map[string]bool{}
			var cellNums []float64
			for _, row := range c.Table.Rows {
				for _, cell := range row[1:] {
					if cell.Num && !cell.Absent {
						cellNums = append(cellNums, french(cell.Text)...)
					}
				}
			}
			for _, f := range append(cellNums, french(c.Caption)...) {
				twin[key(f)] = true
			}
			for _, f := range drawn {
				if !twin[key(f)] {
					t.Errorf("option number %v is not in the twin %v", f, twin)
				}
			}
			if name == "quadrant" {
				return // the twin also lists the points that are not drawn
			}
			opt := map[string]bool{}
			for _, f := range drawn {
				opt[key(f)] = true
			}
			for _, f := range cellNums {
				if !opt[key(f)] {
					t.Errorf("twin number %v is not drawn", f)
				}
			}
		})
	}
}
