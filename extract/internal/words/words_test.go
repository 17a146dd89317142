package words

import (
	"testing"
	"unicode"
)

func TestKindOf(t *testing.T) {
	for _, c := range []struct {
		r    rune
		want Kind
	}{
		{'0', Number}, {'9', Number}, {'٣', Punct},
		{'a', Word}, {'ب', Word}, {'\u064E', Word}, {'،', Punct}, {'.', Punct}, {'€', Punct}, {'𝐀', Word},
	} {
		want := c.want
		if got := KindOf(c.r); got != want {
			t.Errorf("KindOf(%q) = %d, want %d", c.r, got, want)
		}
	}
	// The cache agrees with the rule on every cached rune.
	for r := rune(0); r < rune(len(runeKinds)); r++ {
		want := Punct
		switch {
		case r >= '0' && r <= '9':
			want = Number
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			want = Word
		}
		if KindOf(r) != want {
			t.Fatalf("KindOf(%U) = %d, want %d", r, KindOf(r), want)
		}
	}
}

func TestScan(t *testing.T) {
	s := "في 2023م،\nقال  ب15 \xff"
	type tok struct {
		text        string
		kind        Kind
		newline, gl bool
	}
	want := []tok{
		{"في", Word, false, false},
		{"2023", Number, false, false},
		{"م", Word, false, true},
		{"،", Punct, false, true},
		{"قال", Word, true, false},
		{"ب", Word, false, false},
		{"15", Number, false, true},
		{"\xff", Punct, false, false},
	}
	var got []tok
	Scan(s, func(w Token) {
		got = append(got, tok{s[w.Start:w.End], w.Kind, w.Newline, w.Glued})
	})
	if len(got) != len(want) {
		t.Fatalf("got %d tokens %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
