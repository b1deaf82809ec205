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

// Entree are the entry columns shared by every table.
type Entree struct {
	NbEtablissements table.Int   `csv:"nb_etablissements" label:"Établissements"`
	Effectif1        table.Int   `csv:"effectif_annee_1" label:"Année 1"`
	Effectif2        table.Int   `csv:"effectif_annee_2" label:"Année 2"`
	Effectif3        table.Int   `csv:"effectif_annee_3" label:"Année 3"`
	EffectifEntree   table.Int   `csv:"effectif_entree" label:"Effectif d'entrée"`
	Capacite         table.Int   `csv:"capacite" label:"Capacité"`
	PremiersVoeux    table.Int   `csv:"premiers_voeux" label:"Premiers vœux"`
	TauxPression     table.Ratio `csv:"taux_pression" label:"Taux de pression"`
	TauxDemande      table.Ratio `csv:"taux_demande" label:"Taux de demande (BTS)"`
	TauxRemplissage  table.Pct   `csv:"taux_remplissage" label:"Taux de remplissage"`
}

// Sortie are the InserJeunes columns: counts, rates and why a rate is absent.
type Sortie struct {
	NbAnneeTerm          table.Int `csv:"nb_annee_terminale"`
	NbSortants           table.Int `csv:"nb_sortants"`
	TauxEmploi6          table.Pct `csv:"taux_emploi_6_mois" label:"Taux d'emploi à 6 mois"`
	TauxEmploi6Statut    string    `csv:"taux_emploi_6_mois_statut"`
	TauxEmploi12         table.Pct `csv:"taux_emploi_12_mois" label:"Taux d'emploi à 12 mois"`
	TauxEmploi12Statut   string    `csv:"taux_emploi_12_mois_statut"`
	TauxPoursuite        table.Pct `csv:"taux_poursuite_etudes" label:"Taux de poursuite d'études"`
	TauxPoursuiteStatut  string    `csv:"taux_poursuite_etudes_statut"`
	TauxDevenirFav       table.Pct `csv:"taux_devenir_favorable" label:"Taux de devenir favorable"`
	TauxDevenirFavStatut string    `csv:"taux_devenir_favorable_statut"`
}

func entree(e query.Entree) Entree {
	return Entree{
		NbEtablissements: table.N(e.NbEtablissements),
		Effectif1:        table.I(e.Effectif1),
		Effectif2:        table.I(e.Effectif2),
		Effectif3:        table.I(e.Effectif3),
		EffectifEntree:   table.I(e.EffectifEntree),
		Capacite:         table.I(e.Capacite),
		PremiersVoeux:    table.I(e.PremiersVoeux),
		TauxPression:     table.Ratio{T: indicator.Ratio(e.PressionNum, e.PressionDen)},
		TauxDemande:      table.Ratio{T: indicator.Ratio(e.DemandeNum, e.DemandeDen)},
		TauxRemplissage:  table.Pct{T: remplissage(e)},
	}
}

// remplissage is not computable (rather than unavailable) when no rentrée
// has both a constat and a capacity.
func remplissage(e query.Entree) indicator.Taux {
	t := indicator.Ratio(e.RemplissageNum, e.RemplissageDen)
	if !t.Ok() && (e.EffectifEntree != nil || e.Capacite != nil) {
		t.Statut = indicator.NonCalculable
	}
	return t
}

// Taux are the four InserJeunes rates of a Sortie.
type Taux struct {
	Emploi6, Emploi12, Poursuite, Favorable indicator.Taux
}

func taux(s query.Sortie) Taux {
	return Taux{
		Emploi6:   indicator.InserJeunes(s.Emploi6Num, s.Emploi6Den),
		Emploi12:  indicator.InserJeunes(s.Emploi12Num, s.Emploi12Den),
		Poursuite: indicator.InserJeunes(s.PoursuiteNum, s.PoursuiteDen),
		Favorable: indicator.InserJeunes(s.FavorableNum, s.FavorableDen),
	}
}

func sortie(s query.Sortie) Sortie {
	t := taux(s)
	return Sortie{
		NbAnneeTerm:          table.I(s.NbAnneeTerm),
		NbSortants:           table.I(s.NbSortant),
		TauxEmploi6:          table.Pct{T: t.Emploi6},
		TauxEmploi6Statut:    t.Emploi6.Statut.String(),
		TauxEmploi12:         table.Pct{T: t.Emploi12},
		TauxEmploi12Statut:   t.Emploi12.Statut.String(),
		TauxPoursuite:        table.Pct{T: t.Poursuite},
		TauxPoursuiteStatut:  t.Poursuite.Statut.String(),
		TauxDevenirFav:       table.Pct{T: t.Favorable},
		TauxDevenirFavStatut: t.Favorable.Statut.String(),
	}
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
	AncienDiplome string `csv:"insertion_ancien_diplome"`
	Quadrant      string `csv:"position_quadrant" label:"Quadrant"`
}

// Link implements table.Linker.
func (l FormationLigne) Link(col string) string {
	if col == "libelle_formation" {
		return "/formations/" + l.CFD + "/"
	}
	return ""
}

func formationLigne(f query.Formation, e query.Entree, s query.Sortie, y Annees, echelle string) FormationLigne {
	if f.Niveau == "320" {
		y.RentreeAttractivite = y.RentreeParcoursup // BTS capacities and wishes come from Parcoursup
	}
	return FormationLigne{
		CFD:               f.CFD,
		Libelle:           libelleFormation(f.Libelle, f.CFD),
		Niveau:            f.NiveauLibelle,
		Dispositif:        f.Dispositif,
		DispositifLibelle: f.DispositifLibelle,
		Annees:            y,
		Entree:            entree(e),
		EchelleInsertion:  echelle,
		Sortie:            sortie(s),
		AncienDiplome:     str(s.CFDContinuum),
	}
}

func libelleFormation(l *string, cfd string) string {
	if l == nil || *l == "" {
		return "Formation " + cfd
	}
	return *l
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
