package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/orion-static/orion/generator/proposition"
)

// Every rule of the form, through HTTP, in both encodings: JSON answers
// 201 or 422 with exactly the expected fields; the no-JS form answers 303
// to the static page or 422 with an HTML page naming each field.
func TestRulesThroughHTTP(t *testing.T) {
	r := readRegles(t)
	for _, c := range r.Cases {
		want := c.Want
		if c.WantHTTP != nil {
			want = c.WantHTTP
		}
		m := r.body(c)
		uai, _ := m["uai"].(string)
		code := codeOf("region:84", roleRegion)
		if c.Role != "region" {
			code = codeOf("uai:"+strings.ToUpper(uai), roleEtablissement)
		}
		setup := func(cfg *config, ref *proposition.Reference) {
			if c.Campagne != "" {
				ref.Campagne.Statut = c.Campagne
			}
		}
		now := r.Now
		if !c.Now.IsZero() {
			now = c.Now
		}
		t.Run("json/"+c.Name, func(t *testing.T) {
			e := newEnv(t, setup)
			e.srv.now = func() time.Time { return now }
			res := e.postJSON("/api/propositions", code, m)
			if len(want) == 0 {
				if res.status != http.StatusCreated || !strings.HasPrefix(res.json(t)["numero"].(string), "P-2025-") {
					t.Fatalf("status %d, want 201 with a numéro\n%s", res.status, res.body)
				}
				if got := len(e.journal.Propositions()); got != 1 {
					t.Errorf("%d proposals stored", got)
				}
				return
			}
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%s", res.status, res.body)
			}
			errs, _ := res.json(t)["erreurs"].(map[string]any)
			if got := strings.Join(keys(errs), ","); got != strings.Join(sorted(want), ",") {
				t.Errorf("error fields %s, want %v\n%s", got, want, res.body)
			}
			if n := len(e.journal.Propositions()); n != 0 {
				t.Errorf("a rejected proposal was stored (%d)", n)
			}
		})
		t.Run("form/"+c.Name, func(t *testing.T) {
			e := newEnv(t, setup)
			e.srv.now = func() time.Time { return now }
			res := e.postForm("/api/propositions", formOf(m, code))
			if len(want) == 0 {
				loc := res.header.Get("Location")
				if res.status != http.StatusSeeOther || !strings.HasPrefix(loc, siteBase+"/propositions/recue/?numero=P-2025-") {
					t.Fatalf("status %d Location %q, want 303 to the static page\n%s", res.status, loc, res.body)
				}
				return
			}
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%s", res.status, res.body)
			}
			for _, f := range want {
				if !strings.Contains(res.body, "<strong>"+htmlEscape(proposition.FieldLabel(f))+"</strong>") {
					t.Errorf("the page does not name the field %q (%s)", f, proposition.FieldLabel(f))
				}
			}
			n := strconv.Itoa(len(want)) + " champ"
			if !strings.Contains(res.body, n) {
				t.Errorf("the page does not count %s:\n%s", n, res.body)
			}
			checkPage(t, res)
		})
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// checkPage asserts what every HTML answer must have: French, a title, a
// heading, a way back to the form and the security headers.
func checkPage(t *testing.T, res response) {
	t.Helper()
	for _, s := range []string{`<html lang="fr">`, "<title>", "<h1>", `href="` + siteBase + `/propositions/nouvelle/"`} {
		if !strings.Contains(res.body, s) {
			t.Errorf("page without %s:\n%s", s, res.body)
		}
	}
	checkHeaders(t, res)
}

func checkHeaders(t *testing.T, res response) {
	t.Helper()
	h := res.header
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
		t.Errorf("headers %v", h)
	}
}

func TestAccessCodes(t *testing.T) {
	e := newEnv(t)
	body := validBody(t)
	for _, c := range []struct {
		name   string
		code   string
		status int
	}{
		{"no code", "", http.StatusUnauthorized},
		{"wrong code", "bugey-7Hq2-secreT", http.StatusForbidden},
		{"code of another school", codeOf("uai:0690002X", roleEtablissement), http.StatusForbidden},
		{"code of another région", codeOf("region:11", roleRegion), http.StatusForbidden},
		{"reviewer code cannot submit", codeOf("region:84", roleReviewer), http.StatusForbidden},
		{"the school's code", codeOf("uai:0010001W", roleEtablissement), http.StatusCreated},
	} {
		res := e.postJSON("/api/propositions", c.code, body)
		if res.status != c.status {
			t.Errorf("%s: status %d, want %d\n%s", c.name, res.status, c.status, res.body)
		}
		if c.status == http.StatusUnauthorized && res.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", c.name)
		}
	}
	// The région's code covers every school of the région.
	other := validBody(t)
	other["uai"] = "0690002X"
	if res := e.postJSON("/api/propositions", codeOf("region:84", roleRegion), other); res.status != http.StatusCreated {
		t.Errorf("région code: %d\n%s", res.status, res.body)
	}
	// In a form, the code is a field.
	f := formOf(validBody(t), "")
	f.Set("rentreeScolaire", "2025")
	if res := e.postForm("/api/propositions", f); res.status != http.StatusUnauthorized {
		t.Errorf("form without code: %d", res.status)
	}
	f.Set("code", codeOf("uai:0010001W", roleEtablissement))
	if res := e.postForm("/api/propositions", f); res.status != http.StatusSeeOther {
		t.Errorf("form with code: %d\n%s", res.status, res.body)
	}
	f.Set("code", "nimporte")
	f.Set("rentreeScolaire", "2026")
	res := e.postForm("/api/propositions", f)
	if res.status != http.StatusForbidden {
		t.Errorf("form with a wrong code: %d", res.status)
	}
	checkPage(t, res)
	if n := len(e.journal.Propositions()); n != 3 {
		t.Errorf("%d proposals stored, want 3", n)
	}
}

func TestOriginCheck(t *testing.T) {
	e := newEnv(t)
	f := formOf(validBody(t), codeOf("uai:0010001W", roleEtablissement))
	if res := e.postForm("/api/propositions", f, "Origin", "https://evil.example"); res.status != http.StatusForbidden {
		t.Errorf("cross-origin form post: %d", res.status)
	} else {
		checkPage(t, res)
	}
	if res := e.postForm("/api/propositions", f, "Origin", "null"); res.status != http.StatusForbidden {
		t.Errorf("opaque origin: %d", res.status)
	}
	if res := e.postForm("/api/propositions", f, "Origin", "", "Sec-Fetch-Site", "cross-site"); res.status != http.StatusForbidden {
		t.Errorf("cross-site fetch without Origin: %d", res.status)
	}
	if n := len(e.journal.Propositions()); n != 0 {
		t.Fatalf("a cross-origin post was stored")
	}
	res := e.postForm("/api/propositions", f)
	if res.status != http.StatusSeeOther || res.header.Get("Access-Control-Allow-Origin") != siteOrigin {
		t.Errorf("same-site post: %d, ACAO %q", res.status, res.header.Get("Access-Control-Allow-Origin"))
	}
	// A JSON client that is not a browser sends no Origin.
	b := validBody(t)
	b["rentreeScolaire"] = 2025
	if res := e.postJSON("/api/propositions", codeOf("uai:0010001W", roleEtablissement), b); res.status != http.StatusCreated {
		t.Errorf("API client: %d", res.status)
	}
	// CORS preflight for the static site's fetch().
	pre := func(origin string) response {
		req, _ := http.NewRequest("OPTIONS", e.http.URL+"/api/propositions", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		return e.do(req)
	}
	if res := pre(siteOrigin); res.status != http.StatusNoContent || !strings.Contains(res.header.Get("Access-Control-Allow-Headers"), "Idempotency-Key") {
		t.Errorf("preflight: %d %v", res.status, res.header)
	}
	if res := pre("https://evil.example"); res.status != http.StatusForbidden || res.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("foreign preflight: %d", res.status)
	}
}

func TestBodyLimits(t *testing.T) {
	e := newEnv(t, func(c *config, _ *proposition.Reference) { c.MaxBody = 4 << 10 })
	code := codeOf("uai:0010001W", roleEtablissement)
	if res := e.postJSON("/api/propositions", code, validBody(t)); res.status != http.StatusCreated {
		t.Fatalf("first proposal: %d %s", res.status, res.body)
	}
	big := validBody(t)
	big["rentreeScolaire"] = 2025
	big["commentaire"] = strings.Repeat("x", 5<<10)
	if res := e.postJSON("/api/propositions", code, big); res.status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized JSON: %d", res.status)
	}
	// Without Content-Length (chunked), the limit holds while reading.
	f := formOf(big, code)
	req, _ := http.NewRequest("POST", e.http.URL+"/api/propositions", struct{ *strings.Reader }{strings.NewReader(f.Encode())})
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.ContentLength = -1
	if res := e.do(req); res.status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized chunked form: %d", res.status)
	} else {
		checkPage(t, res)
	}
	req, _ = http.NewRequest("POST", e.http.URL+"/api/propositions", strings.NewReader("<xml/>"))
	req.Header.Set("Content-Type", "text/xml")
	if res := e.do(req); res.status != http.StatusUnsupportedMediaType {
		t.Errorf("XML: %d", res.status)
	}
	if res := e.postJSON("/api/propositions", code, []int{1}); res.status != http.StatusBadRequest {
		t.Errorf("JSON array: %d", res.status)
	}
	nested := validBody(t)
	nested["uai"] = map[string]string{"a": "b"}
	if res := e.postJSON("/api/propositions", code, nested); res.status != http.StatusBadRequest {
		t.Errorf("nested JSON: %d", res.status)
	}
	if n := len(e.journal.Propositions()); n != 1 {
		t.Errorf("%d proposals stored, want the first one only", n)
	}
}

func TestDuplicateAndIdempotency(t *testing.T) {
	e := newEnv(t)
	code := codeOf("uai:0010001W", roleEtablissement)
	first := e.postJSON("/api/propositions", code, validBody(t), "Idempotency-Key", "essai-1")
	if first.status != http.StatusCreated {
		t.Fatalf("first: %d %s", first.status, first.body)
	}
	n := first.json(t)["numero"].(string)

	retry := e.postJSON("/api/propositions", code, validBody(t), "Idempotency-Key", "essai-1")
	if retry.status != http.StatusCreated || retry.json(t)["numero"] != n || retry.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retry: %d %s %v", retry.status, retry.body, retry.header)
	}
	// Same school, formation, dispositif and rentrée without the key: 409.
	dup := e.postJSON("/api/propositions", code, validBody(t))
	if dup.status != http.StatusConflict || dup.json(t)["numero"] != n {
		t.Errorf("duplicate: %d %s", dup.status, dup.body)
	}
	// Even through the région's code.
	if res := e.postJSON("/api/propositions", codeOf("region:84", roleRegion), validBody(t)); res.status != http.StatusConflict {
		t.Errorf("duplicate by the région: %d", res.status)
	}
	res := e.postForm("/api/propositions", formOf(validBody(t), code))
	if res.status != http.StatusConflict || !strings.Contains(res.body, n) {
		t.Errorf("duplicate form: %d\n%s", res.status, res.body)
	}
	checkPage(t, res)
	// The key reused for another proposal is refused.
	other := validBody(t)
	other["rentreeScolaire"] = 2025
	if res := e.postJSON("/api/propositions", code, other, "Idempotency-Key", "essai-1"); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `"cle"`) {
		t.Errorf("key reuse: %d %s", res.status, res.body)
	}
	// The form's hidden field works like the header.
	f := formOf(other, code)
	f.Set("cle", "formulaire-42")
	a, b := e.postForm("/api/propositions", f), e.postForm("/api/propositions", f)
	if a.status != http.StatusSeeOther || a.header.Get("Location") != b.header.Get("Location") || b.status != http.StatusSeeOther {
		t.Errorf("form retry: %d %q / %d %q", a.status, a.header.Get("Location"), b.status, b.header.Get("Location"))
	}
	if got := len(e.journal.Propositions()); got != 2 {
		t.Errorf("%d proposals stored, want 2", got)
	}
}

func TestStatutWorkflow(t *testing.T) {
	e := newEnv(t)
	res := e.postJSON("/api/propositions", codeOf("uai:0010001W", roleEtablissement), validBody(t))
	n := res.json(t)["numero"].(string)
	path := "/api/propositions/" + n + "/statut"
	reviewer := codeOf("region:84", roleReviewer)
	step := func(code string, v map[string]any) response { return e.postJSON(path, code, v) }

	for _, c := range []struct {
		name   string
		code   string
		body   map[string]any
		status int
	}{
		{"no code", "", map[string]any{"statut": "dossier complet"}, http.StatusUnauthorized},
		{"reviewer of another région", codeOf("region:11", roleReviewer), map[string]any{"statut": "dossier complet"}, http.StatusForbidden},
		{"the school cannot review", codeOf("uai:0010001W", roleEtablissement), map[string]any{"statut": "dossier complet"}, http.StatusForbidden},
		{"the région's submission code cannot review", codeOf("region:84", roleRegion), map[string]any{"statut": "dossier complet"}, http.StatusForbidden},
		{"unknown statut", reviewer, map[string]any{"statut": "acceptée"}, http.StatusUnprocessableEntity},
		{"skipping a step", reviewer, map[string]any{"statut": "projet de demande"}, http.StatusConflict},
		{"one step", reviewer, map[string]any{"statut": "dossier incomplet"}, http.StatusOK},
		{"back", reviewer, map[string]any{"statut": "proposition"}, http.StatusConflict},
		{"next step", reviewer, map[string]any{"statut": "projet de demande"}, http.StatusOK},
		{"refusal without motif", reviewer, map[string]any{"statut": "refusée"}, http.StatusUnprocessableEntity},
		{"refusal with autre but no text", reviewer, map[string]any{"statut": "refusée", "motifRefus": []string{"autre"}}, http.StatusUnprocessableEntity},
		{"refusal", reviewer, map[string]any{"statut": "refusée", "motifRefus": []string{"probleme_bati", "autre"}, "autreMotifRefus": "Atelier trop petit"}, http.StatusOK},
		{"after the decision", reviewer, map[string]any{"statut": "demande validée"}, http.StatusConflict},
	} {
		if res := step(c.code, c.body); res.status != c.status {
			t.Errorf("%s: %d, want %d\n%s", c.name, res.status, c.status, res.body)
		}
	}
	if res := e.postJSON("/api/propositions/P-2025-999999/statut", reviewer, map[string]any{"statut": "dossier complet"}); res.status != http.StatusNotFound {
		t.Errorf("unknown numéro: %d", res.status)
	}
	p, _ := e.journal.Get(n)
	if p.Statut != proposition.Refusee || len(p.MotifsRefus) != 2 || p.AutreMotifRefus != "Atelier trop petit" {
		t.Errorf("final state %+v", p)
	}
	// Refused, the same formation can be proposed again.
	if res := e.postJSON("/api/propositions", codeOf("uai:0010001W", roleEtablissement), validBody(t)); res.status != http.StatusCreated {
		t.Errorf("new proposal after a refusal: %d", res.status)
	}
	// A validation through the no-JS form.
	n2 := e.journal.Propositions()[1].Numero
	for _, st := range []string{"dossier complet", "projet de demande", "demande validée"} {
		res := e.postForm("/api/propositions/"+n2+"/statut", formOf(map[string]any{"statut": st}, reviewer))
		if res.status != http.StatusOK || !strings.Contains(res.body, "Statut enregistré") {
			t.Errorf("form step %s: %d\n%s", st, res.status, res.body)
		}
	}
	// Each change is in the journal with who (a scope) and when, never the code.
	b, _ := os.ReadFile(e.cfg.Journal)
	if got := bytes.Count(b, []byte(`"kind":"statut"`)); got != 6 {
		t.Errorf("%d status records, want 6", got)
	}
	if !bytes.Contains(b, []byte(`"par":"region:84","de":"projet de demande","vers":"refusée"`)) || bytes.Contains(b, []byte(reviewer)) {
		t.Errorf("status records:\n%s", b)
	}
}

func TestHealthzAndHeaders(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest("GET", e.http.URL+"/healthz", nil)
	res := e.do(req)
	if res.status != http.StatusOK || res.body != "ok\n" {
		t.Errorf("healthz: %d %q", res.status, res.body)
	}
	checkHeaders(t, res)
	if res.header.Get("X-Frame-Options") != "DENY" {
		t.Error("no X-Frame-Options")
	}
	req, _ = http.NewRequest("GET", e.http.URL+"/api/propositions", nil)
	if res := e.do(req); res.status != http.StatusMethodNotAllowed {
		t.Errorf("GET on the API: %d", res.status)
	}
	e.journal.Close()
	req, _ = http.NewRequest("GET", e.http.URL+"/healthz", nil)
	if res := e.do(req); res.status != http.StatusServiceUnavailable {
		t.Errorf("healthz with the journal closed: %d", res.status)
	}
}

func TestRateLimits(t *testing.T) {
	e := newEnv(t, func(c *config, _ *proposition.Reference) {
		c.Rate, c.Burst, c.ClientIPHeader = 1, 3, "X-Real-IP"
	})
	code := codeOf("uai:0010001W", roleEtablissement)
	// Per client: the 4th request of one IP within a second waits.
	var last response
	for i := 0; i < 4; i++ {
		last = e.postJSON("/api/propositions", "mauvais-code", validBody(t), "X-Real-IP", "192.0.2.1")
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" {
		t.Errorf("per-IP limit: %d %v", last.status, last.header)
	}
	if res := e.postJSON("/api/propositions", code, validBody(t), "X-Real-IP", "192.0.2.2"); res.status != http.StatusCreated {
		t.Errorf("another client is not limited: %d", res.status)
	}
	// Per code: from many IPs, the same code is limited too.
	statuses := []int{}
	for i := 0; i < 4; i++ {
		res := e.postJSON("/api/propositions", code, validBody(t), "X-Real-IP", "198.51.100."+strconv.Itoa(i+1))
		statuses = append(statuses, res.status)
	}
	if statuses[3] != http.StatusTooManyRequests {
		t.Errorf("per-code limit: %v", statuses)
	}
}

func TestReloadKeepsTheOldReferenceWhenTheNewOneIsInvalid(t *testing.T) {
	e := newEnv(t)
	code := codeOf("uai:0010001W", roleEtablissement)
	good, _ := os.ReadFile(e.cfg.Reference)

	os.WriteFile(e.cfg.Reference, []byte(`{"campagne": {"annee": 2025, "statut": "ouverte"}}`), 0o600)
	os.WriteFile(e.cfg.Codes, []byte("pas du JSON\n"), 0o600)
	e.srv.reload(e.cfg)
	if !strings.Contains(e.logs.String(), "reference reload refused") || !strings.Contains(e.logs.String(), "codes reload refused") {
		t.Errorf("the refusal is not logged:\n%s", e.logs.String())
	}
	if res := e.postJSON("/api/propositions", code, validBody(t)); res.status != http.StatusCreated {
		t.Fatalf("after a bad reload: %d %s", res.status, res.body)
	}
	// A valid new reference (the campaign closed) is taken.
	os.WriteFile(e.cfg.Reference, bytes.Replace(good, []byte(`"statut": "en cours"`), []byte(`"statut": "terminée"`), 1), 0o600)
	writeCodes(t, e.cfg.Codes)
	e.srv.reload(e.cfg)
	b := validBody(t)
	b["rentreeScolaire"] = 2025
	res := e.postJSON("/api/propositions", code, b)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `"campagne"`) {
		t.Errorf("after the campaign closed: %d %s", res.status, res.body)
	}
}

func TestConfig(t *testing.T) {
	env := map[string]string{
		"ORION_PROP_JOURNAL":        "/var/lib/orion/propositions.jsonl",
		"ORION_PROP_REFERENCE":      "/srv/orion/reference.json",
		"ORION_PROP_CODES":          "/etc/orion/codes.jsonl",
		"ORION_PROP_ALLOWED_ORIGIN": "https://a.example, https://b.example",
		"ORION_PROP_MAX_BODY":       "32768",
		"ORION_PROP_ADDR":           "127.0.0.1:9000",
	}
	getenv := func(k string) string { return env[k] }
	var stderr bytes.Buffer
	cfg, err := parseConfig([]string{"--addr", "127.0.0.1:9001", "--rate", "5", "--redirect-base", "https://orion.example.fr/"}, getenv, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if cfg.Addr != "127.0.0.1:9001" || cfg.Journal != env["ORION_PROP_JOURNAL"] || cfg.MaxBody != 32768 || cfg.Rate != 5 ||
		strings.Join(cfg.AllowedOrigins, " ") != "https://a.example https://b.example" || cfg.RedirectBase != "https://orion.example.fr" {
		t.Errorf("config %+v", cfg)
	}
	// A flag replaces the environment's list of origins.
	cfg, _ = parseConfig([]string{"--allowed-origin", "https://c.example", "--allowed-origin", "https://d.example"}, getenv, &stderr)
	if strings.Join(cfg.AllowedOrigins, " ") != "https://c.example https://d.example" {
		t.Errorf("origins %v", cfg.AllowedOrigins)
	}
	for _, bad := range [][]string{
		{"--journal", "j"},
		{"--journal", "j", "--reference", "r", "--codes", "c", "--allowed-origin", "https://a.example/path"},
		{"--journal", "j", "--reference", "r", "--codes", "c", "--max-body", "10"},
		{"--journal", "j", "--reference", "r", "--codes", "c", "--redirect-base", "orion.example.fr"},
		{"--journal", "j", "--reference", "r", "--codes", "c", "extra"},
	} {
		stderr.Reset()
		if _, err := parseConfig(bad, func(string) string { return "" }, &stderr); err != errUsage {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

func TestCodesFile(t *testing.T) {
	dir := t.TempDir()
	for name, line := range map[string]string{
		"role and scope":  `{"scope":"region:84","role":"etablissement","hash":"` + strings.Repeat("a", 64) + `","salt":"s"}`,
		"short hash":      `{"scope":"uai:0010001W","role":"etablissement","hash":"abc","salt":"s"}`,
		"no salt":         `{"scope":"uai:0010001W","role":"etablissement","hash":"` + strings.Repeat("a", 64) + `"}`,
		"clear-text code": `{"scope":"uai:0010001W","role":"etablissement","code":"1234","hash":"` + strings.Repeat("a", 64) + `","salt":"s"}`,
	} {
		path := dir + "/codes"
		os.WriteFile(path, []byte(line+"\n"), 0o600)
		_, err := readCodes(path)
		// The code must not leak into the message; the random temporary
		// path may hold "1234" itself, so only the text after it counts.
		if err == nil || !strings.HasPrefix(err.Error(), path+":1:") || strings.Contains(strings.TrimPrefix(err.Error(), path), "1234") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// postRaw posts body as it is, with the content type and code given.
func (e *testEnv) postRaw(path, contentType, code, body string) response {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.http.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if contentType == "application/x-www-form-urlencoded" {
		req.Header.Set("Origin", siteOrigin)
	}
	if code != "" {
		req.Header.Set("Authorization", "Bearer "+code)
	}
	return e.do(req)
}

// jsonWith is the valid base proposal as JSON text with one field's raw
// JSON value replaced (or added).
func jsonWith(t *testing.T, field, raw string) string {
	t.Helper()
	m := validBody(t)
	delete(m, field)
	b, _ := json.Marshal(m)
	return `{"` + field + `":` + raw + `,` + string(b[1:])
}

// goInternals are bits of Go's own error texts that must never reach an
// answer (issue 14, point 6).
var goInternals = []string{"unexpected EOF", "Go value", "json:", "invalid character", "cannot unmarshal", "i/o timeout", "read tcp", "http:", "404 page not found", "Method Not Allowed", "strconv", "parsing"}

func noGoInternals(t testing.TB, what string, res response) {
	t.Helper()
	for _, s := range goInternals {
		if strings.Contains(res.body, s) {
			t.Errorf("%s: the answer shows Go's %q:\n%s", what, s, res.body)
		}
	}
}

// Issue 14, point 1: capacities are bounded (0–999 places), whatever their
// size in the request, in JSON and in the form.
func TestCapacityBounds(t *testing.T) {
	e := newEnv(t)
	code := codeOf("uai:0010001W", roleEtablissement)
	for _, c := range []struct {
		raw    string
		status int
	}{
		{"9223372036854775807", http.StatusUnprocessableEntity},
		{"9223372036854775808", http.StatusUnprocessableEntity},
		{"99999999999999999999999", http.StatusUnprocessableEntity},
		{"1000000", http.StatusUnprocessableEntity},
		{"1000", http.StatusUnprocessableEntity},
		{"-9223372036854775808", http.StatusUnprocessableEntity},
		{"1e3", http.StatusUnprocessableEntity},
	} {
		res := e.postRaw("/api/propositions", "application/json", code, jsonWith(t, "capaciteScolaire", c.raw))
		if res.status != c.status {
			t.Errorf("capaciteScolaire %s: %d, want %d\n%s", c.raw, res.status, c.status, res.body)
			continue
		}
		errs, _ := res.json(t)["erreurs"].(map[string]any)
		if msg, _ := errs["capaciteScolaire"].(string); msg == "" || len(errs) != 1 {
			t.Errorf("capaciteScolaire %s: errors %v, want one on capaciteScolaire", c.raw, errs)
		}
		f := formOf(validBody(t), code)
		f.Set("capaciteScolaire", c.raw)
		if res := e.postForm("/api/propositions", f); res.status != c.status || !strings.Contains(res.body, "<strong>Capacité scolaire future</strong>") {
			t.Errorf("form capaciteScolaire %s: %d\n%s", c.raw, res.status, res.body)
		}
	}
	if res := e.postRaw("/api/propositions", "application/json", code, jsonWith(t, "capaciteScolaire", "999")); res.status != http.StatusCreated {
		t.Errorf("999 places: %d %s", res.status, res.body)
	}
	if n := len(e.journal.Propositions()); n != 1 {
		t.Errorf("%d proposals stored, want the one of 999 places", n)
	}
}

// Issue 14, point 3: control characters are refused in every field (tab
// and newline only in the commentaire), JSON and form alike, and answers
// never echo them.
func TestControlCharacters(t *testing.T) {
	e := newEnv(t)
	code := codeOf("uai:0010001W", roleEtablissement)
	for _, c := range []struct {
		field, value string
	}{
		{"commentaire", "avant\u0000après"},
		{"commentaire", "\u001b[31mrouge\u0007"},
		{"commentaire", "fin\rde ligne"},
		{"autreMotif", "un\tdeux"},
		{"uai", "0010001\u001bW"},
		{"cfd", "4002521\u00004"},
		{"motif", "besoins_economiques_locaux\u0000"},
		{"commentaire", "abc\u202edef"},
	} {
		b := validBody(t)
		b[c.field] = c.value
		if c.field == "autreMotif" {
			b["motif"] = []string{"autre"}
		}
		code := code
		if c.field == "uai" { // the school's code does not cover an unknown UAI (403): the région's does
			code = codeOf("region:84", roleRegion)
		}
		res := e.postJSON("/api/propositions", code, b)
		errs, _ := res.json(t)["erreurs"].(map[string]any)
		if res.status != http.StatusUnprocessableEntity || errs[c.field] == nil {
			t.Errorf("JSON %s %q: %d %s", c.field, c.value, res.status, res.body)
		}
		res = e.postForm("/api/propositions", formOf(b, code))
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "<strong>"+htmlEscape(proposition.FieldLabel(c.field))+"</strong>") {
			t.Errorf("form %s %q: %d\n%s", c.field, c.value, res.status, res.body)
		}
		if strings.ContainsAny(res.body, "\x00\x1b\x07\r") {
			t.Errorf("form %s: the page echoes a control character", c.field)
		}
	}
	if n := len(e.journal.Propositions()); n != 0 {
		t.Fatalf("%d proposals with control characters stored", n)
	}
	// Tab and newline are fine in the commentaire; the form's CRLF is stored as LF.
	b := validBody(t)
	b["commentaire"] = "ligne 1\n\tligne 2"
	if res := e.postJSON("/api/propositions", code, b); res.status != http.StatusCreated {
		t.Fatalf("commentaire with tab and newline: %d %s", res.status, res.body)
	}
	b["rentreeScolaire"], b["commentaire"] = 2025, "ligne 1\r\nligne 2"
	if res := e.postForm("/api/propositions", formOf(b, code)); res.status != http.StatusSeeOther {
		t.Fatalf("form commentaire with CRLF: %d %s", res.status, res.body)
	}
	ps := e.journal.Propositions()
	if len(ps) != 2 || ps[0].Commentaire != "ligne 1\n\tligne 2" || ps[1].Commentaire != "ligne 1\nligne 2" {
		t.Errorf("stored commentaires %q", []string{ps[0].Commentaire, ps[len(ps)-1].Commentaire})
	}
}

// Issue 14, point 4: bytes that are not UTF-8 (and \u escapes of half a
// surrogate pair) are refused in JSON as in the form, never replaced by
// U+FFFD.
func TestInvalidUTF8(t *testing.T) {
	e := newEnv(t)
	code := codeOf("uai:0010001W", roleEtablissement)
	for name, body := range map[string]string{
		"raw 0xff":              jsonWith(t, "commentaire", "\"avant\xffaprès\""),
		"truncated sequence":    jsonWith(t, "commentaire", "\"caf\xc3\""),
		"in a key":              "{\"uai\xff\": \"x\", " + jsonWith(t, "cfd", `"40025214"`)[1:],
		"lone high surrogate":   jsonWith(t, "commentaire", `"avant\ud800après"`),
		"lone low surrogate":    jsonWith(t, "commentaire", `"\udc00"`),
		"high then not low":     jsonWith(t, "commentaire", `"\ud83d\u0041"`),
		"surrogate in a number": jsonWith(t, "uai", `"\ud800"`),
	} {
		res := e.postRaw("/api/propositions", "application/json", code, body)
		if res.status != http.StatusBadRequest || !strings.Contains(res.json(t)["erreur"].(string), "valide") {
			t.Errorf("%s: %d %s", name, res.status, res.body)
		}
		noGoInternals(t, name, res)
	}
	form := formOf(validBody(t), code).Encode() + "&commentaire=avant%FFapr%C3%A8s"
	form = strings.Replace(form, "commentaire=Nouvelle", "x=Nouvelle", 1)
	if res := e.postRaw("/api/propositions", "application/x-www-form-urlencoded", "", form); res.status != http.StatusBadRequest || !strings.Contains(res.body, "UTF-8") {
		t.Errorf("form with %%FF: %d\n%s", res.status, res.body)
	}
	if n := len(e.journal.Propositions()); n != 0 {
		t.Fatalf("%d proposals stored", n)
	}
	// A real pair of surrogates is a character like any other.
	res := e.postRaw("/api/propositions", "application/json", code, jsonWith(t, "commentaire", `"Bravo \ud83d\ude00"`))
	if res.status != http.StatusCreated {
		t.Fatalf("surrogate pair: %d %s", res.status, res.body)
	}
	if p := e.journal.Propositions()[0]; p.Commentaire != "Bravo 😀" {
		t.Errorf("stored %q", p.Commentaire)
	}
}

// Issue 14, point 5: one JSON value, nothing after it but white space.
func TestTrailingData(t *testing.T) {
	e := newEnv(t)
	code := codeOf("uai:0010001W", roleEtablissement)
	valid, _ := json.Marshal(validBody(t))
	for _, tail := range []string{"garbage}{", "}", " {}", "\n" + string(valid), "null", "[]", `"x"`} {
		res := e.postRaw("/api/propositions", "application/json", code, string(valid)+tail)
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, "Des données suivent l'objet JSON") {
			t.Errorf("tail %q: %d %s", tail, res.status, res.body)
		}
	}
	if n := len(e.journal.Propositions()); n != 0 {
		t.Fatalf("%d proposals stored", n)
	}
	if res := e.postRaw("/api/propositions", "application/json", code, " "+string(valid)+" \r\n\t"); res.status != http.StatusCreated {
		t.Errorf("white space around the object: %d %s", res.status, res.body)
	}
}

// Issue 14, point 6: answers are French and name nothing of Go; the detail
// goes to the log.
func TestAnswersWithoutGoInternals(t *testing.T) {
	e := newEnv(t)
	code := codeOf("uai:0010001W", roleEtablissement)
	for _, c := range []struct {
		name, ct, body, want string
		status               int
	}{
		{"truncated JSON", "application/json", `{"uai": "0010001W", "cfd": "400`, "incomplet", http.StatusBadRequest},
		{"empty JSON body", "application/json", ``, "incomplet", http.StatusBadRequest},
		{"JSON array", "application/json", `[{"uai": "0010001W"}]`, "Un objet JSON est attendu", http.StatusBadRequest},
		{"JSON syntax", "application/json", `{"uai" "0010001W"}`, "mal formé vers l'octet", http.StatusBadRequest},
		{"nested object", "application/json", jsonWith(t, "uai", `{"a": "b"}`), "valeur simple", http.StatusBadRequest},
		{"bad escape in the form", "application/x-www-form-urlencoded", "uai=%zz", "mal encodé", http.StatusBadRequest},
	} {
		res := e.postRaw("/api/propositions", c.ct, code, c.body)
		if res.status != c.status || !strings.Contains(res.body, c.want) {
			t.Errorf("%s: %d, want %d with %q\n%s", c.name, res.status, c.status, c.want, res.body)
		}
		noGoInternals(t, c.name, res)
	}
	for _, c := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/propositions", http.StatusMethodNotAllowed},
		{"DELETE", "/api/propositions/P-2025-000001/statut", http.StatusMethodNotAllowed},
		{"POST", "/healthz", http.StatusMethodNotAllowed},
		{"GET", "/nulle-part", http.StatusNotFound},
		{"GET", "/api/propositions/P-2025-000001", http.StatusNotFound},
	} {
		req, _ := http.NewRequest(c.method, e.http.URL+c.path, nil)
		res := e.do(req)
		if res.status != c.status || !strings.Contains(res.body, `<html lang="fr">`) {
			t.Errorf("%s %s: %d, want %d and a French page\n%s", c.method, c.path, res.status, c.status, res.body)
		}
		noGoInternals(t, c.method+" "+c.path, res)
	}
	if !strings.Contains(e.logs.String(), "unexpected EOF") {
		t.Errorf("the log does not keep what Go said:\n%s", e.logs.String())
	}
}

// A body that stops coming (i/o timeout on the server's read) gets a
// French answer; the timeout is logged.
func TestSlowBodyAnswer(t *testing.T) {
	e := newEnv(t)
	hs := httptest.NewUnstartedServer(e.srv.handler())
	hs.Config.ReadTimeout = 300 * time.Millisecond
	hs.Start()
	defer hs.Close()
	conn, err := net.Dial("tcp", hs.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/propositions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"uai\": ")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	r := response{res.StatusCode, res.Header, string(body)}
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "n'a pas pu être lue en entier") {
		t.Errorf("%d %s", r.status, r.body)
	}
	noGoInternals(t, "slow body", r)
	if !strings.Contains(e.logs.String(), "i/o timeout") {
		t.Errorf("the timeout is not logged:\n%s", e.logs.String())
	}
}

// Issue 14, point 7: a wrong code gets the same answer whether the numéro
// exists or not; only a reviewer learns that a numéro is unknown.
func TestStatutAuthenticatesFirst(t *testing.T) {
	e := newEnv(t)
	res := e.postJSON("/api/propositions", codeOf("uai:0010001W", roleEtablissement), validBody(t))
	known := res.json(t)["numero"].(string)
	for _, code := range []string{"mauvais-code", codeOf("uai:0010001W", roleEtablissement), codeOf("region:84", roleRegion)} {
		for _, enc := range []string{"json", "form"} {
			post := func(n string) response {
				if enc == "json" {
					return e.postJSON("/api/propositions/"+n+"/statut", code, map[string]any{"statut": "dossier complet"})
				}
				return e.postForm("/api/propositions/"+n+"/statut", formOf(map[string]any{"statut": "dossier complet"}, code))
			}
			a, b := post(known), post("P-2025-999999")
			if a.status != http.StatusForbidden || b.status != a.status || b.body != a.body {
				t.Errorf("%s code %q: known numéro %d %q, unknown %d %q: the answers differ", enc, code, a.status, a.body, b.status, b.body)
			}
		}
	}
	reviewer := codeOf("region:84", roleReviewer)
	if res := e.postJSON("/api/propositions/P-2025-999999/statut", reviewer, map[string]any{"statut": "dossier complet"}); res.status != http.StatusNotFound {
		t.Errorf("reviewer, unknown numéro: %d", res.status)
	}
	if res := e.postJSON("/api/propositions/"+known+"/statut", codeOf("region:11", roleReviewer), map[string]any{"statut": "dossier complet"}); res.status != http.StatusForbidden {
		t.Errorf("reviewer of another région: %d", res.status)
	}
	if p, _ := e.journal.Get(known); p.Statut != proposition.StatutProposition {
		t.Errorf("statut changed to %q", p.Statut)
	}
}

// Issue 14, point 8: a field given twice is refused (the first value used
// to win in a form, the last in JSON), and so is a list for a field that
// takes one value; the motif checkboxes may repeat.
func TestRepeatedFields(t *testing.T) {
	e := newEnv(t)
	code := codeOf("uai:0010001W", roleEtablissement)
	base := formOf(validBody(t), code)
	for _, field := range []string{"uai", "cfd", "code", "typeDemande", "capaciteScolaire", "commentaire", "rentreeScolaire"} {
		f := formOf(validBody(t), code)
		f.Add(field, f.Get(field))
		if field == "uai" {
			f["uai"] = []string{"0010001W", "0690002X"}
		}
		res := e.postForm("/api/propositions", f)
		// With the no-break spaces of French typography (package typo).
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, "«\u00a0"+field+"\u00a0» est donné 2 fois\u00a0:") {
			t.Errorf("form %s twice: %d\n%s", field, res.status, res.body)
		}
	}
	valid, _ := json.Marshal(validBody(t))
	for name, body := range map[string]string{
		"uai twice":        `{"uai": "0690002X", ` + string(valid[1:]),
		"the same twice":   `{"cfd": "40025214", ` + string(valid[1:]),
		"null then value":  `{"uai": null, ` + string(valid[1:]),
		"list for uai":     jsonWith(t, "uai", `["0010001W", "0690002X"]`),
		"empty list":       jsonWith(t, "typeDemande", `[]`),
		"list of one code": jsonWith(t, "code", `["`+code+`"]`),
	} {
		res := e.postRaw("/api/propositions", "application/json", code, body)
		if res.status != http.StatusBadRequest {
			t.Errorf("JSON %s: %d %s", name, res.status, res.body)
		}
		if name == "the same twice" && !strings.Contains(res.body, "«\u00a0cfd\u00a0»") {
			t.Errorf("JSON %s: the message lacks its no-break spaces: %s", name, res.body)
		}
	}
	if n := len(e.journal.Propositions()); n != 0 {
		t.Fatalf("%d proposals stored", n)
	}
	base["motif"] = []string{"besoins_economiques_locaux", "metiers_2030"}
	if res := e.postForm("/api/propositions", base); res.status != http.StatusSeeOther {
		t.Errorf("two motifs: %d\n%s", res.status, res.body)
	}
}

// FuzzDecode sends arbitrary bodies, as JSON and as a form, through the
// whole submission path: whatever the bytes, no panic, no answer naming Go,
// no status outside those the API documents, and nothing stored that the
// rules refuse. `go test` runs the seeds; `go test -fuzz FuzzDecode` explores.
func FuzzDecode(f *testing.F) {
	e := newEnv(f)
	code := codeOf("uai:0010001W", roleEtablissement)
	valid, _ := json.Marshal(validBody(f))
	form := formOf(validBody(f), code).Encode()
	for _, seed := range []struct {
		body string
		form bool
	}{
		{string(valid), false},
		{form, true},
		{strings.Replace(string(valid), `"capaciteScolaire":30`, `"capaciteScolaire":9223372036854775807`, 1), false},
		{strings.Replace(string(valid), `"capaciteScolaire":30`, `"capaciteScolaire":1000000`, 1), false},
		{strings.Replace(string(valid), `Nouvelle`, `avant\u0000après`, 1), false},
		{strings.Replace(string(valid), `Nouvelle`, `\u001b[31m\u0007`, 1), false},
		{strings.Replace(string(valid), `Nouvelle`, "avant\xffaprès", 1), false},
		{strings.Replace(string(valid), `Nouvelle`, `\ud800`, 1), false},
		{string(valid) + "garbage}{", false},
		{`{"uai":"0010001W","uai":"0690002X"}`, false},
		{`[1]`, false},
		{`{"uai": "00`, false},
		{form + "&uai=0690002X", true},
		{strings.Replace(form, "capaciteScolaire=30", "capaciteScolaire=9223372036854775807", 1), true},
		{strings.Replace(form, "Nouvelle", "avant%00apr%C3%A8s", 1), true},
		{strings.Replace(form, "Nouvelle", "%FF", 1), true},
		{"uai=%zz", true},
	} {
		f.Add([]byte(seed.body), seed.form)
	}
	ref := e.srv.ref.Load()
	h := e.srv.handler()
	allowed := map[int]bool{201: true, 303: true, 400: true, 401: true, 403: true, 409: true, 413: true, 422: true}
	f.Fuzz(func(t *testing.T, body []byte, isForm bool) {
		ct := "application/json"
		if isForm {
			ct = "application/x-www-form-urlencoded"
		}
		req := httptest.NewRequest("POST", "/api/propositions", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+code)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		res := response{rec.Code, rec.Header(), rec.Body.String()}
		if !allowed[res.status] {
			t.Fatalf("status %d\n%s", res.status, res.body)
		}
		noGoInternals(t, "fuzz", res)
		for _, p := range e.journal.Propositions() {
			if errs := proposition.Validate(p, ref, testNow); len(errs) > 0 {
				t.Fatalf("stored an invalid proposal %s: %v", p.Numero, errs)
			}
			for _, s := range []string{p.UAI, p.CFD, p.CodeDispositif, string(p.TypeDemande), p.LibelleColoration1, p.LibelleColoration2, p.AutreMotif, strings.Join(p.Motifs, " ")} {
				if msg := proposition.TextProblem(s, false); msg != "" {
					t.Fatalf("stored %s with %q: %s", p.Numero, s, msg)
				}
			}
			if msg := proposition.TextProblem(p.Commentaire, true); msg != "" || strings.ContainsRune(p.Commentaire, utf8.RuneError) && !bytes.Contains(body, []byte("\uFFFD")) && !bytes.Contains(bytes.ToLower(body), []byte(`\ufffd`)) {
				t.Fatalf("stored commentaire %q: %s", p.Commentaire, msg)
			}
		}
	})
}
