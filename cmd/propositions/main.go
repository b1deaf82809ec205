// Command propositions is Orion's small companion HTTP handler: it receives
// the proposals to open, close, extend, reduce, transfer or colour training
// places from the static site's form (or as JSON), checks them against the
// reference data written by `orion build`, stores them durably in an
// append-only journal and lets région reviewers move them through the
// review workflow. `orion build --propositions JOURNAL` publishes them.
//
//	propositions --journal FILE --reference FILE --codes FILE [--addr 127.0.0.1:8081] …
//
// Every flag can also be given as an environment variable ORION_PROP_<NAME>
// (--max-body → ORION_PROP_MAX_BODY); a flag wins over its variable.
// SIGHUP reloads the reference and the access codes (one received during
// start-up is served as one reload once started); SIGTERM finishes the
// requests in flight, closes the journal and exits. Under systemd
// (Type=notify) the handler says READY=1 once it listens.
//
// Pure Go, no cgo: CGO_ENABLED=0 go build ./cmd/propositions.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// The signals are the first thing registered: until then a SIGHUP
	// kills the process, which systemd counts as a clean stop
	// (Restart=on-failure then leaves the handler down), and loading the
	// reference, the codes and the journal takes tens of milliseconds.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, hup)
	stop()
	signal.Stop(hup)
	if err != nil {
		fmt.Fprintln(os.Stderr, "propositions:", err)
		os.Exit(1)
	}
}
