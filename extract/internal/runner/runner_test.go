package runner

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/khabar-nlp/khabar/extract/internal/ortlib"
)

// needORT initialises ONNX Runtime or skips the test.
func needORT(t testing.TB) {
	t.Helper()
	if _, err := ortlib.Init(ortlib.Options{}); err != nil {
		if errors.Is(err, ortlib.ErrNoRuntime) {
			t.Skipf("ONNX Runtime library not found, skipping (run `make setup` or set %s): %v", ortlib.EnvVar, err)
		}
		t.Fatal(err)
	}
}

func readModel(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newRunner(t testing.TB, name string, opts Options) *Runner {
	t.Helper()
	needORT(t)
	r, err := New(readModel(t, name), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// infer runs r.Infer on seqs and fails the test on an error.
func infer(t testing.TB, r *Runner, seqs ...Seq) [][][]float32 {
	t.Helper()
	out, err := r.Infer(context.Background(), seqs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sentence makes a [CLS] body [SEP] sequence of n body tokens (ids 3..99).
func sentence(rng *rand.Rand, n int) Seq {
	s := Seq{IDs: make([]int64, n+2), TypeIDs: make([]int64, n+2), Special: make([]bool, n+2)}
	s.IDs[0], s.Special[0] = 1, true
	s.IDs[n+1], s.Special[n+1] = 2, true
	for i := 1; i <= n; i++ {
		s.IDs[i] = 3 + rng.Int64N(97)
		s.TypeIDs[i] = rng.Int64N(2)
	}
	return s
}

func maxDiff(a, b [][]float32) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	var d float64
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return math.Inf(1)
		}
		for j := range a[i] {
			d = math.Max(d, math.Abs(float64(a[i][j]-b[i][j])))
		}
	}
	return d
}

func TestGraphIO(t *testing.T) {
	ins, outs, err := graphIO(readModel(t, "local.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	want := []ioInfo{
		{Name: "input_ids", ElemType: onnxInt64, Dims: []int64{-1, -1}},
		{Name: "attention_mask", ElemType: onnxInt64, Dims: []int64{-1, -1}},
		{Name: "token_type_ids", ElemType: onnxInt64, Dims: []int64{-1, -1}},
	}
	if !reflect.DeepEqual(ins, want) {
		t.Errorf("inputs = %+v", ins)
	}
	if !reflect.DeepEqual(outs, []ioInfo{{Name: "logits", ElemType: onnxFloat, Dims: []int64{-1, -1, 5}}}) {
		t.Errorf("outputs = %+v", outs)
	}
	ins, outs, err = graphIO(readModel(t, "fixed.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 2 || ins[0].ElemType != onnxInt32 || !reflect.DeepEqual(ins[1].Dims, []int64{2, 16}) || outs[0].Name != "scores" {
		t.Errorf("fixed: inputs %+v outputs %+v", ins, outs)
	}
	for _, bad := range [][]byte{nil, []byte("not a model at all"), {0x3a, 0x05, 1, 2}} {
		if _, _, err := graphIO(bad); err == nil {
			t.Errorf("graphIO(%q) succeeded", bad)
		}
	}
}

func TestWindowsCoverEveryTokenOnce(t *testing.T) {
	for _, tc := range []struct{ n, maxLen, stride int }{
		{10, 10, 0}, {11, 10, 0}, {11, 10, 3}, {50, 10, 3}, {50, 10, 7}, {200, 16, 4}, {17, 16, 5}, {40, 12, 1},
	} {
		r := &Runner{maxLen: tc.maxLen, opts: Options{Stride: tc.stride}}
		rng := rand.New(rand.NewPCG(uint64(tc.n), 1))
		s := sentence(rng, tc.n-2)
		ws, err := r.windows(0, s)
		if err != nil {
			t.Fatal(err)
		}
		owned := make([]int, tc.n)
		for wi, w := range ws {
			if len(w.pos) > tc.maxLen {
				t.Errorf("%+v: window %d has %d tokens", tc, wi, len(w.pos))
			}
			if tc.n > tc.maxLen && (w.pos[0] != 0 || w.pos[len(w.pos)-1] != tc.n-1) {
				t.Errorf("%+v: window %d does not keep [CLS] and [SEP]: %v", tc, wi, w.pos)
			}
			for k, p := range w.pos {
				if k > 0 && p <= w.pos[k-1] {
					t.Errorf("%+v: window %d positions not increasing: %v", tc, wi, w.pos)
				}
				if w.own[k] {
					owned[p]++
				}
			}
		}
		for p, c := range owned {
			if c != 1 {
				t.Fatalf("%+v: token %d owned by %d windows", tc, p, c)
			}
		}
		if tc.n > tc.maxLen {
			// Consecutive windows share exactly Stride body tokens, except
			// the last, aligned to the end, which may share more.
			for wi := 1; wi < len(ws)-1; wi++ {
				if got := ws[wi-1].pos[len(ws[wi-1].pos)-2] - ws[wi].pos[1] + 1; got != tc.stride {
					t.Errorf("%+v: windows %d and %d share %d tokens", tc, wi-1, wi, got)
				}
			}
		}
	}
}

func TestWindowErrors(t *testing.T) {
	r := &Runner{maxLen: 4, opts: Options{Stride: 2}}
	all := Seq{IDs: make([]int64, 6), Special: []bool{true, true, true, true, true, true}}
	if _, err := r.windows(0, all); !errors.Is(err, ErrInput) {
		t.Errorf("all special: %v", err)
	}
	s := Seq{IDs: make([]int64, 9), Special: []bool{true, false, false, false, false, false, false, false, true}}
	if _, err := r.windows(0, s); !errors.Is(err, ErrInput) {
		t.Errorf("stride as large as the window body: %v", err)
	}
	r.opts.Stride = 1
	if ws, err := r.windows(0, s); err != nil || len(ws) != 6 {
		t.Errorf("stride 1: %d windows, %v", len(ws), err)
	}
}

func TestPlanBatches(t *testing.T) {
	r := &Runner{maxLen: 16, numLabels: 5, opts: Options{Stride: 4, MaxBatch: 3, MaxBatchTokens: 40, PadID: 99}}
	rng := rand.New(rand.NewPCG(5, 6))
	var seqs []Seq
	for _, n := range []int{3, 14, 1, 40, 7, 7, 0, 12} {
		seqs = append(seqs, sentence(rng, n))
	}
	seqs = append(seqs, Seq{}) // empty: no window
	bs, err := r.plan(seqs)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]int{}
	for _, pb := range bs {
		b := r.fill(seqs, pb)
		if len(pb.windows) > 3 || (len(pb.windows) > 1 && b.Size*b.Len > 40) {
			t.Errorf("batch %d×%d with %d windows breaks the bounds", b.Size, b.Len, len(pb.windows))
		}
		for row, w := range pb.windows {
			seen[w.seq] += len(w.pos)
			if len(w.pos) > b.Len {
				t.Errorf("window of %d in a batch of length %d", len(w.pos), b.Len)
			}
			for k := 0; k < b.Len; k++ {
				id, m := b.IDs[row*b.Len+k], b.Mask[row*b.Len+k]
				if k < len(w.pos) {
					if m != 1 || id != seqs[w.seq].IDs[w.pos[k]] {
						t.Errorf("row %d col %d: id %d mask %d", row, k, id, m)
					}
				} else if m != 0 || id != 99 {
					t.Errorf("padding row %d col %d: id %d mask %d", row, k, id, m)
				}
			}
		}
	}
	for i, s := range seqs {
		if len(s.IDs) <= 16 && seen[i] != len(s.IDs) {
			t.Errorf("sequence %d: %d tokens planned, has %d", i, seen[i], len(s.IDs))
		}
	}
}

func TestInferBatchedEqualsOneByOne(t *testing.T) {
	r := newRunner(t, "global.onnx", Options{MaxLen: 64, MaxBatch: 4, MaxBatchTokens: 120, IntraOpThreads: 1})
	rng := rand.New(rand.NewPCG(7, 8))
	var seqs []Seq
	for i := 0; i < 23; i++ {
		seqs = append(seqs, sentence(rng, rng.IntN(40)))
	}
	all := infer(t, r, seqs...)
	for i, s := range seqs {
		one := infer(t, r, s)
		if len(all[i]) != len(s.IDs) {
			t.Fatalf("sequence %d: %d rows for %d tokens", i, len(all[i]), len(s.IDs))
		}
		if d := maxDiff(all[i], one[0]); d > 1e-5 {
			t.Errorf("sequence %d (%d tokens): batched differs from alone by %g", i, len(s.IDs), d)
		}
	}
}

func TestWindowedEqualsFullRun(t *testing.T) {
	full := newRunner(t, "local.onnx", Options{MaxLen: 512})
	rng := rand.New(rand.NewPCG(9, 10))
	seqs := []Seq{sentence(rng, 150), sentence(rng, 37), sentence(rng, 14), sentence(rng, 15)}
	want := infer(t, full, seqs...)
	// The model sees two tokens either side: windows sharing 4 or more
	// tokens give every token its full context somewhere.
	for _, stride := range []int{4, 5, 8, 13} {
		w := newRunner(t, "local.onnx", Options{MaxLen: 16, Stride: stride, MaxBatch: 5})
		got := infer(t, w, seqs...)
		for i := range seqs {
			if d := maxDiff(got[i], want[i]); d > 1e-5 {
				t.Errorf("stride %d, sequence %d (%d tokens): windowed differs from full by %g", stride, i, len(seqs[i].IDs), d)
			}
		}
	}
	// Without overlap, tokens at window edges lose context: the test can fail.
	w := newRunner(t, "local.onnx", Options{MaxLen: 16, Stride: 0})
	got := infer(t, w, seqs[:1]...)
	if d := maxDiff(got[0], want[0]); d < 1e-3 {
		t.Errorf("stride 0 matches the full run (max diff %g): the comparison is blind", d)
	}
}

func TestFixedShapeModel(t *testing.T) {
	r := newRunner(t, "fixed.onnx", Options{Stride: 4, MaxBatch: 8})
	if r.MaxLen() != 16 || r.NumLabels() != 5 || !reflect.DeepEqual(r.InputNames(), []string{"input_ids", "attention_mask"}) {
		t.Fatalf("MaxLen %d NumLabels %d inputs %v", r.MaxLen(), r.NumLabels(), r.InputNames())
	}
	rng := rand.New(rand.NewPCG(11, 12))
	seqs := []Seq{sentence(rng, 3), sentence(rng, 14), sentence(rng, 30)}
	bs, err := r.Plan(seqs)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		if b.Size != 2 || b.Len != 16 {
			t.Errorf("batch %d×%d, want 2×16", b.Size, b.Len)
		}
	}
	all := infer(t, r, seqs...)
	for i, s := range seqs {
		one := infer(t, r, s)
		if d := maxDiff(all[i], one[0]); d > 1e-5 {
			t.Errorf("sequence %d: differs by %g", i, d)
		}
	}
}

func TestConcurrentInfer(t *testing.T) {
	r := newRunner(t, "global.onnx", Options{MaxLen: 24, Stride: 6, MaxBatch: 3})
	rng := rand.New(rand.NewPCG(13, 14))
	jobs := make([][]Seq, 16)
	for i := range jobs {
		for k := 0; k < 1+i%4; k++ {
			jobs[i] = append(jobs[i], sentence(rng, rng.IntN(60)))
		}
	}
	want := make([][][][]float32, len(jobs))
	for i, j := range jobs {
		var err error
		if want[i], err = r.Infer(context.Background(), j); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(jobs)*4)
	for rep := 0; rep < 4; rep++ {
		for i, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := r.Infer(context.Background(), j)
				if err != nil {
					errs <- err
					return
				}
				for k := range got {
					if d := maxDiff(got[k], want[i][k]); d > 1e-5 {
						errs <- fmt.Errorf("job %d seq %d differs by %g", i, k, d)
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestInferErrors(t *testing.T) {
	r := newRunner(t, "local.onnx", Options{MaxLen: 8, Stride: 2})
	ctx := context.Background()
	if _, err := r.Infer(ctx, []Seq{{IDs: []int64{1, 2}, TypeIDs: []int64{0}}}); !errors.Is(err, ErrInput) {
		t.Errorf("type ids length: %v", err)
	}
	if _, err := r.Infer(ctx, []Seq{{IDs: []int64{1, 2}, Special: []bool{true}}}); !errors.Is(err, ErrInput) {
		t.Errorf("special length: %v", err)
	}
	out, err := r.Infer(ctx, []Seq{{}, {IDs: []int64{5}}})
	if err != nil || len(out) != 2 || len(out[0]) != 0 || len(out[1]) != 1 || len(out[1][0]) != 5 {
		t.Errorf("empty and one-token sequences: %v, %v", out, err)
	}
	if _, err := r.Infer(ctx, []Seq{{IDs: []int64{1, 500}}}); err == nil {
		t.Error("out-of-vocabulary id: no error")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := r.Infer(cancelled, []Seq{{IDs: []int64{1, 2}}}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
	if _, err := r.RunBatch(ctx, Batch{Size: 2, Len: 2, IDs: []int64{1}}); !errors.Is(err, ErrInput) {
		t.Errorf("malformed batch: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := r.Infer(ctx, []Seq{{IDs: []int64{1, 2}}}); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

func TestNewErrors(t *testing.T) {
	needORT(t)
	local := readModel(t, "local.onnx")
	tests := []struct {
		name  string
		model []byte
		opts  Options
	}{
		{"not onnx", []byte("hello"), Options{MaxLen: 8}},
		{"no max length", local, Options{}},
		{"label count", local, Options{MaxLen: 8, NumLabels: 7}},
		{"negative stride", local, Options{MaxLen: 8, Stride: -1}},
		{"graph opt", local, Options{MaxLen: 8, GraphOptimization: 42}},
	}
	for _, tt := range tests {
		if r, err := New(tt.model, tt.opts); err == nil {
			r.Close()
			t.Errorf("%s: New succeeded", tt.name)
		}
	}
	for _, g := range []GraphOptimization{GraphOptDisabled, GraphOptBasic, GraphOptExtended, GraphOptAll} {
		r, err := New(local, Options{MaxLen: 8, GraphOptimization: g, IntraOpThreads: 1, InterOpThreads: 2})
		if err != nil {
			t.Errorf("graph optimisation %d: %v", g, err)
			continue
		}
		if _, err := r.Infer(context.Background(), []Seq{{IDs: []int64{1, 5, 2}}}); err != nil {
			t.Errorf("graph optimisation %d: %v", g, err)
		}
		r.Close()
	}
}

func TestParallelEqualsSequential(t *testing.T) {
	seq := newRunner(t, "global.onnx", Options{MaxLen: 32, Stride: 8, MaxBatch: 2})
	par := newRunner(t, "global.onnx", Options{MaxLen: 32, Stride: 8, MaxBatch: 2, Parallel: 4})
	rng := rand.New(rand.NewPCG(15, 16))
	var seqs []Seq
	for i := 0; i < 40; i++ {
		seqs = append(seqs, sentence(rng, rng.IntN(80)))
	}
	ctx, cancel := context.WithCancel(context.Background()) // live: runs with RunOptions
	defer cancel()
	want, err := seq.Infer(ctx, seqs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := par.Infer(ctx, seqs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range seqs {
		if d := maxDiff(got[i], want[i]); d > 1e-5 {
			t.Errorf("sequence %d: parallel differs by %g", i, d)
		}
	}
	// An error in one batch stops the others and comes back.
	bad := append(append([]Seq{}, seqs...), Seq{IDs: []int64{1, 1000, 2}})
	if _, err := par.Infer(ctx, bad); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("bad id among parallel batches: %v", err)
	}
}

// TestCancelDuringInfer cancels while batches run: Infer returns
// context.Canceled or finishes, never another error or a crash.
func TestCancelDuringInfer(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	var seqs []Seq
	for i := 0; i < 200; i++ {
		seqs = append(seqs, sentence(rng, 20+rng.IntN(200)))
	}
	for _, parallel := range []int{1, 3} {
		r := newRunner(t, "global.onnx", Options{MaxLen: 256, MaxBatch: 2, Parallel: parallel})
		for _, after := range []time.Duration{0, 100 * time.Microsecond, time.Millisecond, 5 * time.Millisecond} {
			ctx, cancel := context.WithTimeout(context.Background(), after)
			_, err := r.Infer(ctx, seqs)
			cancel()
			if after == 0 && err == nil {
				t.Errorf("parallel %d: an expired context ran anyway", parallel)
			}
			if err != nil && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("parallel %d, cancelled after %v: %v", parallel, after, err)
			}
		}
	}
}
