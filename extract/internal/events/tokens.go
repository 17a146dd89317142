package events

import (
	"strings"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract/internal/words"
)

// tokKind classifies a token of the normalised text (words.Kind).
type tokKind = words.Kind

const (
	tokWord   = words.Word
	tokNumber = words.Number
	tokPunct  = words.Punct
)

// token is a word, number or punctuation mark of the normalised text.
type token struct {
	text       string
	start, end int // bytes
	kind       tokKind
	newline    bool // a line break precedes it
	ent        int  // index of the entity that overlaps it, -1 when none
	sent       int  // sentence index (-1 outside every sentence)
	para       int  // paragraph (line) index
	skip       bool // site furniture (related links, tags): no events
	rd         []reading
}

// tokenize splits norm into tokens, appending to buf[:0]; letters and
// digits never share one.
func tokenize(norm string, buf []token) []token {
	toks := buf[:0]
	para := 0
	words.Scan(norm, func(w words.Token) {
		if w.Newline && len(toks) > 0 {
			para++
		}
		toks = append(toks, token{text: norm[w.Start:w.End], start: w.Start, end: w.End, kind: w.Kind, newline: w.Newline, ent: -1, para: para})
	})
	return toks
}

// reading is a way to split a word into proclitics and a rest.
type reading struct {
	off     int    // byte offset of the rest in the word
	clitics string // the proclitic letters stripped
	rest    string
}

// readingSet holds the readings of one word by value (at most five: none,
// و/ف, a second proclitic, its لل variant, و/ف + لس), so that reading a
// word allocates nothing but the rest of a لل reading.
type readingSet struct {
	rd [5]reading
	n  int
}

// list returns the readings in order.
func (s readingSet) list() []reading { return s.rd[:s.n] }

// readings lists the splits of w into proclitics and rest, fewest
// proclitics first: [و|ف] [ب|ل|ك|س] rest, and لل + X read as ل + الX
// (the span then starts at the article's lam, FORMAT.md). The clitics are
// the first bytes of w.
func readings(w string) readingSet {
	var out readingSet
	out.rd[0] = reading{0, "", w}
	out.n = 1
	add := func(off int) {
		if utf8.RuneCountInString(w[off:]) >= 2 {
			out.rd[out.n] = reading{off, w[:off], w[off:]}
			out.n++
		}
	}
	conj := 0
	if strings.HasPrefix(w, "و") || strings.HasPrefix(w, "ف") {
		conj = len("و")
		add(conj)
	}
	for _, c := range [...]string{"ب", "ل", "ك", "س"} {
		if strings.HasPrefix(w[conj:], c) {
			add(conj + len(c))
			if c == "ل" && strings.HasPrefix(w[conj+len(c):], "ل") {
				// لل: ل + ال with the alef absorbed.
				rest := "ا" + w[conj+len(c):]
				if utf8.RuneCountInString(rest) >= 3 {
					out.rd[out.n] = reading{conj + len(c), w[:conj+len(c)], rest}
					out.n++
				}
			}
			break // the letters differ: no other one can follow
		}
	}
	if conj > 0 && strings.HasPrefix(w[conj:], "ل") && strings.HasPrefix(w[conj+len("ل"):], "س") {
		add(conj + len("لس"))
	}
	return out
}

// bare returns w without proclitics when the rest is in the cue class.
func (a *analysis) bareIs(w, class string) bool {
	for _, r := range readings(w).list() {
		if r.clitics != "" && strings.ContainsAny(r.clitics, "س") {
			continue
		}
		if a.lx.is(class, r.rest) {
			return true
		}
	}
	return false
}

// wordIs reports whether token i is a word whose bare form is in class.
func (a *analysis) wordIs(i int, class string) bool {
	if i < 0 || i >= len(a.toks) || a.toks[i].kind != tokWord {
		return false
	}
	set := a.lx.cues[class]
	for _, r := range a.tokReadings(i) {
		if !strings.Contains(r.clitics, "س") && set[r.rest] {
			return true
		}
	}
	return false
}

// tokReadings returns the readings of token i, computed once.
func (a *analysis) tokReadings(i int) []reading {
	t := &a.toks[i]
	if t.rd == nil {
		rs := readings(t.text)
		n := len(a.rdBuf)
		a.rdBuf = append(a.rdBuf, rs.list()...)
		t.rd = a.rdBuf[n:len(a.rdBuf):len(a.rdBuf)]
	}
	return t.rd
}

// exactIs reports whether token i, as written, is in class.
func (a *analysis) exactIs(i int, class string) bool {
	if i < 0 || i >= len(a.toks) || a.toks[i].kind != tokWord {
		return false
	}
	return a.lx.is(class, a.toks[i].text)
}

// punct reports whether token i is one of the punctuation marks in set.
func (a *analysis) punct(i int, set string) bool {
	return i >= 0 && i < len(a.toks) && a.toks[i].kind == tokPunct && strings.Contains(set, a.toks[i].text)
}

// phraseAt matches a cue phrase of class starting at token i (first word
// with proclitics); it returns the last token.
func (a *analysis) phraseAt(i int, class string) (int, bool) {
	for _, ph := range a.lx.cuePhrases[class] {
		if i+len(ph) > len(a.toks) {
			continue
		}
		ok := false
		for _, r := range a.tokReadings(i) {
			if r.rest == ph[0] {
				ok = true
				break
			}
		}
		for k := 1; ok && k < len(ph); k++ {
			t := a.toks[i+k]
			ok = t.kind == tokWord && t.text == ph[k] && !t.newline
		}
		if ok {
			return i + len(ph) - 1, true
		}
	}
	return 0, false
}
