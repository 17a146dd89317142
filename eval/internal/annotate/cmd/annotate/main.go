// Command annotate converts the annotated samples source into gold JSONL
// (FORMAT.md §3) after checking it, and prints entity and event counts.
//
//	go run ./eval/internal/annotate/cmd/annotate \
//	    -in eval/testdata/samples.src.txt -out eval/testdata/samples.jsonl
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/khabar-nlp/khabar/eval/internal/annotate"
)

func main() {
	in := flag.String("in", "eval/testdata/samples.src.txt", "annotation source file")
	out := flag.String("out", "eval/testdata/samples.jsonl", "gold JSONL to write (- for stdout)")
	stats := flag.Bool("stats", true, "print counts per entity and event type to stderr")
	flag.Parse()
	if err := run(*in, *out, *stats); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(in, out string, stats bool) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	recs, err := annotate.Convert(in, f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := annotate.WriteJSONL(&buf, recs); err != nil {
		return err
	}
	if out == "-" {
		_, err = os.Stdout.Write(buf.Bytes())
	} else {
		err = os.WriteFile(out, buf.Bytes(), 0o644)
	}
	if err != nil {
		return err
	}
	if stats {
		fmt.Fprint(os.Stderr, annotate.Count(recs).Markdown())
	}
	return nil
}
