package extract

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeEnsemble writes an ensemble folder holding ensemble.json.
func writeEnsemble(t *testing.T, spec string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ensemble.json"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestEnsembleOfOneModelTwice: the weighted mean of a model's emissions with
// themselves, under the mean of its CRF with itself, is the model: same
// entities, spans and scores as the model alone.
func TestEnsembleOfOneModelTwice(t *testing.T) {
	dir := writeEnsemble(t, `{"members": [{"model": "khabar-ner-ar-fast", "weight": 2},
		{"model": "khabar-ner-ar-fast", "weight": 1}]}`)
	alone := seedResults(t, WithModelName("khabar-ner-ar-fast"), WithoutStages(StageEvents))
	twice := seedResults(t, WithModelDir(dir), WithoutStages(StageEvents))
	for i := range alone {
		if len(alone[i].Entities) == 0 || !reflect.DeepEqual(alone[i].Entities, twice[i].Entities) {
			t.Errorf("doc %d: %d entities alone, %d in the ensemble of the model with itself, or they differ",
				i, len(alone[i].Entities), len(twice[i].Entities))
		}
	}
}

// TestEnsembleAcrossTokenizers: the shipped ensemble (WordPiece default +
// Unigram e5) lines its members' words up and finds the seed report's
// actors.
func TestEnsembleAcrossTokenizers(t *testing.T) {
	res := seedResults(t, WithModelName("khabar-ner-ar-plus"), WithoutStages(StageEvents, StageGazetteer, StagePatterns))
	found := map[string]bool{}
	for _, r := range res {
		for _, e := range r.Entities {
			found[e.Text] = true
		}
	}
	for _, want := range []string{"مجلس الأمن", "بريطانيا", "أنتوني بلينكن"} {
		if !found[want] {
			t.Errorf("model entities lack %q: %v", want, found)
		}
	}
}

func TestEnsembleErrors(t *testing.T) {
	for _, tc := range []struct{ spec, msg string }{
		{`{"members": [`, "ensemble.json"},
		{`{"members": [{"model": "khabar-ner-ar", "weight": 1}]}`, "two or more"},
		{`{"members": [{"model": "khabar-ner-ar", "weight": 1}, {"model": "khabar-ner-ar-fast", "weight": 0}]}`, "weight > 0"},
		{`{"members": [{"model": "khabar-ner-ar", "weight": 1}, {"model": "no-such-model", "weight": 1}]}`, "no-such-model"},
		{`{"members": [{"model": "khabar-ner-ar", "weight": 1}, {"model": "tiny", "weight": 1}]}`, "CRF"},
		{`{"members": [{"model": "khabar-ner-ar", "weight": 1}], "extra": 1}`, "extra"},
	} {
		_, err := New(context.Background(), WithModelDir(writeEnsemble(t, tc.spec)))
		if errors.Is(err, ErrNoRuntime) {
			t.Skip("ONNX Runtime library not found: run `make setup`")
		}
		if !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: err %v, want ErrBadModel mentioning %q", tc.spec, err, tc.msg)
		}
	}
}
