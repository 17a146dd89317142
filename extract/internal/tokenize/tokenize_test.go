package tokenize

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/normalize"
	"github.com/khabar-nlp/khabar/internal/testenv"
)

// miniJSON builds a small tokenizer.json around a WordPiece vocabulary.
func miniJSON(t testing.TB, normalizer, preTok, post string) []byte {
	t.Helper()
	vocab := map[string]int{}
	for _, w := range []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
		"مجلس", "ال", "##امن", "##مم", "امم", "المتحدة", "##ة", "في", "،", ".", "2", "##0",
		"hello", "world", "##s", "cafe", "u", "##s", "!", "i"} {
		if _, ok := vocab[w]; !ok {
			vocab[w] = len(vocab)
		}
	}
	vj, _ := json.Marshal(vocab)
	if normalizer == "" {
		normalizer = "null"
	}
	if post == "" {
		post = "null"
	}
	return []byte(fmt.Sprintf(`{"version":"1.0","truncation":null,"padding":null,
 "added_tokens":[{"id":0,"content":"[PAD]","special":true},{"id":1,"content":"[UNK]","special":true},
  {"id":2,"content":"[CLS]","special":true},{"id":3,"content":"[SEP]","special":true},{"id":4,"content":"[MASK]","special":true}],
 "normalizer":%s,"pre_tokenizer":%s,"post_processor":%s,"decoder":null,
 "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":%s}}`,
		normalizer, preTok, post, vj))
}

const bertPost = `{"type":"BertProcessing","sep":["[SEP]",3],"cls":["[CLS]",2]}`
const templatePost = `{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],
 "pair":[],"special_tokens":{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}}`

func mustFromBytes(t testing.TB, data []byte, opts ...Option) *Tokenizer {
	t.Helper()
	tk, err := FromBytes(data, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestEncodeArabic(t *testing.T) {
	for _, post := range []string{bertPost, templatePost} {
		tk := mustFromBytes(t, miniJSON(t, "", `{"type":"BertPreTokenizer"}`, post))
		text := "مجلس الامن، في الامم المتحدة."
		enc, err := tk.Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i := range enc.IDs {
			got = append(got, fmt.Sprintf("%s|%s|%d|%v", tk.Token(enc.IDs[i]), text[enc.Offsets[i].Start:enc.Offsets[i].End], enc.Words[i], enc.Subword[i]))
		}
		// "الامم": WordPiece takes ال, then finds no piece for "##امم"
		// (only "##امن", "##مم"), so the whole word is [UNK].
		want := []string{"[CLS]||-1|false", "مجلس|مجلس|0|false", "ال|ال|1|false", "##امن|امن|1|true", "،|،|2|false",
			"في|في|3|false", "[UNK]|الامم|4|false", "المتحدة|المتحدة|5|false", ".|.|6|false", "[SEP]||-1|false"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("post %s\n got %q\nwant %q", post[:30], got, want)
		}
		if enc.Special[0] != true || enc.Special[len(enc.IDs)-1] != true || enc.Special[1] {
			t.Errorf("special mask %v", enc.Special)
		}
		if len(enc.Words) != len(enc.IDs) || len(enc.TypeIDs) != len(enc.IDs) {
			t.Errorf("lengths differ: %d ids, %d words, %d types", len(enc.IDs), len(enc.Words), len(enc.TypeIDs))
		}
	}
}

func TestWindowing(t *testing.T) {
	tk := mustFromBytes(t, miniJSON(t, "", `{"type":"BertPreTokenizer"}`, bertPost))
	text := "مجلس الامن في الامم"
	words, err := tk.EncodeWords(text)
	if err != nil {
		t.Fatal(err)
	}
	full, _ := tk.Encode(text)
	if !reflect.DeepEqual(tk.AddSpecial(words), full) {
		t.Errorf("AddSpecial(EncodeWords) != Encode")
	}
	if tk.NumSpecial() != 2 || full.Len() != words.Len()+2 {
		t.Errorf("NumSpecial %d, lens %d %d", tk.NumSpecial(), full.Len(), words.Len())
	}
	w := tk.AddSpecial(words.Slice(1, 3))
	if w.Len() != 4 || w.Words[1] != 1 || w.Offsets[1] != words.Offsets[1] {
		t.Errorf("window %+v", w)
	}
}

func TestAddedTokenInText(t *testing.T) {
	tk := mustFromBytes(t, miniJSON(t, "", `{"type":"BertPreTokenizer"}`, bertPost))
	text := "مجلس[MASK]الامن"
	enc, err := tk.EncodeWords(text)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Token(enc.IDs[1]) != "[MASK]" || text[enc.Offsets[1].Start:enc.Offsets[1].End] != "[MASK]" {
		t.Errorf("got %v %v", enc.IDs, enc.Offsets)
	}
	if !reflect.DeepEqual(enc.Words, []int{0, 1, 2, 2}) {
		t.Errorf("words %v", enc.Words)
	}
}

func TestBertNormalizerOffsets(t *testing.T) {
	norm := `{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}`
	tk := mustFromBytes(t, miniJSON(t, norm, `{"type":"BertPreTokenizer"}`, ""))
	text := "Héllo  WORLDS! Café\u200b U.S"
	enc, err := tk.Encode(text)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range enc.IDs {
		got = append(got, tk.Token(enc.IDs[i])+"="+text[enc.Offsets[i].Start:enc.Offsets[i].End])
	}
	// "s" alone is not in the vocab (only "##s"): the last word is [UNK].
	want := []string{"hello=Héllo", "world=WORLD", "##s=S", "!=!", "cafe=Café", "u=U", ".=.", "[UNK]=S"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestOtherPreTokenizers(t *testing.T) {
	for _, tc := range []struct {
		pre  string
		want []string
	}{
		{`{"type":"WhitespaceSplit"}`, []string{"مجلس", "[UNK]"}},
		{`{"type":"Whitespace"}`, []string{"مجلس", "ال", "##امن", "،"}},
		{`{"type":"Sequence","pretokenizers":[{"type":"WhitespaceSplit"},{"type":"BertPreTokenizer"}]}`, []string{"مجلس", "ال", "##امن", "،"}},
	} {
		tk := mustFromBytes(t, miniJSON(t, "", tc.pre, ""))
		enc, err := tk.Encode("مجلس الامن،")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, id := range enc.IDs {
			got = append(got, tk.Token(id))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %q want %q", tc.pre, got, tc.want)
		}
	}
}

func TestUnsupported(t *testing.T) {
	for _, pre := range []string{`{"type":"Metaspace","replacement":"▁"}`, `null`, `{"type":"ByteLevel"}`} {
		_, err := FromBytes(miniJSON(t, "", pre, ""))
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: err = %v, want ErrUnsupported", pre, err)
		}
	}
	if _, err := FromBytes(miniJSON(t, `{"type":"Replace","pattern":{"Regex":"x"},"content":"y"}`, `{"type":"BertPreTokenizer"}`, "")); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Replace normalizer: err = %v", err)
	}
	if _, err := FromBytes([]byte(`{"model":`)); err == nil {
		t.Error("truncated JSON accepted")
	}
	tk := mustFromBytes(t, miniJSON(t, "", `{"type":"BertPreTokenizer"}`, ""))
	if _, err := tk.Encode("\xff"); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("invalid UTF-8: err = %v", err)
	}
}

func TestMetadata(t *testing.T) {
	tk := mustFromBytes(t, miniJSON(t, "", `{"type":"BertPreTokenizer"}`, bertPost))
	if id, ok := tk.TokenID("[CLS]"); !ok || id != 2 {
		t.Errorf("TokenID([CLS]) = %d %v", id, ok)
	}
	if tk.PadID() != 0 {
		t.Errorf("PadID %d", tk.PadID())
	}
	if u, ok := tk.UnkID(); !ok || u != 1 {
		t.Errorf("UnkID %d", u)
	}
	if tk.VocabSize() != 24 {
		t.Errorf("VocabSize %d", tk.VocabSize())
	}
}

func tinyTokenizer(t testing.TB, opts ...Option) *Tokenizer {
	t.Helper()
	p := filepath.Join(testenv.RepoRoot(t), "models", "testdata", "tiny", "tokenizer.json")
	tk, err := Load(p, opts...)
	if err != nil {
		t.Fatalf("tiny test model: %v (regenerate with models/testdata/make_tiny.py)", err)
	}
	return tk
}

// rawLines returns up to n normalised paragraphs of ../shared/data/raw, or
// skips the test when the data or xz is missing.
func rawLines(t testing.TB, n int) []string {
	t.Helper()
	nz := normalize.New(normalize.Default())
	var lines []string
	for _, l := range rawLinesRaw(t, n) {
		lines = append(lines, nz.String(l))
	}
	return lines
}

// checkOffsets verifies that every ordinary token's offsets slice back to
// its own text (modulo the ## prefix), and that words only grow.
func checkOffsets(t *testing.T, tk *Tokenizer, text string, enc Encoding) {
	t.Helper()
	unk, _ := tk.UnkID()
	prevWord, prevEnd := -1, 0
	for i, id := range enc.IDs {
		if enc.Special[i] {
			if enc.Words[i] != -1 || enc.Offsets[i] != (doc.Span{}) {
				t.Fatalf("special token %d has word %d offsets %v", i, enc.Words[i], enc.Offsets[i])
			}
			continue
		}
		o := enc.Offsets[i]
		if o.Start < prevEnd || o.End <= o.Start || o.End > len(text) || !utf8.ValidString(text[o.Start:o.End]) {
			t.Fatalf("token %d offsets %v bad (prev end %d) in %q", i, o, prevEnd, text)
		}
		prevEnd = o.End
		if enc.Words[i] < prevWord {
			t.Fatalf("word index went back at token %d", i)
		}
		prevWord = enc.Words[i]
		if id == unk {
			continue
		}
		piece := strings.TrimPrefix(tk.Token(id), "##")
		if got := text[o.Start:o.End]; got != piece {
			t.Fatalf("token %d %q slices to %q in %q", i, tk.Token(id), got, text)
		}
	}
}

func TestTinyOffsetsOnNews(t *testing.T) {
	tk := tinyTokenizer(t)
	lines := rawLines(t, 2000)
	tokens := 0
	for _, line := range lines {
		enc, err := tk.Encode(line)
		if err != nil {
			t.Fatal(err)
		}
		checkOffsets(t, tk, line, enc)
		tokens += enc.Len()
	}
	t.Logf("%d lines, %d tokens checked", len(lines), tokens)
}

func TestCachedEqualsUncached(t *testing.T) {
	cached := tinyTokenizer(t, WithCacheSize(512)) // small: exercises eviction
	plain := tinyTokenizer(t, WithCacheSize(0))
	lines := rawLines(t, 3000)
	for pass := 0; pass < 2; pass++ {
		for _, line := range lines {
			a, err := cached.Encode(line)
			if err != nil {
				t.Fatal(err)
			}
			b, err := plain.Encode(line)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("cached != uncached for %q", line)
			}
		}
	}
	if n := cached.CacheLen(); n == 0 || n > 2*512+2*cacheShards {
		t.Errorf("cache holds %d words, want 1..%d", n, 2*512+2*cacheShards)
	}
}

func TestConcurrentEncode(t *testing.T) {
	tk := tinyTokenizer(t, WithCacheSize(256))
	lines := rawLines(t, 400)
	want := make([]Encoding, len(lines))
	ref := tinyTokenizer(t, WithCacheSize(0))
	for i, l := range lines {
		want[i], _ = ref.Encode(l)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range lines {
				j := (i + g*37) % len(lines)
				got, err := tk.Encode(lines[j])
				if err != nil || !reflect.DeepEqual(got, want[j]) {
					errs <- fmt.Errorf("goroutine %d line %d differs (err %v)", g, j, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// BenchmarkNormalizeTokenize measures normaliser + tokeniser throughput on
// news paragraphs (MB/s of original text, per core with -cpu 1). "cache"
// is the steady state of a stream: the cache is first warmed on 3,000
// other paragraphs, then the timed text (3,000 paragraphs, 1.4 MB) still
// brings new words. "nocache" tokenises every word afresh.
func BenchmarkNormalizeTokenize(b *testing.B) {
	all := rawLinesRaw(b, 6000)
	if len(all) < 6000 {
		b.Skip("not enough raw text")
	}
	warm, lines := all[:3000], all[3000:]
	nz := normalize.New(normalize.Default())
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	for _, bc := range []struct {
		name  string
		cache int
	}{{"cache", DefaultCacheSize}, {"nocache", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			tk := tinyTokenizer(b, WithCacheSize(bc.cache))
			for _, l := range warm {
				if _, err := tk.Encode(nz.String(l)); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			tokens := 0
			for b.Loop() {
				for _, l := range lines {
					text, err := nz.Normalize(l)
					if err != nil {
						b.Fatal(err)
					}
					enc, err := tk.Encode(text.String())
					if err != nil {
						b.Fatal(err)
					}
					tokens += enc.Len()
				}
			}
			b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}

// rawLinesRaw is rawLines without normalisation.
func rawLinesRaw(t testing.TB, n int) []string {
	t.Helper()
	p := filepath.Join(testenv.RepoRoot(t), "..", "shared", "data", "raw", "ar-news-02.txt.xz")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("raw news text not available (%v): skipping", err)
	}
	if _, err := exec.LookPath("xz"); err != nil {
		t.Skip("xz not installed")
	}
	out, err := exec.Command("bash", "-c", fmt.Sprintf("xz -dc %q | head -n %d", p, n)).Output()
	if err != nil && len(out) == 0 {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

// TestUnigramMetaspaceWords: with Metaspace after a splitter, words are
// exact, so Subword follows the word ids ("abc." is two words, the "." not
// glued to "abc" as the no-space heuristic would), and the ▁ piece before
// "." stands on the "." as in Hugging Face.
func TestUnigramMetaspaceWords(t *testing.T) {
	js := `{"added_tokens": [], "normalizer": null,
	  "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "BertPreTokenizer"},
	     {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true}]},
	  "post_processor": {"type": "BertProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0]},
	  "model": {"type": "Unigram", "unk_id": 3, "vocab": [["<s>", 0], ["<pad>", 0], ["</s>", 0], ["<unk>", 0],
	     ["▁", -2], ["▁ab", -1], ["c", -2], [".", -2], ["▁a", -3], ["b", -3]]}}`
	tk := mustFromBytes(t, []byte(js))
	enc, err := tk.Encode("abc.")
	if err != nil {
		t.Fatal(err)
	}
	wantIDs := []int64{0, 5, 6, 4, 7, 2}
	wantSub := []bool{false, false, true, false, true, false}
	wantOff := []doc.Span{{}, {Start: 0, End: 2}, {Start: 2, End: 3}, {Start: 3, End: 4}, {Start: 3, End: 4}, {}}
	if !reflect.DeepEqual(enc.IDs, wantIDs) || !reflect.DeepEqual(enc.Subword, wantSub) || !reflect.DeepEqual(enc.Offsets, wantOff) {
		t.Errorf("ids %v subword %v offsets %v; want %v %v %v", enc.IDs, enc.Subword, enc.Offsets, wantIDs, wantSub, wantOff)
	}
	if _, err := FromBytes([]byte(strings.Replace(js, `"always"`, `"first"`, 1))); !errors.Is(err, ErrUnsupported) {
		t.Errorf("prepend_scheme first: err %v, want ErrUnsupported", err)
	}
}
