package main

import (
	"errors"
	"net/http"
	"strings"

	"github.com/orion-static/orion/generator/journal"
	"github.com/orion-static/orion/generator/proposition"
)

// statut is POST /api/propositions/{numero}/statut: a reviewer of the
// proposal's région moves it one step (statut, and for a refusal
// motifRefus and autreMotifRefus). The change is recorded with its time and
// the reviewer's scope.
func (s *server) statut(w http.ResponseWriter, r *http.Request) {
	if !s.allow(w, r, "ip:"+s.clientIP(r)) {
		return
	}
	in, ok := s.read(w, r)
	if !ok {
		return
	}
	code := in.bearer
	if code == "" {
		code = in.values.Get("code")
	}
	if code == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="orion-propositions"`)
		s.fail(w, r, http.StatusUnauthorized, "Code d'accès manquant", "Saisissez le code d'accès de relecture de la région.")
		return
	}
	// Authenticate before looking the numéro up: a wrong code must not
	// tell which numéros exist.
	numero := r.PathValue("numero")
	cs := s.codes.Load()
	if !cs.isReviewer(code) {
		s.log.Warn("review code refused", "numero", truncate(numero, 20), "ip", s.clientIP(r))
		s.fail(w, r, http.StatusForbidden, "Code d'accès refusé", "Ce code n'est pas un code de relecture : vérifiez le code remis à la région.")
		return
	}
	p, found := s.journal.Get(numero)
	if !found {
		s.fail(w, r, http.StatusNotFound, "Proposition inconnue", "Aucune proposition ne porte le numéro « "+truncate(numero, 20)+" ».")
		return
	}
	who, ok := cs.reviewer(code, p.CodeRegion)
	if !ok {
		s.log.Warn("review code of another région", "numero", numero, "ip", s.clientIP(r))
		s.fail(w, r, http.StatusForbidden, "Code d'accès refusé", "Ce code ne permet pas de relire les propositions de cette région.")
		return
	}
	if !s.allow(w, r, "code:"+who.Scope+":"+who.Role) {
		return
	}
	vers := proposition.Statut(strings.TrimSpace(in.values.Get("statut")))
	known := false
	for _, st := range proposition.Statuts {
		known = known || st == vers
	}
	if !known {
		s.invalid(w, r, proposition.FieldErrors{"statut": "Choisissez le nouveau statut : " + nextList(p.Statut) + "."})
		return
	}
	var motifs []string
	for _, m := range in.values["motifRefus"] {
		if m = strings.TrimSpace(m); m != "" {
			motifs = append(motifs, m)
		}
	}
	before := p.Statut
	p, err := s.journal.ChangeStatut(journal.Change{
		Numero: numero, Vers: vers, MotifsRefus: motifs,
		AutreMotifRefus: strings.TrimSpace(in.values.Get("autreMotifRefus")),
		Par:             who.Scope, At: s.now(),
	})
	var te *proposition.TransitionError
	var fe proposition.FieldErrors
	switch {
	case errors.As(err, &te):
		s.fail(w, r, http.StatusConflict, "Changement de statut impossible",
			"La proposition "+numero+" est au statut « "+te.De.Libelle()+" » : elle ne peut passer qu'à "+nextList(te.De)+".")
		return
	case errors.As(err, &fe):
		s.invalid(w, r, fe)
		return
	case err != nil:
		s.log.Error("journal: write failed", "err", err)
		s.fail(w, r, http.StatusServiceUnavailable, "Service indisponible", "Le changement n'a pas pu être enregistré. Réessayez plus tard.")
		return
	}
	s.log.Info("statut changed", "numero", numero, "from", string(before), "to", string(p.Statut), "by", who.Scope)
	if in.json {
		reply(w, http.StatusOK, map[string]string{"numero": numero, "statut": string(p.Statut)})
		return
	}
	s.page(w, http.StatusOK, pageData{Titre: "Statut enregistré", Message: "La proposition est maintenant au statut « " + p.Statut.Libelle() + " ».", Numero: numero})
}

// nextList names the statuts reachable from st, in French.
func nextList(st proposition.Statut) string {
	var names []string
	for _, n := range st.Next() {
		names = append(names, "« "+string(n)+" »")
	}
	if len(names) == 0 {
		return "aucun autre statut (décision finale)"
	}
	return strings.Join(names, " ou ")
}
