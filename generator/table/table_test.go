package table

import (
	"strings"
	"testing"

	"github.com/orion-static/orion/generator/indicator"
)

func TestFrenchFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{Entier(0), "0"},
		{Entier(999), "999"},
		{Entier(1234), "1\u202f234"},
		{Entier(889517), "889\u202f517"},
		{Entier(1234567), "1\u202f234\u202f567"},
		{Entier(-1234), "−1\u202f234"},
		{Pourcent(43.6), "43,6\u202f%"},
		{Pourcent(43.64), "43,6\u202f%"},
		{Pourcent(100), "100,0\u202f%"},
		{Pourcent(0), "0,0\u202f%"},
		{Decimal(1.006, 2), "1,01"},
		{Decimal(12345.678, 1), "12\u202f345,7"},
		{Decimal(-7, 1), "−7,0"},
		{Decimal(-0.04, 1), "0,0"},
		{Decimal(0.25, 0), "0"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

type row struct {
	Nom    string          `csv:"nom" label:"Nom"`
	Code   string          `csv:"code"`
	Taux   indicator.Value `ind:"taux_emploi_6_mois"`
	Reg    indicator.Value `ind:"taux_pression,region"`
	Count  indicator.Value `ind:"nb_sortants" html:"-"`
	Annees Int             `csv:"rentree"`
}

func (r row) Link(col string) string {
	if col == "nom" {
		return "/x/" + r.Code + "/"
	}
	return ""
}

// TestCSVAndHTMLShowTheSameRows: the same rows give the CSV (with a status
// column naming why a declared figure is empty, headers from the
// declarations) and the HTML table (headers linked to the glossary, a
// typed status in empty cells, the legend of the statuses found).
func TestCSVAndHTMLShowTheSameRows(t *testing.T) {
	set := indicator.SetOf(map[string]indicator.Value{
		"taux_emploi_6_mois":   indicator.Divide(indicator.TauxEmploi6, 1, 3),
		"taux_pression_region": indicator.Divide(indicator.TauxPression, 5, 4),
		"nb_sortants":          {Scaled: 3, Statut: indicator.Publie, Def: indicator.NbSortants},
	})
	var a, b row
	a = row{Nom: "=HYPERLINK(\"http://evil\")", Code: "A"}
	Fill(&a, set)
	b = row{Nom: "Lycée, « Bérard »", Code: "B", Annees: N(2024)}
	Fill(&b, indicator.SetOf(map[string]indicator.Value{"taux_emploi_6_mois": indicator.Divide(indicator.TauxEmploi6, 30, 40)}))
	rows := []row{a, b}
	csv, err := CSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	want := "nom,code,taux_emploi_6_mois,taux_emploi_6_mois_statut,taux_pression_region,taux_pression_region_statut,nb_sortants,rentree\n" +
		"\"'=HYPERLINK(\"\"http://evil\"\")\",A,,secret statistique,1.25,publié,3,\n" +
		"\"Lycée, « Bérard »\",B,75.0,publié,,donnée non disponible,,2024\n"
	if string(csv) != want {
		t.Errorf("csv:\n%s\nwant:\n%s", csv, want)
	}
	h, err := Build(rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Columns) != 3 || h.Columns[0].Label != "Nom" || h.Columns[1].Label != "Taux d'emploi à 6 mois" ||
		h.Columns[1].Href != "/glossaire/#taux-d-emploi-a-6-mois" || h.Columns[2].Label != "Taux de pression dans la région" || !h.Columns[1].Num {
		t.Fatalf("columns %+v", h.Columns)
	}
	if h.Rows[0][0].Href != "/x/A/" || !h.Rows[0][1].Absent || h.Rows[0][1].Statut != indicator.Secret || h.Rows[1][1].Text != "75,0\u202f%" {
		t.Errorf("rows %+v", h.Rows)
	}
	if got := h.Statuts(); len(got) != 2 || got[0] != indicator.NonDisponible || got[1] != indicator.Secret {
		t.Errorf("legend statuses %v", got)
	}
}

type badRow struct {
	X indicator.Value `ind:"no_such_figure"`
}

func TestUndeclaredFigureIsAnError(t *testing.T) {
	if _, err := CSV([]badRow{}); err == nil || !strings.Contains(err.Error(), "no_such_figure") {
		t.Errorf("an undeclared figure gives %v", err)
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+33 1": "'+33 1", "-cmd": "'-cmd", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx",
		"-3": "-3", "-3.5": "-3.5", "+3": "'+3", "abc": "abc", "": "",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}
