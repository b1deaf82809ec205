package browser

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// reference is the part of /propositions/reference.json the test needs.
type reference struct {
	Etablissements []struct {
		UAI    string `json:"uai"`
		Offres []struct {
			CFD        string `json:"cfd"`
			Dispositif string `json:"codeDispositif"`
		} `json:"offres"`
	} `json:"etablissements"`
}

// startHandler builds cmd/propositions and runs it on a free 127.0.0.1
// port for the site served at siteURL; the handler stops with the test.
// It returns the handler's address and its journal.
func startHandler(t *testing.T, out, siteURL, uai, code string) (*url.URL, string) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "propositions")
	build := exec.Command("go", "build", "-o", bin, "github.com/orion-static/orion/cmd/propositions")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build cmd/propositions: %v\n%s", err, b)
	}
	ref, err := os.ReadFile(filepath.Join(out, "propositions", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "reference.json"), ref, 0o644); err != nil {
		t.Fatal(err)
	}
	salt := "0123456789abcdef"
	sum := sha256.Sum256([]byte(salt + code))
	line, _ := json.Marshal(map[string]string{"scope": "uai:" + uai, "role": "etablissement", "salt": salt, "hash": hex.EncodeToString(sum[:])})
	if err := os.WriteFile(filepath.Join(dir, "codes.jsonl"), append(line, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "--addr", addr, "--journal", filepath.Join(dir, "journal.jsonl"),
		"--reference", filepath.Join(dir, "reference.json"), "--codes", filepath.Join(dir, "codes.jsonl"),
		"--allowed-origin", siteURL, "--redirect-base", siteURL)
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			t.Logf("handler log:\n%s", logs.String())
		}
	})
	base := &url.URL{Scheme: "http", Host: addr}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(base.String() + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, filepath.Join(dir, "journal.jsonl")
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("handler not ready on %s: %v\n%s", addr, err, logs.String())
		}
	}
}

// TestProposalForm submits the form in the browser to the real handler:
// a valid proposal shows its receipt numéro, one without motif (sent with
// JavaScript off, so the page's own check cannot stop it) shows the
// handler's error page naming the field.
func TestProposalForm(t *testing.T) {
	browser(t)
	out := sampleOut(t)
	var ref reference
	b, err := os.ReadFile(filepath.Join(out, "propositions", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	var uai string
	var offres []string
	for _, e := range ref.Etablissements {
		if len(e.Offres) >= 2 {
			uai = e.UAI
			for _, o := range e.Offres[:2] {
				offres = append(offres, o.CFD+"|"+o.Dispositif)
			}
			break
		}
	}
	if uai == "" {
		t.Fatal("no school with two offers in the reference")
	}
	const code = "code-essai-navigateur"

	mux := http.NewServeMux()
	mux.Handle("/", fileServer(out))
	ts := serve(t, mux)
	api, journal := startHandler(t, out, ts.URL, uai, code)
	mux.Handle("/api/", httputil.NewSingleHostReverseProxy(api))

	fill := func(tb *tab, offre string, motif bool) {
		t.Helper()
		cfd, disp, _ := strings.Cut(offre, "|")
		steps := []chromedp.Action[chromedp.Void]{
			chromedp.SendKeys(chromedp.ID("p-code"), code),
			chromedp.SendKeys(chromedp.ID("p-uai"), uai),
			chromedp.SetValue(chromedp.ID("p-type"), "augmentation_nette"),
			chromedp.SetValue(chromedp.ID("p-capaciteScolaireActuelle"), "12"),
			chromedp.SetValue(chromedp.ID("p-capaciteScolaire"), "18"),
		}
		if motif {
			// With JavaScript, the school's offers come from a list the
			// script fetches once the UAI is typed.
			if err := tb.step(steps...); err != nil {
				t.Fatalf("fill the form: %v", err)
			}
			if _, err := poll(tb, fmt.Sprintf(`document.querySelector('#p-offre option[value=%q]') !== null`, offre)); err != nil {
				t.Fatalf("the offers of %s are not listed: %v", uai, err)
			}
			steps = []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("p-offre"), offre),
				chromedp.Evaluate[chromedp.Void](`document.getElementById('p-type').dispatchEvent(new Event('change')); document.getElementById('p-offre').dispatchEvent(new Event('change'))`),
				chromedp.Click(chromedp.ID("m0-taux_insertion_satisfaisant"))}
		} else {
			steps = append(steps, chromedp.SendKeys(chromedp.ID("p-cfd"), cfd), chromedp.SendKeys(chromedp.ID("p-disp"), disp))
		}
		if err := tb.step(steps...); err != nil {
			t.Fatalf("fill the form: %v", err)
		}
		got, err := eval[string](tb, `document.getElementById('p-cfd').value + '|' + document.getElementById('p-disp').value`)
		if err != nil || got != offre {
			t.Fatalf("form offer %q, want %q (%v)", got, offre, err)
		}
	}

	t.Run("valid", func(t *testing.T) {
		tb := openTab(t, ts.URL, false)
		if err := tb.step(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+"/propositions/nouvelle/")); err != nil {
			t.Fatal(err)
		}
		if _, err := poll(tb, `document.getElementById('p-offre') !== null`); err != nil {
			t.Fatalf("the script did not add the offer list: %v", err)
		}
		fill(tb, offres[0], true)
		if err := tb.step(chromedp.Click(chromedp.CSS("form.proposition button[type=submit]"))); err != nil {
			t.Fatal(err)
		}
		if _, err := poll(tb, `location.pathname === '/propositions/recue/' && /P-[0-9]{4}-[0-9]{6}/.test(document.querySelector('.proposition-numero').textContent)`); err != nil {
			loc, _ := eval[string](tb, `location.href + ' ' + document.body.innerText.slice(0, 400)`)
			t.Fatalf("no receipt with a numéro: %v\n%s", err, loc)
		}
		numero, err := eval[string](tb, `document.querySelector('.proposition-numero').textContent.trim()`)
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^P-[0-9]{4}-[0-9]{6}$`).MatchString(numero) {
			t.Errorf("receipt numéro %q, want ^P-[0-9]{4}-[0-9]{6}$", numero)
		}
		t.Logf("receipt: %s", numero)
		// The receipt is shown only once the proposal is in the journal.
		j, err := os.ReadFile(journal)
		if err != nil || !strings.Contains(string(j), `"`+numero+`"`) {
			t.Errorf("the journal does not hold %s (%v):\n%s", numero, err, j)
		}
		checkAxe(t, tb)
	})

	t.Run("invalid, with JavaScript", func(t *testing.T) {
		tb := openTab(t, ts.URL, false)
		if err := tb.step(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+"/propositions/nouvelle/")); err != nil {
			t.Fatal(err)
		}
		if _, err := poll(tb, `document.getElementById('p-offre') !== null`); err != nil {
			t.Fatalf("the script did not add the offer list: %v", err)
		}
		// No code, a malformed UAI, an "augmentation" that lowers the
		// capacity, and no motif.
		if err := tb.step(
			chromedp.SendKeys(chromedp.ID("p-uai"), "123"),
			chromedp.SetValue(chromedp.ID("p-type"), "augmentation_nette"),
			chromedp.Evaluate[chromedp.Void](`document.getElementById('p-type').dispatchEvent(new Event('change'))`),
			chromedp.SetValue(chromedp.ID("p-capaciteScolaireActuelle"), "18"),
			chromedp.SetValue(chromedp.ID("p-capaciteScolaire"), "12"),
			chromedp.Click(chromedp.CSS("form.proposition button[type=submit]")),
		); err != nil {
			t.Fatal(err)
		}
		type fieldError struct {
			Link    string `json:"link"`
			Text    string `json:"text"`
			Invalid bool   `json:"invalid"`
			Message string `json:"message"`
		}
		type summary struct {
			Path    string       `json:"path"`
			Focused bool         `json:"focused"`
			Title   string       `json:"title"`
			Errors  []fieldError `json:"errors"`
			Motifs  bool         `json:"motifs"`
		}
		if _, err := poll(tb, `!document.querySelector('form.proposition .fr-alert--error').hidden`); err != nil {
			t.Fatalf("no error summary after an invalid submission: %v", err)
		}
		got, err := eval[summary](tb, `(() => {
			const box = document.querySelector('form.proposition .fr-alert--error');
			const errors = Array.from(box.querySelectorAll('li')).map(li => {
				const a = li.querySelector('a'), id = a ? a.getAttribute('href').slice(1) : '';
				const f = id ? document.getElementById(id) : null;
				const described = f ? (f.closest('fieldset.motifs') || f) : null;
				const msgs = described ? (described.getAttribute('aria-describedby') || '').split(' ').map(i => document.getElementById(i)).filter(Boolean) : [];
				return {link: id, text: li.textContent, invalid: !!f && (f.getAttribute('aria-invalid') === 'true' || !!f.closest('fieldset.fr-fieldset--error')),
					message: msgs.map(m => m.textContent).join(' / ')};
			});
			return {path: location.pathname, focused: document.activeElement === box, title: box.querySelector('.fr-alert__title').textContent,
				errors, motifs: !!document.querySelector('fieldset.motifs.fr-fieldset--error:not([hidden]) .fr-error-text')};
		})()`)
		if err != nil {
			t.Fatal(err)
		}
		if got.Path != "/propositions/nouvelle/" {
			t.Fatalf("the invalid proposal was sent: now on %s", got.Path)
		}
		if !got.Focused {
			t.Error("the error summary does not receive the focus")
		}
		links := map[string]bool{}
		for _, e := range got.Errors {
			links[e.Link] = true
			if e.Link == "" || !e.Invalid || !strings.Contains(e.Message, e.Text) {
				t.Errorf("error %q: link #%s, field marked invalid %v, message beside the field %q", e.Text, e.Link, e.Invalid, e.Message)
			}
		}
		for _, want := range []string{"p-code", "p-uai", "p-cfd", "p-disp", "p-capaciteScolaire"} {
			if !links[want] {
				t.Errorf("no error for #%s; summary: %+v", want, got.Errors)
			}
		}
		if !got.Motifs {
			t.Error("the motifs of the chosen type are not marked as missing")
		}
		t.Logf("%s %d errors", got.Title, len(got.Errors))
		checkAxe(t, tb)
		// A link of the summary takes the focus to its field.
		if err := tb.step(chromedp.Click(chromedp.CSS(`form.proposition .fr-alert--error a[href="#p-capaciteScolaire"]`))); err != nil {
			t.Fatal(err)
		}
		if f, err := focused(tb, "#p-capaciteScolaire"); err != nil || !f.Match {
			t.Errorf("the summary link does not focus its field: %+v %v", f, err)
		}
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, r := range tb.requests {
			if strings.Contains(r, "/api/") {
				t.Errorf("the invalid proposal reached the handler: %s", r)
			}
		}
	})

	t.Run("no motif", func(t *testing.T) {
		tb := openTab(t, ts.URL, true)
		if err := tb.step(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+"/propositions/nouvelle/")); err != nil {
			t.Fatal(err)
		}
		fill(tb, offres[1], false)
		if err := tb.step(chromedp.Click(chromedp.CSS("form.proposition button[type=submit]"))); err != nil {
			t.Fatal(err)
		}
		if _, err := poll(tb, `location.pathname === '/api/propositions' && document.querySelectorAll('li').length > 0`); err != nil {
			loc, _ := eval[string](tb, `location.href`)
			t.Fatalf("no error page: %v (%s)", err, loc)
		}
		items, err := eval[[]string](tb, `Array.from(document.querySelectorAll('li')).map(li => li.textContent)`)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, li := range items {
			if strings.Contains(strings.ToLower(li), "motif") {
				found = true
			}
		}
		if !found {
			t.Errorf("the error page does not name the motif field: %q", items)
		}
		t.Logf("error page lists: %s", fmt.Sprint(items))
		// axe-core needs the page's timers: scripts back on (the page
		// itself has none).
		if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
			t.Fatal(err)
		}
		checkAxe(t, tb)
	})
}
