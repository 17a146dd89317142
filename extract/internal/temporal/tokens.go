package temporal

import (
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract/internal/words"
)

// tokKind classifies a token of the normalised text (words.Kind).
type tokKind = words.Kind

const (
	tokWord   = words.Word   // a run of letters (and combining marks)
	tokNumber = words.Number // a run of ASCII digits
	tokPunct  = words.Punct  // any other single non-space rune
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

// tokenize splits norm into tokens, appending to buf[:0]. Letters and
// digits never share a token, so "2023م" is two glued tokens. Invalid UTF-8
// bytes are punctuation.
func tokenize(norm string, buf []token) []token {
	toks := buf[:0]
	words.Scan(norm, func(w words.Token) {
		toks = append(toks, token{text: norm[w.Start:w.End], start: w.Start, end: w.End, kind: w.Kind, glued: w.Glued, newline: w.Newline})
	})
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
