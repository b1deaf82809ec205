package charts

import (
	"os"
	"strings"
	"testing"
)

// The site ships an ECharts bundled with only what these options use
// (assets/npm/echarts.entry.js): a chart type or component missing there
// is silently not drawn. Every kind of chart is built here and what its
// option asks for must be imported by the entry.
func TestBundleCoversOptions(t *testing.T) {
	b, err := os.ReadFile("../../assets/npm/echarts.entry.js")
	if err != nil {
		t.Fatal(err)
	}
	entry := string(b)
	cats := []string{"a", "b", "c", "d", "e"}
	two := []Series{{Name: "A", Values: []Value{k(1), k(2), k(3), k(4), k(5)}}, {Name: "B", Values: []Value{k(1), {}, k(3), k(4), k(5)}}}
	for _, c := range []builder{
		Bars{ID: "b", Categories: cats, Series: two},
		Lines{ID: "l", Categories: cats, Series: two},
		HBars{ID: "h", Categories: cats, Series: two},
		sampleQuadrant(),
	} {
		chart, err := c.Build()
		if err != nil {
			t.Fatal(err)
		}
		opt := decode(t, chart)
		need := map[string]string{}
		for _, s := range opt["series"].([]any) {
			s := s.(map[string]any)
			switch s["type"] {
			case "bar":
				need["BarChart"] = "series type bar"
			case "line":
				need["LineChart"] = "series type line"
			case "scatter":
				need["ScatterChart"] = "series type scatter"
			default:
				t.Errorf("series type %v: add its chart to the bundle and to this test", s["type"])
			}
			if _, ok := s["markLine"]; ok {
				need["MarkLineComponent"] = "markLine"
			}
			if _, ok := s["markArea"]; ok {
				need["MarkAreaComponent"] = "markArea"
			}
		}
		for key, comp := range map[string]string{"xAxis": "Grid", "legend": "Legend", "tooltip": "TooltipComponent", "aria": "AriaComponent"} {
			if _, ok := opt[key]; ok {
				need[comp] = key
			}
		}
		for _, key := range []string{"dataZoom", "visualMap", "dataset", "toolbox", "polar", "geo", "radar", "timeline", "brush"} {
			if v, ok := opt[key]; ok && v != nil {
				if m, isMap := v.(map[string]any); !isMap || len(m) > 0 {
					t.Errorf("chart %s uses %s, which the bundle lacks", chart.ID, key)
				}
			}
		}
		for comp, why := range need {
			if !strings.Contains(entry, comp) {
				t.Errorf("chart %s needs %s (%s), not imported by echarts.entry.js", chart.ID, comp, why)
			}
		}
	}
}
