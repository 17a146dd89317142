// Package normalize folds Arabic text into the form khabar's models and
// gazetteers are matched on, and keeps an exact map from every normalised
// character back to the code points of the original text.
//
// Everything khabar reports is in code points of the original input
// (FORMAT.md); everything it computes is on the normalised text. Text is the
// one bridge between the two.
//
// The rules, in order, each switched by Options:
//
//   - Invisible format characters (ZWNJ U+200C, ZWJ U+200D, LRM U+200E,
//     RLM U+200F, ALM U+061C, LRE..RLO U+202A-U+202E, LRI..PDI U+2066-U+2069,
//     word joiner U+2060, BOM/ZWNBSP U+FEFF, soft hyphen U+00AD) are removed.
//   - Diacritics: harakat and tanwin U+064B-U+0652 (fathatan .. sukun, shadda),
//     U+0653-U+065F, superscript alef U+0670, Quranic marks U+0610-U+061A and
//     U+06D6-U+06ED are removed.
//   - Tatweel U+0640 is removed.
//   - Alef: أ U+0623, إ U+0625, آ U+0622, ٱ U+0671 → ا U+0627.
//   - Yaa: ى U+0649 → ي U+064A; Persian yeh ی U+06CC → ي.
//   - Teh marbuta: ة U+0629 → ه U+0647 (off by default).
//   - Persian letters: ک U+06A9 → ك U+0643 (always with Yaa).
//   - Digits: Arabic-Indic U+0660-U+0669 and Persian U+06F0-U+06F9 → 0-9.
//   - Spaces: NBSP U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000 and tabs
//     become ' '; a run of whitespace becomes one ' ', or one '\n' when the
//     run holds a line break; whitespace at the start and end is dropped.
//   - Lowercase: Latin letters are lower-cased (off by default).
//
// Removed marks (diacritics, tatweel) belong to the letter before them, so a
// span that ends on that letter covers them in the original text. Removed
// format characters and folded whitespace belong to no letter.
package normalize

import (
	"errors"
	"fmt"
	"sort"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidUTF8 is returned for input that is not valid UTF-8.
var ErrInvalidUTF8 = errors.New("invalid UTF-8")

// Options selects the normalisation rules. The zero value changes nothing
// but still validates the input and builds the offset map.
type Options struct {
	Format     bool `json:"format"`      // drop invisible format characters (bidi marks, ZWJ/ZWNJ, BOM)
	Diacritics bool `json:"diacritics"`  // drop harakat, tanwin, shadda, sukun, superscript alef, Quranic marks
	Tatweel    bool `json:"tatweel"`     // drop tatweel
	Alef       bool `json:"alef"`        // أ إ آ ٱ → ا
	Yaa        bool `json:"yaa"`         // ى ی → ي, ک → ك
	TehMarbuta bool `json:"teh_marbuta"` // ة → ه
	Digits     bool `json:"digits"`      // Arabic-Indic and Persian digits → ASCII
	Whitespace bool `json:"whitespace"`  // unusual spaces → ' ', runs folded
	Lowercase  bool `json:"lowercase"`   // Latin letters lower-cased
}

// Default is the profile khabar's own models and gazetteers use: every rule
// except teh marbuta folding and lower-casing.
func Default() Options {
	return Options{Format: true, Diacritics: true, Tatweel: true, Alef: true, Yaa: true,
		Digits: true, Whitespace: true}
}

// Light is the profile for models that bring their own normalisation (any
// Hugging Face export without a khabar section in config.json): it only
// removes what no tokenizer should see (format characters, tatweel,
// diacritics) and folds whitespace. Letters are left as they are.
func Light() Options {
	return Options{Format: true, Diacritics: true, Tatweel: true, Whitespace: true}
}

// Text is a normalised text together with its original and the map between
// them. It is immutable and safe for concurrent use.
type Text struct {
	orig     string
	norm     string
	origLen  int     // original length in code points
	runeAt   []int32 // normalised byte offset → normalised rune index (len(norm)+1 entries)
	byteOf   []int32 // normalised rune index → byte offset (n+1 entries)
	origFrom []int32 // normalised rune index → first original code point
	origTo   []int32 // normalised rune index → original code point end (exclusive, covers attached marks)
	origByte []int32 // original code point index → byte offset in orig (origLen+1 entries)
}

// Original returns the text as given.
func (t *Text) Original() string { return t.orig }

// String returns the normalised text.
func (t *Text) String() string { return t.norm }

// OriginalLen returns the length of the original text in code points.
func (t *Text) OriginalLen() int { return t.origLen }

// ToOriginal maps a span of the normalised text, given in byte offsets
// [start, end), to code point offsets [ostart, oend) of the original text.
// start and end must lie on rune boundaries of the normalised text; offsets
// inside a rune are moved to its start. An empty span maps to an empty span.
func (t *Text) ToOriginal(start, end int) (ostart, oend int) {
	if start < 0 {
		start = 0
	}
	if end > len(t.norm) {
		end = len(t.norm)
	}
	if start >= end {
		p := t.origPos(start)
		return p, p
	}
	rs := int(t.runeAt[start])
	re := int(t.runeAt[end])
	if re <= rs {
		re = rs + 1
	}
	return int(t.origFrom[rs]), int(t.origTo[re-1])
}

// origPos maps a normalised byte offset to the original code point offset
// of the character there (or the end of the text).
func (t *Text) origPos(b int) int {
	if b < 0 {
		b = 0
	}
	if b >= len(t.norm) {
		return t.origLen
	}
	return int(t.origFrom[t.runeAt[b]])
}

// FromOriginal maps a span of the original text in code points [ostart,
// oend) to byte offsets [start, end) of the normalised text: the normalised
// characters whose original ranges lie inside it. It is the inverse of
// ToOriginal for spans that ToOriginal produced.
func (t *Text) FromOriginal(ostart, oend int) (start, end int) {
	n := len(t.byteOf) - 1 // normalised runes
	// First normalised rune that starts at or after ostart.
	lo := sort.Search(n, func(i int) bool { return int(t.origFrom[i]) >= ostart })
	// Runes that end at or before oend.
	hi := sort.Search(n, func(i int) bool { return int(t.origTo[i]) > oend })
	if hi < lo {
		hi = lo
	}
	return int(t.byteOf[lo]), int(t.byteOf[hi])
}

// OriginalSlice returns the original text of code points [ostart, oend).
func (t *Text) OriginalSlice(ostart, oend int) string {
	if ostart < 0 {
		ostart = 0
	}
	if oend > t.origLen {
		oend = t.origLen
	}
	if ostart >= oend {
		return ""
	}
	return t.orig[t.origByte[ostart]:t.origByte[oend]]
}

// RuneIndex returns the normalised rune index of a normalised byte offset.
func (t *Text) RuneIndex(b int) int {
	if b < 0 {
		return 0
	}
	if b > len(t.norm) {
		b = len(t.norm)
	}
	return int(t.runeAt[b])
}

// ByteOffset returns the byte offset of normalised rune index r.
func (t *Text) ByteOffset(r int) int {
	if r < 0 {
		return 0
	}
	if r >= len(t.byteOf) {
		return len(t.norm)
	}
	return int(t.byteOf[r])
}

// Normalizer applies one set of Options. It is safe for concurrent use.
type Normalizer struct{ opts Options }

// New returns a Normalizer for opts.
func New(opts Options) *Normalizer { return &Normalizer{opts: opts} }

// Options returns the rules the normaliser applies.
func (n *Normalizer) Options() Options { return n.opts }

// String normalises s and returns only the normalised text. Invalid UTF-8
// sequences are replaced by U+FFFD; use Normalize to reject them.
func (n *Normalizer) String(s string) string {
	if !utf8.ValidString(s) {
		s = string([]rune(s))
	}
	t, _ := n.Normalize(s)
	return t.norm
}

// Normalize normalises s. It fails only on invalid UTF-8, reporting the byte
// offset of the first bad sequence.
func (n *Normalizer) Normalize(s string) (*Text, error) {
	if !utf8.ValidString(s) {
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size <= 1 {
				return nil, fmt.Errorf("%w at byte %d", ErrInvalidUTF8, i)
			}
			i += size
		}
		return nil, ErrInvalidUTF8
	}
	o := n.opts
	t := &Text{orig: s}
	nr := utf8.RuneCountInString(s)
	t.origLen = nr
	t.origByte = make([]int32, 0, nr+1)
	out := make([]byte, 0, len(s))
	t.byteOf = make([]int32, 0, nr+1)
	t.origFrom = make([]int32, 0, nr+1)
	t.origTo = make([]int32, 0, nr+1)

	pendingSpace := byte(0) // ' ' or '\n' waiting to be written before the next kept rune
	spaceFrom := int32(0)   // original code point of the first rune of the pending run
	spaceTo := int32(0)
	emit := func(r rune, from, to int32) {
		t.byteOf = append(t.byteOf, int32(len(out)))
		t.origFrom = append(t.origFrom, from)
		t.origTo = append(t.origTo, to)
		out = utf8.AppendRune(out, r)
	}
	ci := int32(0)
	for bi, r := range s {
		t.origByte = append(t.origByte, int32(bi))
		cur := ci
		ci++
		if o.Whitespace {
			if sp, nl := isSpace(r); sp {
				if pendingSpace == 0 {
					spaceFrom = cur
					pendingSpace = ' '
				}
				if nl {
					pendingSpace = '\n'
				}
				spaceTo = cur + 1
				continue
			}
		}
		if o.Format && isFormat(r) {
			continue
		}
		if (o.Diacritics && isDiacritic(r)) || (o.Tatweel && r == 0x0640) {
			// A removed mark belongs to the kept letter before it, unless a
			// space intervenes.
			if k := len(t.origTo); k > 0 && pendingSpace == 0 {
				t.origTo[k-1] = cur + 1
			}
			continue
		}
		r = n.fold(r)
		if pendingSpace != 0 {
			if len(out) > 0 { // drop leading whitespace
				emit(rune(pendingSpace), spaceFrom, spaceTo)
			}
			pendingSpace = 0
		}
		emit(r, cur, cur+1)
	}
	t.origByte = append(t.origByte, int32(len(s)))
	t.byteOf = append(t.byteOf, int32(len(out)))
	t.norm = string(out)
	t.runeAt = make([]int32, len(out)+1)
	for i := 0; i+1 < len(t.byteOf); i++ {
		for b := t.byteOf[i]; b < t.byteOf[i+1]; b++ {
			t.runeAt[b] = int32(i)
		}
	}
	t.runeAt[len(out)] = int32(len(t.byteOf) - 1)
	// The end sentinel maps to the end of the original text.
	t.origFrom = append(t.origFrom, int32(nr))
	t.origTo = append(t.origTo, int32(nr))
	return t, nil
}

// fold applies the letter-for-letter rules; it never changes length in runes.
func (n *Normalizer) fold(r rune) rune {
	o := n.opts
	switch {
	case o.Alef && (r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ'):
		return 'ا'
	case o.Yaa && (r == 'ى' || r == 'ی'):
		return 'ي'
	case o.Yaa && r == 'ک':
		return 'ك'
	case o.TehMarbuta && r == 'ة':
		return 'ه'
	case o.Digits && r >= '٠' && r <= '٩':
		return '0' + (r - '٠')
	case o.Digits && r >= '۰' && r <= '۹':
		return '0' + (r - '۰')
	case o.Lowercase && r < 0x250 && unicode.IsUpper(r):
		return unicode.ToLower(r)
	}
	return r
}

// IsDiacritic reports whether r is one of the marks the Diacritics rule removes.
func IsDiacritic(r rune) bool { return isDiacritic(r) }

func isDiacritic(r rune) bool {
	return (r >= 0x064B && r <= 0x065F) || r == 0x0670 ||
		(r >= 0x0610 && r <= 0x061A) || (r >= 0x06D6 && r <= 0x06ED && r != 0x06DD && r != 0x06DE && r != 0x06E5 && r != 0x06E6 && r != 0x06E9)
}

func isFormat(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x2060, 0xFEFF, 0x00AD:
		return true
	}
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// isSpace reports whether r is whitespace and whether it breaks a line.
func isSpace(r rune) (space, newline bool) {
	switch r {
	case '\n', '\r', '\v', '\f', 0x0085, 0x2028, 0x2029:
		return true, true
	case ' ', '\t', 0x00A0, 0x1680, 0x202F, 0x205F, 0x3000:
		return true, false
	}
	if r >= 0x2000 && r <= 0x200A {
		return true, false
	}
	return false, false
}
