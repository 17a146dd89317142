package runner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/model"
	"github.com/khabar-nlp/khabar/extract/internal/tokenize"
	"github.com/khabar-nlp/khabar/extract/normalize"
)

// tinyBERT loads models/testdata/tiny (a 2-layer BERT, max 128 positions)
// and encodes models/testdata/sample.txt with its tokenizer.
func tinyBERT(t *testing.T) (*model.Model, tokenize.Encoding) {
	t.Helper()
	root := filepath.Join("..", "..", "..", "models", "testdata")
	m, err := model.Load(filepath.Join(root, "tiny"))
	if err != nil {
		t.Skipf("tiny test model not available: %v", err)
	}
	text, err := os.ReadFile(filepath.Join(root, "sample.txt"))
	if err != nil {
		t.Skipf("sample text not available: %v", err)
	}
	tk, err := tokenize.FromBytes(m.Tokenizer)
	if err != nil {
		t.Fatal(err)
	}
	norm, err := normalize.New(m.Normalize).Normalize(string(text))
	if err != nil {
		t.Fatal(err)
	}
	enc, err := tk.Encode(norm.String())
	if err != nil {
		t.Fatal(err)
	}
	return m, enc
}

func argmax32(row []float32) int {
	best := 0
	for i, v := range row {
		if v > row[best] {
			best = i
		}
	}
	return best
}

// TestTinyBERTWindows runs a real (tiny) BERT on a paragraph longer than
// its 128 positions: every token gets logits, and where the paragraph's
// first 120 tokens fit in one window, cutting them into windows of 48 that
// overlap by 16 changes few predictions — self-attention sees the whole
// window, so the numbers differ, but reconciliation keeps each token where
// it has context on both sides.
func TestTinyBERTWindows(t *testing.T) {
	needORT(t)
	m, enc := tinyBERT(t)
	if enc.Len() <= m.MaxLen {
		t.Fatalf("sample encodes to %d tokens: not longer than the model's %d", enc.Len(), m.MaxLen)
	}
	seq := Seq{IDs: enc.IDs, TypeIDs: enc.TypeIDs, Special: enc.Special}
	r := newRunnerBytes(t, m.ONNX, Options{MaxLen: m.MaxLen, Stride: 32, PadID: m.PadID, NumLabels: len(m.Labels)})
	out := infer(t, r, seq)
	if len(out[0]) != enc.Len() {
		t.Fatalf("%d rows for %d tokens", len(out[0]), enc.Len())
	}
	for j, row := range out[0] {
		zero := true
		for _, v := range row {
			zero = zero && v == 0
		}
		if zero {
			t.Fatalf("token %d of %d got no logits", j, enc.Len())
		}
	}

	// The first 119 tokens plus [SEP] fit in one window.
	n := 120
	head := Seq{IDs: append(append([]int64{}, enc.IDs[:n-1]...), enc.IDs[len(enc.IDs)-1]),
		Special: append(append([]bool{}, enc.Special[:n-1]...), true)}
	full := infer(t, r, head)
	w := newRunnerBytes(t, m.ONNX, Options{MaxLen: 48, Stride: 16, PadID: m.PadID})
	win := infer(t, w, head)
	same := 0
	for j := range full[0] {
		if argmax32(full[0][j]) == argmax32(win[0][j]) {
			same++
		}
	}
	t.Logf("windows of 48 (stride 16) agree with one window on %d of %d tokens", same, n)
	if same < n*85/100 {
		t.Errorf("windowed predictions agree on only %d of %d tokens", same, n)
	}
	// Shifting ownership by one window (a reconciliation bug) would be
	// much worse: check the test can tell.
	shifted := 0
	for j := range full[0] {
		if j+8 < n && argmax32(full[0][j]) == argmax32(win[0][j+8]) {
			shifted++
		}
	}
	t.Logf("rows shifted by 8 agree on %d", shifted)
	if shifted >= same {
		t.Errorf("misaligned rows agree as often (%d) as aligned ones (%d): the check is blind", shifted, same)
	}
}

func newRunnerBytes(t *testing.T, onnx []byte, opts Options) *Runner {
	t.Helper()
	r, err := New(onnx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
