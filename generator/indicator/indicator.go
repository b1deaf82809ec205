// Package indicator declares, once, every figure the site publishes: its
// identifier (the CSV column and the chart dimension), its French label,
// unit, glossary entry, numerator and denominator, the perimeter it covers
// and its secret rule (defs.go). Tables, key-figure cards, chart
// dimensions, CSV headers and glossary links all read these declarations;
// package query turns them into the SQL that computes each value, so that a
// ratio is computed in one place, the SQL, and never again in Go.
//
// A Value is a published number or a typed Statut saying why there is none.
// A status stays typed until it is printed: one wording per status, shared by
// pages, CSV status columns and chart twins.
package indicator

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Seuil is the InserJeunes statistical-secret threshold: a rate whose
// denominator is below it is not published (Orion: `const seuil = 20`).
const Seuil = 20

// Statut says whether a value is published and, if not, why.
type Statut int

// The zero value is NonDisponible, so that a value nobody computed is never
// taken for a published zero.
const (
	NonDisponible  Statut = iota // no data for this scope and year in the open files
	Publie                       // the value is published
	Secret                       // InserJeunes denominator below Seuil
	NonCalculable                // the inputs exist but cannot be paired (years)
	NonPublie                    // the producer did not publish it ("nd" in the DEPP files)
	PriveNonRetenu               // a private school's capacity, left out by Orion's rule
	SansObjet                    // the indicator does not apply (taux de pression of a BTS…)
)

var statuts = []struct {
	code, mark, label, explication string
}{
	NonDisponible:  {"non_disponible", "nd", "donnée non disponible", "Donnée absente des fichiers ouverts pour ce périmètre et cette année."},
	Publie:         {"publie", "", "publié", ""},
	Secret:         {"secret", "s", "secret statistique", fmt.Sprintf("Taux non publié : il porte sur moins de %d élèves (secret statistique InserJeunes), et les effectifs qui permettraient de le recalculer ne sont pas publiés non plus.", Seuil)},
	NonCalculable:  {"non_calculable", "nc", "non calculable", "Non calculable : les données disponibles ne portent pas sur la même année (par exemple des effectifs et des capacités de rentrées différentes)."},
	NonPublie:      {"non_publie", "np", "non publié par le producteur", "Non publié par le producteur (« nd » dans les fichiers de la DEPP : effectif trop faible ou donnée manquante)."},
	PriveNonRetenu: {"prive_non_retenu", "nr", "non retenue (établissement privé : règle d'Orion)", "Le fichier publie une valeur, mais Orion ne retient pas les capacités Affelnet des établissements privés : le site applique la même règle."},
	SansObjet:      {"sans_objet", "///", "sans objet", "Cet indicateur ne s'applique pas à cette ligne (par exemple le taux de pression d'un BTS, qui a un taux de demande)."},
}

// String is the status's one wording, used in CSV status columns, table
// cells, chart twins and cards.
func (s Statut) String() string {
	if int(s) < len(statuts) {
		return statuts[s].label
	}
	return fmt.Sprintf("Statut(%d)", int(s))
}

// Mark is the status's short mark in a table cell ("s" for the secret,
// "///" for sans objet, as in INSEE tables); each table's legend spells it
// out.
func (s Statut) Mark() string { return statuts[s].mark }

// Code is the status's identifier in SQL ("secret").
func (s Statut) Code() string { return statuts[s].code }

// Explication is the sentence that explains the status to a reader
// (tooltips, legends, methodology).
func (s Statut) Explication() string { return statuts[s].explication }

// Statuts lists every status, for legends and documentation.
func Statuts() []Statut {
	out := make([]Statut, len(statuts))
	for i := range statuts {
		out[i] = Statut(i)
	}
	return out
}

// ParseStatut reads a status code written by the SQL.
func ParseStatut(code string) (Statut, error) {
	for i, s := range statuts {
		if s.code == code {
			return Statut(i), nil
		}
	}
	return NonDisponible, fmt.Errorf("indicator: unknown status %q", code)
}

// Unit says how a value is stored, rounded and printed.
type Unit int

const (
	Count         Unit = iota // an integer count
	Percent                   // a percentage with one decimal (43,6 %)
	Ratio                     // a ratio with two decimals (1,25)
	Points                    // whole percentage points, as the DEPP publishes them (valeur ajoutée)
	PercentEntier             // a whole percentage, as the DEPP publishes it (51 %)
)

// Decimals is how many decimals a value of the unit carries, in its
// Scaled form and in print.
func (u Unit) Decimals() int {
	switch u {
	case Percent:
		return 1
	case Ratio:
		return 2
	}
	return 0
}

// Scale is the factor between a fraction (a ratio of sums) and the
// scaled integer: 43,6 % of a fraction 0.436 is 436, a ratio 1,25 is 125.
func (u Unit) Scale() int64 {
	switch u {
	case Percent:
		return 1000
	case Ratio:
		return 100
	case Points, PercentEntier:
		return 100
	}
	return 1
}

// Name is the unit's name for the page script ("percent").
func (u Unit) Name() string {
	return [...]string{"count", "percent", "ratio", "points", "percent"}[u]
}

// Value is one published figure or the reason there is none. Scaled is the
// value times 10^Decimals, rounded half up on the exact ratio by the SQL.
type Value struct {
	Scaled int64
	Statut Statut
	Def    *Def
}

// Ok reports whether the value is published.
func (v Value) Ok() bool { return v.Statut == Publie }

// Float is the value as a number in its unit (43.6 for 43,6 %).
func (v Value) Float() float64 {
	return float64(v.Scaled) / math.Pow10(v.unit().Decimals())
}

func (v Value) unit() Unit {
	if v.Def == nil {
		return Count
	}
	return v.Def.Unit
}

// Raw prints the value for a CSV or a sort key: a decimal point, the unit's
// decimals, nothing when it is not published.
func (v Value) Raw() string {
	if !v.Ok() {
		return ""
	}
	d := v.unit().Decimals()
	s := strconv.FormatInt(abs(v.Scaled), 10)
	if d > 0 {
		for len(s) <= d {
			s = "0" + s
		}
		s = s[:len(s)-d] + "." + s[len(s)-d:]
	}
	if v.Scaled < 0 {
		s = "-" + s
	}
	return s
}

// Text prints the value the French way (1 234 ; 43,6 % ; 1,25 ;
// +2,5 points), or the status's wording.
func (v Value) Text() string {
	if !v.Ok() {
		return v.Statut.String()
	}
	return Format(v.unit(), v.Scaled)
}

// Number prints the value without its unit sign (43,6 for a percentage).
func (v Value) Number() string {
	if !v.Ok() {
		return v.Statut.String()
	}
	return frenchNumber(v.Scaled, v.unit().Decimals())
}

// Format prints a scaled value of unit u the French way.
func Format(u Unit, scaled int64) string {
	s := frenchNumber(scaled, u.Decimals())
	switch u {
	case Percent, PercentEntier:
		return s + nbsp + "%"
	case Points:
		if scaled > 0 {
			s = "+" + s
		}
		return s + " point" + map[bool]string{true: "s", false: ""}[abs(scaled) >= 2]
	}
	return s
}

// nbsp is the narrow no-break space French typography puts between
// thousands and before the percent sign.
const nbsp = "\u202f"

func frenchNumber(scaled int64, decimals int) string {
	s := strconv.FormatInt(abs(scaled), 10)
	frac := ""
	if decimals > 0 {
		for len(s) <= decimals {
			s = "0" + s
		}
		s, frac = s[:len(s)-decimals], s[len(s)-decimals:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(nbsp)
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "," + frac
	}
	if scaled < 0 {
		out = "−" + out
	}
	return out
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// Set holds the values of one row, by column name: an indicator's ID, or
// an ID with a suffix for a variant ("taux_pression_departement"). The
// names are shared by every row of a query (Columns), the values are a
// slice: a row costs its values, not a map.
type Set struct {
	cols *Columns
	vals []Value
}

// Columns are the figure columns of a query, in order, shared by its rows.
type Columns struct {
	names []string
	index map[string]int

	mu   sync.Mutex
	with map[string]*merged // Set.With's columns, by the added names
}

// merged are the columns of a set with added names: from[i] is the index
// in the original set of column i, or -1 for an added one.
type merged struct {
	cols *Columns
	from []int
}

// NewColumns indexes figure column names.
func NewColumns(names []string) *Columns {
	c := &Columns{names: names, index: make(map[string]int, len(names))}
	for i, n := range names {
		c.index[n] = i
	}
	return c
}

// Len is the number of columns.
func (c *Columns) Len() int { return len(c.names) }

// NewSet is a row of cols with its values, in the same order.
func NewSet(cols *Columns, vals []Value) Set { return Set{cols: cols, vals: vals} }

// SetOf builds a small set from column → value pairs (tests, merged rows).
func SetOf(m map[string]Value) Set {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	vals := make([]Value, len(names))
	for i, n := range names {
		vals[i] = m[n]
	}
	return Set{cols: NewColumns(names), vals: vals}
}

// Get returns the value of d in the set, NonDisponible when absent.
func (s Set) Get(d *Def) Value { return s.Variant(d, "") }

// Variant returns the value of d's variant suffix ("departement").
func (s Set) Variant(d *Def, suffix string) Value {
	if s.cols != nil {
		if i, ok := s.cols.index[d.Column(suffix)]; ok {
			return s.vals[i]
		}
	}
	return Value{Statut: NonDisponible, Def: d}
}

// Each calls fn with every column and value of the set, in order.
func (s Set) Each(fn func(col string, v Value)) {
	if s.cols == nil {
		return
	}
	for i, n := range s.cols.names {
		fn(n, s.vals[i])
	}
}

// With returns a copy of the set with more or other values, its columns
// in name order. The merged columns are worked out once for a set's
// columns and the names added, and shared by every row given the same.
func (s Set) With(m map[string]Value) Set {
	added := make([]string, 0, len(m))
	for c := range m {
		added = append(added, c)
	}
	sort.Strings(added)
	mc := s.cols.merge(added)
	vals := make([]Value, len(mc.from))
	for i, f := range mc.from {
		if f < 0 {
			vals[i] = m[mc.cols.names[i]]
		} else {
			vals[i] = s.vals[f]
		}
	}
	return Set{cols: mc.cols, vals: vals}
}

// merge gives the columns of c (nil: none) with the names added (sorted),
// in name order.
func (c *Columns) merge(added []string) *merged {
	key := strings.Join(added, "\x00")
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if mc, ok := c.with[key]; ok {
			return mc
		}
	}
	from := map[string]int{}
	if c != nil {
		for i, n := range c.names {
			from[n] = i
		}
	}
	for _, n := range added {
		from[n] = -1
	}
	names := make([]string, 0, len(from))
	for n := range from {
		names = append(names, n)
	}
	sort.Strings(names)
	mc := &merged{cols: NewColumns(names), from: make([]int, len(names))}
	for i, n := range names {
		mc.from[i] = from[n]
	}
	if c != nil {
		if c.with == nil {
			c.with = map[string]*merged{}
		}
		c.with[key] = mc
	}
	return mc
}

// Len is the number of values.
func (s Set) Len() int { return len(s.vals) }

// Quadrant is Orion's position of a formation against reference means.
type Quadrant string

const (
	Q1           Quadrant = "Q1" // emploi ≥ moyenne, poursuite ≥ moyenne
	Q2           Quadrant = "Q2" // emploi ≥ moyenne, poursuite < moyenne
	Q3           Quadrant = "Q3" // emploi < moyenne, poursuite ≥ moyenne
	Q4           Quadrant = "Q4" // both below
	HorsQuadrant Quadrant = "Hors quadrant"
	SansObjetQ   Quadrant = "-" // 2nde commune of a famille de métiers
)

// Code is the quadrant in a CSV: "Q1"…"Q4", "hors quadrant", "sans objet".
func (q Quadrant) Code() string {
	switch q {
	case HorsQuadrant:
		return "hors quadrant"
	case SansObjetQ:
		return "sans objet"
	}
	return string(q)
}

// Libelle names the quadrant in words.
func (q Quadrant) Libelle() string {
	switch q {
	case Q1:
		return "Q1 : forte insertion et forte poursuite d'études"
	case Q2:
		return "Q2 : forte insertion, faible poursuite d'études"
	case Q3:
		return "Q3 : faible insertion, forte poursuite d'études"
	case Q4:
		return "Q4 : faible insertion et faible poursuite d'études"
	case SansObjetQ:
		return "sans objet (seconde commune)"
	}
	return "hors quadrant (taux non publié)"
}

// Position places a formation's taux d'emploi à 6 mois and taux de poursuite
// against the means, compared as published (one decimal): a missing or
// secret value puts it out of the quadrant.
func Position(emploi, poursuite, moyEmploi, moyPoursuite Value) Quadrant {
	if !emploi.Ok() || !poursuite.Ok() || !moyEmploi.Ok() || !moyPoursuite.Ok() {
		return HorsQuadrant
	}
	e, p := emploi.Scaled >= moyEmploi.Scaled, poursuite.Scaled >= moyPoursuite.Scaled
	switch {
	case e && p:
		return Q1
	case e:
		return Q2
	case p:
		return Q3
	default:
		return Q4
	}
}

// Divide is the SQL's rule (package query) for the ratios that do not come
// from DuckDB, those of the proposals journal: num/den rounded half up on
// the exact ratio, not available without a positive denominator, secret
// under Seuil when d says so.
func Divide(d *Def, num, den int64) Value {
	v := Value{Def: d}
	switch {
	case den <= 0 || num < 0:
		v.Statut = NonDisponible
	case d.Secret && den < Seuil:
		v.Statut = Secret
	default:
		v.Statut = Publie
		v.Scaled = roundHalfUp(num, den, d.Unit.Scale())
	}
	return v
}

// roundHalfUp is floor((2·num·scale + den) / (2·den)) for num ≥ 0, den > 0,
// computed without overflow for the counts of the site.
func roundHalfUp(num, den, scale int64) int64 {
	return (2*num*scale + den) / (2 * den)
}
