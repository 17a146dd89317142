package petrarchconv

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract/normalize"
)

// norm is khabar's one normaliser in the profile its models, gazetteers and
// event lexicons use (alef variants → ا, ى → ي, no diacritics or tatweel;
// ة ؤ ئ ء kept).
var norm = normalize.New(normalize.Default())

// word normalises one word: khabar's spelling, no spaces.
func word(s string) string {
	return strings.Join(strings.Fields(norm.String(s)), "")
}

// phrase turns a PETRARCH phrase (words joined by "_" or blanks) into khabar's
// spelling with words separated by single spaces.
func phrase(s string) string {
	s = strings.ReplaceAll(s, "_", " ")
	return strings.Join(strings.Fields(norm.String(s)), " ")
}

// isArabicLetter reports whether r is an Arabic letter of the basic block.
func isArabicLetter(r rune) bool {
	return r >= 0x0621 && r <= 0x064A
}

// letters counts the letters of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// hasLetter reports whether s holds at least one letter.
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// oneLetter reports whether a token is a single letter: mostly a proclitic
// (ل ب و ك ف) or the article's alef that the source's lemmatiser split off its
// word ("اجتماع ل مجلس الوزراء").
func oneLetter(tok string) bool {
	r, size := utf8.DecodeRuneInString(tok)
	return size == len(tok) && unicode.IsLetter(r)
}
