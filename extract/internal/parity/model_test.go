package parity

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/decode"
	"github.com/khabar-nlp/khabar/extract/internal/ortlib"
	"github.com/khabar-nlp/khabar/extract/internal/runner"
	"github.com/khabar-nlp/khabar/extract/internal/tokenize"
)

// logitTolerance is the largest difference allowed between Go and Python
// onnxruntime logits (the golden file rounds to 6 decimals).
const logitTolerance = 1e-4

type logitGolden struct {
	Versions map[string]string `json:"versions"`
	Labels   []string          `json:"labels"`
	Cases    []struct {
		Text   string      `json:"text"`
		IDs    []int64     `json:"ids"`
		Logits [][]float64 `json:"logits"`
	} `json:"cases"`
}

type entityGolden struct {
	Strategies []string `json:"strategies"`
	Cases      []struct {
		Text     string `json:"text"`
		Entities map[string][]struct {
			Type  string  `json:"type"`
			Start int     `json:"start"`
			End   int     `json:"end"`
			Score float64 `json:"score"`
			Index *int    `json:"index"`
		} `json:"entities"`
	} `json:"cases"`
}

// tinyModel loads the tiny test model's tokenizer, labels and runner, or
// skips when ONNX Runtime is not installed.
func tinyModel(t *testing.T, opts runner.Options) (*tokenize.Tokenizer, []string, *runner.Runner) {
	t.Helper()
	if _, err := ortlib.Init(ortlib.Options{}); err != nil {
		if errors.Is(err, ortlib.ErrNoRuntime) {
			t.Skipf("ONNX Runtime library not found, skipping (run `make setup` or set %s): %v", ortlib.EnvVar, err)
		}
		t.Fatal(err)
	}
	dir := tinyDir(t)
	tk, err := tokenize.Load(filepath.Join(dir, "tokenizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		ID2Label map[string]string `json:"id2label"`
		MaxPos   int               `json:"max_position_embeddings"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	labels := make([]string, len(cfg.ID2Label))
	for i := range labels {
		labels[i] = cfg.ID2Label[itoa(i)]
	}
	onnx, err := os.ReadFile(filepath.Join(dir, "model.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	opts.MaxLen = cfg.MaxPos
	opts.PadID = tk.PadID()
	r, err := runner.New(onnx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return tk, labels, r
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func seqOf(e tokenize.Encoding) runner.Seq {
	return runner.Seq{IDs: e.IDs, TypeIDs: e.TypeIDs, Special: e.Special}
}

// TestLogitsMatchOnnxruntime: the Go runner's logits, in padded
// length-bucketed batches, are within logitTolerance of Python
// onnxruntime's, run one sentence at a time.
func TestLogitsMatchOnnxruntime(t *testing.T) {
	var g logitGolden
	readGolden(t, "logits.json", &g)
	if len(g.Cases) < 300 {
		t.Fatalf("only %d golden cases", len(g.Cases))
	}
	for _, threads := range []int{1, 2} {
		tk, labels, r := tinyModel(t, runner.Options{IntraOpThreads: threads, MaxBatch: 16})
		if len(labels) != len(g.Labels) {
			t.Fatalf("labels %v, golden %v", labels, g.Labels)
		}
		seqs := make([]runner.Seq, len(g.Cases))
		for i, c := range g.Cases {
			enc, err := tk.Encode(c.Text)
			if err != nil {
				t.Fatal(err)
			}
			if !equalIDs(enc.IDs, c.IDs) {
				t.Fatalf("case %d: token ids differ from the golden file", i)
			}
			seqs[i] = seqOf(enc)
		}
		out, err := r.Infer(context.Background(), seqs)
		if err != nil {
			t.Fatal(err)
		}
		maxDiff, values := 0.0, 0
		for i, c := range g.Cases {
			if len(out[i]) != len(c.Logits) {
				t.Fatalf("case %d: %d rows, golden %d", i, len(out[i]), len(c.Logits))
			}
			for j, row := range c.Logits {
				for k, want := range row {
					d := math.Abs(float64(out[i][j][k]) - want)
					maxDiff = math.Max(maxDiff, d)
					values++
					if d > logitTolerance {
						t.Fatalf("case %d token %d label %d: go %v, onnxruntime %v", i, j, k, out[i][j][k], want)
					}
				}
			}
		}
		t.Logf("threads %d: %d sentences, %d logits, max |diff| %.2g vs onnxruntime %s", threads, len(g.Cases), values, maxDiff, g.Versions["onnxruntime"])
	}
}

// TestEntitiesMatchTransformers: decoded entity spans equal those of
// transformers' TokenClassificationPipeline for every aggregation
// strategy; scores within 1e-4.
func TestEntitiesMatchTransformers(t *testing.T) {
	var g entityGolden
	readGolden(t, "entities.json", &g)
	tk, labels, r := tinyModel(t, runner.Options{IntraOpThreads: 1})
	encs := make([]tokenize.Encoding, len(g.Cases))
	seqs := make([]runner.Seq, len(g.Cases))
	for i, c := range g.Cases {
		enc, err := tk.Encode(c.Text)
		if err != nil {
			t.Fatal(err)
		}
		encs[i], seqs[i] = enc, seqOf(enc)
	}
	logits, err := r.Infer(context.Background(), seqs)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range g.Strategies {
		strat, err := decode.ParseStrategy(name)
		if err != nil {
			t.Fatal(err)
		}
		d, err := decode.New(labels, decode.Options{Strategy: strat})
		if err != nil {
			t.Fatal(err)
		}
		compared := 0
		for i, c := range g.Cases {
			toks := make([]decode.Token, encs[i].Len())
			for j := range toks {
				toks[j] = decode.Token{Span: encs[i].Offsets[j], Subword: encs[i].Subword[j], Special: encs[i].Special[j]}
			}
			got, err := d.Decode(toks, logits[i])
			if err != nil {
				t.Fatal(err)
			}
			want := c.Entities[name]
			if len(got) != len(want) {
				t.Fatalf("%s case %d %q: %d entities, transformers %d\n go %+v\n hf %+v", name, i, c.Text, len(got), len(want), got, want)
			}
			for k, w := range want {
				e := got[k]
				typ := e.Type
				if strat == decode.StrategyNone {
					typ = e.Label
				}
				if e.Start != w.Start || e.End != w.End || typ != w.Type || math.Abs(e.Score-w.Score) > 1e-4 {
					t.Fatalf("%s case %d %q entity %d: go %s [%d,%d) %.6f, transformers %s [%d,%d) %.6f",
						name, i, c.Text, k, typ, e.Start, e.End, e.Score, w.Type, w.Start, w.End, w.Score)
				}
			}
			compared += len(want)
		}
		t.Logf("strategy %s: %d sentences, %d entities identical to transformers", name, len(g.Cases), compared)
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
