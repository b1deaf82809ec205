// Command orion builds the Orion static site from open data.
//
//	orion build  --data DIR --out DIR [--base-url URL]   build the whole site
//	orion sample --out DIR [--seed N] [--scale K]         write the fictional sample data set
//	orion serve  --dir DIR [--addr 127.0.0.1:8080]        preview a built site
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "orion:", err)
		os.Exit(1)
	}
}
