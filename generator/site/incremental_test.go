package site

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fileState is what a sync tool sees of a published file.
type fileState struct {
	ino   uint64
	mtime time.Time
	data  []byte
}

// tree reads every file of a built site, by URL path ("/index.html").
func tree(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	files := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files["/"+filepath.ToSlash(rel)] = fileState{ino: st.Sys().(*syscall.Stat_t).Ino, mtime: st.ModTime(), data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func buildTo(t *testing.T, data, out string, cfg Config) *Summary {
	t.Helper()
	cfg.DataDir, cfg.OutDir = data, out
	s, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readChanges(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func TestRebuildWithSameInputsTouchesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	changes := filepath.Join(t.TempDir(), "changes.txt")
	first := buildTo(t, "testdata/fixture", out, Config{Changed: changes})
	lines := readChanges(t, changes)
	if len(lines) != first.Files || !strings.HasPrefix(lines[0], "A\t/") {
		t.Fatalf("first build: %d lines in the changes file for %d files, first %q", len(lines), first.Files, lines[0])
	}
	before := tree(t, out)
	time.Sleep(20 * time.Millisecond) // a file written again would get another mtime
	again := buildTo(t, "testdata/fixture", out, Config{Changed: changes})
	after := tree(t, out)
	if len(after) != len(before) {
		t.Fatalf("%d files after the rebuild, %d before", len(after), len(before))
	}
	touched := 0
	for p, b := range before {
		if a, ok := after[p]; !ok || a.ino != b.ino || !a.mtime.Equal(b.mtime) {
			t.Errorf("%s touched by a rebuild with the same inputs", p)
			touched++
		}
	}
	if again.Kept != again.Files || again.Changes.Len() != 0 {
		t.Errorf("rebuild kept %d of %d files, changes %+v", again.Kept, again.Files, again.Changes)
	}
	if b, _ := os.ReadFile(changes); len(b) != 0 {
		t.Errorf("changes file after a rebuild with the same inputs:\n%s", b)
	}
}

// TestRebuildRewritesOnlyWhatChanged changes one school's rows and removes
// another school from a copy of the fixture: the rebuild over the previous
// site must equal a clean build byte for byte, rewrite exactly the files
// whose bytes differ, leave the others as they were (same inode, same
// mtime), drop the removed school's files, and list exactly that.
func TestRebuildRewritesOnlyWhatChanged(t *testing.T) {
	edited := fixtureCopy(t, func(name string, b []byte) []byte {
		switch name {
		case "constat.csv": // 0750003C: 31 students instead of 30 in 2023
			b = bytes.Replace(b, []byte("2023;0750003C;23810025000;30\n"), []byte("2023;0750003C;23810025000;31\n"), 1)
		}
		// 0350002B disappears from every file.
		var keep [][]byte
		for _, l := range bytes.SplitAfter(b, []byte("\n")) {
			if !bytes.Contains(l, []byte("0350002B")) {
				keep = append(keep, l)
			}
		}
		return bytes.Join(keep, nil)
	})
	out := filepath.Join(t.TempDir(), "public")
	buildTo(t, "testdata/fixture", out, Config{})
	prev := tree(t, out)
	clean := filepath.Join(t.TempDir(), "public")
	buildTo(t, edited, clean, Config{})
	want := tree(t, clean)

	time.Sleep(20 * time.Millisecond)
	changes := filepath.Join(t.TempDir(), "changes.txt")
	sum := buildTo(t, edited, out, Config{Changed: changes})
	got := tree(t, out)

	// Byte-identical to the clean build.
	content := func(files map[string]fileState) map[string]string {
		m := map[string]string{}
		for p, f := range files {
			m[p] = string(f.data)
		}
		return m
	}
	if diff := cmp.Diff(content(want), content(got)); diff != "" {
		t.Fatalf("rebuild differs from a clean build (-clean +rebuild):\n%.3000s", diff)
	}

	// Exactly the files whose bytes differ are written and listed.
	var expected []string
	for p, f := range want {
		old, ok := prev[p]
		switch {
		case strings.HasPrefix(p, "/.orion-"): // publish's own files, never listed
		case !ok:
			expected = append(expected, "A\t"+p)
		case !bytes.Equal(old.data, f.data):
			expected = append(expected, "M\t"+p)
		}
	}
	for p := range prev {
		if _, ok := want[p]; !ok {
			expected = append(expected, "D\t"+p)
		}
	}
	slices.SortFunc(expected, func(a, b string) int { return strings.Compare(a[2:], b[2:]) })
	if diff := cmp.Diff(expected, readChanges(t, changes)); diff != "" {
		t.Errorf("changes file (-want +got):\n%s", diff)
	}
	kept := 0
	for p, f := range got {
		old, ok := prev[p]
		same := ok && bytes.Equal(old.data, f.data)
		switch {
		case same && (f.ino != old.ino || !f.mtime.Equal(old.mtime)):
			t.Errorf("%s rewritten though its bytes did not change", p)
		case ok && !same && f.ino == old.ino:
			t.Errorf("%s changed in place: the previous site was modified", p)
		case same && !strings.HasPrefix(p, "/.orion-"):
			kept++
		}
	}
	if sum.Kept != kept {
		t.Errorf("summary says %d files kept, %d were", sum.Kept, kept)
	}

	// What a reader would expect of this change.
	for _, line := range []string{"M\t/etablissements/0750003C/index.html", "D\t/etablissements/0350002B/index.html"} {
		if !slices.Contains(expected, line) {
			t.Errorf("%q not among the changes", line)
		}
	}
	for _, p := range []string{"/methodologie/index.html", "/etablissements/0350001A/offres-0350001A.csv"} {
		if f, ok := got[p]; !ok || f.ino != prev[p].ino {
			t.Errorf("%s, which does not show the changed schools, was rewritten", p)
		}
	}
	t.Logf("%d files listed, %d kept", len(expected), kept)
	if kept == 0 {
		t.Error("no file kept")
	}
}
