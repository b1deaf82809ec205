package proposition

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FieldErrors maps a field name to a French message saying what is wrong
// and what is expected. Keys are form field names, plus "campagne" (the
// campaign is closed), "capacitesActuelles" and "capacitesFutures" (rules on
// the sum of both voies).
type FieldErrors map[string]string

// FieldError is one entry of FieldErrors.
type FieldError struct {
	Field   string `json:"champ"`
	Label   string `json:"libelle"`
	Message string `json:"message"`
}

// Sorted lists the errors in form order (unknown fields last, by name).
func (e FieldErrors) Sorted() []FieldError {
	out := make([]FieldError, 0, len(e))
	for f, m := range e {
		out = append(out, FieldError{Field: f, Label: FieldLabel(f), Message: m})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := fieldRank(out[i].Field), fieldRank(out[j].Field)
		if a != b {
			return a < b
		}
		return out[i].Field < out[j].Field
	})
	return out
}

// add keeps the first message of a field: it is the most basic one.
func (e FieldErrors) add(field, format string, args ...any) {
	if _, ok := e[field]; !ok {
		e[field] = fmt.Sprintf(format, args...)
	}
}

// Fields lists the form fields in form order with their French label.
var Fields = []Code{
	{"campagne", "Campagne"},
	{"uai", "Établissement (UAI)"},
	{"cfd", "Formation (code diplôme)"},
	{"codeDispositif", "Dispositif"},
	{"rentreeScolaire", "Rentrée scolaire"},
	{"typeDemande", "Type de demande"},
	{"coloration", "Coloration"},
	{"libelleColoration1", "Libellé de la coloration"},
	{"libelleColoration2", "Second libellé de coloration"},
	{"capaciteScolaireActuelle", "Capacité scolaire actuelle"},
	{"capaciteScolaire", "Capacité scolaire future"},
	{"capaciteScolaireColoreeActuelle", "Capacité scolaire colorée actuelle"},
	{"capaciteScolaireColoree", "Capacité scolaire colorée future"},
	{"capaciteApprentissageActuelle", "Capacité en apprentissage actuelle"},
	{"capaciteApprentissage", "Capacité en apprentissage future"},
	{"capaciteApprentissageColoreeActuelle", "Capacité en apprentissage colorée actuelle"},
	{"capaciteApprentissageColoree", "Capacité en apprentissage colorée future"},
	{"capacitesActuelles", "Capacités actuelles (total)"},
	{"capacitesFutures", "Capacités futures (total)"},
	{"motif", "Motifs"},
	{"autreMotif", "Autre motif"},
	{"commentaire", "Commentaire"},
	{"statut", "Statut"},
	{"motifRefus", "Motifs de refus"},
	{"autreMotifRefus", "Autre motif de refus"},
	{"cle", "Clé d'idempotence"},
}

// FieldLabel is the French label of a field, or the name itself.
func FieldLabel(field string) string {
	for _, f := range Fields {
		if f.Code == field {
			return f.Libelle
		}
	}
	return field
}

func fieldRank(field string) int {
	for i, f := range Fields {
		if f.Code == field {
			return i
		}
	}
	return len(Fields)
}

// capacity names one of the 8 capacity fields and its value.
type capacity struct {
	field string
	v     int
}

func (p *Proposition) capacities() []capacity {
	return []capacity{
		{"capaciteScolaireActuelle", p.CapaciteScolaireActuelle},
		{"capaciteScolaire", p.CapaciteScolaire},
		{"capaciteScolaireColoreeActuelle", p.CapaciteScolaireColoreeActuelle},
		{"capaciteScolaireColoree", p.CapaciteScolaireColoree},
		{"capaciteApprentissageActuelle", p.CapaciteApprentissageActuelle},
		{"capaciteApprentissage", p.CapaciteApprentissage},
		{"capaciteApprentissageColoreeActuelle", p.CapaciteApprentissageColoreeActuelle},
		{"capaciteApprentissageColoree", p.CapaciteApprentissageColoree},
	}
}

// Validate applies every rule of Orion's form (demandeValidators.ts) and of
// its server (campaign open, known school and formation, rentrée of the
// campaign) to p. The result is empty when p is acceptable. Validate does
// not look for duplicates: that needs the journal (Journal.Submit).
func Validate(p Proposition, ref *Reference, now time.Time) FieldErrors {
	e := FieldErrors{}
	c := ref.Campagne

	// Campaign.
	if !c.Open(now) {
		if c.Statut != CampagneEnCours {
			e.add("campagne", "La campagne %d n'est pas ouverte (statut : %s).", c.Annee, c.Statut)
		} else {
			e.add("campagne", "La campagne %d est ouverte du %s au %s inclus.", c.Annee, frDate(c.Debut), frDate(c.Fin))
		}
	}

	// Établissement and formation.
	etab := ref.Etablissement(p.UAI)
	switch {
	case strings.TrimSpace(p.UAI) == "":
		e.add("uai", "Indiquez le code UAI de l'établissement (8 caractères, par exemple 0010001W).")
	case !validUAI(strings.ToUpper(p.UAI)):
		e.add("uai", "Le code UAI « %s » est mal formé : 7 chiffres puis une lettre, par exemple 0010001W.", p.UAI)
	case etab == nil:
		e.add("uai", "L'établissement %s n'est pas dans la liste des établissements de la campagne.", p.UAI)
	}
	_, cfdKnown := ref.Formation(p.CFD)
	switch {
	case p.CFD == "":
		e.add("cfd", "Indiquez le code diplôme de la formation (8 chiffres).")
	case !validCFD(p.CFD):
		e.add("cfd", "Le code diplôme « %s » est mal formé : 8 chiffres attendus.", p.CFD)
	case !cfdKnown:
		e.add("cfd", "Le code diplôme %s n'est pas une formation connue.", p.CFD)
	}
	switch {
	case p.CodeDispositif == "":
		e.add("codeDispositif", "Choisissez le dispositif de formation.")
	case !ref.KnownDispositif(p.CodeDispositif):
		e.add("codeDispositif", "Le dispositif %s n'est pas connu.", p.CodeDispositif)
	}
	if etab != nil && cfdKnown && ref.KnownDispositif(p.CodeDispositif) && !p.TypeDemande.ouverture() &&
		ref.Offre(p.UAI, p.CFD, p.CodeDispositif) == nil {
		e.add("cfd", "L'établissement %s ne propose pas la formation %s (dispositif %s) : seule une ouverture est possible.", strings.ToUpper(p.UAI), p.CFD, p.CodeDispositif)
	}

	// Rentrée.
	switch {
	case p.RentreeScolaire == 0:
		e.add("rentreeScolaire", "Indiquez la rentrée scolaire concernée (%d ou %d).", c.Annee, c.Annee+1)
	case p.TypeDemande == Ajustement && p.RentreeScolaire != c.Annee:
		e.add("rentreeScolaire", "Un ajustement ne concerne que la rentrée %d.", c.Annee)
	case p.RentreeScolaire != c.Annee && p.RentreeScolaire != c.Annee+1:
		e.add("rentreeScolaire", "La campagne %d porte sur la rentrée %d ou %d.", c.Annee, c.Annee, c.Annee+1)
	}

	// Type.
	t := p.TypeDemande
	if t == "" {
		e.add("typeDemande", "Choisissez le type de demande.")
	} else if !t.Known() {
		e.add("typeDemande", "Le type de demande « %s » n'existe pas.", t)
	}

	// Coloration.
	switch {
	case t == Coloration && !p.Coloration:
		e.add("coloration", "Une demande de coloration doit être colorée : cochez « Coloration ».")
	case p.Coloration && strings.TrimSpace(p.LibelleColoration1) == "":
		e.add("libelleColoration1", "Indiquez le libellé de la coloration.")
	case !p.Coloration && p.LibelleColoration1 != "":
		e.add("libelleColoration1", "Un libellé de coloration n'est possible que pour une formation colorée.")
	}
	if p.LibelleColoration2 != "" && strings.TrimSpace(p.LibelleColoration1) == "" {
		e.add("libelleColoration2", "Le second libellé de coloration n'est possible qu'avec un premier libellé.")
	}
	textRules(e, "libelleColoration1", p.LibelleColoration1, MaxLibelle, false)
	textRules(e, "libelleColoration2", p.LibelleColoration2, MaxLibelle, false)

	capacityRules(e, &p)
	motifRules(e, &p)
	textRules(e, "commentaire", p.Commentaire, MaxCommentaire, true)

	// Statut: a new proposal is a "proposition"; a refusal needs its motifs.
	switch {
	case p.Statut == "":
	case !p.Statut.known():
		e.add("statut", "Le statut « %s » n'existe pas.", p.Statut)
	case p.Statut == Refusee:
		for f, m := range RefusErrors(p.MotifsRefus, p.AutreMotifRefus) {
			e.add(f, "%s", m)
		}
	}
	return e
}

func capacityRules(e FieldErrors, p *Proposition) {
	t := p.TypeDemande
	outside := false
	for _, c := range p.capacities() {
		switch {
		case c.v < 0:
			e.add(c.field, "La capacité doit être un nombre entier positif ou nul (%d saisi).", c.v)
			outside = true
		case c.v > MaxCapacite:
			e.add(c.field, "La capacité ne peut pas dépasser %d places (%d saisi).", MaxCapacite, c.v)
			outside = true
		}
	}
	if outside {
		// The rules below compare and add capacities: with a value out of
		// bounds they would blame fields typed correctly.
		return
	}
	sa, sf := p.CapaciteScolaireActuelle, p.CapaciteScolaire
	aa, af := p.CapaciteApprentissageActuelle, p.CapaciteApprentissage
	sca, scf := p.CapaciteScolaireColoreeActuelle, p.CapaciteScolaireColoree
	aca, acf := p.CapaciteApprentissageColoreeActuelle, p.CapaciteApprentissageColoree
	sumA, sumF := sa+aa, sf+af

	switch {
	case t.ouverture():
		if sa != 0 {
			e.add("capaciteScolaireActuelle", "Pour une ouverture, la capacité scolaire actuelle doit être 0.")
		}
		if aa != 0 {
			e.add("capaciteApprentissageActuelle", "Pour une ouverture, la capacité en apprentissage actuelle doit être 0.")
		}
	case t == Fermeture:
		if sf != 0 {
			e.add("capaciteScolaire", "Pour une fermeture, la capacité scolaire future doit être 0.")
		}
		if af != 0 {
			e.add("capaciteApprentissage", "Pour une fermeture, la capacité en apprentissage future doit être 0.")
		}
	case t.augmentation(), t == Ajustement:
		if sf < sa {
			e.add("capaciteScolaire", "Pour une augmentation, la capacité scolaire future (%d) ne peut pas être inférieure à l'actuelle (%d).", sf, sa)
		}
		if af < aa {
			e.add("capaciteApprentissage", "Pour une augmentation, la capacité en apprentissage future (%d) ne peut pas être inférieure à l'actuelle (%d).", af, aa)
		}
		if sumF <= sumA {
			e.add("capacitesFutures", "Pour une augmentation, le total des capacités futures (%d) doit dépasser le total actuel (%d).", sumF, sumA)
		}
	case t == Diminution:
		if sf > sa {
			e.add("capaciteScolaire", "Pour une diminution, la capacité scolaire future (%d) ne peut pas dépasser l'actuelle (%d).", sf, sa)
		}
		if af > aa {
			e.add("capaciteApprentissage", "Pour une diminution, la capacité en apprentissage future (%d) ne peut pas dépasser l'actuelle (%d).", af, aa)
		}
		if sumF >= sumA {
			e.add("capacitesFutures", "Pour une diminution, le total des capacités futures (%d) doit être inférieur au total actuel (%d).", sumF, sumA)
		}
	case t == Transfert:
		if af <= aa || af <= 0 {
			e.add("capaciteApprentissage", "Pour un transfert, la capacité en apprentissage future (%d) doit dépasser l'actuelle (%d).", af, aa)
		}
		if sf >= sa {
			e.add("capaciteScolaire", "Pour un transfert vers l'apprentissage, la capacité scolaire future (%d) doit être inférieure à l'actuelle (%d).", sf, sa)
		}
	}

	// Coloured places are a subset of the places of the same voie and moment
	// (per voie, which implies Orion's rule on the sums).
	for _, r := range []struct {
		field        string
		colour, base int
	}{
		{"capaciteScolaireColoreeActuelle", sca, sa},
		{"capaciteScolaireColoree", scf, sf},
		{"capaciteApprentissageColoreeActuelle", aca, aa},
		{"capaciteApprentissageColoree", acf, af},
	} {
		if !p.Coloration && r.colour != 0 {
			e.add(r.field, "Sans coloration, la capacité colorée doit être 0.")
		} else if r.colour > max(r.base, 0) {
			e.add(r.field, "La capacité colorée (%d) ne peut pas dépasser la capacité correspondante (%d).", r.colour, r.base)
		}
	}

	if sumA <= 0 && !t.ouverture() && t != Ajustement && t.Known() {
		e.add("capacitesActuelles", "Indiquez les capacités actuelles : leur total doit être supérieur à 0 pour ce type de demande.")
	}
	if sumF <= 0 && t != Fermeture && t != Coloration && t.Known() {
		e.add("capacitesFutures", "Indiquez les capacités futures : leur total doit être supérieur à 0 pour ce type de demande.")
	}
}

func motifRules(e FieldErrors, p *Proposition) {
	t := p.TypeDemande
	allowed := Motifs(t)
	autre := false
	seen := map[string]bool{}
	for _, m := range p.Motifs {
		if seen[m] {
			e.add("motif", "Le motif « %s » est donné deux fois.", MotifLibelle(m))
		}
		seen[m] = true
		if m == MotifAutre {
			autre = true
		}
		if allowed != nil && !inMotifs(allowed, m) {
			e.add("motif", "Le motif « %s » n'est pas un motif possible pour « %s ».", MotifLibelle(m), t.Libelle())
		}
	}
	if len(p.Motifs) == 0 && t != Ajustement && t.Known() {
		e.add("motif", "Choisissez au moins un motif.")
	}
	switch {
	case autre && strings.TrimSpace(p.AutreMotif) == "":
		e.add("autreMotif", "Précisez l'autre motif.")
	case !autre && p.AutreMotif != "":
		e.add("autreMotif", "Précisez un autre motif seulement si le motif « Autre motif » est coché.")
	}
	textRules(e, "autreMotif", p.AutreMotif, MaxAutreMotif, false)
}

// RefusErrors checks the motifs of a refusal: at least one, each from
// MotifsRefus, and a precision exactly when "autre" is chosen.
func RefusErrors(motifs []string, autreMotif string) FieldErrors {
	e := FieldErrors{}
	if len(motifs) == 0 {
		e.add("motifRefus", "Un refus doit être motivé : choisissez au moins un motif de refus.")
	}
	autre := false
	for _, m := range motifs {
		if !inMotifs(MotifsRefus, m) {
			e.add("motifRefus", "Le motif de refus « %s » n'existe pas.", m)
		}
		if m == MotifAutre {
			autre = true
		}
	}
	switch {
	case autre && strings.TrimSpace(autreMotif) == "":
		e.add("autreMotifRefus", "Précisez l'autre motif de refus.")
	case !autre && autreMotif != "":
		e.add("autreMotifRefus", "Précisez un autre motif de refus seulement si « Autre motif » est coché.")
	}
	textRules(e, "autreMotifRefus", autreMotif, MaxAutreMotif, false)
	return e
}

func textRules(e FieldErrors, field, s string, max int, multiline bool) {
	if msg := TextProblem(s, multiline); msg != "" {
		e.add(field, "%s", msg)
	}
	if n := utf8.RuneCountInString(s); n > max {
		e.add(field, "Le texte est trop long : %d caractères au plus (%d saisis).", max, n)
	}
}

// TextProblem says, in French, why s cannot be stored as the text of a
// field, or "" when it can. Refused: bytes that are not UTF-8, control
// characters (NUL, escape, bell… C0, DEL and C1), of which a multiline
// field (the commentaire) allows tab and newline only, and the
// bidirectional embedding, override and isolate marks, which make a text
// display otherwise than it reads.
func TextProblem(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "Le texte contient des octets qui ne sont pas de l'UTF-8 valide : saisissez-le à nouveau."
	}
	for _, r := range s {
		switch {
		case multiline && (r == '\t' || r == '\n'):
		case unicode.IsControl(r):
			if multiline {
				return fmt.Sprintf("Le texte contient un caractère de contrôle invisible (U+%04X) : seuls la tabulation et le retour à la ligne sont permis.", r)
			}
			return fmt.Sprintf("Le texte contient un caractère de contrôle invisible (U+%04X), ce qui comprend ici tabulation et retour à la ligne : supprimez-le.", r)
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("Le texte contient une marque de sens d'écriture invisible (U+%04X) : supprimez-la.", r)
		}
	}
	return ""
}

var moisFr = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

func frDate(d Date) string {
	return fmt.Sprintf("%d %s %d", d.Day(), moisFr[d.Month()-1], d.Year())
}

// TransitionError says the workflow does not allow a status change.
type TransitionError struct{ De, Vers Statut }

func (e *TransitionError) Error() string {
	return fmt.Sprintf("passage de « %s » à « %s » non permis", e.De.Libelle(), e.Vers.Libelle())
}

// Error makes FieldErrors usable as an error (the journal's ChangeStatut
// returns it).
func (e FieldErrors) Error() string {
	var b strings.Builder
	for i, fe := range e.Sorted() {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(fe.Field + ": " + fe.Message)
	}
	return b.String()
}
