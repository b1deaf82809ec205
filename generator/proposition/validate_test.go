package proposition

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

// regles mirrors testdata/regles.json, shared with cmd/propositions.
type regles struct {
	Now   time.Time      `json:"now"`
	Base  map[string]any `json:"base"`
	Cases []struct {
		Name     string         `json:"name"`
		Set      map[string]any `json:"set"`
		Long     map[string]int `json:"long"`
		Now      time.Time      `json:"now"`
		Campagne string         `json:"campagne"`
		Role     string         `json:"role"`
		HTTPOnly bool           `json:"httpOnly"`
		Want     []string       `json:"want"`
	} `json:"cases"`
}

func readRegles(t *testing.T) regles {
	t.Helper()
	b, err := os.ReadFile("testdata/regles.json")
	if err != nil {
		t.Fatal(err)
	}
	var r regles
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func readTestReference(t *testing.T) *Reference {
	t.Helper()
	f, err := os.Open("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref, err := ReadReference(f)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestValidateRules(t *testing.T) {
	r := readRegles(t)
	for _, c := range r.Cases {
		if c.HTTPOnly {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			m := map[string]any{}
			for k, v := range r.Base {
				m[k] = v
			}
			for k, v := range c.Set {
				if v == nil {
					delete(m, k)
				} else {
					m[k] = v
				}
			}
			for k, n := range c.Long {
				m[k] = strings.Repeat("é", n)
			}
			b, _ := json.Marshal(m)
			var p Proposition
			if err := json.Unmarshal(b, &p); err != nil {
				t.Fatal(err)
			}
			ref := readTestReference(t)
			if c.Campagne != "" {
				ref.Campagne.Statut = c.Campagne
			}
			now := r.Now
			if !c.Now.IsZero() {
				now = c.Now
			}
			errs := Validate(p, ref, now)
			got := make([]string, 0, len(errs))
			for f := range errs {
				got = append(got, f)
			}
			sort.Strings(got)
			want := append([]string(nil), c.Want...)
			sort.Strings(want)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("error fields %v, want %v\n%v", got, want, errs)
			}
			for f, msg := range errs {
				if msg == "" || FieldLabel(f) == f {
					t.Errorf("field %q: message %q, label %q: every error needs a French message and a label", f, msg, FieldLabel(f))
				}
			}
		})
	}
}

func TestRefusErrors(t *testing.T) {
	for _, c := range []struct {
		motifs []string
		autre  string
		want   string
	}{
		{nil, "", "motifRefus"},
		{[]string{"probleme_bati"}, "", ""},
		{[]string{"inconnu"}, "", "motifRefus"},
		{[]string{"autre"}, "", "autreMotifRefus"},
		{[]string{"autre"}, "Pas de locaux", ""},
		{[]string{"probleme_rh"}, "Pas de locaux", "autreMotifRefus"},
	} {
		e := RefusErrors(c.motifs, c.autre)
		var got string
		for f := range e {
			got = f
		}
		if len(e) > 1 || got != c.want {
			t.Errorf("RefusErrors(%v, %q) = %v, want the field %q", c.motifs, c.autre, e, c.want)
		}
	}
	// Validate applies the same rule to a refused proposal.
	p := Proposition{Statut: Refusee}
	if e := Validate(p, readTestReference(t), time.Now()); e["motifRefus"] == "" {
		t.Error("a refused proposal without motif de refus must be rejected")
	}
}

func TestSortedFollowsTheForm(t *testing.T) {
	e := FieldErrors{"commentaire": "c", "uai": "u", "zzz": "z", "capaciteScolaire": "s", "campagne": "x"}
	var got []string
	for _, fe := range e.Sorted() {
		got = append(got, fe.Field)
	}
	if want := "campagne,uai,capaciteScolaire,commentaire,zzz"; strings.Join(got, ",") != want {
		t.Errorf("Sorted = %v, want %s", got, want)
	}
}
