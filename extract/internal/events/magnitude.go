package events

import (
	"strconv"
	"strings"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/internal/temporal"
)

// Magnitudes (FORMAT.md): killed, injured, arrested and crowd size as the
// text states them — digits or number words, approximate forms (نحو 1500،
// أكثر من 20) read as their number, "عشرات" and "آلاف" alone as none. A
// count is read from the cue words around a number (cues.tsv: مقتل N،
// N قتلى، لقي N شخصا حتفهم، إصابة N، اعتقال N، N متظاهر) and given to the
// nearest event of a type it measures in the sentence, else to the last
// one before it in the paragraph ("وأسفر الهجوم عن مقتل 5").

type countKind uint8

const (
	countKilled countKind = iota
	countInjured
	countArrested
	countSize
)

// countTypes lists, per kind, the event types a count measures, best first.
var countTypes = [...][]string{
	countKilled:   {"ATTACK", "COERCE", "PROTEST"},
	countInjured:  {"ATTACK", "COERCE", "PROTEST"},
	countArrested: {"COERCE"},
	countSize:     {"PROTEST"},
}

// countCues are the cue classes of each kind: before the number, after it.
var countCues = [...][2]string{
	countKilled:   {"killedbefore", "killedafter"},
	countInjured:  {"injuredbefore", "injuredafter"},
	countArrested: {"arrestedbefore", "arrestedafter"},
	countSize:     {"sizebefore", "sizeafter"},
}

// multipliers of a number: "3 آلاف"، "ثلاثة آلاف"، "ألف".
var multipliers = map[string]int{"الف": 1000, "الاف": 1000, "مئة": 100, "مائة": 100,
	"مليون": 1000000, "ملايين": 1000000}

// countAt reads a number at token k: digits or number words, with a
// multiplier after it. It returns the value and the last token.
func (a *analysis) countAt(k int) (int, int, bool) {
	if k < 0 || k >= len(a.toks) {
		return 0, 0, false
	}
	t := a.toks[k]
	val, last := 0, k
	switch {
	case t.kind == tokNumber:
		v, err := strconv.Atoi(t.text)
		if err != nil {
			return 0, 0, false
		}
		val = v
		// "1,500" and "1.500": a thousands group.
		if k+2 < len(a.toks) && a.punct(k+1, ",.٬") && a.toks[k+2].kind == tokNumber && len(a.toks[k+2].text) == 3 &&
			a.toks[k+1].start == t.end && a.toks[k+2].start == a.toks[k+1].end {
			if w, err := strconv.Atoi(a.toks[k+2].text); err == nil {
				val, last = v*1000+w, k+2
			}
		}
	case t.kind == tokWord && (t.ent < 0 || a.ents[t.ent].Type == "NUM"):
		w := t.text
		if m, ok := multipliers[w]; ok && (w == "الف" || w == "مئة" || w == "مائة" || w == "مليون") {
			return m, k, true // ألف شخص
		}
		if w == "الفي" || w == "الفا" {
			return 2000, k, true
		}
		if !temporal.IsNumberWord(w) {
			return 0, 0, false
		}
		found := false
		for n := 3; n >= 1 && !found; n-- {
			if k+n > len(a.toks) {
				continue
			}
			v, ok := temporal.NumberValue(a.norm[t.start:a.toks[k+n-1].end])
			if !ok || strings.Contains(v, ".") {
				continue
			}
			x, err := strconv.Atoi(v)
			if err != nil {
				continue
			}
			val, last, found = x, k+n-1, true
		}
		if !found {
			return 0, 0, false
		}
	default:
		return 0, 0, false
	}
	if w, ok := a.word(last + 1); ok {
		if m, ok := multipliers[w]; ok {
			val, last = val*m, last+1
		}
	}
	return val, last, true
}

// count is a number stated for an event.
type count struct {
	kind countKind
	val  int
	tok  int
}

// readCounts finds the counts of sentence s.
func (a *analysis) readCounts(s int) []count {
	var out []count
	s0, s1 := a.sentStart(s), a.sentEnd(s)
	for k := s0; k < s1; k++ {
		val, last, ok := a.countAt(k)
		if !ok {
			continue
		}
		if kind, ok := a.countKindAt(k, last, s0, s1); ok {
			out = append(out, count{kind: kind, val: val, tok: k})
		}
		k = last
	}
	return out
}

// countKindAt says what the number at [k, last] counts: a cue word right
// after it (two words, the second for "N شخصا حتفهم"), or the nearest cue
// word in the three before it (approximations skipped).
func (a *analysis) countKindAt(k, last, s0, s1 int) (countKind, bool) {
	for j := last + 1; j < s1 && j <= last+3; j++ {
		for kind, cues := range countCues {
			if a.wordIs(j, cues[1]) || a.stemIs(j, cues[1]) {
				return countKind(kind), true
			}
		}
		if a.toks[j].ent >= 0 {
			break
		}
	}
	for j, n := k-1, 0; j >= s0 && n < 3; j-- {
		if a.toks[j].kind != tokWord {
			break
		}
		if a.wordIs(j, "approx") {
			continue
		}
		n++
		for kind, cues := range countCues {
			if a.wordIs(j, cues[0]) {
				return countKind(kind), true
			}
		}
	}
	return 0, false
}

// attachCounts gives every count of the document to its event. A document
// with no event a count can measure is not read for numbers.
func (a *analysis) attachCounts() {
	measured := false
	for _, c := range a.cands {
		for _, types := range countTypes {
			measured = measured || !c.drop && contains(types, c.typ())
		}
	}
	if !measured {
		return
	}
	for s := range a.sentFrom {
		if a.sentFrom[s] < 0 {
			continue
		}
		for _, cn := range a.readCounts(s) {
			if c := a.countEvent(cn, s); c != nil {
				if c.magnitude == nil {
					c.magnitude = &doc.Magnitude{}
				}
				p := c.magnitude.Field(int(cn.kind))
				if *p == nil {
					v := cn.val
					*p = &v
				}
			}
		}
	}
}

// countEvent picks the event a count measures: of the best-fitting type,
// the nearest in the sentence, else the last in the paragraph before it.
func (a *analysis) countEvent(cn count, s int) *cand {
	for _, typ := range countTypes[cn.kind] {
		var best *cand
		bestDist := 0
		for _, c := range a.cands {
			if c.drop || c.typ() != typ || c.sent != s || c.modality != "" {
				continue
			}
			d := c.first - cn.tok
			if d < 0 {
				d = -d
			}
			if best == nil || d < bestDist {
				best, bestDist = c, d
			}
		}
		if best != nil {
			return best
		}
	}
	var last *cand
	para, typ := a.toks[cn.tok].para, countTypes[cn.kind][0]
	for _, c := range a.cands {
		if !c.drop && c.typ() == typ && c.para == para && c.sent < s && c.modality == "" {
			last = c
		}
	}
	return last
}
