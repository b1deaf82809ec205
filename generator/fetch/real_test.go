package fetch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/orion-static/orion/data"
	"github.com/orion-static/orion/generator/internal/testenv"
)

func sources(t *testing.T) Manifest {
	t.Helper()
	m, err := Sources()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSourcesListTheRealBuildFiles: sources.json describes exactly the files
// data/manifest/real.json makes the build read, in the same order.
func TestSourcesListTheRealBuildFiles(t *testing.T) {
	b, err := fs.ReadFile(data.FS, "manifest/real.json")
	if err != nil {
		t.Fatal(err)
	}
	var real struct{ Files []struct{ Path string } }
	if err := json.Unmarshal(b, &real); err != nil {
		t.Fatal(err)
	}
	m := sources(t)
	var want, got []string
	for _, f := range real.Files {
		want = append(want, f.Path)
	}
	for _, f := range m.Files {
		got = append(got, f.Path)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sources.json lists\n%s\nreal.json reads\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	pinned := regexp.MustCompile(`^https://raw\.githubusercontent\.com/[\w.-]+/[\w.-]+/[0-9a-f]{40}/`)
	derived := 0
	for _, f := range m.Files {
		if f.Producer == "" || f.Licence == "" || f.Date == "" {
			t.Errorf("%s: producer, licence or date missing", f.Path)
		}
		if f.Derived != nil {
			derived++
			if n := len(f.Derived.Inputs); n != 101 {
				t.Errorf("%s: %d inputs, want the 101 départements", f.Path, n)
			}
			for _, u := range f.Derived.Inputs {
				if !pinned.MatchString(u) {
					t.Errorf("%s: input %s is not a raw URL at a pinned commit", f.Path, u)
				}
			}
			continue
		}
		if !pinned.MatchString(f.URL) {
			t.Errorf("%s: %s is not a raw URL at a pinned commit", f.Path, f.URL)
		}
	}
	if derived != 1 {
		t.Errorf("%d derived files, want 1 (communes_centroides)", derived)
	}
}

// TestSourcesMatchTheBundle is `orion fetch --check` on the bundle.
func TestSourcesMatchTheBundle(t *testing.T) {
	dir := testenv.RealData(t)
	if err := Check(context.Background(), sources(t), dir); err != nil {
		t.Fatal(err)
	}
}

// TestFetchFromBundleMirror serves the bundle on loopback like a mirror:
// fetch --from reproduces the 40 files byte for byte; a corrupted mirror
// file makes it fail naming that file.
func TestFetchFromBundleMirror(t *testing.T) {
	bundle := testenv.RealData(t)
	m := sources(t)
	const corrupt = "tjp-pilotage/nMef.csv"
	var broken atomic.Bool // set once the good run is done
	files := http.FileServer(http.Dir(bundle))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken.Load() && strings.TrimPrefix(r.URL.Path, "/") == corrupt {
			b, err := os.ReadFile(filepath.Join(bundle, corrupt))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			b[len(b)/2] ^= 0x20
			w.Write(b)
			return
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()

	dir := t.TempDir()
	x := &Fetcher{From: srv.URL, Workers: 4, Attempts: 2, Backoff: 1}
	got, err := x.Fetch(context.Background(), m, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.Written != len(m.Files) || len(m.Files) != 40 {
		t.Errorf("summary %+v for %d files, want 40 written", got, len(m.Files))
	}
	for _, f := range m.Files {
		a, err1 := os.ReadFile(filepath.Join(dir, f.Path))
		b, err2 := os.ReadFile(filepath.Join(bundle, f.Path))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: not the bundle's bytes (%v, %v)", f.Path, err1, err2)
		}
	}
	if err := Check(context.Background(), m, dir); err != nil {
		t.Errorf("check after fetch: %v", err)
	}

	// The corrupted file is the only one asked again, and named.
	os.Remove(filepath.Join(dir, corrupt))
	broken.Store(true)
	_, err = x.Fetch(context.Background(), m, dir)
	if got := failedPaths(err); len(got) != 1 || got[0] != corrupt {
		t.Fatalf("failed %v, want %s: %v", got, corrupt, err)
	}
	if !strings.Contains(err.Error(), corrupt+" : empreinte SHA-256") {
		t.Errorf("error does not say the checksum differs:\n%v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, corrupt)); err == nil {
		t.Error("the corrupted file sits under its final name")
	}
}

// TestBundleCentroidesFollowTheDerivation reads the published derived file
// with the derivation's conventions: same header, départements in the order
// of the manifest's inputs, département code from the commune code, numbers
// written exactly as pyRound5 writes them. The geometry itself cannot be
// checked without the origins.
func TestBundleCentroidesFollowTheDerivation(t *testing.T) {
	dir := testenv.RealData(t)
	var inputs []string
	for _, f := range sources(t).Files {
		if f.Derived != nil {
			inputs = f.Derived.Inputs
		}
	}
	var wantDeps []string
	folder := regexp.MustCompile(`/departements/([0-9AB]+)-[a-z-]+/communes-[0-9AB]+-[a-z-]+\.geojson$`)
	for _, u := range inputs {
		m := folder.FindStringSubmatch(u)
		if m == nil {
			t.Fatalf("input %s is not a france-geojson communes file", u)
		}
		wantDeps = append(wantDeps, m[1])
	}

	fh, err := os.Open(filepath.Join(dir, "derived", "communes_centroides.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Scan()
	if sc.Text()+"\n" != centroidesHeader {
		t.Errorf("header %q", sc.Text())
	}
	var deps []string
	seen := map[string]bool{}
	for line := 2; sc.Scan(); line++ {
		c := strings.Split(sc.Text(), ";")
		if len(c) != 5 {
			t.Fatalf("line %d: %d fields", line, len(c))
		}
		if departement(c[0]) != c[2] {
			t.Errorf("line %d: département %s for commune %s", line, c[2], c[0])
		}
		if code, _ := city(c[0], ""); code != c[0] || seen[c[0]] {
			t.Errorf("line %d: commune %s is an arrondissement or repeated", line, c[0])
		}
		seen[c[0]] = true
		if len(deps) == 0 || deps[len(deps)-1] != c[2] {
			deps = append(deps, c[2])
		}
		for _, s := range c[3:] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || pyRound5(v) != s {
				t.Errorf("line %d: %q is not written like pyRound5 (%q)", line, s, pyRound5(v))
			}
		}
	}
	if strings.Join(deps, " ") != strings.Join(wantDeps, " ") {
		t.Errorf("départements in the file:\n%v\nin the manifest's inputs:\n%v", deps, wantDeps)
	}
	if len(seen) != 35357 {
		t.Errorf("%d communes, want 35357", len(seen))
	}
}
