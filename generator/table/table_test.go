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
		{Pourcent(43.65), "43,7\u202f%"},
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

func p(n int64) *int64 { return &n }

func TestCellsSayWhyAValueIsMissing(t *testing.T) {
	tests := []struct {
		v          any
		csv        string
		text, miss string
	}{
		{Pct{indicator.InserJeunes(p(10), p(19))}, "", "", "secret statistique"},
		{Pct{indicator.InserJeunes(p(10), p(20))}, "50.0", "50,0\u202f%", ""},
		{Pct{indicator.InserJeunes(nil, p(20))}, "", "", "donnée non disponible"},
		{Ratio{indicator.Ratio(p(5), p(4))}, "1.25", "1,25", ""},
		{Int{nil}, "", "", "donnée non disponible"},
		{N(1500), "1500", "1\u202f500", ""},
		{Dec{V: nil, Absent: "nd"}, "", "", "nd"},
	}
	for _, tt := range tests {
		type m interface{ MarshalCSV() (string, error) }
		got, _ := tt.v.(m).MarshalCSV()
		if got != tt.csv {
			t.Errorf("%#v: csv %q, want %q", tt.v, got, tt.csv)
		}
		c := cell(tt.v)
		if c.Text != tt.text || c.Missing != tt.miss {
			t.Errorf("%#v: cell %+v, want text %q missing %q", tt.v, c, tt.text, tt.miss)
		}
	}
}

type row struct {
	Nom   string `csv:"nom" label:"Nom"`
	Code  string `csv:"code"`
	Taux  Pct    `csv:"taux" label:"Taux"`
	Count Int    `csv:"nombre" label:"Nombre"`
}

func (r row) Link(col string) string {
	if col == "nom" {
		return "/x/" + r.Code + "/"
	}
	return ""
}

func TestCSVAndHTMLShowTheSameRows(t *testing.T) {
	rows := []row{
		{Nom: "=HYPERLINK(\"http://evil\")", Code: "A", Taux: Pct{indicator.InserJeunes(p(1), p(3))}, Count: N(-2)},
		{Nom: "Lycée, « Bérard »", Code: "B", Taux: Pct{indicator.InserJeunes(p(30), p(40))}, Count: I(nil)},
	}
	b, err := CSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	want := "nom,code,taux,nombre\n" +
		"\"'=HYPERLINK(\"\"http://evil\"\")\",A,,-2\n" +
		"\"Lycée, « Bérard »\",B,75.0,\n"
	if string(b) != want {
		t.Errorf("csv:\n%s\nwant:\n%s", b, want)
	}
	h := Build(rows)
	if len(h.Columns) != 3 || h.Columns[0].Label != "Nom" || !h.Columns[1].Num {
		t.Fatalf("columns %+v", h.Columns)
	}
	if h.Rows[0][0].Href != "/x/A/" || h.Rows[0][1].Missing != "secret statistique" || h.Rows[1][1].Text != "75,0\u202f%" {
		t.Errorf("rows %+v", h.Rows)
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
	if !strings.HasPrefix(Neutralise("=x"), "'") {
		t.Fatal("formula not neutralised")
	}
}
