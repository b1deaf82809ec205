package main

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/orion-static/orion/generator/journal"
	"github.com/orion-static/orion/generator/proposition"
)

// capacityFields are the 8 capacity inputs, in form order.
var capacityFields = []string{
	"capaciteScolaireActuelle", "capaciteScolaire", "capaciteScolaireColoreeActuelle", "capaciteScolaireColoree",
	"capaciteApprentissageActuelle", "capaciteApprentissage", "capaciteApprentissageColoreeActuelle", "capaciteApprentissageColoree",
}

// propositionFrom reads the form fields into a proposal. Parse errors
// (a capacity that is not an integer, a rentrée that is not a year, a
// control character in any field) are field errors too. Empty capacities
// mean 0: the no-JS form shows them all.
func propositionFrom(v url.Values) (proposition.Proposition, proposition.FieldErrors) {
	errs := proposition.FieldErrors{}
	text := func(k string) string {
		return strings.TrimSpace(strings.ReplaceAll(v.Get(k), "\r\n", "\n"))
	}
	integer := func(k string) int {
		s := text(k)
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		switch {
		case errors.Is(err, strconv.ErrRange), err == nil && (n > math.MaxInt32 || n < math.MinInt32):
			errs[k] = fmt.Sprintf("La capacité doit être comprise entre 0 et %d places (« %s » saisi).", proposition.MaxCapacite, truncate(s, 20))
			return 0
		case err != nil:
			errs[k] = "Saisissez un nombre entier (« " + truncate(s, 20) + " » n'en est pas un)."
			return 0
		}
		return int(n)
	}
	p := proposition.Proposition{
		UAI:                strings.ToUpper(text("uai")),
		CFD:                text("cfd"),
		CodeDispositif:     text("codeDispositif"),
		TypeDemande:        proposition.TypeDemande(text("typeDemande")),
		LibelleColoration1: text("libelleColoration1"),
		LibelleColoration2: text("libelleColoration2"),
		AutreMotif:         text("autreMotif"),
		Commentaire:        text("commentaire"),
	}
	if s := text("rentreeScolaire"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1000 || n > 9999 {
			errs["rentreeScolaire"] = "Saisissez l'année de la rentrée, par exemple 2026."
		} else {
			p.RentreeScolaire = n
		}
	}
	switch strings.ToLower(text("coloration")) {
	case "", "false", "0", "non", "off":
	case "true", "1", "oui", "on":
		p.Coloration = true
	default:
		errs["coloration"] = "Répondez par oui ou non."
	}
	caps := []*int{
		&p.CapaciteScolaireActuelle, &p.CapaciteScolaire, &p.CapaciteScolaireColoreeActuelle, &p.CapaciteScolaireColoree,
		&p.CapaciteApprentissageActuelle, &p.CapaciteApprentissage, &p.CapaciteApprentissageColoreeActuelle, &p.CapaciteApprentissageColoree,
	}
	for i, f := range capacityFields {
		*caps[i] = integer(f)
	}
	for _, m := range v["motif"] {
		if m = strings.TrimSpace(m); m != "" {
			p.Motifs = append(p.Motifs, m)
		}
	}
	// Control characters are refused in every field, not only in the free
	// text that Validate checks: a code or a motif is quoted in answers.
	for _, f := range proposition.Fields {
		for _, s := range v[f.Code] {
			multiline := f.Code == "commentaire"
			if multiline {
				s = strings.ReplaceAll(s, "\r\n", "\n")
			}
			if msg := proposition.TextProblem(s, multiline); msg != "" {
				errs[f.Code] = msg
			}
		}
	}
	return p, errs
}

// merge adds the rule errors to the parse errors. A capacity that could
// not be read counts as 0, so the capacity rules would then blame fields
// the user typed correctly: they wait for the next submission.
func merge(parse, rules proposition.FieldErrors) proposition.FieldErrors {
	capsBad := false
	for _, f := range capacityFields {
		if parse[f] != "" {
			capsBad = true
		}
	}
	for f, m := range rules {
		if _, ok := parse[f]; ok || (capsBad && strings.HasPrefix(f, "capacit")) {
			continue
		}
		parse[f] = m
	}
	return parse
}

// validKey accepts an idempotency key of 1 to 200 visible ASCII characters.
func validKey(k string) bool {
	if len(k) == 0 || len(k) > 200 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] <= ' ' || k[i] > '~' {
			return false
		}
	}
	return true
}

// submit is POST /api/propositions.
func (s *server) submit(w http.ResponseWriter, r *http.Request) {
	if !s.allow(w, r, "ip:"+s.clientIP(r)) {
		return
	}
	in, ok := s.read(w, r)
	if !ok {
		return
	}
	ref := s.ref.Load()
	now := s.now()
	code := in.bearer
	if code == "" {
		code = in.values.Get("code")
	}
	cle := r.Header.Get("Idempotency-Key")
	if cle == "" {
		cle = strings.TrimSpace(in.values.Get("cle"))
	}
	p, perrs := propositionFrom(in.values)

	if code == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="orion-propositions"`)
		s.fail(w, r, http.StatusUnauthorized, "Code d'accès manquant", "Saisissez le code d'accès de l'établissement ou de la région.")
		return
	}
	region := ""
	if e := ref.Etablissement(p.UAI); e != nil {
		region = e.CodeRegion
	}
	who, ok := s.codes.Load().submitter(code, p.UAI, region)
	if !ok {
		s.log.Warn("access code refused", "uai", p.UAI, "ip", s.clientIP(r))
		s.fail(w, r, http.StatusForbidden, "Code d'accès refusé",
			"Ce code d'accès ne permet pas de déposer une proposition pour l'établissement « "+truncate(p.UAI, 12)+" ». Vérifiez le code et l'UAI.")
		return
	}
	if !s.allow(w, r, "code:"+who.Scope+":"+who.Role) {
		return
	}
	if cle != "" && !validKey(cle) {
		perrs["cle"] = "La clé d'idempotence doit compter de 1 à 200 caractères ASCII visibles."
		cle = ""
	}
	if p.TypeDemande == proposition.Ajustement && who.Role != roleRegion {
		perrs["typeDemande"] = "Un ajustement de rentrée ne peut être proposé que par la région."
	}
	p.Campagne = ref.Campagne.Annee
	p.CodeRegion = region

	// A retry of an acknowledged request gets the same answer, even if the
	// campaign closed in between.
	if n, found, err := s.journal.Lookup(who.Scope, cle, p); found {
		if errors.Is(err, journal.ErrKeyReused) {
			s.invalid(w, r, proposition.FieldErrors{"cle": "Cette clé d'idempotence a déjà servi pour une autre proposition (" + n + ")."})
			return
		}
		s.accepted(w, r, n, true)
		return
	}
	if errs := merge(perrs, proposition.Validate(p, ref, now)); len(errs) > 0 {
		s.invalid(w, r, errs)
		return
	}
	n, replayed, err := s.journal.Submit(journal.Submission{Proposition: p, Par: who.Scope, Cle: cle, At: now})
	var dup *journal.DuplicateError
	switch {
	case errors.As(err, &dup):
		msg := "Une proposition pour cette formation, ce dispositif et cette rentrée existe déjà dans la campagne : " + dup.Numero + "."
		if in.json {
			reply(w, http.StatusConflict, map[string]string{"erreur": msg, "numero": dup.Numero})
			return
		}
		s.page(w, http.StatusConflict, pageData{Titre: "Proposition déjà déposée", Message: msg, Numero: dup.Numero, Retour: true})
		return
	case errors.Is(err, journal.ErrKeyReused):
		s.invalid(w, r, proposition.FieldErrors{"cle": "Cette clé d'idempotence a déjà servi pour une autre proposition (" + n + ")."})
		return
	case err != nil:
		s.log.Error("journal: write failed", "err", err)
		s.fail(w, r, http.StatusServiceUnavailable, "Service indisponible", "La proposition n'a pas pu être enregistrée. Réessayez plus tard.")
		return
	}
	if !replayed {
		s.log.Info("proposition received", "numero", n, "by", who.Scope, "type", string(p.TypeDemande), "uai", p.UAI, "cfd", p.CFD)
	}
	s.accepted(w, r, n, replayed)
}

// accepted answers a stored proposal: 201 {"numero"} in JSON, else 303 to
// the static "proposition reçue" page.
func (s *server) accepted(w http.ResponseWriter, r *http.Request, numero string, replayed bool) {
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	if isJSON(r) {
		reply(w, http.StatusCreated, map[string]string{"numero": numero})
		return
	}
	http.Redirect(w, r, s.cfg.RedirectBase+"/propositions/recue/?numero="+url.QueryEscape(numero), http.StatusSeeOther)
}

// invalid answers 422 with a message per field.
func (s *server) invalid(w http.ResponseWriter, r *http.Request, errs proposition.FieldErrors) {
	if isJSON(r) {
		reply(w, http.StatusUnprocessableEntity, map[string]any{"erreurs": map[string]string(errs)})
		return
	}
	s.page(w, http.StatusUnprocessableEntity, pageData{
		Titre:   "La proposition n'a pas été enregistrée",
		Message: "Certains champs ne respectent pas les règles de la campagne.",
		Erreurs: errs.Sorted(),
		Retour:  true,
	})
}
