package fetch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// The derived file derived/communes_centroides.csv gives one point per
// commune: the area centroid of the commune's largest polygon, computed in
// degrees on the communes-*.geojson files of gregoiredavid/france-geojson.
// The arithmetic follows GEOS (shapely's Polygon.centroid and .area) and the
// numbers are written like Python's str(round(x, 5)), because that is how the
// published file was made: the same inputs then give the same bytes.

const centroidesHeader = "code_commune_insee;nom_commune;code_departement;latitude;longitude\n"

// cities maps the arrondissements of Paris, Lyon and Marseille to their
// commune: the rest of the data knows the city, not its arrondissements.
var cities = []struct {
	prefix, first, last string
	code, nom           string
}{
	{"751", "75101", "75120", "75056", "Paris"},
	{"6938", "69381", "69389", "69123", "Lyon"},
	{"132", "13201", "13216", "13055", "Marseille"},
}

// city returns the commune an arrondissement belongs to, or code itself.
func city(code, nom string) (string, string) {
	for _, c := range cities {
		if code == c.code || strings.HasPrefix(code, c.prefix) && code >= c.first && code <= c.last {
			return c.code, c.nom
		}
	}
	return code, nom
}

type point struct{ x, y float64 }

// geojson is the part of a france-geojson file the derivation reads.
type geojson struct {
	Features []struct {
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties struct {
			Code string `json:"code"`
			Nom  string `json:"nom"`
		} `json:"properties"`
	} `json:"features"`
}

// commune accumulates the largest polygon of every feature of one commune
// (several only for a city made of arrondissements).
type commune struct {
	code, nom, dep string
	n              int     // features merged
	c              point   // centroid of the only feature, kept exact
	area           float64 // sum of the polygons' areas
	x, y           float64 // area-weighted sums of their centroids
}

func (k *commune) add(area float64, c point) {
	k.n++
	k.c = c
	k.area += area
	k.x += area * c.x
	k.y += area * c.y
}

// centroid is the area-weighted centroid of the merged polygons: the
// centroid of their union, since arrondissements tile their city.
func (k *commune) centroid() point {
	if k.n == 1 {
		return k.c
	}
	return point{k.x / k.area, k.y / k.area}
}

// centroides builds the CSV from the geojson files, one per département, in
// the order given; communes keep the order of their file, and a city made of
// arrondissements takes the place of its first arrondissement.
func centroides(files [][]byte) ([]byte, error) {
	var out bytes.Buffer
	out.WriteString(centroidesHeader)
	for i, b := range files {
		var g geojson
		if err := json.Unmarshal(b, &g); err != nil {
			return nil, fmt.Errorf("input %d: decode geojson: %w", i+1, err)
		}
		var order []*commune
		byCode := map[string]*commune{}
		for j, ft := range g.Features {
			code, nom := city(ft.Properties.Code, ft.Properties.Nom)
			if len(code) != 5 {
				return nil, fmt.Errorf("input %d, feature %d: commune code %q is not 5 characters", i+1, j+1, ft.Properties.Code)
			}
			polys, err := polygons(ft.Geometry.Type, ft.Geometry.Coordinates)
			if err != nil {
				return nil, fmt.Errorf("input %d, commune %s: %w", i+1, ft.Properties.Code, err)
			}
			area, c, err := largest(polys)
			if err != nil {
				return nil, fmt.Errorf("input %d, commune %s: %w", i+1, ft.Properties.Code, err)
			}
			k := byCode[code]
			if k == nil {
				k = &commune{code: code, nom: nom, dep: departement(code)}
				byCode[code] = k
				order = append(order, k)
			}
			k.add(area, c)
		}
		for _, k := range order {
			c := k.centroid()
			fmt.Fprintf(&out, "%s;%s;%s;%s;%s\n", field(k.code), field(k.nom), field(k.dep), pyRound5(c.y), pyRound5(c.x))
		}
	}
	return out.Bytes(), nil
}

// departement is the département of a commune code: three characters
// overseas (971…976), two otherwise (01…95, 2A, 2B).
func departement(code string) string {
	if strings.HasPrefix(code, "97") {
		return code[:3]
	}
	return code[:2]
}

// polygons decodes the coordinates of a Polygon or a MultiPolygon; a
// polygon is its rings, the shell first.
func polygons(typ string, raw json.RawMessage) ([][][]point, error) {
	var multi [][][][2]float64
	switch typ {
	case "Polygon":
		var p [][][2]float64
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, fmt.Errorf("decode polygon: %w", err)
		}
		multi = [][][][2]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(raw, &multi); err != nil {
			return nil, fmt.Errorf("decode multipolygon: %w", err)
		}
	default:
		return nil, fmt.Errorf("geometry %q, want Polygon or MultiPolygon", typ)
	}
	out := make([][][]point, len(multi))
	for i, rings := range multi {
		for _, r := range rings {
			pts := make([]point, len(r))
			for j, c := range r {
				pts[j] = point{c[0], c[1]}
			}
			out[i] = append(out[i], pts)
		}
	}
	return out, nil
}

// largest returns the area and centroid of the polygon of largest area (the
// first of equals, like Python's max).
func largest(polys [][][]point) (float64, point, error) {
	best, bestArea := -1, 0.0
	for i, p := range polys {
		if len(p) == 0 || len(p[0]) < 4 {
			return 0, point{}, fmt.Errorf("polygon %d: a shell needs at least 4 points", i+1)
		}
		a := polygonArea(p)
		if best < 0 || a > bestArea {
			best, bestArea = i, a
		}
	}
	if best < 0 {
		return 0, point{}, fmt.Errorf("no polygon")
	}
	c, ok := polygonCentroid(polys[best])
	if !ok {
		return 0, point{}, fmt.Errorf("polygon %d has a zero area", best+1)
	}
	return bestArea, c, nil
}

// polygonArea is the shell's area minus the holes' (GEOS Polygon::getArea).
func polygonArea(rings [][]point) float64 {
	a := abs(ringArea(rings[0]))
	for _, h := range rings[1:] {
		a -= abs(ringArea(h))
	}
	return a
}

// ringArea is GEOS Area::ofRingSigned: positive for a clockwise ring.
func ringArea(r []point) float64 {
	if len(r) < 3 {
		return 0
	}
	sum := 0.0
	x0 := r[0].x
	for i := 1; i < len(r)-1; i++ {
		x := r[i].x - x0
		// float64() keeps the compiler from fusing into FMA, which
		// would change the last bits on some architectures.
		sum += float64(x * (r[i-1].y - r[i+1].y))
	}
	return sum / 2
}

// polygonCentroid is GEOS Centroid for a polygon: triangles fanned from the
// shell's first point, holes subtracted.
func polygonCentroid(rings [][]point) (point, bool) {
	base := rings[0][0]
	var cx, cy, area2 float64
	add := func(r []point, positive bool) {
		sign := -1.0
		if positive {
			sign = 1
		}
		for i := 0; i+1 < len(r); i++ {
			p1, p2 := r[i], r[i+1]
			tx := base.x + p1.x + p2.x
			ty := base.y + p1.y + p2.y
			a2 := float64((p1.x-base.x)*(p2.y-base.y)) - float64((p2.x-base.x)*(p1.y-base.y))
			cx += float64(float64(sign*a2) * tx)
			cy += float64(float64(sign*a2) * ty)
			area2 += sign * a2
		}
	}
	add(rings[0], !ccw(rings[0]))
	for _, h := range rings[1:] {
		add(h, ccw(h))
	}
	if area2 == 0 {
		return point{}, false
	}
	return point{cx / 3 / area2, cy / 3 / area2}, true
}

// ccw reports whether a ring turns counter-clockwise (y up).
func ccw(r []point) bool { return ringArea(r) < 0 }

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// pyRound5 writes x like Python's str(round(x, 5)): correctly rounded to 5
// decimals, then the shortest form that reads back the same ("5.7851",
// "45.0", "3e-05").
func pyRound5(x float64) string {
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 5, 64), 64)
	if err != nil {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	s := strconv.FormatFloat(r, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eIN") {
		s += ".0"
	}
	return s
}

// field quotes like Python's csv module (QUOTE_MINIMAL) would: only a value
// holding the separator, a quote or a line break.
func field(s string) string {
	if !strings.ContainsAny(s, ";\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
