package tokenize

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// achar is one character of a word being normalised, with the byte range
// [s, e) of the original word it comes from. Like Hugging Face's
// NormalizedString alignments, a character produced by a decomposition
// inherits the range of the character it came from, and removed characters
// leave no trace.
type achar struct {
	r    rune
	s, e int32
}

// wordNormalizer rewrites the characters of one pre-tokenized word.
//
// Hugging Face normalises the whole text before pre-tokenising; khabar
// pre-tokenises first, normalises each word, and pre-tokenises the result
// again (a normaliser may create whitespace: NFKC turns ﷺ into four words),
// which is what lets it cache words. The supported normalisers act on
// single characters or combining sequences, which never span a whitespace
// or punctuation boundary, so both orders give the same words; CJK padding
// (handle_chinese_chars) is done by the pre-tokenizer.
type wordNormalizer func([]achar) []achar

// buildNormalizer returns nil for "no normaliser". cjk reports whether the
// pre-tokenizer must isolate CJK characters (BertNormalizer's
// handle_chinese_chars).
func buildNormalizer(c *component) (steps []wordNormalizer, cjk bool, err error) {
	if c == nil {
		return nil, false, nil
	}
	switch c.Type {
	case "Sequence":
		for i := range c.Normalizers {
			s, k, err := buildNormalizer(&c.Normalizers[i])
			if err != nil {
				return nil, false, err
			}
			steps = append(steps, s...)
			cjk = cjk || k
		}
		return steps, cjk, nil
	case "BertNormalizer":
		lower := c.Lowercase == nil || *c.Lowercase
		if c.CleanText == nil || *c.CleanText {
			steps = append(steps, cleanText)
		}
		strip := lower
		if c.StripAccents != nil {
			strip = *c.StripAccents
		}
		if strip {
			steps = append(steps, nfMap(norm.NFD), stripMarks)
		}
		if lower {
			steps = append(steps, lowercase)
		}
		return steps, c.HandleChineseChars == nil || *c.HandleChineseChars, nil
	case "Lowercase":
		return []wordNormalizer{lowercase}, false, nil
	case "StripAccents":
		return []wordNormalizer{stripMarks}, false, nil
	case "NFD":
		return []wordNormalizer{nfMap(norm.NFD)}, false, nil
	case "NFKD":
		return []wordNormalizer{nfMap(norm.NFKD)}, false, nil
	case "NFC":
		return []wordNormalizer{nfMap(norm.NFC)}, false, nil
	case "NFKC":
		return []wordNormalizer{nfMap(norm.NFKC)}, false, nil
	case "Strip":
		// Strips whitespace at the ends of the text: words never hold any.
		return nil, false, nil
	}
	return nil, false, fmt.Errorf("%w: normalizer %q (supported: BertNormalizer, Lowercase, StripAccents, NFC, NFD, NFKC, NFKD, Strip, Sequence)", ErrUnsupported, c.Type)
}

func cleanText(cs []achar) []achar {
	out := cs[:0]
	for _, c := range cs {
		switch {
		case c.r == 0 || c.r == utf8.RuneError || isControl(c.r):
			continue
		case isWhitespace(c.r):
			c.r = ' '
		}
		out = append(out, c)
	}
	return out
}

func stripMarks(cs []achar) []achar {
	out := cs[:0]
	for _, c := range cs {
		if !unicode.Is(unicode.Mn, c.r) {
			out = append(out, c)
		}
	}
	return out
}

func lowercase(cs []achar) []achar {
	out := make([]achar, 0, len(cs))
	for _, c := range cs {
		if c.r == 'İ' { // the one letter whose lower case is two characters
			out = append(out, achar{'i', c.s, c.e}, achar{'\u0307', c.s, c.e})
			continue
		}
		c.r = unicode.ToLower(c.r)
		out = append(out, c)
	}
	return out
}

// nfMap applies a Unicode normal form segment by segment; every character
// of a segment's output inherits the range of the whole input segment.
func nfMap(f norm.Form) wordNormalizer {
	return func(cs []achar) []achar {
		var out []achar
		var seg []rune
		for i := 0; i < len(cs); {
			// A segment starts at a starter and runs to the next starter.
			j := i + 1
			for j < len(cs) && norm.NFD.PropertiesString(string(cs[j].r)).CCC() != 0 {
				j++
			}
			seg = seg[:0]
			for _, c := range cs[i:j] {
				seg = append(seg, c.r)
			}
			res := []rune(f.String(string(seg)))
			if len(res) == j-i { // one to one: keep each character's own range
				for k, r := range res {
					out = append(out, achar{r, cs[i+k].s, cs[i+k].e})
				}
			} else {
				for _, r := range res {
					out = append(out, achar{r, cs[i].s, cs[j-1].e})
				}
			}
			i = j
		}
		return out
	}
}

// isControl is Hugging Face's BertNormalizer notion: Unicode "Other"
// (Cc, Cf, Cn, Co, Cs) except tab, newline and carriage return.
func isControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r':
		return false
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs) || !isAssigned(r)
}

func isAssigned(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.C)
}

// isWhitespace is Rust's char::is_whitespace (the White_Space property).
func isWhitespace(r rune) bool { return unicode.IsSpace(r) }

// normalizeWord runs steps over word and returns the normalised word and,
// for each of its bytes, the original byte range it came from.
func normalizeWord(steps []wordNormalizer, word string) (string, []int32, []int32) {
	cs := make([]achar, 0, len(word))
	for i, r := range word {
		cs = append(cs, achar{r, int32(i), int32(i + utf8.RuneLen(r))})
	}
	for _, st := range steps {
		cs = st(cs)
	}
	var b strings.Builder
	starts := make([]int32, 0, len(word))
	ends := make([]int32, 0, len(word))
	for _, c := range cs {
		n := utf8.RuneLen(c.r)
		if n < 0 {
			c.r, n = utf8.RuneError, 3
		}
		b.WriteRune(c.r)
		for k := 0; k < n; k++ {
			starts = append(starts, c.s)
			ends = append(ends, c.e)
		}
	}
	return b.String(), starts, ends
}
