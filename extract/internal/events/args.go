package events

import (
	"strings"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

// ref is an argument: an entity mention, or a coreferent phrase resolved
// through its link.
type ref struct {
	span    doc.Span
	ent     int // entity index, -1 for a phrase that is no entity
	typ     string
	link    *doc.Link
	country string
	value   string // a DATE argument's normalised value
}

func (a *analysis) entRef(e int) ref {
	m := a.ents[e]
	return ref{span: m.Span, ent: e, typ: m.Type, link: m.Link, country: a.entCountry(e)}
}

// key identifies what a ref stands for: its link id, else its text.
func (a *analysis) key(r ref) string {
	if r.link != nil && r.link.ID != "" && r.link.ID != "-" {
		return r.link.ID
	}
	return a.norm[r.span.Start:r.span.End]
}

// entCountry returns the state an entity belongs to: a state's own id, a
// ministry's or nisba's Country, or the ISO3 prefix of an institution id.
func (a *analysis) entCountry(e int) string {
	m := a.ents[e]
	if m.Country != "" {
		return m.Country
	}
	if m.Link != nil {
		id := m.Link.ID
		if isISO3(id) {
			return id
		}
		if i := strings.IndexByte(id, '-'); i == 3 && isISO3(id[:3]) {
			return id[:3]
		}
	}
	return ""
}

func isISO3(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// unBodies are the organisation ids that count as UN forums (venues).
var unBodies = map[string]bool{"UNSC": true, "UNGA": true, "UN": true, "UNHRC": true, "HRC": true,
	"ECOSOC": true, "ICJ": true}

func isUNBody(m doc.Mention) bool {
	if m.Type != "ORG" {
		return false
	}
	if m.Link != nil && unBodies[m.Link.ID] {
		return true
	}
	return false
}

// isUNBodyText also accepts unlinked mentions by their words.
func (a *analysis) isUNBodyEnt(e int) bool {
	m := a.ents[e]
	if isUNBody(m) {
		return true
	}
	if m.Type != "ORG" || (m.Link != nil && m.Link.ID != "" && m.Link.ID != "-") {
		return false
	}
	t := a.norm[m.Start:m.End]
	return (strings.Contains(t, "مجلس الامن") && !strings.Contains(t, "القومي") && !strings.Contains(t, "الوطني")) ||
		strings.Contains(t, "الجمعية العامة")
}

// sentStart and sentEnd bound the tokens of sentence s: [start, end).
func (a *analysis) sentStart(s int) int {
	if s < 0 || s >= len(a.sentFrom) || a.sentFrom[s] < 0 {
		return len(a.toks)
	}
	return a.sentFrom[s]
}

func (a *analysis) sentEnd(s int) int {
	if s < 0 || s >= len(a.sentTo) {
		return 0
	}
	return a.sentTo[s]
}

// indexSentences records the first and after-last token of each sentence.
func (a *analysis) indexSentences() {
	a.sentFrom = make([]int, len(a.d.Sentences))
	a.sentTo = make([]int, len(a.d.Sentences))
	for i := range a.sentFrom {
		a.sentFrom[i] = -1
	}
	for k, t := range a.toks {
		if t.sent < 0 || t.sent >= len(a.sentFrom) {
			continue
		}
		if a.sentFrom[t.sent] < 0 {
			a.sentFrom[t.sent] = k
		}
		a.sentTo[t.sent] = k + 1
	}
}

// entClitics returns the proclitic letters of the token before entity e's
// span starts ("و" for "والصين", "ل" for "لروسيا").
func (a *analysis) entClitics(e int) string {
	k := a.entFirst[e]
	if k < 0 {
		return ""
	}
	t := a.toks[k]
	if a.ents[e].Start > t.start {
		return t.text[:a.ents[e].Start-t.start]
	}
	return ""
}

func prepClitic(cl string) bool {
	cl = strings.TrimPrefix(strings.TrimPrefix(cl, "و"), "ف")
	return cl != ""
}

// nisbaLike reports an adjective of nationality or office (الأمريكي،
// الرسمية): the article and a ي/ية ending.
func nisbaLike(w string) bool {
	w = strings.TrimPrefix(strings.TrimPrefix(w, "و"), "ف")
	if !strings.HasPrefix(w, "ال") || utf8.RuneCountInString(w) < 5 || w == "الذي" || w == "التي" || w == "اللذين" || w == "الذين" {
		return false // "إلى" is no nisba
	}
	for _, suf := range []string{"ي", "ية", "يين", "يون", "يان"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// nounPhrase is an actor phrase: the entities that act and where it ends.
type nounPhrase struct {
	heads      []ref
	first, end int // tokens [first, end)
	prep       bool
	coref      bool
}

// skipFillers moves past what may stand between a verb and its subject:
// dates, adverbs, honorifics, "من جانبه", commas, and the head nouns that
// come before a named group ("وزراء خارجية"، "طائرات"، "عشرات الآلاف من
// أنصار").
func (a *analysis) skipFillers(i, limit int) int {
	crowd := false
	for i < limit {
		t := a.toks[i]
		switch {
		case t.ent >= 0 && (a.ents[t.ent].Type == "DATE"):
			i = a.entLast[t.ent] + 1
		case t.kind == tokPunct && strings.Contains("،,", t.text):
			i++
		case t.ent < 0 && (a.wordIs(i, "filler") || a.wordIs(i, "grouphead")):
			i++
		case t.ent < 0 && a.wordIs(i, "crowd"):
			crowd = true
			i++
		case t.ent < 0 && crowd && t.text == "من":
			i++
		default:
			if l, ok := a.phraseAt(i, "sidephrase"); ok && t.ent < 0 {
				i = l + 1
				continue
			}
			return i
		}
	}
	return i
}

// npRight reads the actor phrase that starts at token i (after fillers):
// coordinated entities (الولايات المتحدة وبريطانيا), a title with its
// complements and name (الأمين العام للأمم المتحدة أنطونيو غوتيريش، رئيس
// مجلس الوزراء وزير الخارجية القطري الشيخ محمد …), a name with its title in
// apposition (بدر عبد العاطي، وزير الخارجية). The heads are the persons if
// any, else the organisations and states, else the title.
func (a *analysis) npRight(i, limit int) nounPhrase {
	j := a.skipFillers(i, limit)
	if j >= limit {
		return nounPhrase{}
	}
	if np, ok := a.corefAt(j, limit); ok {
		return np
	}
	// "طائرات حربية تابعة للجيش الإسرائيلي": the owner of a group head.
	if j > i && a.wordIs(j-1, "grouphead") || a.wordIs(j, "affil") {
		k := j
		for k < limit && k < j+3 && a.toks[k].ent < 0 && a.toks[k].kind == tokWord && !a.wordIs(k, "affil") &&
			(strings.HasSuffix(a.toks[k].text, "ية") || strings.HasSuffix(a.toks[k].text, "ي")) {
			k++ // حربية، إسرائيلية
		}
		if a.wordIs(k, "affil") && k+1 < limit {
			if e := a.toks[k+1].ent; e >= 0 && a.entFirst[e] == k+1 && strings.HasSuffix(a.entClitics(e), "ل") {
				np := a.npRight(k+1, limit)
				np.prep = false
				return np
			}
		}
	}
	e := a.toks[j].ent
	if e < 0 || !isActorType(a.ents[e].Type) || a.ents[e].Type == "LOC" || a.entFirst[e] != j {
		return nounPhrase{}
	}
	np := nounPhrase{first: j, prep: prepClitic(a.entClitics(e))}
	type member struct {
		e    int
		head bool
	}
	members := []member{{e, true}}
	prev := e
	titleOpen := a.ents[e].Type == "TITLE" // a title waiting for its holder's name
	k := a.entLast[e] + 1
	comma, plain := false, 0
	end := k
loop:
	for k < limit {
		t := a.toks[k]
		if t.ent >= 0 && a.entFirst[t.ent] == k {
			ne := t.ent
			typ, ptyp := a.ents[ne].Type, a.ents[prev].Type
			cl := a.entClitics(ne)
			conj := strings.HasPrefix(cl, "و")
			prep := prepClitic(cl)
			if typ == "DATE" {
				k = a.entLast[ne] + 1
				continue
			}
			add, head := false, true
			switch {
			case typ == "NUM" || typ == "RESOLUTION":
				break loop
			case titleOpen && typ == "PER" && !prep:
				add = true // the holder of the title
			case typ == "LOC" && !(titleOpen && (prep || a.afterTitleWord(k))):
				break loop
			case prep && (titleOpen || !members[len(members)-1].head || a.afterTitleWord(k)):
				add, head = true, false // complement: لروسيا، للأمم المتحدة، باسم الوزارة
			case prep:
				break loop
			case conj && compatible(ptyp, typ):
				add = true
			case conj:
				break loop
			case typ == "NORP":
				add, head = true, false
			case comma && ptyp == "PER" && typ == "TITLE":
				add, head = true, false
			case comma && compatible(ptyp, typ) && a.listGoesOn(ne, limit):
				add = true // "روسيا، الصين وفرنسا"
			case comma:
				break loop
			case ptyp == "TITLE" && typ == "TITLE":
				add = true // رئيس مجلس الوزراء وزير الخارجية
			case ptyp == "TITLE" && (typ == "ORG" || typ == "GPE") && a.entLast[prev]+1 == k:
				add, head = true, false // construct: "مندوب السودان"، "رئيس بعثة الأمم المتحدة"
			case titleOpen && (typ == "ORG" || typ == "GPE") && (a.afterTitleWord(k) || a.wordIs(k-1, "classifier") || plain > 0):
				add, head = true, false // أمير دولة قطر، مسؤولة السياسة الخارجية في الاتحاد الأوروبي
			case ptyp == "PER" && typ == "TITLE" && !a.personFollows(ne, limit):
				add, head = true, false
			default:
				break loop
			}
			if !add {
				break
			}
			members = append(members, member{ne, head})
			switch typ {
			case "TITLE":
				titleOpen = true
			case "PER":
				titleOpen = false
			}
			prev = ne
			k = a.entLast[ne] + 1
			end, comma, plain = k, false, 0
			continue
		}
		switch {
		case t.kind == tokPunct && strings.Contains("،,", t.text):
			comma = true
			k++
		case t.kind == tokPunct && t.text == "(" && k+2 < limit && a.toks[k+1].ent >= 0 && a.punct(a.entLast[a.toks[k+1].ent]+1, ")"):
			// "قوة الأمم المتحدة المؤقتة في لبنان (اليونيفيل)": the acronym
			k = a.entLast[a.toks[k+1].ent] + 2
			end = k
		case t.kind == tokWord && nisbaLike(t.text) && !a.isAnyTrigger(k):
			k++
			end = k
		case t.kind == tokWord && a.wordIs(k, "titleword"):
			k++
		case t.kind == tokWord && (a.exactIs(k, "filler") || a.wordIs(k, "classifier")) && !a.wordIs(k, "sidephrase"):
			k++
		case t.kind == tokWord && titleOpen && plain < 3 && !a.isAnyTrigger(k) && !a.wordIs(k, "comp") && !a.wordIs(k, "rel") &&
			(!a.wordIs(k, "prep") || t.text == "في"):
			// title words the recogniser left out: "للجامعة"، "والهجرة"،
			// "باسم الجماعة"، "في الاتحاد"
			plain++
			k++
		default:
			break loop
		}
	}
	np.end = end
	var pers, orgs, titles, norps []ref
	for _, m := range members {
		if !m.head && a.ents[m.e].Type != "NORP" && a.ents[m.e].Type != "TITLE" {
			continue
		}
		r := a.entRef(m.e)
		switch r.typ {
		case "PER":
			pers = append(pers, r)
		case "ORG", "GPE":
			orgs = append(orgs, r)
		case "TITLE":
			titles = append(titles, a.titleRef(m.e))
		case "NORP":
			norps = append(norps, r)
		}
	}
	switch {
	case len(pers) > 0:
		np.heads = pers
	case len(orgs) > 0:
		np.heads = orgs
	case len(titles) > 0:
		np.heads = titles[:1]
	default:
		np.heads = norps
	}
	return np
}

// listGoesOn reports whether entity e, after a comma, is followed by
// another member of a list (a comma or a و-joined entity): "روسيا، الصين
// وفرنسا" is a list, "الذي أعدته بريطانيا، الجيش السوداني" is not.
func (a *analysis) listGoesOn(e, limit int) bool {
	k := a.entLast[e] + 1
	if k >= limit {
		return false
	}
	if a.punct(k, "،,") {
		return true
	}
	ne := a.toks[k].ent
	return ne >= 0 && a.entFirst[ne] == k && strings.HasPrefix(a.entClitics(ne), "و")
}

// compatible says whether two entity types can be coordinated as one actor.
func compatible(a, b string) bool {
	group := func(t string) int {
		switch t {
		case "PER", "TITLE":
			return 1
		case "ORG", "GPE":
			return 2
		}
		return 3
	}
	return group(a) == group(b) && group(a) != 3
}

// afterTitleWord reports whether token k follows باسم/لدى/التابع.
func (a *analysis) afterTitleWord(k int) bool { return a.wordIs(k-1, "titleword") }

// personFollows reports whether a PER comes right after the title entity e
// (then the title introduces someone else: "استقبل بلينكن وزير الخارجية
// المصري سامح شكري").
func (a *analysis) personFollows(e, limit int) bool {
	for k := a.entLast[e] + 1; k < limit && k <= a.entLast[e]+4; k++ {
		if t := a.toks[k]; t.ent >= 0 {
			return a.ents[t.ent].Type == "PER"
		} else if !(t.kind == tokWord && (nisbaLike(t.text) || a.wordIs(k, "titleword"))) {
			return false
		}
	}
	return false
}

// npLeft finds a subject before a verb (SVO: "مصر تدين"): the nearest
// entity phrase ending at most three words before i, not governed by a
// preposition.
func (a *analysis) npLeft(i, floor int) nounPhrase {
	skipped := 0
	k := i - 1
	for ; k >= floor; k-- {
		t := a.toks[k]
		if t.ent >= 0 {
			if a.ents[t.ent].Type == "DATE" {
				k = a.entFirst[t.ent]
				continue
			}
			break
		}
		if t.kind == tokPunct && strings.Contains("\"«»“”'", t.text) {
			continue
		}
		if t.kind == tokWord && (a.wordIs(k, "filler") || a.wordIs(k, "neg") || a.wordIs(k, "planned") ||
			a.exactIs(k, "hypothetical")) && skipped < 3 {
			skipped++
			continue
		}
		return nounPhrase{}
	}
	if k < floor || a.toks[k].ent < 0 {
		return nounPhrase{}
	}
	// Walk left over the phrase: coordination and titles.
	e := a.toks[k].ent
	start := a.entFirst[e]
	for start > floor {
		p := start - 1
		pt := a.toks[p]
		cl := a.entClitics(e)
		if pt.ent >= 0 && (strings.HasPrefix(cl, "و") || a.ents[pt.ent].Type == "TITLE" || nisbaLike(a.toks[start].text)) {
			e = pt.ent
			start = a.entFirst[e]
			continue
		}
		if pt.kind == tokWord && nisbaLike(pt.text) && p-1 >= floor && a.toks[p-1].ent >= 0 {
			e = a.toks[p-1].ent
			start = a.entFirst[e]
			continue
		}
		break
	}
	if a.wordIs(start-1, "prep") || a.wordIs(start-1, "resort") {
		return nounPhrase{}
	}
	np := a.npRight(start, i)
	if np.prep || np.end < k {
		return nounPhrase{}
	}
	return np
}

// corefAt reads a coreferent phrase at token j: الوزيران/الجانبان (the two
// parties of the last call or meeting), نظيره الأمريكي (the counterpart of
// the current actor, by office, country and date), الخارجية (the ministry
// of the story's country).
func (a *analysis) corefAt(j, limit int) (nounPhrase, bool) {
	t := a.toks[j]
	if t.ent >= 0 || t.kind != tokWord {
		return nounPhrase{}, false
	}
	switch {
	case a.wordIs(j, "dual"):
		if len(a.carry.pair) >= 2 {
			return nounPhrase{heads: a.nearestMentions(a.carry.pair, j), first: j, end: j + 1, coref: true}, true
		}
	case a.bareWord(j) == "البيان" && (a.wordExact(j+1, "الختامي") || a.wordExact(j+1, "المشترك")):
		// "وشدد البيان الختامي": the parties of the meeting.
		if len(a.carry.pair) >= 2 {
			return nounPhrase{heads: a.nearestMentions(a.carry.pair, j), first: j, end: j + 2, coref: true}, true
		}
	case a.wordIs(j, "anaphor") && !nisbaLike(a.wordAfter(j)) && a.toks[j].text != "الخارجية":
		if r, ok := a.anaphor(j); ok {
			return nounPhrase{heads: []ref{r}, first: j, end: j + 1, coref: true}, true
		}
	case a.wordIs(j, "counterpart"):
		r, end := a.counterpart(j, limit)
		return nounPhrase{heads: []ref{r}, first: j, end: end, coref: true}, true
	case a.wordIs(j, "ministry") && !nisbaLike(a.wordAfter(j)):
		return nounPhrase{heads: []ref{a.ministry(j)}, first: j, end: j + 1, coref: true}, true
	}
	return nounPhrase{}, false
}

func (a *analysis) wordAfter(j int) string {
	w, _ := a.word(j + 1)
	return w
}

// nearestMentions replaces each ref by the nearest mention before token j
// of the same entity in j's paragraph (ANNOTATION.md resolves coreference
// to the nearest named mention).
func (a *analysis) nearestMentions(rs []ref, j int) []ref {
	out := make([]ref, 0, len(rs))
	for _, r := range rs {
		best := r
		for e := range a.ents {
			k := a.entFirst[e]
			if k < 0 || k >= j || a.toks[k].para != a.toks[j].para || a.ents[e].Type != r.typ {
				continue
			}
			c := a.entRef(e)
			if a.inRefs([]ref{r}, c) && c.span.Start > best.span.Start {
				best = c
			}
		}
		out = append(out, best)
	}
	return out
}

// anaphor resolves a definite nominal anaphor ("الحزب"، "الجيش"،
// "الجماعة") to the nearest organisation named before it whose name holds
// the word ("حزب الله"، "الجيش الإسرائيلي"، "جماعة الحوثي").
func (a *analysis) anaphor(j int) (ref, bool) {
	w := a.toks[j].text
	for _, r := range a.tokReadings(j) {
		if a.lx.is("anaphor", r.rest) {
			w = r.rest
			break
		}
	}
	head := strings.TrimPrefix(w, "ال")
	for k := j - 1; k >= 0; k-- {
		e := a.toks[k].ent
		if e < 0 || a.entFirst[e] != k || a.ents[e].Type != "ORG" {
			continue
		}
		if strings.Contains(a.norm[a.ents[e].Start:a.ents[e].End], head) {
			return a.entRef(e), true
		}
	}
	return ref{}, false
}
