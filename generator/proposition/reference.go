package proposition

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Reference is what a proposal is checked against: the campaign, the
// schools and what they offer, and the codes of the nomenclatures. `orion
// build` writes it (WriteReference); the handler reads it at start and on
// SIGHUP (ReadReference). A Reference must not be modified after its first
// use by Validate or a lookup method.
type Reference struct {
	Campagne       Campagne        `json:"campagne"`
	Regions        []Code          `json:"regions"`
	Departements   []Code          `json:"departements,omitempty"`
	Dispositifs    []Code          `json:"dispositifs,omitempty"`
	Niveaux        []Code          `json:"niveaux,omitempty"`
	Domaines       []Code          `json:"domaines,omitempty"` // NSF groupes de spécialité
	Formations     []Formation     `json:"formations,omitempty"`
	Etablissements []Etablissement `json:"etablissements"`

	once sync.Once
	idx  *index
}

// Campagne is the proposal campaign: proposals are accepted while its
// statut is "en cours" and the day (Europe/Paris) is within [Debut, Fin].
// They concern the rentrée of year Annee or Annee+1.
type Campagne struct {
	Annee  int    `json:"annee"`
	Debut  Date   `json:"debut"`
	Fin    Date   `json:"fin"`
	Statut string `json:"statut"` // CampagneEnCours, CampagneTerminee or "en attente"
}

// Campaign statuts.
const (
	CampagneEnCours   = "en cours"
	CampagneEnAttente = "en attente"
	CampagneTerminee  = "terminée"
)

// Code is an entry of a nomenclature (région, département, dispositif,
// niveau de diplôme, NSF).
type Code struct {
	Code    string `json:"code"`
	Libelle string `json:"libelle"`
}

// Formation is a diploma (CFD) that may be proposed, even where it is not
// yet offered (ouvertures).
type Formation struct {
	CFD     string `json:"cfd"`
	Libelle string `json:"libelle"`
	NSF     string `json:"nsf,omitempty"`
}

// Etablissement is a school and the formations it offers.
type Etablissement struct {
	UAI        string  `json:"uai"`
	Nom        string  `json:"nom"`
	CodeRegion string  `json:"codeRegion"`
	Offres     []Offre `json:"offres"`
}

// Offre is a formation offered by a school through a dispositif.
type Offre struct {
	CFD            string `json:"cfd"`
	CodeDispositif string `json:"codeDispositif"`
	Libelle        string `json:"libelle"`
	NSF            string `json:"nsf,omitempty"`
}

// Date is a calendar day, written "2006-01-02".
type Date struct{ time.Time }

// DateOf is the day of t in Europe/Paris.
func DateOf(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, paris)}
}

var paris = mustLocation("Europe/Paris")

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// time/tzdata is embedded: this cannot happen.
		panic(err)
	}
	return loc
}

// MarshalJSON writes the day as "2006-01-02".
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte(`""`), nil
	}
	return []byte(`"` + d.Format(time.DateOnly) + `"`), nil
}

// UnmarshalJSON reads "2006-01-02" as a day in Europe/Paris.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, paris)
	if err != nil {
		return fmt.Errorf("date %q: expected AAAA-MM-JJ", s)
	}
	*d = Date{t}
	return nil
}

// Open reports whether proposals are accepted at now: statut en cours and
// the Paris day of now within [Debut, Fin].
func (c Campagne) Open(now time.Time) bool {
	if c.Statut != CampagneEnCours {
		return false
	}
	day := now.In(paris)
	start := c.Debut.Time
	end := c.Fin.Time.AddDate(0, 0, 1) // Fin is inclusive
	return !day.Before(start) && day.Before(end)
}

// ReadReference decodes and checks a reference file.
func ReadReference(r io.Reader) (*Reference, error) {
	dec := json.NewDecoder(r)
	var ref Reference
	if err := dec.Decode(&ref); err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	if dec.More() {
		return nil, errors.New("reference: trailing data after the JSON object")
	}
	if err := ref.check(); err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	return &ref, nil
}

// WriteReference writes ref as indented JSON with every list sorted, so the
// same data always gives the same bytes. ref itself is left as it is.
func WriteReference(w io.Writer, ref *Reference) error {
	if err := ref.check(); err != nil {
		return fmt.Errorf("reference: %w", err)
	}
	out := &Reference{
		Campagne:     ref.Campagne,
		Regions:      sortCodes(ref.Regions),
		Departements: sortCodes(ref.Departements),
		Dispositifs:  sortCodes(ref.Dispositifs),
		Niveaux:      sortCodes(ref.Niveaux),
		Domaines:     sortCodes(ref.Domaines),
		Formations:   slices.Clone(ref.Formations),
	}
	sort.Slice(out.Formations, func(i, j int) bool { return out.Formations[i].CFD < out.Formations[j].CFD })
	for _, e := range ref.Etablissements {
		e.Offres = slices.Clone(e.Offres)
		sort.Slice(e.Offres, func(i, j int) bool {
			a, b := e.Offres[i], e.Offres[j]
			if a.CFD != b.CFD {
				return a.CFD < b.CFD
			}
			return a.CodeDispositif < b.CodeDispositif
		})
		out.Etablissements = append(out.Etablissements, e)
	}
	sort.Slice(out.Etablissements, func(i, j int) bool { return out.Etablissements[i].UAI < out.Etablissements[j].UAI })
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("reference: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func sortCodes(c []Code) []Code {
	c = slices.Clone(c)
	sort.Slice(c, func(i, j int) bool { return c[i].Code < c[j].Code })
	return c
}

// check rejects a reference the handler could not work with: it names the
// list and the entry at fault.
func (r *Reference) check() error {
	c := r.Campagne
	if c.Annee < 2000 || c.Annee > 2100 {
		return fmt.Errorf("campagne.annee: %d is not a plausible year", c.Annee)
	}
	switch c.Statut {
	case CampagneEnCours, CampagneEnAttente, CampagneTerminee:
	default:
		return fmt.Errorf("campagne.statut: %q, expected %q, %q or %q", c.Statut, CampagneEnCours, CampagneEnAttente, CampagneTerminee)
	}
	if c.Debut.IsZero() || c.Fin.IsZero() || c.Fin.Before(c.Debut.Time) {
		return fmt.Errorf("campagne: debut %s and fin %s must be set, debut first", c.Debut.Format(time.DateOnly), c.Fin.Format(time.DateOnly))
	}
	regions := map[string]bool{}
	for i, g := range r.Regions {
		if g.Code == "" || regions[g.Code] {
			return fmt.Errorf("regions[%d]: empty or repeated code %q", i, g.Code)
		}
		regions[g.Code] = true
	}
	for name, list := range map[string][]Code{"departements": r.Departements, "dispositifs": r.Dispositifs, "niveaux": r.Niveaux, "domaines": r.Domaines} {
		seen := map[string]bool{}
		for i, e := range list {
			if e.Code == "" || seen[e.Code] {
				return fmt.Errorf("%s[%d]: empty or repeated code %q", name, i, e.Code)
			}
			seen[e.Code] = true
		}
	}
	cfds := map[string]bool{}
	for i, f := range r.Formations {
		if !validCFD(f.CFD) || cfds[f.CFD] {
			return fmt.Errorf("formations[%d]: malformed or repeated cfd %q", i, f.CFD)
		}
		cfds[f.CFD] = true
	}
	uais := map[string]bool{}
	for i, e := range r.Etablissements {
		if !validUAI(e.UAI) || uais[e.UAI] {
			return fmt.Errorf("etablissements[%d]: malformed or repeated uai %q", i, e.UAI)
		}
		uais[e.UAI] = true
		if !regions[e.CodeRegion] {
			return fmt.Errorf("etablissements[%d] (%s): codeRegion %q is not in regions", i, e.UAI, e.CodeRegion)
		}
		offres := map[string]bool{}
		for j, o := range e.Offres {
			k := o.CFD + "|" + o.CodeDispositif
			if !validCFD(o.CFD) || o.CodeDispositif == "" || offres[k] {
				return fmt.Errorf("etablissements[%d] (%s).offres[%d]: malformed or repeated offre %s/%s", i, e.UAI, j, o.CFD, o.CodeDispositif)
			}
			offres[k] = true
		}
	}
	return nil
}

// validUAI accepts the 8-character UAI: 7 digits or letters then a letter
// (Corsica UAIs start with 620/720, DROM ones with 97x).
func validUAI(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < 7; i++ {
		if !isDigit(s[i]) && !isUpper(s[i]) {
			return false
		}
	}
	return isUpper(s[7])
}

// validCFD accepts the 8-character diploma code (digits; a few historical
// codes end with a letter).
func validCFD(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < 8; i++ {
		if !isDigit(s[i]) && !(i == 7 && isUpper(s[i])) {
			return false
		}
	}
	return true
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }

type index struct {
	etab        map[string]*Etablissement
	offre       map[string]*Offre // uai|cfd|dispositif
	cfd         map[string]Formation
	dispositifs map[string]bool
	labels      map[string]map[string]string // list name → code → libellé
}

func (r *Reference) index() *index {
	r.once.Do(func() {
		x := &index{
			etab:        map[string]*Etablissement{},
			offre:       map[string]*Offre{},
			cfd:         map[string]Formation{},
			dispositifs: map[string]bool{},
			labels:      map[string]map[string]string{},
		}
		for _, f := range r.Formations {
			x.cfd[f.CFD] = f
		}
		for _, d := range r.Dispositifs {
			x.dispositifs[d.Code] = true
		}
		for i := range r.Etablissements {
			e := &r.Etablissements[i]
			x.etab[e.UAI] = e
			for j := range e.Offres {
				o := &e.Offres[j]
				x.offre[e.UAI+"|"+o.CFD+"|"+o.CodeDispositif] = o
				// Without explicit lists, what schools offer is known.
				if _, ok := x.cfd[o.CFD]; !ok && len(r.Formations) == 0 {
					x.cfd[o.CFD] = Formation{CFD: o.CFD, Libelle: o.Libelle, NSF: o.NSF}
				}
				if len(r.Dispositifs) == 0 {
					x.dispositifs[o.CodeDispositif] = true
				}
			}
		}
		for name, list := range map[string][]Code{"regions": r.Regions, "departements": r.Departements, "dispositifs": r.Dispositifs, "niveaux": r.Niveaux, "domaines": r.Domaines} {
			m := map[string]string{}
			for _, c := range list {
				m[c.Code] = c.Libelle
			}
			x.labels[name] = m
		}
		r.idx = x
	})
	return r.idx
}

// Etablissement returns the school of an UAI, or nil.
func (r *Reference) Etablissement(uai string) *Etablissement {
	return r.index().etab[strings.ToUpper(uai)]
}

// Offre returns what a school offers for a formation and dispositif, or nil.
func (r *Reference) Offre(uai, cfd, dispositif string) *Offre {
	return r.index().offre[strings.ToUpper(uai)+"|"+cfd+"|"+dispositif]
}

// Formation returns a known formation (its libellé may be empty).
func (r *Reference) Formation(cfd string) (Formation, bool) {
	f, ok := r.index().cfd[cfd]
	return f, ok
}

// KnownDispositif reports whether the dispositif code exists.
func (r *Reference) KnownDispositif(code string) bool { return r.index().dispositifs[code] }

// RegionLibelle is the name of a région, or "" when unknown.
func (r *Reference) RegionLibelle(code string) string { return r.index().labels["regions"][code] }
