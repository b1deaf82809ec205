package sample

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/orion-static/orion/data"
)

// layout says how a real file is laid out beyond its format: a byte order
// mark, CRLF line ends, quoted text cells (old DEPP files).
type layout struct {
	bom, crlf, quote bool
}

// layouts mirror the real files (see shared/data/README.md).
var layouts = map[string]layout{
	"tjp-pilotage/departements_academies_regions.csv":                       {bom: true},
	"tjp-pilotage/nMef.csv":                                                 {bom: true},
	"tjp-pilotage/vFormationDiplome_.csv":                                   {bom: true},
	"tjp-pilotage/nDispositifFormation_.csv":                                {bom: true},
	"tjp-pilotage/n_groupe_specialite_.csv":                                 {bom: true},
	"tjp-pilotage/n_domaine_specialite_.csv":                                {bom: true},
	"tjp-pilotage/n_categorie_specialite_.csv":                              {bom: true},
	"tjp-pilotage/n_groupe_formation_.csv":                                  {bom: true},
	"tjp-pilotage/n_lien_formation_groupe_.csv":                             {bom: true},
	"tjp-pilotage/familleMetiers.csv":                                       {bom: true},
	"tjp-pilotage/diplomesProfessionnels.csv":                               {bom: true},
	"juliengossa-parcoursup/fr-en-ips_lycees.csv":                           {crlf: true},
	"tjp-pilotage/2024/BTS_attractivite_capacite_2024.csv":                  {bom: true},
	"tjp-pilotage/2020/constat_2020.csv":                                    {bom: true},
	"tjp-pilotage/2021/constat_2021.csv":                                    {bom: true},
	"tjp-pilotage/2022/constat_2022.csv":                                    {bom: true},
	"tjp-pilotage/2023/constat_2023.csv":                                    {bom: true},
	"tjp-pilotage/2024/constat_2024.csv":                                    {bom: true},
	"tjp-pilotage/ij_region_data.csv":                                       {bom: true},
	"tjp-pilotage/chomage_regional_INSEE.csv":                               {bom: true},
	"trajectoires-pro/depp-2022-etablissements-2018_2019-pro.csv":           {quote: true},
	"trajectoires-pro/depp-2022-etablissements-2019_2020-pro.csv":           {quote: true},
	"trajectoires-pro/depp-2022-etablissements-2020_2021-pro.csv":           {crlf: true},
	"trajectoires-pro/depp-2022-etablissements-2021_2022-pro.csv":           {crlf: true},
	"trajectoires-pro/depp-2022-etablissements-2022_2023-pro.csv":           {crlf: true},
	"trajectoires-pro/depp-2022-etablissements-2020_2021-apprentissage.csv": {crlf: true},
	"trajectoires-pro/depp-2022-etablissements-2021_2022-apprentissage.csv": {crlf: true},
	"trajectoires-pro/depp-2022-etablissements-2022_2023-apprentissage.csv": {crlf: true},
}

// format is the part of data/manifest/formats.json the writer needs.
type format struct {
	Encoding string   `json:"encoding"`
	Header   []string `json:"header"`
}

type manifestFile struct {
	Format string `json:"format"`
	Path   string `json:"path"`
}

// row maps a header cell (or "#N" for the N-th, 1-based, blank header
// cell) to its value.
type row map[string]string

// writeFile lays rows out in the real format of path.
func writeFile(dir, path string, f format, rows []row) error {
	lay := layouts[path]
	nl := "\n"
	if lay.crlf {
		nl = "\r\n"
	}
	var b bytes.Buffer
	if lay.bom {
		b.WriteString("\xEF\xBB\xBF")
	}
	cell := func(s string, text bool) string {
		if lay.quote && text {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		return s
	}
	for i, h := range f.Header {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(cell(h, h != ""))
	}
	b.WriteString(nl)
	for _, r := range rows {
		for i, h := range f.Header {
			if i > 0 {
				b.WriteByte(';')
			}
			key := h
			if h == "" {
				key = fmt.Sprintf("#%d", i+1)
			}
			v := r[key]
			b.WriteString(cell(v, v != "" && !isNumber(v)))
		}
		b.WriteString(nl)
	}
	out := b.Bytes()
	if f.Encoding == "windows-1252" {
		enc, err := charmap.Windows1252.NewEncoder().Bytes(out)
		if err != nil {
			return fmt.Errorf("sample: %s: %w", path, err)
		}
		out = enc
	}
	full := filepath.Join(dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	return os.WriteFile(full, out, 0o644)
}

func isNumber(s string) bool {
	for i, c := range s {
		if !(c >= '0' && c <= '9' || c == '-' && i == 0 || c == ',' || c == '.') {
			return false
		}
	}
	return true
}

func readFormats() (map[string]format, []manifestFile, []byte, error) {
	b, err := fs.ReadFile(data.FS, "manifest/formats.json")
	if err != nil {
		return nil, nil, nil, err
	}
	var fm struct {
		Formats map[string]format `json:"formats"`
	}
	if err := json.Unmarshal(b, &fm); err != nil {
		return nil, nil, nil, err
	}
	mb, err := fs.ReadFile(data.FS, "manifest/sample.json")
	if err != nil {
		return nil, nil, nil, err
	}
	var m struct {
		Files []manifestFile `json:"files"`
	}
	if err := json.Unmarshal(mb, &m); err != nil {
		return nil, nil, nil, err
	}
	return fm.Formats, m.Files, mb, nil
}
