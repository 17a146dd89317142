package parity

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/tokenize"
	"github.com/khabar-nlp/khabar/internal/testenv"
)

// tokenCase is one text and its Hugging Face encoding.
type tokenCase struct {
	Kind    string   `json:"kind"`
	Text    string   `json:"text"`
	IDs     []int64  `json:"ids"`
	TypeIDs []int64  `json:"type_ids"`
	Offsets [][2]int `json:"offsets"`
	Words   []int    `json:"words"`
	Special []bool   `json:"special"`
}

type tokenGolden struct {
	Versions map[string]string `json:"versions"`
	Cases    []tokenCase       `json:"cases"`
}

// matchTokens encodes c.Text with tk and fails the test unless ids, byte
// offsets, word ids, special mask and type ids equal c's; name opens the
// messages. It returns the number of tokens.
func matchTokens(t *testing.T, tk *tokenize.Tokenizer, name string, c tokenCase) int {
	t.Helper()
	enc, err := tk.Encode(c.Text)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if enc.Len() != len(c.IDs) {
		t.Fatalf("%s %q: %d tokens, HF has %d\n go %v\n hf %v", name, c.Text, enc.Len(), len(c.IDs), enc.IDs, c.IDs)
	}
	for i := range c.IDs {
		o := enc.Offsets[i]
		if enc.IDs[i] != c.IDs[i] || o.Start != c.Offsets[i][0] || o.End != c.Offsets[i][1] ||
			enc.Words[i] != c.Words[i] || enc.Special[i] != c.Special[i] || enc.TypeIDs[i] != c.TypeIDs[i] {
			t.Fatalf("%s %q token %d: go id %d off %v word %d special %v type %d; hf id %d off %v word %d special %v type %d",
				name, c.Text, i, enc.IDs[i], o, enc.Words[i], enc.Special[i], enc.TypeIDs[i],
				c.IDs[i], c.Offsets[i], c.Words[i], c.Special[i], c.TypeIDs[i])
		}
	}
	return len(c.IDs)
}

func tinyDir(t testing.TB) string {
	return filepath.Join(testenv.RepoRoot(t), "models", "testdata", "tiny")
}

func readGolden(t testing.TB, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("golden file: %v (regenerate with py/make_golden.py, see README.md)", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("golden file %s: %v", name, err)
	}
}

// TestTokensMatchHuggingFace: ids, byte offsets, word ids, special mask and
// type ids equal those of Hugging Face tokenizers, exactly, for every case,
// with the word cache on and off.
func TestTokensMatchHuggingFace(t *testing.T) {
	var g tokenGolden
	readGolden(t, "tokens.json", &g)
	if len(g.Cases) < 300 {
		t.Fatalf("only %d golden cases", len(g.Cases))
	}
	for _, cache := range []int{tokenize.DefaultCacheSize, 0} {
		tk, err := tokenize.Load(filepath.Join(tinyDir(t), "tokenizer.json"), tokenize.WithCacheSize(cache))
		if err != nil {
			t.Fatal(err)
		}
		tokens := 0
		for ci, c := range g.Cases {
			tokens += matchTokens(t, tk, fmt.Sprintf("case %d (%s)", ci, c.Kind), c)
		}
		t.Logf("cache %d: %d cases, %d tokens identical to HF tokenizers %s", cache, len(g.Cases), tokens, g.Versions["tokenizers"])
	}
}

type variantGolden struct {
	Variants []struct {
		Name      string          `json:"name"`
		Tokenizer json.RawMessage `json:"tokenizer"`
		Cases     []tokenCase     `json:"cases"`
	} `json:"variants"`
}

// TestTokenizerVariantsMatchHuggingFace covers the other tokenizer.json
// components khabar accepts (BertNormalizer with lowercase and accent
// stripping, NFD/NFKC/StripAccents/Lowercase, Whitespace and WhitespaceSplit
// pre-tokenizers, TemplateProcessing, no post-processor) on raw,
// un-normalised text, so that the normalisers' offset alignment is
// compared too.
func TestTokenizerVariantsMatchHuggingFace(t *testing.T) {
	var g variantGolden
	readGolden(t, "tokens_variants.json", &g)
	if len(g.Variants) == 0 {
		t.Fatal("no variants")
	}
	for _, v := range g.Variants {
		tk, err := tokenize.FromBytes(v.Tokenizer)
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		tokens := 0
		for ci, c := range v.Cases {
			tokens += matchTokens(t, tk, fmt.Sprintf("%s case %d", v.Name, ci), c)
		}
		t.Logf("%s: %d texts, %d tokens identical to HF tokenizers", v.Name, len(v.Cases), tokens)
	}
}

// TestUnigramMatchesHuggingFace: a SentencePiece-style Unigram tokenizer
// (BertPreTokenizer, then Metaspace "always"; the scheme of the e5-based
// model) gives HF's ids, offsets (the ▁ put before a word covers no text),
// word ids and specials, with the word cache on and off.
func TestUnigramMatchesHuggingFace(t *testing.T) {
	var g variantGolden
	readGolden(t, "tokens_unigram.json", &g)
	if len(g.Variants) != 1 || len(g.Variants[0].Cases) < 60 {
		t.Fatal("unexpected tokens_unigram.json")
	}
	v := g.Variants[0]
	for _, cache := range []int{tokenize.DefaultCacheSize, 0} {
		tk, err := tokenize.FromBytes(v.Tokenizer, tokenize.WithCacheSize(cache))
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		tokens := 0
		for ci, c := range v.Cases {
			tokens += matchTokens(t, tk, fmt.Sprintf("%s case %d", v.Name, ci), c)
		}
		t.Logf("%s, cache %d: %d texts, %d tokens identical to HF tokenizers", v.Name, cache, len(v.Cases), tokens)
	}
}
