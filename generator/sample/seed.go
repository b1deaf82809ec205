package sample

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/orion-static/orion/generator/load"
)

// Paths of the real files the seed extracts.
const (
	pathTerritoires = "tjp-pilotage/departements_academies_regions.csv"
	pathMef         = "tjp-pilotage/nMef.csv"
	pathFD          = "tjp-pilotage/nFormationDiplome_.csv"
	pathVFD         = "tjp-pilotage/vFormationDiplome_.csv"
	pathNiveau      = "tjp-pilotage/nNiveauFormationDiplome_.csv"
	pathDispositif  = "tjp-pilotage/nDispositifFormation_.csv"
	pathNSFGroupe   = "tjp-pilotage/n_groupe_specialite_.csv"
	pathNSFDomaine  = "tjp-pilotage/n_domaine_specialite_.csv"
	pathNSFCat      = "tjp-pilotage/n_categorie_specialite_.csv"
	pathGroupe      = "tjp-pilotage/n_groupe_formation_.csv"
	pathLienGroupe  = "tjp-pilotage/n_lien_formation_groupe_.csv"
	pathDiplomes    = "tjp-pilotage/diplomesProfessionnels.csv"
	pathFamilles    = "tjp-pilotage/familleMetiers.csv"
	pathFamilleBCN  = "trajectoires-pro/bcn/n_famille_metier_spec_pro.csv"
	pathLienMEFFam  = "trajectoires-pro/bcn/n_lien_mef_famille_metier.csv"
	pathCommunes    = "derived/communes_centroides.csv"
	pathRome        = "tjp-pilotage/rome.csv"
	pathMetier      = "tjp-pilotage/metier.csv"
	pathDomainePro  = "tjp-pilotage/domaine_professionnel.csv"
	pathCertif      = "tjp-pilotage/certif_info.csv"
	pathActions     = "tjp-pilotage/actions_prioritaires.csv"
	pathChomageDep  = "tjp-pilotage/chomage_departemental_INSEE.csv"
	pathChomageReg  = "tjp-pilotage/chomage_regional_INSEE.csv"
)

// dispositifs is the usual school path of each diploma level: CAP in 2
// years, CAPA in 2 years, bac pro and bac pro agricole in 3 years, BTS in 2
// years. The sample only simulates these paths.
var dispositifs = map[string]string{"500": "241", "503": "271", "400": "247", "403": "276", "320": "311"}

// regionIJ is the région number used by InserJeunes (code_region_ij): the
// régions in alphabetical order. Mayotte (13) has no InserJeunes data.
// TestExtractSeed checks it against the real ij_region_data.csv.
var regionIJ = map[string]string{
	"84": "01", "27": "02", "53": "03", "24": "04", "94": "05", "44": "06", "01": "07", "03": "08", "32": "09",
	"11": "10", "04": "11", "02": "12", "28": "14", "75": "15", "76": "16", "52": "17", "93": "18",
}

// horsBCN are real Parcoursup 2024 offers (certificats de spécialisation)
// whose MEF is absent from the BCN: the 2024 file carries such rows, and the
// site must skip them. TestExtractSeed checks that they are absent from nMef.
var horsBCN = [][2]string{
	{"23K00025502", "Certificat de Spécialisation - Cybersécurité"},
	{"23K00033403", "Certificat de Spécialisation - Sommellerie"},
}

// departement is one of the 101 départements of the territory file.
type departement struct {
	code3, short, nom         string
	academie, libelleAcademie string
	region, libelleRegion     string
	communes                  []commune
}

// drom says whether the département is overseas.
func (d *departement) drom() bool { return strings.HasPrefix(d.code3, "97") }

// uaiPrefix is the first 3 characters of a UAI in the département.
func (d *departement) uaiPrefix() string {
	switch d.code3 {
	case "02A":
		return "620"
	case "02B":
		return "720"
	}
	return d.code3
}

type commune struct{ code, nom string }

// mef is one year of study of a formation.
type mef struct {
	mef, stat11, libelle string
	annee                int
	ouverture            int // rentrée of DATE_OUVERTURE
	fermeture            int // last rentrée before DATE_FERMETURE; 0 while open
}

// formation is a real formation of the seed with the MEFs of its usual path.
type formation struct {
	cfd, niveau, libelle string // libelle: BCN LIBELLE_LONG_200
	intitule             string // DGESCO title when known, else the BCN label
	diplome              string // short label of the niveau (CAP, BAC PRO, BTS…)
	nsf                  string
	duree                int
	ouverture            int   // rentrée the CFD opened
	mefs                 []mef // years 1..duree; a 2nde commune has year 1 only
	commune              *formation
	isCommune            bool
	famille              string // FAMILLE of familleMetiers.csv
	familleAffelnet      string // the "Famille de métiers" cell of Affelnet
	pred                 *formation
	closed               bool // a renewed CFD, offered only to older cohorts
}

// start is the first rentrée a cohort can enter the formation's path: the
// opening of the CFD (of its 2nde commune for a spécialité).
func (f *formation) start() int {
	if f.commune != nil {
		return max(f.commune.ouverture, f.ouverture)
	}
	return f.ouverture
}

// complete says whether the seed holds a MEF for every year of the path.
func (f *formation) complete() bool {
	if f.duree == 0 || len(f.mefs) != f.duree {
		return false
	}
	for a, m := range f.mefs {
		if m.stat11 == "" && (a > 0 || f.commune == nil) {
			return false
		}
	}
	return f.commune == nil || f.commune.mefs[0].stat11 != ""
}

func (f *formation) agri() bool { return f.niveau == "403" || f.niveau == "503" }

// path returns the MEF of each year of study for a cohort entering the
// formation itself.
func (f *formation) path() []mef {
	if f.commune == nil {
		return f.mefs
	}
	p := append([]mef(nil), f.mefs...)
	p[0] = f.commune.mefs[0]
	return p
}

// seed is the parsed embedded seed.
type seed struct {
	files       map[string][]byte // relative path → bytes, copied verbatim into the sample
	deps        []*departement    // the 101 départements, by code
	regions     []string          // codes of the 18 régions, sorted
	regionNom   map[string]string
	formations  []*formation // open formations with a complete path, by CFD
	byCFD       map[string]*formation
	communes    []*formation // 2nde communes, by CFD
	familleCode map[string]string
}

// readSeed reads the extracts of the real files (embeddedSeed, in their
// published layout) with load's reader and the formats of their paths.
func readSeed(files map[string][]byte, formats map[string]*load.Format) (*seed, error) {
	s := &seed{files: files, regionNom: map[string]string{}}
	parse := func(p string) (*table, error) {
		b, ok := s.files[p]
		if !ok {
			return nil, fmt.Errorf("seed: %s is missing", p)
		}
		f, err := readTable(p, b, formats)
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		return f, nil
	}
	if err := s.territoires(parse); err != nil {
		return nil, err
	}
	if err := s.nomenclature(parse); err != nil {
		return nil, err
	}
	return s, nil
}

// isDepartement keeps the 101 départements (metropolitan and the five
// DROM), not the pseudo rows, COM and foreign countries of the file.
func isDepartement(code3, region string) bool {
	if len(code3) != 3 || region == "00" || region == "99" {
		return false
	}
	if code3[0] == '0' {
		return true
	}
	return code3 >= "971" && code3 <= "976" && code3 != "975"
}

func (s *seed) territoires(parse func(string) (*table, error)) error {
	t, err := parse(pathTerritoires)
	if err != nil {
		return err
	}
	byShort := map[string]*departement{}
	for _, r := range t.rows {
		code, region := t.cell(r, "codeDepartement"), t.cell(r, "codeRegion")
		if !isDepartement(code, region) {
			continue
		}
		d := &departement{code3: code, short: strings.TrimPrefix(code, "0"), nom: t.cell(r, "libelleDepartement"),
			academie: t.cell(r, "codeAcademie"), libelleAcademie: t.cell(r, "libelleAcademie"),
			region: region, libelleRegion: t.cell(r, "libelleRegion")}
		if d.drom() {
			d.short = code
		}
		s.deps = append(s.deps, d)
		byShort[d.short] = d
		if _, ok := s.regionNom[region]; !ok {
			s.regions = append(s.regions, region)
			s.regionNom[region] = d.libelleRegion
		}
	}
	sort.Slice(s.deps, func(i, j int) bool { return s.deps[i].code3 < s.deps[j].code3 })
	sort.Strings(s.regions)
	c, err := parse(pathCommunes)
	if err != nil {
		return err
	}
	for _, r := range c.rows {
		if d := byShort[c.cell(r, "code_departement")]; d != nil {
			d.communes = append(d.communes, commune{code: c.cell(r, "code_commune_insee"), nom: c.cell(r, "nom_commune")})
		}
	}
	for _, d := range s.deps {
		if len(d.communes) == 0 {
			return fmt.Errorf("seed: no commune for département %s", d.code3)
		}
		sort.Slice(d.communes, func(i, j int) bool { return d.communes[i].code < d.communes[j].code })
	}
	return nil
}

// rentree reads the year of a BCN date (dd/mm/yyyy) as a rentrée: a MEF
// opened on 01/09/2019 first holds pupils at rentrée 2019, one closed on
// 31/08/2021 last holds pupils at rentrée 2020. An empty date gives 0.
func rentree(date string) int {
	if len(date) != 10 {
		return 0
	}
	y, err := strconv.Atoi(date[6:])
	if err != nil {
		return 0
	}
	if date[3:5] < "09" {
		return y - 1
	}
	return y
}

func (s *seed) nomenclature(parse func(string) (*table, error)) error {
	var files = map[string]*table{}
	for _, p := range []string{pathMef, pathFD, pathVFD, pathNiveau, pathDiplomes, pathFamilles, pathFamilleBCN, pathLienMEFFam} {
		f, err := parse(p)
		if err != nil {
			return err
		}
		files[p] = f
	}
	niveaux := map[string]string{}
	nv := files[pathNiveau]
	for _, r := range nv.rows {
		niveaux[nv.cell(r, "NIVEAU_FORMATION_DIPLOME")] = nv.cell(r, "LIBELLE_COURT")
	}
	intitules := map[string]string{}
	dp := files[pathDiplomes]
	for _, r := range dp.rows {
		if cfd := cfdOfCode(dp.cell(r, "Code diplôme")); cfd != "" && intitules[cfd] == "" {
			intitules[cfd] = dp.cell(r, "Intitulé de la spécialité (et options)")
		}
	}
	// MEFs of the usual path, one per year: the open one, else the latest.
	type key struct {
		cfd   string
		annee int
	}
	mefs := map[key]mef{}
	durees := map[string]int{}
	m := files[pathMef]
	closedMEF := map[key]bool{}
	for _, r := range m.rows {
		cfd := m.cell(r, "FORMATION_DIPLOME")
		if len(cfd) != 8 || m.cell(r, "DISPOSITIF_FORMATION") != dispositifs[cfd[:3]] || m.cell(r, "MEF_STAT_11") == "" {
			continue
		}
		a, _ := strconv.Atoi(m.cell(r, "ANNEE_DISPOSITIF"))
		d, _ := strconv.Atoi(m.cell(r, "DUREE_DISPOSITIF"))
		x := mef{mef: m.cell(r, "MEF"), stat11: m.cell(r, "MEF_STAT_11"), libelle: m.cell(r, "LIBELLE_LONG"),
			annee: a, ouverture: rentree(m.cell(r, "DATE_OUVERTURE")), fermeture: rentree(m.cell(r, "DATE_FERMETURE"))}
		k := key{cfd, a}
		closed := m.cell(r, "DATE_FERMETURE") != ""
		prev, ok := mefs[k]
		if !ok || closedMEF[k] && !closed || closedMEF[k] == closed && (x.ouverture > prev.ouverture || x.ouverture == prev.ouverture && x.mef < prev.mef) {
			mefs[k], closedMEF[k] = x, closed
		}
		durees[cfd] = d
	}
	byCFD := map[string]*formation{}
	s.byCFD = byCFD
	build := func(f *table, r []string) *formation {
		cfd := f.cell(r, "FORMATION_DIPLOME")
		fo := &formation{cfd: cfd, niveau: f.cell(r, "NIVEAU_FORMATION_DIPLOME"), libelle: f.cell(r, "LIBELLE_LONG_200"),
			nsf: f.cell(r, "GROUPE_SPECIALITE"), duree: durees[cfd], closed: f.cell(r, "DATE_FERMETURE") != "", diplome: niveaux[cfd[:3]]}
		fo.intitule = intitules[cfd]
		if fo.intitule == "" {
			fo.intitule = titleCase(stripDiplome(fo.libelle))
		}
		fo.ouverture = rentree(f.cell(r, "DATE_OUVERTURE"))
		fo.mefs = make([]mef, fo.duree)
		for a := 1; a <= fo.duree; a++ {
			fo.mefs[a-1] = mefs[key{cfd, a}]
		}
		return fo
	}
	fd := files[pathFD]
	for _, r := range fd.rows {
		fo := build(fd, r)
		byCFD[fo.cfd] = fo
	}
	vfd := files[pathVFD]
	for _, r := range vfd.rows {
		if cfd := vfd.cell(r, "FORMATION_DIPLOME"); byCFD[cfd] == nil {
			byCFD[cfd] = build(vfd, r)
		}
	}
	// Familles de métiers: the 2nde commune and the spécialités entered
	// through it.
	s.familleCode = map[string]string{}
	fb := files[pathFamilleBCN]
	bcnLabel := map[string]string{}
	for _, r := range fb.rows {
		bcnLabel[fb.cell(r, "FAMILLE_METIER")] = fb.cell(r, "LIBELLE_LONG")
	}
	lm := files[pathLienMEFFam]
	famOfMEF := map[string]string{}
	for _, r := range lm.rows {
		famOfMEF[lm.cell(r, "MEF")] = lm.cell(r, "FAMILLE_METIER")
	}
	fam := files[pathFamilles]
	for _, r := range fam.rows {
		c, sp := byCFD[fam.cell(r, "CFD_COMMUN")], byCFD[fam.cell(r, "CFD_SPECIALITE")]
		if c == nil || sp == nil || sp.closed {
			continue
		}
		famille := fam.cell(r, "FAMILLE")
		if !c.isCommune {
			if len(c.mefs) == 0 || c.mefs[0].stat11 == "" {
				continue
			}
			c.isCommune, c.famille = true, famille
			// Affelnet names a MEN famille by its BCN label, an agricultural
			// one by its own label in upper case, with a trailing space.
			c.familleAffelnet = strings.ToUpper(famille) + " "
			if code := famOfMEF[c.mefs[0].mef]; bcnLabel[code] != "" && !c.agri() {
				c.familleAffelnet = bcnLabel[code]
			}
			s.communes = append(s.communes, c)
		}
		sp.commune, sp.famille, sp.familleAffelnet = c, famille, c.familleAffelnet
	}
	// Renewals: a closed CFD of the seed listed as ANCIEN_DIPLOME of an
	// offered one carries the cohorts that entered before it opened.
	for _, r := range fd.rows {
		fo := byCFD[fd.cell(r, "FORMATION_DIPLOME")]
		for i := 1; i <= 7 && fo.pred == nil; i++ {
			if p := byCFD[fd.cell(r, "ANCIEN_DIPLOME_"+strconv.Itoa(i))]; p != nil && p.closed && p.complete() {
				fo.pred = p
			}
		}
	}
	for _, r := range fd.rows {
		fo := byCFD[fd.cell(r, "FORMATION_DIPLOME")]
		if fo.isCommune || fo.closed || !fo.complete() {
			continue
		}
		s.formations = append(s.formations, fo)
	}
	sort.Slice(s.formations, func(i, j int) bool { return s.formations[i].cfd < s.formations[j].cfd })
	sort.Slice(s.communes, func(i, j int) bool { return s.communes[i].cfd < s.communes[j].cfd })
	if len(s.formations) == 0 {
		return fmt.Errorf("seed: no formation with a complete school path")
	}
	return nil
}

// cfdOfCode turns a DGESCO code ("400-24202 V") into a CFD ("40024202").
func cfdOfCode(code string) string {
	c := strings.ReplaceAll(code, "-", "")
	if len(c) < 8 {
		return ""
	}
	return c[:8]
}

// stripDiplome drops the trailing "(CAP)", "(BAC PRO)"… of a BCN label.
func stripDiplome(s string) string {
	if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		return s[:i]
	}
	return s
}

// titleCase writes an upper-case BCN label in sentence case.
func titleCase(s string) string {
	r := []rune(strings.ToLower(s))
	if len(r) > 0 {
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	}
	return string(r)
}
