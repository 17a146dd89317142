// Package model loads a token-classification model folder: a Hugging Face
// export (model.onnx, tokenizer.json, config.json) with khabar's optional
// extras (a "khabar" section in config.json, crf.json).
//
// config.json's "khabar" section, all keys optional:
//
//	"khabar": {
//	  "normalize": {"format": true, "diacritics": true, "tatweel": true,
//	                "alef": true, "yaa": true, "teh_marbuta": false,
//	                "digits": true, "whitespace": true, "lowercase": false},
//	  "label_scheme": "IOB2",     // IOB1 | IOB2 | BIOES | BILOU; detected from id2label when absent
//	  "aggregation": "first",     // none | simple | first | average | max; "first" when absent
//	  "max_length": 512,          // tokens per sequence, specials included; else from max_position_embeddings
//	  "max_batch_tokens": 512     // padded tokens per model run at most (sequences × longest); a
//	                              // cap for attention models, whose cost per token grows with the
//	                              // batch's size × length²; absent: the batch size × 128
//	}
//
// Normalisation keys left out keep normalize.Default()'s value (as in the
// Python twin); without a "normalize" key the model gets normalize.Light(),
// which leaves letters alone for models that bring their own normalisation.
//
// crf.json holds a linear-chain CRF over the labels, Viterbi-decoded over
// each word's first-piece emissions:
//
//	{"labels": ["O", "B-PER", ...],       // optional; any order, same set as id2label
//	 "transitions": [[...], ...],         // [from][to], in "labels" order
//	 "start": [...], "end": [...]}        // optional
package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"

	"github.com/khabar-nlp/khabar/extract/internal/decode"
	"github.com/khabar-nlp/khabar/extract/normalize"
)

// ErrBadModel is wrapped by every error about a missing or malformed model
// file.
var ErrBadModel = errors.New("bad model")

// Files of a model folder.
const (
	ONNXFile      = "model.onnx"
	TokenizerFile = "tokenizer.json"
	ConfigFile    = "config.json"
	CRFFile       = "crf.json"
)

// Model is a loaded model folder.
type Model struct {
	// Name says where the model came from (its folder), for messages.
	Name string
	// ONNX is the content of model.onnx.
	ONNX []byte
	// Tokenizer is the content of tokenizer.json, for the tokenize package.
	Tokenizer []byte
	// Labels are the model's labels in id order (config.json id2label).
	Labels []string
	// Scheme is the labels' tagging scheme.
	Scheme decode.Scheme
	// Aggregation is the model's aggregation strategy.
	Aggregation decode.Strategy
	// Normalize is how text must be normalised before tokenising.
	Normalize normalize.Options
	// MaxLen is the longest sequence the model takes, special tokens
	// included.
	MaxLen int
	// MaxBatchTokens is khabar.max_batch_tokens (0 when absent).
	MaxBatchTokens int
	// PadID is config.json's pad_token_id (0 when absent).
	PadID int64
	// ModelType is config.json's model_type ("bert").
	ModelType string
	// CRF holds crf.json's parameters in label-id order; nil without one.
	CRF *decode.CRF
}

// Load reads a model folder from disk.
func Load(dir string) (*Model, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadModel, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%w: %s is not a folder", ErrBadModel, dir)
	}
	return LoadFS(os.DirFS(dir), dir)
}

// LoadFS reads a model folder from the root of fsys (an embedded model, for
// instance); name says where it came from in messages.
func LoadFS(fsys fs.FS, name string) (*Model, error) {
	m := &Model{Name: name}
	bad := func(file string, format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s: %s", ErrBadModel, name, file, fmt.Sprintf(format, args...))
	}
	read := func(file string, required bool) ([]byte, error) {
		b, err := fs.ReadFile(fsys, file)
		if errors.Is(err, fs.ErrNotExist) {
			if required {
				return nil, bad(file, "missing (a model folder holds %s, %s and %s)", ONNXFile, TokenizerFile, ConfigFile)
			}
			return nil, nil
		}
		if err != nil {
			return nil, bad(file, "%v", err)
		}
		if len(bytes.TrimSpace(b)) == 0 {
			return nil, bad(file, "empty")
		}
		return b, nil
	}

	var err error
	onnxName := ONNXFile
	if _, statErr := fs.Stat(fsys, ONNXFile); errors.Is(statErr, fs.ErrNotExist) {
		if _, err := fs.Stat(fsys, "onnx/"+ONNXFile); err == nil {
			onnxName = "onnx/" + ONNXFile // the layout of ONNX exports on the Hugging Face hub
		}
	}
	if m.ONNX, err = read(onnxName, true); err != nil {
		return nil, err
	}
	for _, ext := range []string{onnxName + "_data", onnxName + ".data"} {
		if _, err := fs.Stat(fsys, ext); err == nil {
			return nil, bad(ext, "external tensor data is not supported; export the model as a single file")
		}
	}
	if m.Tokenizer, err = read(TokenizerFile, true); err != nil {
		return nil, err
	}
	if !json.Valid(m.Tokenizer) {
		return nil, bad(TokenizerFile, "not valid JSON")
	}
	cfg, err := read(ConfigFile, true)
	if err != nil {
		return nil, err
	}
	if err := m.parseConfig(cfg, func(format string, args ...any) error { return bad(ConfigFile, format, args...) }); err != nil {
		return nil, err
	}
	crf, err := read(CRFFile, false)
	if err != nil {
		return nil, err
	}
	if crf != nil {
		if m.CRF, err = parseCRF(crf, m.Labels); err != nil {
			return nil, bad(CRFFile, "%v", err)
		}
	}
	return m, nil
}

type config struct {
	ID2Label              map[string]string `json:"id2label"`
	Label2ID              map[string]int    `json:"label2id"`
	MaxPositionEmbeddings int               `json:"max_position_embeddings"`
	ModelType             string            `json:"model_type"`
	PadTokenID            *int64            `json:"pad_token_id"`
	Khabar                *struct {
		Normalize   json.RawMessage `json:"normalize"`
		LabelScheme string          `json:"label_scheme"`
		Aggregation string          `json:"aggregation"`
		MaxLength   int             `json:"max_length"`
		MaxBatch    int             `json:"max_batch_tokens"`
	} `json:"khabar"`
}

// positionOffset is how many position embeddings a model type reserves
// before the first token (RoBERTa-style models count positions from
// padding_idx + 1).
var positionOffset = map[string]int{
	"roberta": 2, "xlm-roberta": 2, "xlm-roberta-xl": 2, "camembert": 2, "mpnet": 2,
	"data2vec-text": 2, "roberta-prelayernorm": 2, "ibert": 2, "luke": 2, "longformer": 2,
}

func (m *Model) parseConfig(b []byte, bad func(string, ...any) error) error {
	var c config
	if err := json.Unmarshal(b, &c); err != nil {
		return bad("%v", err)
	}
	if len(c.ID2Label) == 0 {
		return bad("no id2label: not a token-classification model")
	}
	m.Labels = make([]string, len(c.ID2Label))
	for k, v := range c.ID2Label {
		id, err := strconv.Atoi(k)
		if err != nil || id < 0 || id >= len(c.ID2Label) {
			return bad("id2label key %q is not an id in 0..%d", k, len(c.ID2Label)-1)
		}
		if v == "" {
			return bad("id2label[%d] is empty", id)
		}
		m.Labels[id] = v
	}
	seen := map[string]int{}
	for id, l := range m.Labels {
		if prev, dup := seen[l]; dup {
			return bad("label %q has ids %d and %d", l, prev, id)
		}
		seen[l] = id
	}
	if c.Label2ID != nil {
		if len(c.Label2ID) != len(m.Labels) {
			return bad("label2id has %d labels, id2label %d", len(c.Label2ID), len(m.Labels))
		}
		for l, id := range c.Label2ID {
			if want, ok := seen[l]; !ok || want != id {
				return bad("label2id[%q] = %d disagrees with id2label", l, id)
			}
		}
	}
	m.ModelType = c.ModelType
	if c.PadTokenID != nil {
		m.PadID = *c.PadTokenID
	}
	m.MaxLen = c.MaxPositionEmbeddings - positionOffset[c.ModelType]
	m.Normalize = normalize.Light()
	m.Aggregation = decode.StrategyFirst
	m.Scheme = decode.SchemeAuto
	if k := c.Khabar; k != nil {
		if k.MaxLength < 0 {
			return bad("khabar.max_length %d < 0", k.MaxLength)
		}
		if k.MaxLength > 0 {
			m.MaxLen = k.MaxLength
		}
		if k.MaxBatch < 0 {
			return bad("khabar.max_batch_tokens %d < 0", k.MaxBatch)
		}
		m.MaxBatchTokens = k.MaxBatch
		if len(k.Normalize) > 0 && string(k.Normalize) != "null" {
			m.Normalize = normalize.Default()
			dec := json.NewDecoder(bytes.NewReader(k.Normalize))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&m.Normalize); err != nil {
				return bad("khabar.normalize: %v", err)
			}
		}
		if k.LabelScheme != "" {
			s, err := decode.ParseScheme(k.LabelScheme)
			if err != nil {
				return bad("khabar.label_scheme: %v", err)
			}
			m.Scheme = s
		}
		if k.Aggregation != "" {
			s, err := decode.ParseStrategy(k.Aggregation)
			if err != nil {
				return bad("khabar.aggregation: %v", err)
			}
			m.Aggregation = s
		}
	}
	if m.MaxLen < 3 {
		return bad("no usable maximum length (max_position_embeddings %d, model_type %q); set khabar.max_length",
			c.MaxPositionEmbeddings, c.ModelType)
	}
	if m.Scheme == decode.SchemeAuto {
		s, err := decode.DetectScheme(m.Labels)
		if err != nil {
			return bad("id2label: %v", err)
		}
		m.Scheme = s
	}
	// The decoder checks labels against the scheme; do it here so that the
	// error names the file.
	if _, err := decode.New(m.Labels, decode.Options{Scheme: m.Scheme}); err != nil {
		return bad("%v", err)
	}
	return nil
}

type crfFile struct {
	Labels      []string    `json:"labels"`
	Transitions [][]float64 `json:"transitions"`
	Start       []float64   `json:"start"`
	End         []float64   `json:"end"`
}

// parseCRF reads crf.json and reorders it into label-id order.
func parseCRF(b []byte, labels []string) (*decode.CRF, error) {
	var f crfFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	n := len(labels)
	if f.Transitions == nil {
		return nil, errors.New("no transitions")
	}
	order := make([]int, n) // order[k] = id of the k-th crf.json label
	if f.Labels == nil {
		for k := range order {
			order[k] = k
		}
	} else {
		if len(f.Labels) != n {
			return nil, fmt.Errorf("%d labels, config.json has %d", len(f.Labels), n)
		}
		ids := map[string]int{}
		for id, l := range labels {
			ids[l] = id
		}
		used := map[string]bool{}
		for k, l := range f.Labels {
			id, ok := ids[l]
			if !ok {
				return nil, fmt.Errorf("label %q is not in config.json's id2label", l)
			}
			if used[l] {
				return nil, fmt.Errorf("label %q appears twice", l)
			}
			used[l] = true
			order[k] = id
		}
	}
	if len(f.Transitions) != n {
		return nil, fmt.Errorf("%d transition rows for %d labels", len(f.Transitions), n)
	}
	crf := &decode.CRF{Transitions: make([][]float64, n)}
	for i := range crf.Transitions {
		crf.Transitions[i] = make([]float64, n)
	}
	for k, row := range f.Transitions {
		if len(row) != n {
			return nil, fmt.Errorf("transition row %d has %d entries for %d labels", k, len(row), n)
		}
		for k2, v := range row {
			crf.Transitions[order[k]][order[k2]] = v
		}
	}
	perm := func(v []float64, what string) ([]float64, error) {
		if v == nil {
			return nil, nil
		}
		if len(v) != n {
			return nil, fmt.Errorf("%s has %d entries for %d labels", what, len(v), n)
		}
		out := make([]float64, n)
		for k, x := range v {
			out[order[k]] = x
		}
		return out, nil
	}
	var err error
	if crf.Start, err = perm(f.Start, "start"); err != nil {
		return nil, err
	}
	if crf.End, err = perm(f.End, "end"); err != nil {
		return nil, err
	}
	if err := crf.Validate(n); err != nil {
		return nil, err
	}
	return crf, nil
}

// Types returns the entity types the model predicts, sorted.
func (m *Model) Types() []string {
	types := map[string]bool{}
	for _, l := range m.Labels {
		if t := decode.ParseTag(l); t.Type != "" {
			types[t.Type] = true
		}
	}
	out := make([]string, 0, len(types))
	for t := range types {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
