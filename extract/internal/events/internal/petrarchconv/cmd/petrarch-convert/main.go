// Command petrarch-convert derives khabar's PETRARCH lexicon files from
// UniversalPetrarch's Arabic dictionaries:
//
//	go run ./extract/internal/events/internal/petrarchconv/cmd/petrarch-convert
//
// -src and -out default to ../shared/data/petrarch_ar and
// extract/internal/events/lexicon/petrarch, relative to the module root.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/khabar-nlp/khabar/extract/internal/events/internal/petrarchconv"
)

func main() {
	src := flag.String("src", "", "folder of the UniversalPetrarch Arabic dictionaries (default <module root>/"+petrarchconv.DefaultSrc+")")
	out := flag.String("out", "", "output folder (default <module root>/"+petrarchconv.DefaultOut+")")
	flag.Parse()
	if *src == "" || *out == "" {
		root, err := petrarchconv.FindModuleRoot(".")
		if err != nil {
			fmt.Fprintln(os.Stderr, "petrarch-convert:", err)
			os.Exit(1)
		}
		if *src == "" {
			*src = filepath.Join(root, petrarchconv.DefaultSrc)
		}
		if *out == "" {
			*out = filepath.Join(root, petrarchconv.DefaultOut)
		}
	}
	rep, err := petrarchconv.Convert(*src, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "petrarch-convert:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %s: agents %d, actors %d, verbs %d, synsets %d rows\n", *out,
		rep.Agents.Rows, rep.Actors.Rows, rep.Verbs.Rows, rep.Synsets.Rows)
}
