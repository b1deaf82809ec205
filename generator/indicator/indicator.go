// Package indicator holds Orion's indicator rules: the division of summed
// numerators by summed denominators, the statistical-secret threshold of
// InserJeunes rates, and the quadrant position of a formation against the
// regional means. Inputs are sums (nil = not available); outputs say why a
// value is missing so that pages and CSVs can tell the reader.
package indicator

// Seuil is the InserJeunes statistical-secret threshold: a rate whose
// denominator is below it is not published (Orion: `const seuil = 20`).
const Seuil = 20

// Statut says whether a value is published and, if not, why.
type Statut int

// The zero value is NonDisponible, so that a rate nobody computed is never
// taken for a published zero.
const (
	NonDisponible Statut = iota // no data for this scope and year
	Publie                      // the value is published
	Secret                      // InserJeunes denominator below Seuil
	NonCalculable               // the inputs exist but cannot be paired (years)
)

// String is the French label used in CSV status columns and on pages.
func (s Statut) String() string {
	switch s {
	case Publie:
		return "publié"
	case Secret:
		return "secret statistique"
	case NonCalculable:
		return "non calculable"
	default:
		return "donnée non disponible"
	}
}

// Taux is a rate (a fraction, 0.436 = 43,6 %) with its status.
type Taux struct {
	Valeur float64
	Statut Statut
	Num    int64
	Den    int64
}

// Ok reports whether the rate is published.
func (t Taux) Ok() bool { return t.Statut == Publie }

// Pourcent is the rate in percent.
func (t Taux) Pourcent() float64 { return 100 * t.Valeur }

// InserJeunes divides summed InserJeunes counts and applies the secret:
// nothing below Seuil is published.
func InserJeunes(num, den *int64) Taux {
	if num == nil || den == nil || *den <= 0 {
		return Taux{Statut: NonDisponible}
	}
	t := Taux{Num: *num, Den: *den, Statut: Publie}
	if *den < Seuil {
		t.Statut = Secret
		return t
	}
	t.Valeur = float64(*num) / float64(*den)
	return t
}

// Ratio divides summed entry figures (taux de pression, de demande, de
// remplissage): no threshold, as in Orion.
func Ratio(num, den *int64) Taux {
	if num == nil || den == nil || *den <= 0 {
		return Taux{Statut: NonDisponible}
	}
	return Taux{Valeur: float64(*num) / float64(*den), Num: *num, Den: *den, Statut: Publie}
}

// Quadrant is Orion's position of a formation against reference means.
type Quadrant string

const (
	Q1           Quadrant = "Q1" // emploi ≥ moyenne, poursuite ≥ moyenne
	Q2           Quadrant = "Q2" // emploi ≥ moyenne, poursuite < moyenne
	Q3           Quadrant = "Q3" // emploi < moyenne, poursuite ≥ moyenne
	Q4           Quadrant = "Q4" // both below
	HorsQuadrant Quadrant = "Hors quadrant"
	SansObjet    Quadrant = "-" // 2nde commune of a famille de métiers
)

// Position places a formation's taux d'emploi 6 mois and taux de poursuite
// against the means; a missing or secret value puts it out of the quadrant.
// Orion compares values rounded to two decimals of a percent.
func Position(emploi, poursuite, moyEmploi, moyPoursuite Taux) Quadrant {
	if !emploi.Ok() || !poursuite.Ok() || !moyEmploi.Ok() || !moyPoursuite.Ok() {
		return HorsQuadrant
	}
	e, p := round2(emploi.Pourcent()), round2(poursuite.Pourcent())
	me, mp := round2(moyEmploi.Pourcent()), round2(moyPoursuite.Pourcent())
	switch {
	case e >= me && p >= mp:
		return Q1
	case e >= me:
		return Q2
	case p >= mp:
		return Q3
	default:
		return Q4
	}
}

func round2(x float64) float64 {
	if x < 0 {
		return -round2(-x)
	}
	return float64(int64(x*100+0.5)) / 100
}
