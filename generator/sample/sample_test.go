package sample

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/orion-static/orion/data"
	"github.com/orion-static/orion/generator/db"
	"github.com/orion-static/orion/generator/load"
)

func write(t *testing.T, opt Options) string {
	t.Helper()
	dir := t.TempDir()
	if err := Write(context.Background(), dir, opt); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestSampleLoadsWithTheRealReaders runs the strict loader on the sample,
// per-school × formation InserJeunes file included.
func TestSampleLoadsWithTheRealReaders(t *testing.T) {
	dir := write(t, Options{Seed: 1, Scale: 1})
	formats, _ := fs.ReadFile(data.FS, "manifest/formats.json")
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := load.Parse(formats, manifest)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Fictional {
		t.Fatal("the sample manifest does not say the data are fictional")
	}
	conn, err := db.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rep, err := load.Load(context.Background(), conn, os.DirFS(dir), m)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		if f.Rows == 0 {
			t.Errorf("%s has no row", f.Path)
		}
	}
	var n int
	conn.QueryRow(`SELECT count(*) FROM ij_uai`).Scan(&n)
	if n < 500 {
		t.Errorf("%d per-school InserJeunes rows", n)
	}
	var small, total int
	conn.QueryRow(`SELECT count(*) FILTER (WHERE nb_annee_term < 20), count(*) FROM ij_region WHERE voie = 'scolaire'`).Scan(&small, &total)
	if small == 0 || small*2 > total {
		t.Errorf("%d of %d regional rows under the secret threshold", small, total)
	}
	var med float64
	conn.QueryRow(`SELECT median(voeux1 / capacite) FROM affelnet WHERE capacite > 0`).Scan(&med)
	if med < 0.6 || med > 1.3 {
		t.Errorf("median pressure %.2f, real one is 0.87", med)
	}
	var names, fictif int
	if err := conn.QueryRow(`SELECT count(*), count(*) FILTER (WHERE nom LIKE '%FICTIF%') FROM ips_lycee`).Scan(&names, &fictif); err != nil {
		t.Fatal(err)
	}
	if names == 0 || names != fictif {
		t.Errorf("%d of %d IPS names say fictif", fictif, names)
	}
	conn.QueryRow(`SELECT count(*) FROM depp_etab WHERE libelle NOT LIKE '%fictif%'`).Scan(&n)
	if n != 0 {
		t.Errorf("%d DEPP names without 'fictif'", n)
	}
	var deps int
	conn.QueryRow(`SELECT count(DISTINCT left(uai, 3)) FROM constat`).Scan(&deps)
	if deps < 95 {
		t.Errorf("schools in %d départements only", deps)
	}
}

func files(t *testing.T, dir string) map[string][]byte {
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = b
		}
		return nil
	})
	return out
}

func TestSampleIsDeterministic(t *testing.T) {
	a := files(t, write(t, Options{Seed: 7, Scale: 1}))
	b := files(t, write(t, Options{Seed: 7, Scale: 1}))
	c := files(t, write(t, Options{Seed: 8, Scale: 1}))
	if len(a) != len(b) || len(a) < 40 {
		t.Fatalf("%d and %d files", len(a), len(b))
	}
	var names []string
	for k := range a {
		names = append(names, k)
	}
	sort.Strings(names)
	differ := 0
	for _, k := range names {
		if !bytes.Equal(a[k], b[k]) {
			t.Errorf("%s differs for the same seed", k)
		}
		if !bytes.Equal(a[k], c[k]) {
			differ++
		}
	}
	if differ == 0 {
		t.Error("another seed gives the same files")
	}
}

func countLines(b []byte) int { return bytes.Count(b, []byte("\n")) - 1 }

func TestScaleMultipliesSchools(t *testing.T) {
	one := files(t, write(t, Options{Seed: 1, Scale: 1}))
	two := files(t, write(t, Options{Seed: 1, Scale: 2}))
	ips := filepath.FromSlash("juliengossa-parcoursup/fr-en-ips_lycees.csv")
	schools := func(b []byte) int {
		seen := map[string]bool{}
		for _, l := range strings.Split(string(b), "\n")[1:] {
			if f := strings.Split(l, ";"); len(f) > 4 {
				seen[f[4]] = true
			}
		}
		return len(seen)
	}
	n1, n2 := schools(one[ips]), schools(two[ips])
	if r := float64(n2) / float64(n1); r < 1.6 || r > 2.4 {
		t.Errorf("scale 2 gives %d schools for %d at scale 1", n2, n1)
	}
	if n1 < 200 || n1 > 400 {
		t.Errorf("%d named schools at scale 1", n1)
	}
	t.Logf("named schools: %s at scale 1, %s at scale 2", strconv.Itoa(n1), strconv.Itoa(n2))
}

func TestSampleKeepsRealFileQuirks(t *testing.T) {
	f := files(t, write(t, Options{Seed: 1, Scale: 1}))
	if b := f[filepath.FromSlash("tjp-pilotage/2020/constat_2020.csv")]; !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Error("constat without BOM")
	}
	if b := f[filepath.FromSlash("trajectoires-pro/depp-2022-etablissements-2022_2023-pro.csv")]; !bytes.Contains(b, []byte("\r\n")) || !bytes.Contains(b, []byte(";nd;")) {
		t.Error("DEPP file without CRLF or nd")
	}
	if b := f[filepath.FromSlash("tjp-pilotage/nFormationDiplome_.csv")]; !bytes.ContainsAny(b, "\xe9\xe8\xe0") {
		t.Error("nFormationDiplome has no Windows-1252 accent")
	}
	if b := f[filepath.FromSlash("tjp-pilotage/chomage_departemental_INSEE.csv")]; !bytes.Contains(b, []byte(",")) {
		t.Error("no decimal comma in the INSEE file")
	}
}
