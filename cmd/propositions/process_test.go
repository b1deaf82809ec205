package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/orion-static/orion/generator/journal"
	"github.com/orion-static/orion/generator/proposition"
)

// liveFiles writes a reference whose campaign is open today (the real
// clock: these tests run the command as it runs in production) with n
// schools of région 84 offering the same bac pro, and the test codes.
func liveFiles(t *testing.T, n int) (dir string, args []string, annee int) {
	t.Helper()
	dir = t.TempDir()
	now := time.Now()
	annee = now.Year()
	ref := &proposition.Reference{
		Campagne: proposition.Campagne{
			Annee:  annee,
			Debut:  proposition.DateOf(now.Year(), now.Month(), now.Day()-30),
			Fin:    proposition.DateOf(now.Year(), now.Month(), now.Day()+30),
			Statut: proposition.CampagneEnCours,
		},
		Regions:     []proposition.Code{{Code: "84", Libelle: "Auvergne-Rhône-Alpes"}, {Code: "11", Libelle: "Île-de-France"}},
		Dispositifs: []proposition.Code{{Code: "247", Libelle: "Bac pro en 3 ans"}},
		Formations:  []proposition.Formation{{CFD: "40025214", Libelle: "MELEC", NSF: "255"}},
	}
	for i := 0; i < n; i++ {
		ref.Etablissements = append(ref.Etablissements, proposition.Etablissement{
			UAI: liveUAI(i), Nom: fmt.Sprintf("Lycée %d", i), CodeRegion: "84",
			Offres: []proposition.Offre{{CFD: "40025214", CodeDispositif: "247", Libelle: "Bac pro MELEC"}},
		})
	}
	f, err := os.Create(filepath.Join(dir, "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := proposition.WriteReference(f, ref); err != nil {
		t.Fatal(err)
	}
	f.Close()
	writeCodes(t, filepath.Join(dir, "codes.jsonl"))
	args = []string{
		"--addr", "127.0.0.1:0", "--journal", filepath.Join(dir, "propositions.jsonl"),
		"--reference", filepath.Join(dir, "reference.json"), "--codes", filepath.Join(dir, "codes.jsonl"),
		"--rate", "0", "--allowed-origin", siteOrigin,
	}
	return dir, args, annee
}

func liveUAI(i int) string { return fmt.Sprintf("0840%03dK", i) }

// liveBody is the i-th distinct valid proposal: school i/2, rentrée annee
// or annee+1.
func liveBody(i, annee int) map[string]any {
	return map[string]any{
		"uai": liveUAI(i / 2), "cfd": "40025214", "codeDispositif": "247", "rentreeScolaire": annee + i%2,
		"typeDemande": "augmentation_nette", "capaciteScolaireActuelle": 24, "capaciteScolaire": 30,
		"motif": []string{"besoins_economiques_locaux"}, "commentaire": "Appeler M. Durand",
	}
}

var listenRe = regexp.MustCompile(`"msg":"écoute","adresse":"([^"]+)"`)

// waitListening waits for the "écoute" log line and returns the address.
func waitListening(t *testing.T, logs *syncBuffer, exited <-chan error) string {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		if m := listenRe.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-exited:
			t.Fatalf("the handler stopped before listening: %v\n%s", err, logs.String())
		case <-deadline:
			t.Fatalf("the handler did not listen within 15 s:\n%s", logs.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func post(client *http.Client, addr, code, key string, body any) (int, map[string]any, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/propositions", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+code)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	var m map[string]any
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, nil, err
	}
	json.Unmarshal(raw, &m)
	return res.StatusCode, m, nil
}

// runInProcess starts run() as main does and returns its address, logs
// and a stop function that cancels it (as SIGTERM does) and returns its error.
func runInProcess(t *testing.T, args []string) (addr string, logs *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncBuffer{}
	exited := make(chan error, 1)
	go func() { exited <- run(ctx, args, func(string) string { return "" }, io.Discard, logs, nil) }()
	addr = waitListening(t, logs, exited)
	return addr, logs, func() error {
		cancel()
		select {
		case err := <-exited:
			return err
		case <-time.After(15 * time.Second):
			t.Fatal("run did not stop")
			return nil
		}
	}
}

// A journal left torn by a crash: the handler starts, reports the damage,
// keeps the earlier records and goes on numbering after them.
func TestStartWithDamagedJournal(t *testing.T) {
	for _, c := range []struct {
		name string
		tail func(line []byte) []byte
	}{
		{"truncated last record", func(line []byte) []byte {
			return bytes.Replace(line, []byte(`"seq":1`), []byte(`"seq":3`), 1)[:len(line)/3]
		}},
		{"corrupted last record", func(line []byte) []byte {
			return bytes.Replace(bytes.Replace(line, []byte(`"seq":1`), []byte(`"seq":3`), 1), []byte("Durand"), []byte("Dupont"), 1)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, args, annee := liveFiles(t, 4)
			path := filepath.Join(dir, "propositions.jsonl")
			addr, _, stop := runInProcess(t, args)
			client := &http.Client{Timeout: 5 * time.Second}
			var acked []string
			for i := 0; i < 2; i++ {
				status, m, err := post(client, addr, codeOf("region:84", roleRegion), "", liveBody(i, annee))
				if err != nil || status != http.StatusCreated {
					t.Fatalf("submit %d: %d %v %v", i, status, m, err)
				}
				acked = append(acked, m["numero"].(string))
			}
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			good, _ := os.ReadFile(path)
			first := good[:bytes.IndexByte(good, '\n')+1]
			tail := c.tail(first)
			os.WriteFile(path, append(append([]byte(nil), good...), tail...), 0o600)

			addr, logs, stop := runInProcess(t, args)
			if !strings.Contains(logs.String(), "fin endommagée écartée") || !strings.Contains(logs.String(), fmt.Sprintf(`"octet":%d`, len(good))) {
				t.Errorf("the damage is not reported:\n%s", logs.String())
			}
			if kept, _ := os.ReadFile(fmt.Sprintf("%s.corrupt-%d", path, len(good))); !bytes.Equal(kept, tail) {
				t.Errorf("the damaged bytes were not kept aside")
			}
			// The earlier records are there: resubmitting one is a duplicate.
			status, m, _ := post(client, addr, codeOf("region:84", roleRegion), "", liveBody(0, annee))
			if status != http.StatusConflict || m["numero"] != acked[0] {
				t.Errorf("resubmission: %d %v", status, m)
			}
			status, m, _ = post(client, addr, codeOf("region:84", roleRegion), "", liveBody(2, annee))
			if status != http.StatusCreated || m["numero"] != journal.Numero(annee, 3) {
				t.Errorf("next submission: %d %v", status, m)
			}
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			ps, torn, err := journal.Load(path)
			if err != nil || torn != nil || len(ps) != 3 {
				t.Errorf("journal after restart: %d proposals, torn %v, err %v", len(ps), torn, err)
			}
		})
	}
}

// A damaged record followed by good ones is not a crash: the handler
// refuses to start rather than guess, and leaves the file as it is.
func TestStartRefusesDamagedMiddle(t *testing.T) {
	dir, args, annee := liveFiles(t, 4)
	path := filepath.Join(dir, "propositions.jsonl")
	j, _, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		var p proposition.Proposition
		b, _ := json.Marshal(liveBody(i, annee))
		json.Unmarshal(b, &p)
		p.Campagne, p.CodeRegion = annee, "84"
		if _, _, err := j.Submit(journal.Submission{Proposition: p, Par: "region:84", At: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	b, _ := os.ReadFile(path)
	// The second record (rentrée annee+1) now fails its checksum.
	bad := bytes.Replace(b, []byte(fmt.Sprintf(`"rentreeScolaire":%d`, annee+1)), []byte(fmt.Sprintf(`"rentreeScolaire":%d`, annee+2)), 1)
	if bytes.Equal(bad, b) || bytes.Index(bad, []byte(fmt.Sprint(annee+2))) > bytes.LastIndexByte(bad[:len(bad)-1], '\n') {
		t.Fatal("the damage is not in the middle record")
	}
	os.WriteFile(path, bad, 0o600)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = run(ctx, args, func(string) string { return "" }, io.Discard, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("run on a damaged journal: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, bad) {
		t.Error("the damaged journal was modified")
	}
}

// proc is the handler binary running in its own process.
type proc struct {
	cmd    *exec.Cmd
	addr   string
	logs   *syncBuffer
	exited chan error
}

func start(t *testing.T, bin string, args []string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), logs: &syncBuffer{}, exited: make(chan error, 1)}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.cmd.Process.Kill() })
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.logs.Write(append(sc.Bytes(), '\n'))
		}
		p.exited <- p.cmd.Wait()
	}()
	p.addr = waitListening(t, p.logs, p.exited)
	return p
}

func buildHandler(t *testing.T) string {
	t.Helper()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command to build the handler")
		}
	}
	bin := filepath.Join(t.TempDir(), "propositions")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	return bin
}

// The real binary under a burst of concurrent submissions is killed with
// SIGKILL, restarted on the same journal: every acknowledged proposal is
// there exactly once, and retrying the whole burst with the same keys
// creates nothing twice.
func TestCrashDuringBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the handler binary")
	}
	bin := buildHandler(t)
	const total, workers, killAfter = 200, 8, 60
	dir, args, annee := liveFiles(t, total/2)
	path := filepath.Join(dir, "propositions.jsonl")
	code := codeOf("region:84", roleRegion)
	key := func(i int) string { return fmt.Sprintf("rafale-%03d", i) }

	p := start(t, bin, args)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var (
		mu      sync.Mutex
		acked   = map[int]string{} // request → numéro acknowledged before the kill
		nAcked  atomic.Int32
		killed  = make(chan struct{})
		killOne sync.Once
		jobs    = make(chan int)
		wg      sync.WaitGroup
	)
	client := &http.Client{Timeout: 5 * time.Second}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				status, m, err := post(client, p.addr, code, key(i), liveBody(i, annee))
				if err != nil {
					continue // killed mid-request: not acknowledged
				}
				if status != http.StatusCreated {
					t.Errorf("request %d: %d %v", i, status, m)
					continue
				}
				mu.Lock()
				acked[i] = m["numero"].(string)
				mu.Unlock()
				if nAcked.Add(1) >= killAfter {
					killOne.Do(func() {
						p.cmd.Process.Signal(syscall.SIGKILL)
						close(killed)
					})
				}
			}
		}()
	}
	for i := 0; i < total; i++ {
		select {
		case jobs <- i:
		case <-ctx.Done():
			t.Fatal("the burst took more than 20 s")
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case <-killed:
	default:
		t.Fatalf("only %d acknowledgements: the handler was never killed", nAcked.Load())
	}
	<-p.exited
	t.Logf("%d of %d submissions acknowledged before SIGKILL", len(acked), total)

	// Restart on the same journal.
	p = start(t, bin, args)
	ps, _, err := journal.Load(path)
	if err != nil {
		t.Fatalf("the journal does not replay after SIGKILL: %v", err)
	}
	stored := map[string]int{}
	for _, x := range ps {
		stored[x.Numero]++
	}
	for i, n := range acked {
		if stored[n] != 1 {
			t.Errorf("acknowledged %s (request %d) stored %d times", n, i, stored[n])
		}
	}
	// Retrying every request with its key: the acknowledged ones get their
	// numéro back, the others are stored now, nothing twice.
	for i := 0; i < total; i++ {
		status, m, err := post(client, p.addr, code, key(i), liveBody(i, annee))
		if err != nil || status != http.StatusCreated {
			t.Fatalf("retry %d: %d %v %v", i, status, m, err)
		}
		if n, ok := acked[i]; ok && m["numero"] != n {
			t.Errorf("retry %d: numéro %v, acknowledged as %s", i, m["numero"], n)
		}
	}

	// SIGHUP with a broken reference keeps the old one; SIGTERM stops cleanly.
	os.WriteFile(filepath.Join(dir, "reference.json"), []byte("{"), 0o600)
	p.cmd.Process.Signal(syscall.SIGHUP)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(p.logs.String(), "rechargement de la référence refusé") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if res, err := client.Get("http://" + p.addr + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("healthz after a bad SIGHUP: %v %v\n%s", res, err, p.logs.String())
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, p.logs.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exit 10 s after SIGTERM")
	}

	ps, torn, err := journal.Load(path)
	if err != nil || torn != nil {
		t.Fatalf("final journal: torn %v, err %v", torn, err)
	}
	seen := map[string]bool{}
	for _, x := range ps {
		k := fmt.Sprint(x.UAI, x.RentreeScolaire)
		if seen[k] {
			t.Errorf("%s stored twice", k)
		}
		seen[k] = true
	}
	if len(ps) != total {
		t.Errorf("%d proposals in the journal, want %d", len(ps), total)
	}
	for _, c := range testCodes {
		if strings.Contains(p.logs.String(), c.code) {
			t.Errorf("the logs show an access code")
		}
	}
}
