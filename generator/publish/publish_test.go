package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, d *Dir, files map[string]string) {
	t.Helper()
	for p, c := range files {
		if err := d.Write(p, []byte(c)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCommitReplacesPreviousSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	d, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"/index.html": "v1", "/a/index.html": "a1"})
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("output visible before commit")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	d, err = Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"/index.html": "v2"})
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "v1" {
		t.Fatal("previous site changed before commit")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "v2" {
		t.Fatalf("index.html = %q after commit", b)
	}
	if _, err := os.Stat(filepath.Join(out, "a")); !os.IsNotExist(err) {
		t.Fatal("a file of the previous site survived")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.build-*"))
	if len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
}

func TestAbortLeavesPreviousSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	d, _ := Begin(out)
	write(t, d, map[string]string{"/index.html": "v1"})
	d.Commit()
	d, _ = Begin(out)
	write(t, d, map[string]string{"/index.html": "v2"})
	d.Abort()
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "v1" {
		t.Fatalf("index.html = %q after abort", b)
	}
}

func TestRefusesForeignDirectory(t *testing.T) {
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644)
	_, err := Begin(out)
	if err == nil || !strings.Contains(err.Error(), "not written by orion build") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Begin("/"); err == nil {
		t.Fatal("writing to / accepted")
	}
}

func TestRejectsEscapingPath(t *testing.T) {
	d, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if err := d.Write("/../evil", []byte("x")); err == nil {
		t.Fatal("path with .. accepted")
	}
}
