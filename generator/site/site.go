// Package site is the build pipeline and the only package that knows the
// order of its steps: load the raw files into DuckDB, run the model and page
// queries, assemble pages and CSVs, render, and publish atomically.
package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/orion-static/orion/assets"
	"github.com/orion-static/orion/assets/npm"
	"github.com/orion-static/orion/data"
	"github.com/orion-static/orion/generator/db"
	"github.com/orion-static/orion/generator/load"
	"github.com/orion-static/orion/generator/page"
	"github.com/orion-static/orion/generator/publish"
	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/render"
	"github.com/orion-static/orion/templates"
)

// ManifestName is the file a data directory may hold to describe itself
// (the fictional sample does); without it, the real-bundle manifest kept in
// the project (data/manifest/real.json) is used.
const ManifestName = "manifest.json"

// Config is what a build needs.
type Config struct {
	DataDir  string // data directory
	Manifest string // manifest file; empty: DataDir/manifest.json, else the embedded real.json
	OutDir   string
	BaseURL  string // absolute URL of the site root, for canonical links
	Workers  int    // render workers; 0 = number of CPUs
	Shard    Shard  // build only this slice of the site; zero: all of it
	Changed  string // file where to list the paths added, changed and removed (publish.Changes.WriteTo); empty: none
	Vendor   string // node_modules folder with the pinned front-end packages; empty: those embedded in the binary (assets/npm)

	Propositions string // journal of proposals; empty: DataDir/propositions/journal.jsonl when it exists
	Campagne     int    // campaign year of the proposal form (default 2026)
	APIURL       string // URL of the proposals handler the form posts to (default /api/propositions)
	Logger       *slog.Logger
	Now          func() time.Time // for durations only; never written to the output
	// AfterStage, when set, is called at the end of a stage ("assembled":
	// every page built, the entity pages rendered or being rendered), for
	// profiling.
	AfterStage func(stage string)
}

// Summary reports a finished build.
type Summary struct {
	Manifest  string
	Fictional bool
	Pages     map[string]int // per kind
	Shard     Shard
	Files     int
	Bytes     int64
	Kept      int             // files left as they were: same bytes as in the previous output (same inode, same mtime)
	Sitemap   bool            // sitemap.xml was written (it needs --base-url)
	Changes   publish.Changes // compared with the previous output
	Anomalies []query.Anomalie
	Sources   []load.FileReport
}

// TotalPages is the number of HTML pages.
func (s *Summary) TotalPages() int {
	n := 0
	for _, v := range s.Pages {
		n += v
	}
	return n
}

// tools are what a build needs besides the data: the content pages, the
// assets and the parsed templates.
type tools struct {
	contents []page.Content
	assets   *publish.Assets
	render   *render.Renderer
	err      error
}

func prepareTools(cfg Config) (t tools) {
	if t.contents, t.err = contents(); t.err != nil {
		return t
	}
	var vendor fs.FS
	if cfg.Vendor != "" {
		vendor = os.DirFS(cfg.Vendor)
	} else if vendor, t.err = npm.FS(); t.err != nil {
		return t
	}
	if t.assets, t.err = publish.BuildAssets(vendor, assets.FS); t.err != nil {
		return t
	}
	t.render, t.err = render.New(templates.FS, t.assets.URL)
	return t
}

// Build runs the whole pipeline. On any error the previous output is left
// untouched.
func Build(ctx context.Context, cfg Config) (*Summary, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	// The contents, assets and templates need no data: they are prepared
	// while DuckDB loads and models, when a core is mostly idle.
	toolsDone := make(chan struct{})
	var tl tools
	go func() {
		defer close(toolsDone)
		tl = prepareTools(cfg)
	}()
	m, err := manifest(cfg)
	if err != nil {
		return nil, err
	}
	conn, err := db.Open()
	if err != nil {
		return nil, err
	}
	defer conn.Close()

	rep, err := load.Load(ctx, conn, os.DirFS(cfg.DataDir), m)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", cfg.DataDir, err)
	}
	rows := 0
	for _, f := range rep.Files {
		rows += f.Rows
	}
	log.Info("loaded", "files", len(rep.Files), "rows", rows, "manifest", m.Name, "elapsed", now().Sub(start).Round(time.Millisecond))

	vs, err := query.Check(ctx, conn)
	if err != nil {
		return nil, err
	}
	if len(vs) > 0 {
		v := vs[0]
		col, header := m.Locate(v.File, v.Column)
		return nil, fmt.Errorf("load %s: %w", cfg.DataDir, &load.InputError{File: v.File, Line: int(v.Line), Column: col, Header: header,
			Msg: fmt.Sprintf("expected %s, got %q", v.Expected, v.Value)})
	}
	if err := query.Model(ctx, conn); err != nil {
		return nil, err
	}
	d, err := query.Fetch(ctx, conn)
	if err != nil {
		return nil, err
	}
	log.Info("queried", "etablissements", len(d.Etablissements.Rows), "formations", len(d.Formations.Rows), "elapsed", now().Sub(start).Round(time.Millisecond))

	opt := page.Options{Fictional: m.Fictional, DataName: m.Description, DataVersion: dataVersion(m, rep),
		BaseURL: strings.TrimRight(cfg.BaseURL, "/")}
	for _, f := range rep.Files {
		opt.Sources = append(opt.Sources, page.Source{Path: f.Path, Description: m.Formats[f.Format].Description,
			Producer: f.Producer, Year: f.Year, Rows: f.Rows, Suppressed: f.Suppressed})
	}
	var propFiles []page.File
	if opt.Propositions, propFiles, err = propositions(d, cfg); err != nil {
		return nil, err
	}
	if err := cfg.Shard.check(); err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	// Nothing reads the database any more: its memory goes before the pages.
	conn.Close()
	<-toolsDone
	if tl.err != nil {
		return nil, tl.err
	}
	opt.Contents = tl.contents
	assetSet, r := tl.assets, tl.render
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	out, err := publish.Begin(cfg.OutDir)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Manifest: m.Name, Fictional: m.Fictional, Shard: cfg.Shard, Pages: map[string]int{}, Anomalies: d.Donnees.Anomalies, Sources: rep.Files,
		Sitemap: opt.BaseURL != ""}
	// Entity pages are rendered and written while the next ones are
	// assembled (page.Options.Stream); the rest follows with the files that
	// need every page (search index, sitemap).
	w := newWriter(ctx, out, r, workers, cfg.Shard, sum)
	opt.Stream = w.batch
	s, err := page.Build(d, opt)
	if err != nil {
		if werr := w.wait(); werr != nil {
			err = werr
		}
		out.Abort()
		return nil, err
	}
	log.Info("assembled", "waited", s.StreamWait.Round(time.Millisecond), "pages", len(s.Pages)+len(s.Streamed), "streamed", len(s.Streamed), "elapsed", now().Sub(start).Round(time.Millisecond))
	if cfg.AfterStage != nil {
		cfg.AfterStage("assembled")
	}
	whole, err := siteFiles(slices.SortedFunc(slices.Values(slices.Concat(s.Pages, s.Streamed)),
		func(a, b *page.Page) int { return strings.Compare(a.Path, b.Path) }), opt.BaseURL)
	if err == nil {
		files := slices.Concat(s.Files, whole, propFiles)
		for _, p := range slices.Sorted(maps.Keys(assetSet.Files)) {
			files = append(files, page.File{Path: p, Data: assetSet.Files[p]})
		}
		err = w.batch(s.Pages, files)
	}
	if werr := w.wait(); werr != nil {
		err = werr
	}
	if err != nil {
		out.Abort()
		return nil, err
	}
	log.Info("rendered", "pages", sum.TotalPages(), "files", sum.Files, "elapsed", now().Sub(start).Round(time.Millisecond))
	if err := ctx.Err(); err != nil {
		out.Abort()
		return nil, err
	}
	sum.Kept, sum.Changes = out.Kept(), out.Changes()
	if err := out.Commit(); err != nil {
		return nil, err
	}
	if cfg.Changed != "" {
		if err := writeChanges(cfg.Changed, sum.Changes); err != nil {
			return nil, err
		}
	}
	log.Info("published", "out", cfg.OutDir, "pages", sum.TotalPages(), "files", sum.Files, "bytes", sum.Bytes,
		"kept", sum.Kept, "added", len(sum.Changes.Added), "changed", len(sum.Changes.Changed), "removed", len(sum.Changes.Removed),
		"elapsed", now().Sub(start).Round(time.Millisecond))
	return sum, nil
}

func manifest(cfg Config) (*load.Manifest, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("build: no data directory")
	}
	if st, err := os.Stat(cfg.DataDir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("build: data directory %s: not a readable directory", cfg.DataDir)
	}
	formats, err := fs.ReadFile(data.FS, "manifest/formats.json")
	if err != nil {
		return nil, err
	}
	path := cfg.Manifest
	if path == "" {
		candidate := filepath.Join(cfg.DataDir, ManifestName)
		if _, err := os.Stat(candidate); err == nil {
			path = candidate
		}
	}
	var mb []byte
	if path == "" {
		mb, err = fs.ReadFile(data.FS, "manifest/real.json")
	} else {
		mb, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("build: manifest: %w", err)
	}
	m, err := load.Parse(formats, mb)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// dataVersion says, on every page, how recent the data are: the latest
// rentrée or millésime of each kind of source, and the data set's version.
// It never names a folder of the build machine.
func dataVersion(m *load.Manifest, rep *load.Report) string {
	latest := map[string]string{}
	for _, f := range rep.Files {
		y := f.Year // "2020", "2016-2021", "2018_2019", "2019_2020-2022_2023"
		if i := strings.LastIndex(y, "-"); i >= 0 {
			y = y[i+1:]
		}
		if y > latest[f.Table] {
			latest[f.Table] = y
		}
	}
	var parts []string
	if y := latest["constat"]; y != "" {
		parts = append(parts, "effectifs de la rentrée "+y)
	}
	var voeux []string
	for _, t := range []struct{ table, name string }{{"affelnet", "Affelnet"}, {"parcoursup_bts", "Parcoursup"}} {
		if y := latest[t.table]; y != "" {
			voeux = append(voeux, t.name+" "+y)
		}
	}
	if len(voeux) > 0 {
		parts = append(parts, "capacités et vœux "+strings.Join(voeux, " et "))
	}
	if y := max(latest["ij_region"], latest["depp_etab"]); y != "" {
		parts = append(parts, "insertion InserJeunes, millésime "+y)
	}
	var v []string
	if len(parts) > 0 {
		v = append(v, "dernières données : "+strings.Join(parts, ", "))
	}
	if m.Version != "" {
		v = append(v, m.Version)
	}
	return strings.Join(v, " ; ")
}
