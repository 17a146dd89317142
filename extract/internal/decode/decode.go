package decode

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

// Strategy says how token predictions become entities. The names and
// behaviour are those of Hugging Face's TokenClassificationPipeline
// aggregation_strategy.
type Strategy int

// Aggregation strategies.
const (
	// StrategyNone labels every token on its own: one Entity per token
	// whose label is not O, with Entity.Label set.
	StrategyNone Strategy = iota
	// StrategySimple groups adjacent tokens: a B- (or any label of another
	// type) starts a new entity, an I- of the same type continues one.
	StrategySimple
	// StrategyFirst labels each word with its first token's prediction,
	// then groups words as StrategySimple does.
	StrategyFirst
	// StrategyAverage labels each word with the argmax of its tokens'
	// averaged probabilities, then groups.
	StrategyAverage
	// StrategyMax labels each word with the prediction of its most
	// confident token, then groups.
	StrategyMax
)

var strategyNames = [...]string{"none", "simple", "first", "average", "max"}

// String returns the Hugging Face name of the strategy ("first").
func (s Strategy) String() string {
	if s >= 0 && int(s) < len(strategyNames) {
		return strategyNames[s]
	}
	return fmt.Sprintf("Strategy(%d)", int(s))
}

// ParseStrategy parses a Hugging Face strategy name, case-insensitively.
func ParseStrategy(name string) (Strategy, error) {
	for i, n := range strategyNames {
		if strings.EqualFold(strings.TrimSpace(name), n) {
			return Strategy(i), nil
		}
	}
	return 0, fmt.Errorf("unknown aggregation strategy %q (want none, simple, first, average or max)", name)
}

// wordLevel reports whether the strategy labels words rather than tokens.
func (s Strategy) wordLevel() bool { return s >= StrategyFirst }

// Token is one model input token as the decoder needs it.
type Token struct {
	// Span is the token's byte range in the text the entities refer to.
	Span doc.Span
	// Subword says the token continues the word of the token before it
	// (Hugging Face's is_subword): the word-level strategies label whole
	// words. From word ids: Words[i] >= 0 && Words[i] == Words[i-1].
	Subword bool
	// Special marks [CLS], [SEP] and the like: never labelled.
	Special bool
}

// Entity is a decoded span.
type Entity struct {
	doc.Span
	// Type is the entity type, the label without its boundary prefix.
	Type string
	// Score is the mean, over the span's tokens or words, of the
	// probability of their label: the softmax of the logits, or the CRF
	// marginal when a CRF decodes.
	Score float64
	// Label is the full label ("B-PER"); set by StrategyNone only.
	Label string
}

// Options configure a Decoder. The zero value decodes IOB-style labels
// (detected) token by token, like Hugging Face's default.
type Options struct {
	// Scheme of the labels; SchemeAuto detects it (see DetectScheme).
	Scheme Scheme
	// Strategy of aggregation.
	Strategy Strategy
	// CRF, when set, decodes the best label sequence with Viterbi over
	// word-level emissions (the logits of each word's first token for
	// StrategyFirst, their mean for StrategyAverage, the most confident
	// token's for StrategyMax). It needs a word-level strategy.
	CRF *CRF
	// Constrained decodes the most probable well-formed label sequence for
	// the scheme (Viterbi with forbidden transitions masked: no I- after O
	// in IOB2, E- closing what B- opened in BIOES, ...), instead of the
	// per-token argmax that Hugging Face takes. With a CRF it adds the mask
	// to the CRF's own transitions.
	Constrained bool
	// Ignore lists entity types to drop from the output (O always is).
	Ignore []string
}

// ErrInput is wrapped by Decode errors about its arguments.
var ErrInput = errors.New("decode: bad input")

// Decoder decodes logits into entities. It is immutable and safe for
// concurrent use.
type Decoder struct {
	labels []string
	tags   []Tag
	opts   Options
	ignore map[string]bool
	chain  *chain // nil: per-unit argmax
	crf    bool
}

// New returns a Decoder for the model's labels in id order.
func New(labels []string, opts Options) (*Decoder, error) {
	if len(labels) == 0 {
		return nil, errors.New("decode: no labels")
	}
	if opts.Strategy < StrategyNone || opts.Strategy > StrategyMax {
		return nil, fmt.Errorf("decode: unknown strategy %d", int(opts.Strategy))
	}
	if opts.Scheme == SchemeAuto {
		s, err := DetectScheme(labels)
		if err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
		opts.Scheme = s
	} else if opts.Scheme < SchemeAuto || opts.Scheme > SchemeBILOU {
		return nil, fmt.Errorf("decode: unknown scheme %d", int(opts.Scheme))
	}
	if err := checkLabels(labels, opts.Scheme); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	d := &Decoder{
		labels: append([]string(nil), labels...),
		tags:   make([]Tag, len(labels)),
		opts:   opts,
		ignore: map[string]bool{},
	}
	seen := map[string]bool{}
	for i, l := range labels {
		if seen[l] {
			return nil, fmt.Errorf("decode: label %q appears twice", l)
		}
		seen[l] = true
		d.tags[i] = ParseTag(l)
	}
	for _, t := range opts.Ignore {
		d.ignore[t] = true
	}
	n := len(labels)
	if opts.CRF != nil {
		if !opts.Strategy.wordLevel() {
			return nil, fmt.Errorf("decode: a CRF decodes words; strategy %s labels tokens (use first, average or max)", opts.Strategy)
		}
		if err := opts.CRF.Validate(n); err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
		d.crf = true
		d.chain = &chain{trans: make([][]float64, n), start: make([]float64, n), end: make([]float64, n)}
		for i := range d.chain.trans {
			d.chain.trans[i] = append([]float64(nil), opts.CRF.Transitions[i]...)
		}
		copy(d.chain.start, opts.CRF.Start)
		copy(d.chain.end, opts.CRF.End)
	} else if opts.Constrained {
		d.chain = &chain{trans: make([][]float64, n), start: make([]float64, n), end: make([]float64, n)}
		for i := range d.chain.trans {
			d.chain.trans[i] = make([]float64, n)
		}
	}
	if opts.Constrained {
		inf := math.Inf(-1)
		for j := range n {
			if !allowed(opts.Scheme, nil, &d.tags[j]) {
				d.chain.start[j] = inf
			}
			if !allowed(opts.Scheme, &d.tags[j], nil) {
				d.chain.end[j] = inf
			}
			for i := range n {
				if !allowed(opts.Scheme, &d.tags[i], &d.tags[j]) {
					d.chain.trans[i][j] = inf
				}
			}
		}
	}
	if d.chain != nil {
		d.chain.prepare()
	}
	return d, nil
}

// Labels returns the labels in id order.
func (d *Decoder) Labels() []string { return append([]string(nil), d.labels...) }

// Scheme returns the scheme in use (detected when SchemeAuto was asked).
func (d *Decoder) Scheme() Scheme { return d.opts.Scheme }

// Strategy returns the aggregation strategy.
func (d *Decoder) Strategy() Strategy { return d.opts.Strategy }

// unit is what gets one label: a token, or a word for word-level strategies.
type unit struct {
	span   doc.Span
	probs  []float64 // softmax over labels
	logits []float64 // emissions for a CRF
}

// Decode returns the entities of one sequence, sorted by position and not
// overlapping. tokens and logits are parallel: logits[i] holds the scores
// of every label for tokens[i]. Special tokens are skipped.
func (d *Decoder) Decode(tokens []Token, logits [][]float32) ([]Entity, error) {
	w := workPool.Get().(*work)
	defer workPool.Put(w)
	units, err := d.prepare(tokens, logits, w)
	if err != nil || len(units) == 0 {
		return nil, err
	}
	return d.decodeUnits(units, w), nil
}

// Word is one word with the emissions a CRF decodes it by (see
// Options.CRF): what Words returns and DecodeWords takes.
type Word struct {
	Span   doc.Span
	Logits []float64
}

// Words returns the words of one sequence (tokens and logits as for
// Decode) with their emissions, so that the emissions of several models
// over the same words can be combined before DecodeWords. It needs a
// word-level strategy.
func (d *Decoder) Words(tokens []Token, logits [][]float32) ([]Word, error) {
	if !d.opts.Strategy.wordLevel() {
		return nil, fmt.Errorf("%w: Words needs a word-level strategy, not %v", ErrInput, d.opts.Strategy)
	}
	w := workPool.Get().(*work)
	defer workPool.Put(w)
	units, err := d.prepare(tokens, logits, w)
	if err != nil {
		return nil, err
	}
	out := make([]Word, len(units))
	n := len(d.labels)
	flat := make([]float64, len(units)*n)
	for i, u := range units {
		out[i] = Word{Span: u.span, Logits: flat[i*n : (i+1)*n : (i+1)*n]}
		copy(out[i].Logits, u.logits)
	}
	return out, nil
}

// DecodeWords labels words given with their emissions (from Words, or a
// combination of several models' Words) and groups them into entities, as
// Decode does for a word-level strategy.
func (d *Decoder) DecodeWords(words []Word) ([]Entity, error) {
	if len(words) == 0 {
		return nil, nil
	}
	n := len(d.labels)
	w := workPool.Get().(*work)
	defer workPool.Put(w)
	w.f = grow(w.f, n*len(words))
	units := w.us[:0]
	for i, wd := range words {
		if len(wd.Logits) != n {
			return nil, fmt.Errorf("%w: word %d has %d logits for %d labels", ErrInput, i, len(wd.Logits), n)
		}
		for j, x := range wd.Logits {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("%w: word %d: logit %d is %v", ErrInput, i, j, x)
			}
		}
		probs := w.f[i*n : (i+1)*n : (i+1)*n]
		softmaxInto(probs, wd.Logits)
		units = append(units, unit{span: wd.Span, probs: probs, logits: wd.Logits})
	}
	w.us = units
	return d.decodeUnits(units, w), nil
}

// prepare checks tokens and logits and forms the labelled units (in w's
// scratch, valid until w is reused).
func (d *Decoder) prepare(tokens []Token, logits [][]float32, w *work) ([]unit, error) {
	if len(tokens) != len(logits) {
		return nil, fmt.Errorf("%w: %d tokens but %d logit rows", ErrInput, len(tokens), len(logits))
	}
	n := len(d.labels)
	// Logits and probabilities of every token (and, for average, of every
	// word) live in one scratch slice; nothing returned points into it.
	need := 2 * n * len(tokens)
	if d.opts.Strategy == StrategyAverage {
		need *= 2
	}
	w.f = grow(w.f, need)
	f := w.f
	toks := w.ts[:0]
	for i, t := range tokens {
		if t.Special {
			continue
		}
		if len(logits[i]) != n {
			return nil, fmt.Errorf("%w: token %d has %d logits for %d labels", ErrInput, i, len(logits[i]), n)
		}
		if t.Span.Start < 0 || t.Span.End < t.Span.Start {
			return nil, fmt.Errorf("%w: token %d has span [%d,%d)", ErrInput, i, t.Span.Start, t.Span.End)
		}
		lg, probs := f[:n:n], f[n:2*n:2*n]
		f = f[2*n:]
		for j, v := range logits[i] {
			x := float64(v)
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("%w: token %d: logit %d is %v", ErrInput, i, j, v)
			}
			lg[j] = x
		}
		softmaxInto(probs, lg)
		toks = append(toks, tokenScores{tok: t, logits: lg, probs: probs})
	}
	w.ts = toks
	if len(toks) == 0 {
		return nil, nil
	}
	units := d.units(toks, w.us[:0], f)
	w.us = units
	return units, nil
}

// decodeUnits labels the units and returns the entities.
func (d *Decoder) decodeUnits(units []unit, w *work) []Entity {
	labels, scores := d.label(units, w)
	if d.opts.Strategy == StrategyNone {
		var out []Entity
		for i, u := range units {
			tag := d.tags[labels[i]]
			if tag.Prefix == prefixO || d.ignore[tag.Type] {
				continue
			}
			out = append(out, Entity{Span: u.span, Type: tag.Type, Score: scores[i], Label: d.labels[labels[i]]})
		}
		return out
	}
	return d.group(units, labels, scores)
}

// work is one Decode call's scratch, pooled across calls.
type work struct {
	f      []float64 // logits and probabilities
	ts     []tokenScores
	us     []unit
	em     [][]float64
	em64   []float64 // log-probabilities as emissions (constrained, no CRF)
	labels []int
	scores []float64
	back   []int32
	marg   []float64
}

var workPool = sync.Pool{New: func() any { return new(work) }}

type tokenScores struct {
	tok    Token
	logits []float64
	probs  []float64
}

// units forms the labelled units: tokens, or words as Hugging Face's
// aggregate_words does (a subword token joins the word before it; the first
// token always starts one).
//
// us is reused for the result; f is scratch for averaged scores, with room
// for 2 × labels × len(toks) values when the strategy is average.
func (d *Decoder) units(toks []tokenScores, us []unit, f []float64) []unit {
	if !d.opts.Strategy.wordLevel() {
		for _, t := range toks {
			us = append(us, unit{span: t.tok.Span, probs: t.probs, logits: t.logits})
		}
		return us
	}
	for i := 0; i < len(toks); {
		j := i + 1
		for j < len(toks) && toks[j].tok.Subword {
			j++
		}
		us = append(us, d.word(toks[i:j], f))
		if d.opts.Strategy == StrategyAverage {
			f = f[2*len(toks[i].probs):]
		}
		i = j
	}
	return us
}

// word aggregates the tokens of one word (aggregate_word in Hugging Face).
// For average, the word's scores are written to f[:2×labels].
func (d *Decoder) word(ts []tokenScores, f []float64) unit {
	u := unit{span: doc.Span{Start: ts[0].tok.Span.Start, End: ts[len(ts)-1].tok.Span.End}}
	switch d.opts.Strategy {
	case StrategyMax:
		best, bestP := 0, -1.0
		for i, t := range ts {
			if p := maxOf(t.probs); p > bestP {
				best, bestP = i, p
			}
		}
		u.probs, u.logits = ts[best].probs, ts[best].logits
	case StrategyAverage:
		n := len(ts[0].probs)
		u.probs, u.logits = f[:n:n], f[n:2*n:2*n]
		clear(f[:2*n])
		for _, t := range ts {
			for j := range n {
				u.probs[j] += t.probs[j]
				u.logits[j] += t.logits[j]
			}
		}
		for j := range n {
			u.probs[j] /= float64(len(ts))
			u.logits[j] /= float64(len(ts))
		}
	default: // StrategyFirst
		u.probs, u.logits = ts[0].probs, ts[0].logits
	}
	return u
}

// label picks a label and its score for every unit.
func (d *Decoder) label(units []unit, w *work) ([]int, []float64) {
	w.labels = grow(w.labels, len(units))
	w.scores = grow(w.scores, len(units))
	labels, scores := w.labels, w.scores
	if d.chain != nil {
		em := grow(w.em, len(units))
		w.em = em
		if !d.crf {
			w.em64 = grow(w.em64, len(units)*len(d.labels))
		}
		for i, u := range units {
			if d.crf {
				em[i] = u.logits
			} else {
				n := len(u.probs)
				em[i] = w.em64[i*n : (i+1)*n : (i+1)*n]
				for j, p := range u.probs {
					em[i][j] = math.Log(p)
				}
			}
		}
		w.back = grow(w.back, len(units)*len(d.labels))
		path, best := d.chain.viterbiBuf(em, labels, w.back)
		if !math.IsInf(best, -1) {
			if d.crf {
				var marg []float64
				marg, w.marg = d.chain.marginalsFlat(em, w.marg)
				n := len(d.labels)
				for i, l := range path {
					scores[i] = marg[i*n+l]
				}
			} else {
				for i, l := range path {
					scores[i] = units[i].probs[l]
				}
			}
			return path, scores
		}
		// Every path is forbidden (a label set without O): fall back to argmax.
	}
	for i, u := range units {
		labels[i] = argmax(u.probs)
		scores[i] = u.probs[labels[i]]
	}
	return labels, scores
}

// group chunks labelled units into entities. For IOB labels it is Hugging
// Face's group_entities: a unit joins the open entity when it has the same
// type and is not a B-; anything else closes it. BIOES/BILOU add E- (joins,
// then closes) and S- (an entity on its own). A unit that cannot continue
// the open entity starts a new one, so no entity ever mixes types.
func (d *Decoder) group(units []unit, labels []int, scores []float64) []Entity {
	var out []Entity
	var cur Entity
	open, sum, count := false, 0.0, 0
	flush := func() {
		if open && !d.ignore[cur.Type] {
			cur.Score = sum / float64(count)
			out = append(out, cur)
		}
		open = false
	}
	start := func(u unit, typ string, s float64) {
		cur = Entity{Span: u.span, Type: typ}
		open, sum, count = true, s, 1
	}
	extend := func(u unit, s float64) {
		cur.End = u.span.End
		sum += s
		count++
	}
	for i, u := range units {
		tag := d.tags[labels[i]]
		s := scores[i]
		switch tag.Prefix {
		case prefixO:
			flush()
		case prefixB:
			flush()
			start(u, tag.Type, s)
		case prefixI, prefixNone:
			if open && cur.Type == tag.Type {
				extend(u, s)
			} else {
				flush()
				start(u, tag.Type, s)
			}
		case prefixE:
			if open && cur.Type == tag.Type {
				extend(u, s)
			} else {
				flush()
				start(u, tag.Type, s)
			}
			flush()
		case prefixS:
			flush()
			start(u, tag.Type, s)
			flush()
		}
	}
	flush()
	return out
}

// softmax is numerically stable and matches numpy's
// exp(x - max) / sum(exp(x - max)).
func softmax(x []float64) []float64 {
	out := make([]float64, len(x))
	softmaxInto(out, x)
	return out
}

// softmaxInto writes softmax(x) to out (len(out) == len(x)).
func softmaxInto(out, x []float64) {
	m := maxOf(x)
	var s float64
	for i, v := range x {
		out[i] = math.Exp(v - m)
		s += out[i]
	}
	for i := range out {
		out[i] /= s
	}
}

// argmax returns the first index of the largest value, as numpy does.
func argmax(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

func maxOf(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		if v > m {
			m = v
		}
	}
	return m
}
