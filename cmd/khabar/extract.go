package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract"
	"github.com/khabar-nlp/khabar/models"
)

// pipelineFlags are the flags shared by every command that builds a pipeline.
type pipelineFlags struct {
	model       string
	ortLib      string
	ortVerbose  bool
	threads     int
	interOp     int
	batch       int
	stride      int
	aggregation string
	noModel     bool
	noGaz       bool
	noPatterns  bool
	noEvents    bool
}

func (f *pipelineFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.model, "model", "", "model folder (Hugging Face token-classification export), or the name of an embedded model ("+strings.Join(models.Names(), ", ")+"); default: "+models.DefaultName)
	fs.StringVar(&f.ortLib, "ort-lib", "", "path of libonnxruntime.so (default: $ONNXRUNTIME_SHARED_LIBRARY_PATH, then third_party/onnxruntime/lib installed by make setup)")
	fs.BoolVar(&f.ortVerbose, "ort-log", false, "let ONNX Runtime's own log lines through to stderr")
	fs.IntVar(&f.threads, "threads", 1, "ONNX Runtime intra-op threads per model run (0: ORT chooses)")
	fs.IntVar(&f.interOp, "inter-op-threads", 1, "ONNX Runtime inter-op threads")
	fs.IntVar(&f.batch, "batch", 32, "sequences per model run")
	fs.IntVar(&f.stride, "stride", 32, "token overlap between windows of over-long sentences")
	fs.StringVar(&f.aggregation, "aggregation", "default", "token aggregation: default, none, simple, first, average, max")
	fs.BoolVar(&f.noModel, "no-model", false, "skip the NER model (gazetteers and patterns only)")
	fs.BoolVar(&f.noGaz, "no-gazetteer", false, "skip gazetteer matching")
	fs.BoolVar(&f.noPatterns, "no-patterns", false, "skip the date and vote-number patterns")
	fs.BoolVar(&f.noEvents, "no-events", false, "skip event assembly")
}

func (f *pipelineFlags) options(workers int) ([]extract.Option, error) {
	agg, err := extract.ParseAggregation(f.aggregation)
	if err != nil {
		return nil, err
	}
	opts := []extract.Option{
		extract.WithThreads(f.threads, f.interOp),
		extract.WithBatchSize(f.batch),
		extract.WithStride(f.stride),
		extract.WithAggregation(agg),
		extract.WithORTLogging(f.ortVerbose),
	}
	if workers > 0 {
		opts = append(opts, extract.WithWorkers(workers))
	}
	if f.model != "" {
		if st, err := os.Stat(f.model); err != nil || !st.IsDir() {
			switch {
			case slices.Contains(models.Names(), f.model):
				opts = append(opts, extract.WithModelName(f.model))
			case errors.Is(err, os.ErrNotExist):
				return nil, fmt.Errorf("-model %s: no such folder, and no embedded model of that name (embedded: %s)", f.model, strings.Join(models.Names(), ", "))
			default:
				opts = append(opts, extract.WithModelDir(f.model)) // New says what is wrong with it
			}
		} else {
			opts = append(opts, extract.WithModelDir(f.model))
		}
	}
	if f.ortLib != "" {
		opts = append(opts, extract.WithORTLibrary(f.ortLib))
	}
	var off []extract.Stage
	if f.noModel {
		off = append(off, extract.StageModel)
	}
	if f.noGaz {
		off = append(off, extract.StageGazetteer)
	}
	if f.noPatterns {
		off = append(off, extract.StagePatterns)
	}
	if f.noEvents {
		off = append(off, extract.StageEvents)
	}
	if len(off) > 0 {
		opts = append(opts, extract.WithoutStages(off...))
	}
	return opts, nil
}

func cmdExtract(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var pf pipelineFlags
	pf.register(fs)
	output := fs.String("o", "", "write JSONL to FILE (as FILE.partial, renamed when complete) instead of stdout")
	resume := fs.Bool("resume", false, "continue a killed run: keep the records in FILE.partial (or FILE) and skip their ids")
	format := fs.String("input-format", "auto", "stdin format: auto (JSONL when the first character is '{'), text or jsonl")
	workers := fs.Int("workers", 0, "documents processed at once (default: number of cores)")
	date := fs.String("date", "", "document date (YYYY-MM-DD) for plain-text inputs")
	quiet := fs.Bool("quiet", false, "no progress or summary on stderr")
	maxDocBytes := fs.Int("max-doc-bytes", 4<<20, "largest document in bytes; a longer one becomes a document_too_large error record")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: khabar extract [flags] [FILE|DIR ...]")
		fmt.Fprintln(stderr, "Reads .txt (one document each), .jsonl (FORMAT.md §1) and their .gz forms; directories recursively; stdin when no argument or '-'.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *format != "auto" && *format != "text" && *format != "jsonl" {
		fmt.Fprintf(stderr, "khabar extract: -input-format %q: want auto, text or jsonl\n", *format)
		return exitUsage
	}
	if *resume && (*output == "" || *output == "-") {
		fmt.Fprintln(stderr, "khabar extract: --resume needs -o FILE")
		return exitUsage
	}
	if *workers < 0 {
		fmt.Fprintf(stderr, "khabar extract: -workers %d: want a positive count (0: number of cores)\n", *workers)
		return exitUsage
	}
	opts, err := pf.options(*workers)
	if err != nil {
		fmt.Fprintln(stderr, "khabar extract:", err)
		return exitUsage
	}
	opts = append(opts, extract.WithMaxDocBytes(*maxDocBytes))
	inputs, err := expandInputs(fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "khabar extract:", err)
		return exitUsage
	}

	p, err := extract.New(ctx, opts...)
	if err != nil {
		fmt.Fprintln(stderr, "khabar extract:", err)
		return exitFailure
	}
	defer p.Close()

	out, done, err := openSink(*output, stdout, *resume)
	if err != nil {
		fmt.Fprintln(stderr, "khabar extract:", err)
		return exitUsage
	}
	skipped := 0
	for _, n := range done {
		skipped += n
	}
	total := 0
	if !*quiet {
		total = countRecords(inputs)
	}
	prog := startProgress(stderr, *quiet, total, skipped)

	var st summary
	st.start = time.Now()
	err = p.ExtractAll(ctx, untilDone(ctx, skipDone(readInputs(inputs, stdin, *format, *date), done)), func(r extract.Result) error {
		// Once interrupted, write nothing more: the documents still in
		// flight come back as "canceled" error records, and keeping them
		// would make --resume skip documents that were never processed.
		if err := ctx.Err(); err != nil {
			return err
		}
		st.add(r)
		prog.add(r)
		return out.write(r)
	})
	prog.end()
	if err != nil {
		out.abandon()
		fmt.Fprintln(stderr, "khabar extract:", err)
		if *output != "" {
			fmt.Fprintf(stderr, "khabar extract: %d records kept in %s; run again with --resume to continue\n", st.docs+skipped, *output+partialSuffix)
		}
		if ctx.Err() != nil {
			return exitCanceled
		}
		return exitFailure
	}
	if err := out.finish(); err != nil {
		fmt.Fprintln(stderr, "khabar extract:", err)
		return exitFailure
	}
	if !*quiet {
		st.skipped = skipped
		st.print(stderr)
	}
	return exitOK
}

// untilDone ends in when ctx is done, even while the reader is blocked
// (stdin from a terminal or a pipe that stays open), so that an interrupt
// stops the batch at once. The reader runs in its own goroutine; it is
// left behind, blocked, when ctx ends first.
func untilDone(ctx context.Context, in iter.Seq2[extract.Doc, error]) iter.Seq2[extract.Doc, error] {
	type item struct {
		d   extract.Doc
		err error
	}
	return func(yield func(extract.Doc, error) bool) {
		items := make(chan item, 64)
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			defer close(items)
			for d, err := range in {
				select {
				case items <- item{d, err}:
				case <-stop:
					return
				}
			}
		}()
		for {
			select {
			case it, ok := <-items:
				if !ok || !yield(it.d, it.err) {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}
}

// skipDone drops the records whose ids an earlier run already wrote
// (counting duplicates), for --resume.
func skipDone(in iter.Seq2[extract.Doc, error], done map[string]int) iter.Seq2[extract.Doc, error] {
	if len(done) == 0 {
		return in
	}
	return func(yield func(extract.Doc, error) bool) {
		for d, err := range in {
			if done[d.ID] > 0 {
				done[d.ID]--
				continue
			}
			if !yield(d, err) {
				return
			}
		}
	}
}

// countRecords counts the input records of files for the progress ETA
// (non-blank lines of JSONL files, one per text file); 0 for stdin.
func countRecords(inputs []string) int {
	n := 0
	for _, in := range inputs {
		if in == "-" {
			return 0
		}
		if inputKind(in) != "jsonl" {
			n++
			continue
		}
		f, err := os.Open(in)
		if err != nil {
			n++
			continue
		}
		var r io.Reader = f
		if strings.HasSuffix(in, ".gz") {
			if gz, err := gzip.NewReader(f); err == nil {
				r = gz
			}
		}
		br := bufio.NewReaderSize(r, 1<<20)
		blank := true
		for {
			b, err := br.ReadByte()
			if err != nil {
				break
			}
			switch b {
			case '\n':
				if !blank {
					n++
				}
				blank = true
			case ' ', '\t', '\r':
			default:
				blank = false
			}
		}
		if !blank {
			n++
		}
		f.Close()
	}
	return n
}

// summary counts what a batch produced.
type summary struct {
	start                               time.Time
	docs, ents, events, errors, skipped int
}

func (s *summary) add(r extract.Result) {
	s.docs++
	s.ents += len(r.Entities)
	s.events += len(r.Events)
	if r.Error != nil {
		s.errors++
	}
}

func (s *summary) print(w io.Writer) {
	el := time.Since(s.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(s.docs) / el
	}
	fmt.Fprintf(w, "khabar: %d docs, %d entities, %d events, %d errors in %.1fs (%.1f docs/s)",
		s.docs, s.ents, s.events, s.errors, el, rate)
	if s.skipped > 0 {
		fmt.Fprintf(w, "; %d docs already done (--resume)", s.skipped)
	}
	fmt.Fprintln(w)
}

// expandInputs turns arguments into a list of files, walking directories
// for .txt, .jsonl and their .gz forms, in lexical order. "-" is stdin.
func expandInputs(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if a == "-" {
			out = append(out, a)
			continue
		}
		info, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && inputKind(p) != "" {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// inputKind returns "text" or "jsonl" from a file name, or "".
func inputKind(name string) string {
	name = strings.TrimSuffix(name, ".gz")
	switch {
	case strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".ndjson"):
		return "jsonl"
	case strings.HasSuffix(name, ".txt"):
		return "text"
	}
	return ""
}

// readInputs yields the documents of every input in order; stdin when the
// list is empty.
func readInputs(inputs []string, stdin io.Reader, format, date string) iter.Seq2[extract.Doc, error] {
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	return func(yield func(extract.Doc, error) bool) {
		for _, in := range inputs {
			if !readOne(in, stdin, format, date, yield) {
				return
			}
		}
	}
}

func readOne(in string, stdin io.Reader, format, date string, yield func(extract.Doc, error) bool) bool {
	var r io.Reader
	name := in
	kind := format
	if in == "-" {
		name = "stdin"
		br := bufio.NewReader(stdin)
		first, _ := br.Peek(64)
		if len(first) == 0 {
			return true // empty stdin: no documents
		}
		if kind == "auto" {
			kind = "text"
			rest := bytes.TrimLeft(first, " \t\r\n\ufeff")
			switch {
			case len(rest) == 0 && len(first) < 64:
				return true // only blank lines: no documents
			case bytes.HasPrefix(rest, []byte("{")):
				kind = "jsonl"
			}
		}
		r = br
	} else {
		f, err := os.Open(in)
		if err != nil {
			return yield(extract.Doc{ID: in}, fmt.Errorf("%w: %v", extract.ErrBadRecord, err))
		}
		defer f.Close()
		r = f
		if strings.HasSuffix(in, ".gz") {
			gz, err := gzip.NewReader(f)
			if err != nil {
				return yield(extract.Doc{ID: in}, fmt.Errorf("%w: %s: %v", extract.ErrBadRecord, in, err))
			}
			defer gz.Close()
			r = gz
		}
		kind = inputKind(in)
		if kind == "" {
			kind = "text"
		}
	}
	if kind == "jsonl" {
		r = skipBOM(r)
		for d, err := range extract.ReadJSONL(r, name) {
			if err == nil && d.Date == "" {
				d.Date = date
			}
			if err != nil && !errors.Is(err, extract.ErrBadRecord) && !errors.Is(err, extract.ErrInvalidUTF8) {
				// The input itself failed (a truncated .gz): a bad
				// record, not an internal error.
				err = fmt.Errorf("%w: %v", extract.ErrBadRecord, err)
			}
			if !yield(d, err) {
				return false
			}
		}
		return true
	}
	b, err := io.ReadAll(io.LimitReader(r, extract.MaxLineBytes+1))
	if err != nil {
		return yield(extract.Doc{ID: name}, fmt.Errorf("%w: %s: %v", extract.ErrBadRecord, name, err))
	}
	if len(b) > extract.MaxLineBytes {
		return yield(extract.Doc{ID: name}, fmt.Errorf("%w: %s: larger than %d bytes", extract.ErrDocTooLarge, name, extract.MaxLineBytes))
	}
	if !utf8.Valid(b) {
		return yield(extract.Doc{ID: name}, fmt.Errorf("%w: %s", extract.ErrInvalidUTF8, name))
	}
	return yield(extract.Doc{ID: name, Text: string(b), Date: date}, nil)
}

// utf8BOM is the byte order mark some Windows tools put at the start of
// UTF-8 files.
var utf8BOM = []byte("\ufeff")

// skipBOM drops a leading UTF-8 byte order mark, which would otherwise make
// the first JSONL record malformed.
func skipBOM(r io.Reader) io.Reader {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	return br
}
