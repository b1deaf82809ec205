package proposition

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"
)

// Bilan sums the places of a set of proposals.
type Bilan struct {
	Ouvertes         Places `json:"ouvertes"`
	Fermees          Places `json:"fermees"`
	ColoreesOuvertes Places `json:"coloreesOuvertes"`
	ColoreesFermees  Places `json:"coloreesFermees"`
	Transformees     int    `json:"transformees"` // with each proposal's campaign rule
}

// Solde is places ouvertes − places fermées.
func (b Bilan) Solde() int { return b.Ouvertes.Total() - b.Fermees.Total() }

// RatioFermetures is fermées / (ouvertes + fermées); ok is false when both are 0.
func (b Bilan) RatioFermetures() (ratio float64, ok bool) {
	o, f := b.Ouvertes.Total(), b.Fermees.Total()
	if o+f == 0 {
		return 0, false
	}
	return float64(f) / float64(o+f), true
}

// add sums the places of p into b. Every place count is ≥ 0 and each sum
// stays below maxSum, so that Total, Solde and RatioFermetures, which add
// two sums, cannot overflow either: past it add returns an error and b is
// left as it was, never wrapped.
func (b *Bilan) add(p *Proposition) error {
	o, f, c := PlacesOuvertes(*p), PlacesFermees(*p), PlacesColorees(*p)
	next := *b
	var err error
	acc := func(dst *int, v int) {
		if err == nil {
			*dst, err = sum(*dst, v)
		}
	}
	acc(&next.Ouvertes.Scolaire, o.Scolaire)
	acc(&next.Ouvertes.Apprentissage, o.Apprentissage)
	acc(&next.Fermees.Scolaire, f.Scolaire)
	acc(&next.Fermees.Apprentissage, f.Apprentissage)
	acc(&next.ColoreesOuvertes.Scolaire, c.Ouvertes.Scolaire)
	acc(&next.ColoreesOuvertes.Apprentissage, c.Ouvertes.Apprentissage)
	acc(&next.ColoreesFermees.Scolaire, c.Fermees.Scolaire)
	acc(&next.ColoreesFermees.Apprentissage, c.Fermees.Apprentissage)
	acc(&next.Transformees, PlacesTransformees(*p, p.Campagne))
	if err != nil {
		return err
	}
	*b = next
	return nil
}

// maxSum bounds every sum of places (a quarter of the int range).
const maxSum = math.MaxInt / 4

// ErrOverflow says a sum of places would leave the range the aggregates
// can add without overflow.
var ErrOverflow = errors.New("sum of places too large to be counted without overflow")

func sum(a, v int) (int, error) {
	if a < 0 || v < 0 || a > maxSum-v {
		return a, ErrOverflow
	}
	return a + v, nil
}

// checkCapacites refuses a proposal whose capacities Validate would not
// accept (a journal written before the bound, or by hand): its places are
// not counted, they are reported.
func checkCapacites(p *Proposition) error {
	for _, c := range p.capacities() {
		if c.v < 0 || c.v > MaxCapacite {
			return fmt.Errorf("%s = %d is outside 0–%d, so its places cannot be counted: refuse it (statut « refusée ») through the handler", c.field, c.v, MaxCapacite)
		}
	}
	return nil
}

// CountsInTransformation reports whether a proposal counts in the places
// ouvertes, fermées, colorées and transformées, the solde of the dashboard
// and the taux de transformation: Orion counts every demande except the
// brouillons (which the handler never stores), the refusées and the
// ajustements de rentrée (orion-spec §2), whatever the progress of its
// review.
func (p *Proposition) CountsInTransformation() bool {
	return p.Statut != Refusee && p.TypeDemande != Ajustement
}

// StatutsTransformation lists, in workflow order, the statuts counted by
// CountsInTransformation (for the pages that say what they count).
func StatutsTransformation() []Statut {
	var out []Statut
	for _, s := range Statuts {
		if s != Refusee {
			out = append(out, s)
		}
	}
	return out
}

// Ligne is one row of a breakdown. Counts cover every proposal of the group;
// Places cover those Orion's dashboards count (CountsInTransformation:
// neither refused nor ajustement, whatever the progress of their review);
// PlacesValidees only the validated ones (not ajustement).
type Ligne struct {
	Code           string `json:"code"`
	Libelle        string `json:"libelle"`
	Parent         string `json:"parent,omitempty"` // région of a département
	Propositions   int    `json:"propositions"`
	Validees       int    `json:"validees"`
	Refusees       int    `json:"refusees"`
	Places         Bilan  `json:"places"`
	PlacesValidees Bilan  `json:"placesValidees"`
}

func (l *Ligne) add(p *Proposition) error {
	l.Propositions++
	switch p.Statut {
	case DemandeValidee:
		l.Validees++
	case Refusee:
		l.Refusees++
	}
	if !p.CountsInTransformation() {
		return nil
	}
	if err := l.Places.add(p); err != nil {
		return err
	}
	if p.Statut == DemandeValidee {
		return l.PlacesValidees.add(p)
	}
	return nil
}

// Synthese is the published summary of the proposals: only counts and
// places, never a comment, a free-text motif or who submitted.
type Synthese struct {
	Total          Ligne   `json:"total"`
	ParCampagne    []Ligne `json:"parCampagne"`
	ParRegion      []Ligne `json:"parRegion"`
	ParDepartement []Ligne `json:"parDepartement"` // département = UAI prefix
	ParDomaine     []Ligne `json:"parDomaine"`     // NSF groupe de spécialité
	ParNiveau      []Ligne `json:"parNiveau"`      // niveau de diplôme = CFD prefix
	ParType        []Ligne `json:"parType"`        // every type, in form order
	ParMotif       []Ligne `json:"parMotif"`       // a proposal counts once per motif
	ParStatut      []Ligne `json:"parStatut"`      // every statut, in workflow order
}

// Aggregate sums proposals by campaign, région, département, domaine,
// niveau, type, motif and statut. Rows are sorted by code, except types and
// statuts which keep their form order and are all present. ref gives the
// libellés and the NSF of formations; it may be nil. A counted proposal
// with a capacity out of bounds, or sums that would overflow, give an
// error naming the proposal: nothing is published rather than a wrong
// figure.
func Aggregate(ps []Proposition, ref *Reference) (Synthese, error) {
	if ref == nil {
		ref = &Reference{}
	}
	var s Synthese
	s.Total.Code, s.Total.Libelle = "total", "Total"
	groups := map[string]map[string]*Ligne{}
	get := func(dim, code, libelle string) *Ligne {
		m := groups[dim]
		if m == nil {
			m = map[string]*Ligne{}
			groups[dim] = m
		}
		l := m[code]
		if l == nil {
			l = &Ligne{Code: code, Libelle: libelle}
			m[code] = l
		}
		return l
	}
	for _, t := range Types {
		get("type", string(t), t.Libelle())
	}
	for _, st := range Statuts {
		get("statut", string(st), st.Libelle())
	}
	for i := range ps {
		p := &ps[i]
		if p.CountsInTransformation() {
			if err := checkCapacites(p); err != nil {
				return Synthese{}, fmt.Errorf("aggregate proposals: %s: %w", p.Numero, err)
			}
		}
		dep := DepartementUAI(p.UAI)
		d := get("departement", dep, ref.label("departements", dep))
		d.Parent = p.CodeRegion
		nsf, niv := ref.nsf(p), Niveau(p.CFD)
		lines := []*Ligne{
			&s.Total,
			get("campagne", strconv.Itoa(p.Campagne), "Campagne "+strconv.Itoa(p.Campagne)),
			get("region", p.CodeRegion, ref.RegionLibelle(p.CodeRegion)),
			d,
			get("domaine", nsf, ref.label("domaines", nsf)),
			get("niveau", niv, ref.label("niveaux", niv)),
			get("type", string(p.TypeDemande), p.TypeDemande.Libelle()),
			get("statut", string(p.Statut), p.Statut.Libelle()),
		}
		for _, m := range p.Motifs {
			lines = append(lines, get("motif", m, MotifLibelle(m)))
		}
		for _, l := range lines {
			if err := l.add(p); err != nil {
				return Synthese{}, fmt.Errorf("aggregate proposals: %s (row %s %q): %w", p.Numero, l.Libelle, l.Code, err)
			}
		}
	}
	sorted := func(dim string) []Ligne {
		out := make([]Ligne, 0, len(groups[dim]))
		for _, l := range groups[dim] {
			out = append(out, *l)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
		return out
	}
	ordered := func(dim string, codes []string) []Ligne {
		out := make([]Ligne, 0, len(groups[dim]))
		seen := map[string]bool{}
		for _, c := range codes {
			out = append(out, *groups[dim][c])
			seen[c] = true
		}
		for _, l := range sorted(dim) { // values outside the lists, if any
			if !seen[l.Code] {
				out = append(out, l)
			}
		}
		return out
	}
	var types, statuts []string
	for _, t := range Types {
		types = append(types, string(t))
	}
	for _, st := range Statuts {
		statuts = append(statuts, string(st))
	}
	s.ParCampagne = sorted("campagne")
	s.ParRegion = sorted("region")
	s.ParDepartement = sorted("departement")
	s.ParDomaine = sorted("domaine")
	s.ParNiveau = sorted("niveau")
	s.ParType = ordered("type", types)
	s.ParMotif = sorted("motif")
	s.ParStatut = ordered("statut", statuts)
	return s, nil
}

// Validee is a validated proposal as published: the school and formation
// concerned and the places, nothing typed by a person.
type Validee struct {
	Numero           string      `json:"numero"`
	Campagne         int         `json:"campagne"`
	RentreeScolaire  int         `json:"rentreeScolaire"`
	UAI              string      `json:"uai"`
	Etablissement    string      `json:"etablissement"`
	CodeRegion       string      `json:"codeRegion"`
	CodeDepartement  string      `json:"codeDepartement"`
	CFD              string      `json:"cfd"`
	Formation        string      `json:"formation"`
	CodeDispositif   string      `json:"codeDispositif"`
	CodeNiveau       string      `json:"codeNiveau"`
	CodeNsf          string      `json:"codeNsf"`
	TypeDemande      TypeDemande `json:"typeDemande"`
	Coloration       bool        `json:"coloration"`
	Ouvertes         Places      `json:"ouvertes"`
	Fermees          Places      `json:"fermees"`
	ColoreesOuvertes Places      `json:"coloreesOuvertes"`
	ColoreesFermees  Places      `json:"coloreesFermees"`
	Transformees     int         `json:"transformees"`
	ValideeLe        string      `json:"valideeLe"` // day of the last status change (AAAA-MM-JJ, Paris)
}

// Validees lists the validated proposals, sorted by UAI, CFD, dispositif,
// rentrée and numéro. ref gives names and may be nil. A validated proposal
// with a capacity out of bounds is an error, as for Aggregate.
func Validees(ps []Proposition, ref *Reference) ([]Validee, error) {
	if ref == nil {
		ref = &Reference{}
	}
	var out []Validee
	for i := range ps {
		p := &ps[i]
		if p.Statut != DemandeValidee {
			continue
		}
		if err := checkCapacites(p); err != nil {
			return nil, fmt.Errorf("validated proposals: %s: %w", p.Numero, err)
		}
		v := Validee{
			Numero: p.Numero, Campagne: p.Campagne, RentreeScolaire: p.RentreeScolaire,
			UAI: p.UAI, CodeRegion: p.CodeRegion, CodeDepartement: DepartementUAI(p.UAI),
			CFD: p.CFD, CodeDispositif: p.CodeDispositif, CodeNiveau: Niveau(p.CFD), CodeNsf: ref.nsf(p),
			TypeDemande: p.TypeDemande, Coloration: p.Coloration,
			Ouvertes: PlacesOuvertes(*p), Fermees: PlacesFermees(*p),
			Transformees: PlacesTransformees(*p, p.Campagne),
		}
		c := PlacesColorees(*p)
		v.ColoreesOuvertes, v.ColoreesFermees = c.Ouvertes, c.Fermees
		if !p.UpdatedAt.IsZero() {
			v.ValideeLe = p.UpdatedAt.In(paris).Format(time.DateOnly)
		}
		if e := ref.Etablissement(p.UAI); e != nil {
			v.Etablissement = e.Nom
		}
		if o := ref.Offre(p.UAI, p.CFD, p.CodeDispositif); o != nil && o.Libelle != "" {
			v.Formation = o.Libelle
		} else if f, ok := ref.Formation(p.CFD); ok {
			v.Formation = f.Libelle
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.UAI != b.UAI:
			return a.UAI < b.UAI
		case a.CFD != b.CFD:
			return a.CFD < b.CFD
		case a.CodeDispositif != b.CodeDispositif:
			return a.CodeDispositif < b.CodeDispositif
		case a.RentreeScolaire != b.RentreeScolaire:
			return a.RentreeScolaire < b.RentreeScolaire
		}
		return a.Numero < b.Numero
	})
	return out, nil
}

// DepartementUAI is the département of a school from its UAI, in Orion's
// 3-character form ("001", "075", "971"); Corsican UAIs start with 620
// (02A) and 720 (02B).
func DepartementUAI(uai string) string {
	if len(uai) < 3 {
		return ""
	}
	switch d := uai[:3]; d {
	case "620":
		return "02A"
	case "720":
		return "02B"
	default:
		return d
	}
}

// Niveau is the niveau de diplôme of a CFD (its first 3 characters: 500
// CAP, 400 bac pro, 320 BTS…).
func Niveau(cfd string) string {
	if len(cfd) < 3 {
		return ""
	}
	return cfd[:3]
}

// nsf is the domaine (NSF groupe de spécialité) of a proposal's formation:
// from the school's offre, else the formation list, else the CFD (its
// characters 4-6, as the BCN builds it).
func (r *Reference) nsf(p *Proposition) string {
	if o := r.Offre(p.UAI, p.CFD, p.CodeDispositif); o != nil && o.NSF != "" {
		return o.NSF
	}
	if f, ok := r.Formation(p.CFD); ok && f.NSF != "" {
		return f.NSF
	}
	if len(p.CFD) >= 6 {
		return p.CFD[3:6]
	}
	return ""
}
