package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orion-static/orion/generator/journal"
	"github.com/orion-static/orion/generator/proposition"
)

const testdata = "../../generator/proposition/testdata/"

// The test access codes: what a school or a région types. Their hashes
// only are written in the codes file; no log may ever show them.
var testCodes = []struct{ scope, role, code string }{
	{"uai:0010001W", roleEtablissement, "bugey-7Hq2-secret"},
	{"uai:0690002X", roleEtablissement, "rhone-Kp93-secret"},
	{"uai:0750003Y", roleEtablissement, "paris-Zz81-secret"},
	{"region:84", roleRegion, "ara-saisie-4Rt6"},
	{"region:84", roleReviewer, "ara-relecture-9Lm2"},
	{"region:11", roleRegion, "idf-saisie-2Wx5"},
	{"region:11", roleReviewer, "idf-relecture-8Pq1"},
}

func codeOf(scope, role string) string {
	for _, c := range testCodes {
		if c.scope == scope && c.role == role {
			return c.code
		}
	}
	panic("no test code for " + scope + " " + role)
}

func writeCodes(t testing.TB, path string) {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("# test codes\n")
	for i, c := range testCodes {
		salt := fmt.Sprintf("sel-%d", i)
		json.NewEncoder(&b).Encode(access{Scope: c.scope, Role: c.role, Salt: salt, Hash: hashCode(salt, c.code)})
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a log sink the server's goroutines may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testNow is inside the test campaign (2025, 6 January – 30 June).
var testNow = time.Date(2025, 3, 15, 10, 0, 0, 0, time.UTC)

const (
	siteOrigin = "https://orion.example.fr"
	siteBase   = "https://orion.example.fr"
)

type testEnv struct {
	t       testing.TB
	dir     string
	cfg     config
	srv     *server
	http    *httptest.Server
	logs    *syncBuffer
	journal *journal.Journal
}

// newEnv starts a handler on loopback with the test reference and codes, a
// fresh journal, the clock at testNow and no rate limit.
func newEnv(t testing.TB, mutate ...func(*config, *proposition.Reference)) *testEnv {
	t.Helper()
	dir := t.TempDir()
	cfg := config{
		Journal: filepath.Join(dir, "propositions.jsonl"), Reference: filepath.Join(dir, "reference.json"), Codes: filepath.Join(dir, "codes.jsonl"),
		AllowedOrigins: []string{siteOrigin}, MaxBody: 64 << 10, Rate: 0, Burst: 10, RedirectBase: siteBase,
	}
	ref := readTestReference(t)
	for _, m := range mutate {
		m(&cfg, ref)
	}
	f, err := os.Create(cfg.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if err := proposition.WriteReference(f, ref); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ref, err = readReference(cfg.Reference)
	if err != nil {
		t.Fatal(err)
	}
	writeCodes(t, cfg.Codes)
	c, err := readCodes(cfg.Codes)
	if err != nil {
		t.Fatal(err)
	}
	j, _, err := journal.Open(cfg.Journal)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	s := newServer(cfg, slog.New(slog.NewJSONHandler(logs, nil)), j, ref, c)
	s.now = func() time.Time { return testNow }
	hs := httptest.NewServer(s.handler())
	e := &testEnv{t: t, dir: dir, cfg: cfg, srv: s, http: hs, logs: logs, journal: j}
	t.Cleanup(func() {
		hs.Close()
		j.Close()
		e.noSecretsLogged()
	})
	return e
}

func readTestReference(t testing.TB) *proposition.Reference {
	t.Helper()
	f, err := os.Open(testdata + "reference.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref, err := proposition.ReadReference(f)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

// noSecretsLogged checks the logs hold no access code and no free text.
func (e *testEnv) noSecretsLogged() {
	logs := e.logs.String()
	for _, c := range testCodes {
		if strings.Contains(logs, c.code) {
			e.t.Errorf("the logs show the access code of %s %s", c.scope, c.role)
		}
	}
	for _, secret := range []string{"Nouvelle zone d'activité", "Appeler M. Durand"} {
		if strings.Contains(logs, secret) {
			e.t.Errorf("the logs show a comment: %q", secret)
		}
	}
}

type response struct {
	status int
	header http.Header
	body   string
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("status %d, body not JSON: %v\n%s", r.status, err, r.body)
	}
	return m
}

func (e *testEnv) do(req *http.Request) response {
	e.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, string(b)}
}

// postJSON posts v as JSON with the code as bearer token.
func (e *testEnv) postJSON(path, code string, v any, headers ...string) response {
	e.t.Helper()
	b, _ := json.Marshal(v)
	req, _ := http.NewRequest("POST", e.http.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if code != "" {
		req.Header.Set("Authorization", "Bearer "+code)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return e.do(req)
}

// postForm posts form values as a browser on the static site does.
func (e *testEnv) postForm(path string, v url.Values, headers ...string) response {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.http.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", siteOrigin)
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	return e.do(req)
}

// formOf renders a JSON-like proposal as the browser form would send it.
func formOf(m map[string]any, code string) url.Values {
	v := url.Values{}
	for k, x := range m {
		switch t := x.(type) {
		case nil:
		case []any:
			for _, it := range t {
				v.Add(k, fmt.Sprint(it))
			}
		case []string:
			v[k] = append(v[k], t...)
		case bool:
			if t {
				v.Set(k, "on") // a checked checkbox
			}
		case float64:
			v.Set(k, fmt.Sprint(t))
		default:
			v.Set(k, fmt.Sprint(t))
		}
	}
	if code != "" {
		v.Set("code", code)
	}
	return v
}

// regles mirrors the rule table shared with generator/proposition.
type regles struct {
	Now   time.Time      `json:"now"`
	Base  map[string]any `json:"base"`
	Cases []regle        `json:"cases"`
}

type regle struct {
	Name     string         `json:"name"`
	Set      map[string]any `json:"set"`
	Long     map[string]int `json:"long"`
	Now      time.Time      `json:"now"`
	Campagne string         `json:"campagne"`
	Role     string         `json:"role"`
	HTTPOnly bool           `json:"httpOnly"`
	Want     []string       `json:"want"`
	WantHTTP []string       `json:"wantHTTP"`
}

func readRegles(t testing.TB) regles {
	t.Helper()
	b, err := os.ReadFile(testdata + "regles.json")
	if err != nil {
		t.Fatal(err)
	}
	var r regles
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// body merges a case into the base proposal.
func (r regles) body(c regle) map[string]any {
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
	return m
}

// validBody is the base proposal of the rule table: a valid augmentation.
func validBody(t testing.TB) map[string]any {
	return readRegles(t).body(regle{})
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// hashCode is what an operator writes in the codes file for a code:
// hex(sha256(salt + code)), e.g. printf '%s' "$SALT$CODE" | sha256sum.
func hashCode(salt, code string) string {
	sum := sha256.Sum256([]byte(salt + code))
	return hex.EncodeToString(sum[:])
}
