package sample

import (
	"math"
	"sort"
	"strconv"
)

// school is an invented lycée.
type school struct {
	uai, nom string // nom is "" for a school no open file names
	dep      *departement
	commune  commune
	public   bool
	kind     kind
	opened   int  // first rentrée
	ipsTo    int  // last IPS rentrée listed (0: not in the IPS list)
	meta     bool // listed in affelnet1PROspe.csv
	apprenti bool // also trains apprentices (UFA)
	outside  bool // in a collectivité d'outre-mer, outside the 101 départements
	eff      effect
	ips      [2]float64 // IPS voie pro, voie GT
	suffix   string     // "Lycée des métiers …" of the DEPP label
	offers   []*offer
	groups   []*group
}

type kind int

const (
	lp kind = iota
	lpo
	agricole
)

// ij says whether InserJeunes covers the school (not Mayotte, not the
// agricultural lycées, not the COM).
func (s *school) ij() bool {
	return s.kind != agricole && !s.outside && regionIJ[s.dep.region] != ""
}

// cfa is an invented apprentice training centre: it only shows in the
// apprenticeship files (DEPP per CFA, InserJeunes, Parcoursup).
type cfa struct {
	uai, nom string
	dep      *departement
	eff      effect
	offers   []*offer
}

// group is a famille de métiers at a school: one 2nde commune that its
// pupils leave for the spécialités (the member offers).
type group struct {
	commune *formation
	members []*offer
	u       float64 // quantile of the 2nde commune's pressure
	press   [nYears]float64
}

// offer is a formation at a school or CFA and its cohorts.
type offer struct {
	f           *formation
	g           *group
	capBase     int
	u           float64 // quantile of the pressure (1re pro row of a spécialité)
	since       int     // first entry
	until       int     // last entry
	eff         effect
	apprentis   bool            // the school also has apprentices in it
	cohorts     [nYears]*cohort // by entry rentrée - firstEntry
	cap         [nYears]int     // capacity of the entry rentrée
	press       [nYears]float64 // pressure of the entry rentrée
	apprCohorts [nYears]*cohort // apprentices, by entry rentrée
}

const nYears = lastYear - firstEntry + 1

// cohort is the pupils who entered an offer one rentrée.
type cohort struct {
	path []mef
	cfd  string // CFD of the terminal year
	n    []int  // effectif by year of study
	out  outcome
}

func (c *cohort) term() int { return c.n[len(c.n)-1] }

// effect shifts the logits of the emploi and poursuite rates.
type effect struct{ e, p float64 }

// Capacities (value, weight) of a CAP, a bac pro and a BTS offer: together
// with the larger 2nde commune groups they approximate the real Affelnet
// capacities (p10 10, median 18, p90 45) and the real constat effectifs.
var (
	capacitiesCAP = [][2]int{{8, 2}, {10, 4}, {12, 10}, {14, 4}, {15, 12}, {16, 3}, {18, 4}, {20, 2}, {24, 4}}
	capacitiesBac = [][2]int{{12, 5}, {15, 14}, {18, 7}, {20, 5}, {24, 12}, {28, 2}, {30, 6}, {32, 2}, {36, 3}, {45, 2}, {48, 1}}
	capacitiesBTS = [][2]int{{15, 2}, {18, 2}, {20, 1}, {24, 4}, {30, 2}, {35, 2}, {36, 1}}
)

func capacities(niveau string) [][2]int {
	switch niveau {
	case "320":
		return capacitiesBTS
	case "500", "503":
		return capacitiesCAP
	}
	return capacitiesBac
}

func (g *gen) weighted(l [][2]int) int {
	t := 0
	for _, x := range l {
		t += x[1]
	}
	k := g.r.IntN(t)
	for _, x := range l {
		if k < x[1] {
			return x[0]
		}
		k -= x[1]
	}
	return l[len(l)-1][0]
}

func (g *gen) normal(mean, sd float64) float64 { return mean + sd*g.r.NormFloat64() }
func (g *gen) chance(p float64) bool           { return g.r.Float64() < p }

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// pressure maps a quantile to the real Affelnet pressure (vœux 1 /
// capacité) by interpolating its quantiles p10 0.20, p25 0.50, p50 0.87,
// p75 1.25, p90 1.75.
func pressure(u float64) float64 {
	// Slightly below the real quantiles: yearly noise and rounding widen them.
	q := [][2]float64{{0, 0}, {0.10, 0.16}, {0.25, 0.47}, {0.50, 0.84}, {0.75, 1.20}, {0.90, 1.66}, {0.97, 2.5}, {1, 4}}
	for i := 1; i < len(q); i++ {
		if u <= q[i][0] {
			a, b := q[i-1], q[i]
			return a[1] + (b[1]-a[1])*(u-a[0])/(b[0]-a[0])
		}
	}
	return q[len(q)-1][1]
}

func phi(z float64) float64 { return 0.5 * (1 + math.Erf(z/math.Sqrt2)) }

// uaiLetters are the check letters of real UAIs: the 7-digit number modulo 23.
const uaiLetters = "ABCDEFGHJKLMNPRSTUVWXYZ"

// uai builds a fictional UAI: the département prefix, a 4-digit number and a
// wrong check letter, so that it can never be the UAI of a real school.
func (g *gen) uai(prefix string, k int, base int) string {
	num := prefix + pad4((base+k*7919)%maxPerDepartement)
	n, _ := strconv.Atoi(num)
	valid := n % len(uaiLetters)
	return num + string(uaiLetters[(valid+1+g.r.IntN(len(uaiLetters)-1))%len(uaiLetters)])
}

func pad4(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

// Names of the invented schools and CFAs.
var (
	firstNames = []string{"Jeanne", "Louis", "Marcelle", "Émile", "Simone", "Victor", "Louise", "Gaston", "Odette", "Armand",
		"Yvonne", "Lucien", "Berthe", "Fernand", "Colette", "Anatole", "Germaine", "Honoré", "Rosalie", "Théophile",
		"Clémence", "Aristide", "Hortense", "Célestin", "Mathilde", "Eugène", "Pauline", "Léon", "Irène", "Octave"}
	lastNames = []string{"Fauvelle", "Morangis", "Tessandier", "Valcourt", "Courtevaux", "Lamberville", "Marchelier", "Ravenaux",
		"Verdanson", "Chaumerel", "Doriac", "Estoublon", "Gardanel", "Javernaz", "Kerbiquet", "Lestrac", "Montaurel",
		"Orvillier", "Pellegrue", "Sauvagnat", "Trémoulet", "Vaudrémont", "Brissandre", "Falguière-Neuve", "Aubertin"}
	places = []string{"des Tilleuls", "du Val d'Argent", "des Quatre Vents", "du Bocage", "des Coteaux", "de la Presqu'île",
		"du Moulin Neuf", "des Remparts", "de l'Estuaire", "des Hauts Champs", "du Parc", "des Sources", "de la Forge", "du Port"}
	saints = []string{"Saint-Aristide", "Sainte-Hortense", "Notre-Dame des Coteaux", "Saint-Célestin", "Sainte-Clémence",
		"Saint-Octave", "Sainte-Berthe", "Saint-Anatole", "Notre-Dame du Val", "Saint-Honoré des Prés", "Sainte-Rosalie",
		"La Providence des Sources", "Saint-Théophile", "Sainte-Irène", "Jeanne-Mathilde Orvillier"}
	metiers = []string{"de l'hôtellerie et de la restauration", "du bâtiment et des travaux publics", "de la relation client",
		"de l'automobile", "des services à la personne", "de l'énergie et du numérique"}
)

// builder invents the world; it holds what the draws of every school share.
type builder struct {
	*gen
	latent   map[*formation]float64 // demand for a formation or 2nde commune
	weight   map[*formation]float64 // how often schools offer it
	byNiveau map[string][]*formation
	specs    map[*formation][]*formation // spécialités of each 2nde commune
	men      []*formation                // 2nde communes of the Éducation nationale
	agri     []*formation                // agricultural 2nde communes
	names    map[string]bool             // school names of the current département
}

// world invents the schools, CFAs and their offers.
func (g *gen) world() {
	b := &builder{gen: g, latent: map[*formation]float64{}, weight: map[*formation]float64{},
		byNiveau: map[string][]*formation{}, specs: map[*formation][]*formation{}}
	b.effects()
	for _, f := range g.seed.formations {
		if f.commune != nil {
			b.specs[f.commune] = append(b.specs[f.commune], f)
		} else {
			b.byNiveau[f.niveau] = append(b.byNiveau[f.niveau], f)
		}
	}
	for _, c := range g.seed.communes {
		switch {
		case len(b.specs[c]) == 0:
		case c.agri():
			b.agri = append(b.agri, c)
		default:
			b.men = append(b.men, c)
		}
	}
	for _, d := range g.seed.deps {
		b.departement(d)
	}
	// One school of a collectivité d'outre-mer per scale unit: the constat
	// lists it, the site leaves it out of the 101 départements.
	com := &departement{code3: "987", short: "987", region: "00", communes: []commune{{}}}
	for i := 0; i < g.scale; i++ {
		sc := &school{dep: com, outside: true, opened: firstEntry, uai: g.uai("987", i, 4000), public: true}
		taken := map[*formation]bool{}
		for j := 0; j < 2; j++ {
			b.add(sc, b.pick(b.byNiveau["500"], taken), taken)
		}
		g.schools = append(g.schools, sc)
	}
	for _, sc := range g.schools {
		sort.SliceStable(sc.offers, func(i, j int) bool { return sc.offers[i].f.cfd < sc.offers[j].f.cfd })
	}
}

// effects draws the demand and the InserJeunes effects of every formation
// and région. The effects are centred so that the national rates stay
// those of GUIDE.md §5 (calibrate refines this on the actual pupils).
func (b *builder) effects() {
	s := b.seed
	b.fEffect, b.rEffect = map[*formation]effect{}, map[string]effect{}
	sums, counts := map[string]effect{}, map[string]float64{}
	for _, f := range s.formations {
		e := effect{b.normal(0, 0.55), b.normal(0, 0.3)}
		b.fEffect[f] = e
		grp := diplomaGroup(f.niveau)
		sums[grp], counts[grp] = sums[grp].plus(e), counts[grp]+1
		b.latent[f] = b.r.NormFloat64()
		b.weight[f] = math.Exp(b.normal(0, 0.8))
	}
	for _, f := range s.formations {
		grp := diplomaGroup(f.niveau)
		e := b.fEffect[f]
		b.fEffect[f] = effect{e.e - sums[grp].e/counts[grp], e.p - sums[grp].p/counts[grp]}
	}
	for _, c := range s.communes {
		b.latent[c] = b.r.NormFloat64()
		b.weight[c] = math.Exp(b.normal(0, 0.5))
	}
	var mean effect
	for _, r := range s.regions {
		e := effect{b.normal(0, 0.15), b.normal(0, 0.1)}
		b.rEffect[r] = e
		mean = mean.plus(e)
	}
	n := float64(len(s.regions))
	for _, r := range s.regions {
		e := b.rEffect[r]
		e = effect{e.e - mean.e/n, e.p - mean.p/n}
		if r < "10" { // DROM: far lower employment rates
			e.e -= 0.5
			e.p -= 0.1
		}
		b.rEffect[r] = e
	}
}

// departement invents the schools and CFAs of one département.
func (b *builder) departement(d *departement) {
	b.names = map[string]bool{}
	base := b.r.IntN(maxPerDepartement)
	k := 0
	// The number of schools comes from its own stream, so that scale k
	// gives exactly k times the schools of scale 1.
	n := (1 + b.counts.IntN(5)) * b.scale
	if d.drom() {
		n = (1 + b.counts.IntN(3)) * b.scale
	}
	for i := 0; i < n; i++ {
		sc := &school{dep: d, commune: d.communes[b.r.IntN(len(d.communes))], opened: firstEntry}
		sc.uai = b.uai(d.uaiPrefix(), k, base)
		k++
		switch x := b.r.Float64(); {
		case x < 0.07 && i > 0: // every département has a lycée of the Éducation nationale
			sc.kind = agricole
		case x < 0.07+0.93*0.46:
			sc.kind = lpo
		}
		sc.public = b.chance(0.74)
		switch x := b.r.Float64(); {
		case x < 0.03:
			sc.opened = 2022 + b.r.IntN(2) // too recent for the IPS list
		case x < 0.08:
			sc.opened = 2017 + b.r.IntN(5)
		}
		sc.eff = effect{b.normal(0, 0.15), b.normal(0, 0.15)}
		if sc.kind == agricole {
			// Agricultural lycées are in no list of the bundle that names
			// schools: the site shows their UAI.
			b.agriSchool(sc)
		} else {
			b.menSchool(sc)
		}
		b.schools = append(b.schools, sc)
	}
	for i := 0; i < b.scale; i++ {
		if b.chance(0.6) {
			b.cfas = append(b.cfas, b.cfa(d, b.uai(d.uaiPrefix(), k, base)))
			k++
		}
	}
}

// menSchool fills a lycée of the Éducation nationale: its name and lists,
// 4 to 8 CAP, bac pro and famille offers (2 to 5 in an LPO, with BTS).
func (b *builder) menSchool(sc *school) {
	sc.nom = b.name(sc)
	if sc.opened < 2022 {
		sc.ipsTo = 2021
		if b.chance(0.02) {
			sc.ipsTo = 2018 // known only at an older rentrée
		}
	}
	sc.meta = sc.opened >= 2022 || b.chance(0.5)
	sc.apprenti = b.chance(0.4)
	sc.ips = [2]float64{b.normal(86, 9), b.normal(106, 12)}
	if !sc.public {
		sc.ips[0] += 12
		sc.ips[1] += 14
	}
	if b.chance(0.25) {
		sc.suffix = " - Lycée des métiers " + metiers[b.r.IntN(len(metiers))]
	}
	taken := map[*formation]bool{}
	slots := 4 + b.r.IntN(5)
	if sc.kind == lpo {
		slots = 2 + b.r.IntN(4)
	}
	for j := 0; j < slots; j++ {
		switch x := b.r.Float64(); {
		case x < 0.38:
			b.add(sc, b.pick(b.byNiveau["500"], taken), taken)
		case x < 0.80 || len(b.men) == 0:
			b.add(sc, b.pick(b.byNiveau["400"], taken), taken)
		case x < 0.98:
			b.group(sc, b.men[b.r.IntN(len(b.men))], taken)
		default: // a few lycées keep an agricultural formation
			agri := append(append([]*formation(nil), b.byNiveau["503"]...), b.byNiveau["403"]...)
			b.add(sc, b.pick(agri, taken), taken)
		}
	}
	nBTS := 0
	if sc.kind == lpo && b.chance(0.85) {
		nBTS = 1 + b.r.IntN(3)
	} else if sc.kind == lp && b.chance(0.12) {
		nBTS = 1
	}
	for j := 0; j < nBTS; j++ {
		b.add(sc, b.pick(b.byNiveau["320"], taken), taken)
	}
	if sc.apprenti && len(sc.offers) > 0 {
		for j := 0; j < 1+b.r.IntN(3); j++ {
			sc.offers[b.r.IntN(len(sc.offers))].apprentis = true
		}
	}
}

// agriSchool fills an agricultural lycée: a famille de métiers, CAPA and
// bac pro agricole offers.
func (b *builder) agriSchool(sc *school) {
	taken := map[*formation]bool{}
	if len(b.agri) > 0 && b.chance(0.8) {
		b.group(sc, b.agri[b.r.IntN(len(b.agri))], taken)
	}
	for j := 0; j < 1+b.r.IntN(2); j++ {
		b.add(sc, b.pick(b.byNiveau["503"], taken), taken)
	}
	if b.chance(0.5) {
		b.add(sc, b.pick(b.byNiveau["403"], taken), taken)
	}
}

// cfa invents an apprentice training centre with 2 to 6 formations.
func (b *builder) cfa(d *departement, uai string) *cfa {
	c := &cfa{dep: d, uai: uai, eff: effect{b.normal(0, 0.2), b.normal(0, 0.15)}}
	c.nom = "Organisme de formation - Centre de formation d'apprentis fictif " +
		lastNames[b.r.IntN(len(lastNames))] + " " + upperASCII(d.communes[0].nom)
	taken := map[*formation]bool{}
	holder := &school{opened: firstEntry}
	for j := 0; j < 2+b.r.IntN(5); j++ {
		niv := []string{"500", "500", "500", "400", "320", "320"}[b.r.IntN(6)]
		if o := b.add(holder, b.pick(b.byNiveau[niv], taken), taken); o != nil {
			o.capBase = max(2, int(math.Round(math.Exp(b.normal(math.Log(10), 0.8)))))
			c.offers = append(c.offers, o)
		}
	}
	return c
}

// name draws a school name, unique in its département when possible.
func (b *builder) name(sc *school) string {
	k := "Lycée professionnel"
	if sc.kind == lpo {
		k = "Lycée polyvalent"
	}
	for try := 0; ; try++ {
		var n string
		switch {
		case !sc.public:
			n = k + " privé fictif " + saints[b.r.IntN(len(saints))]
		case b.chance(0.3):
			n = k + " fictif " + places[b.r.IntN(len(places))]
		default:
			n = k + " fictif " + firstNames[b.r.IntN(len(firstNames))] + " " + lastNames[b.r.IntN(len(lastNames))]
		}
		if !b.names[n] || try == 20 {
			b.names[n] = true
			return n
		}
	}
}

// pick draws a formation of l not yet taken, in proportion to its weight.
func (b *builder) pick(l []*formation, taken map[*formation]bool) *formation {
	t := 0.0
	for _, f := range l {
		if !taken[f] {
			t += b.weight[f]
		}
	}
	if t == 0 {
		return nil
	}
	x := b.r.Float64() * t
	var last *formation
	for _, f := range l {
		if taken[f] {
			continue
		}
		last = f
		if x -= b.weight[f]; x < 0 {
			return f
		}
	}
	return last
}

// add opens formation f at the school (nothing when f is nil).
func (b *builder) add(sc *school, f *formation, taken map[*formation]bool) *offer {
	if f == nil {
		return nil
	}
	taken[f] = true
	o := &offer{f: f, since: firstEntry, until: lastYear, eff: effect{b.normal(0, 0.1), b.normal(0, 0.1)}}
	o.u = phi(0.55*b.latent[f] + 0.835*b.r.NormFloat64())
	o.capBase = b.weighted(capacities(f.niveau))
	if b.chance(0.1) {
		o.since = 2016 + b.r.IntN(8) // opened at the school later
	}
	if b.chance(0.05) {
		o.until = 2019 + b.r.IntN(5) // closed at the school
	}
	o.since = max(o.since, sc.opened)
	if o.until < o.since {
		o.until = lastYear
	}
	sc.offers = append(sc.offers, o)
	return o
}

// group opens a famille de métiers at the school: its 2nde commune and two
// or three of its spécialités, which share the commune's places.
func (b *builder) group(sc *school, c *formation, taken map[*formation]bool) {
	if taken[c] {
		return
	}
	taken[c] = true
	gr := &group{commune: c, u: phi(0.55*b.latent[c] + 0.835*b.r.NormFloat64())}
	total := int(math.Round(1.8 * float64(b.weighted(capacitiesBac))))
	var members []*formation
	for n := min(len(b.specs[c]), 2+b.r.IntN(2)); len(members) < n; {
		f := b.pick(b.specs[c], taken)
		if f == nil {
			break
		}
		taken[f] = true
		members = append(members, f)
	}
	sort.Slice(members, func(i, j int) bool { return members[i].cfd < members[j].cfd })
	ws := make([]float64, len(members))
	sum := 0.0
	for i := range ws {
		ws[i] = 0.6 + 0.8*b.r.Float64()
		sum += ws[i]
	}
	left := total
	for i, f := range members {
		o := b.add(sc, f, taken)
		o.g = gr
		o.capBase = max(4, int(math.Round(float64(total)*ws[i]/sum)))
		if i == len(members)-1 {
			o.capBase = max(4, left)
		}
		left -= o.capBase
		gr.members = append(gr.members, o)
	}
	if len(gr.members) > 0 {
		sc.groups = append(sc.groups, gr)
	}
}

// retention is the share of a year's pupils found in the next year.
func (g *gen) retention(niveau string, a int) float64 {
	switch {
	case niveau == "320":
		return clamp(g.normal(0.78, 0.05), 0.6, 1)
	case niveau == "500" || niveau == "503":
		return clamp(g.normal(0.88, 0.05), 0.6, 1)
	case a == 1:
		return clamp(g.normal(0.92, 0.04), 0.7, 1)
	}
	return clamp(g.normal(0.95, 0.03), 0.8, 1)
}

// simulate fills the cohorts of every offer, then their outcomes.
func (g *gen) simulate() {
	for _, sc := range g.schools {
		// Standalone offers first, then each famille's members together so
		// that they share the 2nde commune's pressure.
		for _, o := range sc.offers {
			if o.g == nil {
				g.cohorts(o, nil)
			}
		}
		for _, gr := range sc.groups {
			for e := firstEntry; e <= lastYear; e++ {
				gr.press[e-firstEntry] = pressure(gr.u) * math.Exp(g.normal(0, 0.08))
			}
			for _, o := range gr.members {
				g.cohorts(o, &gr.press)
			}
		}
	}
	g.calibrate()
	for _, c := range g.cfas {
		for _, o := range c.offers {
			g.apprentices(o, c.eff, c.dep.region, true)
		}
	}
	for _, sc := range g.schools {
		for _, o := range sc.offers {
			g.outcomes(o, sc)
			if o.apprentis {
				g.apprentices(o, sc.eff, sc.dep.region, false)
			}
		}
	}
}

// calibrate centres the formation and région effects on the pupils who
// leave, so that the national rates are those of GUIDE.md §5 whatever the
// random offer.
func (g *gen) calibrate() {
	type acc struct {
		sum effect
		n   float64
	}
	perGroup := map[string]*acc{}
	var perRegion acc
	for _, sc := range g.schools {
		if !sc.ij() {
			continue
		}
		for _, o := range sc.offers {
			for _, c := range o.cohorts {
				if c == nil {
					continue
				}
				n := float64(c.term())
				grp := diplomaGroup(o.f.niveau)
				if perGroup[grp] == nil {
					perGroup[grp] = &acc{}
				}
				fe, re := g.fEffect[o.f], g.rEffect[sc.dep.region]
				perGroup[grp].sum = perGroup[grp].sum.plus(effect{fe.e * n, fe.p * n})
				perGroup[grp].n += n
				perRegion.sum = perRegion.sum.plus(effect{re.e * n, re.p * n})
				perRegion.n += n
			}
		}
	}
	for _, f := range g.seed.formations {
		if a := perGroup[diplomaGroup(f.niveau)]; a != nil && a.n > 0 {
			e := g.fEffect[f]
			g.fEffect[f] = effect{e.e - a.sum.e/a.n, e.p - a.sum.p/a.n}
		}
	}
	if perRegion.n > 0 {
		for _, r := range g.seed.regions {
			e := g.rEffect[r]
			g.rEffect[r] = effect{e.e - perRegion.sum.e/perRegion.n, e.p - perRegion.sum.p/perRegion.n}
		}
	}
}

// pathFor is the MEF path of a cohort entering the offer at rentrée e: the
// formation's own path from its opening, the renewed CFD's before, as long
// as its first year took pupils; nil when the offer took nobody that year.
func (o *offer) pathFor(e int) (path []mef, cfd string) {
	if e < o.since || e > o.until {
		return nil, ""
	}
	open := func(p []mef) bool { return p[0].fermeture == 0 || e <= p[0].fermeture }
	f := o.f
	if e >= f.start() {
		if p := f.path(); open(p) {
			return p, f.cfd
		}
		return nil, ""
	}
	if f.pred != nil {
		if p := f.pred.path(); open(p) {
			return p, f.pred.cfd
		}
	}
	return nil, ""
}

func (g *gen) cohorts(o *offer, groupPressure *[nYears]float64) {
	c := o.capBase
	for e := firstEntry; e <= lastYear; e++ {
		i := e - firstEntry
		if e > firstEntry && g.chance(0.08) {
			c = max(4, c+[]int{-6, -3, 3, 6}[g.r.IntN(4)])
		}
		o.cap[i] = c
		o.press[i] = pressure(o.u) * math.Exp(g.normal(0, 0.08))
		if o.f.niveau == "320" {
			o.press[i] = math.Exp(g.normal(math.Log(12), 0.7)) // Parcoursup vœux per place
		}
		drive := o.press[i]
		if groupPressure != nil {
			drive = groupPressure[i]
		}
		fill := clamp(0.62+0.25*math.Min(drive, 1.6)+g.normal(0, 0.05), 0.3, 1.05)
		if o.f.niveau == "320" {
			fill = clamp(g.normal(0.92, 0.06), 0.6, 1.05)
		}
		path, cfd := o.pathFor(e)
		if path == nil {
			continue
		}
		co := &cohort{path: path, cfd: cfd, n: make([]int, len(path))}
		co.n[0] = max(1, int(math.Round(float64(c)*fill)))
		for a := 1; a < len(path); a++ {
			co.n[a] = int(math.Round(float64(co.n[a-1]) * g.retention(o.f.niveau, a)))
		}
		o.cohorts[i] = co
	}
}
