// Package pagetest holds a small query.Data for the tests of the packages
// that build or render pages.
package pagetest

import (
	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
)

func ptr[T any](v T) *T { return &v }

func pub(d *indicator.Def, scaled int64) indicator.Value {
	return indicator.Value{Scaled: scaled, Statut: indicator.Publie, Def: d}
}

// set is a small row of figures: a région with a secret emploi rate.
func set() indicator.Set {
	return indicator.SetOf(map[string]indicator.Value{
		"nb_formations":          pub(indicator.NbFormations, 2),
		"nb_etablissements":      pub(indicator.NbEtablissements, 1),
		"effectif_total":         pub(indicator.EffectifTotal, 75),
		"effectif_entree":        pub(indicator.EffectifEntree, 42),
		"taux_emploi_6_mois":     {Statut: indicator.Secret, Def: indicator.TauxEmploi6},
		"taux_poursuite_etudes":  pub(indicator.TauxPoursuite, 371),
		"taux_devenir_favorable": pub(indicator.TauxDevenirFavorable, 775),
		"taux_pression":          pub(indicator.TauxPression, 125),
	})
}

// Data is a small data set: one région, one département, one school
// offering one formation of one domaine, with a secret emploi rate.
func Data() *query.Data {
	d := &query.Data{}
	d.National = query.National{Annees: query.Annees{RentreeConstat: ptr(int64(2023)), RentreeAffelnet: ptr(int64(2023)), Millesime: ptr("2022_2023")}, V: set()}
	d.Regions.Rows = []query.Region{{Code: "53", Libelle: "Bretagne", NbDepartements: 1, V: set()}}
	d.Departements.Rows = []query.Departement{{Code3: "035", Code: "35", Libelle: "Ille-et-Vilaine", CodeRegion: "53", RegionLibelle: "Bretagne", V: set()}}
	d.Etablissements.Rows = []query.Etablissement{{UAI: "0350001A", Nom: ptr("Lycée A"), Commune: ptr("Rennes"), Departement3: "035", Departement: "35",
		DepartementLibelle: "Ille-et-Vilaine", CodeRegion: "53", RegionLibelle: "Bretagne", DerniereRentree: 2023, V: set()}}
	f := query.Formation{CFD: "40025000", Libelle: ptr("Cuisine"), Niveau: "400", NiveauLibelle: "BAC PRO", Dispositif: ptr("247")}
	d.Etablissements.Offres = []query.Offre{{UAI: "0350001A", Formation: f, V: set()}}
	d.Formations.Rows = []query.FormationRow{{CFD: "40025000", Libelle: ptr("Cuisine"), Niveau: "400", NiveauLibelle: "BAC PRO", NSF: ptr("221"), V: set()}}
	d.Formations.Liens = []query.FormationLien{{CFD: "40025000", Ancien: "40025099"}}
	d.Domaines.Rows = []query.Domaine{{Code: "221", Libelle: "Agro-alimentaire, alimentation, cuisine", Domaine: "22", V: set()}}
	d.Regions.Formations = []query.TerritoireFormation{{Code: "53", Formation: f, V: set()}}
	return d
}
