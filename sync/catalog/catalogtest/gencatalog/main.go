// Command gencatalog writes a generated catalog (catalogtest.Generate) as JSON to
// stdout, for the benches that drive the real kiosk binary (scripts/bench.d/ui.sh):
//
//	go run ./sync/catalog/catalogtest/gencatalog -n 2500 -seed 1 > catalog.json
//
// It is a bench tool: nothing the kiosk ships imports it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/cantho-kiosk/kiosk/sync/catalog/catalogtest"
)

func main() {
	n := flag.Int("n", catalogtest.Province, "procedures")
	seed := flag.Uint64("seed", 1, "seed (the same seed gives the same catalog)")
	flag.Parse()
	if *n < 1 {
		fmt.Fprintln(os.Stderr, "gencatalog: -n must be at least 1")
		os.Exit(2)
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(catalogtest.Generate(*n, *seed)); err != nil {
		fmt.Fprintln(os.Stderr, "gencatalog:", err)
		os.Exit(1)
	}
}
