package journal

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/orion-static/orion/generator/proposition"
)

var t0 = time.Date(2025, 3, 15, 10, 0, 0, 0, time.UTC)

func sample(uai, cfd string, rentree int) proposition.Proposition {
	return proposition.Proposition{
		Campagne: 2025, UAI: uai, CodeRegion: "84", CFD: cfd, CodeDispositif: "247", RentreeScolaire: rentree,
		TypeDemande: proposition.AugmentationNette, CapaciteScolaireActuelle: 24, CapaciteScolaire: 30,
		Motifs: []string{"metiers_2030"}, Commentaire: "confidentiel",
	}
}

func openT(t *testing.T, path string) (*Journal, *Torn) {
	t.Helper()
	j, torn, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return j, torn
}

func submit(t *testing.T, j *Journal, p proposition.Proposition, cle string) string {
	t.Helper()
	n, _, err := j.Submit(Submission{Proposition: p, Par: "uai:" + p.UAI, Cle: cle, At: t0})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestJournalReplaysWhatWasAcknowledged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, torn := openT(t, path)
	if torn != nil {
		t.Fatalf("new journal reported %v", torn)
	}
	n1 := submit(t, j, sample("0010001W", "40025214", 2026), "k1")
	n2 := submit(t, j, sample("0010001W", "40025214", 2025), "")
	if n1 != "P-2025-000001" || n2 != "P-2025-000002" {
		t.Fatalf("numéros %s, %s", n1, n2)
	}
	if _, err := j.ChangeStatut(Change{Numero: n1, Vers: proposition.DossierComplet, Par: "region:84", At: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	j.Close()

	j2, torn := openT(t, path)
	if torn != nil {
		t.Fatalf("clean journal reported %v", torn)
	}
	ps := j2.Propositions()
	if len(ps) != 2 || ps[0].Numero != n1 || ps[0].Statut != proposition.DossierComplet || ps[1].Statut != proposition.StatutProposition {
		t.Fatalf("replayed %+v", ps)
	}
	if !ps[0].UpdatedAt.Equal(t0.Add(time.Hour)) || !ps[0].CreatedAt.Equal(t0) {
		t.Errorf("times %v %v", ps[0].CreatedAt, ps[0].UpdatedAt)
	}
	// The next numéro continues after the status record.
	if n := submit(t, j2, sample("0690002X", "40025214", 2026), ""); n != "P-2025-000004" {
		t.Errorf("next numéro %s", n)
	}
	// Each line carries its checksum and the submitter's scope, never a code.
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], `"sum":"`) || !strings.Contains(lines[0], `"par":"uai:0010001W"`) || !strings.Contains(lines[2], `"kind":"statut"`) {
		t.Errorf("journal lines:\n%s", b)
	}
}

func TestJournalIdempotencyAndDuplicates(t *testing.T) {
	j, _ := openT(t, filepath.Join(t.TempDir(), "j"))
	p := sample("0010001W", "40025214", 2026)
	n := submit(t, j, p, "cle-1")

	again, replayed, err := j.Submit(Submission{Proposition: p, Par: "uai:0010001W", Cle: "cle-1", At: t0.Add(time.Minute)})
	if err != nil || !replayed || again != n {
		t.Errorf("retry = %s, %v, %v; want %s, replayed", again, replayed, err, n)
	}
	// The same key in another scope is another request: here a duplicate.
	_, _, err = j.Submit(Submission{Proposition: p, Par: "region:84", Cle: "cle-1", At: t0})
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Numero != n {
		t.Errorf("same proposal from another scope: %v, want a duplicate of %s", err, n)
	}
	// Reusing a key for other content is refused.
	other := sample("0010001W", "40025214", 2025)
	if _, _, err := j.Submit(Submission{Proposition: other, Par: "uai:0010001W", Cle: "cle-1", At: t0}); !errors.Is(err, ErrKeyReused) {
		t.Errorf("key reused: %v", err)
	}
	if got, found, err := j.Lookup("uai:0010001W", "cle-1", p); !found || err != nil || got != n {
		t.Errorf("Lookup = %s %v %v", got, found, err)
	}
	// Once refused, the same formation and rentrée may be proposed again.
	for _, s := range []proposition.Statut{proposition.DossierIncomplet, proposition.ProjetDeDemande} {
		if _, err := j.ChangeStatut(Change{Numero: n, Vers: s, Par: "region:84", At: t0}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := j.ChangeStatut(Change{Numero: n, Vers: proposition.Refusee, MotifsRefus: []string{"probleme_bati"}, Par: "region:84", At: t0}); err != nil {
		t.Fatal(err)
	}
	if n2 := submit(t, j, p, ""); n2 == n {
		t.Error("a refused proposal blocked a new one")
	}
	if len(j.Propositions()) != 2 {
		t.Errorf("%d proposals stored", len(j.Propositions()))
	}
}

func TestJournalWorkflow(t *testing.T) {
	j, _ := openT(t, filepath.Join(t.TempDir(), "j"))
	n := submit(t, j, sample("0010001W", "40025214", 2026), "")
	step := func(to proposition.Statut, motifs ...string) error {
		_, err := j.ChangeStatut(Change{Numero: n, Vers: to, MotifsRefus: motifs, Par: "region:84", At: t0})
		return err
	}
	var te *proposition.TransitionError
	if err := step(proposition.ProjetDeDemande); !errors.As(err, &te) {
		t.Errorf("skipping a step: %v", err)
	}
	if err := step(proposition.DemandeValidee); !errors.As(err, &te) {
		t.Errorf("validating a fresh proposal: %v", err)
	}
	if err := step(proposition.DossierComplet); err != nil {
		t.Fatal(err)
	}
	if err := step(proposition.StatutProposition); !errors.As(err, &te) {
		t.Errorf("going back: %v", err)
	}
	if err := step(proposition.ProjetDeDemande); err != nil {
		t.Fatal(err)
	}
	var fe proposition.FieldErrors
	if err := step(proposition.Refusee); !errors.As(err, &fe) || fe["motifRefus"] == "" {
		t.Errorf("refusal without motif: %v", err)
	}
	if err := step(proposition.DemandeValidee, "probleme_bati"); !errors.As(err, &fe) {
		t.Errorf("validation with a refusal motif: %v", err)
	}
	if err := step(proposition.DemandeValidee); err != nil {
		t.Fatal(err)
	}
	if err := step(proposition.Refusee, "probleme_bati"); !errors.As(err, &te) {
		t.Errorf("changing a final decision: %v", err)
	}
	if _, err := j.ChangeStatut(Change{Numero: "P-2025-999999", Vers: proposition.DossierComplet}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown numéro: %v", err)
	}
}

// journalOf writes n proposals and returns the file's bytes.
func journalOf(t *testing.T, path string, n int) []byte {
	t.Helper()
	j, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		submit(t, j, sample("0010001W", "4002521"+string(rune('0'+i)), 2026), "")
	}
	j.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestJournalTornTail(t *testing.T) {
	for _, c := range []struct {
		name string
		tail func(good []byte) []byte // what a crash left after the 2 good records
	}{
		{"half a record", func(g []byte) []byte {
			line := bytes.SplitAfter(g, []byte("\n"))[0]
			line = bytes.Replace(line, []byte(`"seq":1`), []byte(`"seq":3`), 1)
			return line[:len(line)/2]
		}},
		{"cut within its first bytes", func([]byte) []byte { return []byte(`{"se`) }},
		{"zeros, then the end of the record", func(g []byte) []byte {
			line := bytes.SplitAfter(g, []byte("\n"))[0]
			return append(make([]byte, 4096), line[len(line)/2:]...)
		}},
		{"complete line, bad checksum", func(g []byte) []byte {
			line := bytes.SplitAfter(g, []byte("\n"))[0]
			line = bytes.Replace(line, []byte(`"seq":1`), []byte(`"seq":3`), 1)
			return bytes.Replace(line, []byte("confidentiel"), []byte("CONFIDENTIEL"), 1)
		}},
		{"zeroed block", func([]byte) []byte { return make([]byte, 512) }},
		{"garbage line", func([]byte) []byte { return []byte("{\"seq\":\n") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "j")
			good := journalOf(t, path, 2)
			tail := c.tail(good)
			if err := os.WriteFile(path, append(append([]byte(nil), good...), tail...), 0o600); err != nil {
				t.Fatal(err)
			}
			// Load (orion build) ignores the tail without touching the file.
			ps, torn, err := Load(path)
			if err != nil || torn == nil || len(ps) != 2 {
				t.Fatalf("Load: %d proposals, torn %v, err %v", len(ps), torn, err)
			}
			if b, _ := os.ReadFile(path); len(b) != len(good)+len(tail) {
				t.Error("Load changed the journal")
			}

			j, torn := openT(t, path)
			if torn == nil || torn.Offset != int64(len(good)) || torn.Size != int64(len(tail)) {
				t.Fatalf("torn = %+v, want the tail at %d (%d bytes)", torn, len(good), len(tail))
			}
			if kept, _ := os.ReadFile(torn.Copy); !bytes.Equal(kept, tail) {
				t.Errorf("copy %s holds %q, want the torn bytes", torn.Copy, kept)
			}
			if b, _ := os.ReadFile(path); !bytes.Equal(b, good) {
				t.Error("the torn tail was not truncated away")
			}
			if len(j.Propositions()) != 2 {
				t.Errorf("%d proposals kept, want 2", len(j.Propositions()))
			}
			// Appending goes on from the good prefix.
			if n := submit(t, j, sample("0690002X", "40025214", 2026), ""); n != "P-2025-000003" {
				t.Errorf("next numéro %s", n)
			}
			j.Close()
			if _, torn, err := Open(path); err != nil || torn != nil {
				t.Errorf("reopen: torn %v, err %v", torn, err)
			}
		})
	}
}

// Damage a crash cannot explain stops Open and Load with the file, the
// line, the byte offset and what was expected, and changes nothing: in
// particular a cut that merges two records into one bad last line is not
// taken for a torn last record (which would drop an acknowledged record
// and hand its numéro out again).
func TestJournalDamageIsAnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "j")
	good := journalOf(t, path, 4)
	lines := bytes.SplitAfter(good, []byte("\n")) // 4 lines and a final ""
	at := func(i int) int { return len(bytes.Join(lines[:i], nil)) }
	for _, c := range []struct {
		name string
		bad  []byte
		line int
		want string
	}{
		{"wrong seq", bytes.Replace(good, []byte(`"seq":2`), []byte(`"seq":9`), 1), 2, "seq 2 expected, found seq 9"},
		{"bit flip in data", bytes.Replace(good, []byte("40025211"), []byte("40025219"), 1), 2, "seq 2 expected"},
		{"cut in the middle, records follow", append(append(append([]byte(nil), good[:at(1)+40]...), '\n'), good[at(2):]...), 2, "seq 2 expected"},
		{"cut merging the last two records", append(append([]byte(nil), good[:at(2)+len(lines[2])/2]...), lines[3]...), 3, "two records merged"},
		{"end of a record then the last one", append(append([]byte(nil), good[:at(3)]...), append(lines[2][len(lines[2])/2:len(lines[2])-1], lines[3]...)...), 4, "two records merged"},
		{"last record repeated", append(append([]byte(nil), good...), lines[3]...), 5, "seq 5 expected, found seq 4"},
		{"an earlier record torn at the end", append(append([]byte(nil), good...), lines[1][:50]...), 5, "seq 5 expected, found seq 2"},
		{"two bad lines at the end", append(append([]byte(nil), good...), []byte("{\"seq\":5,\n{\"seq\":6,")...), 5, "followed by"},
		{"garbage at the end", append(append([]byte(nil), good...), []byte("}garbage}{\n")...), 5, "does not start like a record"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(path, c.bad, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, open := range []struct {
				name string
				f    func() error
			}{
				{"Open", func() error {
					j, _, err := Open(path)
					if err == nil {
						j.Close()
					}
					return err
				}},
				{"Load", func() error { _, _, err := Load(path); return err }},
			} {
				err := open.f()
				var d *DamageError
				if !errors.As(err, &d) {
					t.Fatalf("%s: %v, want a *DamageError", open.name, err)
				}
				wantAt := fmt.Sprintf("%s:%d (byte %d)", path, c.line, at(c.line-1))
				if msg := err.Error(); !strings.Contains(msg, wantAt) || !strings.Contains(msg, c.want) {
					t.Errorf("%s: %q, want %q and %q", open.name, msg, wantAt, c.want)
				}
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, c.bad) {
				t.Error("the damaged journal was modified")
			}
			if m, _ := filepath.Glob(path + ".corrupt-*"); len(m) > 0 {
				t.Errorf("bytes were set aside: %v", m)
			}
		})
	}
}

func TestJournalSingleOwner(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	openT(t, path)
	if _, _, err := Open(path); err == nil {
		t.Error("a second Open of the same journal succeeded")
	}
}
