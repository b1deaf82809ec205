package sample

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/orion-static/orion/data"
	"github.com/orion-static/orion/generator/load"
)

// Quotas of standalone formations per niveau (the most offered real ones),
// then a few rarely offered ones that exercise the statistical secret.
var (
	seedQuota = map[string]int{"500": 22, "503": 3, "400": 14, "403": 3, "320": 12}
	seedRare  = map[string]int{"500": 2, "400": 2}
)

// extract reads, from the open-data bundle in dir, the lines of the real
// files the fictional sample needs, byte for byte (encoding, byte order
// mark, line ends): the territories, the BCN rows of about 70 real
// formations chosen among the most offered ones (CAP, CAPA, bac pro, bac pro
// agricole, BTS, three familles de métiers with their 2nde commune and
// spécialités, the closed CFDs they renewed), their labels, ROME codes and
// métiers, and one or two communes per département. Extracts commits them
// under data/reference. Files are read as `orion build` reads the bundle,
// with load's reader and the formats of data/manifest/real.json.
func extract(dir string) (map[string][]byte, error) {
	m, err := load.ReadManifest(data.FS, "manifest/formats.json", "manifest/real.json")
	if err != nil {
		return nil, err
	}
	formats := formatsByPath(m)
	var fail error
	empty := &table{Records: &load.Records{}, col: map[string]int{}}
	read := func(p string) *table {
		if fail != nil {
			return empty
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			fail = fmt.Errorf("the sample takes its territories and nomenclatures from the open-data bundle: %w", err)
			return empty
		}
		f, err := readTable(p, b, formats)
		if err != nil {
			fail = err
			return empty
		}
		return f
	}
	mefs, fd, vfd := read(pathMef), read(pathFD), read(pathVFD)

	// Popularity: how many real UAIs offer each CFD (constat 2020, Affelnet).
	cfdOfStat := map[string][]string{}
	for _, r := range mefs.rows {
		if s := mefs.cell(r, "MEF_STAT_11"); s != "" {
			cfdOfStat[s] = append(cfdOfStat[s], mefs.cell(r, "FORMATION_DIPLOME"))
		}
	}
	offers := map[string]map[string]bool{}
	for _, src := range []struct{ path, uai, mef string }{
		{"tjp-pilotage/2020/constat_2020.csv", "UAI", "Mef Bcp 11"},
		{"tjp-pilotage/2021/attractivite_capacite_2021.csv", "Etablissement d'accueil", "MEF STAT 11"},
		{"tjp-pilotage/2022/attractivite_capacite_2022.csv", "Etablissement d'accueil", "MEF STAT 11"},
	} {
		f := read(src.path)
		for _, r := range f.rows {
			for _, cfd := range cfdOfStat[f.cell(r, src.mef)] {
				if offers[cfd] == nil {
					offers[cfd] = map[string]bool{}
				}
				offers[cfd][f.cell(r, src.uai)] = true
			}
		}
	}
	pop := func(cfd string) int { return len(offers[cfd]) }
	byPop := func(l []string) {
		sort.Slice(l, func(i, j int) bool {
			if pop(l[i]) != pop(l[j]) {
				return pop(l[i]) > pop(l[j])
			}
			return l[i] < l[j]
		})
	}

	// The usual path of a CFD: MEFs of years from..duree in its dispositif.
	type year struct {
		cfd   string
		annee int
	}
	has, duree := map[year]bool{}, map[string]int{}
	for _, r := range mefs.rows {
		cfd := mefs.cell(r, "FORMATION_DIPLOME")
		if len(cfd) == 8 && mefs.cell(r, "DISPOSITIF_FORMATION") == dispositifs[cfd[:3]] && mefs.cell(r, "MEF_STAT_11") != "" {
			a, _ := strconv.Atoi(mefs.cell(r, "ANNEE_DISPOSITIF"))
			has[year{cfd, a}] = true
			duree[cfd], _ = strconv.Atoi(mefs.cell(r, "DUREE_DISPOSITIF"))
		}
	}
	path := func(cfd string, from int) bool {
		if duree[cfd] == 0 {
			return false
		}
		for a := from; a <= duree[cfd]; a++ {
			if !has[year{cfd, a}] {
				return false
			}
		}
		return true
	}
	open := map[string]bool{}
	fdRow := map[string][]string{}
	for _, r := range fd.rows {
		cfd := fd.cell(r, "FORMATION_DIPLOME")
		fdRow[cfd] = r
		open[cfd] = fd.cell(r, "DATE_FERMETURE") == ""
	}

	// Familles de métiers: the two most offered of the Éducation nationale
	// and the most offered agricultural one, with up to four spécialités.
	fam := read(pathFamilles)
	inFamille := map[string]bool{}
	specs := map[string][]string{}
	ministry := map[string]string{}
	var communes []string
	for _, r := range fam.rows {
		c, sp := fam.cell(r, "CFD_COMMUN"), fam.cell(r, "CFD_SPECIALITE")
		inFamille[c], inFamille[sp] = true, true
		if _, ok := specs[c]; !ok {
			communes = append(communes, c)
			ministry[c] = fam.cell(r, "CODE_MINISTERE_TUTELLE")
		}
		if open[sp] && path(sp, 2) {
			specs[c] = append(specs[c], sp)
		} else if _, ok := specs[c]; !ok {
			specs[c] = nil
		}
	}
	byPop(communes)
	chosen := map[string]bool{}
	famQuota := map[string]int{"06": 2, "03": 1}
	for _, c := range communes {
		if famQuota[ministry[c]] == 0 || !has[year{c, 1}] || len(specs[c]) < 2 {
			continue
		}
		famQuota[ministry[c]]--
		chosen[c] = true
		byPop(specs[c])
		for _, sp := range specs[c][:min(4, len(specs[c]))] {
			chosen[sp] = true
		}
	}

	// Standalone formations, most offered first, then rare ones.
	cands := map[string][]string{}
	for cfd := range open {
		n := cfd[:3]
		label := fd.cell(fdRow[cfd], "LIBELLE_LONG_200")
		if !open[cfd] || inFamille[cfd] || !path(cfd, 1) || pop(cfd) == 0 ||
			strings.Contains(label, "COMMUNE") || strings.Contains(label, "1ERE ANNEE") {
			continue
		}
		cands[n] = append(cands[n], cfd)
	}
	for n, q := range seedQuota {
		byPop(cands[n])
		for _, cfd := range cands[n][:min(q, len(cands[n]))] {
			chosen[cfd] = true
		}
		rare := seedRare[n]
		for _, cfd := range cands[n] {
			if rare > 0 && !chosen[cfd] && pop(cfd) >= 5 && pop(cfd) <= 30 {
				chosen[cfd] = true
				rare--
			}
		}
	}

	// Closed CFDs renewed by a chosen one carry its older cohorts.
	closed := map[string]bool{}
	vfdRow := map[string][]string{}
	for _, r := range vfd.rows {
		vfdRow[vfd.cell(r, "FORMATION_DIPLOME")] = r
	}
	communeOf := map[string]string{}
	for _, r := range fam.rows {
		communeOf[fam.cell(r, "CFD_SPECIALITE")] = fam.cell(r, "CFD_COMMUN")
	}
	for cfd := range chosen {
		r := fdRow[cfd]
		start := rentree(fd.cell(r, "DATE_OUVERTURE"))
		if c := communeOf[cfd]; chosen[c] {
			start = max(start, rentree(fd.cell(fdRow[c], "DATE_OUVERTURE")))
		}
		if start <= 2014 {
			continue // its own cohorts fill every year the sample covers
		}
		for i := 1; i <= 7; i++ {
			p := fd.cell(r, "ANCIEN_DIPLOME_"+strconv.Itoa(i))
			if p != "" && !chosen[p] && vfdRow[p] != nil && vfd.cell(vfdRow[p], "DATE_FERMETURE") != "" && path(p, 1) {
				closed[p] = true
				break
			}
		}
	}
	kept := map[string]bool{}
	for c := range chosen {
		kept[c] = true
	}
	for c := range closed {
		kept[c] = true
	}

	out := map[string][]byte{}
	keepBy := func(p string, f *table, keep func(r []string) bool) {
		out[p] = f.subset(func(i int) bool { return keep(f.rows[i]) })
	}
	keepAll := func(p string) {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil && fail == nil {
			fail = err
		}
		out[p] = b
	}
	// Territories: the département rows only (no pseudo rows); the INSEE
	// unemployment files are not shipped at all: the sample invents them.
	ter := read(pathTerritoires)
	keepBy(pathTerritoires, ter, func(r []string) bool { return ter.cell(r, "codeDepartement") != "" })

	mefKept, dispKept := map[string]bool{}, map[string]bool{}
	keepBy(pathMef, mefs, func(r []string) bool {
		if !kept[mefs.cell(r, "FORMATION_DIPLOME")] {
			return false
		}
		mefKept[mefs.cell(r, "MEF")] = true
		dispKept[mefs.cell(r, "DISPOSITIF_FORMATION")] = true
		return true
	})
	nsf, niveaux := map[string]bool{}, map[string]bool{}
	keepBy(pathFD, fd, func(r []string) bool { return kept[fd.cell(r, "FORMATION_DIPLOME")] })
	keepBy(pathVFD, vfd, func(r []string) bool {
		if !kept[vfd.cell(r, "FORMATION_DIPLOME")] {
			return false
		}
		nsf[vfd.cell(r, "GROUPE_SPECIALITE")] = true
		niveaux[vfd.cell(r, "NIVEAU_FORMATION_DIPLOME")] = true
		return true
	})
	niv := read(pathNiveau)
	keepBy(pathNiveau, niv, func(r []string) bool { return niveaux[niv.cell(r, "NIVEAU_FORMATION_DIPLOME")] })
	disp := read(pathDispositif)
	keepBy(pathDispositif, disp, func(r []string) bool { return dispKept[disp.cell(r, "DISPOSITIF_FORMATION")] })
	grp := read(pathNSFGroupe)
	domaines := map[string]bool{}
	keepBy(pathNSFGroupe, grp, func(r []string) bool {
		if !nsf[grp.cell(r, "GROUPE_SPECIALITE")] {
			return false
		}
		domaines[grp.cell(r, "DOMAINE_SPECIALITE")] = true
		return true
	})
	dom := read(pathNSFDomaine)
	keepBy(pathNSFDomaine, dom, func(r []string) bool { return domaines[dom.cell(r, "DOMAINE_SPECIALITE")] })
	keepAll(pathNSFCat)
	lien := read(pathLienGroupe)
	groupes := map[string]bool{}
	keepBy(pathLienGroupe, lien, func(r []string) bool {
		if !kept[lien.cell(r, "FORMATION_DIPLOME")] {
			return false
		}
		groupes[lien.cell(r, "GROUPE_FORMATION")] = true
		return true
	})
	gf := read(pathGroupe)
	keepBy(pathGroupe, gf, func(r []string) bool { return groupes[gf.cell(r, "GROUPE_FORMATION")] })
	dp := read(pathDiplomes)
	keepBy(pathDiplomes, dp, func(r []string) bool { return chosen[cfdOfCode(dp.cell(r, "Code diplôme"))] })
	keepBy(pathFamilles, fam, func(r []string) bool {
		return chosen[fam.cell(r, "CFD_COMMUN")] && chosen[fam.cell(r, "CFD_SPECIALITE")]
	})
	lm := read(pathLienMEFFam)
	famCodes := map[string]bool{}
	keepBy(pathLienMEFFam, lm, func(r []string) bool {
		if !mefKept[lm.cell(r, "MEF")] {
			return false
		}
		famCodes[lm.cell(r, "FAMILLE_METIER")] = true
		return true
	})
	fb := read(pathFamilleBCN)
	keepBy(pathFamilleBCN, fb, func(r []string) bool { return famCodes[fb.cell(r, "FAMILLE_METIER")] })
	ap := read(pathActions)
	keepBy(pathActions, ap, func(r []string) bool { return chosen[ap.cell(r, "cfd")] })

	// Métiers: ROME codes of the chosen CFDs (Certif Info), their parents,
	// domains and at most two appellations each.
	ci := read(pathCertif)
	romes := map[string]bool{}
	keepBy(pathCertif, ci, func(r []string) bool {
		if !chosen[ci.cell(r, "Code_Scolarité")] {
			return false
		}
		for i := 1; i <= 5; i++ {
			if c := ci.cell(r, "Code_Rome_"+strconv.Itoa(i)); c != "" {
				romes[c] = true
			}
		}
		return true
	})
	rome := read(pathRome)
	for _, r := range rome.rows {
		if romes[rome.cell(r, "code_rome")] {
			romes[rome.cell(r, "code_rome_parent")] = true
		}
	}
	domPro := map[string]bool{}
	keepBy(pathRome, rome, func(r []string) bool {
		c := rome.cell(r, "code_rome")
		if romes[c] {
			domPro[c[:3]] = true
		}
		return romes[c]
	})
	met := read(pathMetier)
	perRome := map[string]int{}
	keepBy(pathMetier, met, func(r []string) bool {
		c := met.cell(r, "code_rome")
		if !romes[c] || perRome[c] >= 2 {
			return false
		}
		perRome[c]++
		return true
	})
	dpro := read(pathDomainePro)
	keepBy(pathDomainePro, dpro, func(r []string) bool { return domPro[dpro.cell(r, "code_domaine_professionnel")] })

	// Communes: per département, the one or two communes with the most
	// real LP/LPO (IPS list), at their commune point.
	ips := read("juliengossa-parcoursup/fr-en-ips_lycees.csv")
	lycees := map[string]map[string]bool{}
	for _, r := range ips.rows {
		if ty := ips.cell(r, "type_de_lycee"); ty != "LP" && ty != "LPO" {
			continue
		}
		c := ips.cell(r, "code_insee_de_la_commune")
		for len(c) < 5 {
			c = "0" + c
		}
		switch {
		case strings.HasPrefix(c, "751"):
			c = "75056"
		case strings.HasPrefix(c, "6938"):
			c = "69123"
		case c >= "13201" && c <= "13216":
			c = "13055"
		}
		if lycees[c] == nil {
			lycees[c] = map[string]bool{}
		}
		lycees[c][ips.cell(r, "uai")] = true
	}
	com := read(pathCommunes)
	perDep := map[string][]int{}
	for i, r := range com.rows {
		if len(lycees[com.cell(r, "code_commune_insee")]) > 0 {
			d := com.cell(r, "code_departement")
			perDep[d] = append(perDep[d], i)
		}
	}
	keepCommune := map[int]bool{}
	for _, l := range perDep {
		sort.Slice(l, func(a, b int) bool {
			ca, cb := com.cell(com.rows[l[a]], "code_commune_insee"), com.cell(com.rows[l[b]], "code_commune_insee")
			if len(lycees[ca]) != len(lycees[cb]) {
				return len(lycees[ca]) > len(lycees[cb])
			}
			return ca < cb
		})
		for _, i := range l[:min(2, len(l))] {
			keepCommune[i] = true
		}
	}
	out[pathCommunes] = com.subset(func(i int) bool { return keepCommune[i] })

	// Constants of the generator that come from the real files.
	ij := read("tjp-pilotage/ij_region_data.csv")
	for _, r := range ij.rows {
		if got := regionIJ[ij.cell(r, "code_region")]; got != ij.cell(r, "code_region_ij") {
			return nil, fmt.Errorf("regionIJ[%s] = %q, the real file says %q", ij.cell(r, "code_region"), got, ij.cell(r, "code_region_ij"))
		}
	}
	for _, h := range horsBCN {
		if len(cfdOfStat[h[0]]) > 0 {
			return nil, fmt.Errorf("%s is in nMef: not an example of a MEF absent from the BCN", h[0])
		}
	}

	if fail != nil {
		return nil, fail
	}
	return out, nil
}

// subset returns the file restricted to the records for which keep is true,
// byte for byte: same byte order mark, header, line ends and final newline.
func (t *table) subset(keep func(i int) bool) []byte {
	nl := "\n"
	if t.crlf {
		nl = "\r\n"
	}
	var b bytes.Buffer
	if t.BOM {
		b.WriteString("\xEF\xBB\xBF")
	}
	b.Write(t.Header.Raw)
	for i, r := range t.Rows {
		if keep(i) {
			b.WriteString(nl)
			b.Write(r.Raw)
		}
	}
	if t.finalNL {
		b.WriteString(nl)
	}
	return b.Bytes()
}
