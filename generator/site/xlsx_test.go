package site

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestFixtureSpreadsheets: the journalist's download: each national CSV has
// its .xlsx beside it, linked from /donnees/ with its size, in which counts
// and rates are numbers and codes stay text (zeros kept), under a header.
func TestFixtureSpreadsheets(t *testing.T) {
	out := buildFixture(t)
	page, err := os.ReadFile(filepath.Join(out, "donnees/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"regions", "departements", "etablissements", "formations", "domaines", "offres", "insertion-regions", "insertion-etablissements"} {
		b, err := os.ReadFile(filepath.Join(out, "donnees", name+".xlsx"))
		if err != nil {
			t.Errorf("%s.xlsx: %v", name, err)
			continue
		}
		if !containsAll(string(page), `href="/donnees/`+name+`.xlsx"`, "tableur") {
			t.Errorf("/donnees/ does not link %s.xlsx with its size", name)
		}
		if name != "regions" {
			continue
		}
		f, err := excelize.OpenReader(bytesReader(b))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		header, _ := f.GetRows(sheet)
		col := map[string]string{}
		for i, h := range header[0] {
			c, _ := excelize.ColumnNumberToName(i + 1)
			col[h] = c
		}
		number := func(t excelize.CellType) bool { return t == excelize.CellTypeNumber || t == excelize.CellTypeUnset }
		text := func(t excelize.CellType) bool {
			return t == excelize.CellTypeSharedString || t == excelize.CellTypeInlineString
		}
		for _, c := range []struct {
			column string
			isNum  bool
			want   string
		}{
			{"code_region", false, "11"},
			{"effectif_total", true, "30"},
			{"taux_emploi_6_mois", true, "50.0"},
			{"taux_emploi_6_mois_statut", false, "publié"},
		} {
			cell := col[c.column] + "2"
			typ, _ := f.GetCellType(sheet, cell)
			v, _ := f.GetCellValue(sheet, cell)
			if c.isNum && !number(typ) || !c.isNum && !text(typ) || v != c.want {
				t.Errorf("regions.xlsx %s (%s): type %v value %q, want %q as a number: %v", cell, c.column, typ, v, c.want, c.isNum)
			}
		}
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
