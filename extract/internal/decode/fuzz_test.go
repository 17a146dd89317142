package decode

import (
	"math"
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

var fuzzLabelSets = []struct {
	labels []string
	scheme Scheme
}{
	{[]string{"O", "B-PER", "I-PER", "B-LOC", "I-LOC"}, SchemeIOB2},
	{[]string{"O", "B-PER", "I-PER", "B-LOC", "I-LOC"}, SchemeIOB1},
	{[]string{"O", "B-X", "I-X", "E-X", "S-X", "B-Y", "I-Y", "E-Y", "S-Y"}, SchemeBIOES},
	{[]string{"O", "B-X", "I-X", "L-X", "U-X"}, SchemeBILOU},
	{[]string{"O", "PER", "LOC", "B-ORG"}, SchemeAuto},
}

// FuzzDecode feeds the decoder arbitrary logits, word ids and special
// marks under every scheme and strategy, and checks what any caller relies
// on: no error or panic for well-shaped input, entities sorted, disjoint,
// on token boundaries, typed, with probabilities for scores, and
// well-formed label sequences when constrained.
func FuzzDecode(f *testing.F) {
	f.Add([]byte{0, 1, 3, 0x10, 5, 0, 0, 0, 0, 0x00, 0, 0, 9, 0, 0})
	f.Add([]byte{2, 0x12, 2, 0x01, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 6, 0, 0, 0, 0, 0})
	f.Add([]byte{4, 0x0b, 1, 0x04, 100, 200, 3, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		set := fuzzLabelSets[int(data[0])%len(fuzzLabelSets)]
		n := len(set.labels)
		opts := Options{
			Scheme:      set.scheme,
			Strategy:    Strategy(data[1] % 5),
			Constrained: data[1]&0x08 != 0,
		}
		useCRF := data[1]&0x10 != 0 && opts.Strategy.wordLevel()
		data = data[2:]
		var tokens []Token
		var logits [][]float32
		pos := 0
		for len(data) > n {
			flags := data[0]
			row := make([]float32, n)
			for j := range row {
				row[j] = float32(int8(data[1+j])) / 8
			}
			data = data[1+n:]
			if flags&0x01 != 0 {
				tokens = append(tokens, Token{Span: doc.Span{Start: pos, End: pos}, Special: true})
			} else {
				sub := flags&0x02 != 0
				if !sub {
					pos++
				}
				l := 1 + int(flags>>4)
				tokens = append(tokens, Token{Span: doc.Span{Start: pos, End: pos + l}, Subword: sub})
				pos += l
			}
			logits = append(logits, row)
		}
		if useCRF {
			crf := &CRF{Transitions: make([][]float64, n), Start: make([]float64, n), End: make([]float64, n)}
			k := 0
			val := func() float64 {
				k++
				return float64(int8(k*37+len(tokens))) / 16
			}
			for i := range crf.Transitions {
				crf.Transitions[i] = make([]float64, n)
				for j := range crf.Transitions[i] {
					crf.Transitions[i][j] = val()
				}
				crf.Start[i], crf.End[i] = val(), val()
			}
			opts.CRF = crf
		}
		d, err := New(set.labels, opts)
		if err != nil {
			t.Fatalf("New(%v, %+v): %v", set.labels, opts, err)
		}
		ents, err := d.Decode(tokens, logits)
		if err != nil {
			t.Fatalf("Decode: %v", err)
		}
		starts, ends := map[int]bool{}, map[int]bool{}
		for _, tk := range tokens {
			if !tk.Special {
				starts[tk.Span.Start], ends[tk.Span.End] = true, true
			}
		}
		prevEnd := -1
		for i, e := range ents {
			if e.Start < prevEnd {
				t.Fatalf("entity %d %+v overlaps or precedes the one before (end %d)", i, e, prevEnd)
			}
			if !starts[e.Start] || !ends[e.End] || e.End < e.Start {
				t.Fatalf("entity %d %+v is not on token boundaries", i, e)
			}
			if e.Type == "" || e.Type == "O" {
				t.Fatalf("entity %d has type %q", i, e.Type)
			}
			if math.IsNaN(e.Score) || e.Score < 0 || e.Score > 1+1e-9 {
				t.Fatalf("entity %d has score %v", i, e.Score)
			}
			if (e.Label != "") != (opts.Strategy == StrategyNone) {
				t.Fatalf("entity %d label %q under strategy %s", i, e.Label, opts.Strategy)
			}
			prevEnd = e.End
		}
		if opts.Constrained && opts.Strategy == StrategyNone {
			byStart := map[int]Tag{}
			for _, e := range ents {
				byStart[e.Start] = ParseTag(e.Label)
			}
			var tags []Tag
			for _, tk := range tokens {
				if tk.Special {
					continue
				}
				tag, ok := byStart[tk.Span.Start]
				if !ok {
					tag = Tag{Prefix: prefixO}
				}
				tags = append(tags, tag)
			}
			if !wellFormed(d.Scheme(), tags) {
				t.Fatalf("constrained labels not well formed: %+v", tags)
			}
		}
	})
}
