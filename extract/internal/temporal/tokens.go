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

// runeKinds caches the token kind of every rune below len(runeKinds) (the
// Latin and Arabic blocks), computed with the same rule as kindOf's slow path.
var runeKinds = func() (k [0x800]tokKind) {
	for r := range k {
		k[r] = slowKind(rune(r))
	}
	return k
}()

func slowKind(r rune) tokKind {
	switch {
	case r >= '0' && r <= '9':
		return tokNumber
	case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
		return tokWord
	}
	return tokPunct
}

// kindOf classifies a rune: ASCII digit, letter or combining mark, other.
func kindOf(r rune) tokKind {
	if r >= 0 && int(r) < len(runeKinds) {
		return runeKinds[r]
	}
	return slowKind(r)
}

// tokenize splits norm into tokens, appending to buf[:0]. Letters and
// digits never share a token, so "2023م" is two glued tokens. Invalid UTF-8
// bytes are punctuation.
func tokenize(norm string, buf []token) []token {
	toks := buf[:0]
	gap, nl := true, false
	for i := 0; i < len(norm); {
		r, size := rune(norm[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(norm[i:])
		}
		switch {
		case r == '\n':
			gap, nl = true, true
			i += size
			continue
		case r == ' ' || (r >= utf8.RuneSelf || r < ' ') && unicode.IsSpace(r):
			gap = true
			i += size
			continue
		}
		kind := kindOf(r)
		j := i + size
		if kind != tokPunct {
			for j < len(norm) {
				r2, s2 := rune(norm[j]), 1
				if r2 >= utf8.RuneSelf {
					r2, s2 = utf8.DecodeRuneInString(norm[j:])
				}
				if kindOf(r2) != kind {
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

// stripSet is the result of strips: at most three readings (none, one
// proclitic, two), held by value so that no call allocates.
type stripSet struct {
	offs [3]int
	n    int
}

// list returns the offsets, longest rest first.
func (s stripSet) list() []int { return s.offs[:s.n] }

// strips returns the ways to read w as proclitics + rest, longest rest
// first: the offset in bytes where the rest starts. The rest is never
// shorter than two letters. Every proclitic is one letter, so at most one
// matches at each depth.
func strips(w string) stripSet {
	ss := stripSet{n: 1}
	off := 0
	for depth := 0; depth < 2; depth++ {
		found := false
		for _, p := range proclitics {
			if len(w)-off > len(p) && w[off:off+len(p)] == p {
				if depth == 1 && p != "ب" && p != "ل" && p != "ك" {
					continue // only و/ف may come first
				}
				if utf8.RuneCountInString(w[off+len(p):]) < 2 {
					continue
				}
				off += len(p)
				ss.offs[ss.n] = off
				ss.n++
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	return ss
}
