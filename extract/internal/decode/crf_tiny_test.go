package decode

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/ortlib"
	"github.com/khabar-nlp/khabar/extract/internal/runner"
	"github.com/khabar-nlp/khabar/extract/internal/tokenize"
	"github.com/khabar-nlp/khabar/extract/normalize"
)

// TestTinyCRF decodes real model output with models/testdata/tiny-crf's
// crf.json (which forbids O → I-X and B-X → I-Y with -10000): the Viterbi
// path never takes a forbidden transition, which would not hold if the
// matrix were read transposed, and it differs from the per-word argmax
// somewhere, so the CRF is really used.
func TestTinyCRF(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "models", "testdata", "tiny-crf")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("tiny-crf test model not available: %v", err)
	}
	if _, err := ortlib.Init(ortlib.Options{}); errors.Is(err, ortlib.ErrNoRuntime) {
		t.Skipf("ONNX Runtime library not found (run `make setup`): %v", err)
	} else if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var cfg struct {
		ID2Label map[string]string `json:"id2label"`
		MaxPos   int               `json:"max_position_embeddings"`
	}
	if err := json.Unmarshal(read("config.json"), &cfg); err != nil {
		t.Fatal(err)
	}
	labels := make([]string, len(cfg.ID2Label))
	for k, v := range cfg.ID2Label {
		i, _ := strconv.Atoi(k)
		labels[i] = v
	}
	var f struct {
		Labels      []string    `json:"labels"`
		Transitions [][]float64 `json:"transitions"`
		Start, End  []float64
	}
	if err := json.Unmarshal(read("crf.json"), &f); err != nil {
		t.Fatal(err)
	}
	if strings.Join(f.Labels, " ") != strings.Join(labels, " ") {
		t.Fatalf("crf.json labels %v differ from id2label %v", f.Labels, labels)
	}
	crf := &CRF{Transitions: f.Transitions, Start: f.Start, End: f.End}

	tk, err := tokenize.FromBytes(read("tokenizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := runner.New(read("model.onnx"), runner.Options{MaxLen: cfg.MaxPos, Stride: 32, PadID: tk.PadID()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	text, err := os.ReadFile(filepath.Join(dir, "..", "sample.txt"))
	if err != nil {
		t.Fatal(err)
	}
	norm, err := normalize.New(normalize.Default()).Normalize(string(text))
	if err != nil {
		t.Fatal(err)
	}
	enc, err := tk.Encode(norm.String())
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Infer(context.Background(), []runner.Seq{{IDs: enc.IDs, TypeIDs: enc.TypeIDs, Special: enc.Special}})
	if err != nil {
		t.Fatal(err)
	}
	var toks []tokenScores
	for i := range enc.IDs {
		if enc.Special[i] {
			continue
		}
		lg := make([]float64, len(labels))
		for j, v := range out[0][i] {
			lg[j] = float64(v)
		}
		toks = append(toks, tokenScores{tok: Token{Span: enc.Offsets[i], Subword: enc.Subword[i]}, logits: lg, probs: softmax(lg)})
	}
	withCRF, err := New(labels, Options{Strategy: StrategyFirst, CRF: crf})
	if err != nil {
		t.Fatal(err)
	}
	units := withCRF.units(toks, nil, nil)
	path, scores := withCRF.label(units, new(work))
	differs := 0
	for i, l := range path {
		if l != argmax(units[i].probs) {
			differs++
		}
		if scores[i] <= 0 || scores[i] > 1 {
			t.Errorf("word %d: marginal %v", i, scores[i])
		}
		if i > 0 && f.Transitions[path[i-1]][l] <= -1000 {
			t.Errorf("word %d: forbidden transition %s → %s", i, labels[path[i-1]], labels[l])
		}
	}
	if f.Start[path[0]] <= -1000 {
		t.Errorf("path starts with %s", labels[path[0]])
	}
	t.Logf("%d words; the CRF path differs from the argmax on %d", len(path), differs)
	if differs == 0 {
		t.Error("the CRF never changed a label: is it applied?")
	}
	ents, err := withCRF.Decode(func() []Token {
		ts := make([]Token, len(enc.IDs))
		for i := range ts {
			ts[i] = Token{Span: enc.Offsets[i], Subword: enc.Subword[i], Special: enc.Special[i]}
		}
		return ts
	}(), out[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Logf("%s %q %.3f", e.Type, norm.String()[e.Start:e.End], e.Score)
	}
}
