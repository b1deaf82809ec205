// Package sample writes a fictional data set in the formats and layout of
// the real open-data bundle, so that the same readers load it. Territories
// and formation codes are real: they come from small extracts of the real
// files committed under data/reference (RefreshReference rewrites them from
// a bundle), which the sample writes back in their published layout; real
// files, of the bundle or extracts, are read with generator/load's reader,
// as `orion build` reads them. Schools, CFAs and every figure are invented
// ("Lycée professionnel fictif …", UAIs with a wrong check letter so that
// none can be a real one), calibrated on the real distributions
// (shared/data/GUIDE.md §5) and consistent across files: Affelnet
// capacities and the constat effectifs of the same cohorts, InserJeunes
// counts per school × formation that add up to the regional file and to the
// per-school DEPP rates.
package sample

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"

	"golang.org/x/text/encoding/charmap"

	"github.com/orion-static/orion/data"
	"github.com/orion-static/orion/generator/load"
)

// Options choose the data set: the same options give the same bytes.
type Options struct {
	Seed  int64
	Scale int // Scale>=1 multiplies the number of schools
}

// Years the sample simulates and publishes.
const (
	firstEntry = 2014 // first cohort entering a formation
	lastYear   = 2024 // last rentrée
)

var (
	constatYears    = []int{2020, 2021, 2022, 2023, 2024}
	affelnetYears   = []int{2021, 2022, 2023, 2024}
	parcoursupYears = []int{2022, 2023, 2024}
	ijMillesimes    = []int{2020, 2021, 2022, 2023}       // second year of each millésime of ij_*.csv
	deppMillesimes  = []int{2019, 2020, 2021, 2022, 2023} // of the DEPP per-school files
	ipsYears        = []int{2016, 2017, 2018, 2019, 2020, 2021}
)

// maxPerDepartement bounds the UAI numbers of one département (4 digits).
const maxPerDepartement = 10000

// Write writes the whole fictional data directory into dir (created if
// needed), including dir/manifest.json, a byte copy of
// data/manifest/sample.json. Output is byte-identical for the same Options.
func Write(ctx context.Context, dir string, opt Options) error {
	if opt.Scale < 1 {
		return fmt.Errorf("sample: scale %d, want at least 1", opt.Scale)
	}
	if 8*opt.Scale > maxPerDepartement {
		return fmt.Errorf("sample: scale %d is too large for 4-digit UAI numbers", opt.Scale)
	}
	man, err := readManifest()
	if err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	files, err := embeddedSeed()
	if err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	s, err := readSeed(files, formatsByPath(man.Manifest))
	if err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	g := &gen{
		r:      rand.New(rand.NewPCG(uint64(opt.Seed), 0x6f72696f6e)),
		counts: rand.New(rand.NewPCG(uint64(opt.Seed), 0x636f756e74)),
		seed:   s, scale: opt.Scale, out: map[string]*sheet{},
	}
	for _, f := range man.Files {
		if _, ok := s.files[f.Path]; !ok {
			g.out[f.Path] = newSheet(man.Formats[f.Format].Header)
		}
	}
	if err := g.run(ctx); err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	paths := make([]string, 0, len(g.out))
	for p := range g.out {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if err := g.out[p].err; err != nil {
			return fmt.Errorf("sample: %s: %w", p, err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	for _, f := range man.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, ok := s.files[f.Path]
		if !ok {
			sh := g.out[f.Path]
			if len(sh.rows) == 0 {
				return fmt.Errorf("sample: nothing generated for %s", f.Path)
			}
			b = sh.bytes(layouts[f.Path])
			if man.Formats[f.Format].Encoding == "windows-1252" {
				if b, err = charmap.Windows1252.NewEncoder().Bytes(b); err != nil {
					return fmt.Errorf("sample: %s: %w", f.Path, err)
				}
			}
		}
		full := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fmt.Errorf("sample: %w", err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			return fmt.Errorf("sample: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), man.raw, 0o644); err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	if err := g.propositions(dir); err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	return nil
}

// layouts mirror the real file of each generated path (shared/data/README.md).
var layouts = map[string]layout{
	"juliengossa-parcoursup/fr-en-ips_lycees.csv":                           {crlf: true},
	"tjp-pilotage/2020/constat_2020.csv":                                    {bom: true},
	"tjp-pilotage/2021/constat_2021.csv":                                    {bom: true},
	"tjp-pilotage/2022/constat_2022.csv":                                    {bom: true},
	"tjp-pilotage/2023/constat_2023.csv":                                    {bom: true},
	"tjp-pilotage/2024/constat_2024.csv":                                    {bom: true},
	"tjp-pilotage/2024/BTS_attractivite_capacite_2024.csv":                  {bom: true},
	"tjp-pilotage/ij_region_data.csv":                                       {bom: true},
	"tjp-pilotage/ij_uai_data.csv":                                          {bom: true},
	"trajectoires-pro/depp-2022-etablissements-2018_2019-pro.csv":           {quote: true},
	"trajectoires-pro/depp-2022-etablissements-2019_2020-pro.csv":           {quote: true},
	"trajectoires-pro/depp-2022-etablissements-2020_2021-pro.csv":           {crlf: true, noFinalNL: true},
	"trajectoires-pro/depp-2022-etablissements-2021_2022-pro.csv":           {crlf: true, noFinalNL: true},
	"trajectoires-pro/depp-2022-etablissements-2022_2023-pro.csv":           {crlf: true, noFinalNL: true},
	"trajectoires-pro/depp-2022-etablissements-2020_2021-apprentissage.csv": {crlf: true, noFinalNL: true},
	"trajectoires-pro/depp-2022-etablissements-2021_2022-apprentissage.csv": {crlf: true, noFinalNL: true},
	"trajectoires-pro/depp-2022-etablissements-2022_2023-apprentissage.csv": {crlf: true, noFinalNL: true},
}

// manifest is data/manifest/sample.json as load reads it, and its bytes,
// which the sample copies.
type manifest struct {
	*load.Manifest
	raw []byte
}

// readManifest reads data/manifest/sample.json and its formats with load,
// which checks them.
func readManifest() (*manifest, error) {
	const path = "manifest/sample.json"
	m, err := load.ReadManifest(data.FS, "manifest/formats.json", path)
	if err != nil {
		return nil, err
	}
	raw, err := fs.ReadFile(data.FS, path)
	if err != nil {
		return nil, err
	}
	return &manifest{Manifest: m, raw: raw}, nil
}

// gen holds the generator state: one random stream consumed in a fixed
// order, the invented world, and the sheets being filled.
type gen struct {
	r      *rand.Rand
	counts *rand.Rand // schools per département, independent of the scale
	seed   *seed
	scale  int
	out    map[string]*sheet

	schools []*school
	cfas    []*cfa
	fEffect map[*formation]effect // national formation effects
	rEffect map[string]effect     // région effects
}

func (g *gen) run(ctx context.Context) error {
	g.world()
	if err := ctx.Err(); err != nil {
		return err
	}
	g.simulate()
	if err := ctx.Err(); err != nil {
		return err
	}
	g.etablissements()
	g.entree()
	g.chomage()
	return g.insertion()
}

func (g *gen) sheet(path string) *sheet {
	s := g.out[path]
	if s == nil {
		// A path the manifest does not list: collect and drop.
		s = newSheet(nil)
		s.err = fmt.Errorf("%s is not in data/manifest/sample.json", path)
		g.out[path] = s
	}
	return s
}
