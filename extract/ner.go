package extract

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
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
}

func loadNER(cfg *config) (*ner, error) {
	var m *model.Model
	var err error
	switch {
	case cfg.modelDir != "":
		m, err = model.Load(cfg.modelDir)
	case cfg.modelFS != nil:
		m, err = model.LoadFS(cfg.modelFS, cfg.modelName)
	default:
		fsys, name, derr := defaultModel()
		if derr != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadModel, derr)
		}
		m, err = model.LoadFS(fsys, name)
	}
	if err != nil {
		if errors.Is(err, model.ErrBadModel) {
			return nil, fmt.Errorf("%w: %s", ErrBadModel, strings.TrimPrefix(err.Error(), model.ErrBadModel.Error()+": "))
		}
		return nil, err
	}
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

func (n *ner) predict(ctx context.Context, docs []*doc.Doc) error {
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
					return err
				}
				u.text, src = t, t.String()
			}
			enc, err := n.tok.Encode(src)
			if err != nil {
				return fmt.Errorf("tokenise: %w", err)
			}
			u.enc = enc
			units = append(units, u)
		}
	}
	if len(units) == 0 {
		return nil
	}
	seqs := make([]runner.Seq, len(units))
	for i, u := range units {
		seqs[i] = runner.Seq{IDs: u.enc.IDs, TypeIDs: u.enc.TypeIDs, Special: u.enc.Special}
	}
	logits, err := n.run.Infer(ctx, seqs)
	if err != nil {
		return fmt.Errorf("model: %w", err)
	}
	var toks []decode.Token // reused: Decode keeps nothing of it
	for i, u := range units {
		toks = slices.Grow(toks[:0], u.enc.Len())[:u.enc.Len()]
		for j := range toks {
			toks[j] = decode.Token{Span: u.enc.Offsets[j], Subword: u.enc.Subword[j], Special: u.enc.Special[j]}
		}
		ents, err := n.dec.Decode(toks, logits[i])
		if err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		for _, e := range ents {
			s := doc.Span{Start: u.base + e.Start, End: u.base + e.End}
			if u.text != nil {
				// Back from the model's normalisation to the pipeline's,
				// through code points of the original text.
				os, oe := u.text.ToOriginal(e.Start, e.End)
				sos, _ := u.d.Text.ToOriginal(u.base, u.base)
				s.Start, s.End = u.d.Text.FromOriginal(sos+os, sos+oe)
				if s.Start >= s.End {
					continue
				}
			}
			u.d.Model = append(u.d.Model, doc.Mention{Span: s, Type: canonicalType(e.Type),
				Score: e.Score, Sources: doc.SourceModel})
		}
	}
	return nil
}

func (n *ner) close() error { return n.run.Close() }

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
