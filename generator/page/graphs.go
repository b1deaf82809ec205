package page

import (
	"fmt"
	"sort"
	"strings"

	"github.com/orion-static/orion/generator/charts"
	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
)

// chart converts a built chart, recording the first error.
func (b *builder) chart(title string, c charts.Chart, err error) *Chart {
	if err != nil {
		if b.err == nil {
			b.err = fmt.Errorf("chart %s: %w", title, err)
		}
		return nil
	}
	return &Chart{ID: c.ID, Title: title, Summary: c.Summary, Option: c.Option, Caption: c.Caption, Twin: c.Table}
}

func nonNilCharts(cs ...*Chart) []*Chart {
	var out []*Chart
	for _, c := range cs {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}

// chartValue is a declared figure as a chart value, in its unit (43.6 for
// 43,6 %), or the wording of its status.
func chartValue(v indicator.Value) charts.Value {
	if v.Ok() {
		return charts.Known(v.Float())
	}
	return charts.Absent(v.Statut)
}

// dim is a declared figure as a chart dimension: its column, label and unit.
func dim(d *indicator.Def) charts.Dim {
	u := charts.Count
	switch d.Unit {
	case indicator.Percent, indicator.PercentEntier:
		u = charts.Percent
	case indicator.Ratio:
		u = charts.Ratio
	}
	return charts.Dim{ID: d.ID, Label: d.Label, Unit: u}
}

// quadrantDims are the quadrant's dimensions, from the declarations: the
// taux de demande stands in for the taux de pression of a BTS.
func quadrantDims(bts bool) []charts.Dim {
	extra := indicator.TauxPression
	if bts {
		extra = indicator.TauxDemande
	}
	return []charts.Dim{dim(indicator.TauxPoursuite), dim(indicator.TauxEmploi6), dim(indicator.EffectifEntree), dim(extra)}
}

// evolutions indexes the figures of every year by scale and code.
type evolutions struct {
	millesimes []string
	sortie     map[string]map[string]indicator.Set // "echelle|code" → millésime
	rentrees   []int64
	entree     map[string]map[int64]indicator.Set // "echelle|code" → rentrée
}

func newEvolutions(d query.Evolution) *evolutions {
	e := &evolutions{sortie: map[string]map[string]indicator.Set{}, entree: map[string]map[int64]indicator.Set{}}
	seen := map[string]bool{}
	for _, r := range d.Sortie {
		k := r.Echelle + "|" + r.Code
		if e.sortie[k] == nil {
			e.sortie[k] = map[string]indicator.Set{}
		}
		e.sortie[k][r.Millesime] = r.V
		if !seen[r.Millesime] {
			seen[r.Millesime] = true
			e.millesimes = append(e.millesimes, r.Millesime)
		}
	}
	sort.Strings(e.millesimes)
	seenR := map[int64]bool{}
	for _, r := range d.Entree {
		k := r.Echelle + "|" + r.Code
		if e.entree[k] == nil {
			e.entree[k] = map[int64]indicator.Set{}
		}
		e.entree[k][r.Rentree] = r.V
		if !seenR[r.Rentree] {
			seenR[r.Rentree] = true
			e.rentrees = append(e.rentrees, r.Rentree)
		}
	}
	sort.Slice(e.rentrees, func(i, j int) bool { return e.rentrees[i] < e.rentrees[j] })
	return e
}

// ijCharts are the two grouped-bar charts of InserJeunes rates over the
// millésimes: the scope (a région, a formation, a domaine) against France.
// With echelle "" only the national series is drawn.
func (b *builder) ijCharts(echelle, code, name, note string) []*Chart {
	ev := b.ev
	if len(ev.millesimes) == 0 {
		return nil
	}
	var cats []string
	for _, m := range ev.millesimes {
		cats = append(cats, strings.Replace(m, "_", "+", 1))
	}
	build := func(id string, d *indicator.Def) *Chart {
		title := d.Label + ", par millésime"
		var series []charts.Series
		keys := []struct{ name, key string }{}
		if echelle != "" {
			keys = append(keys, struct{ name, key string }{name, echelle + "|" + code})
		}
		france := "France"
		if echelle == "formation" || echelle == "domaine" {
			france = "Toutes formations, France"
		}
		keys = append(keys, struct{ name, key string }{france, "|"})
		for _, k := range keys {
			s := charts.Series{Name: k.name}
			for _, m := range ev.millesimes {
				s.Values = append(s.Values, chartValue(ev.sortie[k.key][m].Get(d)))
			}
			series = append(series, s)
		}
		c, err := charts.Bars{ID: id, Title: title, Caption: title + note, XLabel: "Millésime", Unit: charts.Percent,
			Categories: cats, Series: series}.Build()
		return b.chart(title, c, err)
	}
	return nonNilCharts(build("ij_emploi", indicator.TauxEmploi6), build("ij_poursuite", indicator.TauxPoursuite))
}

// niveauViews are the niveaux of the quadrant selector, bac pro first (the
// default view, as in Orion).
var niveauViews = []struct{ code, label string }{
	{"400", "Bac pro"}, {"500", "CAP"}, {"320", "BTS"}, {"403", "Bac pro agricole"}, {"503", "CAP agricole"}, {"323", "BTSA"},
}

// quadrantViews draws the formations of a territory per niveau against the
// means of region (a région code) for that niveau.
func (b *builder) quadrantViews(prefix string, rows []query.TerritoireFormation, region string) []View {
	var out []View
	for _, nv := range niveauViews {
		var pts []charts.Point
		for _, r := range rows {
			if r.Niveau != nv.code || r.Commune() {
				continue
			}
			pts = append(pts, b.point(r.Formation, r.V, b.quadrant(region, r.Formation, r.V)))
		}
		if len(pts) == 0 {
			continue
		}
		m := b.moy[region][nv.code] // nil: no mean, the lines are not drawn
		title := "Quadrant des formations – " + nv.label
		id := prefix + "_" + nv.code
		c, err := charts.Quadrant{ID: id, Title: title, Caption: title + " (" + b.y.millesime() + ")",
			MeanX: chartValue(m.Get(indicator.TauxPoursuite)), MeanY: chartValue(m.Get(indicator.TauxEmploi6)), Points: pts,
			Dims: quadrantDims(bts(nv.code))}.Build()
		ch := b.chart(title, c, err)
		if ch == nil {
			continue
		}
		out = append(out, View{ID: "vue_" + id, Title: nv.label, Chart: ch,
			Text: []string{fmt.Sprintf("Chaque point est une formation : en abscisse son taux de poursuite d'études, en ordonnée son taux d'emploi à 6 mois (%s, voie scolaire) ; les lignes marquent la moyenne régionale du %s. La taille du point dépend de l'effectif d'entrée.", b.y.millesime(), nv.label)}})
	}
	return out
}

func (b *builder) point(f query.Formation, set indicator.Set, q indicator.Quadrant) charts.Point {
	pr := set.Get(indicator.TauxPression)
	if bts(f.Niveau) {
		pr = set.Get(indicator.TauxDemande)
	}
	var eff *int64
	if e := set.Get(indicator.EffectifEntree); e.Ok() {
		eff = &e.Scaled
	}
	return charts.Point{Label: libelleFormation(f.Libelle, f.CFD), Href: "/formations/" + f.CFD + "/",
		X: chartValue(set.Get(indicator.TauxPoursuite)), Y: chartValue(set.Get(indicator.TauxEmploi6)), Effectif: eff, Pression: chartValue(pr), Quadrant: string(q)}
}

// etablissementCharts are the school's effectifs by year of study, its
// taux de pression over the rentrées against its département, région and
// France, and the quadrant of its formations against its région's means.
func (b *builder) etablissementCharts(e query.Etablissement, offres []query.Offre) []Section {
	var secs []Section
	var vals []charts.Value
	for _, d := range []*indicator.Def{indicator.Effectif1, indicator.Effectif2, indicator.Effectif3} {
		vals = append(vals, chartValue(e.V.Get(d)))
	}
	hb, err := charts.HBars{ID: "effectifs_annee", Title: "Élèves par année de formation", Caption: "Élèves par année de formation (" + b.y.constat() + ")",
		Unit: charts.Count, Categories: []string{"Année 1", "Année 2", "Année 3"},
		Series: []charts.Series{{Name: "Élèves", Values: vals}}}.Build()
	eff := b.chart("Élèves par année de formation ("+b.y.constat()+")", hb, err)
	var cats []string
	for _, r := range b.ev.rentrees {
		cats = append(cats, fmt.Sprint(r))
	}
	line := func(id string, d *indicator.Def, unit charts.Unit) *Chart {
		title := d.Label + ", toutes formations de l'établissement"
		keys := []struct{ name, key string }{
			{"Établissement", "etablissement|" + e.UAI}, {"Département", "departement|" + e.Departement3},
			{"Région", "region|" + e.CodeRegion}, {"France", "|"},
		}
		var series []charts.Series
		any := false
		for _, k := range keys {
			s := charts.Series{Name: k.name}
			for _, r := range b.ev.rentrees {
				v := b.ev.entree[k.key][r].Get(d)
				if v.Ok() && k.name == "Établissement" {
					any = true
				}
				s.Values = append(s.Values, chartValue(v))
			}
			series = append(series, s)
		}
		if !any {
			return nil
		}
		c, err := charts.Lines{ID: id, Title: title, Caption: title, XLabel: "Rentrée", Unit: unit, Categories: cats, Series: series}.Build()
		return b.chart(title, c, err)
	}
	pression := line("pression", indicator.TauxPression, charts.Ratio)
	rempl := line("remplissage", indicator.TauxRemplissage, charts.Percent)
	secs = append(secs, Section{ID: "attractivite", Title: "Effectifs et attractivité",
		Text:   []string{"Taux de pression : premiers vœux rapportés aux places (Affelnet). Les séries du département, de la région et de la France portent sur toutes leurs formations."},
		Charts: nonNilCharts(eff, pression, rempl)})
	// The same quadrant as on the région's page: each formation against
	// the région's means for its niveau, one view per niveau.
	var rows []query.TerritoireFormation
	for _, o := range offres {
		rows = append(rows, query.TerritoireFormation{Code: o.UAI, Formation: o.Formation, V: o.V})
	}
	if views := b.quadrantViews("quadrant_etab", rows, e.CodeRegion); len(views) > 0 {
		secs = append(secs, Section{ID: "quadrant", Title: "Analyse des formations",
			Text:  []string{fmt.Sprintf("Chaque formation de l'établissement est placée selon ses taux dans la région %s (%s, voie scolaire), par rapport aux moyennes de la région pour son niveau de diplôme : la même position que dans la colonne « Quadrant » du tableau des formations.", e.RegionLibelle, b.y.millesime())},
			Views: views})
	}
	return secs
}
