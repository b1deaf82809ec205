// Package fetch owns getting the real open-data bundle onto disk: it reads
// the manifest of public origins (data/manifest/sources.json: path, URL,
// size, SHA-256, producer, licence, date of every file the real build reads),
// downloads what is missing or wrong, computes the one derived file
// (derived/communes_centroides.csv) from its public inputs, and verifies a
// folder without the network.
//
// A file only ever appears under its final name once its size and SHA-256
// match the manifest: bytes go to PATH.part first, which a later run resumes
// with an HTTP Range request. Files already present and correct are not
// touched. The package logs nothing: it reports through Fetcher.Progress and
// returns errors that name each failed file.
package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Fetcher downloads the files of a manifest. The zero value is usable.
type Fetcher struct {
	// Client makes the requests; nil: a client without overall timeout
	// (Timeout below bounds each attempt instead).
	Client *http.Client
	// From is the base URL of a mirror with the bundle's layout: every
	// file, the derived one included, is then fetched from From + "/" + path.
	// Empty: each file's public origin.
	From string
	// Workers is how many files are fetched at once; 0: 3.
	Workers int
	// Attempts is how many times a file is tried; 0: 4.
	Attempts int
	// Backoff is the pause before the second attempt, doubled before each
	// next one; 0: one second.
	Backoff time.Duration
	// Timeout fails an attempt when no byte arrives for that long (response
	// headers included); 0: 30 seconds.
	Timeout time.Duration
	// Progress, when set, is told what happens to each file. It is called
	// from several goroutines at once.
	Progress func(Event)
}

// Event is one step of one file.
type Event struct {
	Path  string
	Kind  Kind
	Bytes int64 // bytes of the file received so far (Received, Written)
	Size  int64 // expected size
	Err   error // why the attempt failed (Retrying) or the file (Failed)
}

// Kind is what happened to a file.
type Kind int

const (
	Kept     Kind = iota // already present and correct: left untouched
	Started              // download or derivation begins
	Received             // more bytes arrived
	Retrying             // an attempt failed; another one follows
	Written              // verified and renamed to its final name
	Failed               // given up; Err says why
)

// Summary counts what Fetch did.
type Summary struct {
	Kept, Written int
	Bytes         int64 // bytes written under final names
}

// FileError names the file that failed and why.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + " : " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Fetch makes dir hold every file of m with the right bytes. It returns an
// error joining one *FileError per failed file, or the context's error when
// ctx was cancelled (partial downloads are kept for the next run).
func (x *Fetcher) Fetch(ctx context.Context, m Manifest, dir string) (Summary, error) {
	if err := m.validate(); err != nil {
		return Summary{}, fmt.Errorf("fetch: manifest: %w", err)
	}
	errs := make([]error, len(m.Files))
	written := make([]bool, len(m.Files))
	sem := make(chan struct{}, x.workers())
	var wg sync.WaitGroup
	for i, f := range m.Files {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			written[i], errs[i] = x.file(ctx, f, dir)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Summary{}, fmt.Errorf("fetch: %w", err)
	}
	var sum Summary
	var failed []error
	for i, f := range m.Files {
		switch {
		case errs[i] != nil:
			failed = append(failed, &FileError{Path: f.Path, Err: errs[i]})
		case written[i]:
			sum.Written++
			sum.Bytes += f.Size
		default:
			sum.Kept++
		}
	}
	return sum, errors.Join(failed...)
}

// file brings one file to its final name; it reports whether it wrote it.
func (x *Fetcher) file(ctx context.Context, f File, dir string) (bool, error) {
	final := filepath.Join(dir, filepath.FromSlash(f.Path))
	if verify(final, f) == nil {
		x.emit(Event{Path: f.Path, Kind: Kept, Bytes: f.Size, Size: f.Size})
		return false, nil
	}
	x.emit(Event{Path: f.Path, Kind: Started, Size: f.Size})
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return false, x.fail(f, err)
	}
	var err error
	switch {
	case x.From != "":
		err = x.download(ctx, mirrorURL(x.From, f.Path), f, final)
	case f.Derived != nil:
		err = x.derive(ctx, f, final)
	default:
		err = x.download(ctx, f.URL, f, final)
	}
	if err != nil {
		return false, x.fail(f, err)
	}
	x.emit(Event{Path: f.Path, Kind: Written, Bytes: f.Size, Size: f.Size})
	return true, nil
}

func (x *Fetcher) fail(f File, err error) error {
	x.emit(Event{Path: f.Path, Kind: Failed, Size: f.Size, Err: err})
	return err
}

func (x *Fetcher) emit(e Event) {
	if x.Progress != nil {
		x.Progress(e)
	}
}

// mirrorURL is base + "/" + path, each path segment escaped.
func mirrorURL(base, p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.TrimRight(base, "/") + "/" + strings.Join(segs, "/")
}

// Check verifies that dir holds every file of m with the right size and
// SHA-256, without the network. The error joins one *FileError per missing
// or wrong file.
func Check(ctx context.Context, m Manifest, dir string) error {
	if err := m.validate(); err != nil {
		return fmt.Errorf("check: manifest: %w", err)
	}
	var failed []error
	for _, f := range m.Files {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("check: %w", err)
		}
		if err := verify(filepath.Join(dir, filepath.FromSlash(f.Path)), f); err != nil {
			failed = append(failed, &FileError{Path: f.Path, Err: err})
		}
	}
	return errors.Join(failed...)
}

// errMissing says a file is absent.
var errMissing = errors.New("absent")

// verify checks size first (cheap), then SHA-256.
func verify(name string, f File) error {
	st, err := os.Stat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return errMissing
	}
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("n'est pas un fichier ordinaire")
	}
	if st.Size() != f.Size {
		return &sizeError{got: st.Size(), want: f.Size}
	}
	sum, err := fileSHA256(name)
	if err != nil {
		return err
	}
	if sum != f.SHA256 {
		return &checksumError{got: sum, want: f.SHA256}
	}
	return nil
}

func fileSHA256(name string) (string, error) {
	fh, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

type sizeError struct{ got, want int64 }

func (e *sizeError) Error() string {
	return fmt.Sprintf("taille %d octets au lieu de %d", e.got, e.want)
}

type checksumError struct {
	got, want string
	resumed   bool // the bytes were partly from an earlier attempt
}

func (e *checksumError) Error() string {
	return fmt.Sprintf("empreinte SHA-256 %s au lieu de %s", e.got, e.want)
}

func (x *Fetcher) workers() int {
	if x.Workers > 0 {
		return x.Workers
	}
	return 3
}

func (x *Fetcher) attempts() int {
	if x.Attempts > 0 {
		return x.Attempts
	}
	return 4
}

func (x *Fetcher) backoff() time.Duration {
	if x.Backoff > 0 {
		return x.Backoff
	}
	return time.Second
}

func (x *Fetcher) timeout() time.Duration {
	if x.Timeout > 0 {
		return x.Timeout
	}
	return 30 * time.Second
}

func (x *Fetcher) client() *http.Client {
	if x.Client != nil {
		return x.Client
	}
	return http.DefaultClient
}
