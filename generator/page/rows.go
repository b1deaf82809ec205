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
// The effectifs by year of study are in the CSVs, not on the pages (their
// total and the entry year's are).
type Entree struct {
	NbEtablissements indicator.Value `ind:"nb_etablissements"`
	EffectifTotal    indicator.Value `ind:"effectif_total"`
	Effectif1        indicator.Value `ind:"effectif_annee_1" html:"-"`
	Effectif2        indicator.Value `ind:"effectif_annee_2" html:"-"`
	Effectif3        indicator.Value `ind:"effectif_annee_3" html:"-"`
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
	TauxEmploi12   indicator.Value `ind:"taux_emploi_12_mois" html:"-"` // in the CSVs and key figures
	TauxPoursuite  indicator.Value `ind:"taux_poursuite_etudes"`
	TauxDevenirFav indicator.Value `ind:"taux_devenir_favorable"`
}

// FormationLigne is a formation × dispositif in a territory (région,
// département, domaine, établissement).
type FormationLigne struct {
	CFD               string      `csv:"code_formation_diplome"`
	Libelle           table.Coded `csv:"libelle_formation" label:"Formation"` // with its dispositif on the page when two rows share a label
	Niveau            string      `csv:"niveau" label:"Niveau"`
	Dispositif        *string     `csv:"code_dispositif"`
	DispositifLibelle *string     `csv:"dispositif"`
	Annees
	Entree
	EchelleInsertion string `csv:"echelle_insertion"`
	Sortie
	// AncienDiplome is the predecessor whose leavers a renewed formation's
	// rates count (continuum), empty otherwise.
	AncienDiplome string      `csv:"insertion_ancien_diplome"`
	Quadrant      table.Coded `csv:"position_quadrant" label:"Quadrant"`
	// Renovation says that the BCN renewed the diploma (remplacée par) or
	// that it renews an older one (remplace), linked to the other's page.
	Renovation     string `csv:"renovation" label:"Rénovation (BCN)"`
	renovationHref string
}

// Link implements table.Linker.
func (l FormationLigne) Link(col string) string {
	switch col {
	case "libelle_formation":
		return "/formations/" + l.CFD + "/"
	case "renovation":
		return l.renovationHref
	}
	return ""
}

func (b *builder) formationLigne(f query.Formation, set indicator.Set, s query.Sortie, echelle string) FormationLigne {
	y := b.y.row()
	if bts(f.Niveau) {
		y.RentreeAttractivite = y.RentreeParcoursup // BTS capacities and wishes come from Parcoursup
	}
	l := FormationLigne{
		CFD:               f.CFD,
		Libelle:           table.Coded{Code: libelleFormation(f.Libelle, f.CFD), Text: libelleFormation(f.Libelle, f.CFD)},
		Niveau:            f.NiveauLibelle,
		Dispositif:        f.Dispositif,
		DispositifLibelle: f.DispositifLibelle,
		Annees:            y,
		EchelleInsertion:  echelle,
		AncienDiplome:     str(s.CFDContinuum),
	}
	table.Fill(&l, set)
	l.Renovation, l.renovationHref = b.renovation(f.CFD)
	return l
}

// renovation says whether the BCN replaced the formation by another, or
// the formation replaces an older one, with the other's page when the site
// has one.
func (b *builder) renovation(cfd string) (text, href string) {
	if b.liens == nil {
		b.liens = map[string][]query.FormationLien{}
		b.offered = map[string]bool{}
		for _, f := range b.d.Formations.Rows {
			b.offered[f.CFD] = true
		}
		for _, l := range b.d.Formations.Liens {
			b.liens["nouveau:"+l.Ancien] = append(b.liens["nouveau:"+l.Ancien], l)
			b.liens["ancien:"+l.CFD] = append(b.liens["ancien:"+l.CFD], l)
		}
	}
	if ls := b.liens["nouveau:"+cfd]; len(ls) > 0 {
		l := ls[0]
		text = "remplacée par " + libelleFormation(l.NouveauLibelle, l.CFD) + " (" + l.CFD + ")"
		if b.offered[l.CFD] {
			href = "/formations/" + l.CFD + "/"
		}
		return text, href
	}
	if ls := b.liens["ancien:"+cfd]; len(ls) > 0 {
		l := ls[0]
		text = "rénovée : remplace " + libelleFormation(l.AncienLibelle, l.Ancien) + " (" + l.Ancien + ")"
		if b.offered[l.Ancien] {
			href = "/formations/" + l.Ancien + "/"
		}
	}
	return text, href
}

func libelleFormation(l *string, cfd string) string {
	if l == nil || *l == "" {
		return "Formation " + cfd
	}
	return *l
}

// distinguish adds, on the page, the dispositif to the label of rows that
// would otherwise look identical (a formation in 2 and in 3 years).
func distinguish(rows []FormationLigne) []FormationLigne {
	n := map[string]int{}
	for _, r := range rows {
		n[r.Libelle.Code]++
	}
	for i, r := range rows {
		if n[r.Libelle.Code] > 1 {
			d := str(r.DispositifLibelle)
			if d == "" {
				d = str(r.Dispositif)
			}
			rows[i].Libelle.Text = r.Libelle.Code + " — " + d
		}
	}
	return rows
}

// bts says whether a niveau is a BTS or a BTSA, whose capacities and vœux
// come from Parcoursup (taux de demande rather than de pression).
func bts(niveau string) bool { return niveau == "320" || niveau == "323" }
