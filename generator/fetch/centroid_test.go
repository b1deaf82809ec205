package fetch

import (
	"fmt"
	"strings"
	"testing"
)

// square is the ring of an axis-aligned rectangle, counter-clockwise.
func square(x0, y0, x1, y1 float64) string {
	return fmt.Sprintf("[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]", x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)
}

// clockwise is square turned the other way, as GeoJSON holes usually are.
func clockwise(x0, y0, x1, y1 float64) string {
	return fmt.Sprintf("[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]", x0, y0, x0, y1, x1, y1, x1, y0, x0, y0)
}

func feature(code, nom, typ, coords string) string {
	return fmt.Sprintf(`{"type":"Feature","geometry":{"type":%q,"coordinates":%s},"properties":{"code":%q,"nom":%q}}`, typ, coords, code, nom)
}

func collection(features ...string) []byte {
	return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`)
}

// syntheticCommunes is a tiny france-geojson: three départements, each file
// exercising one rule of the derivation; wantCentroides is what it gives
// (numbers checked against shapely-style arithmetic in Python).
func syntheticCommunes() [][]byte {
	return [][]byte{
		collection(
			feature("01001", "Alpha", "Polygon", "["+square(5.1, 45.1, 5.3, 45.3)+"]"),
			// the larger polygon wins, wherever it sits in the list
			feature("01002", "Bêta", "MultiPolygon", "[["+square(4, 46, 4.1, 46.1)+"],["+square(6, 44, 7, 45)+"],["+square(4.5, 46, 4.6, 46.1)+"]]"),
			// a hole pulls the centroid away from it
			feature("01003", "Gamma", "Polygon", "["+square(0, 0, 4, 4)+","+clockwise(2, 1, 3, 3)+"]"),
		),
		collection(
			feature("2A004", "Ajaccio", "Polygon", "["+square(8.7, 41.9, 8.8, 41.95)+"]"),
		),
		collection(
			// arrondissements become one commune, at the first one's place
			feature("75102", "Paris 2e Arrondissement", "Polygon", "["+square(3, 48, 5, 49)+"]"),
			feature("75101", "Paris 1er Arrondissement", "Polygon", "["+square(2, 48, 3, 49)+"]"),
		),
		collection(
			feature("97105", "Basse-Terre", "Polygon", "["+square(-61.8, 0.00002, -61.7, 0.00004)+"]"),
		),
	}
}

const wantCentroides = `code_commune_insee;nom_commune;code_departement;latitude;longitude
01001;Alpha;01;45.2;5.2
01002;Bêta;01;44.5;6.5
01003;Gamma;01;2.0;1.92857
2A004;Ajaccio;2A;41.925;8.75
75056;Paris;75;48.5;3.5
97105;Basse-Terre;971;3e-05;-61.75
`

func TestCentroides(t *testing.T) {
	got, err := centroides(syntheticCommunes())
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != wantCentroides {
		t.Errorf("centroides:\n%s\nwant:\n%s", got, wantCentroides)
	}
}

func TestCentroidesRejectsBadInput(t *testing.T) {
	for name, in := range map[string][]byte{
		"not json":    []byte("<html>"),
		"point":       collection(feature("01001", "A", "Point", "[1,2]")),
		"short code":  collection(feature("1001", "A", "Polygon", "["+square(0, 0, 1, 1)+"]")),
		"flat ring":   collection(feature("01001", "A", "Polygon", "[[[0,0],[1,1],[2,2],[0,0]]]")),
		"short shell": collection(feature("01001", "A", "Polygon", "[[[0,0],[1,1],[0,0]]]")),
	} {
		if _, err := centroides([][]byte{in}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestPyRound5(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{45.69764123, "45.69764"},
		{5.78510000001, "5.7851"},    // trailing zeros dropped
		{45, "45.0"},                 // an integer keeps ".0"
		{3.2e-05, "3e-05"},           // Python's exponent form below 1e-4
		{0.0001, "0.0001"},           // … but not at 1e-4
		{-12.724128854, "-12.72413"}, // rounded, not truncated
		{2.342804423926, "2.3428"},
		{-0.000001, "-0.0"},
	} {
		if got := pyRound5(c.in); got != c.want {
			t.Errorf("pyRound5(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCity(t *testing.T) {
	for _, c := range [][4]string{
		{"75101", "Paris 1er", "75056", "Paris"},
		{"75120", "Paris 20e", "75056", "Paris"},
		{"69385", "Lyon 5e", "69123", "Lyon"},
		{"13216", "Marseille 16e", "13055", "Marseille"},
		{"13201", "Marseille 1er", "13055", "Marseille"},
		{"13200", "Arles?", "13200", "Arles?"},
		{"75121", "not an arrondissement", "75121", "not an arrondissement"},
		{"35238", "Rennes", "35238", "Rennes"},
	} {
		if code, nom := city(c[0], c[1]); code != c[2] || nom != c[3] {
			t.Errorf("city(%s) = %s %s, want %s %s", c[0], code, nom, c[2], c[3])
		}
	}
}
