package events

import (
	"strings"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

// Roles (FORMAT.md).
const (
	roleActor        = "actor"
	roleTarget       = "target"
	roleParticipants = "participants"
	roleVenue        = "venue"
	roleResolution   = "resolution"
	roleDate         = "date"
	roleLocation     = "location"
)

// link fills the arguments of one candidate. Candidates are linked in text
// order, so the carry state holds the actors before it.
func (a *analysis) link(c *cand) {
	s0, s1 := a.sentStart(c.sent), a.sentEnd(c.sent)
	var actor nounPhrase
	if c.content == contentNone {
		actor = a.findActor(c, s0, s1)
		a.carry.current = actor.heads
		c.add(roleActor, actor.heads...)
	}
	after := c.last + 1
	if actor.end > after && actor.first > c.last {
		after = actor.end
	}
	switch c.typ() {
	case "STATEMENT":
		a.addResolutions(c, c.last+1, s1, 12)
	case "CONDEMN":
		if t, ok := a.findTarget(c, after, s1, 14); ok {
			c.add(roleTarget, t)
		}
	case "DEMAND":
		a.linkDemand(c, after, s1)
	case "ATTACK", "PROTEST", "DEPLOY":
		a.linkAction(c, after, s1)
	case "VETO":
		a.addVenue(c, s0, s1)
		if t, ok := a.sponsorNisba(c, s1); ok {
			c.add(roleTarget, t)
		}
	case "DRAFT_SUBMIT":
		a.addVenue(c, s0, s1)
	case "ADOPT":
		a.linkAdopt(c, s0, s1)
	case "VOTE":
		a.addVenue(c, s0, s1)
		delete(c.roles, roleActor)
	case "CALL", "MEET":
		a.linkMeeting(c, actor, after, s1)
	}
	if acts := c.roles[roleActor]; len(acts) > 0 && c.typ() != "VOTE" {
		a.carry.last, a.carry.lastSent = acts, c.sent
	}
	if c.typ() == "CALL" || c.typ() == "MEET" {
		if ps := c.roles[roleParticipants]; len(ps) >= 2 {
			a.carry.pair = ps
		}
	}
}

// findActor looks for the actor: after a verb (VSO), before it (SVO), the
// subject of a light verb before a noun (شنت إسرائيل غارات، تلقى الوزير
// اتصالا), the genitive or nisba after a noun (إدانة مصر، الفيتو الأمريكي),
// or, for a pronoun-only subject, the last actor (by agreement: a dual verb
// takes the two parties of the last call or meeting).
func (a *analysis) findActor(c *cand, s0, s1 int) nounPhrase {
	if c.fm.pos == posVerb {
		if np := a.npRight(c.last+1, s1); len(np.heads) > 0 && !np.prep {
			c.actorFound = actorRight
			return np
		}
		if np := a.npLeft(c.first, s0); len(np.heads) > 0 {
			c.actorFound = actorLeft
			return np
		}
		if c.fm.agr == agrDual && len(a.carry.pair) >= 2 {
			c.actorFound = actorCarried
			return nounPhrase{heads: a.carry.pair}
		}
		if c.fm.agr == agrFirst {
			return nounPhrase{}
		}
		return a.carried(c, s0)
	}
	if np, ok := a.lightSubject(c, s0); ok {
		if len(np.heads) > 0 {
			c.actorFound = actorLight
			return np
		}
		return a.carried(c, s0)
	}
	if np, ok := a.genitive(c, s1); ok {
		c.actorFound = actorGenitive
		return np
	}
	if c.fm.pronoun {
		return a.carried(c, s0)
	}
	return nounPhrase{}
}

// carried returns the actor a pronoun-only subject refers to: an earlier
// actor in the same sentence, else the sentence's own subject, else the
// last actor before it.
func (a *analysis) carried(c *cand, s0 int) nounPhrase {
	c.actorFound = actorCarried
	if len(a.carry.last) > 0 && a.carry.lastSent == c.sent {
		return nounPhrase{heads: a.carry.last}
	}
	if np := a.sentenceSubject(s0, c.first); len(np.heads) > 0 {
		return np
	}
	if len(a.carry.last) > 0 {
		return nounPhrase{heads: a.carry.last}
	}
	c.actorFound = actorNone
	return nounPhrase{}
}

// sentenceSubject is the subject of the verb that opens a sentence
// ("أحبطت الولايات المتحدة … باستخدامها حق النقض").
func (a *analysis) sentenceSubject(s0, limit int) nounPhrase {
	for k := s0; k < limit && k < s0+4; k++ {
		if a.toks[k].kind == tokWord && a.toks[k].ent < 0 {
			if np := a.npRight(k+1, limit); len(np.heads) > 0 && !np.prep {
				return np
			}
		}
	}
	return nounPhrase{}
}

// lightSubject finds a light verb (استخدم، شن، أجرى، تلقى، لجوء …) before a
// noun trigger, with only its subject, dates and at most two other words
// between, and returns its subject. ok is true when a light verb was found
// (its subject may be a pronoun: "باستخدامها").
func (a *analysis) lightSubject(c *cand, s0 int) (nounPhrase, bool) {
	other := 0
	for k := c.first - 1; k >= s0 && k >= c.first-14; k-- {
		t := a.toks[k]
		if t.ent >= 0 {
			k = a.entFirst[t.ent]
			continue
		}
		if t.kind == tokPunct {
			continue
		}
		if a.wordIs(k, "light") && !a.startsOtherTrigger(k) {
			if hasPronounSuffix(t.text) && !a.exactIs(k, "light") {
				return nounPhrase{}, true
			}
			np := a.npRight(k+1, c.first)
			if np.prep {
				np.heads = nil
			}
			return np, true
		}
		if a.wordIs(k, "filler") || a.wordIs(k, "quantity") || a.wordIs(k, "neg") {
			continue
		}
		if other++; other > 2 || a.startsOtherTrigger(k) {
			break
		}
	}
	return nounPhrase{}, false
}

// hasPronounSuffix reports a word ending in a possessive pronoun after a
// light verbal noun (استخدامها، لجوئه).
func hasPronounSuffix(w string) bool {
	for _, p := range []string{"ها", "ه", "هم", "هما"} {
		if strings.HasSuffix(w, p) && len(w) > len(p)+4 {
			return true
		}
	}
	return false
}

// genitive reads the actor right after a noun trigger: an entity in
// construct (إدانة مصر، توغل إسرائيل) for an indefinite noun, or a nisba
// entity (الفيتو الأمريكي، غارات إسرائيلية).
func (a *analysis) genitive(c *cand, s1 int) (nounPhrase, bool) {
	k := c.last + 1
	if k >= s1 {
		return nounPhrase{}, false
	}
	if e := a.toks[k].ent; e >= 0 && a.entFirst[e] == k {
		typ := a.ents[e].Type
		if typ == "NORP" {
			r := a.nisbaRef(e, c.para)
			return nounPhrase{heads: []ref{r}, first: k, end: a.entLast[e] + 1}, true
		}
		if (typ == "GPE" || typ == "ORG" || typ == "PER") && !prepClitic(a.entClitics(e)) && !c.fm.def && !c.phrase {
			np := a.npRight(k, s1)
			if len(np.heads) > 0 {
				return np, true
			}
		}
		return nounPhrase{}, false
	}
	if w, ok := a.word(k); ok && nisbaLike(w) {
		if country := a.nisbaCountry(w); country != "" {
			if r, ok := a.namedCountry(country, c.para, k); ok {
				return nounPhrase{heads: []ref{r}, first: k, end: k + 1}, true
			}
		}
	}
	return nounPhrase{}, false
}

// nisbaRef turns a NORP mention into an argument: the nearest named
// mention of its country in the paragraph (ANNOTATION.md resolves
// coreference to named mentions), else the NORP itself.
func (a *analysis) nisbaRef(e, para int) ref {
	if c := a.entCountry(e); c != "" {
		if r, ok := a.namedCountry(c, para, a.entFirst[e]); ok {
			return r
		}
	}
	return a.entRef(e)
}

// namedCountry finds a GPE mention of country in paragraph para, the
// nearest before token k first.
func (a *analysis) namedCountry(country string, para, k int) (ref, bool) {
	best := -1
	for e := range a.ents {
		m := a.ents[e]
		if m.Type != "GPE" || a.entFirst[e] < 0 || a.toks[a.entFirst[e]].para != para || a.entCountry(e) != country {
			continue
		}
		if best < 0 || (a.entFirst[e] < k && a.entFirst[e] > a.entFirst[best]) || (a.entFirst[best] > k && a.entFirst[e] < a.entFirst[best]) {
			best = e
		}
	}
	if best < 0 {
		return ref{}, false
	}
	return a.entRef(best), true
}

// findTarget returns the first entity after token from (up to n tokens, the
// same sentence) that is not an actor of c and not a UN forum after في.
func (a *analysis) findTarget(c *cand, from, s1, n int) (ref, bool) {
	for k := from; k < s1 && k < from+n; k++ {
		t := a.toks[k]
		if t.ent < 0 {
			if k > from && a.startsOtherTrigger(k) && !a.isCandType(k, "ATTACK") && !a.isCandType(k, "VETO") {
				break
			}
			continue
		}
		e := t.ent
		k = a.entLast[e]
		m := a.ents[e]
		switch m.Type {
		case "PER", "ORG", "GPE", "NORP", "TITLE":
		default:
			continue
		}
		if a.isUNBodyEnt(e) && (a.wordExact(a.entFirst[e]-1, "في") || strings.HasPrefix(a.entClitics(e), "ب")) {
			continue
		}
		r := a.entRef(e)
		if m.Type == "NORP" {
			r = a.nisbaRef(e, c.para)
		}
		if m.Type == "TITLE" {
			r = a.titleRef(e)
		}
		if a.isActor(c, r) {
			continue
		}
		return r, true
	}
	return ref{}, false
}

func (a *analysis) isActor(c *cand, r ref) bool {
	for _, o := range c.roles[roleActor] {
		if a.key(o) == a.key(r) {
			return true
		}
	}
	return false
}

// isCandType reports whether a candidate of typ starts at token k.
func (a *analysis) isCandType(k int, typ string) bool {
	for _, o := range a.cands {
		if o.first == k {
			return o.typ() == typ
		}
	}
	return false
}

// linkDemand: the addressee right after the actor (دعا مجلس الأمن إسرائيل
// إلى، يطالب الحوثيين), after "من" (طلب من الأمين العام), or else the
// entity the demand concerns (بوقف إطلاق النار في غزة).
func (a *analysis) linkDemand(c *cand, after, s1 int) {
	j := a.skipFillers(after, s1)
	if j < s1 {
		if e := a.toks[j].ent; e >= 0 && a.entFirst[e] == j && !prepClitic(a.entClitics(e)) && isActorType(a.ents[e].Type) {
			np := a.npRight(j, s1)
			if len(np.heads) > 0 && !a.isActor(c, np.heads[0]) {
				c.add(roleTarget, np.heads...)
				return
			}
		}
		if a.wordExact(j, "من") {
			if np := a.npRight(j+1, s1); len(np.heads) > 0 {
				c.add(roleTarget, np.heads...)
				return
			}
		}
	}
	for k := after; k < s1 && k < after+16; k++ {
		e := a.toks[k].ent
		if e < 0 {
			if k > after && a.startsOtherTrigger(k) {
				break
			}
			continue
		}
		k = a.entLast[e]
		m := a.ents[e]
		if m.Type != "GPE" && m.Type != "ORG" && m.Type != "PER" && m.Type != "TITLE" && m.Type != "LOC" {
			continue
		}
		r := a.entRef(e)
		if m.Type == "TITLE" {
			r = a.titleRef(e)
		}
		if a.isActor(c, r) || a.isUNBodyEnt(e) {
			continue
		}
		c.add(roleTarget, r)
		return
	}
}

// linkAction: ATTACK, PROTEST and DEPLOY. The target follows على، ضد،
// استهداف or ل (شنت غارات على مواقع تابعة لجماعة الحوثي), the place
// follows في، داخل، إلى (في اليمن، داخل الأراضي اللبنانية).
func (a *analysis) linkAction(c *cand, after, s1 int) {
	mode := 0 // 1: target, 2: venue
	var target, venue *ref
	for k := after; k < s1 && k < after+16; k++ {
		t := a.toks[k]
		if t.ent < 0 {
			if k > after && a.startsOtherTrigger(k) {
				break
			}
			w, _ := a.word(k)
			for _, r := range readings(w) {
				switch r.rest {
				case "علي", "ضد", "تجاه", "لردع", "لمواجهة", "لتحذير", "ردع":
					mode = 1
				case "في", "داخل", "الي", "بالقرب", "قرب", "امام", "شمال", "جنوب", "شرق", "غرب", "وسط", "محيط":
					mode = 2
				}
			}
			continue
		}
		e := t.ent
		k = a.entLast[e]
		m := a.ents[e]
		if !isActorType(m.Type) {
			continue
		}
		r := a.entRef(e)
		if m.Type == "NORP" {
			r = a.nisbaRef(e, c.para)
		}
		if a.isActor(c, r) {
			continue
		}
		cl := a.entClitics(e)
		m2 := mode
		if strings.Contains(cl, "ل") && mode != 2 {
			m2 = 1
		}
		if strings.Contains(cl, "ب") && mode == 0 {
			m2 = 2
		}
		switch {
		case m2 == 2 && venue == nil && (m.Type == "GPE" || m.Type == "LOC"):
			venue = &r
		case m2 != 2 && target == nil && m.Type != "LOC":
			target = &r
		case m2 != 2 && target == nil && m.Type == "LOC":
			venue = &r
		}
	}
	if target != nil {
		c.add(roleTarget, *target)
	}
	if venue != nil {
		c.add(roleVenue, *venue)
	}
}

// addVenue adds the UN forum of a diplomatic event: one named in the
// sentence, else the last one named in the paragraph before it, else the
// next one in the paragraph, else the last one in the document.
func (a *analysis) addVenue(c *cand, s0, s1 int) {
	if e := a.unBodyIn(s0, s1, c.first); e >= 0 {
		c.add(roleVenue, a.entRef(e))
		return
	}
	best := -1
	for k := s0 - 1; k >= 0; k-- {
		if e := a.toks[k].ent; e >= 0 && a.forum(e) {
			if a.toks[k].para == c.para {
				c.add(roleVenue, a.entRef(e))
				return
			}
			if best < 0 {
				best = e
			}
		}
	}
	for k := s1; k < len(a.toks) && a.toks[k].para == c.para; k++ {
		if e := a.toks[k].ent; e >= 0 && a.forum(e) {
			c.add(roleVenue, a.entRef(e))
			return
		}
	}
	if best >= 0 {
		c.add(roleVenue, a.entRef(best))
	}
}

// forum reports a UN body that can be a venue (not "the UN" as a whole).
func (a *analysis) forum(e int) bool {
	return a.isUNBodyEnt(e) && (a.ents[e].Link == nil || a.ents[e].Link.ID != "UN")
}

// unBodyIn returns the UN forum named in tokens [s0, s1) nearest to token
// near (the General Assembly or the Council rather than "the UN" when both
// are named), or -1.
func (a *analysis) unBodyIn(s0, s1, near int) int {
	best, bestDist := -1, 1<<30
	for k := s0; k < s1; k++ {
		e := a.toks[k].ent
		if e < 0 || a.entFirst[e] != k || !a.isUNBodyEnt(e) {
			continue
		}
		d := k - near
		if d < 0 {
			d = -d
		}
		if l := a.ents[e].Link; l != nil && l.ID == "UN" {
			d += 1000
		}
		if d < bestDist {
			best, bestDist = e, d
		}
	}
	return best
}

// sponsorNisba reads the sponsor of a vetoed draft from its nisba
// ("مشروع قرار جزائري").
func (a *analysis) sponsorNisba(c *cand, s1 int) (ref, bool) {
	for k := c.last + 1; k < s1 && k < c.last+8; k++ {
		if a.wordIs(k, "draft") {
			for j := k + 1; j <= k+2 && j < s1; j++ {
				if e := a.toks[j].ent; e >= 0 && a.ents[e].Type == "NORP" {
					return a.nisbaRef(e, c.para), true
				}
				if w, ok := a.word(j); ok && nisbaLike(w) {
					if country := a.nisbaCountry(w); country != "" {
						if r, ok := a.namedCountry(country, c.para, j); ok {
							return r, true
						}
					}
				}
			}
			return ref{}, false
		}
	}
	return ref{}, false
}

// addResolutions adds the RESOLUTION mentions in [from, from+n).
func (a *analysis) addResolutions(c *cand, from, s1, n int) {
	for k := from; k < s1 && k < from+n; k++ {
		if e := a.toks[k].ent; e >= 0 && a.ents[e].Type == "RESOLUTION" && a.entFirst[e] == k {
			c.add(roleResolution, a.entRef(e))
		}
	}
}

// linkAdopt: the adopting body (the subject, or the body that owns the
// resolution: "تم اعتماد قرار مجلس الأمن رقم 2712") and the resolutions
// (after the trigger, or before it for "القرارين … اللذين تم تبنيهما").
func (a *analysis) linkAdopt(c *cand, s0, s1 int) {
	acts := c.roles[roleActor]
	if len(acts) == 0 || acts[0].typ != "ORG" {
		delete(c.roles, roleActor)
		if e := a.unBodyIn(s0, s1, c.first); e >= 0 && a.forum(e) {
			c.add(roleActor, a.entRef(e))
		} else {
			// The body of an earlier adoption in the paragraph.
			for _, o := range a.cands {
				if o == c {
					break
				}
				if o.typ() == "ADOPT" && !o.drop && o.para == c.para && len(o.roles[roleActor]) > 0 {
					c.set(roleActor, o.roles[roleActor]...)
				}
			}
		}
	}
	// Resolutions up to the next trigger.
	for k := c.last + 1; k < s1 && k < c.last+16; k++ {
		if k > c.last+1 && a.startsOtherTrigger(k) && a.isCandType(k, "ADOPT") {
			break
		}
		if e := a.toks[k].ent; e >= 0 && a.ents[e].Type == "RESOLUTION" && a.entFirst[e] == k {
			c.add(roleResolution, a.entRef(e))
		}
	}
	if len(c.roles[roleResolution]) == 0 && (c.fm.pronoun || a.wordExact(c.last+1, "عليه")) {
		for k := c.first - 1; k >= s0 && k >= c.first-8; k-- {
			if e := a.toks[k].ent; e >= 0 && a.ents[e].Type == "RESOLUTION" && a.entFirst[e] == k {
				c.set(roleResolution, append([]ref{a.entRef(e)}, c.roles[roleResolution]...)...)
			}
		}
	}
}

// linkMeeting: the participants of a call or meeting are its actor and the
// other party — after مع/ب/من (اتصالا هاتفيا من أنتوني بلينكن، بحث مع
// نظيره الأمريكي), or the object (استقبل الرئيس وزير الخارجية). A call
// received "من X" has X as its actor (the initiator). The venue is a place
// after في, or the place visited.
func (a *analysis) linkMeeting(c *cand, actor nounPhrase, after, s1 int) {
	parts := append([]ref(nil), c.roles[roleActor]...)
	var other []ref
	initiator := false
	j := a.skipFillers(after, s1)
	for k := j; k < s1 && k < j+10; k++ {
		w, _ := a.word(k)
		if w == "مع" || w == "من" || w == "بين" {
			if np := a.npRight(k+1, s1); len(np.heads) > 0 {
				other = np.heads
				initiator = w == "من" && c.typ() == "CALL"
				break
			}
		}
		if e := a.toks[k].ent; e >= 0 && a.entFirst[e] == k {
			cl := a.entClitics(e)
			if strings.Contains(cl, "ب") && !strings.Contains(cl, "ل") {
				if np := a.npRight(k, s1); len(np.heads) > 0 {
					other = np.heads
					break
				}
			}
			if !prepClitic(cl) && k == j && (a.ents[e].Type == "PER" || a.ents[e].Type == "TITLE") {
				if np := a.npRight(k, s1); len(np.heads) > 0 {
					other = np.heads
					break
				}
			}
		}
		if np, ok := a.corefAt(k, s1); ok && k == j {
			other = np.heads
			break
		}
		if a.startsOtherTrigger(k) {
			break
		}
	}
	parts = append(parts, other...)
	c.add(roleParticipants, parts...)
	if initiator && len(other) > 0 {
		c.set(roleActor, other...)
	}
	// Venue: a place after في, or the place visited.
	for k := c.last + 1; k < s1; k++ {
		e := a.toks[k].ent
		if e < 0 || a.entFirst[e] != k {
			continue
		}
		m := a.ents[e]
		if m.Type != "GPE" && m.Type != "LOC" {
			continue
		}
		if a.wordExact(k-1, "في") || strings.HasPrefix(a.entClitics(e), "ب") ||
			(c.e.cameo == "042" && (a.wordExact(k-1, "الي") || k <= c.last+3)) {
			r := a.entRef(e)
			if !a.isActor(c, r) {
				c.add(roleVenue, r)
				break
			}
		}
	}
}

// linkLate fills what depends on other events: the body whose adopted
// resolution demands something, the sponsor a veto targets, the target of
// a draft (what its content demands of whom).
func (a *analysis) linkLate() {
	for _, c := range a.cands {
		if c.drop {
			continue
		}
		switch {
		case c.content == contentResolution:
			if ad := a.adoptionInParagraph(c); ad != nil {
				c.set(roleActor, ad.roles[roleActor]...)
				c.actorFound = actorContent
			}
		case c.typ() == "VETO" && len(c.roles[roleTarget]) == 0:
			for _, o := range a.cands {
				if o.typ() == "DRAFT_SUBMIT" && !o.drop && o.sent == c.sent && len(o.roles[roleActor]) > 0 {
					c.add(roleTarget, o.roles[roleActor]...)
					break
				}
			}
		}
	}
	for _, c := range a.cands {
		if c.drop || c.typ() != "DRAFT_SUBMIT" || len(c.roles[roleTarget]) > 0 {
			continue
		}
		for _, o := range a.cands {
			if o.sent != c.sent || o.typ() != "DEMAND" || o.first < c.first {
				continue
			}
			for _, t := range o.roles[roleTarget] {
				if t.typ == "ORG" || t.typ == "PER" {
					c.add(roleTarget, t)
				}
			}
		}
	}
	// Content events of drafts were dropped before linking; their targets
	// still tell whom a draft targets.
	for _, c := range a.cands {
		if c.drop || c.typ() != "DRAFT_SUBMIT" || len(c.roles[roleTarget]) > 0 {
			continue
		}
		for _, o := range a.cands {
			if o.sent == c.sent && o.typ() == "DEMAND" && o.why == "content of a draft" && o.first > c.first {
				s1 := a.sentEnd(o.sent)
				j := a.skipFillers(o.last+1, s1)
				if e := a.toks[min(j, len(a.toks)-1)].ent; j < s1 && e >= 0 && (a.ents[e].Type == "ORG" || a.ents[e].Type == "PER") && !prepClitic(a.entClitics(e)) {
					c.add(roleTarget, a.entRef(e))
				}
			}
		}
	}
}

// asArgs converts refs to doc arguments.
func asArgs(rs []ref) []doc.Arg {
	out := make([]doc.Arg, 0, len(rs))
	for _, r := range rs {
		out = append(out, doc.Arg{Span: r.span, Link: r.link})
	}
	return out
}
