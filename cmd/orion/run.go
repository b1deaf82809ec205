package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/orion-static/orion/data"
	"github.com/orion-static/orion/generator/sample"
	"github.com/orion-static/orion/generator/site"
)

const usage = `orion — générateur du site statique Orion (formations professionnelles)

Usage :
  orion build  [--data DIR] --out DIR [--base-url URL]   construit tout le site
  orion sample --out DIR [--seed N] [--scale K]         écrit le jeu de données fictif
  orion serve  --dir DIR [--addr 127.0.0.1:8080]        prévisualise un site construit
  orion fetch  --out DIR [--from URL] [--check]         télécharge ou vérifie les données ouvertes réelles

"orion COMMANDE --help" décrit chaque option.
`

// errUsage marks a command-line mistake; the message was already printed.
var errUsage = errors.New("invalid command line")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "sample":
		return runSample(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "fetch":
		return runFetch(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "orion: commande inconnue %q\n\n%s", args[0], usage)
	return errUsage
}

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage : orion %s\n\nOptions :\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return flag.ErrHelp
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "argument inattendu : %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}

// tuneGC lets a build's heap grow to 2.5 times what is live between two
// collections instead of twice (GOGC=150), within 700 MiB of Go memory
// (GOMEMLIMIT), unless the environment sets either: the build allocates
// ten times its live heap, and collections took a tenth of its CPU. At
// --scale 10, peak RSS goes from about 610 to 730 MB, under the 1 GiB
// target; on the real bundle, the limit keeps it under 800 MB.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(150)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(700 << 20)
	}
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", "build [--data DIR] --out DIR [--base-url URL] [--changed FICHIER] [--shard I/N]", stderr)
	var cfg site.Config
	fs.StringVar(&cfg.DataDir, "data", "", "dossier des données d'entrée ; vide : le jeu fictif intégré (orion sample, graine 1, échelle 1)")
	fs.StringVar(&cfg.Manifest, "manifest", "", "manifeste décrivant le dossier de données ; vide : DIR/manifest.json s'il existe, sinon le manifeste des données réelles intégré (data/manifest/real.json)")
	fs.StringVar(&cfg.OutDir, "out", "public", "dossier de sortie, remplacé d'un bloc à la fin d'une construction réussie")
	fs.StringVar(&cfg.BaseURL, "base-url", "", "URL absolue de la racine du site, pour les liens canoniques (ex. https://orion.example.fr)")
	fs.IntVar(&cfg.Workers, "workers", 0, "nombre de pages rendues en parallèle ; 0 : nombre de processeurs")
	fs.StringVar(&cfg.Propositions, "propositions", "", "journal des propositions (écrit par le serveur propositions) à publier ; vide : DIR/propositions/journal.jsonl s'il existe")
	fs.IntVar(&cfg.Campagne, "campagne", 2026, "année de la campagne de propositions (formulaire et fichier de référence du serveur)")
	fs.StringVar(&cfg.APIURL, "api-url", "/api/propositions", "adresse du serveur de propositions à laquelle le formulaire envoie")
	quiet := fs.Bool("quiet", false, "n'affiche que les erreurs")
	fs.StringVar(&cfg.Changed, "changed", "", "écrit dans `FICHIER` les chemins ajoutés (A), modifiés (M) et supprimés (D) par rapport au site précédent, un par ligne, pour une synchronisation ou une purge de cache")
	fs.Func("shard", "ne construit que la tranche `I/N` du site (la I-ième de N, ex. 0/3) : pages d'entité réparties par empreinte de leur chemin, le reste dans la tranche 0 ; l'union des N sorties est le site entier", func(v string) (err error) {
		cfg.Shard, err = site.ParseShard(v)
		return err
	})
	cpuprofile := fs.String("cpuprofile", "", "écrit le profil CPU (pprof) de la construction dans `FICHIER`")
	memprofile := fs.String("memprofile", "", "écrit le profil mémoire (pprof) dans `FICHIER` à la fin, et dans FICHIER.assembled une fois toutes les pages assemblées (rendues et écrites au fil de l'assemblage)")
	if err := parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	tuneGC()
	level := slog.LevelInfo
	if *quiet {
		level = slog.LevelError
	}
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if cfg.DataDir == "" {
		tmp, err := os.MkdirTemp("", "orion-sample-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if err := sample.Write(ctx, tmp, sample.Options{Seed: 1, Scale: 1}); err != nil {
			return err
		}
		cfg.DataDir = tmp
		cfg.Logger.Info("embedded fictional sample", "seed", 1, "scale", 1)
	}
	stop, err := startProfiles(*cpuprofile, *memprofile, &cfg)
	if err != nil {
		return err
	}
	start := time.Now()
	sum, err := site.Build(ctx, cfg)
	if perr := stop(); err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	if !*quiet {
		printSummary(stdout, sum, time.Since(start))
	}
	return nil
}

func printSummary(w io.Writer, s *site.Summary, d time.Duration) {
	kinds := make([]string, 0, len(s.Pages))
	for k := range s.Pages {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	fmt.Fprintf(w, "Construction terminée (%s, données %q%s) : %d pages, %d fichiers, %.1f Mo.\n",
		d.Round(time.Millisecond), s.Manifest, map[bool]string{true: ", fictives", false: ""}[s.Fictional],
		s.TotalPages(), s.Files, float64(s.Bytes)/1e6)
	if !s.Sitemap {
		fmt.Fprintln(w, "sitemap.xml non écrit : un sitemap exige des adresses absolues ; donnez l'adresse du site avec --base-url https://…")
	}
	for _, k := range kinds {
		fmt.Fprintf(w, "  pages %-14s %6d\n", k, s.Pages[k])
	}
	rows, supp := 0, 0
	for _, f := range s.Sources {
		rows += f.Rows
		supp += f.Suppressed
	}
	fmt.Fprintf(w, "Sources : %d fichiers, %d lignes, %d valeurs non diffusées.\n", len(s.Sources), rows, supp)
	fmt.Fprintln(w, "Lignes particulières :")
	for _, a := range s.Anomalies {
		fmt.Fprintf(w, "  %8d  %s\n", a.Nombre, a.Libelle)
	}
}

func runSample(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sample", "sample --out DIR [--seed N] [--scale K] | sample --refresh-reference PAQUET [--reference-out DIR]", stderr)
	out := fs.String("out", "", "dossier où écrire le jeu de données fictif (même format et même arborescence que les données réelles)")
	seed := fs.Int64("seed", 1, "graine du générateur : la même graine donne les mêmes fichiers, octet pour octet")
	scale := fs.Int("scale", 1, "multiplie le nombre d'établissements fictifs (les bancs d'essai utilisent 10)")
	refresh := fs.String("refresh-reference", "", "réécrit les extraits réels du jeu fictif (territoires, nomenclatures) à partir du paquet de données ouvertes PAQUET (orion fetch)")
	refOut := fs.String("reference-out", filepath.Join("data", "reference"), "avec --refresh-reference : dossier des extraits (celui du dépôt par défaut ; reconstruisez ensuite orion pour les intégrer)")
	if err := parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *refresh != "" {
		srcs, err := referenceSources()
		if err != nil {
			return err
		}
		if err := sample.RefreshReference(*refresh, *refOut, srcs); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Extraits réels du jeu fictif réécrits dans %s à partir de %s.\n", *refOut, *refresh)
		return nil
	}
	if *out == "" {
		fmt.Fprintln(stderr, "orion sample : --out est obligatoire")
		fs.Usage()
		return errUsage
	}
	if *scale < 1 {
		fmt.Fprintln(stderr, "orion sample : --scale doit être au moins 1")
		return errUsage
	}
	if err := sample.Write(ctx, *out, sample.Options{Seed: *seed, Scale: *scale}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Jeu de données fictif écrit dans %s (graine %d, échelle %d).\n", *out, *seed, *scale)
	return nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve --dir DIR [--addr 127.0.0.1:8080]", stderr)
	dir := fs.String("dir", "public", "dossier d'un site construit par orion build")
	addr := fs.String("addr", "127.0.0.1:8080", "adresse d'écoute (hôte:port)")
	if err := parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if st, err := os.Stat(filepath.Join(*dir, "index.html")); err != nil || st.IsDir() {
		return fmt.Errorf("serve: %s n'est pas un site construit (pas de index.html)", *dir)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{Handler: siteHandler(*dir), ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(stdout, "Site %s servi sur http://%s/ (Ctrl-C pour arrêter)\n", *dir, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	case err := <-errc:
		return err
	}
}

// siteHandler serves files like a static host: folders through their
// index.html, 404.html for what does not exist.
func siteHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.Clean("/"+r.URL.Path))
		if _, err := os.Stat(p); err != nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			if b, err := os.ReadFile(filepath.Join(dir, "404.html")); err == nil {
				w.Write(b)
			} else {
				io.WriteString(w, "<!DOCTYPE html><html lang=\"fr\"><title>Page introuvable</title><h1>Page introuvable</h1>")
			}
			return
		}
		files.ServeHTTP(w, r)
	})
}

// referenceSources reads the public origin of each bundle file from the
// embedded data/manifest/sources.json, for data/reference/README.md.
func referenceSources() (map[string]sample.Source, error) {
	b, err := fs.ReadFile(data.FS, "manifest/sources.json")
	if err != nil {
		return nil, err
	}
	var m struct {
		Files []struct {
			Path, URL, Producer, Licence, Date string
			Derived                            *struct{ Inputs []string } `json:"derived"`
		} `json:"files"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("manifest/sources.json: %w", err)
	}
	out := map[string]sample.Source{}
	for _, f := range m.Files {
		if f.URL == "" && f.Derived != nil && len(f.Derived.Inputs) > 0 {
			// A derived file: its inputs' folder, browsable on GitHub.
			u := strings.Replace(f.Derived.Inputs[0], "https://raw.githubusercontent.com/", "https://github.com/", 1)
			if parts := strings.SplitN(u, "/", 7); len(parts) == 7 {
				f.URL = strings.Join(parts[:5], "/") + "/tree/" + parts[5] + "/" + path.Dir(path.Dir(parts[6]))
			}
		}
		out[f.Path] = sample.Source{Path: f.Path, URL: f.URL, Producer: f.Producer, Licence: f.Licence, Date: f.Date}
	}
	return out, nil
}
