package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/orion-static/orion/generator/journal"
	"github.com/orion-static/orion/generator/proposition"
)

// config is everything the command line and the environment say.
type config struct {
	Addr           string
	Journal        string
	Reference      string
	Codes          string
	AllowedOrigins []string
	MaxBody        int64
	Rate           float64 // requests per minute, per client IP and per access code
	Burst          int
	RedirectBase   string
	ClientIPHeader string
	Shutdown       time.Duration
}

// errUsage marks a command-line mistake; the message was already printed.
var errUsage = errors.New("invalid command line")

// origins is a repeatable flag; values from the environment are replaced,
// not extended, by the command line.
type origins struct {
	list    *[]string
	fromEnv bool
}

func (o *origins) String() string {
	if o.list == nil {
		return ""
	}
	return strings.Join(*o.list, ",")
}

func (o *origins) Set(v string) error {
	if o.fromEnv {
		*o.list, o.fromEnv = nil, false
	}
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimRight(strings.TrimSpace(s), "/")
		if s == "" {
			continue
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" {
			return fmt.Errorf("origine %q : attendu schéma://hôte[:port], par exemple https://orion.example.fr", s)
		}
		*o.list = append(*o.list, s)
	}
	return nil
}

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	cfg := config{Shutdown: 10 * time.Second}
	fs := flag.NewFlagSet("propositions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8081", "adresse d'écoute (derrière le serveur web du site statique)")
	fs.StringVar(&cfg.Journal, "journal", "", "fichier journal des propositions (créé s'il n'existe pas) ; obligatoire")
	fs.StringVar(&cfg.Reference, "reference", "", "données de référence écrites par orion build (campagne, établissements, offres) ; obligatoire")
	fs.StringVar(&cfg.Codes, "codes", "", `codes d'accès : une ligne JSON par code, {"scope":"uai:0010001W"|"region:84","role":"etablissement"|"region"|"reviewer","hash":"<sha256 hex de sel+code>","salt":"…"} ; obligatoire`)
	og := &origins{list: &cfg.AllowedOrigins}
	fs.Var(og, "allowed-origin", "origine autorisée à poster depuis un navigateur (répétable, ou liste séparée par des virgules), par exemple https://orion.example.fr")
	fs.Int64Var(&cfg.MaxBody, "max-body", 64<<10, "taille maximale d'une requête, en octets")
	fs.Float64Var(&cfg.Rate, "rate", 30, "requêtes par minute permises par adresse IP et par code d'accès (seau à jetons) ; 0 : sans limite")
	fs.IntVar(&cfg.Burst, "burst", 10, "rafale permise au-delà du débit --rate")
	fs.StringVar(&cfg.RedirectBase, "redirect-base", "", "URL du site statique pour les redirections 303 après un envoi de formulaire (vide : même hôte)")
	fs.StringVar(&cfg.ClientIPHeader, "client-ip-header", "", "en-tête donnant l'IP du client posé par le mandataire inverse (ex. X-Real-IP) ; vide : l'adresse de la connexion")
	fs.DurationVar(&cfg.Shutdown, "shutdown-timeout", cfg.Shutdown, "délai laissé aux requêtes en cours à l'arrêt (SIGTERM)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage : propositions --journal FICHIER --reference FICHIER --codes FICHIER [options]\n\n"+
			"Chaque option peut aussi venir de la variable d'environnement ORION_PROP_<NOM> (--max-body : ORION_PROP_MAX_BODY).\n\nOptions :\n")
		fs.PrintDefaults()
	}

	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := "ORION_PROP_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(name); v != "" && envErr == nil {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = fmt.Errorf("%s: %w", name, err)
			}
		}
	})
	og.fromEnv = len(cfg.AllowedOrigins) > 0
	if envErr != nil {
		fmt.Fprintln(stderr, envErr)
		return cfg, errUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, flag.ErrHelp
		}
		return cfg, errUsage
	}
	var problems []string
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("argument inattendu : %q", fs.Arg(0)))
	}
	for _, req := range []struct{ v, name string }{{cfg.Journal, "journal"}, {cfg.Reference, "reference"}, {cfg.Codes, "codes"}} {
		if req.v == "" {
			problems = append(problems, "--"+req.name+" est obligatoire")
		}
	}
	if cfg.MaxBody < 1024 {
		problems = append(problems, "--max-body doit valoir au moins 1024 octets")
	}
	if cfg.Rate < 0 || cfg.Burst < 1 {
		problems = append(problems, "--rate doit être positif ou nul et --burst au moins 1")
	}
	cfg.RedirectBase = strings.TrimRight(cfg.RedirectBase, "/")
	if cfg.RedirectBase != "" {
		if u, err := url.Parse(cfg.RedirectBase); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, "--redirect-base doit être une URL absolue http(s)")
		}
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, p)
		}
		fs.Usage()
		return cfg, errUsage
	}
	return cfg, nil
}

// run serves until ctx is cancelled (SIGTERM, Ctrl-C): then it lets the
// requests in flight finish and closes the journal. Each value on hup
// (SIGHUP) reloads the reference and the codes; one that came during
// start-up, while they were being read, is served once the handler listens.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, hup <-chan os.Signal) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))

	ref, err := readReference(cfg.Reference)
	if err != nil {
		return err
	}
	codes, err := readCodes(cfg.Codes)
	if err != nil {
		return err
	}
	j, torn, err := journal.Open(cfg.Journal)
	if err != nil {
		return err
	}
	defer j.Close()
	if torn != nil {
		log.Warn("journal: damaged end set aside, the records before it are kept",
			"file", cfg.Journal, "offset", torn.Offset, "size", torn.Size, "copy", torn.Copy, "reason", torn.Reason)
	}

	s := newServer(cfg, log, j, ref, codes)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           s.handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      20 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening", "addr", ln.Addr().String(), "journal", cfg.Journal, "propositions", len(j.Propositions()),
		"campagne", ref.Campagne.Annee, "etablissements", len(ref.Etablissements), "codes", codes.len())

	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case <-hup:
		log.Info("SIGHUP received during start-up: reloading the reference and codes now that the service listens")
		s.reload(cfg)
	default:
	}
	if err := sdNotify(getenv("NOTIFY_SOCKET"), "READY=1"); err != nil {
		log.Warn("systemd: READY=1 not sent", "err", err.Error())
	}
	for {
		select {
		case err := <-served:
			return err
		case <-hup:
			s.reload(cfg)
		case <-ctx.Done():
			log.Info("shutdown requested: finishing the requests in progress")
			sdNotify(getenv("NOTIFY_SOCKET"), "STOPPING=1")
			sctx, cancel := context.WithTimeout(context.Background(), cfg.Shutdown)
			err := hs.Shutdown(sctx)
			cancel()
			if cerr := j.Close(); cerr != nil {
				err = errors.Join(err, cerr)
			}
			log.Info("stopped", "err", err)
			return err
		}
	}
}

func readReference(path string) (*proposition.Reference, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ref, err := proposition.ReadReference(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ref, nil
}

// reload swaps in a new reference and new codes; a file that does not load
// leaves the previous version in service.
func (s *server) reload(cfg config) {
	if ref, err := readReference(cfg.Reference); err != nil {
		s.log.Error("reference reload refused, the previous one stays in service", "err", err)
	} else {
		s.ref.Store(ref)
		s.log.Info("reference reloaded", "campagne", ref.Campagne.Annee, "statut", ref.Campagne.Statut, "etablissements", len(ref.Etablissements))
	}
	if c, err := readCodes(cfg.Codes); err != nil {
		s.log.Error("codes reload refused, the previous ones stay in service", "err", err)
	} else {
		s.codes.Store(c)
		s.log.Info("codes reloaded", "codes", c.len())
	}
}

// sdNotify sends a state to systemd when it started the handler with
// Type=notify (socket is $NOTIFY_SOCKET; nothing to do when empty). READY=1
// once listening makes `systemctl start` return, and a `systemctl reload`
// wait, until the handler can take a SIGHUP.
func sdNotify(socket, state string) error {
	if socket == "" {
		return nil
	}
	if socket[0] == '@' { // abstract namespace
		socket = "\x00" + socket[1:]
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: socket, Net: "unixgram"})
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Write([]byte(state))
	return err
}
