package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/orion-static/orion/generator/journal"
	"github.com/orion-static/orion/generator/proposition"
	"github.com/orion-static/orion/generator/typo"
)

// server holds what the handlers share. The reference and the codes are
// swapped whole on SIGHUP; the journal serialises its own writes.
type server struct {
	cfg     config
	log     *slog.Logger
	journal *journal.Journal
	ref     atomic.Pointer[proposition.Reference]
	codes   atomic.Pointer[codes]
	limit   *limiter
	now     func() time.Time
	origins map[string]bool
}

func newServer(cfg config, log *slog.Logger, j *journal.Journal, ref *proposition.Reference, c *codes) *server {
	s := &server{cfg: cfg, log: log, journal: j, limit: newLimiter(cfg.Rate, cfg.Burst), now: time.Now, origins: map[string]bool{}}
	s.ref.Store(ref)
	s.codes.Store(c)
	for _, o := range cfg.AllowedOrigins {
		s.origins[o] = true
	}
	return s
}

func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("POST /api/propositions", s.browserPost(s.submit))
	mux.HandleFunc("OPTIONS /api/propositions", s.preflight)
	mux.HandleFunc("POST /api/propositions/{numero}/statut", s.browserPost(s.statut))
	mux.HandleFunc("OPTIONS /api/propositions/{numero}/statut", s.preflight)
	return s.logged(secured(s.french(mux)))
}

// french answers, in French, the requests the mux has no route for, in
// place of its plain-text "404 page not found" and "Method Not Allowed".
func (s *server) french(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		p := r.URL.Path
		if p == "/healthz" || p == "/api/propositions" || (strings.HasPrefix(p, "/api/propositions/") && strings.HasSuffix(p, "/statut") && strings.Count(p, "/") == 4) {
			allow := "POST, OPTIONS"
			if p == "/healthz" {
				allow = "GET, HEAD"
			}
			w.Header().Set("Allow", allow)
			s.fail(w, r, http.StatusMethodNotAllowed, "Méthode non permise", "Cette adresse ne répond qu'aux méthodes "+allow+".")
			return
		}
		s.fail(w, r, http.StatusNotFound, "Adresse inconnue", "Le service des propositions ne répond pas à cette adresse.")
	})
}

// secured sets the headers every answer carries: the handler's pages load
// nothing, may not be framed and are not cached.
func secured(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// logged writes one line per request: never a body, a code or a comment.
func (s *server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if r.URL.Path == "/healthz" && rec.status == http.StatusOK {
			return
		}
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "duration_ms", time.Since(start).Milliseconds())
	})
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.journal.Err(); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("journal indisponible\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

// browserPost refuses posts from a browser page of another origin: an
// Origin header outside --allowed-origin, or a cross-site fetch without
// one. Clients that are not browsers send neither and pass.
func (s *server) browserPost(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		switch {
		case origin != "" && !s.origins[origin]:
			s.log.Warn("origin refused", "origin", origin, "path", r.URL.Path)
			s.fail(w, r, http.StatusForbidden, "Origine non autorisée", "Ce formulaire ne peut être envoyé que depuis le site Orion.")
			return
		case origin == "" && r.Header.Get("Sec-Fetch-Site") == "cross-site":
			s.fail(w, r, http.StatusForbidden, "Origine non autorisée", "Ce formulaire ne peut être envoyé que depuis le site Orion.")
			return
		}
		if origin != "" {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Add("Vary", "Origin")
		}
		next(w, r)
	}
}

// preflight answers the CORS preflight of a JSON post from an allowed
// origin (the static site on another host).
func (s *server) preflight(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if !s.origins[origin] {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Methods", "POST")
	h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization, Idempotency-Key")
	h.Set("Access-Control-Max-Age", "600")
	h.Add("Vary", "Origin")
	w.WriteHeader(http.StatusNoContent)
}

// clientIP is the address rate limits count by: the connection's, or the
// one the reverse proxy puts in --client-ip-header.
func (s *server) clientIP(r *http.Request) string {
	if h := s.cfg.ClientIPHeader; h != "" {
		v := strings.TrimSpace(r.Header.Get(h))
		if i := strings.LastIndexByte(v, ','); i >= 0 { // X-Forwarded-For: the proxy appends last
			v = strings.TrimSpace(v[i+1:])
		}
		if a, err := netip.ParseAddr(v); err == nil {
			return a.String()
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// allow applies the token bucket of key; false means 429 was sent.
func (s *server) allow(w http.ResponseWriter, r *http.Request, key string) bool {
	ok, wait := s.limit.allow(key, time.Now())
	if ok {
		return true
	}
	secs := int(wait/time.Second) + 1
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	kind, _, _ := strings.Cut(key, ":")
	s.log.Warn("too many requests", "by", kind, "ip", s.clientIP(r))
	s.fail(w, r, http.StatusTooManyRequests, "Trop de requêtes", "Trop de requêtes en peu de temps : réessayez dans "+strconv.Itoa(secs)+" secondes.")
	return false
}

// input is a request's fields, whatever its encoding.
type input struct {
	values url.Values
	json   bool
	bearer string
}

// isJSON tells from Content-Type how to answer (JSON or an HTML page).
func isJSON(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/json"
}

// read decodes a form post or a JSON object within --max-body. It sends
// 413, 415 or 400 itself and returns false then. Answers are French and
// say what to send; what Go reported is only logged.
func (s *server) read(w http.ResponseWriter, r *http.Request) (input, bool) {
	in := input{json: isJSON(r)}
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") {
		in.bearer = strings.TrimSpace(strings.TrimPrefix(auth, "Bearer "))
	}
	if r.ContentLength > s.cfg.MaxBody {
		s.tooLarge(w, r)
		return in, false
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" && mt != "application/x-www-form-urlencoded" {
		s.fail(w, r, http.StatusUnsupportedMediaType, "Format non pris en charge",
			"Envoyez le formulaire (application/x-www-form-urlencoded) ou un objet JSON (application/json).")
		return in, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		s.tooLarge(w, r)
		return in, false
	case err != nil:
		s.log.Warn("unreadable request", "path", r.URL.Path, "ip", s.clientIP(r), "err", err.Error())
		s.fail(w, r, http.StatusBadRequest, "Requête incomplète", "La requête n'a pas pu être lue en entier (connexion interrompue ou trop lente) : envoyez-la à nouveau.")
		return in, false
	}
	if mt == "application/json" {
		in.values, err = decodeJSON(body)
	} else {
		in.values, err = decodeForm(body)
	}
	var ie *inputError
	switch {
	case err == nil:
		return in, true
	case errors.As(err, &ie):
		attrs := []any{"path", r.URL.Path, "ip", s.clientIP(r), "reason", ie.msg}
		if ie.err != nil {
			attrs = append(attrs, "err", ie.err.Error())
		}
		s.log.Info("request refused", attrs...)
		s.fail(w, r, http.StatusBadRequest, "Requête illisible", ie.msg)
	default:
		s.log.Warn("unreadable request", "path", r.URL.Path, "ip", s.clientIP(r), "err", err.Error())
		s.fail(w, r, http.StatusBadRequest, "Requête illisible", "La requête n'a pas pu être lue : envoyez un objet JSON ou le formulaire du site.")
	}
	return in, false
}

func (s *server) tooLarge(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusRequestEntityTooLarge, "Envoi trop volumineux",
		"L'envoi dépasse "+strconv.FormatInt(s.cfg.MaxBody/1024, 10)+" Kio : raccourcissez le commentaire.")
}

// reply writes a JSON answer; the messages in it get the no-break spaces of
// French typography, as the site's pages do.
func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	io.WriteString(w, typo.Text(b.String()))
}

// fail answers an error: {"erreur": message} in JSON, a small page otherwise.
func (s *server) fail(w http.ResponseWriter, r *http.Request, status int, title, message string) {
	if isJSON(r) {
		reply(w, status, map[string]string{"erreur": message})
		return
	}
	s.page(w, status, pageData{Titre: title, Message: message, Retour: true})
}

// pageData fills the handler's only page: an accessible French page saying
// what happened, listing the errors by field label, with a way back.
type pageData struct {
	Titre      string
	Message    string
	Erreurs    []proposition.FieldError
	Numero     string
	Formulaire string
	Retour     bool
}

var pageTmpl = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{if .Erreurs}}Erreur : {{end}}{{.Titre}} — Orion</title>
</head>
<body>
<main>
<h1>{{.Titre}}</h1>
{{if .Message}}<p>{{.Message}}</p>{{end}}
{{- if .Erreurs}}
<p>{{len .Erreurs}} {{if eq (len .Erreurs) 1}}champ est à corriger{{else}}champs sont à corriger{{end}} :</p>
<ul>
{{- range .Erreurs}}
<li><strong>{{.Label}}</strong> : {{.Message}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Numero}}
<p>Numéro de la proposition : <strong>{{.Numero}}</strong></p>
{{- end}}
{{- if .Retour}}
<p>Revenez à la page précédente avec le bouton « Précédent » de votre navigateur pour corriger votre saisie sans la perdre, ou <a href="{{.Formulaire}}">ouvrez un nouveau formulaire de proposition</a>.</p>
{{- end}}
</main>
</body>
</html>
`))

func (s *server) page(w http.ResponseWriter, status int, d pageData) {
	d.Formulaire = s.cfg.RedirectBase + "/propositions/nouvelle/"
	var b bytes.Buffer
	if err := pageTmpl.Execute(&b, d); err != nil {
		s.log.Error("page", "err", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(typo.HTML(b.Bytes()))
}
