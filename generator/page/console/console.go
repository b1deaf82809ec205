// Package console computes the aggregates of the proposals journal that the
// console and the transformation dashboard publish (generator/page): counts
// and places by campagne, région, département, domaine, niveau, type, motif
// and statut (Aggregate), and the validated proposals (Validees). Only
// counts, places and the names of the reference leave it, never a comment,
// a free-text motif or who submitted. The rules it applies (which places a
// proposal opens, closes and transforms, which proposals count) are package
// proposition's.
package console

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/orion-static/orion/generator/proposition"
)

// Bilan sums the places of a set of proposals.
type Bilan struct {
	Ouvertes         proposition.Places `json:"ouvertes"`
	Fermees          proposition.Places `json:"fermees"`
	ColoreesOuvertes proposition.Places `json:"coloreesOuvertes"`
	ColoreesFermees  proposition.Places `json:"coloreesFermees"`
	Transformees     int                `json:"transformees"` // with each proposal's campaign rule
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
func (b *Bilan) add(p *proposition.Proposition) error {
	o, f, c := proposition.PlacesOuvertes(*p), proposition.PlacesFermees(*p), proposition.PlacesColorees(*p)
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
	acc(&next.Transformees, proposition.PlacesTransformees(*p, p.Campagne))
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

// Ligne is one row of a breakdown. Counts cover every proposal of the group;
// Places cover those Orion's dashboards count
// (proposition.CountsInTransformation: neither refused nor ajustement,
// whatever the progress of their review); PlacesValidees only the validated
// ones (not ajustement).
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

func (l *Ligne) add(p *proposition.Proposition) error {
	l.Propositions++
	switch p.Statut {
	case proposition.DemandeValidee:
		l.Validees++
	case proposition.Refusee:
		l.Refusees++
	}
	if !p.CountsInTransformation() {
		return nil
	}
	if err := l.Places.add(p); err != nil {
		return err
	}
	if p.Statut == proposition.DemandeValidee {
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
	ParDepartement []Ligne `json:"parDepartement"` // département of the UAI ("35", "2A", "971")
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
func Aggregate(ps []proposition.Proposition, ref *proposition.Reference) (Synthese, error) {
	if ref == nil {
		ref = &proposition.Reference{}
	}
	departements, domaines, niveaux := labels(ref.Departements), labels(ref.Domaines), labels(ref.Niveaux)
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
	for _, t := range proposition.Types {
		get("type", string(t), t.Libelle())
	}
	for _, st := range proposition.Statuts {
		get("statut", string(st), st.Libelle())
	}
	for i := range ps {
		p := &ps[i]
		if p.CountsInTransformation() {
			if err := p.CheckCapacites(); err != nil {
				return Synthese{}, fmt.Errorf("aggregate proposals: %s: %w", p.Numero, err)
			}
		}
		dep := departement(p.UAI)
		d := get("departement", dep, departements[dep])
		d.Parent = p.CodeRegion
		dom, niv := nsf(ref, p), niveau(p.CFD)
		lines := []*Ligne{
			&s.Total,
			get("campagne", strconv.Itoa(p.Campagne), "Campagne "+strconv.Itoa(p.Campagne)),
			get("region", p.CodeRegion, ref.RegionLibelle(p.CodeRegion)),
			d,
			get("domaine", dom, domaines[dom]),
			get("niveau", niv, niveaux[niv]),
			get("type", string(p.TypeDemande), p.TypeDemande.Libelle()),
			get("statut", string(p.Statut), p.Statut.Libelle()),
		}
		for _, m := range p.Motifs {
			lines = append(lines, get("motif", m, proposition.MotifLibelle(m)))
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
	for _, t := range proposition.Types {
		types = append(types, string(t))
	}
	for _, st := range proposition.Statuts {
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

// labels maps the codes of a nomenclature of the reference to their
// libellés.
func labels(list []proposition.Code) map[string]string {
	m := make(map[string]string, len(list))
	for _, c := range list {
		m[c.Code] = c.Libelle
	}
	return m
}

// departement is the département of a school from its UAI, in the usual
// form the reference lists ("01", "35", "2A", "971"): a UAI starts with the
// département on 3 characters ("035", "971"), Corsica's with 620 (2A) and
// 720 (2B).
func departement(uai string) string {
	if len(uai) < 3 {
		return ""
	}
	switch d := uai[:3]; {
	case d == "620":
		return "2A"
	case d == "720":
		return "2B"
	case d[0] == '0':
		return d[1:]
	default:
		return d
	}
}

// niveau is the niveau de diplôme of a CFD (its first 3 characters: 500
// CAP, 400 bac pro, 320 BTS…).
func niveau(cfd string) string {
	if len(cfd) < 3 {
		return ""
	}
	return cfd[:3]
}

// nsf is the domaine (NSF groupe de spécialité) of a proposal's formation:
// from the school's offre, else the formation list, else the CFD (its
// characters 4-6, as the BCN builds it).
func nsf(r *proposition.Reference, p *proposition.Proposition) string {
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
