package proposition

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestReferenceRoundTripIsDeterministic(t *testing.T) {
	ref := readTestReference(t)
	// Shuffle what WriteReference must sort.
	ref.Etablissements[0], ref.Etablissements[2] = ref.Etablissements[2], ref.Etablissements[0]
	ref.Regions[0], ref.Regions[1] = ref.Regions[1], ref.Regions[0]
	var a, b bytes.Buffer
	if err := WriteReference(&a, ref); err != nil {
		t.Fatal(err)
	}
	if ref.Etablissements[0].UAI != "0750003Y" || ref.Etablissement("0010001W").Nom != "Lycée professionnel du Bugey" {
		t.Error("WriteReference changed the reference it was given")
	}
	back, err := ReadReference(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteReference(&b, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("write → read → write changed the bytes:\n%s\n%s", a.Bytes(), b.Bytes())
	}
	s := a.String()
	if strings.Index(s, `"0010001W"`) > strings.Index(s, `"0750003Y"`) || strings.Index(s, `"code": "11"`) > strings.Index(s, `"code": "84"`) {
		t.Errorf("lists not sorted:\n%s", s)
	}
	if !strings.Contains(s, `"debut": "2025-01-06"`) {
		t.Errorf("dates not written as days:\n%s", s)
	}
	if e := back.Etablissement("0010001w"); e == nil || e.Nom != "Lycée professionnel du Bugey" {
		t.Errorf("lookup by lower-case UAI: %+v", e)
	}
	if back.Offre("0010001W", "50022137", "241") == nil || back.Offre("0690002X", "50022137", "241") != nil {
		t.Error("offre lookups")
	}
}

func TestReadReferenceRejects(t *testing.T) {
	good, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct{ old, new, want string }{
		"campaign statut":      {`"statut": "en cours"`, `"statut": "ouverte"`, "campagne.statut"},
		"date":                 {`"fin": "2025-06-30"`, `"fin": "30/06/2025"`, "AAAA-MM-JJ"},
		"dates in wrong order": {`"fin": "2025-06-30"`, `"fin": "2024-06-30"`, "debut first"},
		"unknown région":       {`"codeRegion": "11"`, `"codeRegion": "99"`, "not in regions"},
		"repeated UAI":         {`"0690002X"`, `"0010001W"`, "repeated uai"},
		"malformed CFD":        {`"cfd": "50022137", "libelle": "Cuisine"`, `"cfd": "5002", "libelle": "Cuisine"`, "formations[1]"},
		"trailing data":        {"\n}\n", "\n}\n{}", "trailing"},
		"not JSON":             {`{`, `[`, "reference"},
	} {
		bad := strings.Replace(string(good), c.old, c.new, 1)
		if bad == string(good) {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		_, err := ReadReference(strings.NewReader(bad))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, c.want)
		}
	}
}

func TestCampagneOpenUsesParisDays(t *testing.T) {
	c := Campagne{Annee: 2025, Debut: DateOf(2025, 1, 6), Fin: DateOf(2025, 6, 30), Statut: CampagneEnCours}
	for _, x := range []struct {
		at   string
		open bool
	}{
		{"2025-01-05T22:59:59Z", false}, // 23:59:59 in Paris (winter)
		{"2025-01-05T23:00:00Z", true},
		{"2025-06-30T21:59:59Z", true}, // 23:59:59 in Paris (summer)
		{"2025-06-30T22:00:00Z", false},
	} {
		at, _ := time.Parse(time.RFC3339, x.at)
		if got := c.Open(at); got != x.open {
			t.Errorf("Open(%s) = %v", x.at, got)
		}
	}
	c.Statut = CampagneTerminee
	if c.Open(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)) {
		t.Error("a terminated campaign is open")
	}
}
