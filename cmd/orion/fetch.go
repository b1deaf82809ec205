package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/orion-static/orion/generator/fetch"
)

func runFetch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("fetch", "fetch --out DIR [--from URL] [--check]", stderr)
	out := fs.String("out", "", "dossier du paquet de données ouvertes à compléter ou vérifier (obligatoire ; la construction réelle le lit avec --data DIR)")
	from := fs.String("from", "", "URL d'un miroir du paquet (même arborescence) : chaque fichier, le dérivé compris, est pris à URL/chemin ; vide : l'origine publique de chaque fichier")
	check := fs.Bool("check", false, "vérifie seulement le dossier (taille et SHA-256 de chaque fichier), sans réseau")
	manifest := fs.String("manifest", "", "manifeste des origines ; vide : data/manifest/sources.json intégré")
	if err := parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *out == "" {
		fmt.Fprintln(stderr, "orion fetch : --out est obligatoire")
		fs.Usage()
		return errUsage
	}
	if *check && *from != "" {
		fmt.Fprintln(stderr, "orion fetch : --check ne télécharge rien, --from n'a pas de sens avec lui")
		return errUsage
	}
	m, err := readSources(*manifest)
	if err != nil {
		return err
	}
	if *check {
		if err := fetch.Check(ctx, m, *out); err != nil {
			return failures("fetch --check", *out, len(m.Files), err)
		}
		fmt.Fprintf(stdout, "Les %d fichiers de %s sont présents et conformes (taille et SHA-256).\n", len(m.Files), *out)
		return nil
	}
	p := &progress{w: stdout, tty: isTerminal(stdout), total: len(m.Files)}
	x := &fetch.Fetcher{From: *from, Progress: p.event}
	start := time.Now()
	sum, err := x.Fetch(ctx, m, *out)
	p.clear()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("fetch interrompu : les fichiers partiels (.part) restent dans %s, la prochaine exécution les reprendra", *out)
		}
		return failures("fetch", *out, len(m.Files), err)
	}
	fmt.Fprintf(stdout, "Paquet de données complet dans %s (%s) : %d fichiers téléchargés ou calculés (%s), %d déjà présents et conformes.\n",
		*out, time.Since(start).Round(time.Millisecond), sum.Written, megabytes(sum.Bytes), sum.Kept)
	return nil
}

func readSources(name string) (fetch.Manifest, error) {
	if name == "" {
		return fetch.Sources()
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return fetch.Manifest{}, fmt.Errorf("fetch: %w", err)
	}
	m, err := fetch.ParseManifest(b)
	if err != nil {
		return fetch.Manifest{}, fmt.Errorf("fetch: %s: %w", name, err)
	}
	return m, nil
}

// failures lists one failed file a line.
func failures(op, dir string, total int, err error) error {
	var lines []string
	for _, e := range unjoin(err) {
		lines = append(lines, "  "+strings.ReplaceAll(e.Error(), "\n", "\n    "))
	}
	return fmt.Errorf("%s : %d fichier(s) sur %d en échec dans %s :\n%s", op, len(lines), total, dir, strings.Join(lines, "\n"))
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// isTerminal reports whether w is a terminal, where progress is redrawn on
// one line; elsewhere (logs, CI) each file gets one line.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress prints fetch events: on a terminal, a status line redrawn in
// place ("[12/40] tjp-pilotage/nMef.csv 1.2 Mo / 1.9 Mo") with failures and
// retries kept above it; elsewhere, one line per file.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	total int
	done  int
	drawn time.Time
	dirty bool
}

func (p *progress) event(e fetch.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e.Kind {
	case fetch.Kept:
		p.done++
		p.line(false, "  conforme    %s", e.Path)
	case fetch.Written:
		p.done++
		p.line(false, "  écrit       %s (%s)", e.Path, megabytes(e.Size))
	case fetch.Failed:
		p.done++
		p.line(true, "  ÉCHEC       %s : %v", e.Path, e.Err)
	case fetch.Retrying:
		p.line(true, "  nouvel essai %s : %v", e.Path, e.Err)
	case fetch.Received:
		if p.tty && time.Since(p.drawn) > 100*time.Millisecond {
			got := megabytes(e.Bytes)
			if e.Size > 0 {
				got += " / " + megabytes(e.Size)
			}
			p.draw(e.Path + " " + got)
		}
	}
}

// line prints one line for a file; on a terminal only what needs attention
// stays, the rest only updates the status line.
func (p *progress) line(attention bool, format string, a ...any) {
	if p.tty && !attention {
		p.draw("")
		return
	}
	p.clear()
	fmt.Fprintf(p.w, format+"\n", a...)
}

func (p *progress) draw(current string) {
	fmt.Fprintf(p.w, "\r\033[K[%d/%d] %s", p.done, p.total, current)
	p.drawn = time.Now()
	p.dirty = true
}

func (p *progress) clear() {
	if p.tty && p.dirty {
		fmt.Fprint(p.w, "\r\033[K")
		p.dirty = false
	}
}

// megabytes writes a size for a person: "1.9 Mo", "44 ko".
func megabytes(n int64) string {
	if n < 1e6 {
		return fmt.Sprintf("%d ko", (n+500)/1000)
	}
	return fmt.Sprintf("%.1f Mo", float64(n)/1e6)
}
