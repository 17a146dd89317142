package eval

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// Seed corpora: testdata/fuzz/FuzzReadCoNLL and testdata/fuzz/FuzzReadRecords.

// FuzzReadCoNLL: the reader never panics, fails only with ErrBadInput, and
// what it accepts is consistent, survives a round trip and scores perfectly
// against itself.
func FuzzReadCoNLL(f *testing.F) {
	f.Add([]byte("عبدالله B-PERS\nالثاني I-PERS\n\nفي O\nعمان B-LOC\n"), false, uint8(2))
	f.Add([]byte("\ufeffa\tO\r\nb B-X I-Y\n-DOCSTART- O\n"), false, uint8(3))
	f.Add([]byte("x IO\ny I--ORG\nz .\n"), true, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, lenient bool, col uint8) {
		c, err := ReadCoNLL(bytes.NewReader(data), "f.txt", CoNLLOptions{Column: int(col % 5), Lenient: lenient})
		if err != nil {
			if !errors.Is(err, ErrBadInput) {
				t.Fatalf("error without ErrBadInput: %v", err)
			}
			return
		}
		var b strings.Builder
		for _, s := range c.Sentences {
			if len(s.Tokens) == 0 || len(s.Tokens) != len(s.Tags) || s.Line < 1 {
				t.Fatalf("bad sentence %+v", s)
			}
			for j, tok := range s.Tokens {
				tag := s.Tags[j]
				if tok == "" || tag == "" || strings.ContainsAny(tok+tag, " \t\n\r\v\f") || !utf8.ValidString(tok+tag) {
					t.Fatalf("bad token/tag %q %q", tok, tag)
				}
				if !lenient && !wellFormedTag(tag) {
					t.Fatalf("malformed tag %q accepted", tag)
				}
				b.WriteString(tok + " " + tag + "\n")
			}
			b.WriteString("\n")
		}
		c2, err := ReadCoNLL(strings.NewReader(b.String()), "g.txt", CoNLLOptions{Lenient: true})
		if err != nil {
			t.Fatalf("round trip: %v", err)
		}
		if len(c2.Sentences) != len(c.Sentences) {
			t.Fatalf("round trip: %d sentences, want %d", len(c2.Sentences), len(c.Sentences))
		}
		for i := range c.Sentences {
			if strings.Join(c2.Sentences[i].Tokens, " ") != strings.Join(c.Sentences[i].Tokens, " ") ||
				strings.Join(c2.Sentences[i].Tags, " ") != strings.Join(c.Sentences[i].Tags, " ") {
				t.Fatalf("round trip changed sentence %d", i)
			}
		}
		tags := c.Tags()
		n := 0
		for _, s := range tags {
			n += len(s) + 1
		}
		for _, ch := range SeqevalChunks(tags) {
			if ch.Start < 0 || ch.End <= ch.Start || ch.End > n {
				t.Fatalf("chunk %+v outside [0, %d)", ch, n)
			}
		}
		s, err := ScoreBIO(tags, tags, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Micro.FP != 0 || s.Micro.FN != 0 || (s.Micro.TP > 0 && s.Micro.F1 != 1) {
			t.Fatalf("self score %+v", s.Micro)
		}
	})
}

// FuzzReadRecords: the JSONL reader never panics, fails only with
// ErrBadInput, keeps gold offsets consistent with the text, and a gold file
// scores perfectly against itself.
func FuzzReadRecords(f *testing.F) {
	f.Add([]byte(goldLine+"\n"), true)
	f.Add([]byte(`{"id":1,"text":"قال ثم","events":[{"type":"STATEMENT","trigger":"قال","args":{"actor":"x"}}]}`+"\n\n{}"), true)
	f.Add([]byte(`{"id":"p","entities":[{"text":"مصر","type":"GPE","start":6,"end":9}],"events":[],"error":null}`), false)
	f.Fuzz(func(t *testing.T, data []byte, gold bool) {
		recs, err := ReadRecords(bytes.NewReader(data), "f.jsonl", gold)
		if err != nil {
			if !errors.Is(err, ErrBadInput) {
				t.Fatalf("error without ErrBadInput: %v", err)
			}
			return
		}
		for _, r := range recs {
			if gold && (!r.HasText || r.ID == "") {
				t.Fatalf("gold record without text or id: %+v", r)
			}
			runes := []rune(r.Text)
			for _, e := range r.Entities {
				if e.Start < 0 || e.End <= e.Start || e.Type == "" {
					t.Fatalf("bad entity %+v", e)
				}
				if r.HasText && (e.End > len(runes) || string(runes[e.Start:e.End]) != e.Text) {
					t.Fatalf("entity %+v does not match the text", e)
				}
			}
			for _, ev := range r.Events {
				if r.HasText && (ev.Trigger.Start < 0 || ev.Trigger.End > len(runes) || string(runes[ev.Trigger.Start:ev.Trigger.End]) != ev.Trigger.Text) {
					t.Fatalf("trigger %+v does not match the text", ev.Trigger)
				}
			}
		}
		if !gold {
			return
		}
		rep := &Report{}
		scoreRecordEntities(Options{}, rep, recs, recs)
		if m := rep.Entities.Micro; m.FP != 0 || m.FN != 0 {
			t.Fatalf("entities against themselves: %+v", m)
		}
		pairs := make([]EventPair, len(recs))
		for i, r := range recs {
			pairs[i] = EventPair{Gold: r.Events, Pred: r.Events}
		}
		ev := ScoreEvents(pairs)
		if ev.Micro.FP != 0 || ev.Micro.FN != 0 || ev.Args.Micro.FP != 0 || ev.Args.Micro.FN != 0 {
			t.Fatalf("events against themselves: %+v %+v", ev.Micro, ev.Args.Micro)
		}
		if ev.Votes.Exact != ev.Votes.Paired || ev.Votes.Paired != ev.Votes.Gold {
			t.Fatalf("votes against themselves: %+v", ev.Votes)
		}
	})
}
