package site

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Shard
		ok   bool
	}{
		{"0/3", Shard{0, 3}, true},
		{"2/3", Shard{2, 3}, true},
		{"0/1", Shard{0, 1}, true},
		{"3/3", Shard{}, false},
		{"-1/3", Shard{}, false},
		{"1/0", Shard{}, false},
		{"1", Shard{}, false},
		{"a/b", Shard{}, false},
	} {
		got, err := ParseShard(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseShard(%q) = %v, %v", c.in, got, err)
		}
	}
}

// TestShardsMakeTheWholeSite builds the fixture whole and in three shards:
// every file of the site is in exactly one shard, with the same bytes, and
// the shards hold nothing else (publish's own files aside: each output has
// its marker and its manifest). A second build of a shard touches nothing.
func TestShardsMakeTheWholeSite(t *testing.T) {
	whole := filepath.Join(t.TempDir(), "public")
	buildTo(t, "testdata/fixture", whole, Config{})
	want := tree(t, whole)
	const n = 3
	from := map[string]int{}
	pages := 0
	for i := range n {
		out := filepath.Join(t.TempDir(), "public")
		sum := buildTo(t, "testdata/fixture", out, Config{Shard: Shard{i, n}})
		pages += sum.TotalPages()
		if i > 0 && sum.TotalPages() == 0 {
			t.Errorf("shard %d/%d has no page", i, n)
		}
		files := tree(t, out)
		for p, f := range files {
			if strings.HasPrefix(p, "/.orion-") {
				continue
			}
			if j, ok := from[p]; ok {
				t.Errorf("%s in shards %d and %d", p, j, i)
			}
			from[p] = i
			if w, ok := want[p]; !ok {
				t.Errorf("shard %d: %s is not in the whole site", i, p)
			} else if !bytes.Equal(w.data, f.data) {
				t.Errorf("shard %d: %s differs from the whole site's", i, p)
			}
		}
		if i == 1 {
			again := buildTo(t, "testdata/fixture", out, Config{Shard: Shard{i, n}})
			if again.Kept != again.Files || again.Changes.Len() != 0 {
				t.Errorf("rebuilding shard %d: kept %d of %d files, changes %+v", i, again.Kept, again.Files, again.Changes)
			}
		}
	}
	for p := range want {
		if _, ok := from[p]; !ok && !strings.HasPrefix(p, "/.orion-") {
			t.Errorf("%s in no shard", p)
		}
	}
	if want := from["/etablissements/0350001A/offres-0350001A.csv"]; from["/etablissements/0350001A/index.html"] != want {
		t.Error("a page and its CSV in different shards")
	}
	if from["/index.html"] != 0 || from["/sitemap.xml"] != 0 || from["/donnees/regions.csv"] != 0 {
		t.Error("site-wide files outside shard 0")
	}
	t.Logf("%d pages in %d shards", pages, n)
}
