package extract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/khabar-nlp/khabar/extract/internal/decode"
	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/internal/model"
	"github.com/khabar-nlp/khabar/extract/internal/ortlib"
	"github.com/khabar-nlp/khabar/extract/internal/runner"
	"github.com/khabar-nlp/khabar/extract/internal/tokenize"
	"github.com/khabar-nlp/khabar/extract/normalize"
	"github.com/khabar-nlp/khabar/models"
)

// ner is the statistical NER stage: tokenise every sentence of a chunk of
// documents, run them through the one ORT session in length-bucketed
// batches (long sentences windowed), decode, and record model mentions.
type ner struct {
	m   *model.Model
	tok *tokenize.Tokenizer
	run *runner.Runner
	dec *decode.Decoder
	// norm is the model's own normalisation when it differs from the
	// pipeline's (khabar.Default); nil when they agree.
	norm *normalize.Normalizer
	// An ensemble (ensemble.json): parts are its models (parts[0] is n's
	// own fields), weights theirs (summing to 1), ens decodes the words
	// with the weighted mean of their emissions under the weighted mean of
	// their CRFs. nil for a single model.
	parts   []*ner
	weights []float64
	ens     *decode.Decoder
}

func loadNER(cfg *config) (*ner, error) {
	var fsys fs.FS
	var name, dir string
	switch {
	case cfg.modelDir != "":
		if st, err := os.Stat(cfg.modelDir); err != nil || !st.IsDir() {
			_, err = model.Load(cfg.modelDir) // its message for a missing or non-folder path
			return nil, badModel(err)
		}
		fsys, name, dir = os.DirFS(cfg.modelDir), cfg.modelDir, cfg.modelDir
	case cfg.modelFS != nil:
		fsys, name = cfg.modelFS, cfg.modelName
	default:
		var err error
		if fsys, name, err = defaultModel(); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadModel, err)
		}
	}
	data, err := fs.ReadFile(fsys, ensembleFile)
	switch {
	case err == nil:
		return loadEnsemble(cfg, data, name, dir)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w: %s: %s: %v", ErrBadModel, name, ensembleFile, err)
	}
	var m *model.Model
	if dir != "" {
		m, err = model.Load(dir)
	} else {
		m, err = model.LoadFS(fsys, name)
	}
	if err != nil {
		return nil, badModel(err)
	}
	return loadModel(cfg, m)
}

func badModel(err error) error {
	if errors.Is(err, model.ErrBadModel) {
		return fmt.Errorf("%w: %s", ErrBadModel, strings.TrimPrefix(err.Error(), model.ErrBadModel.Error()+": "))
	}
	return err
}

// loadModel readies one model: tokenizer, decoder, ORT session.
func loadModel(cfg *config, m *model.Model) (*ner, error) {
	if _, err := ortlib.Init(ortlib.Options{Path: cfg.ortLib, Verbose: cfg.ortVerbose}); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoRuntime, err)
	}
	tok, err := tokenize.FromBytes(m.Tokenizer, tokenize.WithCacheSize(cfg.cacheSize))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: tokenizer.json: %v", ErrBadModel, m.Name, err)
	}
	strategy := m.Aggregation
	if cfg.aggregation != AggregationDefault {
		strategy, err = decode.ParseStrategy(cfg.aggregation.String())
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadOption, err)
		}
	}
	if m.CRF != nil && strategy < decode.StrategyFirst {
		// A CRF decodes words; token-level strategies cannot use it.
		strategy = decode.StrategyFirst
	}
	dec, err := decode.New(m.Labels, decode.Options{Scheme: m.Scheme, Strategy: strategy, CRF: m.CRF,
		Constrained: strategy >= decode.StrategyFirst})
	if err != nil {
		return nil, fmt.Errorf("%w: %s: labels: %v", ErrBadModel, m.Name, err)
	}
	batchTokens := cfg.batchSize * 128
	if m.MaxBatchTokens > 0 {
		batchTokens = min(batchTokens, m.MaxBatchTokens)
	}
	run, err := runner.New(m.ONNX, runner.Options{
		IntraOpThreads: cfg.intraThreads, InterOpThreads: cfg.interThreads,
		GraphOptimization: graphOpt(cfg.graphOpt), MaxLen: m.MaxLen, Stride: cfg.stride,
		MaxBatch: cfg.batchSize, MaxBatchTokens: batchTokens, PadID: m.PadID,
		NumLabels: len(m.Labels), Verbose: cfg.ortVerbose,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %s: model.onnx: %v", ErrBadModel, m.Name, err)
	}
	n := &ner{m: m, tok: tok, run: run, dec: dec}
	if m.Normalize != normalize.Default() {
		n.norm = normalize.New(m.Normalize)
	}
	return n, nil
}

func graphOpt(level int) runner.GraphOptimization {
	switch level {
	case 0:
		return runner.GraphOptDisabled
	case 1:
		return runner.GraphOptBasic
	case 2:
		return runner.GraphOptExtended
	case 3:
		return runner.GraphOptAll
	}
	return runner.GraphOptDefault
}

// unit is one sentence on its way through the model.
type unit struct {
	d    *doc.Doc
	text *normalize.Text // the sentence in the model's normalisation, when it differs
	base int             // byte offset of the sentence in the doc's normalised text
	enc  tokenize.Encoding
}

// infer tokenises every sentence of docs in the model's normalisation and
// runs the model: one unit and one logits matrix per sentence, in order.
func (n *ner) infer(ctx context.Context, docs []*doc.Doc) ([]unit, [][][]float32, error) {
	var units []unit
	for _, d := range docs {
		norm := d.Text.String()
		for _, s := range d.Sentences {
			u := unit{d: d, base: s.Start}
			src := norm[s.Start:s.End]
			if n.norm != nil {
				os, oe := d.Text.ToOriginal(s.Start, s.End)
				t, err := n.norm.Normalize(d.Text.OriginalSlice(os, oe))
				if err != nil {
					return nil, nil, err
				}
				u.text, src = t, t.String()
			}
			enc, err := n.tok.Encode(src)
			if err != nil {
				return nil, nil, fmt.Errorf("tokenise: %w", err)
			}
			u.enc = enc
			units = append(units, u)
		}
	}
	if len(units) == 0 {
		return nil, nil, nil
	}
	seqs := make([]runner.Seq, len(units))
	for i, u := range units {
		seqs[i] = runner.Seq{IDs: u.enc.IDs, TypeIDs: u.enc.TypeIDs, Special: u.enc.Special}
	}
	logits, err := n.run.Infer(ctx, seqs)
	if err != nil {
		return nil, nil, fmt.Errorf("model: %w", err)
	}
	return units, logits, nil
}

// tokens fills toks (reused) with the decoder's view of u's tokens.
func (u *unit) tokens(toks []decode.Token) []decode.Token {
	toks = slices.Grow(toks[:0], u.enc.Len())[:u.enc.Len()]
	for j := range toks {
		toks[j] = decode.Token{Span: u.enc.Offsets[j], Subword: u.enc.Subword[j], Special: u.enc.Special[j]}
	}
	return toks
}

// toDoc maps a span of u's sentence text (in the model's normalisation) to
// the doc's normalised text; false when it covers nothing there.
func (u *unit) toDoc(e doc.Span) (doc.Span, bool) {
	s := doc.Span{Start: u.base + e.Start, End: u.base + e.End}
	if u.text != nil {
		// Back from the model's normalisation to the pipeline's, through
		// code points of the original text.
		os, oe := u.text.ToOriginal(e.Start, e.End)
		sos, _ := u.d.Text.ToOriginal(u.base, u.base)
		s.Start, s.End = u.d.Text.FromOriginal(sos+os, sos+oe)
	}
	return s, s.Start < s.End
}

func (n *ner) predict(ctx context.Context, docs []*doc.Doc) error {
	if n.ens != nil {
		return n.predictEnsemble(ctx, docs)
	}
	units, logits, err := n.infer(ctx, docs)
	if err != nil {
		return err
	}
	var toks []decode.Token // reused: Decode keeps nothing of it
	for i := range units {
		u := &units[i]
		toks = u.tokens(toks)
		ents, err := n.dec.Decode(toks, logits[i])
		if err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		for _, e := range ents {
			s, ok := u.toDoc(e.Span)
			if !ok {
				continue
			}
			u.d.Model = append(u.d.Model, doc.Mention{Span: s, Type: canonicalType(e.Type),
				Score: e.Score, Sources: doc.SourceModel})
		}
	}
	return nil
}

// predictEnsemble runs every part on the same sentences, lines up their
// words by span in the doc's text, averages the emissions (weighted; a word
// only some parts have gets theirs) and decodes once.
func (n *ner) predictEnsemble(ctx context.Context, docs []*doc.Doc) error {
	units := make([][]unit, len(n.parts))
	logits := make([][][][]float32, len(n.parts))
	for k, p := range n.parts {
		var err error
		if units[k], logits[k], err = p.infer(ctx, docs); err != nil {
			return err
		}
	}
	var toks []decode.Token
	for i := range units[0] {
		var words []decode.Word
		var got []float64
		idx := map[doc.Span]int{}
		for k, p := range n.parts {
			u := &units[k][i]
			toks = u.tokens(toks)
			ws, err := p.dec.Words(toks, logits[k][i])
			if err != nil {
				return fmt.Errorf("decode: %w", err)
			}
			wt := n.weights[k]
			for _, w := range ws {
				s, ok := u.toDoc(w.Span)
				if !ok {
					continue
				}
				j, seen := idx[s]
				if !seen {
					if k > 0 {
						continue // the first part's words are the units decoded
					}
					j = len(words)
					idx[s] = j
					words = append(words, decode.Word{Span: s, Logits: make([]float64, len(w.Logits))})
					got = append(got, 0)
				}
				for l, x := range w.Logits {
					words[j].Logits[l] += wt * x
				}
				got[j] += wt
			}
		}
		for j := range words {
			for l := range words[j].Logits {
				words[j].Logits[l] /= got[j]
			}
		}
		ents, err := n.ens.DecodeWords(words)
		if err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		d := units[0][i].d
		for _, e := range ents {
			d.Model = append(d.Model, doc.Mention{Span: e.Span, Type: canonicalType(e.Type),
				Score: e.Score, Sources: doc.SourceModel})
		}
	}
	return nil
}

func (n *ner) close() error {
	if n.ens == nil {
		return n.run.Close()
	}
	var errs []error
	for _, p := range n.parts {
		errs = append(errs, p.run.Close())
	}
	return errors.Join(errs...)
}

// ensembleFile makes a model folder an ensemble of other model folders:
//
//	{"members": [{"model": "khabar-ner-ar", "weight": 0.7},
//	             {"model": "khabar-ner-ar-e5", "weight": 0.3}]}
//
// A member's "model" is a folder relative to the ensemble's folder (on
// disk) or the name of an embedded model. Members must share their labels
// (id2label, same order) and decode words with a CRF; their tokenizers and
// normalisations may differ. The words decoded are the first member's.
const ensembleFile = "ensemble.json"

func loadEnsemble(cfg *config, data []byte, name, dir string) (*ner, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s: %s", ErrBadModel, name, ensembleFile, fmt.Sprintf(format, args...))
	}
	var spec struct {
		Members []struct {
			Model  string  `json:"model"`
			Weight float64 `json:"weight"`
		} `json:"members"`
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		return nil, bad("%v", err)
	}
	if len(spec.Members) < 2 {
		return nil, bad("%d members; an ensemble needs two or more", len(spec.Members))
	}
	total := 0.0
	for i, mb := range spec.Members {
		if mb.Model == "" || !(mb.Weight > 0) || math.IsInf(mb.Weight, 0) {
			return nil, bad("member %d: want a model and a weight > 0", i)
		}
		total += mb.Weight
	}
	e := &ner{}
	var err error
	defer func() {
		if err != nil {
			for _, p := range e.parts {
				p.run.Close()
			}
		}
	}()
	for i, mb := range spec.Members {
		var m *model.Model
		if st, serr := os.Stat(filepath.Join(dir, mb.Model)); dir != "" && serr == nil && st.IsDir() {
			m, err = model.Load(filepath.Join(dir, mb.Model))
		} else {
			fsys, oerr := models.Open(mb.Model)
			if oerr != nil {
				err = bad("member %d: %v", i, oerr)
				return nil, err
			}
			m, err = model.LoadFS(fsys, "embedded:"+mb.Model)
		}
		if err != nil {
			err = badModel(err)
			return nil, err
		}
		var p *ner
		if p, err = loadModel(cfg, m); err != nil {
			return nil, err
		}
		e.parts = append(e.parts, p)
		e.weights = append(e.weights, mb.Weight/total)
		first := e.parts[0]
		switch {
		case m.CRF == nil || p.dec.Strategy() < decode.StrategyFirst:
			err = bad("member %s: ensembles need a CRF and a word-level strategy", m.Name)
		case !slices.Equal(m.Labels, first.m.Labels):
			err = bad("member %s: labels %v differ from %v", m.Name, m.Labels, first.m.Labels)
		}
		if err != nil {
			return nil, err
		}
	}
	first := e.parts[0]
	labels := first.m.Labels
	crf := &decode.CRF{Transitions: make([][]float64, len(labels)), Start: make([]float64, len(labels)),
		End: make([]float64, len(labels))}
	for i := range crf.Transitions {
		crf.Transitions[i] = make([]float64, len(labels))
	}
	for k, p := range e.parts {
		c, w := p.m.CRF, e.weights[k]
		for i := range labels {
			for j := range labels {
				crf.Transitions[i][j] += w * c.Transitions[i][j]
			}
			if c.Start != nil {
				crf.Start[i] += w * c.Start[i]
			}
			if c.End != nil {
				crf.End[i] += w * c.End[i]
			}
		}
	}
	if e.ens, err = decode.New(labels, decode.Options{Scheme: first.m.Scheme, Strategy: first.dec.Strategy(),
		CRF: crf, Constrained: true}); err != nil {
		err = bad("%v", err)
		return nil, err
	}
	e.m, e.tok, e.run, e.dec, e.norm = first.m, first.tok, first.run, first.dec, first.norm
	return e, nil
}

// canonicalType maps the entity type names of common Arabic NER label sets
// to FORMAT.md's (ANERcorp's PERS → PER, and so on).
func canonicalType(t string) string {
	switch u := strings.ToUpper(t); u {
	case "PERS", "PERSON":
		return "PER"
	case "LOCATION":
		return "LOC"
	case "ORGANIZATION", "ORGANISATION":
		return "ORG"
	case "MIS", "MISC0", "MISC1", "MISC2", "MISC3", "MIS0", "MIS1", "MIS2", "MIS3":
		return "MISC"
	default:
		return u
	}
}

// defaultModel returns the embedded default model folder.
func defaultModel() (fs.FS, string, error) {
	fsys, err := models.Default()
	return fsys, "embedded:" + models.DefaultName, err
}
