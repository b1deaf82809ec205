package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orion-static/orion/generator/fetch"
)

// fetchManifest writes a two-file manifest whose origins are on srv.
func fetchManifest(t *testing.T, srv *httptest.Server, files map[string]string) string {
	t.Helper()
	var m fetch.Manifest
	for _, p := range []string{"a/un.csv", "deux.csv"} {
		s := sha256.Sum256([]byte(files[p]))
		m.Files = append(m.Files, fetch.File{Path: p, URL: srv.URL + "/" + p, Size: int64(len(files[p])), SHA256: hex.EncodeToString(s[:]), Producer: "test", Licence: "test", Date: "test"})
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "sources.json")
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestFetchCommand(t *testing.T) {
	files := map[string]string{"a/un.csv": "uai;nom\n0350001A;Lycée\n", "deux.csv": "code\n1\n"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(b))
	}))
	defer srv.Close()
	manifest := fetchManifest(t, srv, files)
	dir := filepath.Join(t.TempDir(), "donnees")
	ctx := context.Background()

	var out, errb bytes.Buffer
	if err := run(ctx, []string{"fetch", "--out", dir, "--manifest", manifest}, &out, &errb); err != nil {
		t.Fatalf("fetch: %v\n%s", err, errb.String())
	}
	// not a terminal: one line per file, then the summary
	for _, want := range []string{"écrit       a/un.csv", "écrit       deux.csv", "2 fichiers téléchargés ou calculés"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output does not say %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "\r") {
		t.Errorf("progress redrawn outside a terminal:\n%q", out.String())
	}
	for p, b := range files {
		if got, err := os.ReadFile(filepath.Join(dir, p)); err != nil || string(got) != b {
			t.Errorf("%s: %q, %v", p, got, err)
		}
	}

	out.Reset()
	if err := run(ctx, []string{"fetch", "--check", "--out", dir, "--manifest", manifest}, &out, &errb); err != nil {
		t.Fatalf("check of a complete folder: %v", err)
	}
	if !strings.Contains(out.String(), "Les 2 fichiers") {
		t.Errorf("check output: %s", out.String())
	}

	os.WriteFile(filepath.Join(dir, "deux.csv"), []byte("code\n2\n"), 0o644)
	err := run(ctx, []string{"fetch", "--check", "--out", dir, "--manifest", manifest}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "1 fichier(s) sur 2 en échec") || !strings.Contains(err.Error(), "  deux.csv : empreinte SHA-256") {
		t.Errorf("check of a wrong file: %v", err)
	}

	delete(files, "a/un.csv") // now a 404
	os.Remove(filepath.Join(dir, "a/un.csv"))
	out.Reset()
	err = run(ctx, []string{"fetch", "--out", dir, "--manifest", manifest}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "  a/un.csv : HTTP 404 Not Found") {
		t.Errorf("fetch with a missing origin: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "deux.csv")); string(got) != files["deux.csv"] {
		t.Errorf("the wrong file was not replaced: %q", got)
	}
}

func TestFetchCommandLine(t *testing.T) {
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"fetch", "--help"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"-out", "-from", "-check", "-manifest"} {
		if !strings.Contains(errb.String(), f) {
			t.Errorf("fetch --help does not explain %s:\n%s", f, errb.String())
		}
	}
	for _, args := range [][]string{{"fetch"}, {"fetch", "--check"}, {"fetch", "--out", "x", "--check", "--from", "http://m"}, {"fetch", "--out", "x", "extra"}} {
		if err := run(context.Background(), args, &out, &errb); !errors.Is(err, errUsage) {
			t.Errorf("run(%q) = %v, want a usage error", args, err)
		}
	}
	out.Reset()
	run(context.Background(), []string{"help"}, &out, &errb)
	if !strings.Contains(out.String(), "orion fetch") {
		t.Errorf("usage does not list fetch:\n%s", out.String())
	}
}

func TestEmbeddedSourcesParse(t *testing.T) {
	m, err := readSources("")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 40 {
		t.Errorf("%d files in the embedded sources, want 40", len(m.Files))
	}
}
