package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
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

// inode returns a file's inode number and modification time.
func inode(t *testing.T, path string) (uint64, time.Time) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Sys().(*syscall.Stat_t).Ino, st.ModTime()
}

func build(t *testing.T, out string, files map[string]string) Changes {
	t.Helper()
	d, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, files)
	c := d.Changes()
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRebuildKeepsUnchangedFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := build(t, out, map[string]string{"/index.html": "accueil", "/a/index.html": "a1", "/b/index.html": "b1"})
	if want := []string{"/a/index.html", "/b/index.html", "/index.html"}; !slices.Equal(first.Added, want) || len(first.Changed)+len(first.Removed) != 0 {
		t.Fatalf("first build: %+v", first)
	}
	ino := map[string]uint64{}
	mtime := map[string]time.Time{}
	for _, p := range []string{"index.html", "a/index.html", "b/index.html", Marker, ManifestFile} {
		ino[p], mtime[p] = inode(t, filepath.Join(out, p))
	}
	time.Sleep(10 * time.Millisecond) // so that a rewritten file would show another mtime

	// Same content: nothing touched, not even the bookkeeping files.
	d, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"/index.html": "accueil", "/a/index.html": "a1", "/b/index.html": "b1"})
	if c := d.Changes(); c.Len() != 0 {
		t.Fatalf("no-op rebuild changes %+v", c)
	}
	if d.Kept() != 3 {
		t.Fatalf("kept %d files, want 3", d.Kept())
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for p := range ino {
		if i, m := inode(t, filepath.Join(out, p)); i != ino[p] || !m.Equal(mtime[p]) {
			t.Errorf("%s touched by a no-op rebuild", p)
		}
	}

	// One file changed, one removed, one added.
	c := build(t, out, map[string]string{"/index.html": "accueil", "/a/index.html": "a2", "/c/index.html": "c1"})
	want := Changes{Added: []string{"/c/index.html"}, Changed: []string{"/a/index.html"}, Removed: []string{"/b/index.html"}}
	if !slices.Equal(c.Added, want.Added) || !slices.Equal(c.Changed, want.Changed) || !slices.Equal(c.Removed, want.Removed) {
		t.Fatalf("changes %+v, want %+v", c, want)
	}
	if i, _ := inode(t, filepath.Join(out, "index.html")); i != ino["index.html"] {
		t.Error("unchanged index.html rewritten")
	}
	if i, _ := inode(t, filepath.Join(out, "a/index.html")); i == ino["a/index.html"] {
		t.Error("changed a/index.html kept its inode")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a/index.html")); string(b) != "a2" {
		t.Errorf("a/index.html = %q", b)
	}
	if _, err := os.Stat(filepath.Join(out, "b")); !os.IsNotExist(err) {
		t.Error("removed b/ still there")
	}
	var lines strings.Builder
	c.WriteTo(&lines)
	if got := lines.String(); got != "M\t/a/index.html\nD\t/b/index.html\nA\t/c/index.html\n" {
		t.Errorf("changes file:\n%s", got)
	}
}

// A published file edited by hand (another size) or a manifest that
// cannot be read never leaves wrong bytes in the new site.
func TestRebuildDoesNotTrustDamagedState(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, map[string]string{"/index.html": "accueil", "/a.txt": "a"})
	os.Remove(filepath.Join(out, "index.html"))
	os.WriteFile(filepath.Join(out, "index.html"), []byte("modifié à la main"), 0o644)
	build(t, out, map[string]string{"/index.html": "accueil", "/a.txt": "a"})
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "accueil" {
		t.Fatalf("index.html = %q: a hand-edited file was kept", b)
	}
	os.WriteFile(filepath.Join(out, ManifestFile), []byte("{"), 0o644)
	c := build(t, out, map[string]string{"/index.html": "accueil", "/a.txt": "a"})
	if len(c.Added) != 2 {
		t.Fatalf("with an unreadable manifest, changes = %+v, want every file added", c)
	}
}

// Aborting a rebuild whose tree shares files with the previous site leaves
// that site whole.
func TestAbortAfterLinksLeavesPreviousSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, map[string]string{"/index.html": "v1", "/a/index.html": "a1"})
	d, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"/index.html": "v1", "/a/index.html": "a2"})
	d.Abort()
	for p, want := range map[string]string{"index.html": "v1", "a/index.html": "a1"} {
		if b, _ := os.ReadFile(filepath.Join(out, p)); string(b) != want {
			t.Errorf("%s = %q after abort", p, b)
		}
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.build-*"))
	if len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
}

func TestRejectsDuplicateAndReservedPaths(t *testing.T) {
	d, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if err := d.Write("/a.txt", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := d.Write("/a.txt", []byte("2")); err == nil || !strings.Contains(err.Error(), "written twice") {
		t.Errorf("second write of /a.txt: %v", err)
	}
	for _, p := range []string{"/" + Marker, "/" + ManifestFile} {
		if err := d.Write(p, []byte("x")); err == nil {
			t.Errorf("%s accepted", p)
		}
	}
}

func TestConcurrentWrites(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	for round := range 2 {
		d, err := Begin(out)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Go(func() {
				for i := w; i < 200; i += 8 {
					if err := d.Write(fmt.Sprintf("/p/%d/%d/index.html", i%7, i), []byte(fmt.Sprint(i))); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		if round == 1 && d.Kept() != 200 {
			t.Errorf("second round kept %d files, want 200", d.Kept())
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
}
