// Package tokenize turns (normalised) text into model input: token ids,
// type ids, byte offsets, word indexes, as Hugging Face `tokenizers` would
// for the model's tokenizer.json.
//
// It is built on github.com/sugarme/tokenizer's models, but runs its own
// pipeline around them so that that library's bugs (../shared/NOTES.md)
// cannot reach khabar's users:
//
//   - offsets are computed here from the pieces the model returns, in bytes
//     of the text given to Encode, never taken from sugarme (whose WordPiece
//     offsets are rune positions treated as bytes);
//   - word indexes and the special tokens of the post-processor
//     (BertProcessing, RobertaProcessing, TemplateProcessing) are assigned
//     here, so every token has one (sugarme's TemplateProcessing drops them);
//   - the WordPiece model is built with the file's continuing_subword_prefix
//     (sugarme's loader ignores it);
//   - EncodeBatch, which calls log.Fatal on error, is never used; a panic in
//     the model is turned into an error;
//   - normalisers are applied here, per word, with an alignment map
//     (sugarme's BertNormalizer reads strip_accents: null as false);
//   - the Unigram model (SentencePiece, as XLM-R/e5 exports use) is this
//     package's own exact Viterbi (unigram.go): sugarme's scores pieces
//     with a length bonus and segments differently; the Metaspace ▁ before
//     each word is added here, after a word splitter.
//
// The pre-tokenizer splits text into words at whitespace and punctuation,
// so each word is tokenised once and kept in a bounded cache: news text is
// Zipfian and most words repeat. Only tokenizer.json components that this
// package reproduces exactly are accepted; others fail with ErrUnsupported.
package tokenize

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/sugarme/tokenizer"
	"github.com/sugarme/tokenizer/model"
	"github.com/sugarme/tokenizer/model/wordlevel"
	"github.com/sugarme/tokenizer/model/wordpiece"
)

// ErrInvalidUTF8 is returned by Encode for text that is not valid UTF-8.
var ErrInvalidUTF8 = errors.New("tokenize: invalid UTF-8")

// DefaultCacheSize is the word cache size used unless WithCacheSize says
// otherwise: the frequent vocabulary of a news stream. Full (two
// generations, 131k words) it takes about 8 MB (measured on 60k news
// paragraphs with the tiny test model).
const DefaultCacheSize = 1 << 16

// Encoding is the model input for one text.
type Encoding struct {
	IDs     []int64
	TypeIDs []int64
	// Offsets are byte ranges of the encoded text; {0,0} for special tokens.
	Offsets []doc.Span
	// Words is the index of the pre-tokenizer word each token belongs to
	// (as Hugging Face's word_ids), -1 for special tokens.
	Words []int
	// Special marks the tokens the post-processor added ([CLS], [SEP]...).
	Special []bool
	// Subword is Hugging Face TokenClassificationPipeline's is_subword: for
	// models with a continuing-subword prefix (WordPiece), the token's text
	// differs in length from its piece ("##ab"); for Metaspace tokenizers
	// (words exact), the token is not its word's first; otherwise the token
	// starts inside a run of non-space text. Always false for specials, and
	// for [UNK] except with Metaspace.
	Subword []bool
}

// Len returns the number of tokens.
func (e Encoding) Len() int { return len(e.IDs) }

// Slice returns tokens [i, j) of e, sharing its storage.
func (e Encoding) Slice(i, j int) Encoding {
	return Encoding{IDs: e.IDs[i:j], TypeIDs: e.TypeIDs[i:j], Offsets: e.Offsets[i:j],
		Words: e.Words[i:j], Special: e.Special[i:j], Subword: e.Subword[i:j]}
}

// Option configures a Tokenizer.
type Option func(*settings)

type settings struct{ cacheSize int }

// WithCacheSize sets the number of words the word → ids cache holds
// (it may briefly hold up to twice as many); 0 disables the cache.
func WithCacheSize(n int) Option { return func(s *settings) { s.cacheSize = n } }

type special struct {
	id     int64
	typeID int64
}

// Tokenizer encodes text for one model. It is safe for concurrent use.
type Tokenizer struct {
	model     tokenizer.Model
	vocab     map[string]int64
	idToToken map[int64]string
	unk       string
	unkID     int64
	hasUnk    bool
	prefix    string // continuing-subword prefix; "" when the model has none
	meta      string // Metaspace replacement put before each word; "" without Metaspace
	steps     []wordNormalizer
	pre       preTokenizer
	added     []addedToken // matched in the text, longest first
	before    []special
	after     []special
	seqType   int64
	padID     int64
	maxLen    int
	cache     *wordCache
}

// Load reads a tokenizer.json file.
func Load(path string, opts ...Option) (*Tokenizer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load tokenizer: %w", err)
	}
	t, err := FromBytes(data, opts...)
	if err != nil {
		return nil, fmt.Errorf("load tokenizer %s: %w", path, err)
	}
	return t, nil
}

// FromBytes builds a Tokenizer from the contents of a tokenizer.json (for
// models embedded in the binary).
func FromBytes(data []byte, opts ...Option) (*Tokenizer, error) {
	s := settings{cacheSize: DefaultCacheSize}
	for _, o := range opts {
		o(&s)
	}
	var fc fileConfig
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&fc); err != nil {
		return nil, fmt.Errorf("parse tokenizer.json: %w", err)
	}
	t := &Tokenizer{cache: newWordCache(s.cacheSize)}
	if err := t.buildModel(fc.Model); err != nil {
		return nil, err
	}
	steps, cjk, err := buildNormalizer(fc.Normalizer)
	if err != nil {
		return nil, err
	}
	t.steps = steps
	if t.pre, err = buildPreTokenizer(fc.PreTokenizer, cjk); err != nil {
		return nil, err
	}
	if t.meta, err = metaspaceOf(fc.PreTokenizer); err != nil {
		return nil, err
	}
	if err := t.buildPostProcessor(fc.PostProcessor); err != nil {
		return nil, err
	}
	for _, a := range fc.AddedTokens {
		if a.Content == "" {
			continue
		}
		t.added = append(t.added, a)
		if _, ok := t.vocab[a.Content]; !ok {
			t.vocab[a.Content] = a.ID
		}
		t.idToToken[a.ID] = a.Content
	}
	sort.SliceStable(t.added, func(i, j int) bool { return len(t.added[i].Content) > len(t.added[j].Content) })
	if fc.Truncation != nil {
		t.maxLen = fc.Truncation.MaxLength
	}
	t.padID = -1
	if fc.Padding != nil && fc.Padding.PadID != nil {
		t.padID = *fc.Padding.PadID
	} else {
		for _, p := range []string{"[PAD]", "<pad>", "<PAD>"} {
			if id, ok := t.vocab[p]; ok {
				t.padID = id
				break
			}
		}
	}
	if t.padID < 0 {
		t.padID = 0
	}
	return t, nil
}

func (t *Tokenizer) buildModel(raw json.RawMessage) error {
	var mc modelConfig
	if err := json.Unmarshal(raw, &mc); err != nil {
		return fmt.Errorf("tokenizer.json model: %w", err)
	}
	if mc.Type == "Unigram" {
		u, err := newUnigram(mc.Vocab, mc.UnkID)
		if err != nil {
			return err
		}
		t.vocab = make(map[string]int64, len(u.pieces))
		t.idToToken = make(map[int64]string, len(u.pieces))
		for i, p := range u.pieces {
			if _, dup := t.vocab[p]; !dup {
				t.vocab[p] = int64(i)
			}
			t.idToToken[int64(i)] = p
		}
		t.unk, t.unkID, t.hasUnk = u.pieces[u.unkID], int64(u.unkID), true
		t.model = u
		return nil
	}
	var vocab map[string]int64
	if len(mc.Vocab) > 0 {
		if err := json.Unmarshal(mc.Vocab, &vocab); err != nil {
			return fmt.Errorf("tokenizer.json model vocab: %w", err)
		}
	}
	if len(vocab) == 0 {
		return fmt.Errorf("%w: model %q without a vocab", ErrUnsupported, mc.Type)
	}
	t.vocab = make(map[string]int64, len(vocab))
	t.idToToken = make(map[int64]string, len(vocab))
	v := make(model.Vocab, len(vocab))
	for k, id := range vocab {
		t.vocab[k] = id
		t.idToToken[id] = k
		v[k] = int(id)
	}
	if mc.UnkToken != nil {
		t.unk = *mc.UnkToken
		t.unkID, t.hasUnk = t.vocab[t.unk]
	}
	switch mc.Type {
	case "WordPiece":
		if !t.hasUnk {
			return fmt.Errorf("%w: WordPiece unk_token %q not in the vocab", ErrUnsupported, t.unk)
		}
		t.prefix = "##"
		if mc.ContinuingSubwordPrefix != nil {
			t.prefix = *mc.ContinuingSubwordPrefix
		}
		maxChars := 100
		if mc.MaxInputCharsPerWord != nil {
			maxChars = *mc.MaxInputCharsPerWord
		}
		wp := wordpiece.NewWordPieceBuilder().Vocab(&v).UnkToken(t.unk).
			ContinuingSubwordPrefix(t.prefix).MaxInputCharsPerWord(maxChars).Build()
		t.model = wp
	case "WordLevel":
		m, err := wordlevel.New(v, t.unk)
		if err != nil {
			return fmt.Errorf("tokenizer.json WordLevel model: %w", err)
		}
		t.model = m
	default:
		return fmt.Errorf("%w: model %q (supported: WordPiece, WordLevel, Unigram)", ErrUnsupported, mc.Type)
	}
	return nil
}

func (t *Tokenizer) buildPostProcessor(c *component) error {
	if c == nil {
		return nil
	}
	switch c.Type {
	case "BertProcessing", "RobertaProcessing":
		_, cls, err := postToken(c.CLS, "cls")
		if err != nil {
			return err
		}
		_, sep, err := postToken(c.SEP, "sep")
		if err != nil {
			return err
		}
		t.before = []special{{cls, 0}}
		t.after = []special{{sep, 0}}
		return nil
	case "TemplateProcessing":
		seen := false
		for _, p := range c.Single {
			switch {
			case p.Sequence != nil:
				if seen {
					return fmt.Errorf("%w: template with two sequences", ErrUnsupported)
				}
				seen = true
				t.seqType = p.Sequence.TypeID
			case p.SpecialToken != nil:
				tok, ok := c.SpecialTokens[p.SpecialToken.ID]
				if !ok || len(tok.IDs) == 0 {
					return fmt.Errorf("tokenizer.json: template special token %q has no ids", p.SpecialToken.ID)
				}
				for _, id := range tok.IDs {
					sp := special{id, p.SpecialToken.TypeID}
					if seen {
						t.after = append(t.after, sp)
					} else {
						t.before = append(t.before, sp)
					}
				}
			}
		}
		if !seen {
			return fmt.Errorf("%w: template without the sequence $A", ErrUnsupported)
		}
		return nil
	}
	return fmt.Errorf("%w: post_processor %q (supported: BertProcessing, RobertaProcessing, TemplateProcessing)", ErrUnsupported, c.Type)
}

// VocabSize returns the number of ids, added tokens included.
func (t *Tokenizer) VocabSize() int { return len(t.idToToken) }

// TokenID returns the id of a token string (e.g. "[CLS]").
func (t *Tokenizer) TokenID(tok string) (int64, bool) {
	id, ok := t.vocab[tok]
	return id, ok
}

// Token returns the token string of an id ("" when unknown).
func (t *Tokenizer) Token(id int64) string { return t.idToToken[id] }

// UnkID returns the id of the unknown token and whether the model has one.
func (t *Tokenizer) UnkID() (int64, bool) { return t.unkID, t.hasUnk }

// PadID returns the id to pad batches with: the file's padding.pad_id, else
// the id of [PAD]/<pad>, else 0.
func (t *Tokenizer) PadID() int64 { return t.padID }

// MaxLength returns truncation.max_length from tokenizer.json, 0 when it has
// none. Encode never truncates; the caller windows long inputs.
func (t *Tokenizer) MaxLength() int { return t.maxLen }

// NumSpecial returns how many tokens AddSpecial adds (2 for BERT).
func (t *Tokenizer) NumSpecial() int { return len(t.before) + len(t.after) }

// CacheLen returns how many words the cache holds now.
func (t *Tokenizer) CacheLen() int {
	if t.cache == nil {
		return 0
	}
	return t.cache.len()
}

// Encode tokenises text and adds the post-processor's special tokens, like
// Hugging Face's tokenizer.encode(text) without truncation or padding.
func (t *Tokenizer) Encode(text string) (Encoding, error) {
	e, err := t.encode(text, true)
	return e, err
}

// EncodeWords tokenises text without special tokens (for windowing long
// texts: slice the result, then wrap each window with AddSpecial).
func (t *Tokenizer) EncodeWords(text string) (Encoding, error) {
	return t.encode(text, false)
}

// AddSpecial returns a copy of e (an EncodeWords result or a slice of one)
// wrapped in the post-processor's special tokens.
func (t *Tokenizer) AddSpecial(e Encoding) Encoding {
	n := e.Len() + t.NumSpecial()
	out := Encoding{IDs: make([]int64, 0, n), TypeIDs: make([]int64, 0, n), Offsets: make([]doc.Span, 0, n),
		Words: make([]int, 0, n), Special: make([]bool, 0, n), Subword: make([]bool, 0, n)}
	out.appendSpecials(t.before)
	out.IDs = append(out.IDs, e.IDs...)
	out.TypeIDs = append(out.TypeIDs, e.TypeIDs...)
	out.Offsets = append(out.Offsets, e.Offsets...)
	out.Words = append(out.Words, e.Words...)
	out.Special = append(out.Special, e.Special...)
	out.Subword = append(out.Subword, e.Subword...)
	out.appendSpecials(t.after)
	return out
}

func (e *Encoding) appendSpecials(sp []special) {
	for _, s := range sp {
		e.IDs = append(e.IDs, s.id)
		e.TypeIDs = append(e.TypeIDs, s.typeID)
		e.Offsets = append(e.Offsets, doc.Span{})
		e.Words = append(e.Words, -1)
		e.Special = append(e.Special, true)
		e.Subword = append(e.Subword, false)
	}
}

func (t *Tokenizer) encode(text string, specials bool) (enc Encoding, err error) {
	if !utf8.ValidString(text) {
		return Encoding{}, ErrInvalidUTF8
	}
	defer func() {
		if r := recover(); r != nil { // a panic in the underlying model
			enc, err = Encoding{}, fmt.Errorf("tokenize: model failed: %v", r)
		}
	}()
	n := len(text)/4 + 8 + t.NumSpecial() // Arabic news: 5-8 bytes a token
	enc = Encoding{IDs: make([]int64, 0, n), TypeIDs: make([]int64, 0, n), Offsets: make([]doc.Span, 0, n),
		Words: make([]int, 0, n), Special: make([]bool, 0, n), Subword: make([]bool, 0, n)}
	if specials {
		enc.appendSpecials(t.before)
	}
	word := 0
	var werr error
	emit := func(s, e int) {
		if werr != nil {
			return
		}
		ps, err := t.pieces(text[s:e])
		if err != nil {
			werr = err
			return
		}
		if len(ps) == 0 {
			return // the word normalised to nothing: Hugging Face never sees it
		}
		for k, p := range ps {
			sub := p.subword
			switch {
			case t.meta != "":
				// Metaspace after a splitter: the words are exact, so a
				// token continues a word when it is not the word's first
				// (word ids; Hugging Face's pipeline would fall back to its
				// no-space heuristic and glue "الأمن." into one word).
				sub = k > 0 && ps[k-1].sub == p.sub
			case t.prefix == "" && !p.unk:
				// The pipeline's fallback heuristic: the token starts
				// inside a run of non-space characters.
				st := s + int(p.s)
				sub = st > 0 && text[st-1] != ' ' && text[st] != ' '
			}
			enc.IDs = append(enc.IDs, int64(p.id))
			enc.TypeIDs = append(enc.TypeIDs, t.seqType)
			enc.Offsets = append(enc.Offsets, doc.Span{Start: s + int(p.s), End: s + int(p.e)})
			enc.Words = append(enc.Words, word+int(p.sub))
			enc.Special = append(enc.Special, false)
			enc.Subword = append(enc.Subword, sub)
		}
		word += int(ps[len(ps)-1].sub) + 1
	}
	t.split(text, emit)
	if werr != nil {
		return Encoding{}, werr
	}
	if specials {
		enc.appendSpecials(t.after)
	}
	return enc, nil
}

// split cuts text into words: added tokens (matched verbatim, as Hugging
// Face's AddedVocabulary does before normalising) and the pre-tokenizer's
// words between them.
func (t *Tokenizer) split(text string, emit func(s, e int)) {
	start := 0
	for start < len(text) {
		pos, tok := t.nextAdded(text, start)
		if pos < 0 {
			break
		}
		if start < pos {
			t.pre(text, start, pos, emit)
		}
		emit(pos, pos+len(tok))
		start = pos + len(tok)
	}
	if start < len(text) {
		t.pre(text, start, len(text), emit)
	}
}

// nextAdded finds the leftmost (then longest) added token at or after from.
func (t *Tokenizer) nextAdded(text string, from int) (int, string) {
	best, tok := -1, ""
	for _, a := range t.added {
		i := strings.Index(text[from:], a.Content)
		if i >= 0 && (best < 0 || from+i < best) {
			best, tok = from+i, a.Content
		}
	}
	return best, tok
}

// pieces tokenises one word (cached).
func (t *Tokenizer) pieces(w string) ([]piece, error) {
	if t.cache != nil {
		if p, ok := t.cache.get(w); ok {
			return p, nil
		}
	}
	p, err := t.tokenizeWord(w)
	if err != nil {
		return nil, err
	}
	if t.cache != nil {
		t.cache.put(strings.Clone(w), p)
	}
	return p, nil
}

// tokenizeWord runs the normalisers and the model on one word and returns
// its pieces with byte offsets into w.
func (t *Tokenizer) tokenizeWord(w string) ([]piece, error) {
	for _, a := range t.added {
		if a.Content == w {
			return []piece{{id: int32(a.ID), s: 0, e: int32(len(w))}}, nil
		}
	}
	if len(t.steps) == 0 {
		return t.modelPieces(w, w, nil, nil, 0)
	}
	nw, starts, ends := normalizeWord(t.steps, w)
	// A normaliser may create whitespace or punctuation (NFKC turns ﷺ into
	// four words): split the normalised word again, as Hugging Face
	// pre-tokenises after normalising.
	var out []piece
	var err error
	sub := int32(0)
	t.pre(nw, 0, len(nw), func(s, e int) {
		if err != nil {
			return
		}
		var ps []piece
		ps, err = t.modelPieces(w, nw[s:e], starts[s:e], ends[s:e], sub)
		out = append(out, ps...)
		sub++
	})
	return out, err
}

// modelPieces tokenises nw, a normalised (sub)word of w whose bytes came
// from w[starts[i]:ends[i]] (nil: nw is w itself), and returns its pieces
// with byte offsets into w.
func (t *Tokenizer) modelPieces(w, nw string, starts, ends []int32, sub int32) ([]piece, error) {
	// Metaspace: the model sees "▁word"; as in Hugging Face, the added ▁
	// stands on the word's first character, so a piece that is only that ▁
	// has the first character's span (and the next piece starts there too).
	in, lead := nw, 0
	if t.meta != "" && !strings.HasPrefix(nw, t.meta) {
		in, lead = t.meta+nw, len(t.meta)
	}
	toks, err := t.model.Tokenize(in)
	if err != nil {
		return nil, fmt.Errorf("tokenize %q: %w", w, err)
	}
	out := make([]piece, 0, len(toks))
	unkWord := len(toks) == 1 && t.hasUnk && int64(toks[0].Id) == t.unkID && nw != t.unk
	_, wordLevel := t.model.(*wordlevel.WordLevel)
	cur := 0
	for i, tk := range toks {
		p := piece{id: int32(tk.Id), sub: sub}
		var s, e int
		switch {
		case unkWord:
			s, e, p.unk = 0, len(nw), true
		default:
			v := tk.Value
			if i > 0 && t.prefix != "" {
				v = strings.TrimPrefix(v, t.prefix)
			}
			if wordLevel {
				v = nw
			}
			if i == 0 && lead > 0 && tk.Value == t.meta {
				_, n := utf8.DecodeRuneInString(nw)
				s, e = 0, n
				break
			}
			if i == 0 && lead > 0 {
				v = strings.TrimPrefix(v, t.meta)
			}
			if v == "" {
				return nil, fmt.Errorf("tokenize %q: empty piece %q at byte %d", w, tk.Value, cur)
			}
			if !strings.HasPrefix(nw[cur:], v) {
				return nil, fmt.Errorf("tokenize %q: piece %q does not continue the word at byte %d", w, tk.Value, cur)
			}
			s, e = cur, cur+len(v)
			cur = e
		}
		if starts != nil {
			s, e = int(starts[s]), int(ends[e-1])
		}
		p.s, p.e = int32(s), int32(e)
		if t.prefix != "" && !p.unk {
			p.subword = utf8.RuneCountInString(tk.Value) != utf8.RuneCountInString(w[s:e])
		}
		out = append(out, p)
	}
	if cur != len(nw) && !unkWord {
		return nil, fmt.Errorf("tokenize %q: pieces cover %d of %d bytes", w, cur, len(nw))
	}
	return out, nil
}
