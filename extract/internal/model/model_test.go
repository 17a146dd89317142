package model

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/khabar-nlp/khabar/extract/internal/decode"
	"github.com/khabar-nlp/khabar/extract/normalize"
)

const bertConfig = `{
  "model_type": "bert",
  "max_position_embeddings": 512,
  "pad_token_id": 0,
  "id2label": {"0": "O", "1": "B-PER", "2": "I-PER", "3": "B-LOC", "4": "I-LOC"},
  "label2id": {"O": 0, "B-PER": 1, "I-PER": 2, "B-LOC": 3, "I-LOC": 4}
}`

func folder(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"model.onnx":     {Data: []byte("\x08\x07 pretend onnx")},
		"tokenizer.json": {Data: []byte(`{"model": {"type": "WordPiece"}}`)},
		"config.json":    {Data: []byte(bertConfig)},
	}
	for name, content := range files {
		if content == "-" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(content)}
	}
	return fsys
}

func TestLoadPlainHuggingFaceExport(t *testing.T) {
	m, err := LoadFS(folder(nil), "hf")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Labels, []string{"O", "B-PER", "I-PER", "B-LOC", "I-LOC"}) {
		t.Errorf("labels %v", m.Labels)
	}
	if m.Scheme != decode.SchemeIOB2 || m.Aggregation != decode.StrategyFirst || m.MaxLen != 512 || m.PadID != 0 || m.CRF != nil {
		t.Errorf("scheme %v aggregation %v maxlen %d pad %d crf %v", m.Scheme, m.Aggregation, m.MaxLen, m.PadID, m.CRF)
	}
	if m.Normalize != normalize.Light() {
		t.Errorf("normalize %+v, want Light", m.Normalize)
	}
	if string(m.Tokenizer) != `{"model": {"type": "WordPiece"}}` || len(m.ONNX) == 0 {
		t.Error("file contents not kept")
	}
	if got := m.Types(); !reflect.DeepEqual(got, []string{"LOC", "PER"}) {
		t.Errorf("Types = %v", got)
	}
}

func TestKhabarSection(t *testing.T) {
	cfg := strings.Replace(bertConfig, `"model_type": "bert",`, `"model_type": "bert",
  "khabar": {"normalize": {"teh_marbuta": true, "digits": false}, "label_scheme": "IOB1",
             "aggregation": "average", "max_length": 256, "max_batch_tokens": 512},`, 1)
	m, err := LoadFS(folder(map[string]string{"config.json": cfg}), "k")
	if err != nil {
		t.Fatal(err)
	}
	want := normalize.Default()
	want.TehMarbuta, want.Digits = true, false
	if m.Normalize != want {
		t.Errorf("normalize %+v, want %+v", m.Normalize, want)
	}
	if m.Scheme != decode.SchemeIOB1 || m.Aggregation != decode.StrategyAverage || m.MaxLen != 256 || m.MaxBatchTokens != 512 {
		t.Errorf("scheme %v aggregation %v maxlen %d batch tokens %d", m.Scheme, m.Aggregation, m.MaxLen, m.MaxBatchTokens)
	}
}

func TestRobertaPositions(t *testing.T) {
	cfg := strings.NewReplacer(`"bert"`, `"xlm-roberta"`, `512`, `514`, `"pad_token_id": 0`, `"pad_token_id": 1`).Replace(bertConfig)
	m, err := LoadFS(folder(map[string]string{"config.json": cfg}), "r")
	if err != nil {
		t.Fatal(err)
	}
	if m.MaxLen != 512 || m.PadID != 1 {
		t.Errorf("maxlen %d pad %d, want 512 and 1", m.MaxLen, m.PadID)
	}
}

func TestSchemeDetected(t *testing.T) {
	cfg := `{"max_position_embeddings": 128, "id2label": {"0": "O", "1": "B-X", "2": "I-X", "3": "L-X", "4": "U-X"}}`
	m, err := LoadFS(folder(map[string]string{"config.json": cfg}), "d")
	if err != nil {
		t.Fatal(err)
	}
	if m.Scheme != decode.SchemeBILOU {
		t.Errorf("scheme %v", m.Scheme)
	}
}

func TestCRFReorderedToIDOrder(t *testing.T) {
	// crf.json lists labels in another order than id2label.
	crf := `{"labels": ["I-LOC", "O", "B-PER", "I-PER", "B-LOC"],
	  "transitions": [[0, 1, 2, 3, 4], [10, 11, 12, 13, 14], [20, 21, 22, 23, 24], [30, 31, 32, 33, 34], [40, 41, 42, 43, 44]],
	  "start": [0.4, 0.0, 0.1, 0.2, 0.3], "end": [-1, -2, -3, -4, -5]}`
	m, err := LoadFS(folder(map[string]string{"crf.json": crf}), "c")
	if err != nil {
		t.Fatal(err)
	}
	// id order O B-PER I-PER B-LOC I-LOC = crf rows 1 2 3 4 0.
	rows := []int{1, 2, 3, 4, 0}
	for i, ri := range rows {
		for j, rj := range rows {
			if got, want := m.CRF.Transitions[i][j], float64(ri*10+rj); got != want {
				t.Fatalf("transition %s→%s = %v, want %v", m.Labels[i], m.Labels[j], got, want)
			}
		}
	}
	if !reflect.DeepEqual(m.CRF.Start, []float64{0, 0.1, 0.2, 0.3, 0.4}) || !reflect.DeepEqual(m.CRF.End, []float64{-2, -3, -4, -5, -1}) {
		t.Errorf("start %v end %v", m.CRF.Start, m.CRF.End)
	}
	// Without "labels", rows are in id order.
	crf = `{"transitions": [[0,0,0,0,0],[0,0,-10000,0,0],[0,0,0,0,0],[0,0,0,0,0],[0,0,0,0,0]]}`
	m, err = LoadFS(folder(map[string]string{"crf.json": crf}), "c")
	if err != nil {
		t.Fatal(err)
	}
	if m.CRF.Transitions[1][2] != -10000 || m.CRF.Start != nil {
		t.Errorf("crf %+v", m.CRF)
	}
}

func TestLoadErrors(t *testing.T) {
	sq := func(n int) string { return strings.TrimSuffix(strings.Repeat("[0,0,0,0,0],", n), ",") }
	tests := []struct {
		name  string
		files map[string]string
		file  string // the file the error must name
		msg   string
	}{
		{"no onnx", map[string]string{"model.onnx": "-"}, "model.onnx", "missing"},
		{"no tokenizer", map[string]string{"tokenizer.json": "-"}, "tokenizer.json", "missing"},
		{"no config", map[string]string{"config.json": "-"}, "config.json", "missing"},
		{"empty onnx", map[string]string{"model.onnx": ""}, "model.onnx", "empty"},
		{"external data", map[string]string{"model.onnx_data": "x"}, "model.onnx_data", "external"},
		{"tokenizer not json", map[string]string{"tokenizer.json": "{"}, "tokenizer.json", "JSON"},
		{"config not json", map[string]string{"config.json": "{"}, "config.json", "unexpected end"},
		{"no id2label", map[string]string{"config.json": `{"max_position_embeddings": 8}`}, "config.json", "id2label"},
		{"id gap", map[string]string{"config.json": `{"max_position_embeddings": 8, "id2label": {"0": "O", "2": "B-X"}}`}, "config.json", `"2"`},
		{"id not a number", map[string]string{"config.json": `{"max_position_embeddings": 8, "id2label": {"zero": "O"}}`}, "config.json", `"zero"`},
		{"duplicate label", map[string]string{"config.json": `{"max_position_embeddings": 8, "id2label": {"0": "O", "1": "O"}}`}, "config.json", "ids 0 and 1"},
		{"label2id disagrees", map[string]string{"config.json": strings.Replace(bertConfig, `"I-LOC": 4`, `"I-LOC": 3`, 1)}, "config.json", "label2id"},
		{"no max length", map[string]string{"config.json": `{"id2label": {"0": "O"}}`}, "config.json", "max_length"},
		{"mixed schemes", map[string]string{"config.json": `{"max_position_embeddings": 8, "id2label": {"0": "O", "1": "E-X", "2": "U-X"}}`}, "config.json", "BIOES"},
		{"label outside scheme", map[string]string{"config.json": `{"max_position_embeddings": 8, "khabar": {"label_scheme": "IOB2"}, "id2label": {"0": "O", "1": "S-X"}}`}, "config.json", "does not belong"},
		{"bad scheme", map[string]string{"config.json": strings.Replace(bertConfig, `"model_type": "bert",`, `"khabar": {"label_scheme": "BIO2"},`, 1)}, "config.json", "label_scheme"},
		{"bad aggregation", map[string]string{"config.json": strings.Replace(bertConfig, `"model_type": "bert",`, `"khabar": {"aggregation": "mean"},`, 1)}, "config.json", "aggregation"},
		{"negative batch tokens", map[string]string{"config.json": strings.Replace(bertConfig, `"model_type": "bert",`, `"khabar": {"max_batch_tokens": -1},`, 1)}, "config.json", "max_batch_tokens"},
		{"normalize typo", map[string]string{"config.json": strings.Replace(bertConfig, `"model_type": "bert",`, `"khabar": {"normalize": {"alif": true}},`, 1)}, "config.json", "alif"},
		{"crf not json", map[string]string{"crf.json": "[1,"}, "crf.json", ""},
		{"crf unknown key", map[string]string{"crf.json": `{"transitions": [` + sq(5) + `], "trans": []}`}, "crf.json", "trans"},
		{"crf no transitions", map[string]string{"crf.json": `{"start": [0,0,0,0,0]}`}, "crf.json", "no transitions"},
		{"crf rows", map[string]string{"crf.json": `{"transitions": [` + sq(4) + `]}`}, "crf.json", "4 transition rows"},
		{"crf unknown label", map[string]string{"crf.json": `{"labels": ["O","B-PER","I-PER","B-LOC","B-ORG"], "transitions": [` + sq(5) + `]}`}, "crf.json", "B-ORG"},
		{"crf label count", map[string]string{"crf.json": `{"labels": ["O"], "transitions": [` + sq(5) + `]}`}, "crf.json", "1 labels"},
		{"crf end shape", map[string]string{"crf.json": `{"transitions": [` + sq(5) + `], "end": [1]}`}, "crf.json", "end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFS(folder(tt.files), "models/x")
			if err == nil {
				t.Fatal("LoadFS succeeded")
			}
			if !errors.Is(err, ErrBadModel) {
				t.Errorf("error %v does not wrap ErrBadModel", err)
			}
			if !strings.Contains(err.Error(), "models/x: "+tt.file) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q should name %s and say %q", err, tt.file, tt.msg)
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	for name, f := range folder(nil) {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Load(dir); err != nil {
		t.Fatal(err)
	}
	// The Hugging Face hub layout keeps the graph under onnx/.
	if err := os.Mkdir(filepath.Join(dir, "onnx"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "model.onnx"), filepath.Join(dir, "onnx", "model.onnx")); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err != nil {
		t.Errorf("onnx/model.onnx: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "nope")); !errors.Is(err, ErrBadModel) {
		t.Errorf("missing folder: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "config.json")); !errors.Is(err, ErrBadModel) {
		t.Errorf("file, not folder: %v", err)
	}
}

// TestTinyModels loads the committed test models when they are there.
func TestTinyModels(t *testing.T) {
	for _, name := range []string{"tiny", "tiny-crf"} {
		dir := filepath.Join("..", "..", "..", "models", "testdata", name)
		if _, err := os.Stat(dir); err != nil {
			t.Logf("skipping %s: %v", name, err)
			continue
		}
		m, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		if m.Scheme != decode.SchemeIOB2 || len(m.Labels) != 9 || m.MaxLen != 128 || m.Normalize != normalize.Default() {
			t.Errorf("%s: scheme %v labels %v maxlen %d normalize %+v", name, m.Scheme, m.Labels, m.MaxLen, m.Normalize)
		}
		if (m.CRF != nil) != (name == "tiny-crf") {
			t.Errorf("%s: crf %v", name, m.CRF != nil)
		}
		if m.CRF != nil && m.CRF.Transitions[0][2] > -1000 {
			t.Errorf("%s: O→I-PER transition %v, want forbidden", name, m.CRF.Transitions[0][2])
		}
	}
}
