// Package journal owns the durable store of proposals: an append-only file
// of checksummed JSON lines, each fsynced before it is acknowledged, under
// an advisory lock so that one process owns it; the numbering of proposals
// (P-2025-000123); the replay that rebuilds their current state; the
// handling of a last record torn by a crash (set aside, truncated) and the
// refusal of any other damage. The rules a proposal must follow live in
// generator/proposition; this package only stores what passed them.
package journal

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/orion-static/orion/generator/proposition"
)

// The journal is the store of proposals: an append-only file of JSON lines,
// one record per line,
//
//	{"seq":1,"kind":"proposition","at":"2025-03-01T10:00:00Z","data":{…},"sum":"1a2b3c4d"}
//
// where seq counts records from 1 without gaps, kind is KindProposition or
// KindStatut, at is the UTC time of the record (RFC 3339), data its content
// and sum the CRC-32C (Castagnoli) of the exact bytes of data, in hex.
//
// A record is on disk (written and fsynced) before Submit or ChangeStatut
// returns, so an acknowledged proposal survives a crash. A crash can leave
// a torn last line: Open detects it, copies its bytes aside and truncates
// it away, never merges it. A bad record followed by good ones is not a
// crash but damage: Open refuses the file.
const (
	KindProposition = "proposition"
	KindStatut      = "statut"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Numero is the public number of the proposal stored by record seq during
// campaign annee: short, unique, deterministic (P-2025-000123).
func Numero(annee int, seq int64) string { return fmt.Sprintf("P-%d-%06d", annee, seq) }

// Submission is a validated proposal to store.
type Submission struct {
	Proposition proposition.Proposition // Numero, Statut, CreatedAt and UpdatedAt are set by Submit
	Par         string                  // scope of the access code used ("uai:0010001W", "region:84"); never the code
	Cle         string                  // idempotency key chosen by the client, or ""
	At          time.Time
}

// Change is a status change asked by a reviewer.
type Change struct {
	Numero          string
	Vers            proposition.Statut
	MotifsRefus     []string
	AutreMotifRefus string
	Par             string // reviewer scope
	At              time.Time
}

// depot and changement are the data of the two record kinds.
type depot struct {
	Cle         string                  `json:"cle,omitempty"`
	Par         string                  `json:"par"`
	Empreinte   string                  `json:"empreinte"`
	Proposition proposition.Proposition `json:"proposition"`
}

type changement struct {
	Numero          string             `json:"numero"`
	Par             string             `json:"par"`
	De              proposition.Statut `json:"de"`
	Vers            proposition.Statut `json:"vers"`
	MotifsRefus     []string           `json:"motifRefus,omitempty"`
	AutreMotifRefus string             `json:"autreMotifRefus,omitempty"`
}

// Errors of Submit, Lookup and ChangeStatut.
var (
	ErrNotFound  = errors.New("proposition inconnue")
	ErrKeyReused = errors.New("clé d'idempotence déjà utilisée pour une autre proposition")
	ErrClosed    = errors.New("journal fermé")
)

// DuplicateError says a proposal for the same school, formation, dispositif
// and rentrée is already in the campaign and not refused.
type DuplicateError struct{ Numero string }

func (e *DuplicateError) Error() string {
	return "une proposition pour cette formation et cette rentrée existe déjà : " + e.Numero
}

// Torn describes a damaged end of journal found by Open or Load.
type Torn struct {
	Offset int64  // byte offset where the bad tail starts (the journal now ends there)
	Size   int64  // length of the bad tail
	Copy   string // file keeping the bad bytes (Open only)
	Reason string
}

func (t *Torn) String() string {
	s := fmt.Sprintf("fin de journal endommagée à l'octet %d (%d octets) : %s", t.Offset, t.Size, t.Reason)
	if t.Copy != "" {
		s += " ; copie dans " + t.Copy
	}
	return s
}

// state is the replayed content of a journal.
type state struct {
	seq      int64
	props    map[string]*proposition.Proposition
	order    []string          // numéros in record order
	cles     map[string]string // par \x00 cle → numéro
	prints   map[string]string // numéro → empreinte
	doublons map[string]string // duplicate key → numéro of the live proposal
}

func newState() *state {
	return &state{
		props:    map[string]*proposition.Proposition{},
		cles:     map[string]string{},
		prints:   map[string]string{},
		doublons: map[string]string{},
	}
}

func doublonKey(p *proposition.Proposition) string {
	return fmt.Sprintf("%d|%s|%s|%s|%d", p.Campagne, p.UAI, p.CFD, p.CodeDispositif, p.RentreeScolaire)
}

// empreinte identifies what a client sent, to tell a retry from a reuse of
// its idempotency key for another proposal.
func empreinte(p proposition.Proposition) string {
	p.Numero, p.Statut, p.MotifsRefus, p.AutreMotifRefus = "", "", nil, ""
	p.CreatedAt, p.UpdatedAt = time.Time{}, time.Time{}
	p.Campagne, p.CodeRegion = 0, ""
	b, _ := json.Marshal(p)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

type record struct {
	Seq  int64           `json:"seq"`
	Kind string          `json:"kind"`
	At   time.Time       `json:"at"`
	Data json.RawMessage `json:"data"`
	Sum  string          `json:"sum"`
}

// encode renders a record as one line, byte for byte what parse accepts.
func encode(seq int64, kind string, at time.Time, data []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"seq":%d,"kind":%q,"at":%q,"data":`, seq, kind, at.UTC().Format(time.RFC3339Nano))
	b.Write(data)
	fmt.Fprintf(&b, `,"sum":"%08x"}`+"\n", crc32.Checksum(data, castagnoli))
	return b.Bytes()
}

// parse decodes one line (without its newline) and checks its sum.
func parse(line []byte) (record, error) {
	var r record
	if err := json.Unmarshal(line, &r); err != nil {
		return r, fmt.Errorf("JSON illisible : %v", err)
	}
	if r.Seq <= 0 || (r.Kind != KindProposition && r.Kind != KindStatut) || len(r.Data) == 0 || r.At.IsZero() {
		return r, errors.New("champ seq, kind, at ou data absent ou invalide")
	}
	if want := fmt.Sprintf("%08x", crc32.Checksum(r.Data, castagnoli)); r.Sum != want {
		return r, fmt.Errorf("somme de contrôle %q au lieu de %q", r.Sum, want)
	}
	return r, nil
}

// apply replays one record; an error means the journal contradicts itself.
func (s *state) apply(r record) error {
	if r.Seq != s.seq+1 {
		return fmt.Errorf("record seq %d expected, found seq %d", s.seq+1, r.Seq)
	}
	switch r.Kind {
	case KindProposition:
		var d depot
		if err := json.Unmarshal(r.Data, &d); err != nil {
			return fmt.Errorf("proposition data: %w", err)
		}
		p := d.Proposition
		if p.Numero == "" || s.props[p.Numero] != nil {
			return fmt.Errorf("numéro %q empty or repeated", p.Numero)
		}
		s.props[p.Numero] = &p
		s.order = append(s.order, p.Numero)
		s.prints[p.Numero] = d.Empreinte
		if d.Cle != "" {
			s.cles[d.Par+"\x00"+d.Cle] = p.Numero
		}
		if p.Statut != proposition.Refusee {
			s.doublons[doublonKey(&p)] = p.Numero
		}
	case KindStatut:
		var c changement
		if err := json.Unmarshal(r.Data, &c); err != nil {
			return fmt.Errorf("statut data: %w", err)
		}
		p := s.props[c.Numero]
		if p == nil {
			return fmt.Errorf("statut of unknown numéro %q", c.Numero)
		}
		if p.Statut != c.De {
			return fmt.Errorf("statut of %s: from %q but it is %q", c.Numero, c.De, p.Statut)
		}
		p.Statut, p.MotifsRefus, p.AutreMotifRefus, p.UpdatedAt = c.Vers, c.MotifsRefus, c.AutreMotifRefus, r.At
		if c.Vers == proposition.Refusee && s.doublons[doublonKey(p)] == p.Numero {
			delete(s.doublons, doublonKey(p))
		}
	}
	s.seq = r.Seq
	return nil
}

// DamageError says a journal is damaged somewhere a crash cannot explain:
// a crash tears at most the last record, since each record is written and
// fsynced before the next one. Open and Load change nothing then.
type DamageError struct {
	Path    string
	Line    int   // 1-based line of the bad record
	Offset  int64 // byte offset where that line starts
	Problem string
}

func (e *DamageError) Error() string {
	return fmt.Sprintf("journal %s:%d (byte %d): %s; only the last record can be torn by a crash, so the journal is damaged: nothing was changed, restore it from a backup or repair that line",
		e.Path, e.Line, e.Offset, e.Problem)
}

// replay reads a whole journal. It returns the length of the good prefix
// and, when the last record is torn, what is wrong with it. Anything else
// is a *DamageError (without its Path).
func replay(b []byte, s *state) (good int64, torn *Torn, err error) {
	off, line := 0, 1
	for off < len(b) {
		end, next := len(b), len(b)
		if nl := bytes.IndexByte(b[off:], '\n'); nl >= 0 {
			end, next = off+nl, off+nl+1
		}
		r, perr := parse(b[off:end])
		last := next == len(b)
		switch {
		case perr != nil && !last:
			return 0, nil, &DamageError{Line: line, Offset: int64(off),
				Problem: fmt.Sprintf("record seq %d expected, found a bad line (%v) followed by %d more bytes", s.seq+1, perr, len(b)-next)}
		case perr != nil || end == len(b):
			if problem := notATear(b[off:], s.seq+1); problem != "" {
				return 0, nil, &DamageError{Line: line, Offset: int64(off), Problem: problem}
			}
			reason := "dernier enregistrement incomplet (pas de fin de ligne)"
			if perr != nil {
				reason = "dernier enregistrement corrompu : " + perr.Error()
			}
			return int64(off), &Torn{Offset: int64(off), Size: int64(len(b) - off), Reason: reason}, nil
		}
		if err := s.apply(r); err != nil {
			return 0, nil, &DamageError{Line: line, Offset: int64(off), Problem: err.Error()}
		}
		off, line = next, line+1
	}
	return int64(off), nil, nil
}

var recordStart = []byte(`{"seq":`)

// notATear tells why a bad last line cannot be what a crash leaves when it
// interrupts the write of record seq, or "" when it can. A torn write is
// the beginning of that record (possibly cut within its first bytes), with
// zeros where the file system had not written the data yet; it never holds
// the start of another record, which a record's own bytes cannot contain
// (quotes are escaped inside JSON strings).
func notATear(tail []byte, seq int64) string {
	if i := bytes.Index(tail[1:], recordStart); i >= 0 {
		return fmt.Sprintf("record seq %d expected; a record start is found %d bytes into the line: bytes were cut out and two records merged", seq, i+1)
	}
	body := bytes.TrimLeft(tail, "\x00")
	if len(body) == 0 || len(tail) > len(body) {
		return "" // zeroed blocks, or a later block written before the first one
	}
	if !bytes.HasPrefix(body, recordStart) && !bytes.HasPrefix(recordStart, body) {
		return fmt.Sprintf("record seq %d expected, found a line that does not start like a record (%q)", seq, trim(body, 20))
	}
	rest := body[min(len(body), len(recordStart)):]
	digits := 0
	for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < len(rest) && rest[digits] == ',' {
		if n, err := strconv.ParseInt(string(rest[:digits]), 10, 64); err != nil || n != seq {
			return fmt.Sprintf("record seq %d expected, found seq %s", seq, rest[:digits])
		}
	}
	return ""
}

func trim(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// Load reads a journal without changing it (for `orion build`): the
// proposals in their current state, in record order, and the damaged end
// if any (ignored).
func Load(path string) ([]proposition.Proposition, *Torn, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("journal: %w", err)
	}
	s := newState()
	_, torn, err := replay(b, s)
	if err != nil {
		return nil, nil, withPath(err, path)
	}
	return s.list(), torn, nil
}

func withPath(err error, path string) error {
	var d *DamageError
	if errors.As(err, &d) {
		d.Path = path
		return d
	}
	return fmt.Errorf("journal %s: %w", path, err)
}

func (s *state) list() []proposition.Proposition {
	out := make([]proposition.Proposition, 0, len(s.order))
	for _, n := range s.order {
		out = append(out, *s.props[n])
	}
	return out
}

// Journal is an open journal file, owned by one process (an advisory lock
// keeps a second handler away). Its methods are safe for concurrent use.
type Journal struct {
	mu     sync.Mutex
	path   string
	f      *os.File
	unlock func() error
	size   int64
	st     *state
	err    error // sticky: after a failed write, the file's state is unknown
}

// Open opens or creates the journal at path and replays it. A torn or
// corrupt last record is copied to path+".corrupt-<offset>", truncated away
// and reported in torn; the records before it are kept.
func Open(path string) (j *Journal, torn *Torn, err error) {
	created := false
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		created = true
	} else if errors.Is(err, fs.ErrExist) {
		f, err = os.OpenFile(path, os.O_RDWR, 0)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("journal: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	unlock, err := lockFile(f)
	if err != nil {
		return nil, nil, fmt.Errorf("journal %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			unlock()
		}
	}()
	if created {
		if err := syncDir(filepath.Dir(path)); err != nil {
			return nil, nil, fmt.Errorf("journal %s: %w", path, err)
		}
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, fmt.Errorf("journal %s: %w", path, err)
	}
	s := newState()
	good, torn, err := replay(b, s)
	if err != nil {
		return nil, nil, withPath(err, path)
	}
	if torn != nil {
		torn.Copy = path + ".corrupt-" + strconv.FormatInt(torn.Offset, 10)
		if err := writeSynced(torn.Copy, b[good:]); err != nil {
			return nil, nil, fmt.Errorf("journal %s: keep damaged tail: %w", path, err)
		}
		if err := f.Truncate(good); err != nil {
			return nil, nil, fmt.Errorf("journal %s: truncate damaged tail: %w", path, err)
		}
		if err := f.Sync(); err != nil {
			return nil, nil, fmt.Errorf("journal %s: %w", path, err)
		}
	}
	return &Journal{path: path, f: f, unlock: unlock, size: good, st: s}, torn, nil
}

func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// append writes one record and fsyncs it; the caller holds j.mu.
func (j *Journal) append(kind string, at time.Time, data any) (int64, error) {
	if j.err != nil {
		return 0, j.err
	}
	if j.f == nil {
		return 0, ErrClosed
	}
	b, err := json.Marshal(data)
	if err != nil {
		return 0, fmt.Errorf("journal: %w", err)
	}
	seq := j.st.seq + 1
	line := encode(seq, kind, at, b)
	if _, err := j.f.WriteAt(line, j.size); err != nil {
		j.fail(err)
		return 0, j.err
	}
	if err := j.f.Sync(); err != nil {
		j.fail(err)
		return 0, j.err
	}
	j.size += int64(len(line))
	return seq, nil
}

// fail makes the journal refuse further writes: after a failed write or
// fsync nobody knows what the file holds, and a restart replays it.
func (j *Journal) fail(err error) {
	_ = j.f.Truncate(j.size)
	j.err = fmt.Errorf("journal %s: write failed, restart the handler: %w", j.path, err)
}

// Lookup returns the numéro stored for an idempotency key of a scope, or
// found = false. ErrKeyReused means the key was used for another proposal.
func (j *Journal) Lookup(par, cle string, p proposition.Proposition) (numero string, found bool, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.lookup(par, cle, p)
}

func (j *Journal) lookup(par, cle string, p proposition.Proposition) (string, bool, error) {
	if cle == "" {
		return "", false, nil
	}
	n, ok := j.st.cles[par+"\x00"+cle]
	if !ok {
		return "", false, nil
	}
	if j.st.prints[n] != empreinte(p) {
		return n, true, ErrKeyReused
	}
	return n, true, nil
}

// Submit stores a validated proposal with statut "proposition" and returns
// its numéro once the record is on disk. A retry (same scope and key, same
// content) returns the first numéro with replayed = true. A live proposal
// for the same campaign, school, formation, dispositif and rentrée gives a
// *DuplicateError.
func (j *Journal) Submit(s Submission) (numero string, replayed bool, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if n, found, err := j.lookup(s.Par, s.Cle, s.Proposition); found || err != nil {
		return n, found, err
	}
	p := s.Proposition
	if n, ok := j.st.doublons[doublonKey(&p)]; ok {
		return "", false, &DuplicateError{Numero: n}
	}
	at := s.At.UTC()
	p.Numero = Numero(p.Campagne, j.st.seq+1)
	p.Statut = proposition.StatutProposition
	p.MotifsRefus, p.AutreMotifRefus = nil, ""
	p.CreatedAt, p.UpdatedAt = at, at
	d := depot{Cle: s.Cle, Par: s.Par, Empreinte: empreinte(s.Proposition), Proposition: p}
	seq, err := j.append(KindProposition, at, d)
	if err != nil {
		return "", false, err
	}
	if err := j.st.apply(record{Seq: seq, Kind: KindProposition, At: at, Data: mustJSON(d)}); err != nil {
		return "", false, err
	}
	return p.Numero, false, nil
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// ChangeStatut moves a proposal one step in the workflow and records who
// did it and when. A refusal needs its motifs (proposition.FieldErrors).
func (j *Journal) ChangeStatut(c Change) (proposition.Proposition, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	p := j.st.props[c.Numero]
	if p == nil {
		return proposition.Proposition{}, ErrNotFound
	}
	if !p.Statut.CanMoveTo(c.Vers) {
		return *p, &proposition.TransitionError{De: p.Statut, Vers: c.Vers}
	}
	if c.Vers == proposition.Refusee {
		if e := proposition.RefusErrors(c.MotifsRefus, c.AutreMotifRefus); len(e) > 0 {
			return *p, e
		}
	} else if len(c.MotifsRefus) > 0 || c.AutreMotifRefus != "" {
		return *p, proposition.FieldErrors{"motifRefus": "Des motifs de refus ne s'indiquent que pour un refus."}
	}
	at := c.At.UTC()
	d := changement{Numero: c.Numero, Par: c.Par, De: p.Statut, Vers: c.Vers, MotifsRefus: c.MotifsRefus, AutreMotifRefus: c.AutreMotifRefus}
	seq, err := j.append(KindStatut, at, d)
	if err != nil {
		return *p, err
	}
	if err := j.st.apply(record{Seq: seq, Kind: KindStatut, At: at, Data: mustJSON(d)}); err != nil {
		return *p, err
	}
	return *p, nil
}

// Get returns a proposal in its current state.
func (j *Journal) Get(numero string) (proposition.Proposition, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	p := j.st.props[numero]
	if p == nil {
		return proposition.Proposition{}, false
	}
	return *p, true
}

// Propositions lists every proposal in its current state, in record order.
func (j *Journal) Propositions() []proposition.Proposition {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.list()
}

// Err is nil while the journal accepts writes.
func (j *Journal) Err() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return ErrClosed
	}
	return j.err
}

// Close releases the file and its lock. Every acknowledged record is
// already on disk.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	uerr := j.unlock()
	err := j.f.Close()
	j.f = nil
	return errors.Join(err, uerr)
}
