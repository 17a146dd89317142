// Package runner runs a Hugging Face token-classification ONNX model over
// tokenised sequences of any length: one ONNX Runtime session shared by all
// goroutines, sequences longer than the model's maximum cut into
// overlapping windows whose predictions are reconciled, and sequences
// batched by length to waste little on padding.
package runner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	ort "github.com/yalue/onnxruntime_go"

	"github.com/khabar-nlp/khabar/extract/internal/ortlib"
)

// GraphOptimization is ONNX Runtime's graph optimisation level.
type GraphOptimization int

// Graph optimisation levels. The zero value keeps ONNX Runtime's default
// (all optimisations).
const (
	GraphOptDefault GraphOptimization = iota
	GraphOptDisabled
	GraphOptBasic
	GraphOptExtended
	GraphOptAll
)

// Options configure a Runner.
type Options struct {
	// IntraOpThreads and InterOpThreads size ONNX Runtime's thread pools
	// (0: ONNX Runtime's default, one intra-op thread per physical core).
	// InterOpThreads > 1 also switches the session to parallel execution.
	IntraOpThreads, InterOpThreads int
	// GraphOptimization is the session's graph optimisation level.
	GraphOptimization GraphOptimization
	// MaxLen is the longest sequence the model accepts, special tokens
	// included (config.json's max_position_embeddings for BERT). Longer
	// sequences are windowed. It may be 0 when the model's inputs have a
	// fixed sequence length; a fixed length smaller than MaxLen wins.
	MaxLen int
	// Stride is how many tokens consecutive windows of a long sequence
	// share. Each token's logits come from the window where it lies
	// farthest from an edge, so a larger stride gives every token more
	// context on both sides, at the cost of more windows.
	Stride int
	// MaxBatch is the most sequences (windows) in one model run; 0 means 32.
	MaxBatch int
	// MaxBatchTokens bounds the padded size (sequences × longest length) of
	// one run; 0 means no bound beyond MaxBatch. A single window longer
	// than the bound still runs, alone.
	MaxBatchTokens int
	// Parallel is how many batches one Infer call runs at once on the
	// shared session (0 or 1: one after another). With IntraOpThreads 1,
	// Parallel = cores keeps every core busy from a single caller.
	Parallel int
	// PadID is the token id used for padding (masked out).
	PadID int64
	// NumLabels is the number of labels the model predicts. 0 takes it from
	// the model's output shape, which must then be fixed.
	NumLabels int
	// Verbose lets the session's own ONNX Runtime warnings through.
	Verbose bool
}

// Seq is one tokenised sequence, as the tokenizer encodes a sentence:
// usually [CLS] pieces... [SEP]. It may be of any length.
type Seq struct {
	// IDs are the token ids.
	IDs []int64
	// TypeIDs are the token type (segment) ids; nil means all 0.
	TypeIDs []int64
	// Special marks special tokens; nil means none. The leading and
	// trailing runs of special tokens (e.g. [CLS] and [SEP]) are repeated
	// around every window when the sequence must be cut.
	Special []bool
}

// Errors callers can test for with errors.Is.
var (
	// ErrInput is wrapped by errors about the sequences given.
	ErrInput = errors.New("runner: bad input")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("runner: closed")
)

// Runner runs one model. It is safe for concurrent use; all calls share one
// ONNX Runtime session.
type Runner struct {
	sess       *ort.DynamicAdvancedSession
	inputs     []ioInfo // in session order
	output     ioInfo
	numLabels  int
	maxLen     int
	fixedLen   int // > 0: every batch is padded to this length
	fixedBatch int // > 0: every batch has exactly this many rows
	opts       Options

	mu     sync.RWMutex // held for reading during runs, for writing by Close
	closed bool

	runs    atomic.Int64 // model runs so far
	runNano atomic.Int64 // wall time spent inside ONNX Runtime's Run, summed over runs
}

// Stats are a Runner's cumulative counters, for benchmarks and profiling.
type Stats struct {
	// Runs is the number of model runs.
	Runs int64
	// RunTime is the wall time spent inside ONNX Runtime's Run, summed
	// over runs (concurrent runs add up).
	RunTime time.Duration
}

// Stats returns the runner's counters so far.
func (r *Runner) Stats() Stats {
	return Stats{Runs: r.runs.Load(), RunTime: time.Duration(r.runNano.Load())}
}

// Recognised model inputs.
const (
	inputIDs   = "input_ids"
	inputMask  = "attention_mask"
	inputTypes = "token_type_ids"
)

// New creates the session for an ONNX model given as bytes. The ONNX
// Runtime environment must have been initialised (ortlib.Init).
func New(model []byte, opts Options) (*Runner, error) {
	if !ort.IsInitialized() {
		return nil, fmt.Errorf("runner: ONNX Runtime is not initialised: %w", ortlib.ErrNoRuntime)
	}
	if opts.Stride < 0 || opts.MaxLen < 0 || opts.MaxBatch < 0 || opts.MaxBatchTokens < 0 || opts.NumLabels < 0 || opts.Parallel < 0 {
		return nil, fmt.Errorf("runner: negative option in %+v", opts)
	}
	if opts.MaxBatch == 0 {
		opts.MaxBatch = 32
	}
	ins, outs, err := graphIO(model)
	if err != nil {
		return nil, fmt.Errorf("runner: %w", err)
	}
	r := &Runner{opts: opts, maxLen: opts.MaxLen}
	seen := map[string]bool{}
	for _, in := range ins {
		switch in.Name {
		case inputIDs, inputMask, inputTypes:
		default:
			return nil, fmt.Errorf("runner: unsupported model input %q (want input_ids, attention_mask, token_type_ids)", in.Name)
		}
		if in.ElemType != onnxInt64 && in.ElemType != onnxInt32 {
			return nil, fmt.Errorf("runner: model input %q has element type %d, want int64 or int32", in.Name, in.ElemType)
		}
		if len(in.Dims) != 2 {
			return nil, fmt.Errorf("runner: model input %q has %d dimensions, want 2 (batch, sequence)", in.Name, len(in.Dims))
		}
		if b := int(in.Dims[0]); b > 0 {
			r.fixedBatch = b
		}
		if l := int(in.Dims[1]); l > 0 {
			r.fixedLen = l
		}
		seen[in.Name] = true
		r.inputs = append(r.inputs, in)
	}
	if !seen[inputIDs] {
		return nil, fmt.Errorf("runner: model has no %q input", inputIDs)
	}
	for _, out := range outs {
		if out.Name == "logits" || len(outs) == 1 {
			r.output = out
		}
	}
	if r.output.Name == "" {
		return nil, fmt.Errorf("runner: model has %d outputs and none is named \"logits\"", len(outs))
	}
	if r.output.ElemType != onnxFloat || len(r.output.Dims) != 3 {
		return nil, fmt.Errorf("runner: model output %q must be float32 [batch, sequence, labels] (type %d, %d dims)",
			r.output.Name, r.output.ElemType, len(r.output.Dims))
	}
	r.numLabels = opts.NumLabels
	if d := int(r.output.Dims[2]); d > 0 {
		if r.numLabels != 0 && r.numLabels != d {
			return nil, fmt.Errorf("runner: model predicts %d labels, config has %d", d, r.numLabels)
		}
		r.numLabels = d
	}
	if r.numLabels == 0 {
		return nil, fmt.Errorf("runner: model output %q has no fixed label dimension; give NumLabels", r.output.Name)
	}
	if r.fixedLen > 0 && (r.maxLen == 0 || r.fixedLen < r.maxLen) {
		r.maxLen = r.fixedLen
	}
	if r.maxLen < 1 {
		return nil, errors.New("runner: no maximum sequence length (MaxLen) and the model's is not fixed")
	}
	if r.fixedBatch > 0 {
		r.opts.MaxBatch = r.fixedBatch
	}

	so, err := ort.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("runner: session options: %w", err)
	}
	defer so.Destroy()
	if err := configure(so, opts); err != nil {
		return nil, fmt.Errorf("runner: session options: %w", err)
	}
	names := make([]string, len(r.inputs))
	for i, in := range r.inputs {
		names[i] = in.Name
	}
	r.sess, err = ort.NewDynamicAdvancedSessionWithONNXData(model, names, []string{r.output.Name}, so)
	if err != nil {
		return nil, fmt.Errorf("runner: create session: %w", err)
	}
	return r, nil
}

func configure(so *ort.SessionOptions, opts Options) error {
	if err := so.SetLogSeverityLevel(ortlib.LogLevel(opts.Verbose)); err != nil {
		return err
	}
	if opts.IntraOpThreads > 0 {
		if err := so.SetIntraOpNumThreads(opts.IntraOpThreads); err != nil {
			return err
		}
	}
	if opts.InterOpThreads > 0 {
		if err := so.SetInterOpNumThreads(opts.InterOpThreads); err != nil {
			return err
		}
		if opts.InterOpThreads > 1 {
			if err := so.SetExecutionMode(ort.ExecutionModeParallel); err != nil {
				return err
			}
		}
	}
	var level ort.GraphOptimizationLevel
	switch opts.GraphOptimization {
	case GraphOptDefault:
		return nil
	case GraphOptDisabled:
		level = ort.GraphOptimizationLevelDisableAll
	case GraphOptBasic:
		level = ort.GraphOptimizationLevelEnableBasic
	case GraphOptExtended:
		level = ort.GraphOptimizationLevelEnableExtended
	case GraphOptAll:
		level = ort.GraphOptimizationLevelEnableAll
	default:
		return fmt.Errorf("unknown graph optimisation level %d", opts.GraphOptimization)
	}
	return so.SetGraphOptimizationLevel(level)
}

// MaxLen returns the longest window the runner feeds the model, special
// tokens included.
func (r *Runner) MaxLen() int { return r.maxLen }

// NumLabels returns the number of labels the model predicts.
func (r *Runner) NumLabels() int { return r.numLabels }

// InputNames returns the model inputs the runner feeds, in session order.
func (r *Runner) InputNames() []string {
	names := make([]string, len(r.inputs))
	for i, in := range r.inputs {
		names[i] = in.Name
	}
	return names
}

// Close releases the session. It waits for runs in progress.
func (r *Runner) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	return r.sess.Destroy()
}

// Infer returns the logits of every token of every sequence:
// out[i][j] holds the NumLabels scores of seqs[i].IDs[j]. Sequences longer
// than MaxLen are windowed (never truncated); all are batched by length.
func (r *Runner) Infer(ctx context.Context, seqs []Seq) ([][][]float32, error) {
	batches, err := r.plan(seqs)
	if err != nil {
		return nil, err
	}
	out := make([][][]float32, len(seqs))
	total := 0
	for _, s := range seqs {
		total += len(s.IDs)
	}
	L := r.numLabels
	flat := make([]float32, total*L)
	rows := make([][]float32, total)
	for i, s := range seqs {
		out[i] = rows[:len(s.IDs):len(s.IDs)]
		for j := range out[i] {
			out[i][j] = flat[j*L : (j+1)*L : (j+1)*L]
		}
		rows, flat = rows[len(s.IDs):], flat[len(s.IDs)*L:]
	}
	// Each token is owned by exactly one window, so batches write disjoint
	// rows and may run at once. Filling happens in the workers too. The
	// padded inputs and the batch logits are pooled: they die here.
	run := func(pb batch) error {
		bufs := bufPool.Get().(*buffers)
		defer bufPool.Put(bufs)
		b := r.fillInto(seqs, pb, bufs)
		bufs.logits = grow(bufs.logits, b.Size*b.Len*L)
		logits, err := r.runBatch(ctx, b, bufs.logits)
		if err != nil {
			return err
		}
		for row, w := range pb.windows {
			dst := out[w.seq]
			for k, pos := range w.pos {
				if w.own[k] {
					copy(dst[pos], logits[(row*b.Len+k)*L:(row*b.Len+k+1)*L])
				}
			}
		}
		return nil
	}
	if r.opts.Parallel <= 1 || len(batches) == 1 {
		for _, pb := range batches {
			if err := run(pb); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	var (
		wg    sync.WaitGroup
		errMu sync.Mutex
		first error
		stop  atomic.Bool
	)
	next := make(chan batch)
	for range min(r.opts.Parallel, len(batches)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for pb := range next {
				if stop.Load() {
					continue
				}
				if err := run(pb); err != nil {
					errMu.Lock()
					if first == nil {
						first = err
					}
					errMu.Unlock()
					stop.Store(true)
				}
			}
		}()
	}
	for _, pb := range batches {
		if stop.Load() || ctx.Err() != nil {
			break
		}
		next <- pb
	}
	close(next)
	wg.Wait()
	if first != nil {
		return nil, first
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Batch is one padded model input, row-major [Size × Len].
type Batch struct {
	Size, Len int
	IDs       []int64
	Mask      []int64
	Types     []int64
}

// Tokens returns the number of real (unpadded) tokens in the batch.
func (b Batch) Tokens() int {
	n := 0
	for _, m := range b.Mask {
		n += int(m)
	}
	return n
}

// Plan returns the batches Infer would run for seqs, for benchmarks that
// time ONNX Runtime alone on the same inputs.
func (r *Runner) Plan(seqs []Seq) ([]Batch, error) {
	bs, err := r.plan(seqs)
	if err != nil {
		return nil, err
	}
	out := make([]Batch, len(bs))
	for i, b := range bs {
		out[i] = r.fill(seqs, b)
	}
	return out, nil
}

// buffers are one batch's padded inputs and logits, reused across runs.
type buffers struct {
	ids, mask, types []int64
	logits           []float32
}

var bufPool = sync.Pool{New: func() any { return new(buffers) }}

// grow returns s resliced to length n, reallocated when too small.
func grow[E any](s []E, n int) []E {
	if cap(s) < n {
		return make([]E, n)
	}
	return s[:n]
}

// RunBatch runs the model on one batch and returns its logits, row-major
// [Size × Len × NumLabels]. Cancelling ctx stops the run.
func (r *Runner) RunBatch(ctx context.Context, b Batch) ([]float32, error) {
	return r.runBatch(ctx, b, nil)
}

// runBatch is RunBatch writing the logits into logits when it has the
// right length.
func (r *Runner) runBatch(ctx context.Context, b Batch, logits []float32) ([]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if b.Size < 1 || b.Len < 1 || len(b.IDs) != b.Size*b.Len || len(b.Mask) != len(b.IDs) || len(b.Types) != len(b.IDs) {
		return nil, fmt.Errorf("%w: batch %d×%d with %d ids, %d mask, %d types", ErrInput, b.Size, b.Len, len(b.IDs), len(b.Mask), len(b.Types))
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		return nil, ErrClosed
	}
	shape := ort.NewShape(int64(b.Size), int64(b.Len))
	values := make([]ort.Value, 0, len(r.inputs)+1)
	defer func() {
		for _, v := range values {
			v.Destroy()
		}
	}()
	for _, in := range r.inputs {
		var data []int64
		switch in.Name {
		case inputIDs:
			data = b.IDs
		case inputMask:
			data = b.Mask
		default:
			data = b.Types
		}
		var v ort.Value
		var err error
		if in.ElemType == onnxInt32 {
			d32 := make([]int32, len(data))
			for i, x := range data {
				d32[i] = int32(x)
			}
			v, err = ort.NewTensor(shape, d32)
		} else {
			v, err = ort.NewTensor(shape, data)
		}
		if err != nil {
			return nil, fmt.Errorf("runner: input %s: %w", in.Name, err)
		}
		values = append(values, v)
	}
	if len(logits) != b.Size*b.Len*r.numLabels {
		logits = make([]float32, b.Size*b.Len*r.numLabels)
	}
	outT, err := ort.NewTensor(ort.NewShape(int64(b.Size), int64(b.Len), int64(r.numLabels)), logits)
	if err != nil {
		return nil, fmt.Errorf("runner: output: %w", err)
	}
	values = append(values, outT)
	inputs := values[:len(r.inputs)]
	outputs := values[len(r.inputs):]

	t0 := time.Now()
	if ctx.Done() == nil {
		err = r.sess.Run(inputs, outputs)
	} else {
		err = r.runCancellable(ctx, inputs, outputs)
	}
	r.runNano.Add(int64(time.Since(t0)))
	r.runs.Add(1)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, fmt.Errorf("runner: run %d×%d: %w", b.Size, b.Len, err)
	}
	return logits, nil
}

// runCancellable runs with RunOptions that ctx's cancellation terminates.
func (r *Runner) runCancellable(ctx context.Context, inputs, outputs []ort.Value) error {
	ro, err := ort.NewRunOptions()
	if err != nil {
		return fmt.Errorf("run options: %w", err)
	}
	done := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(done)
		ro.Terminate()
	})
	err = r.sess.RunWithOptions(inputs, outputs, ro)
	if !stop() {
		<-done // Terminate is running or ran: let it finish before Destroy
	}
	ro.Destroy()
	return err
}

// window is one model row: positions of a sequence's tokens.
type window struct {
	seq int
	pos []int  // token positions in the sequence, in order
	own []bool // whether this window's logits are the ones kept for pos[k]
}

// batch is a planned batch: its windows and padded length. fill makes
// the model input.
type batch struct {
	windows []*window
	length  int
}

// plan cuts sequences into windows and packs windows into batches.
func (r *Runner) plan(seqs []Seq) ([]batch, error) {
	var wins []*window
	for i, s := range seqs {
		if s.TypeIDs != nil && len(s.TypeIDs) != len(s.IDs) {
			return nil, fmt.Errorf("%w: sequence %d has %d ids and %d type ids", ErrInput, i, len(s.IDs), len(s.TypeIDs))
		}
		if s.Special != nil && len(s.Special) != len(s.IDs) {
			return nil, fmt.Errorf("%w: sequence %d has %d ids and %d special marks", ErrInput, i, len(s.IDs), len(s.Special))
		}
		ws, err := r.windows(i, s)
		if err != nil {
			return nil, err
		}
		wins = append(wins, ws...)
	}
	// Longest first, stable, so a batch's first window sets its length.
	slices.SortStableFunc(wins, func(a, b *window) int { return len(b.pos) - len(a.pos) })
	var out []batch
	for start := 0; start < len(wins); {
		L := len(wins[start].pos)
		if r.fixedLen > 0 {
			L = r.fixedLen
		}
		end := start + 1
		for end < len(wins) && end-start < r.opts.MaxBatch &&
			(r.opts.MaxBatchTokens == 0 || (end-start+1)*L <= r.opts.MaxBatchTokens) {
			end++
		}
		out = append(out, batch{windows: wins[start:end], length: L})
		start = end
	}
	return out, nil
}

// fill pads a planned batch's windows into model input.
func (r *Runner) fill(seqs []Seq, pb batch) Batch {
	return r.fillInto(seqs, pb, nil)
}

// fillInto is fill with the input slices taken from bufs (grown as
// needed) when bufs is not nil.
func (r *Runner) fillInto(seqs []Seq, pb batch, bufs *buffers) Batch {
	size, L := len(pb.windows), pb.length
	if r.fixedBatch > 0 {
		size = r.fixedBatch
	}
	b := Batch{Size: size, Len: L}
	if bufs != nil {
		bufs.ids, bufs.mask, bufs.types = grow(bufs.ids, size*L), grow(bufs.mask, size*L), grow(bufs.types, size*L)
		b.IDs, b.Mask, b.Types = bufs.ids, bufs.mask, bufs.types
		clear(b.Mask)
		clear(b.Types)
	} else {
		b.IDs, b.Mask, b.Types = make([]int64, size*L), make([]int64, size*L), make([]int64, size*L)
	}
	for i := range b.IDs {
		b.IDs[i] = r.opts.PadID
	}
	for row, w := range pb.windows {
		s := seqs[w.seq]
		base := row * L
		for k, p := range w.pos {
			b.IDs[base+k] = s.IDs[p]
			b.Mask[base+k] = 1
			if s.TypeIDs != nil {
				b.Types[base+k] = s.TypeIDs[p]
			}
		}
	}
	return b
}

// windows cuts one sequence. A sequence that fits is one window. A longer
// one keeps its leading and trailing special tokens around every window
// and cuts the body between them into windows of equal length that overlap
// by Stride tokens, the last aligned to the end. Each body token belongs to
// the window where it is farthest from an edge (the earlier on a tie).
func (r *Runner) windows(i int, s Seq) ([]*window, error) {
	n := len(s.IDs)
	if n == 0 {
		return nil, nil
	}
	if n <= r.maxLen {
		w := &window{seq: i, pos: make([]int, n), own: make([]bool, n)}
		for k := range w.pos {
			w.pos[k], w.own[k] = k, true
		}
		return []*window{w}, nil
	}
	special := func(k int) bool { return s.Special != nil && s.Special[k] }
	pre := 0
	for pre < n && special(pre) {
		pre++
	}
	suf := 0
	for suf < n-pre && special(n-1-suf) {
		suf++
	}
	body := n - pre - suf
	W := r.maxLen - pre - suf
	if W < 1 {
		return nil, fmt.Errorf("%w: sequence %d: %d special tokens leave no room in a window of %d", ErrInput, i, pre+suf, r.maxLen)
	}
	step := W - r.opts.Stride
	if step < 1 {
		return nil, fmt.Errorf("%w: stride %d leaves no progress in windows of %d body tokens", ErrInput, r.opts.Stride, W)
	}
	var starts []int
	for st := 0; ; st += step {
		if st+W >= body {
			starts = append(starts, body-W)
			break
		}
		starts = append(starts, st)
	}
	// Owner of each body token: the window where it is farthest from an edge.
	owner := make([]int, body)
	best := make([]int, body)
	for k := range best {
		best[k] = -1
	}
	for wi, st := range starts {
		for k := st; k < st+W; k++ {
			if d := min(k-st, st+W-1-k); d > best[k] {
				best[k], owner[k] = d, wi
			}
		}
	}
	out := make([]*window, len(starts))
	for wi, st := range starts {
		w := &window{seq: i, pos: make([]int, 0, r.maxLen), own: make([]bool, 0, r.maxLen)}
		for k := 0; k < pre; k++ {
			w.pos, w.own = append(w.pos, k), append(w.own, wi == 0)
		}
		for k := st; k < st+W; k++ {
			w.pos, w.own = append(w.pos, pre+k), append(w.own, owner[k] == wi)
		}
		for k := n - suf; k < n; k++ {
			w.pos, w.own = append(w.pos, k), append(w.own, wi == len(starts)-1)
		}
		out[wi] = w
	}
	return out, nil
}
