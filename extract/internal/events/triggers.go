package events

import (
	"strings"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

// contentKind says whose words a trigger reports.
type contentKind uint8

const (
	contentNone       contentKind = iota
	contentResolution             // what an adopted resolution asks: an event of the adopting body
)

// cand is a trigger occurrence on its way to becoming an event.
type cand struct {
	e           *entry
	fm          form
	phrase      bool
	first, last int // tokens of the trigger
	span        doc.Span
	clitics     string
	sent, para  int
	drop        bool
	why         string // why it was dropped (tests and debugging)
	modality    string
	content     contentKind
	outcome     bool // a VOTE outcome word (سقط، فشل)
	future      bool // س prefix
	purpose     bool // ل prefix on a present verb or verbal noun

	alts []alt // the readings of a single-word trigger, best first

	roles      map[string][]ref
	votes      *doc.Votes
	merged     *cand // the event this one was merged into
	objEvent   *cand // CONDEMN: the event condemned ("دانت الهجوم")
	voteOf     *cand // ADOPT: the vote whose tallies it takes
	actorEnd   int   // the token after an actor phrase found after the verb
	others     bool  // VOTE: "the other members" were counted ("الآخرون")
	conf       float64
	actorFound actorHow

	// Coding (codes.go, magnitude.go).
	actorCode, targetCode string
	country, mode         string
	magnitude             *doc.Magnitude
}

// actorHow records how the actor was found (confidence and tests).
type actorHow uint8

const (
	actorNone actorHow = iota
	actorRight
	actorLeft
	actorLight
	actorGenitive
	actorCarried
	actorContent
)

func (c *cand) typ() string { return c.e.typ }

func (c *cand) dropBecause(why string) {
	if !c.drop {
		c.drop, c.why = true, why
	}
}

// set replaces the refs of a role.
func (c *cand) set(role string, rs ...ref) {
	if c.roles == nil {
		c.roles = map[string][]ref{}
	}
	c.roles[role] = nil
	c.add(role, rs...)
}

// add appends refs to a role, skipping spans already there.
func (c *cand) add(role string, rs ...ref) {
	if c.roles == nil {
		c.roles = map[string][]ref{}
	}
	for _, r := range rs {
		dup := false
		for _, o := range c.roles[role] {
			if o.span == r.span {
				dup = true
				break
			}
		}
		if !dup {
			c.roles[role] = append(c.roles[role], r)
		}
	}
}

// findTriggers scans the tokens for lexicon triggers, phrases first.
func (a *analysis) findTriggers() {
	for i := 0; i < len(a.toks); i++ {
		t := a.toks[i]
		if t.kind != tokWord || t.skip || t.ent >= 0 {
			continue
		}
		if c := a.phraseTrigger(i); c != nil {
			a.cands = append(a.cands, c)
			i = c.last
			continue
		}
		if c := a.wordTrigger(i); c != nil {
			a.cands = append(a.cands, c)
		}
	}
}

// free reports whether token k can continue a phrase: a word on the same
// line outside every entity.
func (a *analysis) free(k int) bool {
	return k < len(a.toks) && a.toks[k].kind == tokWord && !a.toks[k].newline && a.toks[k].ent < 0
}

func (a *analysis) phraseTrigger(i int) *cand {
	var best *cand
	for _, r := range a.tokReadings(i) {
		if strings.Contains(r.clitics, "س") {
			continue
		}
		for _, ph := range a.lx.phrases[r.rest] {
			k := i + 1
			ok := true
			for _, alts := range ph.words[1:] {
				if !a.free(k) || !contains(alts, a.toks[k].text) {
					ok = false
					break
				}
				k++
			}
			if !ok || (best != nil && k-1 <= best.last) {
				continue
			}
			best = &cand{e: ph.e, fm: form{e: ph.e, pos: posPhrase}, phrase: true, first: i, last: k - 1,
				span: doc.Span{Start: a.toks[i].start + r.off, End: a.toks[k-1].end}, clitics: r.clitics}
		}
		if best != nil {
			break
		}
	}
	if best == nil {
		return nil
	}
	a.place(best)
	// "حق النقض (الفيتو)": the bracketed gloss is part of the same mention.
	if k := best.last + 1; a.punct(k, "(") && k+2 < len(a.toks) && a.punct(k+2, ")") {
		if fs := a.lx.phrases[a.toks[k+1].text]; len(fs) > 0 && fs[0].e.typ == best.e.typ {
			best.last = k + 2
		}
	}
	return best
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// verbClitics reports whether proclitics cl may precede a verb form:
// و/ف, and for the present tense the future س and the purpose ل.
func verbClitics(cl string, present bool) bool {
	cl = strings.TrimPrefix(strings.TrimPrefix(cl, "و"), "ف")
	switch cl {
	case "":
		return true
	case "س", "ل":
		return present
	}
	return false
}

func (a *analysis) wordTrigger(i int) *cand {
	var c *cand
	for _, r := range a.tokReadings(i) {
		for _, fm := range a.lx.forms[r.rest] {
			if fm.pos == posVerb && !verbClitics(r.clitics, fm.present) {
				continue
			}
			if fm.pos == posNoun && strings.Contains(r.clitics, "س") {
				continue
			}
			bare := strings.TrimPrefix(strings.TrimPrefix(r.clitics, "و"), "ف")
			off := r.off
			if strings.HasSuffix(r.clitics, "س") {
				off -= len("س") // the future prefix is part of the verb (ستدين)
			}
			al := alt{fm: fm, span: doc.Span{Start: a.toks[i].start + off, End: a.toks[i].end}, clitics: r.clitics,
				future: strings.Contains(bare, "س"), purpose: strings.HasPrefix(bare, "ل")}
			if c == nil {
				c = &cand{first: i, last: i}
				a.place(c)
			}
			c.alts = append(c.alts, al)
		}
	}
	if c != nil {
		c.use(c.alts[0])
	}
	return c
}

// alt is one reading of a trigger word (a verb and its noun homograph,
// two entries sharing a form).
type alt struct {
	fm      form
	span    doc.Span
	clitics string
	future  bool
	purpose bool
}

// hasNounReading reports whether the trigger word also reads as a noun of
// the same type (أدانتها "she condemned it" / إدانتها "its condemnation").
func (c *cand) hasNounReading() bool {
	for _, al := range c.alts {
		if al.fm.pos == posNoun && al.fm.e.typ == c.e.typ {
			return true
		}
	}
	return false
}

// use makes a reading the candidate's.
func (c *cand) use(al alt) {
	c.e, c.fm, c.span, c.clitics, c.future, c.purpose = al.fm.e, al.fm, al.span, al.clitics, al.future, al.purpose
}

func (a *analysis) place(c *cand) {
	c.sent = a.toks[c.first].sent
	c.para = a.toks[c.first].para
}

// checkRules applies the lexicon rules of each candidate and the general
// checks that tell a verb from its noun homograph; the first reading that
// passes is kept.
func (a *analysis) checkRules(c *cand) {
	if c.phrase {
		if why := a.failedRule(c); why != "" {
			c.dropBecause(why)
		}
		return
	}
	why := ""
	for _, al := range c.alts {
		c.use(al)
		if why = a.failedRule(c); why == "" {
			return
		}
	}
	c.use(c.alts[0])
	c.dropBecause(why)
}

func (a *analysis) failedRule(c *cand) string {
	if c.fm.pos == posVerb && a.wordIs(c.first-1, "prep") && !a.toks[c.first].newline {
		return "verb form after a preposition: a noun"
	}
	if c.fm.pos == posVerb && strings.HasSuffix(c.clitics, "ب") {
		return "verb form with ب: a noun"
	}
	if c.typ() == "STATEMENT" && (a.wordExact(c.first-1, "ما") && a.wordIs(c.first-2, "according") || a.bareWord(c.first-1) == "حسبما") {
		return "attribution (بحسب ما صرح)" // ANNOTATION.md: وفق، حسب are not statements
	}
	if c.fm.pos == posNoun && c.typ() == "CONDEMN" && !c.fm.def &&
		strings.HasSuffix(a.toks[c.first].text, "ا") && !a.lightBefore(c, 3) {
		return "adverbial accusative (تنديدا، احتجاجا)"
	}
	for _, r := range c.e.rules {
		if !a.ruleHolds(c, r) {
			if a.lx.conds[strings.TrimPrefix(r, "!")] != nil {
				return "cond " + r // (a failed cond attracts no date: attachDates)
			}
			return "rule " + r
		}
	}
	return ""
}

// lightBefore reports a light verb in the n words before c.
func (a *analysis) lightBefore(c *cand, n int) bool {
	for k := c.first - 1; k >= 0 && k >= c.first-n && a.toks[k].sent == c.sent; k-- {
		if a.wordIs(k, "light") {
			return true
		}
	}
	return false
}
