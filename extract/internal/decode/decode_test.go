package decode

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

var iob2 = []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG"}

// seq builds tokens and logits: each item is one token predicted as label
// with logit conf (others 0). Tokens are 2 bytes long, separated by a space
// unless the token continues the word before it (word given explicitly).
type tok struct {
	label string
	conf  float32
	word  int
}

func build(t *testing.T, labels []string, toks []tok, special bool) ([]Token, [][]float32) {
	t.Helper()
	idx := map[string]int{}
	for i, l := range labels {
		idx[l] = i
	}
	var tokens []Token
	var logits [][]float32
	if special {
		tokens = append(tokens, Token{Special: true})
		logits = append(logits, make([]float32, len(labels)))
	}
	pos := 0
	for i, x := range toks {
		if i > 0 && !(x.word >= 0 && x.word == toks[i-1].word) {
			pos++ // a space between words
		}
		row := make([]float32, len(labels))
		j, ok := idx[x.label]
		if !ok {
			t.Fatalf("unknown label %q", x.label)
		}
		row[j] = x.conf
		sub := i > 0 && x.word >= 0 && x.word == toks[i-1].word
		tokens = append(tokens, Token{Span: doc.Span{Start: pos, End: pos + 2}, Subword: sub})
		logits = append(logits, row)
		pos += 2
	}
	if special {
		tokens = append(tokens, Token{Span: doc.Span{Start: pos, End: pos}, Special: true})
		logits = append(logits, []float32{9, 0, 0, 0, 0}[:len(labels)])
	}
	return tokens, logits
}

// p is the softmax probability of a label with logit c among n labels at 0.
func p(c float64, n int) float64 { return math.Exp(c) / (math.Exp(c) + float64(n-1)) }

// q is the probability of one of the other labels.
func q(c float64, n int) float64 { return 1 / (math.Exp(c) + float64(n-1)) }

type want struct {
	start, end int
	typ        string
	score      float64
}

func check(t *testing.T, got []Entity, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("got %d entities %+v, want %d %+v", len(got), got, len(wants), wants)
	}
	for i, w := range wants {
		g := got[i]
		if g.Start != w.start || g.End != w.end || g.Type != w.typ || math.Abs(g.Score-w.score) > 1e-9 {
			t.Errorf("entity %d = [%d,%d) %s %.6f, want [%d,%d) %s %.6f", i, g.Start, g.End, g.Type, g.Score,
				w.start, w.end, w.typ, w.score)
		}
	}
}

func decodeWith(t *testing.T, labels []string, opts Options, toks []tok) []Entity {
	t.Helper()
	d, err := New(labels, opts)
	if err != nil {
		t.Fatal(err)
	}
	tokens, logits := build(t, labels, toks, true)
	got, err := d.Decode(tokens, logits)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestSimpleGroupsLikeHuggingFace(t *testing.T) {
	n := len(iob2)
	toks := []tok{
		{"B-PER", 3, 0}, {"I-PER", 2, 1}, // one PER
		{"O", 4, 2},
		{"I-ORG", 1, 3},  // I- after O starts an entity
		{"B-ORG", 2, 4},  // B- after I- of the same type: a new entity
		{"I-PER", 2, 5},  // I- of another type: a new entity, never a continuation
		{"B-PER", 2, 6},  // two B- in a row are two entities
		{"B-PER", 2, 7},  //
		{"I-PER", 3, -1}, // continues
	}
	got := decodeWith(t, iob2, Options{Strategy: StrategySimple}, toks)
	check(t, got, []want{
		{0, 5, "PER", (p(3, n) + p(2, n)) / 2},
		{9, 11, "ORG", p(1, n)},
		{12, 14, "ORG", p(2, n)},
		{15, 17, "PER", p(2, n)},
		{18, 20, "PER", p(2, n)},
		{21, 26, "PER", (p(2, n) + p(3, n)) / 2},
	})
}

func TestNoneLabelsEveryToken(t *testing.T) {
	n := len(iob2)
	toks := []tok{{"B-PER", 3, 0}, {"I-PER", 2, 0}, {"O", 4, 1}, {"I-ORG", 1, 2}}
	got := decodeWith(t, iob2, Options{}, toks)
	check(t, got, []want{{0, 2, "PER", p(3, n)}, {2, 4, "PER", p(2, n)}, {8, 10, "ORG", p(1, n)}})
	if got[0].Label != "B-PER" || got[1].Label != "I-PER" || got[2].Label != "I-ORG" {
		t.Errorf("labels %q %q %q", got[0].Label, got[1].Label, got[2].Label)
	}
}

// The Hugging Face docstring's example: micro|soft| com|pany| tagged
// B-ENT I-NAME I-ENT I-ENT becomes "microsoft company" as one ENT with
// the first strategy, and three entities with simple.
func TestHuggingFaceDocstringExample(t *testing.T) {
	labels := []string{"O", "B-ENT", "I-ENT", "B-NAME", "I-NAME"}
	n := len(labels)
	toks := []tok{{"B-ENT", 2, 0}, {"I-NAME", 3, 0}, {"I-ENT", 4, 1}, {"I-ENT", 1, 1}}
	first := decodeWith(t, labels, Options{Strategy: StrategyFirst}, toks)
	check(t, first, []want{{0, 9, "ENT", (p(2, n) + p(4, n)) / 2}})
	simple := decodeWith(t, labels, Options{Strategy: StrategySimple}, toks)
	check(t, simple, []want{
		{0, 2, "ENT", p(2, n)},
		{2, 4, "NAME", p(3, n)},
		{5, 9, "ENT", (p(4, n) + p(1, n)) / 2},
	})
}

func TestWordStrategies(t *testing.T) {
	n := len(iob2)
	// One word of three pieces: the first says B-ORG (2), the others I-PER (5).
	toks := []tok{{"O", 1, 0}, {"B-ORG", 2, 1}, {"I-PER", 5, 1}, {"I-PER", 5, 1}}
	avgPER := (q(2, n) + 2*p(5, n)) / 3
	tests := []struct {
		s    Strategy
		want []want
	}{
		{StrategyFirst, []want{{3, 9, "ORG", p(2, n)}}},
		{StrategyMax, []want{{3, 9, "PER", p(5, n)}}},
		{StrategyAverage, []want{{3, 9, "PER", avgPER}}},
		{StrategySimple, []want{{3, 5, "ORG", p(2, n)}, {5, 9, "PER", p(5, n)}}},
	}
	for _, tt := range tests {
		t.Run(tt.s.String(), func(t *testing.T) {
			check(t, decodeWith(t, iob2, Options{Strategy: tt.s}, toks), tt.want)
		})
	}
}

func TestBIOESAndBILOU(t *testing.T) {
	for _, labels := range [][]string{
		{"O", "B-X", "I-X", "E-X", "S-X"},
		{"O", "B-X", "I-X", "L-X", "U-X"},
	} {
		d, err := New(labels, Options{Strategy: StrategySimple})
		if err != nil {
			t.Fatal(err)
		}
		s := d.Scheme()
		t.Run(s.String(), func(t *testing.T) {
			n := len(labels)
			b, i, e, u := labels[1], labels[2], labels[3], labels[4]
			toks := []tok{
				{b, 2, 0}, {i, 2, 1}, {e, 2, 2}, // one entity of three
				{u, 2, 3}, {u, 2, 4}, // two single ones
				{"O", 2, 5}, {e, 2, 6}, // E- without B-: an entity of one
				{i, 2, 7}, {b, 2, 8}, // unclosed I-, then B-: two entities
			}
			got := decodeWith(t, labels, Options{Strategy: StrategySimple}, toks)
			pp := p(2, n)
			check(t, got, []want{{0, 8, "X", pp}, {9, 11, "X", pp}, {12, 14, "X", pp}, {18, 20, "X", pp},
				{21, 23, "X", pp}, {24, 26, "X", pp}})
		})
	}
}

func TestIgnore(t *testing.T) {
	toks := []tok{{"B-PER", 3, 0}, {"B-ORG", 3, 1}}
	got := decodeWith(t, iob2, Options{Strategy: StrategyFirst, Ignore: []string{"PER"}}, toks)
	if len(got) != 1 || got[0].Type != "ORG" {
		t.Errorf("got %+v, want only ORG", got)
	}
}

// wellFormed reports whether the label sequence is valid in the scheme.
func wellFormed(s Scheme, tags []Tag) bool {
	var prev *Tag
	for i := range tags {
		if !allowed(s, prev, &tags[i]) {
			return false
		}
		prev = &tags[i]
	}
	return allowed(s, prev, nil)
}

func TestConstrainedIsWellFormed(t *testing.T) {
	labels := []string{"O", "B-X", "I-X", "E-X", "S-X", "B-Y", "I-Y", "E-Y", "S-Y"}
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		T := 1 + rng.IntN(8)
		tokens := make([]Token, T)
		logits := make([][]float32, T)
		for i := range tokens {
			tokens[i] = Token{Span: doc.Span{Start: 3 * i, End: 3*i + 2}}
			logits[i] = make([]float32, len(labels))
			for j := range logits[i] {
				logits[i][j] = float32(rng.NormFloat64() * 3)
			}
		}
		for _, s := range []Strategy{StrategyNone, StrategyFirst} {
			d, err := New(labels, Options{Strategy: s, Constrained: true})
			if err != nil {
				t.Fatal(err)
			}
			ents, err := d.Decode(tokens, logits)
			if err != nil {
				t.Fatal(err)
			}
			if s != StrategyNone {
				continue
			}
			// Rebuild the label of every token from the per-token output.
			tags := make([]Tag, T)
			for i := range tags {
				tags[i] = Tag{Prefix: prefixO}
			}
			for _, e := range ents {
				tags[e.Start/3] = ParseTag(e.Label)
			}
			if !wellFormed(SchemeBIOES, tags) {
				t.Fatalf("trial %d: constrained labels %+v are not well formed", trial, tags)
			}
		}
	}
}

func TestConstrainedPrefersBOverIAfterO(t *testing.T) {
	// Token 2 says I-PER 0.5, B-PER 0.3, O 0.2: IOB2 forbids O → I-PER.
	row := func(o, b, i float64) []float32 {
		return []float32{float32(math.Log(o)), float32(math.Log(b)), float32(math.Log(i)), -50, -50}
	}
	tokens := []Token{{Span: doc.Span{Start: 0, End: 2}}, {Span: doc.Span{Start: 3, End: 5}}}
	logits := [][]float32{row(0.9, 0.05, 0.05), row(0.2, 0.3, 0.5)}
	free, _ := New(iob2, Options{})
	tight, _ := New(iob2, Options{Constrained: true})
	a, err := free.Decode(tokens, logits)
	if err != nil {
		t.Fatal(err)
	}
	b, err := tight.Decode(tokens, logits)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 1 || a[0].Label != "I-PER" || math.Abs(a[0].Score-0.5) > 1e-6 {
		t.Errorf("argmax: %+v", a)
	}
	if len(b) != 1 || b[0].Label != "B-PER" || math.Abs(b[0].Score-0.3) > 1e-6 {
		t.Errorf("constrained: %+v", b)
	}
}

// brute enumerates every path of the chain.
func brute(c *chain, em [][]float64) (best []int, bestScore float64, marg [][]float64) {
	T, n := len(em), len(em[0])
	path := make([]int, T)
	bestScore = math.Inf(-1)
	marg = make([][]float64, T)
	for t := range marg {
		marg[t] = make([]float64, n)
	}
	var Z float64
	var rec func(t int)
	rec = func(t int) {
		if t == T {
			s := at(c.start, path[0]) + em[0][path[0]] + at(c.end, path[T-1])
			for i := 1; i < T; i++ {
				s += c.trans[path[i-1]][path[i]] + em[i][path[i]]
			}
			if s > bestScore {
				bestScore, best = s, append([]int(nil), path...)
			}
			w := math.Exp(s)
			Z += w
			for i, l := range path {
				marg[i][l] += w
			}
			return
		}
		for l := 0; l < n; l++ {
			path[t] = l
			rec(t + 1)
		}
	}
	rec(0)
	for t := range marg {
		for l := range marg[t] {
			marg[t][l] /= Z
		}
	}
	return best, bestScore, marg
}

func TestViterbiAndMarginalsMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 100; trial++ {
		n, T := 2+rng.IntN(3), 1+rng.IntN(5)
		c := &chain{trans: make([][]float64, n), start: make([]float64, n), end: make([]float64, n)}
		for i := range c.trans {
			c.trans[i] = make([]float64, n)
			for j := range c.trans[i] {
				c.trans[i][j] = rng.NormFloat64()
			}
			c.start[i], c.end[i] = rng.NormFloat64(), rng.NormFloat64()
		}
		c.trans[0][1] = math.Inf(-1) // a forbidden move
		em := make([][]float64, T)
		for t := range em {
			em[t] = make([]float64, n)
			for j := range em[t] {
				em[t][j] = rng.NormFloat64() * 2
			}
		}
		wantPath, wantScore, wantMarg := brute(c, em)
		gotPath, gotScore := c.viterbi(em)
		if math.Abs(gotScore-wantScore) > 1e-9 || !reflect.DeepEqual(gotPath, wantPath) {
			t.Fatalf("trial %d: viterbi %v %.6f, brute force %v %.6f", trial, gotPath, gotScore, wantPath, wantScore)
		}
		gotMarg := c.marginals(em)
		for t2 := range wantMarg {
			for l := range wantMarg[t2] {
				if math.Abs(gotMarg[t2][l]-wantMarg[t2][l]) > 1e-9 {
					t.Fatalf("trial %d: marginal[%d][%d] = %.9f, want %.9f", trial, t2, l, gotMarg[t2][l], wantMarg[t2][l])
				}
			}
		}
	}
}

func TestCRFOverridesArgmax(t *testing.T) {
	n := len(iob2)
	// Transitions forbid PER → ORG; the CRF must choose I-PER for word 2
	// although its first piece's argmax is B-ORG.
	crf := &CRF{Transitions: make([][]float64, n), Start: make([]float64, n), End: make([]float64, n)}
	for i := range crf.Transitions {
		crf.Transitions[i] = make([]float64, n)
	}
	crf.Transitions[1][3] = -20 // B-PER → B-ORG
	crf.Transitions[1][2] = 3   // B-PER → I-PER
	toks := []tok{{"B-PER", 4, 0}, {"B-ORG", 2, 1}, {"I-ORG", 9, 1}}
	got := decodeWith(t, iob2, Options{Strategy: StrategyFirst, CRF: crf}, toks)
	if len(got) != 1 || got[0].Type != "PER" || got[0].Start != 0 || got[0].End != 7 {
		t.Fatalf("got %+v, want one PER over both words", got)
	}
	if got[0].Score <= 0 || got[0].Score > 1 {
		t.Errorf("score %v not a probability", got[0].Score)
	}
	free := decodeWith(t, iob2, Options{Strategy: StrategyFirst}, toks)
	if len(free) != 2 {
		t.Errorf("without CRF: %+v, want PER and ORG", free)
	}
}

func TestNewErrors(t *testing.T) {
	sq := func(n int) [][]float64 {
		m := make([][]float64, n)
		for i := range m {
			m[i] = make([]float64, n)
		}
		return m
	}
	tests := []struct {
		name   string
		labels []string
		opts   Options
	}{
		{"no labels", nil, Options{}},
		{"duplicate", []string{"O", "B-X", "B-X"}, Options{}},
		{"mixed schemes", []string{"O", "E-X", "L-X"}, Options{}},
		{"label outside scheme", []string{"O", "B-X", "S-X"}, Options{Scheme: SchemeIOB2}},
		{"crf with simple", []string{"O", "B-X"}, Options{Strategy: StrategySimple, CRF: &CRF{Transitions: sq(2)}}},
		{"crf shape", []string{"O", "B-X"}, Options{Strategy: StrategyFirst, CRF: &CRF{Transitions: sq(3)}}},
		{"crf start shape", []string{"O", "B-X"}, Options{Strategy: StrategyFirst, CRF: &CRF{Transitions: sq(2), Start: []float64{1}}}},
		{"bad strategy", []string{"O"}, Options{Strategy: 9}},
		{"bad scheme", []string{"O"}, Options{Scheme: 9}},
	}
	for _, tt := range tests {
		if _, err := New(tt.labels, tt.opts); err == nil {
			t.Errorf("%s: New succeeded", tt.name)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	d, _ := New(iob2, Options{})
	one := []Token{{Span: doc.Span{Start: 0, End: 1}}}
	tests := []struct {
		name   string
		tokens []Token
		logits [][]float32
	}{
		{"length mismatch", one, nil},
		{"wrong label count", one, [][]float32{{1, 2}}},
		{"NaN", one, [][]float32{{1, float32(math.NaN()), 0, 0, 0}}},
		{"Inf", one, [][]float32{{1, float32(math.Inf(1)), 0, 0, 0}}},
		{"bad span", []Token{{Span: doc.Span{Start: 3, End: 1}}}, [][]float32{{1, 0, 0, 0, 0}}},
	}
	for _, tt := range tests {
		if _, err := d.Decode(tt.tokens, tt.logits); !errors.Is(err, ErrInput) {
			t.Errorf("%s: err = %v, want ErrInput", tt.name, err)
		}
	}
	if got, err := d.Decode(nil, nil); err != nil || got != nil {
		t.Errorf("empty input: %v %v", got, err)
	}
}

func TestSchemeAndStrategyNames(t *testing.T) {
	for s := SchemeIOB1; s <= SchemeBILOU; s++ {
		if got, err := ParseScheme(s.String()); err != nil || got != s {
			t.Errorf("ParseScheme(%q) = %v, %v", s, got, err)
		}
	}
	for s := StrategyNone; s <= StrategyMax; s++ {
		if got, err := ParseStrategy(s.String()); err != nil || got != s {
			t.Errorf("ParseStrategy(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseScheme("BIOSE"); err == nil {
		t.Error("ParseScheme accepted BIOSE")
	}
	if _, err := ParseStrategy("mean"); err == nil {
		t.Error("ParseStrategy accepted mean")
	}
	for labels, want := range map[string]Scheme{"O B-X I-X": SchemeIOB2, "O B-X E-X": SchemeBIOES, "O U-X": SchemeBILOU, "O PER": SchemeIOB2} {
		got, err := DetectScheme(splitSpace(labels))
		if err != nil || got != want {
			t.Errorf("DetectScheme(%s) = %v, %v; want %v", labels, got, err, want)
		}
	}
	if got := ParseTag("L-ORG"); got != (Tag{Prefix: 'E', Type: "ORG"}) {
		t.Errorf("ParseTag(L-ORG) = %+v", got)
	}
	if got := ParseTag("MISC"); got != (Tag{Prefix: '-', Type: "MISC"}) {
		t.Errorf("ParseTag(MISC) = %+v", got)
	}
}

func splitSpace(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// TestScaledMarginalsMatchLogSpace checks the probability-space
// forward-backward against the log-space one, including scores far enough
// apart to underflow (where marginals must fall back to log space) and
// forbidden moves.
func TestScaledMarginalsMatchLogSpace(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 300; trial++ {
		n, T := 2+rng.IntN(9), 1+rng.IntN(60)
		scale := []float64{1, 5, 50, 800}[trial%4]
		c := &chain{trans: make([][]float64, n), start: make([]float64, n), end: make([]float64, n)}
		for i := range c.trans {
			c.trans[i] = make([]float64, n)
			for j := range c.trans[i] {
				c.trans[i][j] = rng.NormFloat64() * scale
				if rng.IntN(6) == 0 {
					c.trans[i][j] = math.Inf(-1)
				}
			}
			c.start[i], c.end[i] = rng.NormFloat64()*scale, rng.NormFloat64()*scale
		}
		if trial%3 == 0 {
			c.prepare()
		}
		em := make([][]float64, T)
		for t := range em {
			em[t] = make([]float64, n)
			for j := range em[t] {
				em[t][j] = rng.NormFloat64() * scale
			}
		}
		if _, best := c.viterbi(em); math.IsInf(best, -1) {
			continue
		}
		got, want := c.marginals(em), c.marginalsLog(em)
		for t2 := range want {
			for l := range want[t2] {
				if d := math.Abs(got[t2][l] - want[t2][l]); d > 1e-9 || math.IsNaN(got[t2][l]) {
					t.Fatalf("trial %d (n=%d T=%d scale %g): marginal[%d][%d] = %.12f, log space %.12f", trial, n, T, scale, t2, l, got[t2][l], want[t2][l])
				}
			}
		}
	}
}

func BenchmarkMarginals(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	n, T := 9, 40
	c := &chain{trans: make([][]float64, n), start: make([]float64, n), end: make([]float64, n)}
	for i := range c.trans {
		c.trans[i] = make([]float64, n)
		for j := range c.trans[i] {
			c.trans[i][j] = rng.NormFloat64()
		}
	}
	c.prepare()
	em := make([][]float64, T)
	for t := range em {
		em[t] = make([]float64, n)
		for j := range em[t] {
			em[t][j] = rng.NormFloat64() * 4
		}
	}
	b.Run("scaled", func(b *testing.B) {
		for b.Loop() {
			c.marginals(em)
		}
	})
	b.Run("log", func(b *testing.B) {
		for b.Loop() {
			c.marginalsLog(em)
		}
	})
}

// TestWordsThenDecodeWords: Words followed by DecodeWords is Decode, for
// every word-level strategy with and without a CRF; combining a model's
// words with themselves changes nothing; Words refuses token strategies.
func TestWordsThenDecodeWords(t *testing.T) {
	n := len(iob2)
	crf := &CRF{Transitions: make([][]float64, n), Start: make([]float64, n), End: make([]float64, n)}
	for i := range crf.Transitions {
		crf.Transitions[i] = make([]float64, n)
	}
	crf.Transitions[1][2] = 2
	toks := []tok{{"B-PER", 4, 0}, {"I-PER", 2, 1}, {"I-ORG", 9, 1}, {"O", 3, 2}, {"B-ORG", 5, 3}, {"I-ORG", 1, 4}}
	tokens, logits := build(t, iob2, toks, true)
	for _, opts := range []Options{{Strategy: StrategyFirst, CRF: crf}, {Strategy: StrategyFirst},
		{Strategy: StrategyAverage, CRF: crf}, {Strategy: StrategyMax, Constrained: true}} {
		d, err := New(iob2, opts)
		if err != nil {
			t.Fatal(err)
		}
		want, err := d.Decode(tokens, logits)
		if err != nil {
			t.Fatal(err)
		}
		words, err := d.Words(tokens, logits)
		if err != nil {
			t.Fatal(err)
		}
		got, err := d.DecodeWords(words)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: DecodeWords %+v, Decode %+v", opts, got, want)
		}
	}
	d, _ := New(iob2, Options{Strategy: StrategySimple})
	if _, err := d.Words(tokens, logits); !errors.Is(err, ErrInput) {
		t.Errorf("Words with simple: err %v", err)
	}
	d, _ = New(iob2, Options{Strategy: StrategyFirst})
	if _, err := d.DecodeWords([]Word{{Logits: []float64{1}}}); !errors.Is(err, ErrInput) {
		t.Errorf("short logits: err %v", err)
	}
}
