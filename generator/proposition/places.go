package proposition

import "fmt"

// Places counts training places by voie.
type Places struct {
	Scolaire      int `json:"scolaire"`
	Apprentissage int `json:"apprentissage"`
}

// Total is scolaire + apprentissage.
func (p Places) Total() int { return p.Scolaire + p.Apprentissage }

// Add sums two counts voie by voie.
func (p Places) Add(q Places) Places {
	return Places{p.Scolaire + q.Scolaire, p.Apprentissage + q.Apprentissage}
}

// Colorees are the coloured places a proposal opens and closes.
type Colorees struct {
	Ouvertes Places `json:"ouvertes"`
	Fermees  Places `json:"fermees"`
}

// delta is a voie's change: d = future − actuelle for all places, dc for the
// coloured ones (0 without coloration).
type delta struct{ d, dc int }

func (p *Proposition) deltas() (scolaire, apprentissage delta) {
	scolaire.d = p.CapaciteScolaire - p.CapaciteScolaireActuelle
	apprentissage.d = p.CapaciteApprentissage - p.CapaciteApprentissageActuelle
	if p.Coloration {
		scolaire.dc = p.CapaciteScolaireColoree - p.CapaciteScolaireColoreeActuelle
		apprentissage.dc = p.CapaciteApprentissageColoree - p.CapaciteApprentissageColoreeActuelle
	}
	return scolaire, apprentissage
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// PlacesOuvertes counts the places a proposal opens, per voie, as Orion
// does (S:utils/countCapacite/countPlacesOuvertes.ts): without coloration
// max(Δ, 0). With coloration, a coloration request opens nothing; otherwise
// Δ ≥ 0 opens Δ when the coloured places fall (Δcol < 0), and when they rise
// only if the rise of all places is at least as large (|Δ| ≥ |Δcol|): the
// rest is a coloration of existing places, not an opening.
func PlacesOuvertes(p Proposition) Places {
	s, a := p.deltas()
	f := func(v delta) int {
		switch {
		case !p.Coloration:
			return max(v.d, 0)
		case p.TypeDemande == Coloration, v.d < 0:
			return 0
		case v.dc < 0:
			return v.d
		case abs(v.d) >= abs(v.dc):
			return abs(v.d)
		}
		return 0
	}
	return Places{f(s), f(a)}
}

// PlacesFermees counts the places a proposal closes, per voie
// (countPlacesFermees.ts): without coloration max(−Δ, 0). With coloration,
// a coloration request closes nothing; Δ < 0 closes |Δ| when the coloured
// places do not fall, and when they fall only if |Δ| ≥ |Δcol|.
func PlacesFermees(p Proposition) Places {
	s, a := p.deltas()
	f := func(v delta) int {
		switch {
		case !p.Coloration:
			return max(-v.d, 0)
		case p.TypeDemande == Coloration, v.d >= 0:
			return 0
		case v.dc >= 0:
			return abs(v.d)
		case abs(v.d) >= abs(v.dc):
			return abs(v.d)
		}
		return 0
	}
	return Places{f(s), f(a)}
}

// PlacesColorees counts the coloured places a proposal opens (Δcol > 0) and
// closes (Δcol < 0), per voie (countPlacesColorees.ts); none without
// coloration.
func PlacesColorees(p Proposition) Colorees {
	s, a := p.deltas()
	return Colorees{
		Ouvertes: Places{max(s.dc, 0), max(a.dc, 0)},
		Fermees:  Places{max(-s.dc, 0), max(-a.dc, 0)},
	}
}

// PlacesTransformees counts the places a proposal transforms with the rule
// of its campaign (countPlacesTransformeesParCampagne):
//
//   - 2023 (and before): places ouvertes (both voies) + places fermées in
//     voie scolaire; coloured places do not count;
//   - 2024: places ouvertes + places fermées (both voies) + coloured places
//     opened;
//   - 2025 and after, per voie: max(|Δ|, |Δcol|) when Δ and Δcol have the
//     same sign, |Δ| + |Δcol| otherwise.
func PlacesTransformees(p Proposition, campagne int) int {
	switch {
	case campagne <= 2023:
		return PlacesOuvertes(p).Total() + PlacesFermees(p).Scolaire
	case campagne == 2024:
		return PlacesOuvertes(p).Total() + PlacesFermees(p).Total() + PlacesColorees(p).Ouvertes.Total()
	}
	s, a := p.deltas()
	f := func(v delta) int {
		if (v.d >= 0) == (v.dc >= 0) {
			return max(abs(v.d), abs(v.dc))
		}
		return abs(v.d) + abs(v.dc)
	}
	return f(s) + f(a)
}

// TauxTransformation is places transformées / first-year effectif of the
// constat de rentrée (Orion's objective: 6 %). ok is false without effectif.
func TauxTransformation(transformees, effectif int) (taux float64, ok bool) {
	if effectif <= 0 {
		return 0, false
	}
	return float64(transformees) / float64(effectif), true
}

// ObjectifTauxTransformation is Orion's yearly objective (SH:objectives/TAUX_TRANSFO.ts).
const ObjectifTauxTransformation = 0.06

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

// CheckCapacites refuses a proposal whose capacities Validate would not
// accept (a journal written before the bound, or by hand): its places
// cannot be counted, they are reported.
func (p *Proposition) CheckCapacites() error {
	for _, c := range p.capacities() {
		if c.v < 0 || c.v > MaxCapacite {
			return fmt.Errorf("%s = %d is outside 0–%d, so its places cannot be counted: refuse it (statut « refusée ») through the handler", c.field, c.v, MaxCapacite)
		}
	}
	return nil
}
