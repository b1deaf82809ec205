// Package twincheck checks, for the tests, that a chart draws only numbers
// its table twin shows: the numbers of the ECharts option's series against
// the French numbers of the twin's cells (narrow no-break space thousands,
// decimal comma, "−", "%"), both rounded to two decimals.
package twincheck

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
)

var numRe = regexp.MustCompile(`[−-]?[0-9][0-9\x{202f}\x{a0} ]*(,[0-9]+)?`)

// Absent returns the first number the option draws that no cell of the
// twin holds; ok is false when there is none.
func Absent(option []byte, cells []string) (x float64, ok bool, err error) {
	nums, err := OptionNumbers(option)
	if err != nil {
		return 0, false, err
	}
	twin := TwinNumbers(cells)
	for _, x := range nums {
		if !twin[key(x)] {
			return x, true, nil
		}
	}
	return 0, false, nil
}

func key(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
}

// TwinNumbers parses the French numbers of a twin's cells.
func TwinNumbers(cells []string) map[string]bool {
	out := map[string]bool{}
	clean := strings.NewReplacer("\u202f", "", "\u00a0", "", " ", "", ",", ".", "−", "-")
	for _, c := range cells {
		for _, m := range numRe.FindAllString(c, -1) {
			if x, err := strconv.ParseFloat(clean.Replace(m), 64); err == nil {
				out[key(x)] = true
			}
		}
	}
	return out
}

// OptionNumbers lists the numbers of series[].data of a chart option
// (plain values, [x, y] pairs and {value: …} items).
func OptionNumbers(raw []byte) ([]float64, error) {
	var o struct {
		Series []struct {
			Data []any `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, err
	}
	var out []float64
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case float64:
			out = append(out, x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			if val, ok := x["value"]; ok {
				walk(val)
			}
		}
	}
	for _, s := range o.Series {
		for _, d := range s.Data {
			walk(d)
		}
	}
	return out, nil
}
