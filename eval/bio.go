package eval

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract"
)

// Options are the scoring settings shared by every kind of input.
type Options struct {
	// Map renames types on both sides before scoring.
	Map TypeMap
	// Types, when not empty, limits scoring to these (mapped) types.
	// NORP is never scored.
	Types []string
	// Partial counts a predicted entity as correct when it overlaps a gold
	// entity of the same type (one-to-one) instead of matching its range.
	Partial bool
}

// bioScored is the outcome of scoring BIO sequences: the scores and the
// chunks with their pairing, kept for error reports.
type bioScored struct {
	scores      Scores
	gold, pred  []mention
	match       []int // pred index → gold index or -1
	offsets     []int // flat position of each sentence's first token
	chunksGold  []Chunk
	chunksPred  []Chunk
	sentenceLen []int
}

// ScoreBIO scores predicted tag sequences against gold ones, sentence by
// sentence, with seqeval's default-mode chunking (SeqevalChunks). Without
// a map, type filter or partial matching, and on corpora without NORP, the
// micro, macro and per-type P/R/F1 equal seqeval's
// precision_recall_fscore_support / classification_report. The map is
// applied to the tags' types before chunking; filtered types are dropped
// as whole entities after it.
func ScoreBIO(gold, pred [][]string, opt Options) (Scores, error) {
	r, err := scoreBIO(gold, pred, opt)
	if err != nil {
		return Scores{}, err
	}
	return r.scores, nil
}

func scoreBIO(gold, pred [][]string, opt Options) (*bioScored, error) {
	if len(gold) != len(pred) {
		return nil, fmt.Errorf("%w: %d gold sentences but %d predicted", ErrBadInput, len(gold), len(pred))
	}
	for i := range gold {
		if len(gold[i]) != len(pred[i]) {
			return nil, fmt.Errorf("%w: sentence %d has %d gold tags but %d predicted", ErrBadInput, i+1, len(gold[i]), len(pred[i]))
		}
	}
	r := &bioScored{}
	pos := 0
	for _, s := range gold {
		r.offsets = append(r.offsets, pos)
		r.sentenceLen = append(r.sentenceLen, len(s))
		pos += len(s) + 1
	}
	filter := newTypeFilter(opt.Types)
	r.chunksGold = SeqevalChunks(mapTags(gold, opt.Map))
	r.chunksPred = SeqevalChunks(mapTags(pred, opt.Map))
	r.gold = r.chunkMentions(r.chunksGold, filter)
	r.pred = r.chunkMentions(r.chunksPred, filter)
	r.match = matchMentions(r.gold, r.pred, nil, opt.Partial)
	r.scores = countMatches(r.gold, r.pred, r.match).scores()
	return r, nil
}

// chunkMentions keeps the scored chunks, each in the sentence it starts in.
func (r *bioScored) chunkMentions(chunks []Chunk, f typeFilter) []mention {
	var out []mention
	for _, c := range chunks {
		if !f.keep(c.Type) {
			continue
		}
		out = append(out, mention{doc: r.sentenceOf(c.Start), typ: c.Type, start: c.Start, end: c.End})
	}
	return out
}

// sentenceOf returns the sentence holding flat position p (the separator
// after a sentence counts as part of it).
func (r *bioScored) sentenceOf(p int) int {
	i := sort.Search(len(r.offsets), func(i int) bool { return r.offsets[i] > p }) - 1
	if i < 0 {
		return 0
	}
	return i
}

func mapTags(seqs [][]string, m TypeMap) [][]string {
	if m.Empty() {
		return seqs
	}
	out := make([][]string, len(seqs))
	for i, s := range seqs {
		t := make([]string, len(s))
		for j, tag := range s {
			t[j] = m.mapTag(tag)
		}
		out[i] = t
	}
	return out
}

// SpansToTags turns entity spans over a sentence whose tokens are joined by
// single spaces (Sentence.Text) into one IOB2 tag per token. A token is
// inside an entity when they share at least one code point, so an entity
// that leaves out a proclitic (الولايات in والولايات) still tags its
// token. Where entities compete for a token the one that starts first (then
// the longer) keeps it. Types are kept as given.
func SpansToTags(tokens []string, ents []extract.Entity) []string {
	tags := make([]string, len(tokens))
	for i := range tags {
		tags[i] = "O"
	}
	starts := make([]int, len(tokens)+1)
	p := 0
	for i, t := range tokens {
		starts[i] = p
		p += utf8.RuneCountInString(t) + 1
	}
	starts[len(tokens)] = p
	order := make([]int, len(ents))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := ents[order[a]], ents[order[b]]
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		return x.End > y.End
	})
	for _, k := range order {
		e := ents[k]
		if e.Type == "" || e.End <= e.Start {
			continue
		}
		inside := false
		for i := range tokens {
			ts, te := starts[i], starts[i+1]-1
			if ts >= e.End {
				break
			}
			if te <= e.Start {
				continue
			}
			if tags[i] != "O" {
				inside = false
				continue
			}
			if inside {
				tags[i] = "I-" + e.Type
			} else {
				tags[i] = "B-" + e.Type
				inside = true
			}
		}
	}
	return tags
}
