package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// files is a small synthetic bundle: nested folders, sizes large enough for
// a transfer to be cut in the middle.
var files = map[string][]byte{
	"a/un.csv":            bytes.Repeat([]byte("uai;nom\n0350001A;Lycée\n"), 2000),
	"a/b/deux.csv":        bytes.Repeat([]byte("code;libellé\n"), 3000),
	"trois.geojson":       []byte(`{"type":"FeatureCollection","features":[]}`),
	"vide/zero-octet.csv": {},
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// manifestFor lists files, each served at base + "/" + path.
func manifestFor(base string, files map[string][]byte) Manifest {
	var m Manifest
	for p, b := range files {
		m.Files = append(m.Files, File{Path: p, URL: base + "/" + p, Size: int64(len(b)), SHA256: sum(b), Producer: "test", Licence: "test", Date: "test"})
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	return m
}

// server is a loopback mirror whose behaviour a test sets per request.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	requests map[string]int    // per path
	ranges   map[string]string // last Range header per path
	done     chan struct{}     // closed at the end of the test: unblocks stalled handlers
}

// serve starts a server; handle gets the path (without the leading slash),
// the number of the request for that path (1 for the first) and the bytes;
// nil serves the bytes like a static host.
func serve(t *testing.T, content map[string][]byte, handle func(s *server, w http.ResponseWriter, r *http.Request, p string, n int, b []byte)) *server {
	s := &server{requests: map[string]int{}, ranges: map[string]string{}, done: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(r.URL.Path, "/")
		s.mu.Lock()
		s.requests[p]++
		n := s.requests[p]
		s.ranges[p] = r.Header.Get("Range")
		s.mu.Unlock()
		b, ok := content[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if handle == nil {
			ok200(w, r, b)
			return
		}
		handle(s, w, r, p, n, b)
	}))
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(s.done) }) // runs before Close
	return s
}

// ok200 serves b and honours Range, like a static host.
func ok200(w http.ResponseWriter, r *http.Request, b []byte) {
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

// cut declares the whole body, sends its first half and drops the
// connection.
func cut(w http.ResponseWriter, b []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b[:len(b)/2])
}

// stall sends nothing more until the client gives up.
func (s *server) stall(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.done:
	}
}

func (s *server) count(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[p]
}

func (s *server) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.requests {
		n += c
	}
	return n
}

func (s *server) lastRange(p string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ranges[p]
}

// fast is a fetcher with test-sized pauses.
func fast() *Fetcher {
	return &Fetcher{Workers: 2, Attempts: 3, Backoff: time.Millisecond, Timeout: 150 * time.Millisecond}
}

// sameFiles fails unless dir holds exactly want's bytes and no leftover
// part file.
func sameFiles(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	for p, b := range want {
		got, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if !bytes.Equal(got, b) {
			t.Errorf("%s: %d bytes differ from the %d expected", p, len(got), len(b))
		}
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if strings.HasSuffix(p, ".part") {
			t.Errorf("part file left: %s", p)
		}
		return nil
	})
}

// failedPaths lists the files a Fetch or Check error names.
func failedPaths(err error) []string {
	var out []string
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return nil
	}
	for _, e := range j.Unwrap() {
		var fe *FileError
		if errors.As(e, &fe) {
			out = append(out, fe.Path)
		}
	}
	return out
}

func TestFetchGoodMirror(t *testing.T) {
	s := serve(t, files, nil)
	dir := t.TempDir()
	// a wrong file under the final name is replaced
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	os.WriteFile(filepath.Join(dir, "a/un.csv"), []byte("ancienne version"), 0o644)

	var mu sync.Mutex
	kinds := map[Kind]int{}
	x := fast()
	x.From = s.URL
	x.Progress = func(e Event) { mu.Lock(); kinds[e.Kind]++; mu.Unlock() }
	m := manifestFor("http://origin.invalid", files) // --from: the origins are never asked
	got, err := x.Fetch(context.Background(), m, dir)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, dir, files)
	if got.Written != len(files) || got.Kept != 0 || kinds[Written] != len(files) {
		t.Errorf("summary %+v, events %v: want %d files written", got, kinds, len(files))
	}
	if err := Check(context.Background(), m, dir); err != nil {
		t.Errorf("check after fetch: %v", err)
	}

	// A second run leaves every file untouched and asks nothing.
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for p := range files {
		os.Chtimes(filepath.Join(dir, p), old, old)
	}
	before := s.total()
	got, err = x.Fetch(context.Background(), m, dir)
	if err != nil || got.Kept != len(files) || got.Written != 0 {
		t.Fatalf("second run: %+v, %v", got, err)
	}
	if n := s.total() - before; n != 0 {
		t.Errorf("second run made %d requests", n)
	}
	for p := range files {
		if st, _ := os.Stat(filepath.Join(dir, p)); !st.ModTime().Equal(old) {
			t.Errorf("%s was rewritten", p)
		}
	}
}

func TestFetchNotFoundNamesTheFile(t *testing.T) {
	content := map[string][]byte{"a/un.csv": files["a/un.csv"]}
	s := serve(t, content, nil)
	m := manifestFor(s.URL, files) // the other files are not on the server
	dir := t.TempDir()
	_, err := fast().Fetch(context.Background(), m, dir)
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{"a/b/deux.csv", "trois.geojson", "vide/zero-octet.csv"}
	if got := failedPaths(err); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("failed files %v, want %v", got, want)
	}
	if !strings.Contains(err.Error(), "a/b/deux.csv : HTTP 404") {
		t.Errorf("error does not say 404 for the file:\n%v", err)
	}
	if n := s.count("trois.geojson"); n != 1 {
		t.Errorf("a 404 was asked %d times, want once (not transient)", n)
	}
	sameFiles(t, dir, content) // what was found is written
	for _, p := range want {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			t.Errorf("%s exists after a 404", p)
		}
	}
}

func TestFetchServerErrorIsRetried(t *testing.T) {
	s := serve(t, files, func(s *server, w http.ResponseWriter, r *http.Request, p string, n int, b []byte) {
		if n == 1 {
			http.Error(w, "surcharge", http.StatusServiceUnavailable)
			return
		}
		ok200(w, r, b)
	})
	dir := t.TempDir()
	var retries int
	var mu sync.Mutex
	x := fast()
	x.Progress = func(e Event) {
		if e.Kind == Retrying {
			mu.Lock()
			retries++
			mu.Unlock()
		}
	}
	if _, err := x.Fetch(context.Background(), manifestFor(s.URL, files), dir); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, dir, files)
	if retries != len(files) {
		t.Errorf("%d retries, want one per file", retries)
	}
}

func TestFetchCorruptFile(t *testing.T) {
	bad := bytes.Clone(files["a/un.csv"])
	bad[100] ^= 1
	s := serve(t, map[string][]byte{"a/un.csv": bad}, nil)
	m := manifestFor(s.URL, map[string][]byte{"a/un.csv": files["a/un.csv"]})
	dir := t.TempDir()
	_, err := fast().Fetch(context.Background(), m, dir)
	if err == nil {
		t.Fatal("a corrupted file was accepted")
	}
	if !strings.Contains(err.Error(), "a/un.csv : empreinte SHA-256 "+sum(bad)+" au lieu de "+sum(files["a/un.csv"])) {
		t.Errorf("error does not name the file and both checksums:\n%v", err)
	}
	if n := s.count("a/un.csv"); n != 1 {
		t.Errorf("a checksum mismatch on a whole download was retried (%d requests)", n)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "a")); len(entries) != 0 {
		t.Errorf("a corrupted download left %v", entries)
	}
}

func TestFetchTooLong(t *testing.T) {
	long := append(bytes.Clone(files["a/un.csv"]), "en trop"...)
	s := serve(t, map[string][]byte{"a/un.csv": long}, nil)
	m := manifestFor(s.URL, map[string][]byte{"a/un.csv": files["a/un.csv"]})
	_, err := fast().Fetch(context.Background(), m, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "a/un.csv : taille") {
		t.Errorf("a longer file: %v", err)
	}
}

func TestFetchTruncatedBody(t *testing.T) {
	// Every response is cut in the middle, Range requests included: the
	// file never completes and never appears under its final name.
	s := serve(t, files, func(s *server, w http.ResponseWriter, r *http.Request, p string, n int, b []byte) {
		if p == "a/un.csv" {
			cut(w, b)
			return
		}
		ok200(w, r, b)
	})
	dir := t.TempDir()
	_, err := fast().Fetch(context.Background(), manifestFor(s.URL, files), dir)
	if got := failedPaths(err); len(got) != 1 || got[0] != "a/un.csv" {
		t.Fatalf("failed %v, want a/un.csv only: %v", got, err)
	}
	if !strings.Contains(err.Error(), "interrompu") || !strings.Contains(err.Error(), "(3 essais)") {
		t.Errorf("error does not say the transfer was cut after 3 attempts:\n%v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a/un.csv")); err == nil {
		t.Error("a truncated file sits under its final name")
	}
	if st, err := os.Stat(filepath.Join(dir, "a/un.csv.part")); err != nil || st.Size() == 0 {
		t.Errorf("the received bytes were not kept for a later run: %v", err)
	}
}

func TestFetchResumesAnInterruptedRun(t *testing.T) {
	const p = "a/un.csv"
	b := files[p]
	s := serve(t, map[string][]byte{p: b}, func(s *server, w http.ResponseWriter, r *http.Request, _ string, n int, b []byte) {
		if n == 1 {
			cut(w, b) // the first run is interrupted
			return
		}
		ok200(w, r, b)
	})
	m := manifestFor(s.URL, map[string][]byte{p: b})
	dir := t.TempDir()
	x := fast()
	x.Attempts = 1
	if _, err := x.Fetch(context.Background(), m, dir); err == nil {
		t.Fatal("the interrupted run succeeded")
	}
	st, err := os.Stat(filepath.Join(dir, p+".part"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Fetch(context.Background(), m, dir); err != nil {
		t.Fatal(err)
	}
	if want := "bytes=" + strconv.FormatInt(st.Size(), 10) + "-"; s.lastRange(p) != want {
		t.Errorf("second run asked Range %q, want %q", s.lastRange(p), want)
	}
	sameFiles(t, dir, map[string][]byte{p: b})
}

func TestFetchRestartsWhenRangeIsIgnored(t *testing.T) {
	const p = "a/un.csv"
	b := files[p]
	s := serve(t, map[string][]byte{p: b}, func(s *server, w http.ResponseWriter, r *http.Request, _ string, n int, b []byte) {
		w.Write(b) // 200 and the whole body, whatever the Range
	})
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	os.WriteFile(filepath.Join(dir, p+".part"), b[:1000], 0o644)
	if _, err := fast().Fetch(context.Background(), manifestFor(s.URL, map[string][]byte{p: b}), dir); err != nil {
		t.Fatal(err)
	}
	if s.lastRange(p) != "bytes=1000-" {
		t.Errorf("Range %q, want a resume from 1000", s.lastRange(p))
	}
	sameFiles(t, dir, map[string][]byte{p: b})
}

func TestFetchDropsAWrongPartFile(t *testing.T) {
	// A part file from elsewhere: the resumed bytes fail the checksum, the
	// part goes, the next attempt downloads everything.
	const p = "a/un.csv"
	b := files[p]
	s := serve(t, map[string][]byte{p: b}, nil)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	os.WriteFile(filepath.Join(dir, p+".part"), bytes.Repeat([]byte("x"), 1000), 0o644)
	if _, err := fast().Fetch(context.Background(), manifestFor(s.URL, map[string][]byte{p: b}), dir); err != nil {
		t.Fatal(err)
	}
	if n := s.count(p); n != 2 {
		t.Errorf("%d requests, want 2 (resume, then afresh)", n)
	}
	sameFiles(t, dir, map[string][]byte{p: b})
}

func TestFetchSlowServer(t *testing.T) {
	// First attempt: headers never come. Second: half the body, then
	// silence. Third: the rest, asked with Range.
	const p = "a/un.csv"
	b := files[p]
	s := serve(t, map[string][]byte{p: b}, func(s *server, w http.ResponseWriter, r *http.Request, _ string, n int, b []byte) {
		switch n {
		case 1:
			s.stall(r)
		case 2:
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			w.Write(b[:len(b)/2])
			w.(http.Flusher).Flush()
			s.stall(r)
		default:
			ok200(w, r, b)
		}
	})
	dir := t.TempDir()
	x := fast()
	x.Timeout = 50 * time.Millisecond
	var errs []string
	var mu sync.Mutex
	x.Progress = func(e Event) {
		if e.Kind == Retrying {
			mu.Lock()
			errs = append(errs, e.Err.Error())
			mu.Unlock()
		}
	}
	start := time.Now()
	if _, err := x.Fetch(context.Background(), manifestFor(s.URL, map[string][]byte{p: b}), dir); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s: the per-attempt timeout did not work", d)
	}
	if len(errs) != 2 || !strings.Contains(errs[0], "aucun octet reçu pendant 50ms") {
		t.Errorf("retries %q, want two stalls", errs)
	}
	if want := "bytes=" + strconv.Itoa(len(b)/2) + "-"; s.lastRange(p) != want {
		t.Errorf("last Range %q, want %q", s.lastRange(p), want)
	}
	sameFiles(t, dir, map[string][]byte{p: b})
}

func TestFetchStopsOnCancel(t *testing.T) {
	var once sync.Once
	started := make(chan struct{})
	s := serve(t, files, func(s *server, w http.ResponseWriter, r *http.Request, _ string, _ int, _ []byte) {
		once.Do(func() { close(started) })
		s.stall(r)
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	x := fast()
	x.Timeout = time.Minute
	dir := t.TempDir()
	start := time.Now()
	_, err := x.Fetch(ctx, manifestFor(s.URL, files), dir)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancel took %s", d)
	}
	for p := range files {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			t.Errorf("%s written despite the cancel", p)
		}
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	m := manifestFor("http://origin.invalid", files)
	for p, b := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), b, 0o644)
	}
	if err := Check(context.Background(), m, dir); err != nil {
		t.Fatalf("a complete folder: %v", err)
	}
	os.Remove(filepath.Join(dir, "trois.geojson"))
	os.WriteFile(filepath.Join(dir, "a/b/deux.csv"), []byte("court"), 0o644)
	wrong := bytes.Clone(files["a/un.csv"])
	wrong[0] = 'U'
	os.WriteFile(filepath.Join(dir, "a/un.csv"), wrong, 0o644)
	err := Check(context.Background(), m, dir)
	for _, want := range []string{
		"a/b/deux.csv : taille 5 octets au lieu de 42000",
		"a/un.csv : empreinte SHA-256 " + sum(wrong),
		"trois.geojson : absent",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("check does not say %q:\n%v", want, err)
		}
	}
	if got := failedPaths(err); len(got) != 3 {
		t.Errorf("check names %v, want the 3 wrong files only", got)
	}
}

func TestManifestValidation(t *testing.T) {
	ok := File{Path: "a/b.csv", URL: "http://x/a/b.csv", SHA256: sum(nil)}
	for name, f := range map[string]File{
		"escaping path": {Path: "../b.csv", URL: ok.URL, SHA256: ok.SHA256},
		"absolute path": {Path: "/b.csv", URL: ok.URL, SHA256: ok.SHA256},
		"unclean path":  {Path: "a//b.csv", URL: ok.URL, SHA256: ok.SHA256},
		"short sha":     {Path: ok.Path, URL: ok.URL, SHA256: "abc"},
		"no origin":     {Path: ok.Path, SHA256: ok.SHA256},
		"unknown method": {Path: ok.Path, SHA256: ok.SHA256,
			Derived: &Derivation{Method: "magie", Inputs: []string{"http://x"}}},
	} {
		if err := (Manifest{Files: []File{ok, f}}).validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := (Manifest{Files: []File{ok, ok}}).validate(); err == nil {
		t.Error("a duplicate path was accepted")
	}
	if _, err := ParseManifest([]byte(`{"files":[{"path":"a","unknown":1}]}`)); err == nil {
		t.Error("an unknown field was accepted")
	}
}

// derivedManifest lists the synthetic département files on s and the
// derived file they give, with the checksum of want.
func derivedManifest(s *server, inputs map[string][]byte, want []byte) Manifest {
	d := &Derivation{Method: methodCentroides}
	names := make([]string, 0, len(inputs))
	for n := range inputs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		d.Inputs = append(d.Inputs, s.URL+"/"+n)
	}
	return Manifest{Files: []File{{Path: "derived/communes_centroides.csv", Size: int64(len(want)), SHA256: sum(want), Derived: d}}}
}

func syntheticInputs() map[string][]byte {
	in := map[string][]byte{}
	for i, b := range syntheticCommunes() {
		in["departements/"+strconv.Itoa(i)+"/communes.geojson"] = b
	}
	return in
}

func TestFetchDerivesCentroides(t *testing.T) {
	in := syntheticInputs()
	s := serve(t, in, func(s *server, w http.ResponseWriter, r *http.Request, p string, n int, b []byte) {
		if n == 1 && strings.Contains(p, "/2/") {
			cut(w, b) // inputs are retried too
			return
		}
		ok200(w, r, b)
	})
	dir := t.TempDir()
	want := []byte(wantCentroides)
	got, err := fast().Fetch(context.Background(), derivedManifest(s, in, want), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.Written != 1 {
		t.Errorf("summary %+v", got)
	}
	sameFiles(t, dir, map[string][]byte{"derived/communes_centroides.csv": want})
}

func TestFetchDerivationMismatchSaysUseAMirror(t *testing.T) {
	in := syntheticInputs()
	s := serve(t, in, nil)
	dir := t.TempDir()
	published := []byte(strings.Replace(wantCentroides, "45.2;5.2", "45.20001;5.2", 1))
	_, err := fast().Fetch(context.Background(), derivedManifest(s, in, published), dir)
	if err == nil {
		t.Fatal("a derivation that does not reproduce the published file was accepted")
	}
	for _, want := range []string{"derived/communes_centroides.csv : le calcul", "ne reproduit pas", "--from"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "derived/communes_centroides.csv")); err == nil {
		t.Error("the unverified derivation sits under the final name")
	}
}

func TestFetchFromMirrorCopiesTheDerivedFile(t *testing.T) {
	in := syntheticInputs()
	want := []byte(wantCentroides)
	s := serve(t, map[string][]byte{"derived/communes_centroides.csv": want}, nil)
	x := fast()
	x.From = s.URL + "/" // a trailing slash is fine
	dir := t.TempDir()
	if _, err := x.Fetch(context.Background(), derivedManifest(s, in, want), dir); err != nil {
		t.Fatal(err)
	}
	if n := s.total(); n != 1 {
		t.Errorf("%d requests, want the mirror's copy only", n)
	}
	sameFiles(t, dir, map[string][]byte{"derived/communes_centroides.csv": want})
}

func TestFetchDerivationNamesAMissingInput(t *testing.T) {
	in := syntheticInputs()
	s := serve(t, in, nil)
	m := derivedManifest(s, in, []byte(wantCentroides))
	missing := s.URL + "/departements/absent/communes.geojson"
	m.Files[0].Derived.Inputs[1] = missing
	_, err := fast().Fetch(context.Background(), m, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "derived/communes_centroides.csv : entrée "+missing+" : HTTP 404") {
		t.Errorf("a missing input: %v", err)
	}
}
