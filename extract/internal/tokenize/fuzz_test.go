package tokenize

import (
	"testing"
	"unicode/utf8"
)

// FuzzEncode: any valid text encodes without error or panic, with offsets
// starting in order (tokens normalised out of one character share its
// range), on rune boundaries and inside the text, for a plain and a
// normalising tokenizer.
func FuzzEncode(f *testing.F) {
	for _, s := range []string{"", "مجلس الامن، في الامم المتحدة.", "Héllo WORLDS! ﷺ ﻻ 北京", "[MASK]مجلس[SEP]", "a\u0001b \u200b", "##"} {
		f.Add(s)
	}
	plain := mustFromBytes(f, miniJSON(f, "", `{"type":"BertPreTokenizer"}`, bertPost))
	norm := mustFromBytes(f, miniJSON(f, `{"type":"Sequence","normalizers":[{"type":"BertNormalizer","lowercase":true},{"type":"NFKC"}]}`,
		`{"type":"Whitespace"}`, templatePost))
	f.Fuzz(func(t *testing.T, s string) {
		for _, tk := range []*Tokenizer{plain, norm} {
			enc, err := tk.Encode(s)
			if !utf8.ValidString(s) {
				if err == nil {
					t.Fatal("invalid UTF-8 accepted")
				}
				continue
			}
			if err != nil {
				t.Fatalf("Encode(%q): %v", s, err)
			}
			prev := 0
			for i := range enc.IDs {
				if enc.Special[i] {
					continue
				}
				o := enc.Offsets[i]
				if o.Start < prev || o.End < o.Start || o.End > len(s) ||
					!utf8.RuneStart(s[o.Start]) || (o.End < len(s) && !utf8.RuneStart(s[o.End])) {
					t.Fatalf("Encode(%q): token %d offsets %v (previous start %d)", s, i, o, prev)
				}
				prev = o.Start
			}
		}
	})
}
