package gazetteers

import "unicode/utf8"

// Word boundaries. A word is a run of letters and digits (Arabic, Latin and
// other scripts); spaces and punctuation separate words. The matcher works on
// text normalised by extract/normalize, so diacritics and tatweel are gone and
// digits are ASCII, but it does not rely on that for correctness.

// asciiWord marks the ASCII bytes that belong to words.
var asciiWord = func() (t [128]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	return t
}()

// arabicWord marks the code points U+0600..U+06FF that belong to words:
// letters, digits and marks, not Arabic punctuation (، ؛ ؟ ٪ ٫ ٬ ٭ ۔).
var arabicWord = func() (t [256]bool) {
	for r := 0x0600; r <= 0x06FF; r++ {
		t[r-0x0600] = true
	}
	for r := 0x0600; r <= 0x061F; r++ { // signs, Arabic comma, semicolon, question mark ...
		t[r-0x0600] = false
	}
	t[0x0620-0x0600] = true // kashmiri yeh is a letter
	for _, r := range []int{0x066A, 0x066B, 0x066C, 0x066D, 0x06D4, 0x06DD, 0x06DE, 0x06E9} {
		t[r-0x0600] = false
	}
	return t
}()

// runeAt classifies the rune starting at s[i]: whether it belongs to a word,
// and its length in bytes. Invalid bytes count as one-byte separators.
func runeAt(s string, i int) (word bool, size int) {
	b := s[i]
	switch {
	case b < 0x80:
		return asciiWord[b], 1
	case b < 0xC2 || i+1 >= len(s):
		return false, 1
	case b < 0xE0:
		if b >= 0xD8 && b <= 0xDB { // U+0600..U+06FF
			r := (int(b&0x1F)<<6 | int(s[i+1]&0x3F)) - 0x0600
			return arabicWord[r], 2
		}
		// U+0080..U+00BF is Latin-1 punctuation and symbols (« » ©); U+00D7
		// and U+00F7 are × and ÷; other two-byte runes are letters.
		if b == 0xC2 {
			return false, 2
		}
		if b == 0xC3 && (s[i+1] == 0x97 || s[i+1] == 0xB7) {
			return false, 2
		}
		return true, 2
	case b < 0xF0:
		if i+2 >= len(s) {
			return false, 1
		}
		// U+2000..U+2BFF: general punctuation, symbols, arrows; U+3000..U+303F
		// CJK punctuation; U+FE00..U+FFFF specials and presentation forms'
		// punctuation are all treated as separators.
		if b == 0xE2 || (b == 0xE3 && s[i+1] == 0x80) || b == 0xEF {
			return false, 3
		}
		return true, 3
	default:
		if i+3 >= len(s) {
			return false, 1
		}
		return true, 4
	}
}

// nextWord returns the byte span of the first word at or after i, or
// (-1, -1) when there is none.
func nextWord(s string, i int) (start, end int) {
	for i < len(s) {
		// Fast path over ASCII separators.
		b := s[i]
		if b < 0x80 {
			if !asciiWord[b] {
				i++
				continue
			}
			return i, wordEnd(s, i+1)
		}
		w, n := runeAt(s, i)
		if w {
			return i, wordEnd(s, i+n)
		}
		i += n
	}
	return -1, -1
}

// wordEnd returns the end of the word that continues at i.
func wordEnd(s string, i int) int {
	for i < len(s) {
		b := s[i]
		if b < 0x80 {
			if !asciiWord[b] {
				return i
			}
			i++
			continue
		}
		if b&0xFC == 0xD8 && i+1 < len(s) { // U+0600..U+06FF, see scanWord
			if !arabicWord[int(b&0x03)<<6|int(s[i+1]&0x3F)] {
				return i
			}
			i += 2
			continue
		}
		w, n := runeAt(s, i)
		if !w {
			return i
		}
		i += n
	}
	return i
}

// isWordStart reports whether a word starts at byte i of s.
func isWordStart(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	w, _ := runeAt(s, i)
	return w
}

// splitWords splits s into its words and the separators between them.
func splitWords(s string) (words []string, seps []string) {
	prev := -1
	for i := 0; ; {
		st, en := nextWord(s, i)
		if st < 0 {
			break
		}
		if prev >= 0 {
			seps = append(seps, s[prev:st])
		}
		words = append(words, s[st:en])
		prev = en
		i = en
	}
	return words, seps
}

// isInitial reports whether w is short enough to be an initial that a period
// may follow inside a name (أمينة ج. محمد، غير أو. بيدرسن).
func isInitial(w string) bool { return utf8.RuneCountInString(w) <= 2 }
