// Package sentence splits normalised Arabic news text into sentences (or,
// optionally, clauses) as byte spans.
//
// A sentence ends at . ! ? ؟ ; ؛ … and at every line break. A full stop does
// not end a sentence inside a number (2.5, 15.11.2023), inside a token
// (www.un.org, ق.م), after an abbreviation (a single letter such as د. or
// م., a dotted chain such as ق.م. or U.S., or a word in abbrev.txt), or after
// a list number at the start of a line ("1. "). Closing quotes and brackets
// right after the end mark stay with their sentence.
//
// The Arabic comma ، and the double dot of news headlines ("تايلاند..
// انتهاء محنة") are clause marks, not sentence ends: Arabic news runs
// long sentences of many ،-joined clauses, and a named entity or an event
// with its arguments (actor ، target ، venue) routinely spans them, so the
// default keeps them together. Options.Clauses splits at ، and , as well,
// for callers that want shorter units.
package sentence

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

//go:embed abbrev.txt
var abbrevFile string

// Options selects where the splitter cuts.
type Options struct {
	// Clauses also splits at the Arabic comma ، and the Latin comma, except
	// between digits (1,000), and after a double dot "..".
	Clauses bool
}

// Splitter splits text into spans. The zero value is not usable; use New.
// A Splitter is immutable and safe for concurrent use.
type Splitter struct {
	opts   Options
	abbrev map[string]bool
}

// New returns a Splitter for opts.
func New(opts Options) *Splitter {
	s := &Splitter{opts: opts, abbrev: map[string]bool{}}
	for _, line := range strings.Split(abbrevFile, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s.abbrev[line] = true
	}
	return s
}

var defaultSplitter = New(Options{})

// Split splits normalised text into sentences with the default options.
func Split(norm string) []doc.Span { return defaultSplitter.Split(norm) }

// Split returns the sentences of norm, in order, as non-empty byte spans
// trimmed of surrounding spaces and line breaks. It never panics, even on
// invalid UTF-8.
func (s *Splitter) Split(norm string) []doc.Span {
	var out []doc.Span
	emit := func(a, b int) {
		for a < b && isSpace(norm[a]) {
			a++
		}
		for b > a && isSpace(norm[b-1]) {
			b--
		}
		if a < b {
			out = append(out, doc.Span{Start: a, End: b})
		}
	}
	start := 0
	for i := 0; i < len(norm); {
		r, size := utf8.DecodeRuneInString(norm[i:])
		switch {
		case r == '\n':
			emit(start, i)
			start = i + size
			i += size
			continue
		case r == '.' && isDoubleDot(norm, i):
			// "المانيا.. ميركل تقول": two dots join a headline's topic to
			// its news, a clause mark, not an ellipsis.
			if !s.opts.Clauses {
				i += 2
				continue
			}
			emit(start, i+2)
			start = i + 2
			i += 2
			continue
		case isTerminal(r) || (s.opts.Clauses && isClause(r)):
			if !s.boundary(norm, start, i, r, size) {
				break
			}
			j := i + size
			for j < len(norm) {
				r2, sz := utf8.DecodeRuneInString(norm[j:])
				if !isTerminal(r2) && !isCloser(r2) && !(s.opts.Clauses && isClause(r2)) {
					break
				}
				j += sz
			}
			emit(start, j)
			start = j
			i = j
			continue
		}
		i += size
	}
	emit(start, len(norm))
	return out
}

// boundary reports whether the mark r at norm[i:i+size] ends the sentence
// that began at start.
func (s *Splitter) boundary(norm string, start, i int, r rune, size int) bool {
	prev, _ := utf8.DecodeLastRuneInString(norm[:i])
	next, _ := utf8.DecodeRuneInString(norm[i+size:])
	atEnd := i+size >= len(norm)
	if r == '.' || r == ',' || r == '،' {
		if isDigit(prev) && isDigit(next) && !atEnd {
			return false // 2.5, 15.11.2023, 1,000
		}
	}
	if r != '.' {
		return true
	}
	// A full stop glued to what follows is inside a token: www.un.org, ق.م
	if !atEnd && !isSpace8(next) && !isTerminal(next) && !isCloser(next) {
		return false
	}
	tok := tokenBefore(norm, start, i)
	if tok == "" {
		return true
	}
	if s.isAbbrev(tok) {
		return false
	}
	// A list number opening a line or sentence: "1. ", "(2). "
	if strings.TrimSpace(norm[start:i]) == tok && isNumber(tok) {
		return false
	}
	return true
}

// tokenBefore returns the run of non-space characters ending at i (not
// before start), without opening quotes or brackets.
func tokenBefore(norm string, start, i int) string {
	j := i
	for j > start {
		r, sz := utf8.DecodeLastRuneInString(norm[start:j])
		if r == ' ' || r == '\n' {
			break
		}
		j -= sz
	}
	tok := norm[j:i]
	return strings.TrimLeftFunc(tok, isOpener)
}

func (s *Splitter) isAbbrev(tok string) bool {
	if s.abbrev[tok] {
		return true
	}
	// A single letter or a chain of single letters joined by dots.
	for _, part := range strings.Split(tok, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(part)
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// isDoubleDot reports whether norm[i:] starts a run of exactly two dots.
func isDoubleDot(norm string, i int) bool {
	return strings.HasPrefix(norm[i:], "..") && !strings.HasPrefix(norm[i:], "...") && (i == 0 || norm[i-1] != '.')
}

func isNumber(tok string) bool {
	tok = strings.Trim(tok, "()[]")
	if tok == "" {
		return false
	}
	for _, r := range tok {
		if !isDigit(r) {
			return false
		}
	}
	return true
}

func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '؟', ';', '؛', '…':
		return true
	}
	return false
}

func isClause(r rune) bool { return r == '،' || r == ',' }

// isCloser reports closing quotes and brackets that stay with the sentence
// they close.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '»', '”', '’', '›', ')', ']', '}':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '«', '“', '‘', '‹', '(', '[', '{':
		return true
	}
	return false
}

func isDigit(r rune) bool {
	return r >= '0' && r <= '9' || r >= '٠' && r <= '٩' || r >= '۰' && r <= '۹'
}

func isSpace(b byte) bool  { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }
func isSpace8(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' }
