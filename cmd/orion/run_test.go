package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHelpExplainsEveryFlag(t *testing.T) {
	for cmd, flags := range map[string][]string{
		"build":  {"-data", "-out", "-base-url", "-manifest"},
		"sample": {"-out", "-seed", "-scale", "-refresh-reference", "-reference-out"},
		"serve":  {"-dir", "-addr"},
	} {
		var out, errb bytes.Buffer
		if err := run(context.Background(), []string{cmd, "--help"}, &out, &errb); err != nil {
			t.Fatalf("%s --help: %v", cmd, err)
		}
		for _, f := range flags {
			if !strings.Contains(errb.String(), f) {
				t.Errorf("%s --help does not explain %s:\n%s", cmd, f, errb.String())
			}
		}
	}
}

func TestBadCommandLinesFail(t *testing.T) {
	for _, args := range [][]string{nil, {"nope"}, {"build", "--nope"}, {"build", "extra"}, {"sample"}, {"sample", "--out", "x", "--scale", "0"}} {
		var out, errb bytes.Buffer
		err := run(context.Background(), args, &out, &errb)
		if !errors.Is(err, errUsage) {
			t.Errorf("run(%q) = %v, want a usage error", args, err)
		}
	}
}

func TestBuildFixture(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"build", "--data", "../../generator/site/testdata/fixture", "--out", out, "--quiet"}, &stdout, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "regions/53/index.html")); err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"build", "--data", filepath.Join(t.TempDir(), "absent"), "--out", out, "--quiet"}, &stdout, &stderr)
	if err == nil {
		t.Fatal("a build from a missing directory succeeded")
	}
}

// TestSampleSiteFromAnEmptyFolder: with nothing around it (no node_modules,
// no data folder, no bundle), orion builds the fictional site: the sample,
// the templates and the front-end packages are in the binary, and no page
// shows a folder of the build machine.
func TestSampleSiteFromAnEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("ORION_REAL_DATA", filepath.Join(dir, "absent"))
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"build", "--quiet"}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	for _, p := range []string{"index.html", "etablissements/index.html", "propositions/nouvelle/index.html", "propositions/index.html", "pilotage/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, "public", p)); err != nil {
			t.Error(err)
		}
	}
	home, _ := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	for _, leak := range []string{"shared/data", dir, "/tmp/"} {
		if bytes.Contains(home, []byte(leak)) {
			t.Errorf("the home page shows %q", leak)
		}
	}
	if !bytes.Contains(home, []byte("Version des données")) {
		t.Error("the home page does not say which version of the data it shows")
	}
}

func TestServeHandler(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "regions/53"), 0o755)
	os.WriteFile(filepath.Join(dir, "regions/53/index.html"), []byte("<h1>Bretagne</h1>"), 0o644)
	os.WriteFile(filepath.Join(dir, "404.html"), []byte("<h1>Page introuvable</h1>"), 0o644)
	srv := httptest.NewServer(siteHandler(dir))
	defer srv.Close()
	for path, want := range map[string]int{"/regions/53/": 200, "/regions/99/": 404, "/../etc/passwd": 404} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, res.StatusCode, want)
		}
	}
}
