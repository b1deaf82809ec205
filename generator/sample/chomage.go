package sample

import (
	"math"
	"strconv"
	"strings"
)

// chomage writes fictional INSEE unemployment rates: the sample ships no
// real statistical file, so the rates are invented like the rest (a stable
// level per territory, a slow drift over the years), in the real layouts
// (3-character département codes, decimal comma, Mayotte absent).
func (g *gen) chomage() {
	dep := g.sheet(pathChomageDep)
	for y := 2023; y >= 2019; y-- {
		for _, d := range g.seed.deps {
			if d.code3 == "976" {
				continue
			}
			rate := 5 + 8*unit(g.r.Uint64()) + 0.4*float64(2023-y)
			dep.add("codeDepartement", d.code3, "libelleDepartement", strings.ToUpper(d.nom),
				"rentreeScolaire", strconv.Itoa(y), "tauxChomage", comma(rate))
		}
	}
	reg := g.sheet(pathChomageReg)
	for y := 2023; y >= 2020; y-- {
		for _, r := range g.seed.regions {
			if r == "06" {
				continue
			}
			rate := 6 + 6*unit(g.r.Uint64()) + 0.3*float64(2023-y)
			reg.add("codeRegion", r, "rentreeScolaire", strconv.Itoa(y), "tauxChomage", comma(rate))
		}
	}
}

func unit(u uint64) float64 { return float64(u>>11) / (1 << 53) }

// comma prints one decimal with a decimal comma, dropping ",0" as INSEE does.
func comma(x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1)
}
