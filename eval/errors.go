package eval

import (
	"encoding/json"
	"io"
	"sort"
	"strings"

	"github.com/khabar-nlp/khabar/extract"
)

// ErrorItem is one false positive, false negative or tally mismatch, with
// enough context to see why.
type ErrorItem struct {
	// Kind is "entity", "event", "argument", "votes" or "field".
	Kind string `json:"kind"`
	// Error is "fp" (predicted, not in gold), "fn" (gold, not predicted)
	// or "mismatch" (votes or a field of a paired event differ; for a
	// magnitude number the gold event may leave null).
	Error string `json:"error"`
	// Doc is the document id (for CoNLL gold: file:line of the sentence).
	Doc string `json:"doc"`
	// Type is the entity type (after mapping) or the event type.
	Type string `json:"type"`
	// Role is the argument's role, or for kind "field" the field:
	// actor_code, target_code, mode, country, plover, magnitude.killed,
	// magnitude.injured, magnitude.arrested or magnitude.size.
	Role string `json:"role,omitempty"`
	// Text is the entity, the argument or the event trigger.
	Text string `json:"text,omitempty"`
	// Start and End locate Text: code points of the document for JSONL
	// gold, token indices in the sentence for CoNLL gold. Absent when
	// unknown.
	Start *int `json:"start,omitempty"`
	End   *int `json:"end,omitempty"`
	// Trigger is the trigger of the event an argument belongs to.
	Trigger string `json:"trigger,omitempty"`
	// Context shows the text around the item with the item in [[ ]].
	Context string `json:"context,omitempty"`
	// Near is the entity of the other side that overlaps this one most,
	// whatever its type: a near miss (wrong type or boundary).
	Near *Near `json:"near,omitempty"`
	// GoldVotes and PredVotes are the tallies of a "votes" mismatch.
	GoldVotes *extract.Votes `json:"gold_votes,omitempty"`
	PredVotes *extract.Votes `json:"pred_votes,omitempty"`
	// GoldValue and PredValue are the values of a "field" mismatch (empty:
	// not stated).
	GoldValue string `json:"gold_value,omitempty"`
	PredValue string `json:"pred_value,omitempty"`

	docIdx, pos int
}

// Near is an overlapping entity of the other side.
type Near struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// WriteErrors writes every error as one JSON object a line.
func (r *Report) WriteErrors(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range r.Errors {
		if err := enc.Encode(&r.Errors[i]); err != nil {
			return err
		}
	}
	return nil
}

const contextRunes = 50

// window returns the text around [start, end) with the span in [[ ]];
// empty when the span is not inside the text.
func window(t []rune, start, end int) string {
	if start < 0 || end > len(t) || start >= end {
		return ""
	}
	lo, hi := max(0, start-contextRunes), min(len(t), end+contextRunes)
	var b strings.Builder
	if lo > 0 {
		b.WriteString("…")
	}
	b.WriteString(string(t[lo:start]))
	b.WriteString("[[")
	b.WriteString(string(t[start:end]))
	b.WriteString("]]")
	b.WriteString(string(t[end:hi]))
	if hi < len(t) {
		b.WriteString("…")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func intp(i int) *int { return &i }

// nearIndex finds, for a mention of one side, the most overlapping mention
// of the other side in the same document.
type nearIndex struct {
	gold, pred       []mention
	goldDoc, predDoc map[int][]int
}

func nearFinder(gold, pred []mention) *nearIndex {
	n := &nearIndex{gold: gold, pred: pred, goldDoc: map[int][]int{}, predDoc: map[int][]int{}}
	for i, m := range gold {
		n.goldDoc[m.doc] = append(n.goldDoc[m.doc], i)
	}
	for i, m := range pred {
		n.predDoc[m.doc] = append(n.predDoc[m.doc], i)
	}
	return n
}

func (n *nearIndex) best(m mention, side []mention, idx []int) int {
	best, bestOv := -1, 0
	for _, i := range idx {
		o := side[i]
		ov := min(m.end, o.end) - max(m.start, o.start)
		if ov > bestOv {
			best, bestOv = i, ov
		}
	}
	return best
}

// inPred returns the index of the prediction nearest to gold mention m, or -1.
func (n *nearIndex) inPred(m mention) int { return n.best(m, n.pred, n.predDoc[m.doc]) }

// inGold returns the index of the gold mention nearest to prediction m, or -1.
func (n *nearIndex) inGold(m mention) int { return n.best(m, n.gold, n.goldDoc[m.doc]) }

// spanError builds the error item of a JSONL entity; other is the index
// of the nearest mention on the other side (in near's lists) or -1.
func spanError(what, docID string, text []rune, m mention, etext string, other int, near *nearIndex) ErrorItem {
	it := ErrorItem{Kind: "entity", Error: what, Doc: docID, Type: m.typ, Text: etext,
		Start: intp(m.start), End: intp(m.end), Context: window(text, m.start, m.end),
		docIdx: m.doc, pos: m.start}
	if other >= 0 {
		var o mention
		if what == "fn" {
			o = near.pred[other]
		} else {
			o = near.gold[other]
		}
		nt := ""
		if o.start >= 0 && o.end <= len(text) && o.start < o.end {
			nt = string(text[o.start:o.end])
		}
		it.Near = &Near{Type: o.typ, Text: nt, Start: o.start, End: o.end}
	}
	return it
}

// eventError builds the error item of an event, argument or tally.
func eventError(doc *Record, docIdx int, kind, what string, g, p *extract.Event, role, text string) ErrorItem {
	ev := g
	if what == "fp" {
		ev = p
	}
	it := ErrorItem{Kind: kind, Error: what, Doc: doc.ID, Type: ev.Type, Role: role, docIdx: docIdx}
	tr := ev.Trigger
	runes := []rune(doc.Text)
	switch kind {
	case "event":
		it.Text = tr.Text
		if tr.Start >= 0 && tr.End > tr.Start {
			it.Start, it.End = intp(tr.Start), intp(tr.End)
		}
	case "argument":
		it.Text = text
		it.Trigger = tr.Text
	case "votes":
		it.Text = tr.Text
		it.GoldVotes, it.PredVotes = g.Votes, p.Votes
	case "field":
		it.Text = tr.Text
		it.GoldValue, it.PredValue = fieldValue(role, g), fieldValue(role, p)
	}
	it.Context = window(runes, tr.Start, tr.End)
	it.pos = tr.Start
	return it
}

// bioErrors lists the false positives and negatives of a BIO scoring.
func bioErrors(c *Corpus, r *bioScored) []ErrorItem {
	var out []ErrorItem
	goldHit := make([]bool, len(r.gold))
	for _, g := range r.match {
		if g >= 0 {
			goldHit[g] = true
		}
	}
	near := nearFinder(r.gold, r.pred)
	item := func(what string, m mention, other *mention) ErrorItem {
		s := m.doc
		off := r.offsets[s]
		toks := c.Sentences[s].Tokens
		a, b := m.start-off, min(m.end-off, len(toks))
		it := ErrorItem{Kind: "entity", Error: what, Doc: sentenceID(c, s), Type: m.typ,
			Start: intp(a), End: intp(m.end - off), docIdx: s, pos: a}
		if a < b {
			it.Text = strings.Join(toks[a:b], " ")
			ctx := append([]string{}, toks[:a]...)
			ctx = append(ctx, "[["+it.Text+"]]")
			it.Context = strings.Join(append(ctx, toks[b:]...), " ")
		}
		if other != nil {
			oa, ob := other.start-off, other.end-off
			nt := ""
			if oa >= 0 && ob <= len(toks) && oa < ob {
				nt = strings.Join(toks[oa:ob], " ")
			}
			it.Near = &Near{Type: other.typ, Text: nt, Start: oa, End: ob}
		}
		return it
	}
	for i, m := range r.gold {
		if goldHit[i] {
			continue
		}
		var o *mention
		if j := near.inPred(m); j >= 0 {
			o = &r.pred[j]
		}
		out = append(out, item("fn", m, o))
	}
	for i, m := range r.pred {
		if r.match[i] >= 0 {
			continue
		}
		var o *mention
		if j := near.inGold(m); j >= 0 {
			o = &r.gold[j]
		}
		out = append(out, item("fp", m, o))
	}
	sortErrors(out)
	return out
}

// sortErrors orders errors by document, then position, kind and side.
func sortErrors(items []ErrorItem) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.docIdx != b.docIdx {
			return a.docIdx < b.docIdx
		}
		if a.pos != b.pos {
			return a.pos < b.pos
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Error < b.Error
	})
}
