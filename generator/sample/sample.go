// Package sample writes a fictional data set in the same formats and layout
// as the real open-data bundle, so that the same readers run on it: real
// territories and real formation codes (from an embedded seed extracted
// from the real nomenclatures), invented schools ("Lycée professionnel
// fictif …") and invented figures for every year, calibrated on the real
// distributions (shared/data/GUIDE.md §5). It is the embedded default of
// `orion build` and the input of the benchmarks (--scale).
package sample

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Options choose the data set: the same options give the same bytes.
type Options struct {
	Seed  int64
	Scale int // multiplies the number of schools; at least 1
}

// Rentrées simulated (earlier ones feed the older InserJeunes millésimes)
// and published.
const (
	firstRentree = 2016
	lastRentree  = 2024
)

var (
	constatYears    = []int{2020, 2021, 2022, 2023, 2024}
	affelnetYears   = []int{2021, 2022, 2023, 2024}
	parcoursupYears = []int{2022, 2023, 2024}
	millesimesIJ    = []int{2020, 2021, 2022, 2023} // second year of each millésime
	millesimesDEPP  = []int{2019, 2020, 2021, 2022, 2023}
)

type school struct {
	uai, nom     string
	ter          Territoire
	commune      Commune
	public, lpo  bool
	agri, noName bool
	cfa          bool
	va           float64
	opened       int // first IPS rentrée
	offers       []*offer
}

type offer struct {
	f          *Formation
	cap        int
	pressure   float64
	fill       float64
	eff        map[int][]int // rentrée → effectif by year of study (index 0 = année 1)
	capY       map[int]int
	voeuxY     map[int]int
	firstYear  int // year of study of entry (2 for a spécialité of a famille)
	schoolBias float64
}

type gen struct {
	r       *rand.Rand
	seed    *Seed
	opt     Options
	schools []*school
	byCFD   map[string]*Formation
	terr    map[string]Territoire
}

// Write writes the whole fictional data directory into dir.
func Write(ctx context.Context, dir string, opt Options) error {
	if opt.Scale < 1 {
		return fmt.Errorf("sample: scale %d, want at least 1", opt.Scale)
	}
	s, err := LoadSeed()
	if err != nil {
		return err
	}
	formats, files, manifest, err := readFormats()
	if err != nil {
		return err
	}
	g := &gen{r: rand.New(rand.NewPCG(uint64(opt.Seed), 0x0F1C7)), seed: s, opt: opt,
		byCFD: map[string]*Formation{}, terr: map[string]Territoire{}}
	for i := range s.Formations {
		g.byCFD[s.Formations[i].CFD] = &s.Formations[i]
	}
	for _, t := range s.Territoires {
		g.terr[t.Departement] = t
	}
	g.makeSchools()
	content := g.files()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		rows, ok := content[f.Path]
		if !ok {
			return fmt.Errorf("sample: nothing generated for %s", f.Path)
		}
		if err := writeFile(dir, f.Path, formats[f.Format], rows); err != nil {
			return fmt.Errorf("sample: %w", err)
		}
	}
	return os.WriteFile(filepath.Join(dir, "manifest.json"), manifest, 0o644)
}

// --- random helpers

func (g *gen) normal(mean, sd float64) float64 { return mean + sd*g.r.NormFloat64() }
func (g *gen) chance(p float64) bool           { return g.r.Float64() < p }
func (g *gen) pick(n int) int                  { return g.r.IntN(n) }

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

func round(x float64) int { return int(math.Round(x)) }

// stable returns a deterministic pseudo-random number in [-1, 1] from a key,
// so that a région × formation effect is the same for every school.
func stable(key string) float64 {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return float64(h%20001)/10000 - 1
}

var names = []string{
	"des Tilleuls", "Jean Fictif", "du Val d'Exemple", "Marie Imaginaire", "des Métiers de Nullepart",
	"Les Hauts de Fiction", "Simone Inventée", "du Parc Factice", "Paul Supposé", "de la Vallée Fictive",
	"Louise Chimère", "des Artisans Fictifs", "du Littoral Imaginaire", "Victor Hypothèse", "des Quatre Vents Fictifs",
	"Émile Fantaisie", "du Bocage Inventé", "Jeanne Utopie", "des Sources Fictives", "du Plateau Imaginaire",
}

// capacities are drawn around the real median of 18 places.
var capacities = []int{8, 12, 12, 12, 15, 15, 15, 18, 18, 18, 18, 24, 24, 24, 30, 36}

func (g *gen) makeSchools() {
	byNiveau := map[string][]*Formation{}
	var specs []*Formation
	for i := range g.seed.Formations {
		f := &g.seed.Formations[i]
		switch {
		case f.EstCommune:
		case f.Commune != "":
			specs = append(specs, f)
		default:
			byNiveau[f.Niveau] = append(byNiveau[f.Niveau], f)
		}
	}
	communes := map[string][]Commune{}
	for _, c := range g.seed.Communes {
		communes[c.Departement] = append(communes[c.Departement], c)
	}
	for _, t := range g.seed.Territoires {
		n := (1 + g.pick(4)) * g.opt.Scale
		prefix := t.Departement
		switch prefix {
		case "02A":
			prefix = "620"
		case "02B":
			prefix = "720"
		}
		short := strings.TrimPrefix(t.Departement, "0")
		if strings.HasPrefix(t.Departement, "97") {
			short = t.Departement
		}
		cs := communes[short]
		for k := 0; k < n; k++ {
			s := &school{ter: t}
			s.uai = fmt.Sprintf("%s%04d%c", prefix, 9000+k, 'A'+rune((k*7+len(t.Departement))%26))
			if len(cs) > 0 {
				s.commune = cs[g.pick(len(cs))]
			}
			s.public = g.chance(0.74)
			s.agri = g.chance(0.08)
			s.lpo = !s.agri && g.chance(0.45)
			kind := "Lycée professionnel fictif "
			if s.lpo {
				kind = "Lycée polyvalent fictif "
			}
			if s.agri {
				kind = "Lycée agricole fictif "
				s.noName = g.chance(0.5)
			}
			s.nom = kind + names[g.pick(len(names))]
			s.cfa = !s.agri && g.chance(0.12)
			s.va = clamp(g.normal(0, 5), -12, 12)
			s.opened = firstRentree
			if g.chance(0.1) {
				s.opened = 2016 + g.pick(5)
			}
			g.offersOf(s, byNiveau, specs)
			g.schools = append(g.schools, s)
		}
	}
}

func (g *gen) offersOf(s *school, byNiveau map[string][]*Formation, specs []*Formation) {
	chosen := map[string]bool{}
	add := func(f *Formation) {
		if f == nil || chosen[f.CFD] {
			return
		}
		chosen[f.CFD] = true
		o := &offer{f: f, cap: capacities[g.pick(len(capacities))], firstYear: 1,
			pressure: math.Exp(g.normal(math.Log(0.87), 0.7)), fill: clamp(g.normal(0.88, 0.12), 0.3, 1.05),
			schoolBias: g.normal(0, 0.06)}
		if f.Commune != "" {
			o.firstYear = 2
		}
		if f.Niveau == "320" {
			o.cap = 24 + 6*g.pick(3)
			o.pressure = math.Exp(g.normal(math.Log(12), 0.6))
		}
		s.offers = append(s.offers, o)
	}
	pickFrom := func(niv string) *Formation {
		l := byNiveau[niv]
		if len(l) == 0 {
			return nil
		}
		return l[g.pick(len(l))]
	}
	if s.agri {
		for i := 0; i < 2+g.pick(3); i++ {
			if g.chance(0.6) {
				add(pickFrom("403"))
			} else {
				add(pickFrom("503"))
			}
		}
	} else {
		for i := 0; i < 3+g.pick(5); i++ {
			switch x := g.r.Float64(); {
			case x < 0.35:
				add(pickFrom("500"))
			case x < 0.85 || len(specs) == 0:
				add(pickFrom("400"))
			default:
				spec := specs[g.pick(len(specs))]
				add(spec)
				add(g.byCFD[spec.Commune])
			}
		}
		if s.lpo {
			for i := 0; i < 1+g.pick(3); i++ {
				add(pickFrom("320"))
			}
		}
	}
	sort.Slice(s.offers, func(i, j int) bool { return s.offers[i].f.CFD < s.offers[j].f.CFD })
	for _, o := range s.offers {
		g.simulate(o)
	}
}

// simulate fills the effectifs, capacities and wishes of every rentrée.
func (g *gen) simulate(o *offer) {
	years := len(o.f.MEFs)
	o.eff, o.capY, o.voeuxY = map[int][]int{}, map[int]int{}, map[int]int{}
	c := o.cap
	for y := firstRentree; y <= lastRentree; y++ {
		if g.chance(0.08) {
			c = max(6, c+6*(g.pick(3)-1))
		}
		o.capY[y] = c
		o.voeuxY[y] = max(0, round(float64(c)*o.pressure*math.Exp(g.normal(0, 0.12))))
		e := make([]int, 3)
		entry := max(1, round(float64(c)*o.fill*math.Exp(g.normal(0, 0.08))))
		prev := o.eff[y-1]
		for a := 1; a <= years; a++ {
			mefYear := o.f.MEFs[a-1].Annee
			switch {
			case o.f.EstCommune && mefYear == 1:
				e[0] = entry
			case mefYear < o.firstYear:
				// the 2nde commune holds the first year of a spécialité
			case mefYear == o.firstYear || prev == nil:
				e[mefYear-1] = entry
			default:
				e[mefYear-1] = round(float64(prev[mefYear-2]) * clamp(g.normal(0.92, 0.04), 0.7, 1))
			}
		}
		o.eff[y] = e
	}
}

// terminale is the effectif of the terminal year at a rentrée.
func (o *offer) terminale(y int) int {
	if o.f.EstCommune || len(o.f.MEFs) == 0 {
		return 0
	}
	e := o.eff[y]
	if e == nil {
		return 0
	}
	return e[o.f.MEFs[len(o.f.MEFs)-1].Annee-1]
}

// base InserJeunes rates by niveau (GUIDE.md §5, millésime 2022_2023).
func baseRates(niveau string) (poursuite, emploi6 float64) {
	switch niveau {
	case "500", "503":
		return 0.51, 0.27
	case "320":
		return 0.47, 0.60
	default:
		return 0.56, 0.43
	}
}

// ijCounts are the InserJeunes counts of one offer for one millésime.
type ijCounts struct {
	term, sortant, poursuite, e6, e12, e18, e24 int
}

func (c *ijCounts) add(o ijCounts) {
	c.term += o.term
	c.sortant += o.sortant
	c.poursuite += o.poursuite
	c.e6 += o.e6
	c.e12 += o.e12
	c.e18 += o.e18
	c.e24 += o.e24
}

// ij computes an offer's counts for the millésime ending in year b: the
// terminale pupils of rentrées b-2 and b-1, leaving in b-1 and b.
func (g *gen) ij(s *school, o *offer, b int) ijCounts {
	term := o.terminale(b-2) + o.terminale(b-1)
	if term == 0 {
		return ijCounts{}
	}
	p, e := baseRates(o.f.Niveau)
	key := s.ter.Region + o.f.CFD
	trend := float64(b-2023) * 0.02
	p = clamp(p+0.08*stable("p"+key)+o.schoolBias+g.normal(0, 0.03), 0.02, 0.95)
	e = clamp(e+trend+0.1*stable("e"+key)+o.schoolBias+s.va/200+g.normal(0, 0.03), 0.02, 0.95)
	c := ijCounts{term: term}
	c.poursuite = round(p * float64(term))
	c.sortant = term - c.poursuite
	c.e6 = round(e * float64(c.sortant))
	c.e12 = min(c.sortant, round((e+0.09)*float64(c.sortant)))
	c.e18 = min(c.sortant, round((e+0.12)*float64(c.sortant)))
	c.e24 = min(c.sortant, round((e+0.15)*float64(c.sortant)))
	return c
}

func millesime(b int) string { return fmt.Sprintf("%d_%d", b-1, b) }

func itoa(n int) string { return strconv.Itoa(n) }

// pct is a published InserJeunes rate: a rounded percentage, or empty
// below the secret threshold.
func pct(num, den int) string {
	if den < 20 {
		return ""
	}
	return itoa(round(100 * float64(num) / float64(den)))
}

// upperASCII writes a label the way the IPS and Affelnet files do: upper
// case without accents.
func upperASCII(s string) string {
	t := norm.NFD.String(s)
	var b strings.Builder
	for _, r := range t {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r == '\'' || r == '’' {
			r = ' '
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

func decComma(x float64) string {
	return strings.Replace(strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64), ".", ",", 1)
}
