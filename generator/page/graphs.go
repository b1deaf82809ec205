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

// pct is a rate as a chart value, in percent, or why it is missing.
func pct(t indicator.Taux) charts.Value {
	switch t.Statut {
	case indicator.Publie:
		return charts.Known(t.Pourcent())
	case indicator.Secret:
		return charts.Absent(fmt.Sprintf("secret statistique (moins de %d élèves)", indicator.Seuil))
	}
	return charts.Absent(t.Statut.String())
}

func ratio(t indicator.Taux) charts.Value {
	if t.Ok() {
		return charts.Known(t.Valeur)
	}
	return charts.Absent(t.Statut.String())
}

func count(v *int64) charts.Value {
	if v == nil {
		return charts.Absent(indicator.NonDisponible.String())
	}
	return charts.Known(float64(*v))
}

// evolutions indexes the InserJeunes sums by scale, code and millésime.
type evolutions struct {
	millesimes []string
	sortie     map[string]map[string]query.Sortie // "echelle|code" → millésime
	rentrees   []int64
	entree     map[string]map[int64]query.EvolutionEntree
}

func newEvolutions(d *query.Data) *evolutions {
	e := &evolutions{sortie: map[string]map[string]query.Sortie{}, entree: map[string]map[int64]query.EvolutionEntree{}}
	seen := map[string]bool{}
	for _, r := range d.EvolutionSortie {
		k := r.Echelle + "|" + r.Code
		if e.sortie[k] == nil {
			e.sortie[k] = map[string]query.Sortie{}
		}
		e.sortie[k][r.Millesime] = r.Sortie
		if !seen[r.Millesime] {
			seen[r.Millesime] = true
			e.millesimes = append(e.millesimes, r.Millesime)
		}
	}
	sort.Strings(e.millesimes)
	seenR := map[int64]bool{}
	for _, r := range d.EvolutionEntree {
		k := r.Echelle + "|" + r.Code
		if e.entree[k] == nil {
			e.entree[k] = map[int64]query.EvolutionEntree{}
		}
		e.entree[k][r.Rentree] = r
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
	build := func(id, title string, rate func(query.Sortie) indicator.Taux) *Chart {
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
				v, ok := ev.sortie[k.key][m]
				if !ok {
					s.Values = append(s.Values, charts.Absent(indicator.NonDisponible.String()))
					continue
				}
				s.Values = append(s.Values, pct(rate(v)))
			}
			series = append(series, s)
		}
		c, err := charts.Bars{ID: id, Title: title, Caption: title + note, XLabel: "Millésime", Unit: charts.Percent,
			Categories: cats, Series: series}.Build()
		return b.chart(title, c, err)
	}
	return nonNilCharts(
		build("ij_emploi", "Taux d'emploi à 6 mois, par millésime", func(s query.Sortie) indicator.Taux { return taux(s).Emploi6 }),
		build("ij_poursuite", "Taux de poursuite d'études, par millésime", func(s query.Sortie) indicator.Taux { return taux(s).Poursuite }),
	)
}

// niveauViews are the niveaux of the quadrant selector, bac pro first (the
// default view, as in Orion).
var niveauViews = []struct{ code, label string }{
	{"400", "Bac pro"}, {"500", "CAP"}, {"320", "BTS"}, {"403", "Bac pro agricole"}, {"503", "CAP agricole"},
}

// quadrantViews draws the formations of a territory per niveau against the
// means of region (a région code) for that niveau.
func (b *builder) quadrantViews(prefix string, rows []query.TerritoireFormation, region string) []View {
	var out []View
	for _, nv := range niveauViews {
		var pts []charts.Point
		for _, r := range rows {
			if r.Niveau != nv.code || r.TypeFamille != nil && *r.TypeFamille == "2nde commune" {
				continue
			}
			pts = append(pts, b.point(r.Formation, r.Entree, r.Sortie, b.quadrant(region, r.Formation, r.Sortie)))
		}
		if len(pts) == 0 {
			continue
		}
		m, ok := b.moy[region][nv.code]
		if !ok {
			m = Taux{Emploi6: indicator.Taux{Statut: indicator.NonDisponible}, Poursuite: indicator.Taux{Statut: indicator.NonDisponible}}
		}
		title := "Quadrant des formations – " + nv.label
		id := prefix + "_" + nv.code
		c, err := charts.Quadrant{ID: id, Title: title, Caption: title + " (" + b.y.millesime() + ")",
			MeanX: pct(m.Poursuite), MeanY: pct(m.Emploi6), Points: pts}.Build()
		ch := b.chart(title, c, err)
		if ch == nil {
			continue
		}
		out = append(out, View{ID: "vue_" + id, Title: nv.label, Chart: ch,
			Text: []string{fmt.Sprintf("Chaque point est une formation : en abscisse son taux de poursuite d'études, en ordonnée son taux d'emploi à 6 mois (%s, voie scolaire) ; les lignes marquent la moyenne régionale du %s. La taille du point dépend de l'effectif d'entrée.", b.y.millesime(), nv.label)}})
	}
	return out
}

func (b *builder) point(f query.Formation, e query.Entree, s query.Sortie, q string) charts.Point {
	t := taux(s)
	pr := indicator.Ratio(e.PressionNum, e.PressionDen)
	if f.Niveau == "320" {
		pr = indicator.Ratio(e.DemandeNum, e.DemandeDen)
	}
	return charts.Point{Label: libelleFormation(f.Libelle, f.CFD), Href: "/formations/" + f.CFD + "/",
		X: pct(t.Poursuite), Y: pct(t.Emploi6), Effectif: e.EffectifEntree, Pression: ratio(pr), Quadrant: q}
}

// etablissementCharts are the school's effectifs by year of study, its
// taux de pression over the rentrées against its département, région and
// France, and the quadrant of its formations against its région's means.
func (b *builder) etablissementCharts(e query.Etablissement, offres []query.Offre, regionSortie query.Sortie) []Section {
	var secs []Section
	hb, err := charts.HBars{ID: "effectifs_annee", Title: "Élèves par année de formation", Caption: "Élèves par année de formation (" + b.y.constat() + ")",
		Unit: charts.Count, Categories: []string{"Année 1", "Année 2", "Année 3"},
		Series: []charts.Series{{Name: "Élèves", Values: []charts.Value{count(e.Effectif1), count(e.Effectif2), count(e.Effectif3)}}}}.Build()
	eff := b.chart("Élèves par année de formation ("+b.y.constat()+")", hb, err)
	var cats []string
	for _, r := range b.ev.rentrees {
		cats = append(cats, fmt.Sprint(r))
	}
	line := func(id, title string, num func(query.EvolutionEntree) (*int64, *int64)) *Chart {
		keys := []struct{ name, key string }{
			{"Établissement", "etablissement|" + e.UAI}, {"Département", "departement|" + e.Departement3},
			{"Région", "region|" + e.CodeRegion}, {"France", "|"},
		}
		var series []charts.Series
		any := false
		for _, k := range keys {
			s := charts.Series{Name: k.name}
			for _, r := range b.ev.rentrees {
				row, ok := b.ev.entree[k.key][r]
				if !ok {
					s.Values = append(s.Values, charts.Absent(indicator.NonDisponible.String()))
					continue
				}
				n, d := num(row)
				v := indicator.Ratio(n, d)
				if v.Ok() && k.name == "Établissement" {
					any = true
				}
				if strings.Contains(id, "remplissage") {
					s.Values = append(s.Values, pct(v))
				} else {
					s.Values = append(s.Values, ratio(v))
				}
			}
			series = append(series, s)
		}
		if !any {
			return nil
		}
		unit := charts.Ratio
		if strings.Contains(id, "remplissage") {
			unit = charts.Percent
		}
		c, err := charts.Lines{ID: id, Title: title, Caption: title, XLabel: "Rentrée", Unit: unit, Categories: cats, Series: series}.Build()
		return b.chart(title, c, err)
	}
	pression := line("pression", "Taux de pression (CAP, bac pro), toutes formations de l'établissement",
		func(r query.EvolutionEntree) (*int64, *int64) { return r.PressionNum, r.PressionDen })
	rempl := line("remplissage", "Taux de remplissage, toutes formations de l'établissement",
		func(r query.EvolutionEntree) (*int64, *int64) { return r.RemplissageNum, r.RemplissageDen })
	secs = append(secs, Section{ID: "attractivite", Title: "Effectifs et attractivité",
		Text:   []string{"Taux de pression : premiers vœux rapportés aux places (Affelnet). Les séries du département, de la région et de la France portent sur toutes leurs formations."},
		Charts: nonNilCharts(eff, pression, rempl)})
	t := taux(regionSortie)
	var pts []charts.Point
	for _, o := range offres {
		if o.TypeFamille != nil && *o.TypeFamille == "2nde commune" {
			continue
		}
		ot := taux(o.Sortie)
		pts = append(pts, b.point(o.Formation, o.Entree, o.Sortie, string(indicator.Position(ot.Emploi6, ot.Poursuite, t.Emploi6, t.Poursuite))))
	}
	if len(pts) > 0 {
		title := "Quadrant des formations de l'établissement"
		c, err := charts.Quadrant{ID: "quadrant_etab", Title: title, Caption: title + " (taux régionaux, " + b.y.millesime() + ")",
			MeanX: pct(t.Poursuite), MeanY: pct(t.Emploi6), Points: pts}.Build()
		if ch := b.chart(title, c, err); ch != nil {
			secs = append(secs, Section{ID: "quadrant", Title: "Analyse des formations",
				Text:   []string{fmt.Sprintf("Taux de la formation dans la région %s (%s, voie scolaire), comparés aux moyennes de la région, tous niveaux confondus.", e.RegionLibelle, b.y.millesime())},
				Charts: []*Chart{ch}})
		}
	}
	return secs
}
