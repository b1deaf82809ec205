package query

import (
	"context"
	"database/sql"
	"fmt"
)

// Data is the result of every page query, fetched once before rendering.
type Data struct {
	National                National
	Regions                 []Region
	RegionFormations        []TerritoireFormation
	Moyennes                []Moyenne
	Departements            []Departement
	DepartementFormations   []TerritoireFormation
	Etablissements          []Etablissement
	Offres                  []Offre
	InsertionEtablissements []InsertionEtablissement
	Formations              []FormationRow
	FormationRegions        []FormationRegion
	FormationEtablissements []FormationEtablissement
	Domaines                []Domaine
	DomaineFormations       []TerritoireFormation
	OffresAnnees            []OffreAnnee
	InsertionRegions        []InsertionRegion
	Anomalies               []Anomalie
	EvolutionEntree         []EvolutionEntree
	EvolutionSortie         []EvolutionSortie
	FormationMetiers        []FormationMetier
	FormationLiens          []FormationLien
	DomaineRegions          []DomaineRegion
}

// Anomalie counts input rows that are legitimately odd and how they were
// handled; it feeds the build summary.
type Anomalie struct {
	Libelle string `db:"libelle"`
	Nombre  int64  `db:"nombre"`
}

// Fetch runs every page query.
func Fetch(ctx context.Context, conn *sql.DB) (*Data, error) {
	d := &Data{}
	nat, err := All[National](ctx, conn, "national")
	if err != nil {
		return nil, err
	}
	if len(nat) != 1 {
		return nil, fmt.Errorf("query national: %d rows, want 1", len(nat))
	}
	d.National = nat[0]
	steps := []func() error{
		func() (err error) { d.Regions, err = All[Region](ctx, conn, "regions"); return },
		func() (err error) {
			d.RegionFormations, err = All[TerritoireFormation](ctx, conn, "region_formations")
			return
		},
		func() (err error) { d.Moyennes, err = All[Moyenne](ctx, conn, "moyennes"); return },
		func() (err error) { d.Departements, err = All[Departement](ctx, conn, "departements"); return },
		func() (err error) {
			d.DepartementFormations, err = All[TerritoireFormation](ctx, conn, "departement_formations")
			return
		},
		func() (err error) { d.Etablissements, err = All[Etablissement](ctx, conn, "etablissements"); return },
		func() (err error) { d.Offres, err = All[Offre](ctx, conn, "etablissement_offres"); return },
		func() (err error) {
			d.InsertionEtablissements, err = All[InsertionEtablissement](ctx, conn, "insertion_etablissements")
			return
		},
		func() (err error) { d.Formations, err = All[FormationRow](ctx, conn, "formations"); return },
		func() (err error) {
			d.FormationRegions, err = All[FormationRegion](ctx, conn, "formation_regions")
			return
		},
		func() (err error) {
			d.FormationEtablissements, err = All[FormationEtablissement](ctx, conn, "formation_etablissements")
			return
		},
		func() (err error) { d.Domaines, err = All[Domaine](ctx, conn, "domaines"); return },
		func() (err error) {
			d.DomaineFormations, err = All[TerritoireFormation](ctx, conn, "domaine_formations")
			return
		},
		func() (err error) { d.OffresAnnees, err = All[OffreAnnee](ctx, conn, "offres"); return },
		func() (err error) {
			d.InsertionRegions, err = All[InsertionRegion](ctx, conn, "insertion_regions")
			return
		},
		func() (err error) { d.Anomalies, err = All[Anomalie](ctx, conn, "anomalies"); return },
		func() (err error) {
			d.EvolutionEntree, err = All[EvolutionEntree](ctx, conn, "evolution_entree")
			return
		},
		func() (err error) {
			d.EvolutionSortie, err = All[EvolutionSortie](ctx, conn, "evolution_sortie")
			return
		},
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := s(); err != nil {
			return nil, err
		}
	}
	return d, nil
}
