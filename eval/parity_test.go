package eval

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/internal/testenv"
)

// The golden numbers in testdata/seqeval_*.json come from the Python seqeval
// package (eval/parity/harness.py); these tests need no Python.

type goldenPRF struct {
	P, R, F1 float64
}

type goldenType struct {
	P       float64 `json:"p"`
	R       float64 `json:"r"`
	F1      float64 `json:"f1"`
	Support int     `json:"support"`
	TP      int     `json:"tp"`
	Pred    int     `json:"pred"`
	Gold    int     `json:"gold"`
}

type goldenScores struct {
	Micro   *goldenPRF            `json:"micro"`
	Macro   *goldenPRF            `json:"macro"`
	PerType map[string]goldenType `json:"per_type"`
}

// parityTol: the numbers must agree to 4 decimals; they agree to the last
// few bits, which this bound still shows.
const parityTol = 1e-9

func close4(a, b float64) bool {
	return math.Abs(a-b) <= parityTol && math.Round(a*1e4) == math.Round(b*1e4)
}

func compareScores(t *testing.T, label string, got Scores, want goldenScores) {
	t.Helper()
	if want.Micro == nil {
		t.Fatalf("%s: golden has no micro scores", label)
	}
	m := got.Micro
	if !close4(m.P, want.Micro.P) || !close4(m.R, want.Micro.R) || !close4(m.F1, want.Micro.F1) {
		t.Errorf("%s micro: got P %.6f R %.6f F1 %.6f, seqeval P %.6f R %.6f F1 %.6f",
			label, m.P, m.R, m.F1, want.Micro.P, want.Micro.R, want.Micro.F1)
	}
	if want.Macro == nil {
		if len(got.PerClass) != 0 {
			t.Errorf("%s: seqeval found no entities, got types %v", label, got.Classes())
		}
	} else if a := got.Macro; !close4(a.P, want.Macro.P) || !close4(a.R, want.Macro.R) || !close4(a.F1, want.Macro.F1) {
		t.Errorf("%s macro: got P %.6f R %.6f F1 %.6f, seqeval P %.6f R %.6f F1 %.6f",
			label, a.P, a.R, a.F1, want.Macro.P, want.Macro.R, want.Macro.F1)
	}
	if len(got.PerClass) != len(want.PerType) {
		t.Errorf("%s: types %v, seqeval has %d types", label, got.Classes(), len(want.PerType))
	}
	for typ, w := range want.PerType {
		g, ok := got.PerClass[typ]
		if !ok {
			t.Errorf("%s: type %q missing", label, typ)
			continue
		}
		if g.TP != w.TP || g.TP+g.FP != w.Pred || g.TP+g.FN != w.Gold || w.Gold != w.Support {
			t.Errorf("%s %s: tp/pred/gold %d/%d/%d, seqeval %d/%d/%d", label, typ, g.TP, g.TP+g.FP, g.TP+g.FN, w.TP, w.Pred, w.Gold)
		}
		if !close4(g.P, w.P) || !close4(g.R, w.R) || !close4(g.F1, w.F1) {
			t.Errorf("%s %s: P %.6f R %.6f F1 %.6f, seqeval %.6f %.6f %.6f", label, typ, g.P, g.R, g.F1, w.P, w.R, w.F1)
		}
	}
}

// TestSeqevalParitySynthetic compares chunking and scores with seqeval on
// the committed synthetic sequences (well-formed and ill-formed).
func TestSeqevalParitySynthetic(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "seqeval_synthetic.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			Kind       string     `json:"kind"`
			True       [][]string `json:"true"`
			Pred       [][]string `json:"pred"`
			ChunksTrue [][3]any   `json:"chunks_true"`
			ChunksPred [][3]any   `json:"chunks_pred"`
			goldenScores
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 100 {
		t.Fatalf("only %d synthetic cases", len(file.Cases))
	}
	kinds := map[string]int{}
	for i, c := range file.Cases {
		kinds[c.Kind]++
		label := fmt.Sprintf("%s case %d", c.Kind, i)
		for side, pair := range map[string]struct {
			seqs [][]string
			want [][3]any
		}{"true": {c.True, c.ChunksTrue}, "pred": {c.Pred, c.ChunksPred}} {
			got := SeqevalChunks(pair.seqs)
			if len(got) != len(pair.want) {
				t.Errorf("%s %s: %d chunks %v, seqeval %d %v", label, side, len(got), got, len(pair.want), pair.want)
				continue
			}
			for k, w := range pair.want {
				g := got[k]
				if g.Type != w[0].(string) || float64(g.Start) != w[1].(float64) || float64(g.End-1) != w[2].(float64) {
					t.Errorf("%s %s chunk %d: %v, seqeval %v", label, side, k, g, w)
				}
			}
		}
		s, err := ScoreBIO(c.True, c.Pred, Options{})
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		compareScores(t, label, s, c.goldenScores)
	}
	for _, k := range []string{"iob2", "iob1", "iobes", "quirky", "soup", "pred_only", "empty"} {
		if kinds[k] == 0 {
			t.Errorf("no synthetic case of kind %s", k)
		}
	}
}

// sharedFile returns a path under ../shared/data or skips the test.
func sharedFile(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(testenv.RepoRoot(t), "..", "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data not available (%s): skipping; the synthetic parity test still runs", p)
	}
	return p
}

// TestSeqevalParityANERcorp rebuilds the harness's perturbed predictions
// for the ANERcorp test file and compares the scores with seqeval's, both
// through ScoreBIO and through Run reading a CoNLL prediction file.
func TestSeqevalParityANERcorp(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "seqeval_golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		Source       string   `json:"source"`
		SourceSHA256 string   `json:"source_sha256"`
		GoldSHA256   string   `json:"gold_sha256"`
		Sentences    int      `json:"sentences"`
		Tokens       int      `json:"tokens"`
		Types        []string `json:"types"`
		Runs         []struct {
			Recipe     recipe       `json:"recipe"`
			PredSHA256 string       `json:"pred_sha256"`
			Scores     goldenScores `json:"scores"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(raw, &golden); err != nil {
		t.Fatal(err)
	}
	path := sharedFile(t, golden.Source)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if h := sha256.Sum256(data); hex.EncodeToString(h[:]) != golden.SourceSHA256 {
		t.Fatalf("%s changed (sha256 %x): rerun eval/parity/harness.py", path, h)
	}
	corpus, err := ReadCoNLL(bytes.NewReader(data), path, CoNLLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(corpus.Sentences) != golden.Sentences || corpus.Tokens() != golden.Tokens {
		t.Fatalf("read %d sentences / %d tokens, harness read %d / %d", len(corpus.Sentences), corpus.Tokens(), golden.Sentences, golden.Tokens)
	}
	gold := corpus.Tags()
	if h := tagsSHA256(gold); h != golden.GoldSHA256 {
		t.Fatalf("gold tag stream sha256 %s, harness %s", h, golden.GoldSHA256)
	}
	if len(golden.Runs) == 0 {
		t.Fatal("no runs in golden file")
	}
	dir := t.TempDir()
	for _, run := range golden.Runs {
		pred := perturb(gold, golden.Types, run.Recipe)
		if h := tagsSHA256(pred); h != run.PredSHA256 {
			t.Fatalf("%s: perturbed tags sha256 %s, harness %s: perturb() and harness.py have drifted", run.Recipe.Name, h, run.PredSHA256)
		}
		s, err := ScoreBIO(gold, pred, Options{})
		if err != nil {
			t.Fatal(err)
		}
		compareScores(t, run.Recipe.Name, s, run.Scores)
		t.Logf("%s: micro P %.4f R %.4f F1 %.4f, macro F1 %.4f (seqeval micro F1 %.4f, macro F1 %.4f)",
			run.Recipe.Name, s.Micro.P, s.Micro.R, s.Micro.F1, s.Macro.F1, run.Scores.Micro.F1, run.Scores.Macro.F1)

		// The same through the files and Run, as `khabar eval` does.
		var b strings.Builder
		for i, sent := range corpus.Sentences {
			for j, tok := range sent.Tokens {
				b.WriteString(tok + " " + pred[i][j] + "\n")
			}
			b.WriteString("\n")
		}
		predPath := filepath.Join(dir, run.Recipe.Name+".txt")
		if err := os.WriteFile(predPath, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := Run(context.Background(), Config{Gold: path, Pred: predPath, Lenient: true})
		if err != nil {
			t.Fatal(err)
		}
		compareScores(t, run.Recipe.Name+" via Run", rep.Entities.Scores, run.Scores)
		if rep.Meta.GoldFormat != FormatCoNLL || rep.Meta.PredFormat != FormatCoNLL || rep.Meta.GoldScheme != SchemeIOB2 {
			t.Errorf("meta: gold %s (%s), pred %s", rep.Meta.GoldFormat, rep.Meta.GoldScheme, rep.Meta.PredFormat)
		}
	}
}
