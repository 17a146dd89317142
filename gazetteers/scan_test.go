package gazetteers

import (
	"math/rand"
	"os"
	"strings"
	"testing"
)

// TestScanWord checks scanWord (8-byte loads, branch-free hashing) against the
// plain word scanner wordEnd and wordHash on random text: Arabic letters,
// every code point of U+0600..U+06FF, ASCII, Latin-1, punctuation, other
// scripts and invalid bytes, at every start position and text length.
func TestScanWord(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pieces := []string{" ", " ", "\n", "-", ".", ",", "،", "؛", "؟", "٪", "«", "»", "“", "×", "é", "ß", "中", "𝐀", "\xff", "\xd8", "a", "Z", "7", "0"}
	for r := 0x0600; r <= 0x06FF; r++ {
		pieces = append(pieces, string(rune(r)))
	}
	letters := []rune("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئةى")
	words := 0
	for n := 0; n < 4000; n++ {
		var sb strings.Builder
		for size := rng.Intn(60); sb.Len() < size; {
			if rng.Intn(3) > 0 {
				sb.WriteRune(letters[rng.Intn(len(letters))])
			} else {
				sb.WriteString(pieces[rng.Intn(len(pieces))])
			}
		}
		s := sb.String()
		for i := 0; i < len(s); i++ {
			if !isWordStart(s, i) {
				continue
			}
			words++
			e, h := scanWord(s, i)
			if want := wordEnd(s, i); e != want {
				t.Fatalf("scanWord(%q, %d) ends at %d, want %d", s, i, e, want)
			}
			if want := wordHash(s[i:e]); h != want {
				t.Fatalf("scanWord(%q, %d) hash %x, want wordHash %x", s, i, h, want)
			}
		}
	}
	if words < 10000 {
		t.Fatalf("only %d words tested", words)
	}
}

// TestNotLetters4 checks the four-letter test on every pair of bytes.
func TestNotLetters4(t *testing.T) {
	for b0 := 0; b0 < 256; b0++ {
		for b1 := 0; b1 < 256; b1++ {
			pair := string([]byte{byte(b0), byte(b1)})
			r := rune(-1)
			if w, size := runeAt(pair, 0); size == 2 && w {
				r = []rune(pair)[0]
			}
			want := r >= 0x0620 && r <= 0x065F
			for lane := 0; lane < 4; lane++ {
				x := []byte("\xd9\x84\xd9\x84\xd9\x84\xd9\x84") // لللل
				x[2*lane], x[2*lane+1] = byte(b0), byte(b1)
				f := notLetters4(load64(string(x), 0))
				if got := f>>(16*lane)&0xFFFF == 0; got != want {
					t.Fatalf("lane %d bytes %02x %02x: letter %v, want %v", lane, b0, b1, got, want)
				}
				if f&^(0xFFFF<<(16*lane)) != 0 {
					t.Fatalf("lane %d bytes %02x %02x: other lanes flagged: %x", lane, b0, b1, f)
				}
			}
		}
	}
}

// TestSameBytes checks the word comparison of the trie tables against ==.
func TestSameBytes(t *testing.T) {
	base := "والفلسطينيين في الامم المتحدة abcdefghijklmnopqrstuvwxyz"
	for n := 0; n <= 40; n++ {
		w := base[:n]
		for i := 0; i < n; i++ {
			b := []byte(w)
			b[i] ^= 1
			if sameBytes(base, string(b)) {
				t.Fatalf("sameBytes(%q, %q) = true", base, b)
			}
			if !sameBytes(string(b)+"xyz", string(b)) {
				t.Fatalf("sameBytes(%q+xyz, itself) = false", b)
			}
		}
		if !sameBytes(base, w) {
			t.Fatalf("sameBytes(%q, %q) = false", base, w)
		}
	}
}

// TestNextCandidate checks that nextCandidate visits exactly the words that
// pass the root filter, in order, with their hashes, on random text and on
// the test news text.
func TestNextCandidate(t *testing.T) {
	g := mustLoad(t)
	tb := &g.idx.table
	news, err := os.ReadFile("testdata/news.txt")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{testNorm.String(string(news))}
	rng := rand.New(rand.NewSource(2))
	forms := g.Forms()
	pieces := []string{" ", " ", "  ", "\n", "-", ".", "،", "؟", "«", "»", "123", "و2720", "abc", "é", "\xff"}
	for n := 0; n < 300; n++ {
		var sb strings.Builder
		for k := rng.Intn(40); k > 0; k-- {
			if rng.Intn(2) == 0 {
				f := forms[rng.Intn(len(forms))].Text
				sb.WriteString([]string{"", "و", "ب", "لل", "وال"}[rng.Intn(5)] + f)
			} else {
				sb.WriteString(pieces[rng.Intn(len(pieces))])
			}
			sb.WriteString(pieces[rng.Intn(3)])
		}
		texts = append(texts, sb.String())
	}
	for _, s := range texts {
		var want, got [][3]uint64
		for i := 0; ; {
			st, en := nextWord(s, i)
			if st < 0 {
				break
			}
			if h := wordHash(s[st:en]); tb.mayHave(h) {
				want = append(want, [3]uint64{uint64(st), uint64(en), h})
			}
			i = en
		}
		for i := 0; ; {
			ws, we, h := tb.nextCandidate(s, i)
			if ws < 0 {
				break
			}
			got = append(got, [3]uint64{uint64(ws), uint64(we), h})
			i = we
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d candidates, want %d", s, len(got), len(want))
		}
		for k := range got {
			if got[k] != want[k] {
				t.Fatalf("%q: candidate %d = %v, want %v", s, k, got[k], want[k])
			}
		}
	}
}
