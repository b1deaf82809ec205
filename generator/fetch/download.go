package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// download fetches url into final through final+".part", with retries.
// The part file survives failures so that the next attempt, or the next run,
// asks only for the missing bytes.
func (x *Fetcher) download(ctx context.Context, url string, f File, final string) error {
	part := final + ".part"
	err := x.retry(ctx, f, func(ctx context.Context) error {
		return x.attempt(ctx, url, f, part)
	})
	if err != nil {
		return err
	}
	if err := os.Rename(part, final); err != nil {
		return fmt.Errorf("rename %s: %w", part, err)
	}
	return nil
}

// retry runs try up to Attempts times, pausing Backoff, 2×Backoff… between
// attempts, as long as the failure may be transient.
func (x *Fetcher) retry(ctx context.Context, f File, try func(context.Context) error) error {
	var err error
	for n := 1; ; n++ {
		err = try(ctx)
		if err == nil || ctx.Err() != nil {
			return err
		}
		if n >= x.attempts() || !transient(err) {
			break
		}
		x.emit(Event{Path: f.Path, Kind: Retrying, Size: f.Size, Err: err})
		pause := time.NewTimer(x.backoff() << (n - 1))
		select {
		case <-ctx.Done():
			pause.Stop()
			return ctx.Err()
		case <-pause.C:
		}
	}
	if n := x.attempts(); n > 1 && transient(err) {
		return fmt.Errorf("%w (%d essais)", err, n)
	}
	return err
}

// transient says whether another attempt may succeed.
func transient(err error) bool {
	var st *statusError
	var sum *checksumError
	switch {
	case errors.As(err, &st):
		return st.code >= 500 || st.code == http.StatusTooManyRequests || st.code == http.StatusRequestTimeout
	case errors.As(err, &sum):
		// A mismatch on bytes partly kept from an earlier attempt may come
		// from that attempt: the part is gone, the next one starts afresh.
		return sum.resumed
	case errors.As(err, new(*sizeError)):
		return false
	}
	return true // network errors, stalls, cut transfers
}

type statusError struct {
	code   int
	status string
	url    string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("HTTP %s (%s)", e.status, e.url)
}

// errStalled cancels an attempt during which no byte arrived for Timeout.
var errStalled = errors.New("stalled")

// attempt makes one request. It returns nil only when part holds exactly
// f's bytes.
func (x *Fetcher) attempt(ctx context.Context, url string, f File, part string) error {
	have := int64(0)
	if st, err := os.Stat(part); err == nil && st.Mode().IsRegular() {
		have = st.Size()
	}
	if have > f.Size {
		os.Remove(part)
		have = 0
	}
	if have == f.Size && have > 0 {
		return checkPart(part, f, true) // complete from an earlier run
	}

	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	timer := time.AfterFunc(x.timeout(), func() { cancel(errStalled) })
	defer timer.Stop()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if have > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
	}
	resp, err := x.client().Do(req)
	if err != nil {
		return x.cause(actx, err)
	}
	defer resp.Body.Close()

	flag := os.O_WRONLY | os.O_CREATE
	switch {
	case resp.StatusCode == http.StatusPartialContent && have > 0 && rangeStart(resp) == have:
		flag |= os.O_APPEND
	case resp.StatusCode == http.StatusOK:
		flag |= os.O_TRUNC // the server ignored Range (or none was sent)
		have = 0
	case have > 0 && (resp.StatusCode == http.StatusPartialContent || resp.StatusCode == http.StatusRequestedRangeNotSatisfiable):
		// A range refused or served from the wrong place: start afresh.
		os.Remove(part)
		return fmt.Errorf("reprise refusée (HTTP %s, %q) : nouveau départ", resp.Status, resp.Header.Get("Content-Range"))
	default:
		return &statusError{code: resp.StatusCode, status: resp.Status, url: url}
	}
	resumed := have > 0
	out, err := os.OpenFile(part, flag, 0o644)
	if err != nil {
		return err
	}
	got := have
	body := &stallReader{r: io.LimitReader(resp.Body, f.Size-have+1), timer: timer, timeout: x.timeout(), onRead: func(n int) {
		got += int64(n)
		x.emit(Event{Path: f.Path, Kind: Received, Bytes: got, Size: f.Size})
	}}
	_, copyErr := io.Copy(out, body)
	if err := out.Sync(); err != nil && copyErr == nil {
		copyErr = err
	}
	if err := out.Close(); err != nil && copyErr == nil {
		copyErr = err
	}
	switch {
	case copyErr != nil:
		return fmt.Errorf("transfert interrompu après %d octets sur %d : %w", got, f.Size, x.cause(actx, copyErr))
	case got > f.Size:
		os.Remove(part)
		return &sizeError{got: got, want: f.Size}
	case got < f.Size:
		return fmt.Errorf("transfert incomplet : %d octets sur %d", got, f.Size)
	}
	return checkPart(part, f, resumed)
}

// checkPart verifies a complete part file; a wrong one is removed.
func checkPart(part string, f File, resumed bool) error {
	sum, err := fileSHA256(part)
	if err != nil {
		return err
	}
	if sum != f.SHA256 {
		os.Remove(part)
		return &checksumError{got: sum, want: f.SHA256, resumed: resumed}
	}
	return nil
}

// cause turns the cancellation of a stalled attempt into a readable error.
func (x *Fetcher) cause(actx context.Context, err error) error {
	if errors.Is(context.Cause(actx), errStalled) {
		return fmt.Errorf("aucun octet reçu pendant %s", x.timeout())
	}
	return err
}

// rangeStart reads the first byte position of a Content-Range header
// ("bytes 100-999/1000"); -1 when absent or unreadable.
func rangeStart(resp *http.Response) int64 {
	v, ok := strings.CutPrefix(resp.Header.Get("Content-Range"), "bytes ")
	if !ok {
		return -1
	}
	start, _, ok := strings.Cut(v, "-")
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(start, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// stallReader re-arms the stall timer on each read and reports how many
// bytes arrived.
type stallReader struct {
	r       io.Reader
	timer   *time.Timer
	timeout time.Duration
	onRead  func(n int)
}

func (s *stallReader) Read(b []byte) (int, error) {
	n, err := s.r.Read(b)
	if n > 0 {
		s.timer.Reset(s.timeout)
		s.onRead(n)
	}
	return n, err
}
