package extract

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/internal/runner"
	"github.com/khabar-nlp/khabar/internal/testenv"
	"github.com/khabar-nlp/khabar/models"
)

// benchDocs returns news paragraphs: from ../shared/data/raw when present
// (decompressed with xz), else the committed sample text repeated.
func benchDocs(b *testing.B, n int) []Doc {
	b.Helper()
	paras := testenv.NewsParagraphs(b, 0)
	if len(paras) == 0 {
		s, err := os.ReadFile(filepath.Join("..", "models", "testdata", "sample.txt"))
		if err != nil {
			b.Fatal(err)
		}
		paras = []string{string(s)}
	}
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{ID: fmt.Sprint(i), Text: paras[i%len(paras)], Date: "2024-02-21"}
	}
	return docs
}

// benchPipeline builds the pipeline the benchmarks time: the default model,
// or the embedded model or model folder named by $KHABAR_BENCH_MODEL (`make
// bench BENCH_MODEL=khabar-ner-ar-fast`).
func benchPipeline(b *testing.B, threads, workers int, opts ...Option) *Pipeline {
	b.Helper()
	base := []Option{WithThreads(threads, 1), WithWorkers(workers)}
	if m := os.Getenv("KHABAR_BENCH_MODEL"); m != "" {
		if slices.Contains(models.Names(), m) {
			base = append(base, WithModelName(m))
		} else {
			base = append(base, WithModelDir(m))
		}
	}
	p, err := New(context.Background(), append(base, opts...)...)
	if errors.Is(err, ErrNoRuntime) {
		b.Skip("ONNX Runtime library not found: run `make setup`")
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Close() })
	return p
}

// tokensOf counts the model tokens (specials included) of docs, the unit of
// the throughput figures.
func tokensOf(b *testing.B, p *Pipeline, docs []Doc) (int, []*doc.Doc) {
	b.Helper()
	total := 0
	var dds []*doc.Doc
	for _, d := range docs {
		dd, err := p.prepare(d)
		if err != nil {
			b.Fatal(err)
		}
		dds = append(dds, dd)
		for _, s := range dd.Sentences {
			enc, err := p.stages.ner.(*ner).tok.Encode(dd.Text.String()[s.Start:s.End])
			if err != nil {
				b.Fatal(err)
			}
			total += enc.Len()
		}
	}
	return total, dds
}

// cpuTime is the process's user+system CPU time so far (all threads:
// Go, ONNX Runtime, GC).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// meter reports, besides tokens/s and docs/s, the CPU time per op (stabler
// than wall time on a shared machine) and the time spent inside ORT's Run
// per op (summed over concurrent runs), so that pipeline and bare ORT can be
// compared stage by stage.
type meter struct {
	b    *testing.B
	r    *runner.Runner
	cpu0 time.Duration
	ort0 runner.Stats
}

func startMeter(b *testing.B, r *runner.Runner) *meter {
	b.ResetTimer()
	return &meter{b: b, r: r, cpu0: cpuTime(), ort0: r.Stats()}
}

func (m *meter) report(tokens, docs int) {
	b := m.b
	b.StopTimer()
	sec := b.Elapsed().Seconds()
	n := float64(b.N)
	st := m.r.Stats()
	b.ReportMetric(float64(tokens)*n/sec, "tokens/s")
	b.ReportMetric(float64(docs)*n/sec, "docs/s")
	b.ReportMetric(float64(cpuTime()-m.cpu0)/1e6/n, "cpu-ms/op")
	b.ReportMetric(float64(st.RunTime-m.ort0.RunTime)/1e6/n, "ort-ms/op")
	b.ReportMetric(float64(st.Runs-m.ort0.Runs)/n, "runs/op")
}

// BenchmarkPipeline is the whole pipeline (normalise, split, tokenise, ORT,
// decode, gazetteers, patterns, merge, events) over news paragraphs;
// BenchmarkBareORT runs only ORT's Run on the very batches the pipeline
// builds for the same documents: the limit the pipeline approaches.
func BenchmarkPipeline(b *testing.B) {
	for _, c := range []struct {
		name             string
		threads, workers int
	}{{"cores=1", 1, 1}, {fmt.Sprintf("cores=%d", runtime.NumCPU()), 1, runtime.NumCPU()}} {
		b.Run(c.name, func(b *testing.B) {
			p := benchPipeline(b, c.threads, c.workers)
			docs := benchDocs(b, 64)
			toks, _ := tokensOf(b, p, docs)
			m := startMeter(b, p.stages.ner.(*ner).run)
			for i := 0; i < b.N; i++ {
				err := p.ExtractAll(context.Background(), func(yield func(Doc, error) bool) {
					for _, d := range docs {
						if !yield(d, nil) {
							return
						}
					}
				}, func(r Result) error {
					if r.Error != nil {
						return errors.New(r.Error.Message)
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			m.report(toks, len(docs))
		})
	}
}

func BenchmarkBareORT(b *testing.B) {
	for _, c := range []struct {
		name    string
		workers int
	}{{"cores=1", 1}, {fmt.Sprintf("cores=%d", runtime.NumCPU()), runtime.NumCPU()}} {
		b.Run(c.name, func(b *testing.B) {
			p := benchPipeline(b, 1, c.workers)
			n := p.stages.ner.(*ner)
			docs := benchDocs(b, 64)
			toks, dds := tokensOf(b, p, docs)
			// The pipeline runs chunks of chunkDocs documents; build the same batches.
			var plans [][]runner.Batch
			for i := 0; i < len(dds); i += chunkDocs {
				var seqs []runner.Seq
				for _, dd := range dds[i:min(i+chunkDocs, len(dds))] {
					for _, s := range dd.Sentences {
						enc, _ := n.tok.Encode(dd.Text.String()[s.Start:s.End])
						seqs = append(seqs, runner.Seq{IDs: enc.IDs, TypeIDs: enc.TypeIDs, Special: enc.Special})
					}
				}
				batches, err := n.run.Plan(seqs)
				if err != nil {
					b.Fatal(err)
				}
				plans = append(plans, batches)
			}
			// Same context kind as ExtractAll's (cancellable), so that both
			// run ORT through the same cancellable path.
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			m := startMeter(b, n.run)
			for i := 0; i < b.N; i++ {
				work := make(chan []runner.Batch)
				errc := make(chan error, c.workers)
				for w := 0; w < c.workers; w++ {
					go func() {
						for bs := range work {
							for _, bt := range bs {
								if _, err := n.run.RunBatch(ctx, bt); err != nil {
									errc <- err
									return
								}
							}
						}
						errc <- nil
					}()
				}
				for _, bs := range plans {
					work <- bs
				}
				close(work)
				for w := 0; w < c.workers; w++ {
					if err := <-errc; err != nil {
						b.Fatal(err)
					}
				}
			}
			m.report(toks, len(docs))
		})
	}
}
