package browser

import (
	"github.com/orion-static/orion/generator/internal/testenv"

	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/orion-static/orion/generator/sample"
	"github.com/orion-static/orion/generator/site"
)

// builtSite is one build of the site, shared by every test of the package.
type builtSite struct {
	once sync.Once
	out  string
	err  error
}

var (
	sampleSite, realSite builtSite
	tmpRoot              string // removed by TestMain
)

func TestMain(m *testing.M) {
	var err error
	tmpRoot, err = os.MkdirTemp("", "orion-browser-*")
	if err != nil {
		panic(err)
	}
	code := m.Run()
	stopBrowser()
	os.RemoveAll(tmpRoot)
	os.Exit(code)
}

// sampleOut builds the fictional sample once and returns its output folder.
func sampleOut(t *testing.T) string {
	t.Helper()
	sampleSite.once.Do(func() {
		data := filepath.Join(tmpRoot, "sample-data")
		if sampleSite.err = sample.Write(context.Background(), data, sample.Options{Seed: 1, Scale: 1}); sampleSite.err != nil {
			return
		}
		sampleSite.out = filepath.Join(tmpRoot, "sample-public")
		_, sampleSite.err = site.Build(context.Background(), site.Config{DataDir: data, OutDir: sampleSite.out})
	})
	if sampleSite.err != nil {
		t.Fatalf("build sample site: %v", sampleSite.err)
	}
	return sampleSite.out
}

// realOut builds the real bundle once; the test skips without it (fails
// under CI).
func realOut(t *testing.T) string {
	t.Helper()
	dir := testenv.RealData(t)
	realSite.once.Do(func() {
		// The real bundle has no proposals: an empty journal, as the
		// handler leaves it before the first one, publishes the console
		// and the dashboard with nothing received.
		journal := filepath.Join(tmpRoot, "journal-vide.jsonl")
		if realSite.err = os.WriteFile(journal, nil, 0o644); realSite.err != nil {
			return
		}
		realSite.out = filepath.Join(tmpRoot, "real-public")
		_, realSite.err = site.Build(context.Background(), site.Config{DataDir: dir, OutDir: realSite.out, Propositions: journal})
	})
	if realSite.err != nil {
		t.Fatalf("build real site: %v", realSite.err)
	}
	return realSite.out
}

// fileServer serves a built site as the web server does: a folder by its
// index.html, an unknown path by /404.html with status 404.
func fileServer(root string) http.Handler {
	files := http.FileServer(http.Dir(root))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(p)))
		if err == nil && fi.IsDir() {
			_, err = os.Stat(filepath.Join(root, filepath.FromSlash(p), "index.html"))
		}
		if err != nil {
			b, rerr := os.ReadFile(filepath.Join(root, "404.html"))
			if rerr != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(b)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// serve starts a test server on 127.0.0.1 (httptest's default).
func serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel context.CancelFunc
	allocCancel   context.CancelFunc
	browserErr    error
)

// browser returns the context of the one Chromium process of the package;
// every page check opens its own tab from it.
func browser(t *testing.T) context.Context {
	t.Helper()
	exe := testenv.Chromium(t)
	browserOnce.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(exe),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			chromedp.UserDataDir(filepath.Join(tmpRoot, "profile")),
		)
		var actx context.Context
		actx, allocCancel = chromedp.NewExecAllocator(context.Background(), opts...)
		browserCtx, browserCancel = chromedp.NewContext(actx)
		browserErr = chromedp.Do(browserCtx)
	})
	if browserErr != nil {
		t.Fatalf("start chromium: %v", browserErr)
	}
	return browserCtx
}

func stopBrowser() {
	if browserCancel != nil {
		browserCancel()
		allocCancel()
	}
}

// isExternal reports whether a request URL leaves the test server.
func isExternal(u, origin string) bool {
	if strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "blob:") || strings.HasPrefix(u, "about:") {
		return false
	}
	return !strings.HasPrefix(u, origin+"/") && u != origin
}
