// Command sync copies the front-end files the site ships from node_modules
// into assets/npm/files, to be embedded in the orion binary:
//
//	go run ./assets/npm/sync [--from node_modules] [--to assets/npm/files]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/orion-static/orion/assets/npm"
)

func main() {
	from := flag.String("from", "node_modules", "node_modules folder (npm ci --ignore-scripts)")
	to := flag.String("to", "assets/npm/files", "folder embedded by package assets/npm")
	flag.Parse()
	n, err := npm.Sync(*from, *to)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sync:", err)
		os.Exit(1)
	}
	fmt.Printf("%d fichiers front-end copiés dans %s\n", n, *to)
}
