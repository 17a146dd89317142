package runner

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
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

func threadCounts() []int {
	if n := runtime.NumCPU(); n > 1 {
		return []int{1, n}
	}
	return []int{1}
}

// BenchmarkRunnerInfer times Infer (windowing, batching, padding, copying
// logits out) over 256 sentences, with 1 ONNX Runtime thread and with all
// cores.
func BenchmarkRunnerInfer(b *testing.B) {
	needORT(b)
	name, onnx, maxLen := benchModel(b)
	seqs, tokens := benchSeqs(256)
	for _, threads := range threadCounts() {
		b.Run(fmt.Sprintf("model=%s/threads=%d", name, threads), func(b *testing.B) {
			r, err := New(onnx, Options{MaxLen: maxLen, Stride: 32, IntraOpThreads: threads, InterOpThreads: 1})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			ctx := context.Background()
			if _, err := r.Infer(ctx, seqs); err != nil { // warm up
				b.Fatal(err)
			}
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				if _, err := r.Infer(ctx, seqs); err != nil {
					b.Fatal(err)
				}
			}
			report(b, start, tokens, len(seqs))
		})
	}
}

// BenchmarkRunnerBare times ONNX Runtime's Run alone on the batches Infer
// would run for the same sentences, tensors built beforehand: the limit
// Infer can approach.
func BenchmarkRunnerBare(b *testing.B) {
	needORT(b)
	name, onnx, maxLen := benchModel(b)
	seqs, tokens := benchSeqs(256)
	for _, threads := range threadCounts() {
		b.Run(fmt.Sprintf("model=%s/threads=%d", name, threads), func(b *testing.B) {
			r, err := New(onnx, Options{MaxLen: maxLen, Stride: 32, IntraOpThreads: threads, InterOpThreads: 1})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
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
			defer func() {
				for _, p := range runs {
					for _, v := range append(p.in, p.out...) {
						v.Destroy()
					}
				}
			}()
			for _, p := range runs { // warm up
				if err := r.sess.Run(p.in, p.out); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				for _, p := range runs {
					if err := r.sess.Run(p.in, p.out); err != nil {
						b.Fatal(err)
					}
				}
			}
			report(b, start, tokens, len(seqs))
		})
	}
}

func report(b *testing.B, start time.Time, tokens, seqs int) {
	s := time.Since(start).Seconds()
	b.ReportMetric(float64(tokens)*float64(b.N)/s, "tokens/s")
	b.ReportMetric(float64(seqs)*float64(b.N)/s, "seqs/s")
}
