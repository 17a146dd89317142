package runner

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	ort "github.com/yalue/onnxruntime_go"

	"github.com/khabar-nlp/khabar/extract/internal/model"
)

// benchModel picks the model the benchmarks run: $KHABAR_BENCH_MODEL (a
// model folder), else the shipped default, else the tiny test model, else
// this package's testdata/global.onnx.
func benchModel(b *testing.B) (name string, onnx []byte, maxLen int) {
	b.Helper()
	candidates := []string{os.Getenv("KHABAR_BENCH_MODEL"),
		filepath.Join("..", "..", "..", "models", "khabar-ner-ar"),
		filepath.Join("..", "..", "..", "models", "testdata", "tiny")}
	for _, dir := range candidates {
		if dir == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, model.ConfigFile)); err != nil {
			continue
		}
		m, err := model.Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		return filepath.Base(dir), m.ONNX, m.MaxLen
	}
	return "global.onnx", readModel(b, "global.onnx"), 128
}

// benchSeqs makes n sentence-like sequences: [CLS] body [SEP] with body
// lengths skewed like news sentences (mean ≈ 38 tokens, a long tail).
func benchSeqs(n int) ([]Seq, int) {
	rng := rand.New(rand.NewPCG(42, 42))
	seqs := make([]Seq, n)
	tokens := 0
	for i := range seqs {
		l := 6 + int(rng.ExpFloat64()*32)
		if l > 300 {
			l = 300
		}
		seqs[i] = sentence(rng, l)
		tokens += len(seqs[i].IDs)
	}
	return seqs, tokens
}

// benchConfig is one way to use the cores: ONNX Runtime's intra-op
// threads inside each run, or runs in parallel with one thread each.
type benchConfig struct{ threads, parallel int }

func (c benchConfig) String() string {
	return fmt.Sprintf("threads=%d/parallel=%d", c.threads, c.parallel)
}

func benchConfigs() []benchConfig {
	cs := []benchConfig{{1, 1}}
	if n := runtime.NumCPU(); n > 1 {
		cs = append(cs, benchConfig{n, 1}, benchConfig{1, n})
	}
	return cs
}

// benchEach runs body once per benchConfig, as a sub-benchmark named by
// the model and the config, with a runner for that config and 256 sentences.
func benchEach(b *testing.B, body func(b *testing.B, r *Runner, seqs []Seq, tokens int, c benchConfig)) {
	needORT(b)
	name, onnx, maxLen := benchModel(b)
	seqs, tokens := benchSeqs(256)
	for _, c := range benchConfigs() {
		b.Run(fmt.Sprintf("model=%s/%s", name, c), func(b *testing.B) {
			body(b, benchRunner(b, onnx, maxLen, c), seqs, tokens, c)
		})
	}
}

// timeRuns warms up with one call of runAll, then times b.N calls and
// reports the throughput.
func timeRuns(b *testing.B, runAll func() error, tokens, seqs int) {
	if err := runAll(); err != nil { // warm up
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if err := runAll(); err != nil {
			b.Fatal(err)
		}
	}
	report(b, start, tokens, seqs)
}

// BenchmarkRunnerInfer times Infer (windowing, batching, padding, copying
// logits out) over 256 sentences: one ONNX Runtime thread; all cores as
// intra-op threads; all cores as parallel single-threaded runs.
func BenchmarkRunnerInfer(b *testing.B) {
	benchEach(b, func(b *testing.B, r *Runner, seqs []Seq, tokens int, _ benchConfig) {
		ctx := context.Background()
		timeRuns(b, func() error {
			_, err := r.Infer(ctx, seqs)
			return err
		}, tokens, len(seqs))
	})
}

// BenchmarkRunnerBare times ONNX Runtime's Run alone on the batches Infer
// would run for the same sentences, tensors built beforehand: the limit
// Infer can approach.
func BenchmarkRunnerBare(b *testing.B) {
	benchEach(b, func(b *testing.B, r *Runner, seqs []Seq, tokens int, c benchConfig) {
		timeRuns(b, bare(b, r, seqs, c.parallel), tokens, len(seqs))
	})
}

// BenchmarkRunnerRatio alternates Infer and bare runs of the same batches
// in every iteration, so that a busy machine slows both alike, and reports
// Infer's throughput as a fraction of bare ONNX Runtime's (infer/bare).
func BenchmarkRunnerRatio(b *testing.B) {
	benchEach(b, func(b *testing.B, r *Runner, seqs []Seq, tokens int, c benchConfig) {
		runAll := bare(b, r, seqs, c.parallel)
		ctx := context.Background()
		var tBare, tInfer time.Duration
		for i := -1; i < b.N; i++ { // i = -1 warms up
			t0 := time.Now()
			if err := runAll(); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if _, err := r.Infer(ctx, seqs); err != nil {
				b.Fatal(err)
			}
			if i >= 0 {
				tBare += t1.Sub(t0)
				tInfer += time.Since(t1)
			}
		}
		n := float64(tokens) * float64(b.N)
		b.ReportMetric(n/tBare.Seconds(), "bare-tokens/s")
		b.ReportMetric(n/tInfer.Seconds(), "infer-tokens/s")
		b.ReportMetric(tBare.Seconds()/tInfer.Seconds(), "infer/bare")
	})
}

func benchRunner(b *testing.B, onnx []byte, maxLen int, c benchConfig) *Runner {
	r, err := New(onnx, Options{MaxLen: maxLen, Stride: 32, IntraOpThreads: c.threads, InterOpThreads: 1, Parallel: c.parallel})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	return r
}

// bare builds the ORT tensors of the batches Infer would run for seqs and
// returns a function that runs them all, parallel at a time.
func bare(b *testing.B, r *Runner, seqs []Seq, parallel int) func() error {
	batches, err := r.Plan(seqs)
	if err != nil {
		b.Fatal(err)
	}
	type prepared struct{ in, out []ort.Value }
	var runs []prepared
	for _, bt := range batches {
		shape := ort.NewShape(int64(bt.Size), int64(bt.Len))
		var p prepared
		for _, in := range r.inputs {
			data := map[string][]int64{inputIDs: bt.IDs, inputMask: bt.Mask, inputTypes: bt.Types}[in.Name]
			v, err := ort.NewTensor(shape, data)
			if err != nil {
				b.Fatal(err)
			}
			p.in = append(p.in, v)
		}
		out, err := ort.NewEmptyTensor[float32](ort.NewShape(int64(bt.Size), int64(bt.Len), int64(r.numLabels)))
		if err != nil {
			b.Fatal(err)
		}
		p.out = []ort.Value{out}
		runs = append(runs, p)
	}
	b.Cleanup(func() {
		for _, p := range runs {
			for _, v := range append(p.in, p.out...) {
				v.Destroy()
			}
		}
	})
	return func() error {
		if parallel <= 1 {
			for _, p := range runs {
				if err := r.sess.Run(p.in, p.out); err != nil {
					return err
				}
			}
			return nil
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		var first error
		next := make(chan prepared)
		for range parallel {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := range next {
					if err := r.sess.Run(p.in, p.out); err != nil {
						mu.Lock()
						first = cmp.Or(first, err)
						mu.Unlock()
					}
				}
			}()
		}
		for _, p := range runs {
			next <- p
		}
		close(next)
		wg.Wait()
		return first
	}
}

func report(b *testing.B, start time.Time, tokens, seqs int) {
	s := time.Since(start).Seconds()
	b.ReportMetric(float64(tokens)*float64(b.N)/s, "tokens/s")
	b.ReportMetric(float64(seqs)*float64(b.N)/s, "seqs/s")
}
