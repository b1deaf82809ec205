package sample

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/encoding/charmap"

	"github.com/orion-static/orion/data"
)

// The real rows the sample uses (territories, about 70 BCN formations with
// their MEFs, NSF groups, familles de métiers, ROME links, one or two
// communes per département) are committed as small extracts under
// data/reference, embedded in data.FS. They are stored as plain UTF-8 with
// LF line ends and no byte order mark, so that no extract is byte-identical
// to a file of the bundle; reference/layout.json records how each file is
// published (encoding, BOM, line ends), and the sample writes them back in
// that layout so that the loader reads what it reads in the real bundle.
const (
	referenceDir  = "reference"
	layoutFile    = "layout.json"
	referenceNote = "README.md"
)

// published is how a file of the bundle is laid out on disk.
type published struct {
	Encoding string `json:"encoding"` // utf-8 or windows-1252
	BOM      bool   `json:"bom,omitempty"`
	CRLF     bool   `json:"crlf,omitempty"`
	FinalNL  bool   `json:"final_newline"`
	Rows     int    `json:"rows"`        // rows kept in the extract
	Of       int    `json:"rows_source"` // rows of the published file
}

var (
	embeddedOnce  sync.Once
	embeddedFiles map[string][]byte
	embeddedErr   error
)

// embeddedSeed returns the committed extracts in their published layout,
// path of the bundle → bytes, as extractSeed would read them from the bundle.
func embeddedSeed() (map[string][]byte, error) {
	embeddedOnce.Do(func() {
		embeddedFiles, embeddedErr = readReference(data.FS)
	})
	return embeddedFiles, embeddedErr
}

func readReference(fsys fs.FS) (map[string][]byte, error) {
	lb, err := fs.ReadFile(fsys, path.Join(referenceDir, layoutFile))
	if err != nil {
		return nil, fmt.Errorf("reference extracts: %w", err)
	}
	var layout map[string]published
	if err := json.Unmarshal(lb, &layout); err != nil {
		return nil, fmt.Errorf("reference extracts: %s: %w", layoutFile, err)
	}
	out := make(map[string][]byte, len(layout))
	for p, l := range layout {
		b, err := fs.ReadFile(fsys, path.Join(referenceDir, p))
		if err != nil {
			return nil, fmt.Errorf("reference extracts: %w", err)
		}
		if out[p], err = l.restore(b); err != nil {
			return nil, fmt.Errorf("reference extracts: %s: %w", p, err)
		}
	}
	return out, nil
}

// normalize turns a file as published into its committed form (UTF-8, LF,
// no BOM) and says how it was published.
func normalize(p string, raw []byte) ([]byte, published, error) {
	l := published{Encoding: "utf-8"}
	b := raw
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		l.BOM = true
		b = b[3:]
	}
	if p == pathFD {
		l.Encoding = "windows-1252"
		d, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return nil, l, fmt.Errorf("%s: %w", p, err)
		}
		b = d
	}
	l.CRLF = bytes.Contains(b, []byte("\r\n"))
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	l.FinalNL = bytes.HasSuffix(b, []byte("\n"))
	if !l.FinalNL {
		b = append(b, '\n')
	}
	return b, l, nil
}

// restore is normalize's inverse.
func (l published) restore(b []byte) ([]byte, error) {
	if !l.FinalNL {
		b = bytes.TrimSuffix(b, []byte("\n"))
	}
	if l.CRLF {
		b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
	}
	if l.Encoding == "windows-1252" {
		e, err := charmap.Windows1252.NewEncoder().Bytes(b)
		if err != nil {
			return nil, err
		}
		b = e
	}
	if l.BOM {
		b = append([]byte("\xEF\xBB\xBF"), b...)
	}
	return b, nil
}

// countRows counts the data lines of a published file.
func countRows(b []byte) int {
	n := bytes.Count(b, []byte("\n"))
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n - 1 // the header
}

// Source is what data/reference/README.md says of one extract: where the
// file it comes from is published, by whom, when, under which licence.
type Source struct {
	Path, URL, Producer, Licence, Date string
}

// Extracts reads the open-data bundle in dir and returns the committed form
// of every extract (path under data/reference → bytes), layout.json
// included; README.md is written by RefreshReference.
func Extracts(dir string) (map[string][]byte, error) {
	raw, err := extract(dir)
	if err != nil {
		return nil, fmt.Errorf("extract from %s: %w", dir, err)
	}
	out := map[string][]byte{}
	layout := map[string]published{}
	for p, b := range raw {
		n, l, err := normalize(p, b)
		if err != nil {
			return nil, err
		}
		full, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		l.Rows, l.Of = countRows(b), countRows(full)
		out[p] = n
		layout[p] = l
	}
	lb, err := json.MarshalIndent(layout, "", " ")
	if err != nil {
		return nil, err
	}
	out[layoutFile] = append(lb, '\n')
	return out, nil
}

// RefreshReference rewrites the extracts under out (data/reference) from
// the bundle in dir: the files, layout.json and README.md (from sources,
// the public origin of each file). Files of out that are no longer
// extracted are removed.
func RefreshReference(dir, out string, sources map[string]Source) error {
	files, err := Extracts(dir)
	if err != nil {
		return err
	}
	files[referenceNote] = referenceREADME(files, sources)
	old := map[string]bool{}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if rel, err := filepath.Rel(out, p); err == nil {
				old[filepath.ToSlash(rel)] = true
			}
		}
		return nil
	})
	for p, b := range files {
		full := filepath.Join(out, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			return err
		}
		delete(old, p)
	}
	for p := range old {
		if err := os.Remove(filepath.Join(out, filepath.FromSlash(p))); err != nil {
			return err
		}
	}
	return nil
}

// referenceREADME documents each extract: its source, producer, date and
// licence, and how many of the published rows it keeps.
func referenceREADME(files map[string][]byte, sources map[string]Source) []byte {
	var layout map[string]published
	json.Unmarshal(files[layoutFile], &layout)
	paths := make([]string, 0, len(layout))
	total := 0
	for p := range layout {
		paths = append(paths, p)
	}
	for _, b := range files {
		total += len(b)
	}
	sort.Strings(paths)
	var b strings.Builder
	b.WriteString(`# Extraits de données ouvertes réelles du jeu fictif

Le jeu de données fictif (` + "`orion sample`, `make site`" + `) invente établissements, effectifs, capacités,
vœux et taux d'insertion, mais ses territoires et ses nomenclatures sont réels. Ils viennent de ces petits
extraits de fichiers publics, versés au dépôt pour que le site fictif se construise sans rien télécharger.

- **Licence** : Licence Ouverte / Etalab 2.0 (données publiques ; réutilisation libre, en citant le
  producteur et la date). Le code des dépôts d'origine est sous licence MIT ; les fichiers repris ici sont
  des données publiques qu'ils republient.
- **Forme** : chaque extrait garde l'en-tête et les lignes retenues du fichier publié, telles quelles,
  mais en UTF-8, fins de ligne LF et sans marque d'ordre d'octets. ` + "`layout.json`" + ` dit comment le
  fichier est publié (encodage, BOM, CRLF) : ` + "`orion sample`" + ` les réécrit ainsi, pour que le
  chargeur lise les mêmes octets que dans le paquet réel. Aucun extrait n'est identique à un fichier publié.
- **Régénérer** : ` + "`orion sample --refresh-reference DOSSIER_DU_PAQUET`" + ` (par défaut dans
  ` + "`data/reference`" + `, ` + "`--reference-out`" + ` pour un autre dossier). Quand le paquet est présent,
  un test vérifie que ces fichiers sont exactement ceux d'une extraction fraîche.
- **Ce qui est retenu** : les lignes des départements (territoires) ; environ 70 formations réelles parmi
  les plus offertes (CAP, CAPA, bac pro, bac pro agricole, BTS, trois familles de métiers avec leur 2de
  commune et leurs spécialités, les diplômes fermés qu'elles renouvellent, deux formations rares par
  niveau) avec leurs MEF, niveaux, dispositifs, groupes NSF, groupes de formation, libellés DGESCO, codes
  ROME (Certif Info) et deux appellations de métier au plus par fiche ROME ; une ou deux communes par
  département (celles qui ont le plus de lycées professionnels).

| extrait | lignes retenues / publiées | source (fichier publié, commit fixé) | producteur | date | licence |
|---|---|---|---|---|---|
`)
	for _, p := range paths {
		l := layout[p]
		s := sources[p]
		src := "—"
		if s.URL != "" {
			src = "[" + path.Base(p) + "](" + s.URL + ")"
		}
		fmt.Fprintf(&b, "| `%s` | %d / %d | %s | %s | %s | %s |\n", p, l.Rows, l.Of, src, orDash(s.Producer), orDash(s.Date), orDash(s.Licence))
	}
	fmt.Fprintf(&b, "\nEn tout : %d fichiers, %d octets (budget : 300 000).\n", len(paths), total)
	return []byte(b.String())
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
