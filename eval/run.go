package eval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/khabar-nlp/khabar/extract"
)

// Extractor is what Run needs from a pipeline to predict when no prediction
// file is given: one result per document, in input order. Wrap a pipeline
// with ExtractorFunc (cmd/khabar adapts *extract.Pipeline's ExtractAll).
type Extractor interface {
	ExtractDocs(ctx context.Context, docs []extract.Doc) ([]extract.Result, error)
}

// ExtractorFunc makes a function an Extractor.
type ExtractorFunc func(ctx context.Context, docs []extract.Doc) ([]extract.Result, error)

// ExtractDocs calls f.
func (f ExtractorFunc) ExtractDocs(ctx context.Context, docs []extract.Doc) ([]extract.Result, error) {
	return f(ctx, docs)
}

// Format is the detected format of an input file.
type Format string

// Input formats.
const (
	FormatJSONL Format = "jsonl" // FORMAT.md §2/§3 records
	FormatCoNLL Format = "conll" // token TAG lines
)

// Config says what Run scores.
type Config struct {
	// Gold is the gold file: JSONL (FORMAT.md §3) or CoNLL/BIO, detected
	// from its first character ("{" means JSONL).
	Gold string
	// Pred is the prediction file: khabar's JSONL output, or, for CoNLL
	// gold, a CoNLL file with the same tokens. Empty: Extractor predicts.
	// "-" reads Stdin.
	Pred string
	// Extractor runs the pipeline when Pred is empty.
	Extractor Extractor
	// Stdin is read for a path of "-".
	Stdin io.Reader
	// Options: type map, type filter, partial matching. For CoNLL gold
	// scored against khabar's own entities (Pred JSONL or Extractor), an
	// empty Map defaults to PER=PERS and GPE=LOC where the gold uses PERS /
	// LOC and not PER / GPE (plus MIS*=MISC for AQMAR's MIS0…MIS3), and
	// empty Types to the gold's types after the map.
	Options
	// GoldColumn and PredColumn are the 1-based tag columns of CoNLL files
	// (0: column 2).
	GoldColumn, PredColumn int
	// Lenient accepts malformed BIO tags (scored as seqeval scores them).
	Lenient bool
	// Convention rewrites khabar's entities to a CoNLL gold's annotation
	// rules before scoring (see Convention); ignored for JSONL gold and for
	// CoNLL predictions.
	Convention Convention
}

// Meta describes what a Report scored.
type Meta struct {
	Gold       string `json:"gold"`
	GoldFormat Format `json:"gold_format"`
	// Pred is the prediction file, or "pipeline".
	Pred       string `json:"pred"`
	PredFormat Format `json:"pred_format,omitempty"`
	// Docs counts gold documents (JSONL) or sentences (CoNLL).
	Docs   int `json:"docs"`
	Tokens int `json:"tokens,omitempty"`
	// GoldScheme and PredScheme are the detected BIO schemes (CoNLL), with
	// the count of stray I- tags in an IOB2 file.
	GoldScheme    Scheme `json:"gold_scheme,omitempty"`
	GoldIllFormed int    `json:"gold_ill_formed,omitempty"`
	PredScheme    Scheme `json:"pred_scheme,omitempty"`
	PredIllFormed int    `json:"pred_ill_formed,omitempty"`
	// Match is "exact" (proclitic-tolerant starts for JSONL) or "partial".
	Match string   `json:"match"`
	Map   string   `json:"map,omitempty"`
	Types []string `json:"types,omitempty"`
	// PredErrors counts prediction records that carry an error.
	PredErrors int      `json:"pred_errors,omitempty"`
	Notes      []string `json:"notes,omitempty"`
}

// EntityReport holds the entity scores.
type EntityReport struct {
	Scores
}

// Report is the outcome of Run.
type Report struct {
	Meta     Meta          `json:"meta"`
	Entities *EntityReport `json:"entities"`
	// Events is nil for CoNLL gold (entities only).
	Events *EventReport `json:"events,omitempty"`
	// Errors lists every false positive and false negative, in document
	// order.
	Errors []ErrorItem `json:"-"`
}

// Run reads the gold, obtains predictions (from Pred or the Extractor) and
// scores them. Errors about the input wrap ErrBadInput; a low score is never
// an error.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Gold == "" {
		return nil, fmt.Errorf("%w: no gold file", ErrBadInput)
	}
	if cfg.Pred == "" && cfg.Extractor == nil {
		return nil, fmt.Errorf("%w: no prediction file and no pipeline", ErrBadInput)
	}
	data, err := readInput(cfg.Gold, cfg.Stdin)
	if err != nil {
		return nil, err
	}
	rep := &Report{Meta: Meta{Gold: cfg.Gold, Pred: cfg.Pred, Match: "exact"}}
	if cfg.Partial {
		rep.Meta.Match = "partial"
	}
	if cfg.Pred == "" {
		rep.Meta.Pred = "pipeline"
	}
	if detectFormat(data) == FormatJSONL {
		rep.Meta.GoldFormat = FormatJSONL
		gold, err := ReadRecords(bytes.NewReader(data), cfg.Gold, true)
		if err != nil {
			return nil, err
		}
		err = runRecords(ctx, cfg, rep, gold)
		return rep, err
	}
	rep.Meta.GoldFormat = FormatCoNLL
	gold, err := ReadCoNLL(bytes.NewReader(data), cfg.Gold, CoNLLOptions{Column: cfg.GoldColumn, Lenient: cfg.Lenient})
	if err != nil {
		return nil, err
	}
	err = runCoNLL(ctx, cfg, rep, gold)
	return rep, err
}

func readInput(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		if stdin == nil {
			return nil, fmt.Errorf("%w: \"-\" given but no standard input", ErrBadInput)
		}
		b, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		return b, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %v", ErrBadInput, err)
		}
		return nil, err
	}
	return b, nil
}

// detectFormat looks at the first character that is not white space or a
// byte order mark: "{" is JSONL, anything else CoNLL.
func detectFormat(b []byte) Format {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) > 0 && b[0] == '{' {
		return FormatJSONL
	}
	return FormatCoNLL
}

// predict runs the extractor over docs and returns one record per doc.
func predict(ctx context.Context, x Extractor, docs []extract.Doc) ([]Record, error) {
	res, err := x.ExtractDocs(ctx, docs)
	if err != nil {
		return nil, fmt.Errorf("run pipeline: %w", err)
	}
	if len(res) != len(docs) {
		return nil, fmt.Errorf("run pipeline: %d results for %d documents", len(res), len(docs))
	}
	out := make([]Record, len(res))
	for i, r := range res {
		out[i] = Record{ID: r.ID, Date: r.Date, Entities: r.Entities, Events: r.Events, Error: r.Error}
	}
	return out, nil
}

func runRecords(ctx context.Context, cfg Config, rep *Report, gold []Record) error {
	rep.Meta.Docs = len(gold)
	var pred []Record
	if cfg.Pred != "" {
		data, err := readInput(cfg.Pred, cfg.Stdin)
		if err != nil {
			return err
		}
		if detectFormat(data) != FormatJSONL {
			return fmt.Errorf("%w: %s: JSONL gold needs JSONL predictions (khabar extract output), and this is not JSONL", ErrBadInput, cfg.Pred)
		}
		rep.Meta.PredFormat = FormatJSONL
		recs, err := ReadRecords(bytes.NewReader(data), cfg.Pred, false)
		if err != nil {
			return err
		}
		idx, notes, err := alignRecords(gold, recs, cfg.Pred)
		if err != nil {
			return err
		}
		rep.Meta.Notes = append(rep.Meta.Notes, notes...)
		pred = make([]Record, len(gold))
		for i, j := range idx {
			pred[i] = recs[j]
		}
	} else {
		docs := make([]extract.Doc, len(gold))
		for i, g := range gold {
			docs[i] = extract.Doc{ID: g.ID, Text: g.Text, Date: g.Date}
		}
		var err error
		if pred, err = predict(ctx, cfg.Extractor, docs); err != nil {
			return err
		}
	}
	for _, p := range pred {
		if p.Error != nil {
			rep.Meta.PredErrors++
		}
	}
	rep.Meta.Map = cfg.Map.String()
	rep.Meta.Types = cfg.Types
	scoreRecordEntities(cfg.Options, rep, gold, pred)
	pairs := make([]EventPair, len(gold))
	for i := range gold {
		pairs[i] = EventPair{Gold: gold[i].Events, Pred: pred[i].Events}
	}
	evRep, _ := scoreEvents(pairs, func(doc int, kind, what string, g, p *extract.Event, role, text string) {
		rep.Errors = append(rep.Errors, eventError(&gold[doc], doc, kind, what, g, p, role, text))
	})
	rep.Events = &evRep
	sortErrors(rep.Errors)
	return nil
}

// alignRecords returns for each gold record the index of its prediction:
// by id when the predictions carry the gold ids, else by order when the
// counts agree.
func alignRecords(gold, pred []Record, predName string) ([]int, []string, error) {
	byID := map[string]int{}
	for j, p := range pred {
		if p.ID == "" {
			continue
		}
		if prev, dup := byID[p.ID]; dup {
			return nil, nil, inputError(predName, p.Line, "duplicate id %q (first on line %d)", p.ID, pred[prev].Line)
		}
		byID[p.ID] = j
	}
	idx := make([]int, len(gold))
	found := 0
	var missing []string
	for i, g := range gold {
		j, ok := byID[g.ID]
		if ok {
			idx[i] = j
			found++
		} else {
			idx[i] = -1
			missing = append(missing, g.ID)
		}
	}
	var notes []string
	switch {
	case found == len(gold):
		if extra := len(pred) - found; extra > 0 {
			notes = append(notes, fmt.Sprintf("%d prediction records have no gold record and were ignored", extra))
		}
		return idx, notes, nil
	case found == 0 && len(pred) == len(gold):
		for i := range idx {
			idx[i] = i
		}
		notes = append(notes, "prediction ids do not match gold ids: records paired by order")
		return idx, notes, nil
	case found == 0:
		return nil, nil, fmt.Errorf("%w: %s: no prediction id matches a gold id, and there are %d predictions for %d gold records", ErrBadInput, predName, len(pred), len(gold))
	}
	return nil, nil, fmt.Errorf("%w: %s: no prediction for %d gold record(s), e.g. %q", ErrBadInput, predName, len(missing), missing[0])
}

// scoreRecordEntities scores the entities of paired JSONL records.
func scoreRecordEntities(opt Options, rep *Report, gold, pred []Record) {
	filter := newTypeFilter(opt.Types)
	texts := make([][]rune, len(gold))
	var gm, pm []mention
	var gEnt, pEnt []*extract.Entity
	add := func(ms *[]mention, ents *[]*extract.Entity, doc int, es []extract.Entity) {
		for k := range es {
			e := &es[k]
			if e.Type == NotScored {
				continue
			}
			t := opt.Map.Map(e.Type)
			if !filter.keep(t) {
				continue
			}
			*ms = append(*ms, mention{doc: doc, typ: t, start: e.Start, end: e.End})
			*ents = append(*ents, e)
		}
	}
	for i := range gold {
		texts[i] = []rune(gold[i].Text)
		add(&gm, &gEnt, i, gold[i].Entities)
		add(&pm, &pEnt, i, pred[i].Entities)
	}
	tol := procliticTolerance(texts)
	if opt.Partial {
		tol = nil // overlap subsumes it
	}
	match := matchMentions(gm, pm, tol, opt.Partial)
	rep.Entities = &EntityReport{Scores: countMatches(gm, pm, match).scores()}
	goldHit := make([]bool, len(gm))
	for _, g := range match {
		if g >= 0 {
			goldHit[g] = true
		}
	}
	near := nearFinder(gm, pm)
	for i, m := range gm {
		if !goldHit[i] {
			rep.Errors = append(rep.Errors, spanError("fn", gold[m.doc].ID, texts[m.doc], m, gEnt[i].Text, near.inPred(m), near))
		}
	}
	for i, m := range pm {
		if match[i] < 0 {
			rep.Errors = append(rep.Errors, spanError("fp", gold[m.doc].ID, texts[m.doc], m, pEnt[i].Text, near.inGold(m), near))
		}
	}
}

func runCoNLL(ctx context.Context, cfg Config, rep *Report, gold *Corpus) error {
	rep.Meta.Docs = len(gold.Sentences)
	rep.Meta.Tokens = gold.Tokens()
	rep.Meta.GoldScheme, rep.Meta.GoldIllFormed = gold.Scheme, gold.IllFormed
	goldTags := gold.Tags()
	var predTags [][]string
	fromSpans := false
	switch {
	case cfg.Pred == "":
		docs := make([]extract.Doc, len(gold.Sentences))
		for i := range gold.Sentences {
			docs[i] = extract.Doc{ID: sentenceID(gold, i), Text: gold.Sentences[i].Text()}
		}
		recs, err := predict(ctx, cfg.Extractor, docs)
		if err != nil {
			return err
		}
		predTags = recordTags(gold, recs, rep, cfg.Convention)
		fromSpans = true
	default:
		data, err := readInput(cfg.Pred, cfg.Stdin)
		if err != nil {
			return err
		}
		if detectFormat(data) == FormatJSONL {
			rep.Meta.PredFormat = FormatJSONL
			recs, err := ReadRecords(bytes.NewReader(data), cfg.Pred, false)
			if err != nil {
				return err
			}
			if len(recs) != len(gold.Sentences) {
				return fmt.Errorf("%w: %s: %d prediction records for %d gold sentences (one record per sentence, in order, is needed)", ErrBadInput, cfg.Pred, len(recs), len(gold.Sentences))
			}
			for i := range recs {
				if recs[i].HasText && recs[i].Text != gold.Sentences[i].Text() {
					return inputError(cfg.Pred, recs[i].Line, "text differs from gold sentence %d (%s:%d); the document of a sentence is its tokens joined by single spaces", i+1, gold.Name, gold.Sentences[i].Line)
				}
			}
			predTags = recordTags(gold, recs, rep, cfg.Convention)
			fromSpans = true
			break
		}
		rep.Meta.PredFormat = FormatCoNLL
		pc, err := ReadCoNLL(bytes.NewReader(data), cfg.Pred, CoNLLOptions{Column: cfg.PredColumn, Lenient: cfg.Lenient})
		if err != nil {
			return err
		}
		if err := alignCorpora(gold, pc); err != nil {
			return err
		}
		rep.Meta.PredScheme, rep.Meta.PredIllFormed = pc.Scheme, pc.IllFormed
		predTags = pc.Tags()
		if n := tokenMismatches(gold, pc); n > 0 {
			rep.Meta.Notes = append(rep.Meta.Notes, fmt.Sprintf("%d tokens differ between gold and prediction files", n))
		}
	}
	opt := cfg.Options
	if fromSpans {
		opt = khabarDefaults(opt, goldTags, &rep.Meta)
	}
	rep.Meta.Map = opt.Map.String()
	rep.Meta.Types = opt.Types
	r, err := scoreBIO(goldTags, predTags, opt)
	if err != nil {
		return err
	}
	rep.Entities = &EntityReport{Scores: r.scores}
	rep.Errors = bioErrors(gold, r)
	return nil
}

func sentenceID(c *Corpus, i int) string {
	return c.Name + ":" + strconv.Itoa(c.Sentences[i].Line)
}

// recordTags turns one prediction record per sentence into tags.
func recordTags(gold *Corpus, recs []Record, rep *Report, conv Convention) [][]string {
	out := make([][]string, len(gold.Sentences))
	var st conventionStats
	for i := range gold.Sentences {
		if recs[i].Error != nil {
			rep.Meta.PredErrors++
		}
		out[i] = SpansToTags(gold.Sentences[i].Tokens, conv.apply(recs[i].Entities, &st))
	}
	if conv != ConventionNone {
		rep.Meta.Notes = append(rep.Meta.Notes, fmt.Sprintf("convention %s applied to khabar's entities: %d government bodies dropped, %d descriptor heads trimmed, %d retyped", conv, st.dropped, st.trimmed, st.retyped))
	}
	return out
}

// khabarDefaults fills in the defaults for scoring khabar's types against
// a BIO gold: FORMAT.md's ANERcorp rule (PER→PERS, GPE→LOC where the gold
// has no PER / GPE, types the gold lacks ignored) and AQMAR's MIS0…3→MISC.
func khabarDefaults(opt Options, goldTags [][]string, meta *Meta) Options {
	types := map[string]bool{}
	for _, c := range SeqevalChunks(goldTags) {
		types[c.Type] = true
	}
	if opt.Map.Empty() {
		var rules []string
		if types["PERS"] && !types["PER"] {
			rules = append(rules, "PER=PERS")
		}
		if types["LOC"] && !types["GPE"] {
			rules = append(rules, "GPE=LOC")
		}
		if !types["MISC"] && (types["MIS"] || types["MIS0"] || types["MIS1"] || types["MIS2"] || types["MIS3"]) {
			rules = append(rules, "MIS*=MISC") // AQMAR's MIS0…MIS3
		}
		if len(rules) > 0 {
			m, _ := ParseTypeMap(strings.Join(rules, ","))
			opt.Map = m
			meta.Notes = append(meta.Notes, "default type map for khabar entities on this gold: "+m.String())
		}
	}
	if len(opt.Types) == 0 {
		types = map[string]bool{}
		for _, c := range SeqevalChunks(mapTags(goldTags, opt.Map)) {
			types[c.Type] = true
		}
		for t := range types {
			if t != NotScored && t != droppedType {
				opt.Types = append(opt.Types, t)
			}
		}
		sort.Strings(opt.Types)
		meta.Notes = append(meta.Notes, "scoring only the gold's types: "+strings.Join(opt.Types, ","))
	}
	return opt
}

// alignCorpora checks that two CoNLL files have the same sentences and
// token counts.
func alignCorpora(gold, pred *Corpus) error {
	if len(gold.Sentences) != len(pred.Sentences) {
		return fmt.Errorf("%w: %s has %d sentences but %s has %d", ErrBadInput, pred.Name, len(pred.Sentences), gold.Name, len(gold.Sentences))
	}
	for i := range gold.Sentences {
		g, p := &gold.Sentences[i], &pred.Sentences[i]
		if len(g.Tokens) != len(p.Tokens) {
			return inputError(pred.Name, p.Line, "sentence %d has %d tokens but %s:%d has %d", i+1, len(p.Tokens), gold.Name, g.Line, len(g.Tokens))
		}
	}
	return nil
}

func tokenMismatches(gold, pred *Corpus) int {
	n := 0
	for i := range gold.Sentences {
		for j, t := range gold.Sentences[i].Tokens {
			if pred.Sentences[i].Tokens[j] != t {
				n++
			}
		}
	}
	return n
}
