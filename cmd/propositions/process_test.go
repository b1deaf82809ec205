package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

var listenRe = regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)

// waitListening waits for the "listening" log line and returns the address.
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
			if !strings.Contains(logs.String(), "damaged end set aside") || !strings.Contains(logs.String(), fmt.Sprintf(`"offset":%d`, len(good))) {
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

// Damage a crash cannot explain (issue 14, point 9): a bad record
// followed by good ones, or a cut that merges the last two records into
// one bad last line. The handler refuses to start, says which file, line
// and byte and what it expected, and leaves the file as it is; it never
// drops the records after the damage to hand their numéros out again.
func TestStartRefusesDamagedJournal(t *testing.T) {
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
	good, _ := os.ReadFile(path)
	lines := bytes.SplitAfter(good, []byte("\n"))
	for _, c := range []struct {
		name string
		bad  []byte
		line int
		want string
	}{
		// The second record (rentrée annee+1) fails its checksum.
		{"bit flip in the middle record", bytes.Replace(good, []byte(fmt.Sprintf(`"rentreeScolaire":%d`, annee+1)), []byte(fmt.Sprintf(`"rentreeScolaire":%d`, annee+2)), 1), 2, "record seq 2 expected"},
		// Half of the second record and its end of line are cut out: the
		// last line is its first half followed by the whole third record.
		{"cut merging the last two records", append(append(append([]byte(nil), lines[0]...), lines[1][:len(lines[1])/2]...), lines[2]...), 2, "two records merged"},
	} {
		t.Run(c.name, func(t *testing.T) {
			os.WriteFile(path, c.bad, 0o600)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := run(ctx, args, func(string) string { return "" }, io.Discard, io.Discard, nil)
			wantAt := fmt.Sprintf("%s:%d (byte %d)", path, c.line, len(lines[0]))
			if err == nil || !strings.Contains(err.Error(), wantAt) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "nothing was changed") {
				t.Errorf("run on a damaged journal: %v\nwant %q and %q", err, wantAt, c.want)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, c.bad) {
				t.Error("the damaged journal was modified")
			}
			if m, _ := filepath.Glob(path + ".corrupt-*"); len(m) > 0 {
				t.Errorf("bytes were set aside as a torn tail: %v", m)
			}
		})
	}
}

// Issue 14, point 2: a SIGHUP received during start-up is kept and served
// as one reload once the handler listens (here through run's channel).
func TestSIGHUPPendingAtStartIsOneReload(t *testing.T) {
	_, args, _ := liveFiles(t, 2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	hup := make(chan os.Signal, 1)
	hup <- syscall.SIGHUP
	exited := make(chan error, 1)
	go func() { exited <- run(ctx, args, func(string) string { return "" }, io.Discard, logs, hup) }()
	waitListening(t, logs, exited)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "codes reloaded") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := strings.Count(logs.String(), "SIGHUP received during start-up"); n != 1 {
		t.Errorf("%d start-up SIGHUP lines, want 1:\n%s", n, logs.String())
	}
	if n := strings.Count(logs.String(), "reference reloaded"); n != 1 {
		t.Errorf("%d reloads, want 1:\n%s", n, logs.String())
	}
	cancel()
	if err := <-exited; err != nil {
		t.Fatal(err)
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
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
		if _, err := os.Stat(goBin); err != nil {
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
	for !strings.Contains(p.logs.String(), "reference reload refused") && time.Now().Before(deadline) {
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

// fifoWriter opens the named pipe at path for writing as soon as the
// handler opens it for reading, or fails when the handler exits first or
// nothing happens within the deadline.
func fifoWriter(t *testing.T, path string, exited <-chan error, deadline time.Time, logs *syncBuffer) *os.File {
	t.Helper()
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			return f
		}
		select {
		case err := <-exited:
			t.Fatalf("the handler stopped during start-up: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the handler did not open %s within the deadline: %v", path, err)
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// Issue 14, point 2, against the real binary: SIGHUPs sent again and
// again while it starts (every 2 ms, until at least 60 ms after the start,
// and in any case while it reads its reference and its codes) never kill
// it; once it listens it reloads, says READY=1 to systemd, serves, and
// stops cleanly on SIGTERM. The reference and the codes are named pipes
// that the test holds open, so that the signals land, deterministically,
// while the old handler had not registered SIGHUP yet. (Before the Go
// runtime has installed its handlers, in the first milliseconds after
// exec, the kernel's default action kills any program: under systemd,
// Type=notify makes `systemctl reload` wait for READY=1.)
func TestSIGHUPDuringStartup(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the handler binary")
	}
	bin := buildHandler(t)
	dir, args, annee := liveFiles(t, 4)
	files := map[string][]byte{}
	for _, name := range []string{"reference.json", "codes.jsonl"} {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
		os.Remove(path)
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	}
	sock := filepath.Join(dir, "notify.sock")
	notify, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer notify.Close()

	p := &proc{cmd: exec.Command(bin, args...), logs: &syncBuffer{}, exited: make(chan error, 1)}
	p.cmd.Env = append(os.Environ(), "NOTIFY_SOCKET="+sock)
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	t.Cleanup(func() { p.cmd.Process.Kill() })
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.logs.Write(append(sc.Bytes(), '\n'))
		}
		p.exited <- p.cmd.Wait()
	}()
	deadline := started.Add(15 * time.Second)
	sent := 0
	hup := func() {
		if err := p.cmd.Process.Signal(syscall.SIGHUP); err == nil {
			sent++
		}
		time.Sleep(2 * time.Millisecond)
	}
	for _, name := range []string{"reference.json", "codes.jsonl"} {
		path := filepath.Join(dir, name)
		w := fifoWriter(t, path, p.exited, deadline, p.logs) // the handler is reading this file now
		for i := 0; i < 5; i++ {
			hup()
		}
		if _, err := w.Write(files[name]); err != nil { // EPIPE: the reader is gone
			select {
			case exit := <-p.exited:
				t.Fatalf("the handler died (%v) after %d SIGHUPs while reading %s\n%s", exit, sent, name, p.logs.String())
			case <-time.After(5 * time.Second):
				t.Fatalf("write %s: %v", name, err)
			}
		}
		// Later reloads read a regular file with the same content.
		tmp := path + ".tmp"
		os.WriteFile(tmp, files[name], 0o600)
		os.Rename(tmp, path)
		w.Close()
	}
	for time.Since(started) < 60*time.Millisecond {
		hup()
	}
	select {
	case err := <-p.exited:
		t.Fatalf("the handler died after %d SIGHUPs during start-up: %v\n%s", sent, err, p.logs.String())
	default:
	}
	p.addr = waitListening(t, p.logs, p.exited)
	t.Logf("%d SIGHUPs sent during the first %v", sent, time.Since(started).Round(time.Millisecond))

	notify.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 256)
	if n, err := notify.Read(buf); err != nil || string(buf[:n]) != "READY=1" {
		t.Errorf("systemd notification: %q, %v", buf[:n], err)
	}
	for !strings.Contains(p.logs.String(), "codes reloaded") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if !strings.Contains(p.logs.String(), "SIGHUP received during start-up") || !strings.Contains(p.logs.String(), "reference reloaded") {
		t.Errorf("the SIGHUP of the start-up is not served as a reload:\n%s", p.logs.String())
	}
	client := &http.Client{Timeout: 5 * time.Second}
	if status, m, err := post(client, p.addr, codeOf("region:84", roleRegion), "", liveBody(0, annee)); err != nil || status != http.StatusCreated {
		t.Errorf("submission after the start-up: %d %v %v", status, m, err)
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
	if n, err := notify.Read(buf); err != nil || string(buf[:n]) != "STOPPING=1" {
		t.Errorf("systemd notification at the stop: %q, %v", buf[:n], err)
	}
}
