package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// maxInput bounds what one derivation input may weigh (a france-geojson
// file of communes weighs a few MB).
const maxInput = 256 << 20

// derive computes a derived file from its public inputs and writes it only
// when it reproduces the published bytes. The inputs' checksums are unknown:
// the output's size and SHA-256 are what is verified.
func (x *Fetcher) derive(ctx context.Context, f File, final string) error {
	inputs := make([][]byte, len(f.Derived.Inputs))
	errs := make([]error, len(inputs))
	var received atomic.Int64
	// Without every input there is nothing to compute: the first input
	// that fails for good stops the others.
	dctx, stop := context.WithCancel(ctx)
	defer stop()
	sem := make(chan struct{}, x.workers())
	var wg sync.WaitGroup
	for i, u := range f.Derived.Inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-dctx.Done():
				return
			}
			errs[i] = x.retry(dctx, f, func(ctx context.Context) error {
				b, err := x.get(ctx, u, func(n int) {
					x.emit(Event{Path: f.Path, Kind: Received, Bytes: received.Add(int64(n))})
				})
				inputs[i] = b
				return err
			})
			if errs[i] != nil {
				stop()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	var failed []error
	for i, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			failed = append(failed, fmt.Errorf("entrée %s : %w", f.Derived.Inputs[i], err))
		}
	}
	if len(failed) > 0 {
		return errors.Join(failed...)
	}
	out, err := centroides(inputs)
	if err != nil {
		return fmt.Errorf("calcul depuis les fichiers d'origine : %w", err)
	}
	sum := sha256.Sum256(out)
	if got := hex.EncodeToString(sum[:]); int64(len(out)) != f.Size || got != f.SHA256 {
		return fmt.Errorf("le calcul depuis les fichiers d'origine ne reproduit pas le fichier publié "+
			"(%d octets au lieu de %d, empreinte SHA-256 %s au lieu de %s) ; "+
			"« orion fetch --from URL_DU_MIROIR » copie les octets publiés depuis un miroir du paquet de données",
			len(out), f.Size, got, f.SHA256)
	}
	part := final + ".part"
	if err := writeFile(part, out); err != nil {
		return err
	}
	if err := os.Rename(part, final); err != nil {
		return fmt.Errorf("rename %s: %w", part, err)
	}
	return nil
}

// get makes one request for a file of unknown size and returns its bytes.
func (x *Fetcher) get(ctx context.Context, url string, onRead func(int)) ([]byte, error) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	timer := time.AfterFunc(x.timeout(), func() { cancel(errStalled) })
	defer timer.Stop()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := x.client().Do(req)
	if err != nil {
		return nil, x.cause(actx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &statusError{code: resp.StatusCode, status: resp.Status, url: url}
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, &stallReader{r: io.LimitReader(resp.Body, maxInput+1), timer: timer, timeout: x.timeout(), onRead: onRead})
	if err != nil {
		return nil, fmt.Errorf("transfert interrompu après %d octets : %w", n, x.cause(actx, err))
	}
	if n > maxInput {
		return nil, fmt.Errorf("plus de %d octets : ce n'est pas un fichier de communes", maxInput)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return nil, fmt.Errorf("transfert incomplet : %d octets sur %d", n, resp.ContentLength)
	}
	return buf.Bytes(), nil
}

// writeFile writes b to name and flushes it to disk before the caller
// renames it.
func writeFile(name string, b []byte) error {
	fh, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = fh.Write(b)
	if e := fh.Sync(); err == nil {
		err = e
	}
	if e := fh.Close(); err == nil {
		err = e
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
