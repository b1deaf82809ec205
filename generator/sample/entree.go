package sample

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// byUAI returns the schools sorted by UAI, the order of every output file.
func (g *gen) byUAI() []*school {
	l := append([]*school(nil), g.schools...)
	sort.Slice(l, func(i, j int) bool { return l[i].uai < l[j].uai })
	return l
}

// etablissements writes the IPS list and the legacy Affelnet 1re pro
// extract, the two files that name the schools.
func (g *gen) etablissements() {
	schools := g.byUAI()
	// Paris, Lyon and Marseille schools carry an arrondissement code in the
	// IPS list, as in the real file.
	communeCode := map[*school]string{}
	for _, sc := range schools {
		c := sc.commune.code
		switch c {
		case "75056":
			c = fmt.Sprintf("751%02d", 1+g.r.IntN(20))
		case "69123":
			c = fmt.Sprintf("6938%d", 1+g.r.IntN(9))
		case "13055":
			c = fmt.Sprintf("132%02d", 1+g.r.IntN(16))
		}
		communeCode[sc] = c
	}
	ips := g.sheet("juliengossa-parcoursup/fr-en-ips_lycees.csv")
	for i := len(ipsYears) - 1; i >= 0; i-- {
		y := ipsYears[i]
		for _, sc := range schools {
			if sc.ipsTo < y || max(sc.opened, ipsYears[0]) > y {
				continue
			}
			// Numeric département and commune codes lost their leading
			// zeros in the real file ("1", "1053"); Corsica keeps "02A".
			dep := sc.dep.code3
			if dep != "02A" && dep != "02B" {
				dep = strings.TrimLeft(dep, "0")
			}
			com := strings.TrimLeft(communeCode[sc], "0")
			secteur, typ := "public", "LP"
			if !sc.public {
				secteur = "privé sous contrat"
			}
			pro, gt := sc.ips[0]+g.normal(0, 1), sc.ips[1]+g.normal(0, 1)
			kv := []string{"rentree_scolaire", fmt.Sprintf("%d-%d", y, y+1), "academie", upperASCII(sc.dep.libelleAcademie),
				"code_du_departement", dep, "departement", upperASCII(sc.dep.nom), "uai", sc.uai,
				"nom_de_l_etablissment", strings.ReplaceAll(upperASCII(sc.nom), "'", " "),
				"code_insee_de_la_commune", com, "nom_de_la_commune", strings.ReplaceAll(upperASCII(sc.commune.nom), "'", " "),
				"secteur", secteur, "ips_voie_pro", fmt.Sprintf("%.1f", pro)}
			ens := pro
			if sc.kind == lpo {
				typ = "LPO"
				ens = 0.35*pro + 0.65*gt
				kv = append(kv, "ips_voie_gt", fmt.Sprintf("%.1f", gt))
				if y >= 2019 {
					kv = append(kv, "ecart_type_de_l_ips_voie_gt", fmt.Sprintf("%.1f", g.normal(33, 3)))
				}
			}
			if y >= 2019 {
				kv = append(kv, "ecart_type_de_l_ips_voie_pro", fmt.Sprintf("%.1f", g.normal(27, 2.5)))
			}
			kv = append(kv, "type_de_lycee", typ, "ips_ensemble_gt_pro", fmt.Sprintf("%.1f", ens))
			ips.add(kv...)
		}
	}

	aff := g.sheet("tjp-pilotage/legacy/affelnet1PROspe.csv")
	for _, sc := range schools {
		if !sc.meta || sc.kind == agricole || sc.outside {
			continue
		}
		sigle := map[kind]string{lp: "LP", lpo: "LPO"}[sc.kind]
		if !sc.public {
			sigle += " PR"
		}
		if g.chance(0.55) {
			sigle += " LYC METIER"
		}
		_, rest, _ := strings.Cut(sc.nom, "fictif ")
		secteur := "PUBLIC"
		if !sc.public {
			secteur = "PRIVE"
		}
		for _, o := range sc.offers {
			if o.f.niveau != "400" {
				continue
			}
			// The 1re pro offer of rentrée 2022 (pupils who entered in 2021),
			// or the latest one.
			i := 2021 - firstEntry
			for i > 0 && o.cohorts[i] == nil {
				i--
			}
			c := o.cohorts[i]
			if c == nil || len(c.path) < 2 {
				continue
			}
			capa := o.cap[i]
			voeux := round(float64(capa) * o.press[i])
			aff.add("Etablissement d'accueil", sc.uai, "Sigle de l'établissement d'accueil", sigle,
				"Libellé de l'établissement d'accueil", upperASCII("fictif "+rest),
				"Commune de l'établissement d'accueil", upperASCII(sc.commune.nom),
				"Département de l'établissement d'accueil", upperASCII(sc.dep.nom),
				"Libellé du MEF national de rattachement", c.path[1].libelle, "Type de MEF", "National",
				"Code Ministère", "MINISTERE DE L'EDUCATION NATIONALE", "Secteur", secteur,
				"Palier minimum autorisé pour la saisie du voeu", "2nde", "Voeu de recensement O/N", "N",
				"Statut Offre de formation", "ST", "Capacité carte scolaire", itoa(capa), "Capacité d'affectation", itoa(capa),
				"Demandes vœux 1", itoa(voeux), "Affectés voeu 1", itoa(min(capa, voeux)), "Affectés tous vœux", itoa(min(capa, c.n[1])))
		}
	}
}

// entree writes the constat de rentrée, Affelnet and Parcoursup files.
func (g *gen) entree() {
	schools := g.byUAI()
	for _, y := range constatYears {
		sh := g.sheet(fmt.Sprintf("tjp-pilotage/%d/constat_%d.csv", y, y))
		for _, sc := range schools {
			if sc.kind == agricole || y < sc.opened {
				continue // the constat covers the Éducation nationale
			}
			eff := map[string]int{}
			for _, o := range sc.offers {
				for a := 1; a <= 3; a++ {
					e := y - a + 1
					if e < firstEntry {
						continue
					}
					if c := o.cohorts[e-firstEntry]; c != nil && a <= len(c.path) {
						eff[c.path[a-1].stat11] += c.n[a-1]
					}
				}
			}
			for _, m := range sortedStrings(eff) {
				if eff[m] > 0 {
					sh.add("Rentrée scolaire", itoa(y), "UAI", sc.uai, "Mef Bcp 11", m, "Nombre d'élèves : Total", itoa(eff[m]))
				}
			}
		}
	}

	for _, y := range affelnetYears {
		sh := g.sheet(fmt.Sprintf("tjp-pilotage/%d/attractivite_capacite_%d.csv", y, y))
		i := y - firstEntry
		type row struct{ mef, capa, voeux, famille, apparitions, terminale string }
		for _, sc := range schools {
			if sc.outside || y < sc.opened {
				continue
			}
			var rows []row
			// Real extracts carry a few capacities outside 5–500 (0, 1–4, 999).
			published := func(c int) string {
				if g.chance(0.03) {
					return itoa([]int{0, 0, 0, 1, 2, 3, 4, 999}[g.r.IntN(8)])
				}
				return itoa(c)
			}
			for _, o := range sc.offers {
				c := o.cohorts[i]
				if o.g != nil || o.f.niveau == "320" || c == nil {
					continue
				}
				term := c.path[len(c.path)-1].stat11
				if o.f.niveau == "500" || o.f.niveau == "503" {
					term = "" // CAP rows carry no terminal MEF
				}
				rows = append(rows, row{c.path[0].stat11, published(o.cap[i]), itoa(round(float64(o.cap[i]) * o.press[i])), "", "1", term})
			}
			for _, gr := range sc.groups {
				total := 0
				for _, o := range gr.members {
					if c := o.cohorts[i]; c != nil && c.path[0] == gr.commune.mefs[0] {
						total += o.cap[i]
					}
				}
				m := gr.commune.mefs[0].stat11
				// The real file gives a 2nde commune a terminal MEF that does
				// not exist: 2383 followed by the rest of its code.
				term := "2383" + m[4:]
				if total > 0 {
					voeux := round(float64(total) * gr.press[i])
					if gr.commune.agri() && g.chance(0.25) {
						// Agricultural 2nde offers appear twice (nb_apparitions 2).
						half := total / 2
						rows = append(rows, row{m, published(half), itoa(voeux / 2), "", "2", term},
							row{m, published(total - half), itoa(voeux - voeux/2), "", "2", term})
					} else {
						rows = append(rows, row{m, published(total), itoa(voeux), "", "1", term})
					}
				}
				// 1re pro of each spécialité, for the pupils who entered the
				// 2nde commune the year before.
				for _, o := range gr.members {
					c := o.cohorts[i-1]
					if c == nil || c.path[0] != gr.commune.mefs[0] {
						continue
					}
					capa := o.cap[i-1]
					rows = append(rows, row{c.path[1].stat11, published(capa), itoa(round(float64(capa) * pressure(o.u))),
						o.f.familleAffelnet, "1", c.path[len(c.path)-1].stat11})
				}
			}
			sort.SliceStable(rows, func(a, b int) bool { return rows[a].mef < rows[b].mef })
			for _, r := range rows {
				sh.add("Etablissement d'accueil", sc.uai, "MEF STAT 11", r.mef, "Voeu de recensement O/N", "N",
					"Statut Offre de formation", "ST", "Capacité carte scolaire", r.capa, "Demandes vœux 1", r.voeux,
					"Famille de métiers", r.famille, "nb_apparitions_uai_mefstat", r.apparitions, "mef_stat_terminale", r.terminale)
			}
		}
	}

	type bts struct {
		uai, label, mef, cfd, statut, capa, voeux string
	}
	for _, y := range parcoursupYears {
		i := y - firstEntry
		var rows []bts
		label := func(c *cohort) string {
			f := g.seed.byCFD[c.cfd]
			domain := "Services"
			if strings.HasPrefix(f.nsf, "2") {
				domain = "Production"
			}
			return "BTS - " + domain + " - " + f.intitule
		}
		apprRow := func(uai string, c *cohort) {
			capa := itoa(max(4, round(float64(c.n[0])*1.3)))
			voeux := itoa(round(float64(c.n[0]) * math.Exp(g.normal(math.Log(9), 0.6))))
			if y < 2024 && g.chance(0.05) {
				capa, voeux = "", ""
			}
			rows = append(rows, bts{uai, label(c) + " - en apprentissage", c.path[0].stat11, c.cfd, "Apprentissage", capa, voeux})
		}
		for _, sc := range schools {
			if sc.outside || sc.kind == agricole {
				continue
			}
			for _, o := range sc.offers {
				if o.f.niveau != "320" {
					continue
				}
				if c := o.cohorts[i]; c != nil {
					voeux := float64(o.cap[i]) * o.press[i]
					if y == 2024 {
						voeux *= 0.7 // fewer confirmed wishes per place in 2024
					}
					rows = append(rows, bts{sc.uai, label(c), c.path[0].stat11, c.cfd, "Scolaire", itoa(o.cap[i]), itoa(round(voeux))})
				}
				if c := o.apprCohorts[i]; c != nil {
					apprRow(sc.uai, c)
				}
			}
			if y == 2024 && sc.kind == lpo && g.chance(0.05) {
				h := horsBCN[g.r.IntN(len(horsBCN))]
				rows = append(rows, bts{sc.uai, h[1], h[0], "", "Scolaire", itoa(12 + 6*g.r.IntN(3)), itoa(20 + g.r.IntN(80))})
			}
		}
		for _, c := range g.cfas { // rows are sorted below
			for _, o := range c.offers {
				if co := o.apprCohorts[i]; o.f.niveau == "320" && co != nil {
					apprRow(c.uai, co)
				}
			}
		}
		sort.SliceStable(rows, func(a, b int) bool {
			if rows[a].uai != rows[b].uai {
				return rows[a].uai < rows[b].uai
			}
			if rows[a].statut != rows[b].statut {
				return rows[a].statut > rows[b].statut
			}
			return rows[a].mef < rows[b].mef
		})
		sh := g.sheet(fmt.Sprintf("tjp-pilotage/%d/BTS_attractivite_capacite_%d.csv", y, y))
		for _, r := range rows {
			kv := []string{"UAI", r.uai, "LIBELLÉFORMATION", r.label, "MEFSTAT11", r.mef, "NB_VOEUX_CONFIRMES", r.voeux,
				"STATUT", r.statut, "CAPACITEPSUP", r.capa}
			if y < 2024 {
				kv = append(kv, "MEFSTAT11_old", r.mef, "CFD", r.cfd, "CFD rectifié", r.cfd, "Rectif", "FAUX")
			}
			if y == 2023 {
				kv = append(kv, "nb_apparitions", "1")
			}
			sh.add(kv...)
		}
	}
}

func sortedStrings(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
