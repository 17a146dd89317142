// Package words owns the rune classification and the word scanning loop
// shared by the rule-based extractors (events, temporal): a token is a run
// of letters (and combining marks), a run of ASCII digits, or any other
// single non-space rune, so letters and digits never share a token.
package words

import (
	"unicode"
	"unicode/utf8"
)

// Kind classifies a rune, and the token it starts.
type Kind uint8

const (
	// Word is a letter or combining mark (Mn); its token is a run of them.
	Word Kind = iota
	// Number is an ASCII digit; its token is a run of them.
	Number
	// Punct is any other non-space rune; its token is that one rune.
	Punct
)

// runeKinds caches KindOf's answer for the runes below len(runeKinds) (the
// Latin and Arabic blocks).
var runeKinds = func() (k [0x800]Kind) {
	for r := range k {
		k[r] = slowKind(rune(r))
	}
	return k
}()

func slowKind(r rune) Kind {
	switch {
	case r >= '0' && r <= '9':
		return Number
	case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
		return Word
	}
	return Punct
}

// KindOf classifies a rune: ASCII digit, letter or combining mark, other.
func KindOf(r rune) Kind {
	if r >= 0 && int(r) < len(runeKinds) {
		return runeKinds[r]
	}
	return slowKind(r)
}

// Token is the span of one token found by Scan.
type Token struct {
	Start, End int // bytes of the scanned text
	Kind       Kind
	// Newline is true when a line break lies between this token and the
	// previous one (or the start of the text).
	Newline bool
	// Glued is true when no space separates this token from the previous
	// one ("ب15", "2023م"); the first token is never glued.
	Glued bool
}

// Scan calls yield for every token of s in order. Spaces (Unicode white
// space) separate tokens and belong to none; invalid UTF-8 bytes are
// Punct.
func Scan(s string, yield func(Token)) {
	gap, nl := true, false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
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
		kind := KindOf(r)
		j := i + size
		if kind != Punct {
			for j < len(s) {
				r2, s2 := rune(s[j]), 1
				if r2 >= utf8.RuneSelf {
					r2, s2 = utf8.DecodeRuneInString(s[j:])
				}
				if KindOf(r2) != kind {
					break
				}
				j += s2
			}
		}
		yield(Token{Start: i, End: j, Kind: kind, Newline: nl, Glued: !gap})
		gap, nl = false, false
		i = j
	}
}
