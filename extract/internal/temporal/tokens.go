package temporal

import (
	"unicode"
	"unicode/utf8"
)

// tokKind classifies a token of the normalised text.
type tokKind uint8

const (
	tokWord   tokKind = iota // a run of letters (and combining marks)
	tokNumber                // a run of ASCII digits
	tokPunct                 // any other single non-space rune
)

// token is a word, number or punctuation mark with its byte span in the
// normalised text. glued is true when no space separates it from the
// previous token ("ب15", "2023م").
type token struct {
	text       string
	start, end int
	kind       tokKind
	glued      bool
	// newline is true when a line break lies between this token and the
	// previous one: expressions never cross it.
	newline bool
}

// tokenize splits norm into tokens. Letters and digits never share a token,
// so "2023م" is two glued tokens. Invalid UTF-8 bytes are punctuation.
func tokenize(norm string) []token {
	var toks []token
	gap, nl := true, false
	for i := 0; i < len(norm); {
		r, size := utf8.DecodeRuneInString(norm[i:])
		switch {
		case r == '\n':
			gap, nl = true, true
			i += size
			continue
		case unicode.IsSpace(r):
			gap = true
			i += size
			continue
		}
		kind := tokPunct
		switch {
		case r >= '0' && r <= '9':
			kind = tokNumber
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			kind = tokWord
		}
		j := i + size
		if kind != tokPunct {
			for j < len(norm) {
				r2, s2 := utf8.DecodeRuneInString(norm[j:])
				k2 := tokPunct
				switch {
				case r2 >= '0' && r2 <= '9':
					k2 = tokNumber
				case unicode.IsLetter(r2) || unicode.Is(unicode.Mn, r2):
					k2 = tokWord
				}
				if k2 != kind {
					break
				}
				j += s2
			}
		}
		toks = append(toks, token{text: norm[i:j], start: i, end: j, kind: kind, glued: !gap, newline: nl})
		gap, nl = false, false
		i = j
	}
	return toks
}

// proclitics are the one-letter prefixes a time word may carry (و ف ب ل ك),
// alone or after و/ف ("وب", "فل").
var proclitics = []string{"و", "ف", "ب", "ل", "ك"}

// strips returns the ways to read w as proclitics + rest, longest rest
// first: the offset in bytes where the rest starts. The rest is never
// shorter than two letters.
func strips(w string) []int {
	offs := []int{0}
	var walk func(off, depth int)
	walk = func(off, depth int) {
		if depth == 2 {
			return
		}
		for _, p := range proclitics {
			if len(w)-off > len(p) && w[off:off+len(p)] == p {
				if depth == 1 && p != "ب" && p != "ل" && p != "ك" {
					continue // only و/ف may come first
				}
				if utf8.RuneCountInString(w[off+len(p):]) < 2 {
					continue
				}
				offs = append(offs, off+len(p))
				walk(off+len(p), depth+1)
			}
		}
	}
	walk(0, 0)
	return offs
}
