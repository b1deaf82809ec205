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

// pageFile is the output path of a page.
func pageFile(p *page.Page) string {
	if strings.HasSuffix(p.Path, ".html") {
		return p.Path
	}
	return p.Path + "index.html"
}

// buffers are reused from page to page (rendered HTML, minified from
// minified templates: render.New).
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writer renders pages and writes them, with files, through one bounded
// pool: a page goes from template to disk as soon as a worker
// takes it, and handing over a batch waits while every worker is busy, so
// that the build holds at most `workers` pages being rendered beside the
// one being assembled, whatever the size of the site. Every file's bytes
// depend on its page alone, never on which worker finishes first.
type writer struct {
	g     *errgroup.Group
	gctx  context.Context
	out   *publish.Dir
	r     *render.Renderer
	shard Shard
	// entity folders seen so far: their files go to the folder's shard
	entities map[string]bool
	mu       sync.Mutex
	sum      *Summary
}

func newWriter(ctx context.Context, out *publish.Dir, r *render.Renderer, workers int, shard Shard, sum *Summary) *writer {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	return &writer{g: g, gctx: gctx, out: out, r: r, shard: shard, entities: map[string]bool{}, sum: sum}
}

// owns returns whether the shard holds an output path: a file of an entity
// folder (région, département, établissement, formation, domaine) goes,
// with the folder's page, to the shard FNV-1a(folder) mod N; anything else
// to shard 0. An entity's files come in the batch of its page or after it.
func (w *writer) owns(p string) bool {
	if w.shard.N <= 1 {
		return true
	}
	dir := path.Dir(p) + "/"
	if !w.entities[dir] {
		return w.shard.I == 0
	}
	h := fnv.New32a()
	h.Write([]byte(dir))
	return int(h.Sum32()%uint32(w.shard.N)) == w.shard.I
}

func (w *writer) write(path string, b []byte) error {
	if err := w.out.Write(path, b); err != nil {
		return err
	}
	w.mu.Lock()
	w.sum.Files++
	w.sum.Bytes += int64(len(b))
	w.mu.Unlock()
	return nil
}

// batch hands pages and files of the shard to the workers (page.Options.
// Stream); it returns at once with the pool's error if a worker failed.
func (w *writer) batch(pages []*page.Page, files []page.File) error {
	for _, p := range pages {
		if shardedKinds[string(p.Kind)] {
			w.entities[p.Path] = true
		}
	}
	for _, p := range pages {
		file := pageFile(p)
		if !w.owns(file) {
			continue
		}
		if err := w.gctx.Err(); err != nil {
			return err
		}
		w.sum.Pages[string(p.Kind)]++
		w.g.Go(func() error {
			if err := w.gctx.Err(); err != nil {
				return err
			}
			buf := buffers.Get().(*bytes.Buffer)
			defer buffers.Put(buf)
			buf.Reset()
			if err := w.r.PageTo(buf, p); err != nil {
				return err
			}
			return w.write(file, buf.Bytes())
		})
	}
	for _, f := range files {
		if !w.owns(f.Path) {
			continue
		}
		if err := w.gctx.Err(); err != nil {
			return err
		}
		w.g.Go(func() error {
			if err := w.gctx.Err(); err != nil {
				return err
			}
			return w.write(f.Path, f.Data)
		})
	}
	return nil
}

// wait waits for every page and file handed over; it returns the first
// error of a worker.
func (w *writer) wait() error { return w.g.Wait() }

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
