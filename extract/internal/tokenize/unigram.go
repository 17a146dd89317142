package tokenize

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/sugarme/tokenizer"
)

// unigram is Hugging Face's Unigram model (SentencePiece unigram, as in
// XLM-R): the segmentation of a word with the highest total piece score,
// found by Viterbi over character boundaries. A character no piece covers
// becomes the unknown token with score min(score) - 10, and runs of unknown
// characters fuse into one unknown token (fuse_unk), as in tokenizers'
// Unigram::encode. Ties keep the path found first (shorter last piece),
// also as there.
//
// sugarme/tokenizer's own Unigram cannot be used: its Viterbi adds a length
// bonus of 0.1 per byte, starts pieces inside multi-byte characters, caps
// pieces at 20 bytes and keeps an unbounded time-expiring cache, so it
// segments Arabic differently from the tokenizer the model was trained with.
type unigram struct {
	pieces   []string
	scores   []float64
	ids      map[string]int
	unkID    int
	unkScore float64
	maxBytes int
}

// newUnigram reads the "vocab" ([[piece, score], ...]) and "unk_id" of a
// Unigram tokenizer.json model.
func newUnigram(vocab json.RawMessage, unkID *int) (*unigram, error) {
	var raw [][2]json.RawMessage
	if err := json.Unmarshal(vocab, &raw); err != nil {
		return nil, fmt.Errorf("tokenizer.json Unigram vocab: %w", err)
	}
	if len(raw) == 0 {
		return nil, fmt.Errorf("%w: Unigram model without a vocab", ErrUnsupported)
	}
	if unkID == nil || *unkID < 0 || *unkID >= len(raw) {
		return nil, fmt.Errorf("%w: Unigram model without a valid unk_id", ErrUnsupported)
	}
	u := &unigram{pieces: make([]string, len(raw)), scores: make([]float64, len(raw)),
		ids: make(map[string]int, len(raw)), unkID: *unkID}
	minScore := math.Inf(1)
	for i, p := range raw {
		if err := json.Unmarshal(p[0], &u.pieces[i]); err != nil {
			return nil, fmt.Errorf("tokenizer.json Unigram vocab[%d]: %w", i, err)
		}
		if err := json.Unmarshal(p[1], &u.scores[i]); err != nil {
			return nil, fmt.Errorf("tokenizer.json Unigram vocab[%d] score: %w", i, err)
		}
		if _, dup := u.ids[u.pieces[i]]; !dup {
			u.ids[u.pieces[i]] = i
		}
		minScore = math.Min(minScore, u.scores[i])
		u.maxBytes = max(u.maxBytes, len(u.pieces[i]))
	}
	u.unkScore = minScore - 10
	return u, nil
}

// Tokenize segments s; every returned token's Value is the text it covers
// (the unknown token's too) and Offsets are byte offsets into s.
func (u *unigram) Tokenize(s string) ([]tokenizer.Token, error) {
	if s == "" {
		return nil, nil
	}
	// char boundaries
	bounds := make([]int, 0, len(s)+1)
	for i := range s {
		bounds = append(bounds, i)
	}
	bounds = append(bounds, len(s))
	n := len(bounds) - 1
	best := make([]float64, n+1)
	from := make([]int, n+1) // start char of the last piece of the best path to here
	id := make([]int, n+1)   // its piece id (unkID for an unknown character)
	for i := 1; i <= n; i++ {
		best[i] = math.Inf(-1)
		from[i] = -1
	}
	for i := 0; i < n; i++ {
		if math.IsInf(best[i], -1) {
			continue
		}
		single := false
		for e := i + 1; e <= n && bounds[e]-bounds[i] <= u.maxBytes; e++ {
			pid, ok := u.ids[s[bounds[i]:bounds[e]]]
			if !ok || pid == u.unkID {
				continue
			}
			if e == i+1 {
				single = true
			}
			if sc := best[i] + u.scores[pid]; from[e] < 0 || sc > best[e] {
				best[e], from[e], id[e] = sc, i, pid
			}
		}
		if !single {
			if sc := best[i] + u.unkScore; from[i+1] < 0 || sc > best[i+1] {
				best[i+1], from[i+1], id[i+1] = sc, i, u.unkID
			}
		}
	}
	var rev []tokenizer.Token
	for e := n; e > 0; {
		b := from[e]
		if id[e] == u.unkID && len(rev) > 0 && rev[len(rev)-1].Id == u.unkID {
			last := &rev[len(rev)-1] // fuse with the unknown run after it
			last.Offsets[0] = bounds[b]
			last.Value = s[bounds[b]:last.Offsets[1]]
		} else {
			rev = append(rev, tokenizer.Token{Id: id[e], Value: s[bounds[b]:bounds[e]], Offsets: []int{bounds[b], bounds[e]}})
		}
		e = b
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev, nil
}

func (u *unigram) TokenToId(t string) (int, bool) { i, ok := u.ids[t]; return i, ok }

func (u *unigram) IdToToken(i int) (string, bool) {
	if i < 0 || i >= len(u.pieces) {
		return "", false
	}
	return u.pieces[i], true
}

func (u *unigram) GetVocab() map[string]int {
	m := make(map[string]int, len(u.ids))
	for k, v := range u.ids {
		m[k] = v
	}
	return m
}

func (u *unigram) GetVocabSize() int { return len(u.pieces) }

func (u *unigram) Save(string, ...string) error {
	return fmt.Errorf("%w: saving a Unigram model", ErrUnsupported)
}
