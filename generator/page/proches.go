package page

import (
	"math"
	"sort"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/table"
)

// ProcheLigne is, for one formation of a school, a nearby school offering
// the same formation, with its key figures for that formation.
type ProcheLigne struct {
	UAI           string          `csv:"uai_etablissement"`
	CFD           string          `csv:"code_formation_diplome"`
	Formation     string          `csv:"formation" label:"Formation"`
	Proche        string          `csv:"uai_proche"`
	Nom           string          `csv:"etablissement_proche" label:"Établissement"`
	Commune       string          `csv:"commune" label:"Commune"`
	Departement   string          `csv:"code_departement" label:"Département"`
	DistanceKm    table.Dec       `csv:"distance_km" label:"Distance entre communes (km)"`
	Capacite      indicator.Value `ind:"capacite"`
	TauxPression  indicator.Value `ind:"taux_pression"`
	TauxDemande   indicator.Value `ind:"taux_demande"`
	DEPPEmploi6   indicator.Value `ind:"taux_emploi_6_mois_depp,ensemble"`
	DEPPPoursuite indicator.Value `ind:"taux_poursuite_etudes_depp,ensemble"`
}

// Link implements table.Linker.
func (p ProcheLigne) Link(col string) string {
	switch col {
	case "etablissement_proche":
		return "/etablissements/" + p.Proche + "/"
	case "formation":
		return "/formations/" + p.CFD + "/"
	}
	return ""
}

// Nearby schools: for each formation of a school, the maxProches nearest
// others offering it, within maxKm.
const (
	maxProches = 3
	maxKm      = 150
)

type lieu struct {
	uai, nom, commune, dep string
	lat, lon               float64
}

// proches lists, for every school with a commune point and every formation
// it offers, the nearest other schools offering the same formation, with
// their figures for it. Distances are between commune centres, not
// addresses (the open files have none).
func (b *builder) proches(deppEnsemble map[string]indicator.Set) map[string][]ProcheLigne {
	lieux := map[string]*lieu{}
	for _, e := range b.d.Etablissements.Rows {
		if e.Latitude != nil && e.Longitude != nil {
			lieux[e.UAI] = &lieu{e.UAI, nomEtablissement(e), str(e.Commune), e.Departement, *e.Latitude, *e.Longitude}
		}
	}
	// offre is one school's figures for a formation; with is computed once,
	// when the offer is first listed as a neighbour.
	type offre struct {
		at   *lieu
		set  indicator.Set
		with *indicator.Set
	}
	byCFD := map[string][]*offre{}
	seen := map[string]bool{}
	libelle := map[string]string{}
	var mine []query.Offre
	for _, o := range b.d.Etablissements.Offres {
		at, ok := lieux[o.UAI]
		if !ok || o.Commune() {
			continue
		}
		// One row per school and formation: its first dispositif's figures.
		if k := o.UAI + "|" + o.CFD; !seen[k] {
			seen[k] = true
			byCFD[o.CFD] = append(byCFD[o.CFD], &offre{at: at, set: o.V})
			mine = append(mine, o)
		}
		libelle[o.CFD] = libelleFormation(o.Libelle, o.CFD)
	}
	out := map[string][]ProcheLigne{}
	type cand struct {
		*offre
		d float64
	}
	var cs []cand
	for _, o := range mine {
		here := lieux[o.UAI]
		cs = cs[:0]
		for _, other := range byCFD[o.CFD] {
			there := other.at
			if there == here || math.Abs(there.lat-here.lat) > maxKm/111.0 {
				continue // itself, or more than maxKm north or south: not worth the trigonometry
			}
			if d := km(here.lat, here.lon, there.lat, there.lon); d <= maxKm {
				cs = append(cs, cand{other, d})
			}
		}
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].d != cs[j].d {
				return cs[i].d < cs[j].d
			}
			return cs[i].at.uai < cs[j].at.uai
		})
		for _, c := range cs[:min(maxProches, len(cs))] {
			there := c.at
			d := math.Round(c.d*10) / 10
			l := ProcheLigne{UAI: o.UAI, CFD: o.CFD, Formation: libelle[o.CFD], Proche: there.uai, Nom: there.nom,
				Commune: there.commune, Departement: there.dep, DistanceKm: table.Dec{V: &d}}
			if c.with == nil {
				extra := map[string]indicator.Value{}
				for _, d := range []*indicator.Def{indicator.DEPPEmploi6, indicator.DEPPPoursuite} {
					extra[d.Column("ensemble")] = depPub(deppEnsemble[there.uai], d)
				}
				with := c.set.With(extra)
				c.with = &with
			}
			table.Fill(&l, *c.with)
			out[o.UAI] = append(out[o.UAI], l)
		}
	}
	return out
}

// km is the great-circle distance between two points (haversine).
func km(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
