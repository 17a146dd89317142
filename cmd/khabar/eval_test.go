package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const evalSamples = "../../eval/testdata/samples.jsonl"

func runEval(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = evalMain(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestEvalGoldAgainstItself(t *testing.T) {
	if _, err := os.Stat(evalSamples); err != nil {
		t.Skipf("no annotated samples yet: %v", err)
	}
	errFile := filepath.Join(t.TempDir(), "errors.jsonl")
	code, out, errs := runEval(t, "--gold", evalSamples, "--pred", evalSamples, "--json", "--errors", errFile)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Entities struct {
			Micro struct{ P, R, F1 float64 } `json:"micro"`
		} `json:"entities"`
		Events struct {
			Micro struct{ F1 float64 } `json:"micro"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if rep.Entities.Micro.F1 != 1 || rep.Events.Micro.F1 != 1 {
		t.Errorf("gold against itself: %s", out)
	}
	if b, err := os.ReadFile(errFile); err != nil || len(b) != 0 {
		t.Errorf("errors file: %v %q", err, b)
	}
}

func TestEvalTableAndErrors(t *testing.T) {
	dir := t.TempDir()
	gold := filepath.Join(dir, "g.txt")
	pred := filepath.Join(dir, "p.txt")
	os.WriteFile(gold, []byte("قال O\nالملك O\nعبدالله B-PERS\nالثاني I-PERS\nفي O\nعمان B-LOC\n"), 0o644)
	os.WriteFile(pred, []byte("قال O\nالملك O\nعبدالله B-PERS\nالثاني O\nفي O\nعمان B-LOC\n"), 0o644)
	errFile := filepath.Join(dir, "e.jsonl")
	code, out, errs := runEval(t, "--gold", gold, "--pred", pred, "--errors", errFile)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Entities", "PERS", "0.5000", "micro", "macro", "IOB2"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	b, _ := os.ReadFile(errFile)
	if n := strings.Count(string(b), "\n"); n != 2 || !strings.Contains(string(b), `"context":"قال الملك [[عبدالله الثاني]] في عمان"`) {
		t.Errorf("errors file:\n%s", b)
	}
	// --partial turns the boundary error into a match.
	code, out, _ = runEval(t, "--gold", gold, "--pred", pred, "--partial", "--json")
	if code != exitOK || !strings.Contains(out, `"f1": 1`) {
		t.Errorf("partial: %d\n%s", code, out)
	}
}

func TestEvalUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("قال O\nمصر B-\n"), 0o644)
	ok := filepath.Join(dir, "ok.txt")
	os.WriteFile(ok, []byte("قال O\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no gold", []string{"--pred", ok}, "--gold is required"},
		{"stray argument", []string{"--gold", ok, "extra"}, "unexpected argument"},
		{"bad map", []string{"--gold", ok, "--pred", ok, "--map", "PER"}, "want FROM=TO"},
		{"pred and model", []string{"--gold", ok, "--pred", ok, "--model", dir}, "exclude each other"},
		{"missing file", []string{"--gold", filepath.Join(dir, "nope"), "--pred", ok}, "no such file"},
		{"malformed gold", []string{"--gold", bad, "--pred", ok}, "bad.txt:2: malformed tag"},
		{"unknown flag", []string{"--gold", ok, "--nope"}, "flag provided but not defined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runEval(t, tc.args...)
			if code != exitUsage || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errs, exitUsage, tc.want)
			}
		})
	}
}

// TestEvalPipelineWithoutModel runs the pipeline itself (gazetteers,
// patterns and events; no ONNX Runtime needed) on the annotated samples.
func TestEvalPipelineWithoutModel(t *testing.T) {
	if _, err := os.Stat(evalSamples); err != nil {
		t.Skipf("no annotated samples yet: %v", err)
	}
	code, out, errs := runEval(t, "--gold", evalSamples, "--no-model", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Meta struct {
			Pred string `json:"pred"`
		} `json:"meta"`
		Entities struct {
			Micro struct{ TP, FP, FN int } `json:"micro"`
		} `json:"entities"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Meta.Pred != "pipeline" || rep.Entities.Micro.TP+rep.Entities.Micro.FN == 0 {
		t.Errorf("pipeline run: %s", out)
	}
	t.Logf("gazetteer-only entities: %+v", rep.Entities.Micro)
}

func TestEvalPredFromStdin(t *testing.T) {
	dir := t.TempDir()
	gold := filepath.Join(dir, "g.txt")
	os.WriteFile(gold, []byte("في O\nعمان B-LOC\n"), 0o644)
	var out, errb bytes.Buffer
	code := evalMain(context.Background(), []string{"--gold", gold, "--pred", "-", "--json"},
		strings.NewReader(`{"id":"x","entities":[{"text":"عمان","type":"GPE","start":3,"end":7}]}`+"\n"), &out, &errb)
	if code != exitOK || !strings.Contains(out.String(), `"f1": 1`) {
		t.Errorf("exit %d: %s\n%s", code, errb.String(), out.String())
	}
}
