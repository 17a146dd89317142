package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/khabar-nlp/khabar/eval"
	"github.com/khabar-nlp/khabar/extract"
)

// cmdEval is `khabar eval`: score predictions (a file, or the pipeline run
// here) against gold annotations. Low scores are not errors: the exit code
// is non-zero only for bad flags or input (exitUsage) and for a pipeline or
// output failure (exitFailure).
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return evalMain(ctx, args, os.Stdin, stdout, stderr)
}

func evalMain(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var pf pipelineFlags
	pf.register(fs)
	gold := fs.String("gold", "", "gold file: JSONL (FORMAT.md §3) or CoNLL/BIO (token TAG lines), detected (required)")
	pred := fs.String("pred", "", "predictions: khabar JSONL output, or for CoNLL gold a CoNLL file with the same tokens ('-': stdin); default: run the pipeline")
	workers := fs.Int("workers", 0, "documents processed at once when running the pipeline (default: number of cores)")
	typeMap := fs.String("map", "", "rename types on both sides before scoring, e.g. PER=PERS,GPE=LOC,MIS*=MISC (X= drops X)")
	types := fs.String("types", "", "score only these types (after --map), e.g. PERS,LOC,ORG")
	jsonOut := fs.Bool("json", false, "print the scores as JSON instead of tables")
	errorsOut := fs.String("errors", "", "write every false positive / negative with its context to this file (JSONL)")
	partial := fs.Bool("partial", false, "count overlapping entities of the same type as matches (default: exact spans)")
	lenient := fs.Bool("lenient", false, "accept malformed BIO tags and score them as seqeval does")
	goldCol := fs.Int("gold-col", 2, "tag column of a CoNLL gold file (1-based)")
	convention := fs.String("convention", "none", "rewrite khabar's entities to a CoNLL gold's span rules before scoring: none, or anercorp (descriptor heads such as قطاع/حركة/صحيفة outside the name; الحكومة/الجيش/وزارة … bodies not entities); see eval/README.md")
	predCol := fs.Int("pred-col", 2, "tag column of a CoNLL prediction file (1-based; 3 for a conlleval-style token-gold-pred file)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: khabar eval --gold FILE [--pred FILE | --model DIR ...] [flags]")
		fmt.Fprintln(stderr, "Scores entities (exact or --partial; micro, macro, per type; equal to seqeval on BIO files)")
		fmt.Fprintln(stderr, "and, for JSONL gold, events, arguments and vote tallies (FORMAT.md §4).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	fail := func(code int, err error) int {
		fmt.Fprintln(stderr, "khabar eval:", err)
		return code
	}
	if fs.NArg() > 0 {
		return fail(exitUsage, fmt.Errorf("unexpected argument %q (the gold file goes in --gold)", fs.Arg(0)))
	}
	if *gold == "" {
		fs.Usage()
		return fail(exitUsage, errors.New("--gold is required"))
	}
	if *pred != "" && pf.model != "" {
		return fail(exitUsage, errors.New("--pred and --model exclude each other: --model runs the pipeline"))
	}
	m, err := eval.ParseTypeMap(*typeMap)
	if err != nil {
		return fail(exitUsage, err)
	}
	conv, err := eval.ParseConvention(*convention)
	if err != nil {
		return fail(exitUsage, err)
	}
	cfg := eval.Config{
		Convention: conv,
		Gold:       *gold,
		Pred:       *pred,
		Stdin:      stdin,
		Options:    eval.Options{Map: m, Types: eval.ParseTypes(*types), Partial: *partial},
		GoldColumn: *goldCol,
		PredColumn: *predCol,
		Lenient:    *lenient,
	}
	if *pred == "" {
		opts, err := pf.options(*workers)
		if err != nil {
			return fail(exitUsage, err)
		}
		p, err := extract.New(ctx, opts...)
		if err != nil {
			return fail(exitFailure, err)
		}
		defer p.Close()
		cfg.Extractor = pipelineExtractor(p)
	}
	rep, err := eval.Run(ctx, cfg)
	if err != nil {
		if errors.Is(err, eval.ErrBadInput) {
			return fail(exitUsage, err)
		}
		return fail(exitFailure, err)
	}
	if *errorsOut != "" {
		if err := writeFileWith(*errorsOut, rep.WriteErrors); err != nil {
			return fail(exitFailure, err)
		}
	}
	if *jsonOut {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteTable(stdout)
	}
	if err != nil {
		return fail(exitFailure, err)
	}
	return exitOK
}

// writeFileWith creates path and fills it with write.
func writeFileWith(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// pipelineExtractor runs documents through the pipeline's batch call, which
// groups them so that the model sees full batches, and keeps their order.
func pipelineExtractor(p *extract.Pipeline) eval.Extractor {
	return eval.ExtractorFunc(func(ctx context.Context, docs []extract.Doc) ([]extract.Result, error) {
		out := make([]extract.Result, 0, len(docs))
		seq := func(yield func(extract.Doc, error) bool) {
			for _, d := range docs {
				if !yield(d, nil) {
					return
				}
			}
		}
		err := p.ExtractAll(ctx, seq, func(r extract.Result) error {
			out = append(out, r)
			return nil
		})
		return out, err
	})
}
