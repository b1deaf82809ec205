package page

import (
	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/table"
)

// Annees are the years a row's figures carry; they are repeated on every
// CSV row so that a downloaded file is self-describing.
type Annees struct {
	RentreeEffectifs    table.Int `csv:"rentree_effectifs"`
	RentreeAttractivite table.Int `csv:"rentree_capacite_voeux"`
	RentreeParcoursup   table.Int `csv:"rentree_parcoursup_bts"`
	RentreeRemplissage  table.Int `csv:"rentree_remplissage"`
	Millesime           string    `csv:"millesime_insertion"`
}

// Entree are the entry figures shared by every table; their columns and
// headers come from the declarations of package indicator.
type Entree struct {
	NbEtablissements indicator.Value `ind:"nb_etablissements"`
	Effectif1        indicator.Value `ind:"effectif_annee_1"`
	Effectif2        indicator.Value `ind:"effectif_annee_2"`
	Effectif3        indicator.Value `ind:"effectif_annee_3"`
	EffectifEntree   indicator.Value `ind:"effectif_entree"`
	Capacite         indicator.Value `ind:"capacite"`
	PremiersVoeux    indicator.Value `ind:"premiers_voeux"`
	TauxPression     indicator.Value `ind:"taux_pression"`
	TauxDemande      indicator.Value `ind:"taux_demande"`
	TauxRemplissage  indicator.Value `ind:"taux_remplissage"`
}

// Sortie are the InserJeunes figures: the populations and the four rates.
type Sortie struct {
	NbAnneeTerm    indicator.Value `ind:"nb_annee_terminale" html:"-"`
	NbSortants     indicator.Value `ind:"nb_sortants" html:"-"`
	TauxEmploi6    indicator.Value `ind:"taux_emploi_6_mois"`
	TauxEmploi12   indicator.Value `ind:"taux_emploi_12_mois"`
	TauxPoursuite  indicator.Value `ind:"taux_poursuite_etudes"`
	TauxDevenirFav indicator.Value `ind:"taux_devenir_favorable"`
}

// FormationLigne is a formation × dispositif in a territory (région,
// département, domaine, établissement).
type FormationLigne struct {
	CFD               string  `csv:"code_formation_diplome"`
	Libelle           string  `csv:"libelle_formation" label:"Formation"`
	Niveau            string  `csv:"niveau" label:"Niveau"`
	Dispositif        *string `csv:"code_dispositif"`
	DispositifLibelle *string `csv:"dispositif"`
	Annees
	Entree
	EchelleInsertion string `csv:"echelle_insertion"`
	Sortie
	// AncienDiplome is the predecessor whose leavers a renewed formation's
	// rates count (continuum), empty otherwise.
	AncienDiplome string      `csv:"insertion_ancien_diplome"`
	Quadrant      table.Coded `csv:"position_quadrant" label:"Quadrant"`
}

// Link implements table.Linker.
func (l FormationLigne) Link(col string) string {
	if col == "libelle_formation" {
		return "/formations/" + l.CFD + "/"
	}
	return ""
}

func (b *builder) formationLigne(f query.Formation, set indicator.Set, s query.Sortie, echelle string) FormationLigne {
	y := b.y.row()
	if f.Niveau == "320" {
		y.RentreeAttractivite = y.RentreeParcoursup // BTS capacities and wishes come from Parcoursup
	}
	l := FormationLigne{
		CFD:               f.CFD,
		Libelle:           libelleFormation(f.Libelle, f.CFD),
		Niveau:            f.NiveauLibelle,
		Dispositif:        f.Dispositif,
		DispositifLibelle: f.DispositifLibelle,
		Annees:            y,
		EchelleInsertion:  echelle,
		AncienDiplome:     str(s.CFDContinuum),
	}
	table.Fill(&l, set)
	return l
}

func libelleFormation(l *string, cfd string) string {
	if l == nil || *l == "" {
		return "Formation " + cfd
	}
	return *l
}
