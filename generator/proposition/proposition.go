// Package proposition owns the proposals to open, close, extend, reduce,
// transfer or colour training places ("demandes" in Orion): their fields and
// the validation rules of the national form, the reference data they are
// checked against, the places they open, close, colour and transform, and
// which of them count in the transformation. Storing them is the concern of
// generator/journal; aggregating them for the console and the dashboard,
// of generator/page/console.
//
// It is pure Go (no cgo, no database) because the small companion HTTP
// handler (cmd/propositions) and `orion build` both use it.
//
// Field names in JSON, in form posts and in FieldErrors are those of Orion's
// form (uai, cfd, codeDispositif, rentreeScolaire, typeDemande,
// capaciteScolaireActuelle…, motif, autreMotif, commentaire, statut,
// motifRefus, autreMotifRefus).
package proposition

import (
	"time"
	_ "time/tzdata" // campaign dates are French calendar dates, whatever the host's zoneinfo
)

// TypeDemande is the kind of change a proposal asks for.
type TypeDemande string

// The types of Orion's form (SH:enum/demandeTypeEnum.ts).
const (
	OuvertureNette           TypeDemande = "ouverture_nette"
	OuvertureCompensation    TypeDemande = "ouverture_compensation"
	AugmentationNette        TypeDemande = "augmentation_nette"
	AugmentationCompensation TypeDemande = "augmentation_compensation"
	Fermeture                TypeDemande = "fermeture"
	Diminution               TypeDemande = "diminution"
	Transfert                TypeDemande = "transfert"
	Coloration               TypeDemande = "coloration"
	// Ajustement is a rentrée adjustment, only for the rentrée of the
	// campaign year. Orion hides it from school heads; the handler accepts
	// it only from région codes (see cmd/propositions).
	Ajustement TypeDemande = "ajustement"
)

// Types lists every type in form order.
var Types = []TypeDemande{
	OuvertureNette, OuvertureCompensation, AugmentationNette, AugmentationCompensation,
	Fermeture, Diminution, Transfert, Coloration, Ajustement,
}

// Libelle is the French label of the type.
func (t TypeDemande) Libelle() string {
	switch t {
	case OuvertureNette:
		return "Ouverture"
	case OuvertureCompensation:
		return "Ouverture avec compensation"
	case AugmentationNette:
		return "Augmentation"
	case AugmentationCompensation:
		return "Augmentation avec compensation"
	case Fermeture:
		return "Fermeture"
	case Diminution:
		return "Diminution"
	case Transfert:
		return "Transfert vers l'apprentissage"
	case Coloration:
		return "Coloration"
	case Ajustement:
		return "Ajustement de rentrée"
	}
	return string(t)
}

// Known reports whether t is one of Types.
func (t TypeDemande) Known() bool {
	for _, k := range Types {
		if k == t {
			return true
		}
	}
	return false
}

func (t TypeDemande) ouverture() bool { return t == OuvertureNette || t == OuvertureCompensation }
func (t TypeDemande) augmentation() bool {
	return t == AugmentationNette || t == AugmentationCompensation
}

// Statut is where a proposal stands in the review workflow.
type Statut string

// The workflow (SH:enum/demandeStatutEnum.ts, without brouillon, prêt pour
// le vote and supprimée, which the public handler never produces).
const (
	StatutProposition Statut = "proposition"
	DossierComplet    Statut = "dossier complet"
	DossierIncomplet  Statut = "dossier incomplet"
	ProjetDeDemande   Statut = "projet de demande"
	DemandeValidee    Statut = "demande validée"
	Refusee           Statut = "refusée"
)

// Statuts lists every statut in workflow order.
var Statuts = []Statut{StatutProposition, DossierComplet, DossierIncomplet, ProjetDeDemande, DemandeValidee, Refusee}

// Libelle is the French label of the statut.
func (s Statut) Libelle() string {
	switch s {
	case StatutProposition:
		return "Proposition"
	case DossierComplet:
		return "Dossier complet"
	case DossierIncomplet:
		return "Dossier incomplet"
	case ProjetDeDemande:
		return "Projet de demande"
	case DemandeValidee:
		return "Demande validée"
	case Refusee:
		return "Demande refusée"
	}
	return string(s)
}

// Next lists the statuts a reviewer may move s to: one step forward only.
func (s Statut) Next() []Statut {
	switch s {
	case StatutProposition:
		return []Statut{DossierComplet, DossierIncomplet}
	case DossierComplet, DossierIncomplet:
		return []Statut{ProjetDeDemande}
	case ProjetDeDemande:
		return []Statut{DemandeValidee, Refusee}
	}
	return nil
}

// CanMoveTo reports whether the workflow allows s → to.
func (s Statut) CanMoveTo(to Statut) bool {
	for _, n := range s.Next() {
		if n == to {
			return true
		}
	}
	return false
}

func (s Statut) known() bool {
	for _, k := range Statuts {
		if k == s {
			return true
		}
	}
	return false
}

// Proposition is one proposal as submitted, plus what the handler adds
// (numéro, campaign, région, statut, creation time).
//
// Capacities are split by voie (scolaire / apprentissage), by moment
// (actuelle = today, future = after the change) and by colour: the coloured
// places are a subset of the places of the same voie and moment.
type Proposition struct {
	Numero          string      `json:"numero,omitempty"`
	Campagne        int         `json:"campagne"`
	UAI             string      `json:"uai"`
	CodeRegion      string      `json:"codeRegion"`
	CFD             string      `json:"cfd"`
	CodeDispositif  string      `json:"codeDispositif"`
	RentreeScolaire int         `json:"rentreeScolaire"`
	TypeDemande     TypeDemande `json:"typeDemande"`

	Coloration         bool   `json:"coloration"`
	LibelleColoration1 string `json:"libelleColoration1,omitempty"`
	LibelleColoration2 string `json:"libelleColoration2,omitempty"`

	CapaciteScolaireActuelle             int `json:"capaciteScolaireActuelle"`
	CapaciteScolaire                     int `json:"capaciteScolaire"`
	CapaciteScolaireColoreeActuelle      int `json:"capaciteScolaireColoreeActuelle"`
	CapaciteScolaireColoree              int `json:"capaciteScolaireColoree"`
	CapaciteApprentissageActuelle        int `json:"capaciteApprentissageActuelle"`
	CapaciteApprentissage                int `json:"capaciteApprentissage"`
	CapaciteApprentissageColoreeActuelle int `json:"capaciteApprentissageColoreeActuelle"`
	CapaciteApprentissageColoree         int `json:"capaciteApprentissageColoree"`

	Motifs      []string `json:"motif"`
	AutreMotif  string   `json:"autreMotif,omitempty"`
	Commentaire string   `json:"commentaire,omitempty"`

	Statut          Statut    `json:"statut"`
	MotifsRefus     []string  `json:"motifRefus,omitempty"`
	AutreMotifRefus string    `json:"autreMotifRefus,omitempty"`
	CreatedAt       time.Time `json:"createdAt"`
	UpdatedAt       time.Time `json:"updatedAt"`
}

// MaxCapacite bounds each of the eight capacity fields, in places. The
// largest real capacity of one formation in one school is 168 places in
// Affelnet 2021 and 2022 (2nde pro, 1re année de CAP; 999 appears there on
// 171 and 207 rows, a placeholder rather than a capacity, the next value
// being 168) and 800 in Parcoursup 2024
// for a BTS in apprentissage; only BTS taught entirely at a distance (CNED)
// go beyond, up to 3 400, and they are not the lycées professionnels this
// form serves. 999 is thus above every real case, fits the three digits
// of the form, and keeps any sum of a proposal's capacities (at most
// 8 × 999) and of a journal's places far from overflow.
const MaxCapacite = 999

// Limits on free-text fields, in characters (not bytes).
const (
	MaxCommentaire = 2000
	MaxAutreMotif  = 1000
	MaxLibelle     = 255
)

// Motif is a reason given for a proposal or for a refusal.
type Motif struct {
	Code    string
	Libelle string
}

// MotifAutre is the motif that requires a free-text precision.
const MotifAutre = "autre"

var (
	motifsOuverture = []Motif{
		{"taux_insertion_satisfaisant", "Taux d'emploi satisfaisant"},
		{"taux_poursuite_satisfaisant", "Taux de poursuite d'études satisfaisant"},
		{"besoins_economiques_locaux", "Besoins économiques locaux"},
		{"metiers_2030", "Métiers d'avenir (2030)"},
		{"projet_pedagogique_territorial", "Projet pédagogique territorial"},
		{"nouvel_etablissement", "Nouvel établissement"},
		{"maintien_specifique", "Maintien d'une formation spécifique"},
		{"sauvegarde_metier_rare", "Sauvegarde d'un métier rare"},
		{MotifAutre, "Autre motif"},
	}
	motifsFermeture = []Motif{
		{"taux_insertion_insatisfaisant", "Taux d'emploi insatisfaisant"},
		{"taux_poursuite_insatisfaisant", "Taux de poursuite d'études insatisfaisant"},
		{"ouverture_plus_inserante", "Ouverture d'une formation plus insérante"},
		{"repartition_autres_etablissements", "Répartition sur d'autres établissements"},
		{"recrutements_baisse", "Recrutements en baisse"},
		{"capacite_trop_élevée_territoire", "Capacité trop élevée sur le territoire"},
		{"locaux", "Locaux inadaptés"},
		{"cout_financier", "Coût financier"},
		{"plateau_technique", "Plateau technique inadapté"},
		{"nombre_eleves_en_baisse", "Nombre d'élèves en baisse"},
		{"besoins_economiques_en_baisse", "Besoins économiques en baisse"},
		{MotifAutre, "Autre motif"},
	}
	motifsTransfert = []Motif{
		{"effectif_faible_scolaire", "Effectif faible en voie scolaire"},
		{"mixite_peu_attractive", "Mixité des publics peu attractive"},
		{"insertion_professionnelle_insuffisante", "Insertion professionnelle insuffisante"},
		{"formation_situation_fragilite", "Formation en situation de fragilité"},
		{"disponibilite_fonciere_insuffisante", "Disponibilité foncière insuffisante"},
		{MotifAutre, "Autre motif"},
	}
	motifsColoration = []Motif{
		{"perspective_insertion_professionnelle", "Perspective d'insertion professionnelle"},
		{"mise_en_place_partenariat", "Mise en place d'un partenariat"},
		{"favorise_attractivite_formation", "Favorise l'attractivité de la formation"},
		{"projet_specifique_local", "Projet spécifique local"},
		{MotifAutre, "Autre motif"},
	}
	motifsAjustement = []Motif{{"ajustement_rentree", "Ajustement de rentrée"}}

	// MotifsRefus are the reasons a région gives when refusing a proposal.
	MotifsRefus = []Motif{
		{"probleme_financement", "Problème de financement"},
		{"probleme_bati", "Problème de bâti"},
		{"probleme_transport", "Problème de transport"},
		{"probleme_calendrier", "Problème de calendrier"},
		{"probleme_rh", "Problème de ressources humaines"},
		{"axes_prioritaires", "Hors des axes prioritaires"},
		{"prevision_effectif_faible", "Prévision d'effectif faible"},
		{"concurrence", "Concurrence avec une autre formation"},
		{MotifAutre, "Autre motif"},
	}
)

// Motifs lists the motifs allowed for a type (the 2024/2025 lists of Orion).
func Motifs(t TypeDemande) []Motif {
	switch {
	case t.ouverture(), t.augmentation():
		return motifsOuverture
	case t == Fermeture, t == Diminution:
		return motifsFermeture
	case t == Transfert:
		return motifsTransfert
	case t == Coloration:
		return motifsColoration
	case t == Ajustement:
		return motifsAjustement
	}
	return nil
}

// MotifLibelle is the French label of a motif code, whatever its type; the
// code itself when unknown.
func MotifLibelle(code string) string {
	for _, list := range [][]Motif{motifsOuverture, motifsFermeture, motifsTransfert, motifsColoration, motifsAjustement, MotifsRefus} {
		for _, m := range list {
			if m.Code == code {
				return m.Libelle
			}
		}
	}
	return code
}

func inMotifs(list []Motif, code string) bool {
	for _, m := range list {
		if m.Code == code {
			return true
		}
	}
	return false
}
