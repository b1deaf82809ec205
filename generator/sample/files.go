package sample

import (
	"fmt"
	"sort"
	"strings"
)

const tp = "tjp-pilotage/"

// files generates the rows of every file of the sample manifest.
func (g *gen) files() map[string][]row {
	out := map[string][]row{}
	g.nomenclatures(out)
	g.etablissements(out)
	g.entree(out)
	g.insertion(out)
	g.contexte(out)
	return out
}

func (g *gen) nomenclatures(out map[string][]row) {
	s := g.seed
	var ter []row
	for _, t := range s.Territoires {
		ter = append(ter, row{"libelleRegion": t.LibelleRegion, "codeAcademie": t.Academie, "codeRegion": t.Region,
			"codeDepartement": t.Departement, "libelleAcademie": t.LibelleAcademie, "libelleDepartement": t.LibelleDepartement})
	}
	// Pseudo rows, as in the real file: outside the perimeter.
	ter = append(ter,
		row{"libelleRegion": "Tom et Collectivités territoriales", "codeAcademie": "40", "codeRegion": "00", "codeDepartement": "988", "libelleAcademie": "Nouvelle Calédonie", "libelleDepartement": "Nouvelle Calédonie"},
		row{"libelleRegion": "Sans objet", "codeAcademie": "#", "codeRegion": "99", "libelleAcademie": "Non recensée"})
	out[tp+"departements_academies_regions.csv"] = ter

	var mef, fd, vd, dp []row
	for _, f := range s.Formations {
		for _, m := range f.MEFs {
			mef = append(mef, row{"MEF": m.MEF, "DISPOSITIF_FORMATION": f.Dispositif, "FORMATION_DIPLOME": f.CFD,
				"DUREE_DISPOSITIF": itoa(f.Duree), "ANNEE_DISPOSITIF": itoa(m.Annee), "LIBELLE_COURT": strings.Fields(m.Libelle + " X")[0],
				"LIBELLE_LONG": m.Libelle, "DATE_OUVERTURE": "01/09/2019", "STATUT_MEF": "4", "MEF_STAT_11": m.Stat11, "MEF_STAT_9": m.Stat11[:9],
				"LIBELLE_EDITION": strings.ToLower(m.Libelle)})
		}
		r := row{"FORMATION_DIPLOME": f.CFD, "NIVEAU_FORMATION_DIPLOME": f.Niveau, "GROUPE_SPECIALITE": f.NSF,
			"LIBELLE_COURT": f.Court, "LIBELLE_STAT_33": truncate(f.LibelleBCN, 33), "LIBELLE_LONG_200": f.LibelleBCN,
			"DATE_OUVERTURE": "01/09/2019", "NATURE_FORMATION_DIPLOME": "1"}
		fd = append(fd, withComment(r, f.Intitule))
		vd = append(vd, r)
		if f.Intitule != "" && !f.EstCommune {
			dp = append(dp, row{"Commission professionnelle consultative": f.CPC, "Secteur": f.Secteur,
				"Niveau": niveauRNCP(f.Niveau), "Code diplôme": f.CFD[:3] + "-" + f.CFD[3:] + " X", "Diplôme": f.Court,
				"Intitulé de la spécialité (et options)": f.Intitule})
		}
	}
	out[tp+"nMef.csv"] = mef
	out[tp+"nFormationDiplome_.csv"] = fd
	out[tp+"vFormationDiplome_.csv"] = vd
	out[tp+"diplomesProfessionnels.csv"] = dp
	var niv, disp, nsfg, nsfd, nsfc []row
	for _, n := range s.Niveaux {
		niv = append(niv, row{"NIVEAU_FORMATION_DIPLOME": n.Code, "LIBELLE_COURT": n.Court, "LIBELLE_100": n.Long})
	}
	for _, d := range s.Dispositifs {
		disp = append(disp, row{"DISPOSITIF_FORMATION": d.Code, "NIVEAU_FORMATION_DIPLOME": d.Niveau, "LIBELLE_COURT": d.Court, "LIBELLE_LONG": d.Long})
	}
	for _, n := range s.NSFGroupes {
		nsfg = append(nsfg, row{"GROUPE_SPECIALITE": n.Code, "DOMAINE_SPECIALITE": n.Parent, "LIBELLE_LONG": n.Long, "LIBELLE_EDITION": n.Edition})
	}
	for _, n := range s.NSFDomaines {
		nsfd = append(nsfd, row{"DOMAINE_SPECIALITE": n.Code, "CATEGORIE_SPECIALITE": n.Parent, "LIBELLE_LONG": n.Long})
	}
	for _, n := range s.NSFCategorie {
		nsfc = append(nsfc, row{"CATEGORIE_SPECIALITE": n.Code, "LIBELLE_LONG": n.Long})
	}
	out[tp+"nNiveauFormationDiplome_.csv"] = niv
	out[tp+"nDispositifFormation_.csv"] = disp
	out[tp+"n_groupe_specialite_.csv"] = nsfg
	out[tp+"n_domaine_specialite_.csv"] = nsfd
	out[tp+"n_categorie_specialite_.csv"] = nsfc
	var gf, lien, fam, fbcn, lmf []row
	for _, gr := range s.Groupes {
		gf = append(gf, row{"GROUPE_FORMATION": gr.Code, "TYPE_GROUPE_FORMATION": gr.Type, "LIBELLE_LONG": gr.Long, "LIBELLE_EDITION": gr.Edition})
		for _, c := range gr.CFDs {
			lien = append(lien, row{"GROUPE_FORMATION": gr.Code, "FORMATION_DIPLOME": c, "DATE_OUVERTURE": "01/09/2019"})
		}
	}
	for i, f := range s.Familles {
		fam = append(fam, row{"FAMILLE": f.Famille, "SPECIALITE": f.Specialite, "MEFSTAT11_COMMUN": f.MEFCommun, "CFD_COMMUN": f.CFDCommun,
			"MEFSTAT11_SPECIALITE": f.MEFSpecialite, "CFD_SPECIALITE": f.CFDSpecialite, "CODE_MINISTERE_TUTELLE": "06"})
		if i == 0 {
			fbcn = append(fbcn, row{"FAMILLE_METIER": "001", "LIBELLE_LONG": strings.ToUpper(f.Famille), "LIBELLE_EDITION": f.Famille})
		}
		if sp := g.byCFD[f.CFDSpecialite]; sp != nil {
			for _, m := range sp.MEFs {
				lmf = append(lmf, row{"FAMILLE_METIER": "001", "MEF": m.MEF})
			}
		}
	}
	out[tp+"n_groupe_formation_.csv"] = gf
	out[tp+"n_lien_formation_groupe_.csv"] = lien
	out[tp+"familleMetiers.csv"] = fam
	out["trajectoires-pro/bcn/n_famille_metier_spec_pro.csv"] = fbcn
	out["trajectoires-pro/bcn/n_lien_mef_famille_metier.csv"] = lmf
	var co []row
	for _, c := range s.Communes {
		co = append(co, row{"code_commune_insee": c.Code, "nom_commune": c.Nom, "code_departement": c.Departement,
			"latitude": fmt.Sprintf("%.5f", c.Lat), "longitude": fmt.Sprintf("%.5f", c.Lon)})
	}
	out["derived/communes_centroides.csv"] = co
	var rome, met, dom, ci []row
	for _, r := range s.Romes {
		rome = append(rome, row{"code_rome": r.Code, "libelle_rome": r.Libelle, "transition_eco": r.Eco, "transition_num": r.Num, "transition_demo": r.Demo, "code_rome_parent": r.Code})
	}
	for _, m := range s.Metiers {
		met = append(met, row{"code_ogr": m.OGR, "libelle_appellation_long": m.Libelle, "libelle_appellation_court": m.Libelle, "code_rome": m.Rome})
	}
	for _, d := range s.DomainesPro {
		dom = append(dom, row{"code_domaine_professionnel": d.Code, "libelle_domaine_professionnel": d.Long})
	}
	for i, fr := range s.FormRomes {
		r := row{"Code_Diplome": fmt.Sprintf("F%05d", i+1), "Libelle_Diplome": fr.Libelle, "Code_Scolarité": fr.CFD}
		for j, c := range fr.Romes {
			if j < 5 {
				r[fmt.Sprintf("Code_Rome_%d", j+1)] = c
			}
		}
		ci = append(ci, r)
	}
	out[tp+"rome.csv"] = rome
	out[tp+"metier.csv"] = met
	out[tp+"domaine_professionnel.csv"] = dom
	out[tp+"certif_info.csv"] = ci
}

func withComment(r row, c string) row {
	x := row{}
	for k, v := range r {
		x[k] = v
	}
	// Accented text exercises the Windows-1252 reader.
	x["COMMENTAIRE"] = c
	return x
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func niveauRNCP(n string) string {
	switch n {
	case "500", "503":
		return "Niveau 3"
	case "320":
		return "Niveau 5"
	}
	return "Niveau 4"
}

func (g *gen) etablissements(out map[string][]row) {
	var ips, aff []row
	for _, s := range g.schools {
		if s.agri && s.noName {
			continue
		}
		if !s.agri {
			for y := s.opened; y <= 2021; y++ {
				dep := strings.TrimPrefix(s.ter.Departement, "0")
				code := s.commune.Code
				if y%2 == 0 { // some years lost their leading zeros
					dep = strings.TrimLeft(dep, "0")
					code = strings.TrimLeft(code, "0")
				}
				typ := "LP"
				r := row{"rentree_scolaire": fmt.Sprintf("%d-%d", y, y+1), "academie": upperASCII(s.ter.LibelleAcademie),
					"code_du_departement": dep, "departement": upperASCII(s.ter.LibelleDepartement), "uai": s.uai,
					"nom_de_l_etablissment": upperASCII(s.nom), "code_insee_de_la_commune": code,
					"nom_de_la_commune": upperASCII(s.commune.Nom), "secteur": secteur(s.public, "public", "privé sous contrat"),
					"ips_voie_pro": fmt.Sprintf("%.1f", 85+10*stable(s.uai)), "ecart_type_de_l_ips_voie_pro": "25.1"}
				if s.lpo {
					typ = "LPO"
					r["ips_voie_gt"] = fmt.Sprintf("%.1f", 100+10*stable("gt"+s.uai))
				}
				r["type_de_lycee"] = typ
				ips = append(ips, r)
			}
		}
		if s.uai[len(s.uai)-1]%3 == 0 || s.agri {
			for _, o := range s.offers {
				if o.f.Niveau != "400" && o.f.Niveau != "403" || len(o.f.MEFs) < 2 {
					continue
				}
				aff = append(aff, row{"Etablissement d'accueil": s.uai, "Sigle de l'établissement d'accueil": sigle(s),
					"Libellé de l'établissement d'accueil": upperASCII(strings.TrimPrefix(strings.TrimPrefix(s.nom, "Lycée professionnel "), "Lycée polyvalent ")),
					"Commune de l'établissement d'accueil": upperASCII(s.commune.Nom), "Département de l'établissement d'accueil": upperASCII(s.ter.LibelleDepartement),
					"Libellé du MEF national de rattachement": o.f.MEFs[1].Libelle, "Type de MEF": "National", "Code Ministère": "MINISTERE DE L'EDUCATION NATIONALE",
					"Secteur": secteur(s.public, "PUBLIC", "PRIVE"), "Palier minimum autorisé pour la saisie du voeu": "2nde",
					"Voeu de recensement O/N": "N", "Statut Offre de formation": "ST", "Capacité carte scolaire": itoa(o.cap),
					"Capacité d'affectation": itoa(o.cap), "Demandes vœux 1": itoa(o.voeuxY[2022]), "Affectés voeu 1": itoa(min(o.cap, o.voeuxY[2022])),
					"Affectés tous vœux": itoa(o.cap)})
			}
		}
	}
	out["juliengossa-parcoursup/fr-en-ips_lycees.csv"] = ips
	out[tp+"legacy/affelnet1PROspe.csv"] = aff
}

func secteur(public bool, pu, pr string) string {
	if public {
		return pu
	}
	return pr
}

func sigle(s *school) string {
	switch {
	case s.agri:
		return "LPA"
	case s.lpo:
		return "LPO"
	}
	return "LP"
}

// entree writes the constat de rentrée, Affelnet and Parcoursup files.
func (g *gen) entree(out map[string][]row) {
	for _, y := range constatYears {
		var rows []row
		for _, s := range g.schools {
			for _, o := range s.offers {
				if s.agri {
					continue // agricultural lycées are not in the MEN constat
				}
				for _, m := range o.f.MEFs {
					if n := o.eff[y][m.Annee-1]; n > 0 {
						rows = append(rows, row{"Rentrée scolaire": itoa(y), "UAI": s.uai, "Mef Bcp 11": m.Stat11, "Nombre d'élèves : Total": itoa(n)})
					}
				}
			}
		}
		out[fmt.Sprintf("%s%d/constat_%d.csv", tp, y, y)] = rows
	}
	for _, y := range affelnetYears {
		var rows []row
		for i, s := range g.schools {
			for _, o := range s.offers {
				if o.f.Niveau == "320" {
					continue
				}
				m := o.f.MEFs[0]
				if o.firstYear == 2 && len(o.f.MEFs) > 1 {
					m = o.f.MEFs[1]
				}
				capa := o.capY[y]
				if (i+y)%97 == 0 {
					capa = 3 // outside Orion's 5–500 range
				}
				last := o.f.MEFs[len(o.f.MEFs)-1].Stat11
				rows = append(rows, row{"Etablissement d'accueil": s.uai, "MEF STAT 11": m.Stat11, "Voeu de recensement O/N": "N",
					"Statut Offre de formation": "ST", "Capacité carte scolaire": itoa(capa), "Demandes vœux 1": itoa(o.voeuxY[y]),
					"Famille de métiers": upperASCII(g.famille(o.f)), "nb_apparitions_uai_mefstat": "1", "mef_stat_terminale": last})
				if (i+y)%53 == 0 {
					rows = append(rows, row{"Etablissement d'accueil": s.uai, "MEF STAT 11": m.Stat11, "Voeu de recensement O/N": "O",
						"Statut Offre de formation": "ST", "Capacité carte scolaire": "99", "Demandes vœux 1": "99", "nb_apparitions_uai_mefstat": "2", "mef_stat_terminale": last})
				}
			}
		}
		out[fmt.Sprintf("%s%d/attractivite_capacite_%d.csv", tp, y, y)] = rows
	}
	for _, y := range parcoursupYears {
		var rows []row
		for _, s := range g.schools {
			for _, o := range s.offers {
				if o.f.Niveau != "320" {
					continue
				}
				m := o.f.MEFs[0].Stat11
				lib := "BTS - " + o.f.Intitule
				r := row{"UAI": s.uai, "LIBELLÉFORMATION": lib, "MEFSTAT11": m, "NB_VOEUX_CONFIRMES": itoa(o.voeuxY[y]),
					"STATUT": "Scolaire", "CAPACITEPSUP": itoa(o.capY[y]), "MEFSTAT11_old": m, "CFD": o.f.CFD, "CFD rectifié": o.f.CFD,
					"Rectif": "FAUX", "nb_apparitions": "1"}
				rows = append(rows, r)
				if s.cfa {
					a := row{}
					for k, v := range r {
						a[k] = v
					}
					a["STATUT"], a["LIBELLÉFORMATION"], a["CAPACITEPSUP"] = "Apprentissage", lib+" - en apprentissage", itoa(o.capY[y]/2)
					rows = append(rows, a)
				}
			}
		}
		out[fmt.Sprintf("%s%d/BTS_attractivite_capacite_%d.csv", tp, y, y)] = rows
	}
}

func (g *gen) famille(f *Formation) string {
	for _, fa := range g.seed.Familles {
		if fa.CFDSpecialite == f.CFD || fa.CFDCommun == f.CFD {
			return fa.Famille
		}
	}
	return ""
}

// insertion writes the InserJeunes files: per school × formation, per
// région × formation (the sums of the former) and per school (DEPP).
func (g *gen) insertion(out map[string][]row) {
	type rkey struct {
		region string
		b      int
		mef    string
	}
	regional := map[rkey]*ijCounts{}
	var uai []row
	schoolSums := map[*school]map[int]*ijCounts{}
	for _, s := range g.schools {
		schoolSums[s] = map[int]*ijCounts{}
		for _, b := range millesimesDEPP {
			schoolSums[s][b] = &ijCounts{}
		}
		for _, o := range s.offers {
			if o.f.EstCommune {
				continue
			}
			last := o.f.MEFs[len(o.f.MEFs)-1].Stat11
			for _, b := range millesimesDEPP {
				c := g.ij(s, o, b)
				if c.term == 0 {
					continue
				}
				schoolSums[s][b].add(c)
				if b < millesimesIJ[0] {
					continue
				}
				k := rkey{s.ter.Region, b, last}
				if regional[k] == nil {
					regional[k] = &ijCounts{}
				}
				regional[k].add(c)
				if s.agri {
					continue
				}
				uai = append(uai, ijRow(c, row{"id": fmt.Sprintf("%s_%s_scolaire_%s", millesime(b), s.uai, last),
					"millesime": millesime(b), "uai": s.uai, "voie": "scolaire", "mefstat11": last}, g.chance(0.06)))
			}
		}
	}
	out[tp+"ij_uai_data.csv"] = uai

	keys := make([]rkey, 0, len(regional))
	for k := range regional {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.b != b.b {
			return a.b < b.b
		}
		if a.region != b.region {
			return a.region < b.region
		}
		return a.mef < b.mef
	})
	ijRegion := map[string]string{}
	for _, t := range g.seed.Territoires {
		ijRegion[t.Region] = t.RegionIJ
	}
	var reg []row
	for _, k := range keys {
		if ijRegion[k.region] == "" {
			continue // like the real file: no InserJeunes data for Mayotte
		}
		c := *regional[k]
		reg = append(reg, ijRow(c, row{"id": fmt.Sprintf("%s_%s_scolaire_%s", millesime(k.b), ijRegion[k.region], k.mef),
			"millesime": millesime(k.b), "code_region_ij": ijRegion[k.region], "code_region": k.region, "voie": "scolaire", "mefstat11": k.mef}, g.chance(0.05)))
	}
	// Apprenticeship rows are keyed by CFD.
	for _, b := range millesimesIJ {
		for _, t := range g.seed.Territoires {
			if t.RegionIJ == "" || t.Departement != firstDep(g.seed.Territoires, t.Region) {
				continue
			}
			for i, f := range g.seed.Formations {
				if f.EstCommune || i%3 != 0 {
					continue
				}
				term := 10 + g.pick(200)
				p := 0.12 + 0.1*g.r.Float64()
				e := map[string]float64{"500": 0.61, "503": 0.61, "320": 0.69}[f.Niveau]
				if e == 0 {
					e = 0.69
				}
				c := ijCounts{term: term, poursuite: round(p * float64(term))}
				c.sortant = term - c.poursuite
				e = clamp(e+g.normal(0, 0.08), 0.1, 0.95)
				c.e6, c.e12 = round(e*float64(c.sortant)), round(clamp(e+0.06, 0, 1)*float64(c.sortant))
				c.e18, c.e24 = round(clamp(e+0.08, 0, 1)*float64(c.sortant)), round(clamp(e+0.1, 0, 1)*float64(c.sortant))
				reg = append(reg, ijRow(c, row{"id": fmt.Sprintf("%s_%s_apprentissage_%s", millesime(b), t.RegionIJ, f.CFD),
					"millesime": millesime(b), "code_region_ij": t.RegionIJ, "code_region": t.Region, "voie": "apprentissage", "cfd": f.CFD}, false))
			}
		}
	}
	out[tp+"ij_region_data.csv"] = reg

	for _, b := range millesimesDEPP {
		var pro, app []row
		m := millesime(b)
		for _, s := range g.schools {
			c := *schoolSums[s][b]
			if c.term == 0 || s.agri && s.noName {
				continue
			}
			va := clamp(s.va+g.normal(0, 2), -12, 12)
			base := row{"n°UAI de l'établissement": s.uai, "Libellé de l'établissement": s.nom, "Région": upperASCII(s.ter.LibelleRegion)}
			rates := func(c ijCounts, va float64) (string, string, string, string, [3]string) {
				if c.term < 20 || c.sortant < 20 {
					return "nd", "nd", "nd", "nd", [3]string{"nd", "nd", "nd"}
				}
				p := round(100 * float64(c.poursuite) / float64(c.term))
				e := round(100 * float64(c.e6) / float64(c.sortant))
				pe := round(100 * float64(c.e6) / float64(c.term))
				return itoa(p), itoa(e), itoa(e - round(va)), itoa(round(va)), [3]string{itoa(p), itoa(pe), itoa(100 - p - pe)}
			}
			pops := []string{"ensemble"}
			if s.cfa {
				pops = append(pops, "dont élèves en voie pro sco", "dont apprentis")
			}
			for _, pop := range pops {
				cc := c
				if pop == "dont apprentis" {
					cc = ijCounts{term: c.term / 4, poursuite: c.term / 16, sortant: c.term/4 - c.term/16, e6: (c.term/4 - c.term/16) * 2 / 3}
				}
				p, e, att, v, parts := rates(cc, va)
				r := row{}
				for k, x := range base {
					r[k] = x
				}
				switch b {
				case 2019: // old layout, 11 columns, blank header cells
					r["#4"], r["#5"], r["Taux"], r["Taux attendu"], r["Valeur ajoutée"] = pop, p, e, att, v
					r["#9"], r["#10"], r["#11"] = e, e, e
				case 2020: // old layout, 9 columns
					r["Dont apprentis en EPLE"], r["#5"], r["Taux"], r["Taux attendu"], r["Valeur ajoutée"], r["#9"] = pop, p, e, att, v, e
				default:
					r["Dont apprentis en EPLE"], r["Taux de poursuite d'études"], r["Taux"], r["Taux attendu"], r["Valeur ajoutée"] = pop, p, e, att, v
					r["Part en poursuite d'études"], r["Part en emploi 6 mois après la sortie"], r["Part des autres situations"] = parts[0], parts[1], parts[2]
				}
				pro = append(pro, r)
			}
			if s.cfa && b >= 2021 {
				cc := ijCounts{term: c.term / 3, poursuite: c.term / 12, sortant: c.term/3 - c.term/12, e6: (c.term/3 - c.term/12) * 2 / 3}
				p, e, att, v, parts := rates(cc, va)
				r := row{}
				for k, x := range base {
					r[k] = x
				}
				r["Libellé de l'établissement"] = "CFA fictif " + strings.TrimPrefix(s.nom, "Lycée professionnel fictif ")
				r["Taux de poursuite d'études"], r["Taux"], r["Taux attendu"], r["Valeur ajoutée"] = p, e, att, v
				r["Part en poursuite d'études "], r["Part en emploi 6 mois après la sortie "], r["Part des autres situations "] = parts[0], parts[1], parts[2]
				app = append(app, r)
			}
		}
		out["trajectoires-pro/depp-2022-etablissements-"+m+"-pro.csv"] = pro
		if b >= 2021 {
			out["trajectoires-pro/depp-2022-etablissements-"+m+"-apprentissage.csv"] = app
		}
	}
}

func firstDep(ts []Territoire, region string) string {
	for _, t := range ts {
		if t.Region == region {
			return t.Departement
		}
	}
	return ""
}

// ijRow lays InserJeunes counts out like ij_region_data.csv; suppressed
// rows have empty employment and leaver counts, as in the real file.
func ijRow(c ijCounts, r row, suppress bool) row {
	r["nb_annee_term"] = itoa(c.term)
	r["nb_poursuite_etudes"] = itoa(c.poursuite)
	r["taux_poursuite_etudes"] = pct(c.poursuite, c.term)
	if suppress {
		return r
	}
	r["nb_sortant"] = itoa(c.sortant)
	r["nb_en_emploi_6_mois"], r["nb_en_emploi_12_mois"] = itoa(c.e6), itoa(c.e12)
	r["nb_en_emploi_18_mois"], r["nb_en_emploi_24_mois"] = itoa(c.e18), itoa(c.e24)
	r["taux_emploi_6_mois"], r["taux_emploi_12_mois"] = pct(c.e6, c.sortant), pct(c.e12, c.sortant)
	r["taux_emploi_18_mois"], r["taux_emploi_24_mois"] = pct(c.e18, c.sortant), pct(c.e24, c.sortant)
	return r
}

// contexte writes the INSEE unemployment files and the actions prioritaires.
func (g *gen) contexte(out map[string][]row) {
	var dep, reg []row
	regions := map[string]bool{}
	for _, t := range g.seed.Territoires {
		if t.Departement == "976" {
			continue // Mayotte is absent, as in the real file
		}
		base := 6 + 4*(stable("ch"+t.Departement)+1)
		for y := 2023; y >= 2019; y-- {
			dep = append(dep, row{"codeDepartement": t.Departement, "libelleDepartement": upperASCII(t.LibelleDepartement),
				"rentreeScolaire": itoa(y), "tauxChomage": decComma(base + 0.3*float64(2023-y))})
		}
		regions[t.Region] = true
	}
	var rs []string
	for r := range regions {
		rs = append(rs, r)
	}
	sort.Strings(rs)
	for y := 2023; y >= 2020; y-- {
		for _, r := range rs {
			reg = append(reg, row{"codeRegion": r, "rentreeScolaire": itoa(y), "tauxChomage": decComma(7 + 3*(stable("cr"+r)+1) + 0.2*float64(2023-y))})
		}
	}
	out[tp+"chomage_departemental_INSEE.csv"] = dep
	out[tp+"chomage_regional_INSEE.csv"] = reg
	var ap []row
	for i, f := range g.seed.Formations {
		if i%9 != 1 || f.EstCommune {
			continue
		}
		for j, t := range g.seed.Territoires {
			if j%37 == i%37 {
				ap = append(ap, row{"Formation": f.Intitule, "Diplôme": f.Court, "cfd": f.CFD, "Région sélectionnée": t.LibelleRegion,
					"codeRegion": t.Region, "codeDispositif": f.Dispositif})
			}
		}
	}
	out[tp+"actions_prioritaires.csv"] = ap
}
