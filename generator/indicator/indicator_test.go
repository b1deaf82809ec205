package indicator

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/orion-static/orion/generator/content"
)

// TestDivideSecretThreshold: InserJeunes rates are not published under 20.
func TestDivideSecretThreshold(t *testing.T) {
	tests := []struct {
		name     string
		num, den int64
		statut   Statut
		text     string
	}{
		{"19 leavers: secret", 10, 19, Secret, "secret statistique"},
		{"20 leavers: published", 10, 20, Publie, "50,0\u202f%"},
		{"43 of 100", 43, 100, Publie, "43,0\u202f%"},
		{"zero denominator", 0, 0, NonDisponible, "donnée non disponible"},
		{"zero of 25", 0, 25, Publie, "0,0\u202f%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Divide(TauxEmploi6, tt.num, tt.den)
			if got.Statut != tt.statut || got.Text() != tt.text {
				t.Fatalf("Divide(%d, %d) = %v %q, want %v %q", tt.num, tt.den, got.Statut, got.Text(), tt.statut, tt.text)
			}
		})
	}
	if v := Divide(TauxPression, 3, 2); !v.Ok() || v.Text() != "1,50" {
		t.Errorf("a taux de pression has no threshold: %+v", v)
	}
}

// TestExactTiesRoundHalfUp: 41/80 = 51,25 % is shown 51,3, not 51,2 (a
// float would give 51.24999…); the same rule in Go and in the SQL (package
// query tests the SQL).
func TestExactTiesRoundHalfUp(t *testing.T) {
	for _, tt := range []struct {
		d        *Def
		num, den int64
		want     string
	}{
		{TauxEmploi6, 41, 80, "51,3\u202f%"},
		{TauxEmploi6, 10, 80, "12,5\u202f%"},
		{TauxEmploi6, 10, 30, "33,3\u202f%"},
		{TauxEmploi6, 20, 30, "66,7\u202f%"},
		{TauxPression, 1, 8, "0,13"},
		{TauxPression, 5, 4, "1,25"},
		{TauxEmploi6, 201, 400, "50,3\u202f%"},
	} {
		if got := Divide(tt.d, tt.num, tt.den).Text(); got != tt.want {
			t.Errorf("%d/%d as %s = %q, want %q", tt.num, tt.den, tt.d.ID, got, tt.want)
		}
	}
}

func TestValueFormats(t *testing.T) {
	tests := []struct {
		v         Value
		text, raw string
	}{
		{Value{Scaled: 1234567, Statut: Publie, Def: EffectifTotal}, "1\u202f234\u202f567", "1234567"},
		{Value{Scaled: 436, Statut: Publie, Def: TauxEmploi6}, "43,6\u202f%", "43.6"},
		{Value{Scaled: 5, Statut: Publie, Def: TauxEmploi6}, "0,5\u202f%", "0.5"},
		{Value{Scaled: 125, Statut: Publie, Def: TauxPression}, "1,25", "1.25"},
		{Value{Scaled: -7, Statut: Publie, Def: DEPPValeurAjoutee}, "−7 points", "-7"},
		{Value{Scaled: 1, Statut: Publie, Def: DEPPValeurAjoutee}, "+1 point", "1"},
		{Value{Scaled: 51, Statut: Publie, Def: DEPPEmploi6}, "51\u202f%", "51"},
		{Value{Statut: Secret, Def: TauxEmploi6}, "secret statistique", ""},
		{Value{}, "donnée non disponible", ""},
	}
	for _, tt := range tests {
		if tt.v.Text() != tt.text || tt.v.Raw() != tt.raw {
			t.Errorf("%+v: text %q raw %q, want %q %q", tt.v, tt.v.Text(), tt.v.Raw(), tt.text, tt.raw)
		}
	}
}

// TestStatusesHaveOneWording: every status has a code for the SQL, one
// wording, an explanation when it is a reason, and parses back.
func TestStatusesHaveOneWording(t *testing.T) {
	labels := map[string]bool{}
	for _, s := range Statuts() {
		if s.String() == "" || labels[s.String()] {
			t.Errorf("status %d: wording %q empty or shared", s, s)
		}
		labels[s.String()] = true
		if s != Publie && (s.Explication() == "" || s.Mark() == "") {
			t.Errorf("status %v has no explanation or no mark", s)
		}
		if back, err := ParseStatut(s.Code()); err != nil || back != s {
			t.Errorf("status %v does not parse back from %q", s, s.Code())
		}
	}
	if _, err := ParseStatut("nope"); err == nil {
		t.Error("an unknown status code parsed")
	}
	var zero Value
	if zero.Ok() || zero.Statut != NonDisponible {
		t.Fatal("the zero Value must read as unavailable, never as a published 0")
	}
}

func TestPosition(t *testing.T) {
	r := func(n, d int64) Value { return Divide(TauxEmploi6, n, d) }
	moyE, moyP := r(40, 100), r(50, 100)
	tests := []struct {
		emploi, poursuite Value
		want              Quadrant
	}{
		{r(40, 100), r(50, 100), Q1}, // equal to both means
		{r(60, 100), r(20, 100), Q2},
		{r(10, 100), r(70, 100), Q3},
		{r(39, 100), r(49, 100), Q4},
		{r(10, 19), r(70, 100), HorsQuadrant}, // secret
		{Value{}, r(70, 100), HorsQuadrant},
	}
	for _, tt := range tests {
		if got := Position(tt.emploi, tt.poursuite, moyE, moyP); got != tt.want {
			t.Errorf("Position(%s, %s) = %v, want %v", tt.emploi.Text(), tt.poursuite.Text(), got, tt.want)
		}
	}
	for _, q := range []Quadrant{Q1, Q2, Q3, Q4, HorsQuadrant, SansObjetQ} {
		if q.Libelle() == "" {
			t.Errorf("%s has no words", q)
		}
	}
}

// TestDeclarations: the declarations are consistent and each links to an
// entry of the glossary that exists.
func TestDeclarations(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../../content/glossaire.md")
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^##+ (.+)$`).FindAllSubmatch(b, -1) {
		anchors[content.Slug(string(m[1]))] = true
	}
	for _, d := range All() {
		if !anchors[d.Glossaire] {
			t.Errorf("%s links to #%s, which the glossary does not have", d.ID, d.Glossaire)
		}
		if d.Perimetre == "" || d.Source == "" {
			t.Errorf("%s states no perimeter or source", d.ID)
		}
		if got, ok := ByID(d.ID); !ok || got != d {
			t.Errorf("ByID(%s) = %v", d.ID, got)
		}
	}
}

// TestSetWith: With overrides and adds values, lists the columns in name
// order, and shares the merged columns between rows given the same names.
func TestSetWith(t *testing.T) {
	cols := NewColumns([]string{"taux_pression", "capacite"})
	v := func(n int64) Value { return Value{Statut: Publie, Scaled: n} }
	a := NewSet(cols, []Value{v(1), v(2)})
	b := NewSet(cols, []Value{v(3), v(4)})
	wa := a.With(map[string]Value{"capacite": v(20), "effectif": v(5)})
	wb := b.With(map[string]Value{"effectif": v(6), "capacite": v(40)})
	var got []string
	var vals []int64
	wa.Each(func(c string, x Value) { got = append(got, c); vals = append(vals, x.Scaled) })
	if want := []string{"capacite", "effectif", "taux_pression"}; !slices.Equal(got, want) {
		t.Errorf("columns %v, want %v", got, want)
	}
	if want := []int64{20, 5, 1}; !slices.Equal(vals, want) {
		t.Errorf("values %v, want %v", vals, want)
	}
	if wa.cols != wb.cols {
		t.Error("two rows with the same columns and names added do not share the merged columns")
	}
	if x := wb.Get(&Def{ID: "taux_pression"}); x.Scaled != 3 {
		t.Errorf("second row keeps taux_pression %v, want 3", x.Scaled)
	}
	if wc := a.With(map[string]Value{"taux_pression": v(9)}); wc.cols == wa.cols || wc.Len() != 2 || wc.Get(&Def{ID: "taux_pression"}).Scaled != 9 {
		t.Errorf("override only: %d columns, taux_pression %v", wc.Len(), wc.Get(&Def{ID: "taux_pression"}).Scaled)
	}
	if z := (Set{}).With(map[string]Value{"capacite": v(1)}); z.Len() != 1 || z.Get(&Def{ID: "capacite"}).Scaled != 1 {
		t.Error("With on an empty set")
	}
}
