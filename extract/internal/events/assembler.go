// Package events assembles events (FORMAT.md "Event types") from the
// entities of a Doc: it finds trigger words with an authored lexicon
// (lexicon/*.tsv), decides their modality, links their arguments (actor,
// target, participants, venue, resolution, date), reads vote tallies, and
// merges re-mentions into one event per happening, following
// ../shared/ANNOTATION.md.
//
// # Contract
//
// Assemble reads d.Text, d.Date, d.Sentences and d.Entities and sets
// d.Events. The entities are the resolved, non-overlapping mentions of the
// merge stage (PER ORG GPE LOC TITLE RESOLUTION NORP DATE NUM); links and
// Country make arguments and actor codes precise. Unless d.PatternsDone
// says the caller ran the temporal stage, or d.Entities already holds a DATE
// or NUM mention, Assemble runs it (temporal.Find) and adds the mentions
// that overlap no entity to d.Entities, keeping it sorted. When d.Sentences is empty,
// Assemble splits the text with the sentence package and sets d.Sentences.
// Nothing else in d changes. A one-word PER/ORG/GPE/LOC/MISC mention that
// only the model proposed and that the lexicons know as a trigger or cue
// ("وامتنعت" tagged LOC) is read as that word, not as a name.
//
// Every event has a trigger span (the most event-specific word, proclitics
// left out), the index of its sentence, a CAMEO code, a PLOVER category
// where FORMAT.md gives one, a confidence and, where an actor is known, a
// GDELT-style actor code (output.go: USA, RUSGOV, EGYGOV, ISRMIL, UNSC).
// Events that are planned, negated or hypothetical are kept with Modality
// set (they do not count in scores); generic mentions ("أكثر من مرة"), the
// content of draft resolutions and re-mentions of an event are not events.
//
// # Where things are
//
//   - lexicon/*.tsv, lexicon.go: triggers (verbs with generated inflections,
//     nouns, fixed phrases) and cue classes; rules.go: the per-trigger
//     conditions the lexicon names (a draft nearby for قدم، عن for عبر …);
//   - triggers.go: finding trigger candidates and their readings;
//   - modality.go: planned/negated/hypothetical/generic;
//   - content.go: what a draft or an adopted resolution says;
//   - link.go, args.go, persons.go: argument linking — actor phrases, titles
//     and names, coreference (الوزيران، نظيره، الخارجية، الحزب), targets,
//     venues, resolutions;
//   - votes.go: one VOTE per vote, tallies, vetoes as votes against;
//   - merge.go: dates and one event per happening;
//   - output.go: events, confidence, actor codes.
package events

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/internal/sentence"
	"github.com/khabar-nlp/khabar/extract/internal/temporal"
	"github.com/khabar-nlp/khabar/gazetteers"
)

// Assembler builds events. It is immutable after New and safe for
// concurrent use.
type Assembler struct {
	lx *lexicon
	g  *gazetteers.Gazetteer
}

// New returns an Assembler. g gives resolution adoption dates, office
// holders ("نظيره الأمريكي" on the document date) and the offices of
// officials (actor codes); it may be nil, and then those come only from the
// text.
func New(g *gazetteers.Gazetteer) (*Assembler, error) {
	lx, err := loadLexicon()
	if err != nil {
		return nil, fmt.Errorf("events: load lexicon: %w", err)
	}
	return &Assembler{lx: lx, g: g}, nil
}

// Assemble fills d.Events (see the package documentation for what it reads
// and may add).
func (as *Assembler) Assemble(d *doc.Doc) {
	if d == nil || d.Text == nil {
		return
	}
	if len(d.Sentences) == 0 {
		d.Sentences = sentence.Split(d.Text.String())
	}
	addTemporal(d)
	sc := scratchPool.Get().(*scratch)
	a := newAnalysis(as, d, sc)
	a.run()
	d.Events = a.output()
	// Nothing of the output points into the tokens or their readings.
	sc.toks, sc.rdBuf = a.toks[:0], a.rdBuf[:0]
	scratchPool.Put(sc)
}

// scratch is the reusable memory of one Assemble call: the tokens and the
// arena of their readings.
type scratch struct {
	toks  []token
	rdBuf []reading
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// addTemporal adds DATE and NUM mentions when the caller gave none.
func addTemporal(d *doc.Doc) {
	if d.PatternsDone {
		return
	}
	for _, m := range d.Entities {
		if m.Type == "DATE" || m.Type == "NUM" {
			return
		}
	}
	for _, m := range temporal.Find(d) {
		free := true
		for _, e := range d.Entities {
			if e.Overlaps(m.Span) {
				free = false
				break
			}
		}
		if free {
			d.Entities = append(d.Entities, m)
		}
	}
	sort.SliceStable(d.Entities, func(i, j int) bool { return d.Entities[i].Start < d.Entities[j].Start })
}

// analysis is the working state of one Assemble call.
type analysis struct {
	as        *Assembler
	lx        *lexicon
	d         *doc.Doc
	norm      string
	toks      []token
	ents      []doc.Mention
	entFirst  []int // first token of each entity
	entLast   []int // last token of each entity
	anchor    time.Time
	hasAnchor bool
	cands     []*cand
	candAt    map[int]*cand   // first token → candidate
	sentFrom  []int           // sentence → its first token (-1 when none)
	sentTo    []int           // sentence → the token after its last
	persons   map[int]*person // PER entity → what the text says of it
	carry     carryState
	rdBuf     []reading // backs the tokens' readings (tokReadings)
}

func newAnalysis(as *Assembler, d *doc.Doc, sc *scratch) *analysis {
	a := &analysis{as: as, lx: as.lx, d: d, norm: d.Text.String(), ents: d.Entities, rdBuf: sc.rdBuf[:0]}
	a.anchor, a.hasAnchor = temporal.ParseAnchor(d.Date)
	a.toks = tokenize(a.norm, sc.toks)
	a.entFirst = make([]int, len(a.ents))
	a.entLast = make([]int, len(a.ents))
	for i := range a.ents {
		a.entFirst[i], a.entLast[i] = -1, -1
	}
	e := 0
	for i := range a.toks {
		t := &a.toks[i]
		for e < len(a.ents) && a.ents[e].End <= t.start {
			e++
		}
		for k := e; k < len(a.ents) && a.ents[k].Start < t.end; k++ {
			if a.ents[k].End > t.start && !a.verbMistaken(k, t) {
				t.ent = k
				if a.entFirst[k] < 0 {
					a.entFirst[k] = i
				}
				a.entLast[k] = i
				break
			}
		}
		t.sent = d.SentenceOf(t.start)
	}
	a.dropDatelines()
	a.indexSentences()
	a.markFurniture()
	a.collectPersons()
	return a
}

// verbMistaken reports an entity that only the statistical model proposed
// and that is one word the lexicons know as a trigger or a cue ("وامتنعت"
// tagged LOC, "اغتيال" tagged PER, "محملا"): such a word is not a name, so
// it stays a trigger or a cue.
func (a *analysis) verbMistaken(e int, t *token) bool {
	m := a.ents[e]
	if m.Sources&doc.SourceGazetteer != 0 || m.Sources&doc.SourcePattern != 0 || m.Sources == 0 {
		return false
	}
	switch m.Type {
	case "PER", "ORG", "GPE", "LOC", "MISC":
	default:
		return false // dates, numbers, titles are not names
	}
	if m.Start < t.start || m.End > t.end {
		return false // more than one word
	}
	for _, r := range readings(t.text).list() {
		for _, fm := range a.lx.forms[r.rest] {
			if fm.pos != posVerb || verbClitics(r.clitics, fm.present) {
				return true
			}
		}
		for _, class := range mistakenCues {
			if a.lx.is(class, r.rest) {
				return true
			}
		}
	}
	return false
}

// mistakenCues are the cue classes whose words are never names.
var mistakenCues = []string{"light", "for", "against", "abstain", "blame", "response", "filler", "crowd", "neg",
	"planned", "expect", "pronoun", "unnamed", "rel", "comp", "prep"}

// dropDatelines hides the names of a dateline from argument linking: a
// paragraph that opens with a place, optionally a comma and a second place
// or a date, optionally an agency in parentheses, and a dash ("نيويورك –",
// "نيويورك (الأمم المتحدة) –", "غزة، فلسطين (رويترز) -") names where the
// report was filed, not a party to its events. Their tokens are left as
// plain words; a date in a dateline stays a date.
func (a *analysis) dropDatelines() {
	for i := range a.toks {
		if i > 0 && a.toks[i].para == a.toks[i-1].para {
			continue
		}
		end, ok := a.datelineEnd(i)
		if !ok {
			continue
		}
		for k := i; k < end; k++ {
			e := a.toks[k].ent
			if e < 0 || a.ents[e].Type == "DATE" {
				continue
			}
			for j := a.entFirst[e]; j >= 0 && j <= a.entLast[e]; j++ {
				if a.toks[j].ent == e {
					a.toks[j].ent = -1
				}
			}
			a.entFirst[e], a.entLast[e] = -1, -1
		}
	}
}

// datelineEnd returns the dash that closes a dateline opening at token i.
func (a *analysis) datelineEnd(i int) (int, bool) {
	k, places, body := i, 0, false
	for k < len(a.toks) && k < i+12 {
		e := a.toks[k].ent
		if e < 0 || a.entFirst[e] != k {
			break
		}
		switch typ := a.ents[e].Type; {
		case typ == "GPE" || typ == "LOC":
			places++
		case typ == "DATE" && places > 0:
		case typ == "ORG" && k == i:
			body = true // "الأمم المتحدة (رويترز) -", with its agency only
			places++
		default:
			return 0, false
		}
		k = a.entLast[e] + 1
		if !a.punct(k, "،,/") {
			break
		}
		k++
	}
	if places == 0 {
		return 0, false
	}
	if a.punct(k, "(") {
		j := k + 1
		for j < len(a.toks) && j <= k+6 && !a.punct(j, ")") {
			j++
		}
		if !a.punct(j, ")") {
			return 0, false
		}
		k = j + 1
	} else if body {
		return 0, false
	}
	if !a.punct(k, "-–—") {
		return 0, false
	}
	return k, true
}

// markFurniture flags the lines that are site furniture rather than the
// article: "اقرأ المزيد …", "المصدر: …", tag lists, bullets, and everything
// after a "related articles" heading.
func (a *analysis) markFurniture() {
	skipRest := false
	for i := 0; i < len(a.toks); {
		j := i
		for j < len(a.toks) && a.toks[j].para == a.toks[i].para {
			j++
		}
		skip := skipRest
		if _, ok := a.phraseAt(i, "boilerend"); ok {
			skip, skipRest = true, true
		}
		if _, ok := a.phraseAt(i, "boilerstart"); ok {
			skip = true
		}
		if a.exactIs(i, "boilerstart") || a.punct(i, "•·▪●-*") && j-i < 40 {
			skip = true
		}
		for k := i; k < j; k++ {
			a.toks[k].skip = skip
		}
		i = j
	}
}

// run finds the triggers and builds the events in text order.
func (a *analysis) run() {
	a.findTriggers()
	a.candAt = make(map[int]*cand, len(a.cands))
	for _, c := range a.cands {
		a.candAt[c.first] = c
	}
	for _, c := range a.cands {
		a.checkRules(c)
	}
	for _, c := range a.cands {
		if c.drop {
			continue
		}
		a.setModality(c)
		if c.drop {
			continue
		}
		a.setContent(c)
		if c.drop {
			continue
		}
		a.link(c)
	}
	a.linkLate()
	a.readVotes()
	a.attachDates()
	a.attachCounts()
	a.merge()
	for _, c := range a.cands {
		if !c.drop && c.merged == nil {
			a.codeEvent(c)
			c.mode = a.modeOf(c)
		}
	}
}
