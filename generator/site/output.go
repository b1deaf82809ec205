package site

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/orion-static/orion/generator/page"
	"github.com/orion-static/orion/generator/publish"
	"github.com/orion-static/orion/generator/render"
)

// Shard is a deterministic slice of the site, for a build spread over
// several machines: shard I of N, 0 ≤ I < N. Each entity page (région,
// département, établissement, formation, domaine) goes, with the files in
// its folder, to the shard FNV-1a(folder) mod N; everything else (home,
// indexes, content pages, /donnees/, sitemap, search index, assets) goes to
// shard 0. The union of the N outputs is the whole site, each file in one
// of them. The zero value is the whole site.
type Shard struct{ I, N int }

// ParseShard reads "I/N".
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	var sh Shard
	var err1, err2 error
	sh.I, err1 = strconv.Atoi(i)
	sh.N, err2 = strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: expected I/N, e.g. 0/3", s)
	}
	return sh, sh.check()
}

func (s Shard) check() error {
	if s == (Shard{}) {
		return nil
	}
	if s.N < 1 || s.I < 0 || s.I >= s.N {
		return fmt.Errorf("shard %d/%d: expected 0 ≤ I < N", s.I, s.N)
	}
	return nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.I, s.N) }

// shardedKinds are the page kinds spread over shards; there are thousands
// of them, one folder each.
var shardedKinds = map[string]bool{"region": true, "departement": true, "etablissement": true, "formation": true, "domaine": true}

// owns returns whether the shard holds an output path.
func (s Shard) owns(pages []*page.Page) func(path string) bool {
	if s.N <= 1 {
		return func(string) bool { return true }
	}
	entity := map[string]bool{}
	for _, p := range pages {
		if shardedKinds[string(p.Kind)] {
			entity[p.Path] = true
		}
	}
	return func(p string) bool {
		dir := path.Dir(p) + "/"
		if !entity[dir] {
			return s.I == 0
		}
		h := fnv.New32a()
		h.Write([]byte(dir))
		return int(h.Sum32()%uint32(s.N)) == s.I
	}
}

// pageFile is the output path of a page.
func pageFile(p *page.Page) string {
	if strings.HasSuffix(p.Path, ".html") {
		return p.Path
	}
	return p.Path + "index.html"
}

var minified = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeSite renders the pages of the shard and writes them, with the files
// of the shard, through one bounded pool: a page goes from template to
// minifier to disk as soon as a worker takes it, so the build holds at most
// `workers` rendered pages at a time whatever the size of the site. Every
// file's bytes depend on its page alone, never on which worker finishes
// first. sum counts what was written. pages and files are cleared on the
// way.
func writeSite(ctx context.Context, out *publish.Dir, r *render.Renderer, workers int, owns func(string) bool, pages []*page.Page, files []page.File, sum *Summary) error {
	min := publish.NewMinifier()
	var mu sync.Mutex
	write := func(path string, b []byte) error {
		if err := out.Write(path, b); err != nil {
			return err
		}
		mu.Lock()
		sum.Files++
		sum.Bytes += int64(len(b))
		mu.Unlock()
		return nil
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, p := range pages {
		// Each page and file is dropped once handed to a worker, so that
		// the memory they hold shrinks as the site is written.
		pages[i] = nil
		file := pageFile(p)
		if !owns(file) {
			continue
		}
		if gctx.Err() != nil {
			break
		}
		sum.Pages[string(p.Kind)]++
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			b, err := r.Page(p)
			if err != nil {
				return err
			}
			buf := minified.Get().(*bytes.Buffer)
			defer minified.Put(buf)
			buf.Reset()
			// A bytes.Buffer as input: the minifier reads its bytes in place
			// instead of copying them.
			if err := min.Minify("text/html", buf, bytes.NewBuffer(b)); err != nil {
				return fmt.Errorf("minify %s: %w", p.Path, err)
			}
			return write(file, buf.Bytes())
		})
	}
	for i, f := range files {
		files[i] = page.File{}
		if !owns(f.Path) {
			continue
		}
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			return write(f.Path, f.Data)
		})
	}
	return g.Wait()
}

// writeChanges writes the changes file (publish.Changes.WriteTo) through a
// temporary file beside it, so that a deploy script never reads half of it.
func writeChanges(name string, c publish.Changes) error {
	var b bytes.Buffer
	c.WriteTo(&b)
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("build: changes file: %w", err)
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("build: changes file: %w", err)
	}
	return nil
}
