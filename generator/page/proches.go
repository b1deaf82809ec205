package page

import (
	"math"
	"sort"

	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/table"
)

// ProcheLigne is a nearby school offering one of the same formations.
type ProcheLigne struct {
	UAI         string    `csv:"uai_etablissement"`
	CFD         string    `csv:"code_formation_diplome"`
	Formation   string    `csv:"formation" label:"Formation"`
	Proche      string    `csv:"uai_proche"`
	Nom         string    `csv:"etablissement_proche" label:"Établissement"`
	Commune     string    `csv:"commune" label:"Commune"`
	Departement string    `csv:"code_departement" label:"Département"`
	DistanceKm  table.Dec `csv:"distance_km" label:"Distance entre communes (km)"`
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

const maxProches = 12

type lieu struct {
	uai, nom, commune, dep string
	lat, lon               float64
}

// proches lists, for every school with a commune point, the nearest other
// schools offering one of its formations. Distances are between commune
// centres, not addresses.
func (b *builder) proches() map[string][]ProcheLigne {
	lieux := map[string]lieu{}
	for _, e := range b.d.Etablissements.Rows {
		if e.Latitude != nil && e.Longitude != nil {
			lieux[e.UAI] = lieu{e.UAI, nomEtablissement(e), str(e.Commune), e.Departement, *e.Latitude, *e.Longitude}
		}
	}
	byCFD := map[string][]string{}
	libelle := map[string]string{}
	var offers []query.Offre
	for _, o := range b.d.Etablissements.Offres {
		if _, ok := lieux[o.UAI]; ok {
			byCFD[o.CFD] = append(byCFD[o.CFD], o.UAI)
			libelle[o.CFD] = libelleFormation(o.Libelle, o.CFD)
			offers = append(offers, o)
		}
	}
	type cand struct {
		ProcheLigne
		d float64
	}
	out := map[string][]ProcheLigne{}
	byUAI := map[string][]string{}
	for _, o := range offers {
		byUAI[o.UAI] = append(byUAI[o.UAI], o.CFD)
	}
	uais := make([]string, 0, len(byUAI))
	for u := range byUAI {
		uais = append(uais, u)
	}
	sort.Strings(uais)
	for _, u := range uais {
		here := lieux[u]
		var cs []cand
		for _, cfd := range byUAI[u] {
			for _, other := range byCFD[cfd] {
				if other == u {
					continue
				}
				there := lieux[other]
				d := km(here.lat, here.lon, there.lat, there.lon)
				if d > 150 {
					continue
				}
				cs = append(cs, cand{ProcheLigne{UAI: u, CFD: cfd, Formation: libelle[cfd], Proche: other, Nom: there.nom,
					Commune: there.commune, Departement: there.dep}, d})
			}
		}
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].d != cs[j].d {
				return cs[i].d < cs[j].d
			}
			if cs[i].Proche != cs[j].Proche {
				return cs[i].Proche < cs[j].Proche
			}
			return cs[i].CFD < cs[j].CFD
		})
		for i := 0; i < len(cs) && i < maxProches; i++ {
			d := math.Round(cs[i].d*10) / 10
			cs[i].DistanceKm = table.Dec{V: &d}
			out[u] = append(out[u], cs[i].ProcheLigne)
		}
	}
	return out
}

// km is the great-circle distance between two points.
func km(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
