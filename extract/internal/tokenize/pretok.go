package tokenize

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// preTokenizer splits text[start:end] into words, calling emit with the
// byte range of each, in order.
type preTokenizer func(text string, start, end int, emit func(s, e int))

// buildPreTokenizer supports the pre-tokenizers that cut text into words at
// whitespace and punctuation, which is what makes a word cache exact.
func buildPreTokenizer(c *component, cjk bool) (preTokenizer, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: no pre_tokenizer (khabar needs one that splits words)", ErrUnsupported)
	}
	var p preTokenizer
	switch c.Type {
	case "BertPreTokenizer":
		p = bertSplit
	case "WhitespaceSplit":
		p = whitespaceSplit
	case "Whitespace":
		p = wordRegexSplit
	case "Metaspace":
		// Alone, Metaspace turns each space into the ▁ of the next word and
		// Hugging Face's offsets then cover that space: khabar's words never
		// hold spaces, so only Metaspace after a splitter is accepted.
		return nil, fmt.Errorf("%w: Metaspace without a splitter before it (use a Sequence [BertPreTokenizer or Whitespace(Split), Metaspace])", ErrUnsupported)
	case "Sequence":
		if len(c.PreTokenizers) == 0 {
			return nil, fmt.Errorf("%w: empty pre_tokenizer Sequence", ErrUnsupported)
		}
		for i := range c.PreTokenizers {
			if c.PreTokenizers[i].Type == "Metaspace" && p != nil {
				if _, err := metaspaceOf(&c.PreTokenizers[i]); err != nil {
					return nil, err
				}
				// no spaces are left: a word is only cut before every
				// literal ▁ it holds (split: true); the ▁ in front of each
				// word is added by modelPieces.
				p = chain(p, metaSplit)
				continue
			}
			q, err := buildPreTokenizer(&c.PreTokenizers[i], false)
			if err != nil {
				return nil, err
			}
			p = chain(p, q)
		}
	default:
		return nil, fmt.Errorf("%w: pre_tokenizer %q (supported: BertPreTokenizer, Whitespace, WhitespaceSplit, Metaspace, Sequence of them)", ErrUnsupported, c.Type)
	}
	if cjk {
		p = chain(cjkSplit, p)
	}
	return p, nil
}

// chain runs b on every word a finds (a nil a is the identity).
func chain(a, b preTokenizer) preTokenizer {
	if a == nil {
		return b
	}
	return func(text string, start, end int, emit func(s, e int)) {
		a(text, start, end, func(s, e int) { b(text, s, e, emit) })
	}
}

// bertSplit is Hugging Face's BertPreTokenizer: split on whitespace, then
// isolate every punctuation character (ASCII punctuation or Unicode P*).
func bertSplit(text string, start, end int, emit func(s, e int)) {
	w := -1
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		switch {
		case isWhitespace(r):
			if w >= 0 {
				emit(w, i)
				w = -1
			}
		case isBertPunct(r):
			if w >= 0 {
				emit(w, i)
				w = -1
			}
			emit(i, i+size)
		default:
			if w < 0 {
				w = i
			}
		}
		i += size
	}
	if w >= 0 {
		emit(w, end)
	}
}

// whitespaceSplit is Hugging Face's WhitespaceSplit.
func whitespaceSplit(text string, start, end int, emit func(s, e int)) {
	w := -1
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if isWhitespace(r) {
			if w >= 0 {
				emit(w, i)
				w = -1
			}
		} else if w < 0 {
			w = i
		}
		i += size
	}
	if w >= 0 {
		emit(w, end)
	}
}

// wordRegexSplit is Hugging Face's Whitespace pre-tokenizer, the regex
// \w+|[^\w\s]+ with Unicode classes.
func wordRegexSplit(text string, start, end int, emit func(s, e int)) {
	w, kind := -1, 0 // kind 1: word characters, 2: other non-space
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		k := 2
		switch {
		case isWhitespace(r):
			k = 0
		case isWordChar(r):
			k = 1
		}
		if k != kind && w >= 0 {
			emit(w, i)
			w = -1
		}
		if k != 0 && w < 0 {
			w = i
		}
		kind = k
		i += size
	}
	if w >= 0 {
		emit(w, end)
	}
}

// cjkSplit isolates CJK ideographs, as BertNormalizer's
// handle_chinese_chars does by padding them with spaces.
func cjkSplit(text string, start, end int, emit func(s, e int)) {
	w := start
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if isCJK(r) {
			if w < i {
				emit(w, i)
			}
			emit(i, i+size)
			w = i + size
		}
		i += size
	}
	if w < end {
		emit(w, end)
	}
}

// isBertPunct is Hugging Face's is_bert_punc.
func isBertPunct(r rune) bool {
	if r < 0x80 {
		return r >= '!' && r <= '/' || r >= ':' && r <= '@' || r >= '[' && r <= '`' || r >= '{' && r <= '~'
	}
	return unicode.IsPunct(r)
}

// isWordChar is the Unicode \w of Rust's regex crate.
func isWordChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.Is(unicode.Nd, r) ||
		unicode.Is(unicode.Pc, r) || unicode.Is(unicode.Nl, r) ||
		unicode.Is(unicode.Other_Alphabetic, r) || unicode.Is(unicode.Join_Control, r)
}

func isCJK(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF || r >= 0x20000 && r <= 0x2A6DF ||
		r >= 0x2A700 && r <= 0x2B73F || r >= 0x2B740 && r <= 0x2B81F || r >= 0x2B920 && r <= 0x2CEAF ||
		r >= 0xF900 && r <= 0xFAFF || r >= 0x2F800 && r <= 0x2FA1F
}

// metaspaceOf returns the replacement string of the Metaspace component in c
// (c itself or a member of its Sequence), "" when there is none. Only the
// forms that put the replacement before every word are accepted
// (prepend_scheme "always", or the older add_prefix_space: true), with
// split: true: they make a word's pieces independent of its neighbours.
func metaspaceOf(c *component) (string, error) {
	if c == nil {
		return "", nil
	}
	if c.Type == "Sequence" {
		found := ""
		for i := range c.PreTokenizers {
			r, err := metaspaceOf(&c.PreTokenizers[i])
			if err != nil {
				return "", err
			}
			if r != "" {
				found = r
			}
		}
		return found, nil
	}
	if c.Type != "Metaspace" {
		return "", nil
	}
	r := "\u2581"
	if c.Replacement != nil {
		r = *c.Replacement
	}
	if r != "\u2581" {
		return "", fmt.Errorf("%w: Metaspace replacement %q (supported: \"\u2581\")", ErrUnsupported, r)
	}
	switch {
	case c.PrependScheme != nil && *c.PrependScheme == "always":
	case c.PrependScheme == nil && c.AddPrefixSpace != nil && *c.AddPrefixSpace:
	default:
		return "", fmt.Errorf("%w: Metaspace without prepend_scheme \"always\"", ErrUnsupported)
	}
	if c.Split != nil && !*c.Split {
		return "", fmt.Errorf("%w: Metaspace with split: false", ErrUnsupported)
	}
	return r, nil
}

// metaSplit cuts a word before every ▁ (U+2581) inside it, as Metaspace's
// split (delimiter merged with the next word) does.
func metaSplit(text string, start, end int, emit func(s, e int)) {
	w := start
	for i, r := range text[start:end] {
		if r == '\u2581' && start+i > w {
			emit(w, start+i)
			w = start + i
		}
	}
	if end > w {
		emit(w, end)
	}
}
