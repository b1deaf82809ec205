package indicator

import (
	"math"
	"testing"
)

func p(n int64) *int64 { return &n }

func TestInserJeunesSecretThreshold(t *testing.T) {
	tests := []struct {
		name     string
		num, den *int64
		statut   Statut
		pct      float64
	}{
		{"19 leavers: secret", p(10), p(19), Secret, 0},
		{"20 leavers: published", p(10), p(20), Publie, 50},
		{"43 of 100", p(43), p(100), Publie, 43},
		{"no denominator", p(3), nil, NonDisponible, 0},
		{"no numerator", nil, p(50), NonDisponible, 0},
		{"zero denominator", p(0), p(0), NonDisponible, 0},
		{"zero of 25", p(0), p(25), Publie, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := InserJeunes(tt.num, tt.den)
			if got.Statut != tt.statut {
				t.Fatalf("statut = %v, want %v", got.Statut, tt.statut)
			}
			if math.Abs(got.Pourcent()-tt.pct) > 1e-9 {
				t.Fatalf("pct = %v, want %v", got.Pourcent(), tt.pct)
			}
		})
	}
}

func TestRatioHasNoThreshold(t *testing.T) {
	got := Ratio(p(3), p(2))
	if !got.Ok() || got.Valeur != 1.5 {
		t.Fatalf("Ratio(3,2) = %+v", got)
	}
	if Ratio(p(3), p(0)).Ok() || Ratio(nil, p(4)).Ok() {
		t.Fatal("ratio with no denominator or numerator must be unavailable")
	}
}

func TestPosition(t *testing.T) {
	r := func(n, d int64) Taux { return InserJeunes(p(n), p(d)) }
	moyE, moyP := r(40, 100), r(50, 100)
	tests := []struct {
		emploi, poursuite Taux
		want              Quadrant
	}{
		{r(40, 100), r(50, 100), Q1}, // equal to both means
		{r(60, 100), r(20, 100), Q2},
		{r(10, 100), r(70, 100), Q3},
		{r(39, 100), r(49, 100), Q4},
		{r(10, 19), r(70, 100), HorsQuadrant}, // secret
		{Taux{Statut: NonDisponible}, r(70, 100), HorsQuadrant},
	}
	for _, tt := range tests {
		if got := Position(tt.emploi, tt.poursuite, moyE, moyP); got != tt.want {
			t.Errorf("Position(%v, %v) = %v, want %v", tt.emploi.Pourcent(), tt.poursuite.Pourcent(), got, tt.want)
		}
	}
}

func TestZeroTauxIsNotPublished(t *testing.T) {
	var z Taux
	if z.Ok() || z.Statut != NonDisponible {
		t.Fatal("the zero Taux must read as unavailable, never as a published 0")
	}
}
