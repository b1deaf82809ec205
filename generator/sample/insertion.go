package sample

import (
	"fmt"
	"math"
	"sort"
)

// outcome is what became of a cohort's terminale pupils: InserJeunes counts.
type outcome struct {
	term, poursuite, sortant, e6, e12, e18, e24 int
	expected6                                   float64 // e6 expected without the school's own effect
}

func (a *outcome) add(b outcome) {
	a.term += b.term
	a.poursuite += b.poursuite
	a.sortant += b.sortant
	a.e6 += b.e6
	a.e12 += b.e12
	a.e18 += b.e18
	a.e24 += b.e24
	a.expected6 += b.expected6
}

// Terminale rentrées whose outcomes the files need: millésime 2018_2019
// adds up the leavers of 2018 and 2019 (terminale 2017 and 2018).
const firstTerminale, lastTerminale = 2017, 2022

// rates are national rates of a diploma for the leavers of one year:
// emploi 6 and 12 months (share of leavers), poursuite (share of terminale).
type rates struct{ e6, e12, p float64 }

// scolaire holds the rates of the leavers of 2018…2023, chosen so that a
// millésime, which adds up the leavers of its two years, gets the national
// rates of GUIDE.md §5 (sums of the real regional counts).
var scolaire = map[string][6]rates{
	"cap":    {{.219, .290, .511}, {.221, .279, .509}, {.225, .312, .514}, {.249, .342, .513}, {.275, .358, .509}, {.285, .362, .508}},
	"bacpro": {{.338, .405, .517}, {.339, .404, .518}, {.342, .444, .537}, {.377, .483, .550}, {.423, .518, .560}, {.449, .545, .571}},
	"bts":    {{.518, .565, .357}, {.519, .576, .357}, {.520, .602, .397}, {.553, .634, .438}, {.595, .667, .468}, {.615, .693, .488}},
}

// apprentissage: GUIDE.md §5 gives 2022_2023 (CAP 61 %, bac pro 68.9 %, BTS
// 69.3 % in employment after 6 months); earlier years dip with the 2020
// crisis; about 43 % go on studying.
var apprentissage = map[string][6]rates{
	"cap":    {{.57, .64, .45}, {.57, .64, .45}, {.56, .63, .45}, {.55, .62, .45}, {.59, .66, .45}, {.61, .68, .45}},
	"bacpro": {{.64, .71, .42}, {.64, .71, .42}, {.63, .70, .42}, {.62, .69, .42}, {.67, .74, .42}, {.69, .75, .42}},
	"bts":    {{.65, .72, .44}, {.65, .72, .44}, {.64, .71, .44}, {.64, .71, .44}, {.68, .74, .44}, {.69, .74, .44}},
}

func diplomaGroup(niveau string) string {
	switch niveau {
	case "500", "503":
		return "cap"
	case "320":
		return "bts"
	}
	return "bacpro"
}

func logit(p float64) float64    { return math.Log(p / (1 - p)) }
func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// binom draws from a binomial distribution.
func (g *gen) binom(n int, p float64) int {
	if n > 400 {
		return max(0, min(n, int(math.Round(g.normal(float64(n)*p, math.Sqrt(float64(n)*p*(1-p)))))))
	}
	k := 0
	for i := 0; i < n; i++ {
		if g.r.Float64() < p {
			k++
		}
	}
	return k
}

// draw the outcome of term pupils leaving in year leave.
func (g *gen) draw(term int, niveau string, leave int, table map[string][6]rates, national, own effect) outcome {
	i := min(max(leave-2018, 0), 5)
	b := table[diplomaGroup(niveau)][i]
	e6 := logistic(logit(b.e6) + national.e + own.e)
	p := logistic(logit(b.p) + national.p + own.p)
	g12 := (b.e12 - b.e6) / (1 - b.e6)
	o := outcome{term: term}
	o.poursuite = g.binom(term, p)
	o.sortant = term - o.poursuite
	o.e6 = g.binom(o.sortant, e6)
	o.e12 = o.e6 + g.binom(o.sortant-o.e6, g12)
	o.e18 = o.e12 + g.binom(o.sortant-o.e12, 0.45*g12)
	o.e24 = o.e18 + g.binom(o.sortant-o.e18, 0.35*g12)
	o.expected6 = float64(o.sortant) * logistic(logit(b.e6)+national.e)
	return o
}

func (e effect) plus(f effect) effect { return effect{e.e + f.e, e.p + f.p} }

// outcomes draws the outcome of every terminale cohort of a school offer.
func (g *gen) outcomes(o *offer, sc *school) {
	for i, c := range o.cohorts {
		if c == nil {
			continue
		}
		t := firstEntry + i + len(c.path) - 1
		if t < firstTerminale || t > lastTerminale || c.term() == 0 {
			continue
		}
		national := g.rEffect[sc.dep.region].plus(g.fEffect[o.f])
		c.out = g.draw(c.term(), o.f.niveau, t+1, scolaire, national, sc.eff.plus(o.eff))
	}
}

// apprentices fills the apprentice cohorts of an offer (a CFA's, or the
// apprentices a lycée trains beside its pupils) and draws their outcomes.
func (g *gen) apprentices(o *offer, eff effect, region string, isCFA bool) {
	median := 12.0
	if isCFA {
		median = float64(o.capBase)
	}
	for e := firstEntry; e <= lastYear; e++ {
		path, cfd := o.pathFor(e)
		if path == nil {
			continue
		}
		c := &cohort{path: path, cfd: cfd, n: make([]int, len(path))}
		c.n[0] = max(1, int(math.Round(math.Exp(g.normal(math.Log(median), 0.5)))))
		for a := 1; a < len(path); a++ {
			c.n[a] = int(math.Round(float64(c.n[a-1]) * clamp(g.normal(0.85, 0.08), 0.5, 1)))
		}
		o.apprCohorts[e-firstEntry] = c
		t := e + len(path) - 1
		if t >= firstTerminale && t <= lastTerminale && c.term() > 0 {
			national := g.rEffect[region].plus(effect{g.fEffect[o.f].e / 2, g.fEffect[o.f].p / 2})
			c.out = g.draw(c.term(), o.f.niveau, t+1, apprentissage, national, eff.plus(o.eff))
		}
	}
}

// inMillesime says whether a cohort of the offer counts in millésime b:
// its terminale year is b-2 or b-1.
func inMillesime(entry int, c *cohort, b int) bool {
	t := entry + len(c.path) - 1
	return t == b-2 || t == b-1
}

func millesime(b int) string { return fmt.Sprintf("%d_%d", b-1, b) }

// ijKey identifies an InserJeunes row: a millésime, a school or région, a
// voie and a terminal MEF (scolaire) or CFD (apprentissage).
type ijKey struct {
	b          int
	where, key string
	appr       bool
}

func (k ijKey) less(o ijKey) bool {
	if k.b != o.b {
		return k.b < o.b
	}
	if k.where != o.where {
		return k.where < o.where
	}
	if k.appr != o.appr {
		return !k.appr
	}
	return k.key < o.key
}

func sortedKeys(m map[ijKey]*outcome) []ijKey {
	keys := make([]ijKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].less(keys[j]) })
	return keys
}

// insertion writes ij_uai_data.csv, ij_region_data.csv and the DEPP files.
func (g *gen) insertion() error {
	perUAI := map[ijKey]*outcome{}
	regional := map[ijKey]*outcome{}
	type deppKey struct {
		uai  string
		b    int
		appr bool
	}
	depp := map[deppKey]*outcome{}
	for _, sc := range g.schools {
		if !sc.ij() {
			continue
		}
		region := regionIJ[sc.dep.region]
		for _, o := range sc.offers {
			for i := range o.cohorts {
				for _, appr := range []bool{false, true} {
					c := o.cohorts[i]
					if appr {
						c = o.apprCohorts[i]
					}
					if c == nil || c.out.term == 0 {
						continue
					}
					for _, b := range deppMillesimes {
						if !inMillesime(firstEntry+i, c, b) {
							continue
						}
						accumulate(depp, deppKey{sc.uai, b, appr}, c.out)
						if b < ijMillesimes[0] {
							continue
						}
						key := c.path[len(c.path)-1].stat11
						if appr {
							key = c.cfd
						}
						accumulate(perUAI, ijKey{b, sc.uai, key, appr}, c.out)
						accumulate(regional, ijKey{b, region, key, appr}, c.out)
					}
				}
			}
		}
	}
	cfaSums := map[deppKey]*outcome{}
	for _, c := range g.cfas {
		region := regionIJ[c.dep.region]
		for _, o := range c.offers {
			for i, co := range o.apprCohorts {
				if co == nil || co.out.term == 0 {
					continue
				}
				for _, b := range deppMillesimes {
					if !inMillesime(firstEntry+i, co, b) {
						continue
					}
					accumulate(cfaSums, deppKey{c.uai, b, true}, co.out)
					if b >= ijMillesimes[0] && region != "" {
						accumulate(regional, ijKey{b, region, co.cfd, true}, co.out)
					}
				}
			}
		}
	}

	uai := g.sheet("tjp-pilotage/ij_uai_data.csv")
	for _, k := range sortedKeys(perUAI) {
		voie, mef, cfd := "scolaire", k.key, ""
		if k.appr {
			voie, mef, cfd = "apprentissage", "", k.key
		}
		uai.add(ijCells(*perUAI[k], k.b, "id", fmt.Sprintf("%s_%s_%s_%s", millesime(k.b), k.where, voie, k.key),
			"millesime", millesime(k.b), "uai", k.where, "voie", voie, "cfd", cfd, "mefstat11", mef)...)
	}
	codeRegion := map[string]string{}
	for r, ij := range regionIJ {
		codeRegion[ij] = r
	}
	reg := g.sheet("tjp-pilotage/ij_region_data.csv")
	for _, k := range sortedKeys(regional) {
		voie, mef, cfd := "scolaire", k.key, ""
		if k.appr {
			voie, mef, cfd = "apprentissage", "", k.key
		}
		reg.add(ijCells(*regional[k], k.b, "id", fmt.Sprintf("%s_%s_%s_%s", millesime(k.b), k.where, voie, k.key),
			"millesime", millesime(k.b), "code_region_ij", k.where, "code_region", codeRegion[k.where], "voie", voie,
			"cfd", cfd, "mefstat11", mef)...)
	}

	// DEPP: rates per school (ensemble, then pupils and apprentices apart
	// when the school has both) and per CFA.
	schools := g.byUAI()
	cfas := append([]*cfa(nil), g.cfas...)
	sort.Slice(cfas, func(i, j int) bool { return cfas[i].uai < cfas[j].uai })
	for _, b := range deppMillesimes {
		m := millesime(b)
		pro := g.sheet("trajectoires-pro/depp-2022-etablissements-" + m + "-pro.csv")
		for _, sc := range schools {
			sco, app := depp[deppKey{sc.uai, b, false}], depp[deppKey{sc.uai, b, true}]
			if sco == nil {
				continue
			}
			all := *sco
			pops := []string{"ensemble"}
			if app != nil {
				all.add(*app)
				pops = append(pops, "dont élèves en voie pro sco", "dont apprentis")
			}
			for _, pop := range pops {
				o := all
				switch pop {
				case "dont élèves en voie pro sco":
					o = *sco
				case "dont apprentis":
					o = *app
				}
				pro.add(deppCells(o, b, "n°UAI de l'établissement", sc.uai, "Libellé de l'établissement", sc.nom+sc.suffix,
					"Région", upperASCII(sc.dep.libelleRegion), deppPopulation(b), pop)...)
			}
		}
		if b < 2021 {
			continue
		}
		app := g.sheet("trajectoires-pro/depp-2022-etablissements-" + m + "-apprentissage.csv")
		for _, c := range cfas {
			o := cfaSums[deppKey{c.uai, b, true}]
			if o == nil || regionIJ[c.dep.region] == "" {
				continue
			}
			app.add(deppCells(*o, b, "n°UAI de l'établissement", c.uai, "Libellé de l'établissement", c.nom,
				"Région", upperASCII(c.dep.libelleRegion))...)
		}
	}
	return nil
}

// accumulate adds o to the sum of key k.
func accumulate[K comparable](m map[K]*outcome, k K, o outcome) {
	if m[k] == nil {
		m[k] = &outcome{}
	}
	m[k].add(o)
}

// deppPopulation names the population column of a DEPP per-school file:
// blank in the 2018_2019 header.
func deppPopulation(b int) string {
	if b == 2019 {
		return "#4"
	}
	return "Dont apprentis en EPLE"
}

func pct(num, den int) string { return itoa(round(100 * float64(num) / float64(den))) }

// ijCells lays counts out like the InserJeunes files: under 5 pupils only
// the terminale count is published (the real file has such rows); rates need
// 20 pupils (20 leavers for the employment rates); the 18- and 24-month
// counts do not exist yet for the last two millésimes.
func ijCells(o outcome, b int, kv ...string) []string {
	kv = append(kv, "nb_annee_term", itoa(o.term))
	if o.term < 5 {
		return kv
	}
	kv = append(kv, "nb_poursuite_etudes", itoa(o.poursuite), "nb_sortant", itoa(o.sortant),
		"nb_en_emploi_6_mois", itoa(o.e6), "nb_en_emploi_12_mois", itoa(o.e12))
	late := b <= 2021
	if late {
		kv = append(kv, "nb_en_emploi_18_mois", itoa(o.e18), "nb_en_emploi_24_mois", itoa(o.e24))
	}
	if o.term >= 20 {
		kv = append(kv, "taux_poursuite_etudes", pct(o.poursuite, o.term))
		if o.sortant >= 20 {
			kv = append(kv, "taux_emploi_6_mois", pct(o.e6, o.sortant), "taux_emploi_12_mois", pct(o.e12, o.sortant))
			if late {
				kv = append(kv, "taux_emploi_18_mois", pct(o.e18, o.sortant), "taux_emploi_24_mois", pct(o.e24, o.sortant))
			}
		}
	}
	return kv
}

// deppCells lays a school's or CFA's rates out in the layout of
// millésime b. Below 20 pupils or leavers every rate is suppressed: an empty
// cell in the old exports, "nd" since 2020_2021. The valeur ajoutée is the
// employment rate minus the rate expected without the school's own effect,
// within the published −12…+12.
func deppCells(o outcome, b int, kv ...string) []string {
	nd := "nd"
	if b < 2021 {
		nd = ""
	}
	v := map[string]string{}
	for _, k := range []string{"tp", "taux", "att", "va", "pp", "pe", "pa", "e12", "e18", "e24"} {
		v[k] = nd
	}
	if o.term >= 20 && o.sortant >= 20 {
		taux := round(100 * float64(o.e6) / float64(o.sortant))
		va := int(clamp(float64(taux-round(100*o.expected6/float64(o.sortant))), -12, 12))
		pp, pe := round(100*float64(o.poursuite)/float64(o.term)), round(100*float64(o.e6)/float64(o.term))
		v = map[string]string{"tp": itoa(pp), "taux": itoa(taux), "att": itoa(taux - va), "va": itoa(va),
			"pp": itoa(pp), "pe": itoa(pe), "pa": itoa(100 - pp - pe),
			"e12": pct(o.e12, o.sortant), "e18": pct(o.e18, o.sortant), "e24": pct(o.e24, o.sortant)}
	}
	kv = append(kv, "Taux", v["taux"], "Taux attendu", v["att"], "Valeur ajoutée", v["va"])
	switch {
	case b == 2019:
		kv = append(kv, "#5", v["tp"], "#9", v["e12"], "#10", v["e18"], "#11", v["e24"])
	case b == 2020:
		kv = append(kv, "#5", v["tp"], "#9", v["e12"])
	default:
		kv = append(kv, "Taux de poursuite d'études", v["tp"], "Part en poursuite d'études", v["pp"],
			"Part en emploi 6 mois après la sortie", v["pe"], "Part des autres situations", v["pa"])
	}
	return kv
}
