package extract

import (
	"sort"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

// The merge policy: the one place where model, gazetteer and pattern spans
// meet. Entities come out flat (never overlapping), sorted by start.
//
//  1. Pattern spans (DATE, NUM, resolution numbers) are exact by
//     construction and always kept; candidates overlapping them are
//     dropped, except that an identical span merges sources and link.
//  2. A gazetteer span and a model span with the same boundaries merge into
//     one entity: the gazetteer's type and link win (they are curated), the
//     model's score is kept and both sources are listed. Where the model
//     says PER and the gazetteer GPE/ORG for the same text, the gazetteer
//     wins too.
//  3. Overlapping but different spans: the longer one wins (the maximal
//     name, ANNOTATION.md), the gazetteer's when equally long; a winning
//     model span that covers a gazetteer span of the same type inherits its
//     link when the gazetteer span is most of it (e.g. model "مجلس الأمن
//     الدولي" and gazetteer "مجلس الأمن"; see inheritLink).
//     Exception: a model span that only partly overlaps a gazetteer span
//     (crosses its boundary) loses to the gazetteer span, since the
//     gazetteer's boundaries are exact for the names it knows.
//  4. NORP and TITLE candidates come only from the gazetteer and never
//     displace a model name they overlap unless they are longer.
//  5. The model's LOC becomes GPE when a gazetteer country/city has the
//     same span; otherwise model labels keep their type (PER ORG LOC MISC).
//  6. A minister's portfolio is part of the office, not an organisation
//     (ANNOTATION.md: TITLE is the office noun phrase, as in "وزير
//     الخارجية"): a model ORG right after the bare noun وزير/وزيرة
//     ("وزيرة التعاون الدولي") becomes, with that noun, one TITLE (see
//     portfolioTitles). ANERcorp agrees: it never tags the word after وزير.
//  7. A place name written alone between guillemets, «الشرق الأوسط», is a
//     newspaper title when the gazetteer knows "صحيفة <name>": the
//     gazetteer stage reports it as that ORG (quotedMedia in gazetteer.go),
//     and rule 2 lets it retype the model's LOC.
//  8. A gazetteer form that is also a common word (marked ! in the data:
//     الميادين "the squares" / Al Mayadeen, المنفي "in exile" / al-Menfi)
//     needs the model: when the model ran and no model span overlaps it, it
//     is not a name here and is dropped. Without the model (gazetteers only)
//     it is kept, as there is nothing to ask. Only forms whose common-word
//     sense the model does tell apart are marked: الأسد and حماس are not, as
//     the model misses real mentions of them (نظام الأسد, لحماس) more often
//     than news uses them as "the lion" and "enthusiasm".
//
// Data-side choices that go with this policy (gazetteers/data): nisbas are
// not part of a proper name that stands without them ("حزب الله", not "حزب
// الله اللبناني"; "الكونغرس", not "الكونغرس الأمريكي"), unlike the
// institutions that need them (الجيش الإسرائيلي, الحكومة اليمنية); classifier
// nouns stay out of place spans ("الخليج", not "منطقة الخليج"), and so does
// the honorific epithet of "مكة المكرمة" (an adjective, like a nisba).
func mergeMentions(d *doc.Doc) {
	portfolioTitles(d)
	type cand struct {
		m    doc.Mention
		prio int // higher wins ties
	}
	var cs []cand
	for _, m := range d.Pattern {
		cs = append(cs, cand{m, 3})
	}
	for _, m := range d.Gazetteer {
		if m.Confirm && d.ModelDone && !overlapsAny(m.Span, d.Model) {
			continue
		}
		cs = append(cs, cand{m, 2})
	}
	for _, m := range d.Model {
		cs = append(cs, cand{m, 1})
	}
	// Identical spans merge first.
	type key struct{ s, e int }
	byKey := map[key]int{}
	var merged []cand
	for _, c := range cs {
		k := key{c.m.Start, c.m.End}
		if i, ok := byKey[k]; ok {
			merged[i].m = mergeSame(merged[i].m, c.m)
			continue
		}
		byKey[k] = len(merged)
		merged = append(merged, c)
	}
	// Greedy selection: patterns, then exact-boundary gazetteer spans, then
	// by length; a candidate is taken when it overlaps nothing taken.
	sort.SliceStable(merged, func(i, j int) bool {
		a, b := merged[i], merged[j]
		if (a.prio == 3) != (b.prio == 3) {
			return a.prio == 3
		}
		// A model span crossing a gazetteer boundary loses: handled below.
		if a.m.Len() != b.m.Len() {
			return a.m.Len() > b.m.Len()
		}
		if a.prio != b.prio {
			return a.prio > b.prio
		}
		return a.m.Start < b.m.Start
	})
	var taken []doc.Mention
	gaz := d.Gazetteer
	for _, c := range merged {
		m := c.m
		if m.Sources == doc.SourceModel && crossesAny(m.Span, gaz) {
			continue
		}
		if overlapsAny(m.Span, taken) {
			continue
		}
		if m.Sources&doc.SourceModel != 0 && m.Link == nil {
			inheritLink(&m, gaz)
		}
		taken = append(taken, m)
	}
	sort.Slice(taken, func(i, j int) bool { return taken[i].Start < taken[j].Start })
	d.Entities = taken
}

// mergeSame combines two mentions with identical boundaries.
func mergeSame(a, b doc.Mention) doc.Mention {
	out := a
	out.Sources |= b.Sources
	if b.Score > out.Score {
		out.Score = b.Score
	}
	// Curated sources decide type and link.
	if a.Sources&(doc.SourceGazetteer|doc.SourcePattern) == 0 && b.Sources&(doc.SourceGazetteer|doc.SourcePattern) != 0 {
		out.Type = b.Type
	}
	if out.Link == nil {
		out.Link = b.Link
	}
	if out.Country == "" {
		out.Country = b.Country
	}
	if out.Value == "" {
		out.Value = b.Value
	}
	return out
}

func overlapsAny(s doc.Span, ms []doc.Mention) bool {
	for i := range ms {
		if ms[i].Span.Overlaps(s) {
			return true
		}
	}
	return false
}

// crossesAny reports whether s partly overlaps a gazetteer name, i.e.
// overlaps it without either containing the other.
func crossesAny(s doc.Span, gaz []doc.Mention) bool {
	for i := range gaz {
		g := gaz[i].Span
		if g.Overlaps(s) && !g.Contains(s) && !s.Contains(g) {
			return true
		}
	}
	return false
}

// inheritLink gives a model span the link of a gazetteer span of a
// compatible type inside it that is most of it: two thirds of its length, or
// half when the gazetteer name starts it ("مجلس الأمن" in "مجلس الأمن الدولي").
func inheritLink(m *doc.Mention, gaz []doc.Mention) {
	for i := range gaz {
		g := gaz[i]
		if g.Link == nil || !m.Span.Contains(g.Span) {
			continue
		}
		if 3*g.Len() < 2*m.Len() && (g.Start != m.Start || 2*g.Len() < m.Len()) {
			continue
		}
		if compatible(m.Type, g.Type) {
			m.Link = g.Link
			m.Sources |= doc.SourceGazetteer
			if g.Type == "GPE" && m.Type == "LOC" {
				m.Type = "GPE"
			}
			return
		}
	}
}

func compatible(model, gaz string) bool {
	switch model {
	case "LOC":
		return gaz == "LOC" || gaz == "GPE"
	default:
		return model == gaz
	}
}

// trimProclitics moves the start of model spans past attached proclitics
// (FORMAT.md span convention): "والولايات المتحدة" → "الولايات المتحدة",
// "للأمم المتحدة" → "لأمم المتحدة". A model span is trimmed when a gazetteer
// span ends where it ends and starts after proclitic letters of its first
// word, or when its first word is proclitics + the article ال.
func trimProclitics(text string, model, gaz []doc.Mention) {
	for i := range model {
		m := &model[i]
		snapped := false
		for _, g := range gaz {
			if g.Start > m.Start && g.Start < m.End && g.Start-m.Start <= 4 &&
				isProclitics(text[m.Start:g.Start]) {
				m.Start = g.Start
				snapped = true
				break
			}
		}
		if !snapped {
			m.Start += procliticBeforeArticle(text[m.Start:m.End])
		}
	}
}

// isProclitics reports whether s is a sequence of one or two proclitic
// letters (و ف ب ك ل).
func isProclitics(s string) bool {
	n := 0
	for _, r := range s {
		switch r {
		case 'و', 'ف', 'ب', 'ك', 'ل':
			n++
		default:
			return false
		}
	}
	return n >= 1 && n <= 2
}

// procliticBeforeArticle returns the byte length of proclitics that precede
// the article at the start of s ("وال…", "بال…", "وبال…"), or, for "لل…",
// of the first lam (the article's alef is absorbed), or 0.
func procliticBeforeArticle(s string) int {
	rs := []rune(s)
	for n := 1; n <= 2 && n+2 < len(rs); n++ {
		if !isProclitics(string(rs[:n])) {
			return 0
		}
		rest := rs[n:]
		if len(rest) >= 4 && rest[0] == 'ا' && rest[1] == 'ل' {
			return len(string(rs[:n]))
		}
		if rs[n-1] == 'ل' && rest[0] == 'ل' && len(rest) >= 3 {
			// لل + word: the article's alef is absorbed; the span starts at
			// the article's lam.
			return len(string(rs[:n]))
		}
	}
	return 0
}

// portfolioTitles turns a model ORG that directly follows the bare noun
// وزير or وزيرة (proclitics allowed, no article, no suffix) into one model
// TITLE covering both words: "وزيرة التعاون الدولي" is the office, not the
// minister's noun plus an organisation (merge rule 6). Spans the gazetteer
// already reads as an office ("وزير الخارجية") win anyway by rule 3.
func portfolioTitles(d *doc.Doc) {
	text := d.Text.String()
	for i := range d.Model {
		m := &d.Model[i]
		if m.Type != "ORG" {
			continue
		}
		ws, ok := wordBefore(text, m.Start)
		if !ok {
			continue
		}
		w := text[ws:m.Start]
		w = w[:len(w)-1] // the space
		lead := 0
		for _, p := range []string{"وو", "فو", "لو", "و", "ف", "ل", "ب", "ك"} {
			if len(w) > len(p) && w[:len(p)] == p && isMinister(w[len(p):]) {
				lead = len(p)
				break
			}
		}
		if lead == 0 && !isMinister(w) {
			continue
		}
		m.Start = ws + lead
		m.Type = "TITLE"
	}
}

func isMinister(w string) bool { return w == "وزير" || w == "وزيرة" }

// wordBefore returns the start of the word that ends one space before pos.
func wordBefore(text string, pos int) (int, bool) {
	if pos < 2 || text[pos-1] != ' ' {
		return 0, false
	}
	i := pos - 1
	for i > 0 && text[i-1] != ' ' && text[i-1] != '\n' {
		i--
	}
	return i, i < pos-1
}
