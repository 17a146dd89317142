// Package extract reads Arabic news and returns named entities and events as
// structured records (the shapes of FORMAT.md).
//
// The happy path:
//
//	p, err := extract.New(ctx) // embedded default model, gazetteers, event rules
//	if err != nil {
//		return err // e.g. errors.Is(err, extract.ErrNoRuntime): run `make setup`
//	}
//	defer p.Close()
//	res, err := p.Extract(ctx, extract.Doc{ID: "1", Text: text, Date: "2024-02-21"})
//	if err != nil {
//		return err // errors.Is(err, extract.ErrInvalidUTF8), ErrEmptyDoc, ...
//	}
//	for _, e := range res.Entities {
//		fmt.Println(e.Type, e.Text, e.Start, e.End)
//	}
//
// A Pipeline is built once, is safe for concurrent use, and runs its stages
// in order: normalise → sentences → ONNX NER + gazetteer + patterns → merge →
// events. ExtractAll streams many documents through it with batching and
// keeps their order.
package extract

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
	"sync/atomic"

	"github.com/sourcegraph/conc/stream"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/internal/sentence"
	"github.com/khabar-nlp/khabar/extract/normalize"
)

// Errors callers can test with errors.Is.
var (
	// ErrBadOption: an Option was given an invalid value.
	ErrBadOption = errors.New("extract: bad option")
	// ErrNoRuntime: the ONNX Runtime shared library could not be found or
	// loaded. Run `make setup`, or pass WithORTLibrary /
	// ONNXRUNTIME_SHARED_LIBRARY_PATH.
	ErrNoRuntime = errors.New("extract: ONNX Runtime library not available")
	// ErrBadModel: the model folder is missing a file or a file is corrupt.
	ErrBadModel = errors.New("extract: bad model")
	// ErrInvalidUTF8: the document text is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("extract: invalid UTF-8")
	// ErrEmptyDoc: the document has no text (or only whitespace).
	ErrEmptyDoc = errors.New("extract: empty document")
	// ErrDocTooLarge: the document is longer than WithMaxDocBytes allows.
	ErrDocTooLarge = errors.New("extract: document too large")
	// ErrBadDate: the document date is not an ISO date (YYYY-MM-DD).
	ErrBadDate = errors.New("extract: bad document date")
	// ErrClosed: the Pipeline was used after Close.
	ErrClosed = errors.New("extract: pipeline closed")
	// ErrBadRecord: an input record could not be read (malformed JSON, no
	// text field). Readers wrap it; ExtractAll passes it through.
	ErrBadRecord = errors.New("bad input record")
)

// ErrorCode returns the FORMAT.md error code for an error returned by
// Extract or ExtractAll: invalid_utf8, empty_document, document_too_large,
// bad_date, bad_record, canceled, closed or internal.
func ErrorCode(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrInvalidUTF8):
		return "invalid_utf8"
	case errors.Is(err, ErrEmptyDoc):
		return "empty_document"
	case errors.Is(err, ErrDocTooLarge):
		return "document_too_large"
	case errors.Is(err, ErrBadDate):
		return "bad_date"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "canceled"
	case errors.Is(err, ErrClosed):
		return "closed"
	case errors.Is(err, ErrBadRecord):
		return "bad_record"
	}
	return "internal"
}

// ErrorResult returns the output record for a document that failed with err.
func ErrorResult(id string, err error) Result {
	return Result{ID: id, Entities: []Entity{}, Events: []Event{},
		Error: &RecError{Code: ErrorCode(err), Message: err.Error()}}
}

// Pipeline extracts entities and events. Build it with New; it is safe for
// concurrent use; Close releases the model.
type Pipeline struct {
	cfg    config
	norm   *normalize.Normalizer
	stages stages
	closed atomic.Bool
	mu     sync.RWMutex // held for reading by every call in flight; Close takes it for writing
}

// New builds a Pipeline. Without options it uses the embedded default model,
// the embedded gazetteers and all stages. Set-up errors (library, model,
// options) are returned here; per-document errors come from Extract.
func New(ctx context.Context, opts ...Option) (*Pipeline, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	st, err := buildStages(ctx, &cfg)
	if err != nil {
		return nil, err
	}
	// The document text is always normalised with normalize.Default(), the
	// profile the gazetteers, dates and event rules are written for; a model
	// that asks for another normalisation gets its own view of each
	// sentence (see ner.predict).
	return &Pipeline{cfg: cfg, stages: st, norm: normalize.New(normalize.Default())}, nil
}

// Close releases the model session. Calls after Close fail with ErrClosed;
// Close waits for calls in flight.
func (p *Pipeline) Close() error {
	if p.closed.Swap(true) {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stages.close()
}

// Extract processes one document.
func (p *Pipeline) Extract(ctx context.Context, d Doc) (Result, error) {
	rs := p.extractChunk(ctx, []Doc{d}, nil)
	return rs[0].res, rs[0].err
}

// outcome is what became of one document: its Result, which is an error
// record (ErrorResult) when err is set.
type outcome struct {
	res Result
	err error
}

// ExtractAll streams documents through the pipeline and calls emit with
// one Result per input, in input order. An input whose error is non-nil
// (a record its reader could not parse) yields an error Result in its
// place, so that input count = output count. Documents are processed in
// chunks, several at once (WithWorkers), so that the model sees full
// batches. A document that fails yields a Result with Error set; ExtractAll
// itself stops only when ctx is done (then it emits nothing more and returns
// ctx.Err()) or emit returns an error.
func (p *Pipeline) ExtractAll(ctx context.Context, docs iter.Seq2[Doc, error], emit func(Result) error) error {
	s := stream.New().WithMaxGoroutines(p.cfg.workers)
	var emitErr error
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var chunk []Doc
	var errs []error
	size := 0
	flush := func() {
		c, ce := chunk, errs
		chunk, errs, size = nil, nil, 0
		s.Go(func() stream.Callback {
			rs := p.extractChunk(ctx, c, ce)
			return func() {
				for _, r := range rs {
					// After cancellation nothing more is emitted: a record
					// marked "canceled" would read as done to a resumed run.
					if emitErr != nil || ctx.Err() != nil {
						return
					}
					if err := emit(r.res); err != nil {
						emitErr = err
						cancel()
					}
				}
			}
		})
	}
	for d, err := range docs {
		if ctx.Err() != nil {
			break
		}
		chunk = append(chunk, d)
		errs = append(errs, err)
		size += len(d.Text)
		if len(chunk) >= chunkDocs || size >= chunkBytes {
			flush()
		}
	}
	if len(chunk) > 0 {
		flush()
	}
	s.Wait()
	if emitErr != nil {
		return emitErr
	}
	return ctx.Err()
}

// ExtractAll cuts its input into chunks of up to chunkDocs documents or
// chunkBytes of text: the model stage batches the sentences of a chunk
// together. Measured with the v2 default model (a BiLSTM-CRF; v3 and v4 keep its
// LSTMs), chunks of 16 were slower than chunks of 8 (bigger batches pad
// more, and an LSTM pays for padding step by step); smaller chunks also mean
// less latency on a slow input stream.
const (
	chunkDocs  = 8
	chunkBytes = 64 << 10
)

// extractChunk runs the stages over a few documents at once; the model
// stage batches their sentences together. pre holds errors already known
// for some inputs (nil for none).
func (p *Pipeline) extractChunk(ctx context.Context, in []Doc, pre []error) []outcome {
	out := make([]outcome, len(in))
	fail := func(i int, err error) { out[i] = outcome{ErrorResult(in[i].ID, err), err} }
	if p.closed.Load() {
		for i := range out {
			fail(i, ErrClosed)
		}
		return out
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	docs := make([]*doc.Doc, 0, len(in))
	idx := make([]int, 0, len(in))
	for i, d := range in {
		if pre != nil && pre[i] != nil {
			fail(i, pre[i])
			continue
		}
		dd, err := p.prepare(d)
		if err != nil {
			fail(i, err)
			continue
		}
		docs = append(docs, dd)
		idx = append(idx, i)
	}
	if len(docs) > 0 {
		if err := p.stages.run(ctx, docs); err != nil {
			for _, i := range idx {
				fail(i, err)
			}
			return out
		}
	}
	for k, d := range docs {
		out[idx[k]].res = toResult(d)
	}
	return out
}

// prepare validates a document, normalises it and splits its sentences.
func (p *Pipeline) prepare(d Doc) (*doc.Doc, error) {
	if len(d.Text) > p.cfg.maxDocBytes {
		return nil, fmt.Errorf("%w: %d bytes > limit %d", ErrDocTooLarge, len(d.Text), p.cfg.maxDocBytes)
	}
	if d.Date != "" && !isISODate(d.Date) {
		return nil, fmt.Errorf("%w: %q", ErrBadDate, d.Date)
	}
	t, err := p.norm.Normalize(d.Text)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidUTF8, err)
	}
	if len(t.String()) == 0 {
		return nil, ErrEmptyDoc
	}
	dd := &doc.Doc{ID: d.ID, Date: d.Date, Text: t}
	dd.Sentences = sentence.Split(t.String())
	return dd, nil
}

func isISODate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return false
		}
	}
	m := (s[5]-'0')*10 + s[6] - '0'
	day := (s[8]-'0')*10 + s[9] - '0'
	return m >= 1 && m <= 12 && day >= 1 && day <= 31
}
