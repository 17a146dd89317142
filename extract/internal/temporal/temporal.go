// Package temporal recognises the time expressions (DATE) and vote numbers
// (NUM) of normalised Arabic news text and gives them normalised values.
//
// DATE values are ISO 8601 as TimeML writes them: YYYY-MM-DD for a day,
// YYYY-MM for a month, YYYY for a year and YYYY-Www for an ISO week.
// Recognised forms:
//
//   - absolute: "15 نوفمبر 2023", "24 شباط/فبراير", "الثلاثاء 20 فبراير 2024",
//     "15/11/2023", "أكتوبر 2023", "شهر أكتوبر", "عام 2018", "منذ 2011", with
//     Egyptian/Gulf (يناير … ديسمبر) and Levantine (كانون الثاني … كانون الأول)
//     month names, alone or paired;
//   - Hijri: "10 شعبان 1445 هـ", converted with the tabular Islamic calendar
//     (hijri.go: within a day or two of Umm al-Qura);
//   - relative to the document date: "اليوم", "أمس", "أمس الأول", "غدا",
//     weekdays with or without "يوم", a part of the day ("مساء الأحد") or a
//     modifier ("الاثنين الماضي", "الخميس المقبل"), "الأسبوع الماضي",
//     "الشهر المقبل", "العام الماضي", "نوفمبر الماضي", "نفس اليوم". The
//     current unit ("هذا الأسبوع", "العام الحالي") is vague and not a DATE
//     (ANNOTATION.md), nor is the Friday of "صلاة الجمعة".
//
// Resolution rules, for past-tense news: a bare weekday is the most recent
// such day on or before the document date; with الماضي strictly before it,
// with المقبل/القادم strictly after it. "اليوم X" names day X: when X is the
// document date's weekday it is that date, otherwise the weekday wins over
// "today" and X is the most recent such day on or before the document date
// (publication dates often lag the day a report was written). "أمس X" is the
// most recent X strictly before the document date. A day and month without
// a year take the year that puts them closest to the document date; a month
// without a year is the most recent such month on or before the document
// month. Without a document date relative expressions are still found but
// keep their text only (empty Value).
//
// NUM mentions are numbers in a voting context (see numbers.go); their value
// is a decimal integer, or a decimal fraction for thresholds (ثلثي 0.6667).
package temporal

import (
	"sort"
	"sync"
	"time"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

// Find returns the DATE and NUM mentions of d's normalised text, sorted by
// start and never overlapping, with Sources = doc.SourcePattern. d.Date (if
// a valid YYYY-MM-DD) is the anchor of relative dates. Find does not modify
// d.
func Find(d *doc.Doc) []doc.Mention {
	anchor, has := ParseAnchor(d.Date)
	return FindText(d.Text.String(), anchor, has)
}

// scratch is the reusable memory of one FindText call.
type scratch struct {
	toks  []token
	taken []bool
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// ParseAnchor parses a document date (YYYY-MM-DD). ok is false for an
// empty or malformed date.
func ParseAnchor(date string) (t time.Time, ok bool) {
	t, err := time.Parse("2006-01-02", date)
	return t, err == nil
}

// FindText is Find on a normalised text with an explicit anchor; hasAnchor
// false means no document date.
func FindText(norm string, anchor time.Time, hasAnchor bool) []doc.Mention {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.toks = tokenize(norm, sc.toks)
	s := &scanner{norm: norm, toks: sc.toks, anchor: anchor, hasAnchor: hasAnchor}
	var out []doc.Mention
	// Dates first, leftmost-longest.
	if cap(sc.taken) < len(s.toks) {
		sc.taken = make([]bool, len(s.toks))
	}
	taken := sc.taken[:len(s.toks)]
	clear(taken)
	for i := 0; i < len(s.toks); i++ {
		if !s.mayStart(i) {
			continue
		}
		m, ok := s.at(i)
		if !ok {
			continue
		}
		out = append(out, doc.Mention{Span: doc.Span{Start: m.start, End: m.end}, Type: "DATE",
			Sources: doc.SourcePattern, Value: m.value})
		if m.day {
			s.lastDay = m.value
		}
		for k := m.first; k <= m.last; k++ {
			taken[k] = true
		}
		i = m.last
	}
	// Vote numbers, sentence by sentence.
	for a := 0; a < len(s.toks); {
		b := s.sentenceEnd(a)
		if s.sentenceHasVoteCue(a, b) {
			for i := a; i < b; i++ {
				if taken[i] {
					continue
				}
				if m, ok := s.numAt(i); ok {
					out = append(out, doc.Mention{Span: doc.Span{Start: m.start, End: m.end}, Type: "NUM",
						Sources: doc.SourcePattern, Value: m.value})
					i = m.last
				}
			}
		}
		a = b
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// mayStart reports whether token i can begin a DATE: a number, or a word
// that is (after proclitics) the first word of some form.
func (s *scanner) mayStart(i int) bool {
	t := s.toks[i]
	switch t.kind {
	case tokNumber:
		return true
	case tokWord:
		for _, off := range strips(t.text).list() {
			if names.starts[t.text[off:]] {
				return true
			}
		}
		return isClitics(t.text) // "ب" glued to a day number
	}
	return false
}

// sentenceEnd returns the index after the last token of the sentence that
// starts at token a: sentences end at . ! ? ؟ ؛ ; and line breaks (a
// rough cut that is enough to scope voting words; the pipeline's sentence
// splitter is not needed here).
func (s *scanner) sentenceEnd(a int) int {
	for k := a + 1; k < len(s.toks); k++ {
		if s.toks[k].newline {
			return k
		}
		if t := s.toks[k-1]; t.kind == tokPunct {
			switch t.text {
			case ".", "!", "?", "؟", "؛", ";":
				if !(t.text == "." && s.toks[k].glued) {
					return k
				}
			}
		}
	}
	return len(s.toks)
}
