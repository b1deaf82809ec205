package sample

import (
	"bytes"
	"context"
	"database/sql"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/orion-static/orion/data"
	"github.com/orion-static/orion/generator/db"
	"github.com/orion-static/orion/generator/load"
)

// loaded is a sample written and loaded once, shared by the tests.
type loaded struct {
	dir  string
	conn *sql.DB
	rep  *load.Report
	m    *load.Manifest
}

var (
	fixtureOnce sync.Once
	fixture     *loaded
	fixtureErr  error
	tempDirs    []string
)

// opts are the options of a test sample: it needs nothing but the
// repository (its real rows are the committed extracts of data/reference).
func opts(_ *testing.T, seed int64, scale int) Options {
	return Options{Seed: seed, Scale: scale}
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// writeAndLoad writes a sample and loads it with the real readers: the
// formats from data.FS, the manifest the sample wrote.
func writeAndLoad(opt Options) (*loaded, error) {
	dir, err := os.MkdirTemp("", "orion-sample-test-*")
	if err != nil {
		return nil, err
	}
	tempDirs = append(tempDirs, dir)
	if err := Write(context.Background(), dir, opt); err != nil {
		return nil, err
	}
	formats, err := fs.ReadFile(data.FS, "manifest/formats.json")
	if err != nil {
		return nil, err
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	m, err := load.Parse(formats, manifest)
	if err != nil {
		return nil, err
	}
	conn, err := db.Open()
	if err != nil {
		return nil, err
	}
	rep, err := load.Load(context.Background(), conn, os.DirFS(dir), m)
	if err != nil {
		return nil, err
	}
	return &loaded{dir: dir, conn: conn, rep: rep, m: m}, nil
}

func sample1(t *testing.T) *loaded {
	t.Helper()
	o := opts(t, 1, 1)
	fixtureOnce.Do(func() { fixture, fixtureErr = writeAndLoad(o) })
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixture
}

func (l *loaded) scalar(t *testing.T, q string, dest ...any) {
	t.Helper()
	if err := l.conn.QueryRow(q).Scan(dest...); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
}

func (l *loaded) strings(t *testing.T, q string) []string {
	t.Helper()
	rows, err := l.conn.Query(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestSampleLoadsWithTheRealReaders: the strict loader reads every file of
// data/manifest/sample.json, and every one has rows.
func TestSampleLoadsWithTheRealReaders(t *testing.T) {
	l := sample1(t)
	if l.m.Name != "sample" || !l.m.Fictional {
		t.Errorf("manifest %q, fictional %v", l.m.Name, l.m.Fictional)
	}
	if len(l.rep.Files) != len(l.m.Files) {
		t.Fatalf("%d files loaded, the manifest lists %d", len(l.rep.Files), len(l.m.Files))
	}
	for _, f := range l.rep.Files {
		if f.Rows == 0 {
			t.Errorf("%s has no row", f.Path)
		}
	}
	// The referential checks of the site hold: every MEF of the constat,
	// Affelnet and InserJeunes (voie scolaire) is in the BCN extract.
	for _, q := range []string{
		`SELECT count(*) FROM constat WHERE mefstat11 NOT IN (SELECT mef_stat_11 FROM n_mef WHERE mef_stat_11 IS NOT NULL)`,
		`SELECT count(*) FROM affelnet WHERE mefstat11 NOT IN (SELECT mef_stat_11 FROM n_mef WHERE mef_stat_11 IS NOT NULL)`,
		`SELECT count(*) FROM ij_region WHERE voie = 'scolaire' AND mefstat11 NOT IN (SELECT mef_stat_11 FROM n_mef WHERE mef_stat_11 IS NOT NULL)`,
		`SELECT count(*) FROM ij_uai WHERE voie = 'scolaire' AND mefstat11 NOT IN (SELECT mef_stat_11 FROM n_mef WHERE mef_stat_11 IS NOT NULL)`,
		`SELECT count(*) FROM ij_region WHERE code_region NOT IN (SELECT code_region FROM territoire)`,
		`SELECT count(*) FROM affelnet WHERE mef_stat_terminale IS NOT NULL AND left(mefstat11, 4) <> '2381'
			AND mef_stat_terminale NOT IN (SELECT mef_stat_11 FROM n_mef WHERE mef_stat_11 IS NOT NULL)`,
	} {
		var n int
		l.scalar(t, q, &n)
		if n != 0 {
			t.Errorf("%d rows break a referential check:\n%s", n, q)
		}
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeTree(t *testing.T, opt Options) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	if err := Write(context.Background(), dir, opt); err != nil {
		t.Fatal(err)
	}
	return readTree(t, dir)
}

func TestSameOptionsGiveSameBytes(t *testing.T) {
	a := writeTree(t, opts(t, 7, 1))
	b := writeTree(t, opts(t, 7, 1))
	c := writeTree(t, opts(t, 8, 1))
	if len(a) != len(b) || len(a) < 45 {
		t.Fatalf("%d and %d files", len(a), len(b))
	}
	names := make([]string, 0, len(a))
	for k := range a {
		names = append(names, k)
	}
	sort.Strings(names)
	var differ []string
	for _, k := range names {
		if !bytes.Equal(a[k], b[k]) {
			t.Errorf("%s differs between two writes with the same options", k)
		}
		if !bytes.Equal(a[k], c[k]) {
			differ = append(differ, k)
		}
	}
	if len(differ) < 20 {
		t.Errorf("another seed changes only %v", differ)
	}
	manifest, _ := fs.ReadFile(data.FS, "manifest/sample.json")
	if !bytes.Equal(a["manifest.json"], manifest) {
		t.Error("manifest.json is not a copy of data/manifest/sample.json")
	}
}

var uaiPattern = regexp.MustCompile(`^[0-9]{7}[A-Z]$`)

// schoolUAIs lists the distinct UAIs of a written sample's constat and
// Affelnet files.
func schoolUAIs(t *testing.T, files map[string][]byte) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for p, b := range files {
		col := -1
		switch {
		case strings.Contains(p, "/constat_"):
			col = 1
		case strings.Contains(p, "/attractivite_capacite_"):
			col = 0
		default:
			continue
		}
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
			out[strings.Split(line, ";")[col]] = true
		}
	}
	return out
}

func TestScaleMultipliesSchools(t *testing.T) {
	one := schoolUAIs(t, writeTree(t, opts(t, 3, 1)))
	two := schoolUAIs(t, writeTree(t, opts(t, 3, 2)))
	if n := len(one); n < 250 || n > 350 {
		t.Errorf("%d schools at scale 1, want 250–350", n)
	}
	if r := float64(len(two)) / float64(len(one)); r < 1.85 || r > 2.15 {
		t.Errorf("scale 2 gives %d schools for %d at scale 1", len(two), len(one))
	}
}

// TestSchoolsAreFictional: every school or CFA name says "fictif", every
// UAI has a wrong check letter (so it is no real school's), and every
// département has a school.
func TestSchoolsAreFictional(t *testing.T) {
	l := sample1(t)
	for _, q := range []string{
		`SELECT DISTINCT nom FROM ips_lycee`,
		`SELECT DISTINCT libelle FROM affelnet_etab`,
		`SELECT DISTINCT libelle FROM depp_etab`,
	} {
		names := l.strings(t, q)
		if len(names) == 0 {
			t.Errorf("no name in %s", q)
		}
		for _, n := range names {
			if !strings.Contains(strings.ToLower(n), "fictif") {
				t.Errorf("%q does not say it is fictional (%s)", n, q)
			}
		}
	}
	uais := l.strings(t, `SELECT uai FROM constat UNION SELECT uai FROM affelnet UNION SELECT uai FROM ips_lycee
		UNION SELECT uai FROM depp_etab UNION SELECT uai FROM parcoursup_bts UNION SELECT uai FROM ij_uai ORDER BY 1`)
	for _, u := range uais {
		if !uaiPattern.MatchString(u) {
			t.Errorf("UAI %q does not match %s", u, uaiPattern)
			continue
		}
		n, _ := strconv.Atoi(u[:7])
		if u[7] == uaiLetters[n%len(uaiLetters)] {
			t.Errorf("UAI %s has a valid check letter: it could be a real school's", u)
		}
	}
	// Every département has a lycée of the Éducation nationale.
	deps := map[string]bool{}
	for _, u := range l.strings(t, `SELECT DISTINCT left(uai, 3) FROM constat ORDER BY 1`) {
		deps[u] = true
	}
	for _, d := range l.strings(t, `SELECT code_departement FROM territoire WHERE code_departement IS NOT NULL ORDER BY 1`) {
		var region string
		l.scalar(t, `SELECT code_region FROM territoire WHERE code_departement = '`+d+`'`, &region)
		if !isDepartement(d, region) {
			continue
		}
		prefix := map[string]string{"02A": "620", "02B": "720"}[d]
		if prefix == "" {
			prefix = d
		}
		if !deps[prefix] {
			t.Errorf("no lycée in the constat of département %s", d)
		}
	}
}

// TestDistributions checks the sample against the real distributions of
// GUIDE.md §5 and its own consistency.
func TestDistributions(t *testing.T) {
	l := sample1(t)
	var medPressure, medCapacity, medEffectif float64
	l.scalar(t, `SELECT median(voeux1 / capacite), median(capacite) FROM affelnet WHERE capacite BETWEEN 5 AND 500`, &medPressure, &medCapacity)
	l.scalar(t, `SELECT median(effectif) FROM constat`, &medEffectif)
	if medPressure < 0.6 || medPressure > 1.2 {
		t.Errorf("median pressure %.2f, the real one is 0.87", medPressure)
	}
	if medCapacity < 14 || medCapacity > 22 {
		t.Errorf("median Affelnet capacity %.0f, the real one is 18", medCapacity)
	}
	if medEffectif < 12 || medEffectif > 19 {
		t.Errorf("median effectif per school × MEF %.0f, the real one is 16", medEffectif)
	}
	var small, total int
	l.scalar(t, `SELECT count(*) FILTER (WHERE nb_annee_term < 20), count(*) FROM ij_region WHERE voie = 'scolaire'`, &small, &total)
	if share := float64(small) / float64(total); share < 0.05 || share > 0.3 {
		t.Errorf("%d of %d regional rows under 20 pupils (secret statistique)", small, total)
	}
	var blank int
	l.scalar(t, `SELECT count(*) FROM ij_region WHERE nb_sortant IS NULL`, &blank)
	if blank == 0 {
		t.Error("no regional row with empty counts")
	}
	// National emploi 6 mois, scolaire, 2022_2023 (GUIDE.md §5).
	for mef, want := range map[string]float64{"232": 28.0, "238": 43.6, "322": 60.5} {
		var got float64
		l.scalar(t, `SELECT 100 * sum(nb_en_emploi_6_mois) / sum(nb_sortant) FROM ij_region
			WHERE voie = 'scolaire' AND millesime = '2022_2023' AND left(mefstat11, 3) = '`+mef+`'`, &got)
		if math.Abs(got-want) > 5 {
			t.Errorf("MEF %s…: emploi 6 mois %.1f %%, GUIDE.md says %.1f %%", mef, got, want)
		}
	}
	// The regional counts add up the schools' counts.
	var mismatch int
	l.scalar(t, `WITH u AS (
			SELECT i.millesime, t.code_region, i.mefstat11, sum(i.nb_annee_term) AS n
			FROM ij_uai i JOIN territoire t ON t.code_departement =
				CASE left(i.uai, 3) WHEN '620' THEN '02A' WHEN '720' THEN '02B' ELSE left(i.uai, 3) END
			WHERE i.voie = 'scolaire' GROUP BY ALL)
		SELECT count(*) FROM ij_region r FULL JOIN u USING (millesime, code_region, mefstat11)
		WHERE (r.voie = 'scolaire' OR r.voie IS NULL) AND r.nb_annee_term IS DISTINCT FROM u.n`, &mismatch)
	if mismatch != 0 {
		t.Errorf("%d regional rows differ from the sum of the schools' rows", mismatch)
	}
	// A millésime adds up the terminale pupils of two constats.
	l.scalar(t, `WITH c AS (
			SELECT uai, mefstat11, sum(effectif) AS n FROM constat WHERE rentree IN (2021, 2022) GROUP BY ALL)
		SELECT count(*) FROM ij_uai i LEFT JOIN c USING (uai, mefstat11)
		WHERE i.voie = 'scolaire' AND i.millesime = '2022_2023' AND i.nb_annee_term IS DISTINCT FROM c.n`, &mismatch)
	if mismatch != 0 {
		t.Errorf("%d InserJeunes rows of 2022_2023 differ from the terminale effectifs of constats 2021 and 2022", mismatch)
	}
	// Affelnet capacities and the pupils who entered: a fill rate near 0.85.
	var fill float64
	l.scalar(t, `SELECT sum(c.effectif) / sum(a.capacite) FROM affelnet a JOIN constat c
		ON c.uai = a.uai AND c.mefstat11 = a.mefstat11 AND c.rentree = a.rentree
		WHERE a.capacite BETWEEN 5 AND 500`, &fill)
	if fill < 0.75 || fill > 0.95 {
		t.Errorf("entry effectif / capacity %.2f, want about 0.85", fill)
	}
	var vaMin, vaMax, vaSD float64
	var nd int
	l.scalar(t, `SELECT min(valeur_ajoutee), max(valeur_ajoutee), stddev(valeur_ajoutee), count(*) FILTER (WHERE taux_emploi_6_mois IS NULL)
		FROM depp_etab WHERE population = 'ensemble'`, &vaMin, &vaMax, &vaSD, &nd)
	if vaMin < -12 || vaMax > 12 || vaSD < 3 || vaSD > 9 || nd == 0 {
		t.Errorf("valeur ajoutée %.0f…%.0f, sd %.1f, %d suppressed rows", vaMin, vaMax, vaSD, nd)
	}
}

// TestRealFileQuirks: the sample keeps the layout quirks of the real files.
func TestRealFileQuirks(t *testing.T) {
	f := readTree(t, sample1(t).dir)
	check := func(path, what string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("%s: %s", path, what)
		}
	}
	bom := []byte("\xEF\xBB\xBF")
	for _, p := range []string{"tjp-pilotage/2020/constat_2020.csv", "tjp-pilotage/ij_region_data.csv", "tjp-pilotage/2024/BTS_attractivite_capacite_2024.csv"} {
		check(p, "no byte order mark", bytes.HasPrefix(f[p], bom))
	}
	check("attractivite_capacite_2021.csv", "byte order mark", !bytes.HasPrefix(f["tjp-pilotage/2021/attractivite_capacite_2021.csv"], bom))
	p := "trajectoires-pro/depp-2022-etablissements-2022_2023-pro.csv"
	check(p, "no CRLF, no nd, or a final newline", bytes.Contains(f[p], []byte("\r\n")) && bytes.Contains(f[p], []byte(";nd;")) && !bytes.HasSuffix(f[p], []byte("\n")))
	p = "trajectoires-pro/depp-2022-etablissements-2018_2019-pro.csv"
	check(p, "not quoted like the old export", bytes.HasPrefix(f[p], []byte(`"n°UAI de l'établissement";`)) && bytes.Contains(f[p], []byte(`;"ensemble";`)))
	p = "juliengossa-parcoursup/fr-en-ips_lycees.csv"
	check(p, "no CRLF", bytes.Contains(f[p], []byte("\r\n")))
	check(p, "no département code without its leading zero", regexp.MustCompile(`;AIN;001[0-9]{4}[A-Z];`).Match(f[p]) &&
		regexp.MustCompile(`\n2021-2022;[A-Z-]+;1;AIN;`).Match(f[p]))
	check(p, "no Paris arrondissement code", regexp.MustCompile(`;751[0-2][0-9];PARIS;`).Match(f[p]))
	p = "tjp-pilotage/nFormationDiplome_.csv"
	check(p, "no Windows-1252 accent", bytes.ContainsAny(f[p], "\xc9\xca\xe9") && !bytes.Contains(f[p], []byte("\xc3")))
	p = "tjp-pilotage/chomage_departemental_INSEE.csv"
	check(p, "no decimal comma", regexp.MustCompile(`;[0-9]+,[0-9]\n`).Match(f[p]))
	p = "tjp-pilotage/2024/BTS_attractivite_capacite_2024.csv"
	check(p, "no offer outside the BCN", bytes.Contains(f[p], []byte(";23K000")))
}

// TestSeedIsSmall: the committed extracts hold 60 to 90 real formations,
// the 101 départements, and stay within 300 kB.
func TestSeedIsSmall(t *testing.T) {
	files, err := embeddedSeed()
	if err != nil {
		t.Fatal(err)
	}
	man, err := readManifest()
	if err != nil {
		t.Fatal(err)
	}
	s, err := readSeed(files, formatsByPath(man.Manifest))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	fs.WalkDir(data.FS, referenceDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(data.FS, p)
			total += len(b)
		}
		return err
	})
	if total > 300_000 {
		t.Errorf("data/reference holds %d bytes, over the 300 kB budget", total)
	}
	n := len(s.formations) + len(s.communes)
	if n < 60 || n > 90 {
		t.Errorf("%d formations in the seed", n)
	}
	if len(s.deps) != 101 {
		t.Errorf("%d départements", len(s.deps))
	}
}

func TestWriteRejectsBadScale(t *testing.T) {
	if err := Write(context.Background(), t.TempDir(), opts(t, 1, 0)); err == nil {
		t.Error("scale 0 accepted")
	}
}

func TestWriteStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Write(ctx, t.TempDir(), opts(t, 1, 1)); err == nil {
		t.Error("a cancelled write succeeded")
	}
}
