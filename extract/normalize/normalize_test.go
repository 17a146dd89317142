package normalize

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRules(t *testing.T) {
	all := Default()
	tm := Default()
	tm.TehMarbuta = true
	lc := Default()
	lc.Lowercase = true
	tests := []struct {
		name string
		opts Options
		in   string
		want string
	}{
		{"harakat", all, "كَتَبَ", "كتب"},
		{"tanwin", all, "اتصالاً هاتفيًا", "اتصالا هاتفيا"},
		{"shadda sukun", all, "المتّحدة مُسْتَمِرّ", "المتحدة مستمر"},
		{"superscript alef", all, "هٰذا", "هذا"},
		{"quranic marks", all, "الله\u06d6", "الله"},
		{"tatweel", all, "مـــصر", "مصر"},
		{"alef hamza above", all, "أمريكا", "امريكا"},
		{"alef hamza below", all, "إسرائيل", "اسرائيل"},
		{"alef madda", all, "آسيا", "اسيا"},
		{"alef wasla", all, "ٱلله", "الله"},
		{"alef maqsura", all, "مصطفى", "مصطفي"},
		{"persian yeh", all, "الولایات", "الولايات"},
		{"persian kaf", all, "کندا", "كندا"},
		{"teh marbuta kept", all, "المتحدة", "المتحدة"},
		{"teh marbuta folded", tm, "المتحدة", "المتحده"},
		{"arabic-indic digits", all, "القرار ٢٧٢٠", "القرار 2720"},
		{"persian digits", all, "۱۷۰۱", "1701"},
		{"nbsp", all, "مجلس\u00a0الأمن", "مجلس الامن"},
		{"narrow nbsp and em space", all, "a\u202fb\u2003c", "a b c"},
		{"zwnj zwj", all, "می\u200cخواهم\u200d", "ميخواهم"},
		{"bidi marks", all, "\u200fمصر\u200e \u061cليبيا\u202b", "مصر ليبيا"},
		{"bom", all, "\ufeffنص", "نص"},
		{"whitespace runs", all, "  a \t b  ", "a b"},
		{"line break kept", all, "a \n\n b", "a\nb"},
		{"crlf", all, "a\r\nb", "a\nb"},
		{"lowercase off", all, "UN Security", "UN Security"},
		{"lowercase on", lc, "UN Security", "un security"},
		{"zero options", Options{}, "أَ\u00a0ـ", "أَ\u00a0ـ"},
		{"light keeps letters", Light(), "أمريكىة ٢", "أمريكىة ٢"},
		{"light strips marks", Light(), "مُـصر", "مصر"},
		{"empty", all, "", ""},
		{"only space", all, " \n\t ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := New(tc.opts).Normalize(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got.String(), tc.want)
			}
			checkMap(t, got)
		})
	}
}

// checkMap verifies the offset map: every normalised rune maps to a
// non-empty original range, ranges increase, and folding one rune at a time
// reproduces the normalised rune.
func checkMap(t *testing.T, x *Text) {
	t.Helper()
	prevEnd := 0
	n := New(Options{})
	_ = n
	for b, r := range x.String() {
		os, oe := x.ToOriginal(b, b+utf8.RuneLen(r))
		if os >= oe || os < prevEnd || oe > x.OriginalLen() {
			t.Fatalf("rune %q at %d maps to bad range [%d,%d) (prev end %d)", r, b, os, oe, prevEnd)
		}
		prevEnd = oe
	}
	if os, oe := x.ToOriginal(0, len(x.String())); len(x.String()) > 0 && (os < 0 || oe > x.OriginalLen()) {
		t.Fatalf("whole text maps to [%d,%d)", os, oe)
	}
}

func TestOffsetsRoundTrip(t *testing.T) {
	in := "\u200fوقالت الخارجيّة فـي بيانها،   اليوم الأربعاء: \"روسيا\"\u00a0ستواصل ٢٠٢٤."
	x, err := New(Default()).Normalize(in)
	if err != nil {
		t.Fatal(err)
	}
	origRunes := []rune(in)
	// Every word of the normalised text maps back to the original word
	// (with its diacritics and tatweel), and slicing in code points agrees
	// with OriginalSlice.
	wants := map[string]string{
		"وقالت": "وقالت", "الخارجية": "الخارجيّة", "في": "فـي", "بيانها،": "بيانها،",
		"اليوم": "اليوم", "الاربعاء:": "الأربعاء:", "\"روسيا\"": "\"روسيا\"", "ستواصل": "ستواصل", "2024.": "٢٠٢٤.",
	}
	norm := x.String()
	pos := 0
	for _, w := range strings.Fields(norm) {
		b := strings.Index(norm[pos:], w) + pos
		pos = b + len(w)
		os, oe := x.ToOriginal(b, b+len(w))
		got := x.OriginalSlice(os, oe)
		if got != string(origRunes[os:oe]) {
			t.Fatalf("OriginalSlice(%d,%d) = %q, code point slice = %q", os, oe, got, string(origRunes[os:oe]))
		}
		if want, ok := wants[w]; !ok || got != want {
			t.Errorf("word %q maps to %q, want %q", w, got, want)
		}
	}
}

func TestFromOriginal(t *testing.T) {
	in := "  وَقالَ ‏السفيرُ  الأمريكيّ ٢٠٢٤"
	x, _ := New(Default()).Normalize(in)
	norm := x.String()
	for b := 0; b < len(norm); {
		for e := b + 1; e <= len(norm); e++ {
			if !utf8.RuneStart(norm[e-1]) || (e < len(norm) && !utf8.RuneStart(norm[e])) {
				continue
			}
			os, oe := x.ToOriginal(b, e)
			gb, ge := x.FromOriginal(os, oe)
			if gb != b || ge != e {
				t.Fatalf("FromOriginal(ToOriginal(%d,%d)=(%d,%d)) = (%d,%d)", b, e, os, oe, gb, ge)
			}
		}
		_, size := utf8.DecodeRuneInString(norm[b:])
		b += size
	}
}

func TestEmptyAndEdgeSpans(t *testing.T) {
	x, _ := New(Default()).Normalize("  مصر  ")
	if s, e := x.ToOriginal(0, 0); s != e {
		t.Errorf("empty span maps to [%d,%d)", s, e)
	}
	s, e := x.ToOriginal(0, len(x.String()))
	if x.OriginalSlice(s, e) != "مصر" {
		t.Errorf("got %q", x.OriginalSlice(s, e))
	}
	if s, e := x.ToOriginal(-5, 999); x.OriginalSlice(s, e) != "مصر" {
		t.Errorf("clamped span maps to %q", x.OriginalSlice(s, e))
	}
	if x.RuneIndex(len(x.String())) != 3 || x.ByteOffset(3) != len(x.String()) {
		t.Errorf("RuneIndex/ByteOffset at end wrong")
	}
}

func TestInvalidUTF8(t *testing.T) {
	for _, in := range []string{"\xff", "مصر\xc3", "a\xed\xa0\x80b"} {
		_, err := New(Default()).Normalize(in)
		if !errors.Is(err, ErrInvalidUTF8) {
			t.Errorf("Normalize(%q) error = %v, want ErrInvalidUTF8", in, err)
		}
	}
	if got := New(Default()).String("مصر\xff"); got != "مصر\ufffd" {
		t.Errorf("String replaced to %q", got)
	}
}

// TestPythonTwin checks the Go normaliser against golden output of
// models/train/arabic_norm.py (regenerate: see testdata/README).
func TestPythonTwin(t *testing.T) {
	f, err := os.Open("testdata/python_twin.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := New(Default())
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	count := 0
	for sc.Scan() {
		var rec struct{ In, Out string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if got := n.String(rec.In); got != rec.Out {
			t.Errorf("Go %q, Python %q for %q", got, rec.Out, rec.In)
		}
		count++
	}
	if count < 20 {
		t.Fatalf("only %d golden lines", count)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "مُـصر ٢٠٢٤", "\u200f\u00a0a\n\nb", "\xff", "أإآٱىیک", "  \t\r\n"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, def bool) {
		opts := Default()
		if !def {
			opts = Light()
		}
		x, err := New(opts).Normalize(s)
		if !utf8.ValidString(s) {
			if !errors.Is(err, ErrInvalidUTF8) {
				t.Fatalf("invalid input gave %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(x.String()) {
			t.Fatal("invalid UTF-8 output")
		}
		checkMap(t, x)
		// Idempotent.
		if again := New(opts).String(x.String()); again != x.String() {
			t.Fatalf("not idempotent: %q → %q", x.String(), again)
		}
	})
}
