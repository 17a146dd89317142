package events

import (
	"strings"
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
	fr := a.lx.frames[c.typ()]
	if fr.linker != "" {
		linkers[fr.linker](a, c, actor, s0, s1, after)
	} else {
		a.linkFrame(c, fr, after, s1)
	}
	if fr.needActor && len(c.roles[roleActor]) == 0 {
		if _, ok := a.agentNear(c, roleActor, 0); !ok {
			c.dropBecause("no actor")
			return
		}
	}
	// Pronoun-only subjects refer to the last subject of a verb (or of a
	// light verb), not to the genitive of a noun.
	if acts := c.roles[roleActor]; len(acts) > 0 && c.typ() != "VOTE" &&
		(c.actorFound == actorRight || c.actorFound == actorLeft || c.actorFound == actorLight) {
		a.carry.last, a.carry.lastSent = acts, c.sent
	}
	if c.typ() == "CALL" || c.typ() == "MEET" {
		if ps := c.roles[roleParticipants]; len(ps) >= 2 {
			a.carry.pair = ps
		}
	}
}

// linkCondemn: the condemned entity, or the perpetrator of a condemned
// event named in the sentence (see linkLate for the event's actor).
func (a *analysis) linkCondemn(c *cand, after, s1 int) {
	if len(c.roles[roleTarget]) > 0 {
		return // the object of a verbal noun ("انتقاد إيران")
	}
	if ev := a.eventObject(c, after, s1); ev != nil {
		// "دان الهجوم، محملا إسرائيل مسؤوليته".
		c.objEvent = ev
		for k := ev.last + 1; k < s1; k++ {
			if a.wordIs(k, "blame") && k+1 < s1 {
				if e := a.toks[k+1].ent; e >= 0 && isActorType(a.ents[e].Type) {
					c.add(roleTarget, a.entRef(e))
				}
				break
			}
		}
	} else if t, ok := a.findTarget(c, after, s1, 14); ok {
		c.add(roleTarget, t)
	}
}

// linkVeto: only a permanent member vetoes (another actor is a
// misreading); the venue; the sponsor named by a nisba is the target.
func (a *analysis) linkVeto(c *cand, s0, s1 int) {
	var p5 []ref
	for _, r := range c.roles[roleActor] {
		if a.lx.is("p5", a.refCountry(r)) || (r.typ == "PER" || r.typ == "TITLE") && a.lx.is("p5", a.personCountry(r)) {
			p5 = append(p5, r)
		}
	}
	c.set(roleActor, p5...)
	a.addVenue(c, s0, s1)
	if t, ok := a.sponsorNisba(c, s1); ok {
		c.add(roleTarget, t)
	}
}

// findActor looks for the actor: after a verb (VSO), before it (SVO), the
// subject of a light verb before a noun (شنت إسرائيل غارات، تلقى الوزير
// اتصالا), the genitive or nisba after a noun (إدانة مصر، الفيتو الأمريكي),
// or, for a pronoun-only subject, the last actor (by agreement: a dual verb
// takes the two parties of the last call or meeting).
func (a *analysis) findActor(c *cand, s0, s1 int) nounPhrase {
	if contains(c.e.rules, "passive") {
		// "اغتيل القيادي X"، "X الذي اغتيل": the subject is the target.
		if np := a.npRight(c.last+1, s1); len(np.heads) > 0 && !np.prep {
			c.add(roleTarget, np.heads...)
		} else if np := a.relAntecedent(c, s0); len(np.heads) > 0 {
			c.add(roleTarget, np.heads...)
		}
		return nounPhrase{}
	}
	if c.fm.pos == posVerb {
		// SVO with the subject right before the verb: "أردوغان يطالب الأتراك"،
		// "الآلاف يطالبون نتنياهو" (an unnamed crowd: no actor, and the phrase
		// after the verb is its object).
		if k := c.first - 1; k >= s0 && !strings.HasPrefix(c.clitics, "و") && !strings.HasPrefix(c.clitics, "ف") {
			if a.toks[k].ent >= 0 && isActorType(a.ents[a.toks[k].ent].Type) && !a.wordIs(a.entFirst[a.toks[k].ent]-1, "prep") {
				if np := a.npLeft(c.first, s0); len(np.heads) > 0 {
					if obj := a.npRight(c.last+1, s1); len(obj.heads) > 0 && !obj.prep && c.typ() == "DEMAND" {
						c.add(roleTarget, obj.heads...)
					}
					c.actorFound = actorLeft
					return np
				}
			}
			if np, ok := a.corefAt(k, c.first); ok && a.wordIs(k, "anaphor") && len(np.heads) > 0 {
				c.actorFound = actorLeft // "إن الجيش استدعى"
				return np
			}
			if a.toks[k].ent < 0 && (a.wordIs(k, "crowd") || a.wordIs(k, "unnamed")) {
				if obj := a.npRight(c.last+1, s1); len(obj.heads) > 0 && !obj.prep && c.typ() == "DEMAND" {
					c.add(roleTarget, obj.heads...)
				}
				return nounPhrase{}
			}
		}
		if np := a.npRight(c.last+1, s1); len(np.heads) > 0 && !np.prep {
			// "…، ودعت الحكومة المغربية إلى": a demand verb that continues a
			// sentence whose actor is named takes that actor; the phrase
			// after it is the addressee.
			if c.typ() == "DEMAND" && strings.HasPrefix(c.clitics, "و") && a.carry.lastSent == c.sent &&
				len(a.carry.last) > 0 && (a.wordExact(np.end, "الي") || a.cliticWithin(np.end, 1, "ب")) {
				c.add(roleTarget, np.heads...)
				c.actorFound = actorCarried
				return nounPhrase{heads: a.carry.last, first: np.first, end: np.end}
			}
			c.actorFound = actorRight
			c.actorEnd = np.end
			return np
		}
		if a.wordIs(c.first-1, "rel") {
			return nounPhrase{} // "الضربة التي استهدفت": the antecedent is the subject
		}
		if a.wordIs(a.skipFillers(c.last+1, s1), "unnamed") {
			return nounPhrase{} // "قالت مصادر": an unnamed speaker, not the last one
		}
		if np := a.groupMembers(c, s1); len(np.heads) > 0 {
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
		if np, ok := a.genitiveBefore(c, s0); ok && c.hasNounReading() {
			return np
		}
		return a.carried(c, s0)
	}
	if contains(c.e.rules, "requestfrom") {
		// "بطلب من الجزائر وباكستان": the requesters follow من; whom they
		// asked is the subject of the light verb before (عقد مجلس الأمن).
		if np, ok := a.lightSubject(c, s0); ok && len(np.heads) > 0 {
			c.add(roleTarget, np.heads...)
		}
		if np := a.npRight(c.last+2, s1); len(np.heads) > 0 {
			c.actorFound = actorRight
			return np
		}
		return nounPhrase{}
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
	if np := a.relativeLight(c, s1); len(np.heads) > 0 {
		c.actorFound = actorLight
		return np
	}
	if w, ok := a.word(c.last + 1); ok && c.last+1 < s1 && a.toks[c.last+1].ent < 0 && !c.fm.def && hasPronounSuffix(w) &&
		!a.wordIs(c.last+1, "prep") && !a.wordIs(c.last+1, "rel") {
		return a.carried(c, s0) // "توغل دباباته": the owner of the pronoun
	}
	// "قال الوزير خلال مؤتمر صحفي مشترك مع …"، "ودعا الوزير في اتصال
	// هاتفي مع …": the meeting or call where a statement or demand was
	// made is its speaker's.
	if (c.typ() == "MEET" || c.typ() == "CALL") && (a.bareWord(c.first-1) == "خلال" || a.bareWord(c.first-1) == "في") {
		for i := len(a.cands) - 1; i >= 0; i-- {
			o := a.cands[i]
			if o.first >= c.first || o.sent != c.sent {
				continue
			}
			speech := o.typ() == "STATEMENT" || o.typ() == "DEMAND" || o.typ() == "CONDEMN"
			if !o.drop && speech && o.actorEnd > 0 && len(o.roles[roleActor]) > 0 && a.skipFillers(o.actorEnd, c.first-1) == c.first-1 {
				c.actorFound = actorCarried
				return nounPhrase{heads: o.roles[roleActor]}
			}
			break
		}
	}
	if c.fm.pronoun {
		if np, ok := a.genitiveBefore(c, s0); ok {
			return np
		}
		return a.carried(c, s0)
	}
	// The object of a statement: "أعلن الوزير إرسال حاملة طائرات".
	for i := len(a.cands) - 1; i >= 0; i-- {
		o := a.cands[i]
		if o.first >= c.first || o.sent != c.sent {
			continue
		}
		if !o.drop && o.typ() == "STATEMENT" && o.fm.pos == posVerb && o.actorEnd > 0 && a.skipFillers(o.actorEnd, c.first) == c.first &&
			len(o.roles[roleActor]) > 0 && (c.typ() == "DEPLOY" || c.typ() == "CALL" || c.typ() == "MEET") {
			c.actorFound = actorCarried
			return nounPhrase{heads: o.roles[roleActor]}
		}
		break
	}
	return nounPhrase{}
}

// genitiveBefore reads "رفض مصر القاطع وإدانتها": a noun with a feminine
// pronoun coordinated with a noun whose genitive is a state or body; the
// pronoun is that genitive.
func (a *analysis) genitiveBefore(c *cand, s0 int) (nounPhrase, bool) {
	if !strings.HasSuffix(a.toks[c.first].text, "ها") || !strings.HasPrefix(c.clitics, "و") {
		return nounPhrase{}, false
	}
	for k, plain := c.first-1, 0; k >= s0 && plain <= 2; k-- {
		if e := a.toks[k].ent; e >= 0 {
			if (a.ents[e].Type == "GPE" || a.ents[e].Type == "ORG") && !prepClitic(a.entClitics(e)) &&
				a.entFirst[e] > s0 && a.toks[a.entFirst[e]-1].ent < 0 && !a.wordIs(a.entFirst[e]-1, "prep") {
				c.actorFound = actorGenitive
				return nounPhrase{heads: []ref{a.entRef(e)}}, true
			}
			return nounPhrase{}, false
		}
		plain++
	}
	return nounPhrase{}, false
}

// groupMembers reads a group subject named by its members: "صاغه الأعضاء
// العشرة المنتخبون في المجلس، ومن بينهم الجزائر وموزمبيق وسويسرا".
func (a *analysis) groupMembers(c *cand, s1 int) nounPhrase {
	j := a.skipFillers(c.last+1, s1)
	if j >= s1 || a.toks[j].ent >= 0 || a.toks[j].kind != tokWord {
		return nounPhrase{}
	}
	for k := j + 1; k < s1 && k <= j+10; k++ {
		if a.startsOtherTrigger(k) {
			break
		}
		if a.wordIs(k, "groupintro") {
			if np := a.npRight(k+1, s1); len(np.heads) > 1 {
				return np
			}
			break
		}
	}
	return nounPhrase{}
}

// personCountry returns the country of a person argument.
func (a *analysis) personCountry(r ref) string {
	if r.ent >= 0 {
		if p := a.persons[r.ent]; p != nil {
			return p.country
		}
	}
	return r.country
}

// relativeLight reads "الغارات التي شنها الجيش الإسرائيلي": the subject of
// a light verb in a relative clause right after the noun.
func (a *analysis) relativeLight(c *cand, s1 int) nounPhrase {
	k := c.last + 1
	for k < s1 && (a.toks[k].kind == tokWord && nisbaLike(a.toks[k].text) && a.toks[k].ent < 0) {
		k++
	}
	if !a.wordIs(k, "rel") || k+1 >= s1 || !(a.wordIs(k+1, "light") || a.stemIs(k+1, "light")) {
		return nounPhrase{}
	}
	np := a.npRight(k+2, s1)
	if np.prep {
		return nounPhrase{}
	}
	return np
}

// relAntecedent finds the phrase a relative clause hangs on: "صالح
// العاروري، الذي اغتيل".
func (a *analysis) relAntecedent(c *cand, s0 int) nounPhrase {
	k := c.first - 1
	if !a.wordIs(k, "rel") {
		return nounPhrase{}
	}
	k--
	for k >= s0 && a.punct(k, "،,") {
		k--
	}
	if k < s0 || a.toks[k].ent < 0 {
		return nounPhrase{}
	}
	e := a.toks[k].ent
	return a.npRight(a.entFirst[e], c.first)
}

// carried returns the actor a pronoun-only subject refers to: an earlier
// actor in the same sentence, else the sentence's own subject, else the
// last actor before it.
func (a *analysis) carried(c *cand, s0 int) nounPhrase {
	c.actorFound = actorCarried
	if c.fm.agr == agrPlural && len(a.carry.last) == 1 && a.carry.last[0].typ != "NORP" {
		c.actorFound = actorNone // "وطالبوا": a plural subject, not the last single actor
		return nounPhrase{}
	}
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
	for k := s0; k < limit && k < s0+10; k++ {
		t := a.toks[k]
		if t.kind != tokWord || t.ent >= 0 {
			continue // a dateline: "الأمم المتحدة (رويترز) -"
		}
		if a.wordIs(k, "prep") {
			return nounPhrase{}
		}
		if np := a.npRight(k+1, limit); len(np.heads) > 0 && !np.prep {
			return np
		}
		return nounPhrase{}
	}
	return nounPhrase{}
}

// lightSubject finds a light verb (استخدم، شن، أجرى، تلقى، لجوء …) before a
// noun trigger whose subject phrase reaches the trigger, give or take
// dates and two other words, and returns that subject. ok is true when a
// light verb was found (its subject may be a pronoun: "باستخدامها").
func (a *analysis) lightSubject(c *cand, s0 int) (nounPhrase, bool) {
	for k := c.first - 1; k >= s0 && k >= c.first-20; k-- {
		t := a.toks[k]
		if t.ent >= 0 || t.kind != tokWord {
			continue
		}
		light := a.wordIs(k, "light") && !a.startsOtherTrigger(k)
		if w := a.bareWord(k); !light && strings.HasPrefix(w, "س") && a.bareIs(w[len("س"):], "light") {
			light = true // "ستستخدم حق النقض"
		}
		pronoun := false
		if !light && a.stemIs(k, "light") {
			light, pronoun = true, true // باستخدامها، لجوئه
		}
		if !light {
			continue
		}
		if pronoun {
			if c.first-k <= 3 {
				return nounPhrase{}, true
			}
			continue
		}
		np := a.npRight(k+1, c.first)
		if len(np.heads) == 0 || np.prep {
			if a.skipFillers(k+1, c.first) == c.first {
				// "أن واشنطن ستستخدم حق النقض": the subject before the light
				// verb, else a pronoun subject ("شنت فجر اليوم غارات").
				if left := a.npLeft(k, s0); len(left.heads) > 0 {
					return left, true
				}
				return nounPhrase{}, true
			}
			return nounPhrase{}, false
		}
		// What lies between the subject and the trigger.
		other := 0
		for j := np.end; j < c.first; j++ {
			tj := a.toks[j]
			switch {
			case tj.ent >= 0 && a.ents[tj.ent].Type == "DATE", tj.kind == tokPunct,
				a.wordIs(j, "filler"), a.wordIs(j, "quantity"), a.wordIs(j, "neg"):
			default:
				other++
			}
		}
		if other <= 2 {
			return np, true
		}
		return nounPhrase{}, false
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
	// "غارات للتحالف"، "غارات لمقاتلات التحالف": the agent after ل.
	if contains(c.e.rules, "lagent") {
		j := k
		if w, ok := a.word(j); ok && a.toks[j].ent < 0 && strings.HasPrefix(w, "ل") && a.bareIs(w, "grouphead") {
			j++
		}
		if e := a.toks[min(j, s1-1)].ent; j < s1 && e >= 0 && a.entFirst[e] == j &&
			(j > k || strings.HasSuffix(a.entClitics(e), "ل")) && (a.ents[e].Type == "ORG" || a.ents[e].Type == "GPE") {
			return nounPhrase{heads: []ref{a.entRef(e)}, first: j, end: a.entLast[e] + 1}, true
		}
	}
	if e := a.toks[k].ent; e >= 0 && a.entFirst[e] == k {
		typ := a.ents[e].Type
		if contains(c.e.rules, "transitive") && typ != "NORP" && !prepClitic(a.entClitics(e)) {
			// "انتقاد إيران", "اغتيال هنية": the genitive is the object, unless
			// an ل-object follows ("إدانة مصر للهجوم").
			np := a.npRight(k, s1)
			if len(np.heads) == 0 {
				return nounPhrase{}, false
			}
			if np.end < s1 && a.toks[np.end].kind == tokWord && strings.HasPrefix(strings.TrimPrefix(a.toks[np.end].text, "و"), "ل") {
				return np, true
			}
			c.add(roleTarget, np.heads...)
			return nounPhrase{}, false
		}
		if typ == "NORP" {
			r := a.nisbaRef(e, c.para)
			return nounPhrase{heads: []ref{r}, first: k, end: a.entLast[e] + 1}, true
		}
		if (typ == "GPE" || typ == "ORG" || typ == "PER" || typ == "TITLE") && !prepClitic(a.entClitics(e)) && !c.fm.def && !c.phrase {
			np := a.npRight(k, s1)
			if len(np.heads) > 0 {
				return np, true
			}
		}
		return nounPhrase{}, false
	}
	if w, ok := a.word(k); ok && (nisbaLike(w) || !c.fm.def && nisbaLike("ال"+w)) {
		if country := a.nisbaCountry(strings.TrimPrefix(w, "ال")); country != "" || a.nisbaCountry(w) != "" {
			if country == "" {
				country = a.nisbaCountry(w)
			}
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
		if a.entFirst[e] < k && (best < 0 || a.entFirst[e] > a.entFirst[best]) {
			best = e
		}
	}
	if best < 0 {
		return ref{}, false
	}
	return a.entRef(best), true
}

// eventObject returns the event noun a condemnation is about ("دانت
// الهجوم"، "دانت في بيان الفيتو"), when one comes before any entity.
func (a *analysis) eventObject(c *cand, after, s1 int) *cand {
	for k := after; k < s1 && k < after+6; k++ {
		if a.toks[k].ent >= 0 {
			return nil
		}
		for _, o := range a.cands {
			if o.first == k && (o.typ() == "ATTACK" || o.typ() == "VETO" || o.typ() == "DEPLOY") && o.fm.pos != posVerb {
				return o
			}
		}
	}
	return nil
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
		if a.onBehalf(e) {
			continue // "على لسان رئيسها، إيمانويل ماكرون": the speaker, not the target
		}
		if a.isUNBodyEnt(e) && (a.wordExact(a.entFirst[e]-1, "في") || strings.HasPrefix(a.entClitics(e), "ب")) {
			continue
		}
		r := a.argRef(e, c.para)
		if a.isActor(c, r) {
			continue
		}
		return r, true
	}
	return ref{}, false
}

// argRef is entity e as an argument: a nisba stands for its country named
// in the paragraph, a title for the person it names.
func (a *analysis) argRef(e, para int) ref {
	switch a.ents[e].Type {
	case "NORP":
		return a.nisbaRef(e, para)
	case "TITLE":
		return a.titleRef(e)
	}
	return a.entRef(e)
}

// onBehalf reports an entity in the phrase after "على لسان": it names who
// spoke for the actor.
func (a *analysis) onBehalf(e int) bool {
	k, plain := a.entFirst[e], 0
	for j := k - 1; j >= 0 && j >= k-7 && a.toks[j].sent == a.toks[k].sent; j-- {
		if a.wordIs(j, "onbehalf") {
			return true
		}
		if t := a.toks[j]; t.ent < 0 && t.kind == tokWord && !a.wordIs(j, "titleword") && !nisbaLike(t.text) &&
			!strings.HasSuffix(t.text, "ها") && !strings.HasSuffix(t.text, "ه") {
			if plain++; plain > 1 {
				return false // (one word may be a first name the recogniser left out)
			}
		}
	}
	return false
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
	o := a.candAt[k]
	return o != nil && o.typ() == typ
}

// linkDemand: the addressee right after the actor (دعا مجلس الأمن إسرائيل
// إلى، يطالب الحوثيين), after "من" (طلب من الأمين العام), or else the
// entity the demand concerns (بوقف إطلاق النار في غزة).
func (a *analysis) linkDemand(c *cand, after, s1 int) {
	if len(c.roles[roleTarget]) > 0 {
		return
	}
	j := a.skipFillers(after, s1)
	if j < s1 && c.content != contentNone && a.docAt(j) != docNone {
		j = a.skipFillers(j+1, s1) // "وطالب القرار، الذي أعدته بريطانيا، الجيش السوداني"
	}
	if a.wordIs(j, "rel") {
		for j < s1 && !a.punct(j, "،,") {
			j++
		}
		j = a.skipFillers(j, s1)
	}
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
		if a.isActor(c, r) || a.isUNBodyEnt(e) && a.wordExact(a.entFirst[e]-1, "في") || a.onBehalf(e) {
			continue
		}
		if m.Type == "TITLE" {
			c.add(roleTarget, r)
		} else {
			c.add(roleTarget, a.coordinated(e, s1)...) // "بين حزب الله وإسرائيل"
		}
		return
	}
}

// linkAction: ATTACK, PROTEST and DEPLOY. The target follows على، ضد،
// استهداف or ل (شنت غارات على مواقع تابعة لجماعة الحوثي), the place
// follows في، داخل، إلى (في اليمن، داخل الأراضي اللبنانية); a list of places
// is taken whole (في رام الله ونابلس وجنين، في ساحة التحرير ببغداد). For a
// protest or a deployment a place is a venue unless marked as a target. A
// place that opens the sentence ("وفي الرباط، نظمت") is the venue too.
func (a *analysis) linkAction(c *cand, after, s1 int) {
	mode := 0 // 1: target, 2: venue
	var target, venue []ref
	target = append(target, c.roles[roleTarget]...) // "اغتيال هنية"
	c.set(roleTarget)
	placeDefault := c.typ() == "PROTEST" || c.typ() == "DEPLOY"
	for k := after; k < s1 && k < after+16; k++ {
		t := a.toks[k]
		if t.ent < 0 {
			if k > after && a.startsOtherTrigger(k) || a.wordIs(k, "comp") {
				break
			}
			w, _ := a.word(k)
			for _, r := range readings(w).list() {
				switch r.rest {
				case "علي", "ضد", "تجاه", "لردع", "لمواجهة", "لتحذير", "ردع", "استهداف":
					mode = 1
				case "في", "داخل", "الي", "بالقرب", "قرب", "امام", "شمال", "جنوب", "شرق", "غرب", "وسط", "محيط",
					"شمالي", "جنوبي", "شرقي", "غربي", "شوارع", "مدن", "ساحة":
					mode = 2
				}
			}
			continue
		}
		e := t.ent
		k = a.entLast[e]
		m := a.ents[e]
		if !isActorType(m.Type) || m.Type == "TITLE" {
			continue
		}
		r := a.argRef(e, c.para)
		if a.isActor(c, r) {
			continue
		}
		cl := a.entClitics(e)
		m2 := mode
		place := m.Type == "GPE" || m.Type == "LOC"
		switch {
		case strings.Contains(cl, "ل") && len(target) > 0 && place:
			m2 = 2 // "الضاحية الجنوبية لبيروت"
		case strings.Contains(cl, "ل") && mode != 2:
			m2 = 1
		case strings.Contains(cl, "ب") && (mode == 0 || len(venue) > 0):
			m2 = 2
		case m2 == 0 && placeDefault && place:
			m2 = 2
		}
		switch {
		case m2 == 2 && place && len(venue) == 0:
			venue = a.placeList(e, s1)
			k = a.entLast[venue[len(venue)-1].ent]
		case m2 == 2 && place && (strings.Contains(cl, "ب") || a.wordExact(k-1, "في")) && len(venue) < 3:
			venue = append(venue, r) // في ساحة التحرير ببغداد، أمام البيت الأبيض في واشنطن
		case m2 != 2 && len(target) == 0 && m.Type != "LOC":
			target = a.coordinated(e, s1)
			k = a.entLast[target[len(target)-1].ent]
		case m2 != 2 && len(target) == 0 && m.Type == "LOC" && c.typ() == "ATTACK":
			target = []ref{r}
		case m2 != 2 && len(venue) == 0 && m.Type == "LOC":
			venue = []ref{r}
		}
	}
	if e := a.openingPlace(c.sent); e >= 0 && !a.contrastBefore(c) && c.typ() == "PROTEST" {
		venue = append(venue, a.entRef(e))
	}
	if c.typ() == "ATTACK" && c.e.cameo == "192" && len(target) == 0 && len(venue) > 0 {
		// An incursion's place is what it attacks ("توغل في شرق رفح").
		target, venue = venue[:1], venue[1:]
	}
	c.add(roleTarget, target...)
	c.add(roleVenue, venue...)
}

// placeList returns the place at entity e and the places coordinated with
// it ("رام الله ونابلس وجنين").
func (a *analysis) placeList(e, s1 int) []ref { return a.joined(e, s1, true) }

// coordinated returns entity e and the entities of its type joined to it by
// و ("لواشنطن ولندن").
func (a *analysis) coordinated(e, s1 int) []ref { return a.joined(e, s1, false) }

// joined returns entity e and the entities after it, before token s1, each
// joined by و (and an optional comma): places (GPE or LOC) when places is
// set, else entities of e's type, which may also follow a و-headed group
// word ("الجيش السوداني وقوات الدعم السريع").
func (a *analysis) joined(e, s1 int, places bool) []ref {
	out := []ref{a.entRef(e)}
	k := a.entLast[e] + 1
	for k < s1 {
		if a.punct(k, "،,") {
			k++
		}
		if k >= s1 {
			break
		}
		conj := false
		if w, ok := a.word(k); !places && ok && a.toks[k].ent < 0 && strings.HasPrefix(w, "و") && a.bareIs(w, "grouphead") && k+1 < s1 {
			k++
			conj = true
		}
		ne := a.toks[k].ent
		if ne < 0 || a.entFirst[ne] != k || !conj && !strings.HasPrefix(a.entClitics(ne), "و") {
			break
		}
		if t := a.ents[ne].Type; places && t != "GPE" && t != "LOC" || !places && !compatible(t, a.ents[e].Type) && t != a.ents[e].Type {
			break
		}
		out = append(out, a.entRef(ne))
		k = a.entLast[ne] + 1
	}
	return out
}

// contrastBefore reports بينما/فيما/في حين between the start of c's
// sentence and c: c is in a second clause.
func (a *analysis) contrastBefore(c *cand) bool {
	for k := a.sentStart(c.sent); k < c.first; k++ {
		if w := a.bareWord(k); w == "بينما" || w == "فيما" || (w == "في" && a.wordExact(k+1, "حين")) {
			return true
		}
	}
	return false
}

// openingPlace returns the place of a sentence that opens "وفي X،", or -1.
func (a *analysis) openingPlace(s int) int {
	k := a.sentStart(s)
	if k >= len(a.toks) || a.bareWord(k) != "في" || k+1 >= len(a.toks) {
		return -1
	}
	e := a.toks[k+1].ent
	if e < 0 || (a.ents[e].Type != "GPE" && a.ents[e].Type != "LOC") || !a.punct(a.entLast[e]+1, "،,") {
		return -1
	}
	return e
}

// addVenue adds the UN forum of a diplomatic event: one named in the
// sentence, else the last one named in the paragraph before it, else the
// next one in the paragraph, else the last one in the document.
func (a *analysis) addVenue(c *cand, s0, s1 int) {
	if e := a.unBodyIn(s0, s1, c.first); e >= 0 {
		c.add(roleVenue, a.entRef(e))
		return
	}
	if r, ok := a.relatedForum(c); ok {
		c.add(roleVenue, r)
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

// relatedForum returns the forum of the last diplomatic event before c in
// its paragraph (the veto's council, the adopting assembly).
func (a *analysis) relatedForum(c *cand) (ref, bool) {
	for i := len(a.cands) - 1; i >= 0; i-- {
		o := a.cands[i]
		if o.first >= c.first || o.para != c.para || o.drop {
			continue
		}
		switch o.typ() {
		case "VETO", "VOTE", "DRAFT_SUBMIT":
			if vs := o.roles[roleVenue]; len(vs) > 0 {
				return vs[0], true
			}
		case "ADOPT":
			if as := o.roles[roleActor]; len(as) > 0 && as[0].ent >= 0 && a.forum(as[0].ent) {
				return as[0], true
			}
		}
	}
	return ref{}, false
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

// citedResolution links "بالقرار" after a statement verb to the last
// resolution named before it in the paragraph.
func (a *analysis) citedResolution(c *cand, s1 int) {
	from := c.last + 1
	if c.actorEnd > from {
		from = c.actorEnd
	}
	for k := from; k < s1 && k <= from+1; k++ {
		if w := a.toks[k].text; a.toks[k].ent < 0 && strings.HasPrefix(strings.TrimPrefix(w, "و"), "بالقرار") {
			for j := c.first - 1; j >= 0 && a.toks[j].para == c.para; j-- {
				if e := a.toks[j].ent; e >= 0 && a.ents[e].Type == "RESOLUTION" && a.entFirst[e] == j {
					c.add(roleResolution, a.entRef(e))
					return
				}
			}
			return
		}
	}
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
	if len(c.roles[roleResolution]) == 0 && !c.fm.pronoun {
		// "تبنى المجلس قرارا … ويحمل القرار الرقم 2728": the number comes later.
		for k := s1; k < len(a.toks) && a.toks[k].para == c.para; k++ {
			if a.isCandType(k, "ADOPT") {
				break
			}
			if e := a.toks[k].ent; e >= 0 && a.ents[e].Type == "RESOLUTION" && a.entFirst[e] == k {
				if a.wordIs(k-1, "resolution") || a.wordExact(k-1, "الرقم") || a.wordExact(k-1, "رقم") {
					c.add(roleResolution, a.entRef(e))
				}
				break
			}
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
// نظيره الأمريكي، التقى … بنظيره الصيني وانغ يي), after ضمت/بمشاركة (قمة
// ضمت …), or the object (استقبل الرئيس … رئيس الوزراء). A call received
// "من X" has X as its actor (the initiator). A meeting's venue is a place
// after في or على هامش near the trigger, or the place visited; a call has
// none.
func (a *analysis) linkMeeting(c *cand, actor nounPhrase, after, s1 int) {
	parts := append([]ref(nil), c.roles[roleActor]...)
	var other []ref
	initiator := false
	direct := c.fm.pos == posVerb && (c.e.cameo == "043" || c.e.cameo == "040" || c.e.cameo == "042")
	for k := a.skipFillers(after, s1); k < s1 && k < after+14; k++ {
		t := a.toks[k]
		if t.kind == tokPunct {
			continue
		}
		if k > after && a.startsOtherTrigger(k) {
			break
		}
		w := a.bareWord(k)
		if t.ent < 0 && (w == "مع" || w == "من" || w == "بين" || a.wordIs(k, "meetother")) {
			if np := a.npRight(k+1, s1); len(np.heads) > 0 {
				other = np.heads
				initiator = w == "من" && c.typ() == "CALL"
				break
			}
			continue
		}
		if t.ent < 0 && a.wordIs(k, "counterpart") {
			np, _ := a.corefAt(k, s1)
			other = np.heads
			// "بنظيره الصيني وانغ يي": the name that follows is the mention.
			if n := a.npRight(np.end, s1); len(n.heads) > 0 && n.first == np.end && n.heads[0].typ == "PER" {
				other = n.heads
			}
			break
		}
		if t.ent < 0 && w == "في" {
			if e := a.toks[min(k+1, s1-1)].ent; e >= 0 {
				k = a.entLast[e] // a place, not a party
			}
			continue
		}
		if t.ent >= 0 && a.entFirst[t.ent] == k {
			e := t.ent
			cl := a.entClitics(e)
			typ := a.ents[e].Type
			if a.ents[e].Type == "DATE" {
				k = a.entLast[e]
				continue
			}
			if strings.HasSuffix(strings.TrimPrefix(cl, "و"), "ب") && k <= a.skipFillers(after, s1)+2 ||
				direct && !prepClitic(cl) && (typ == "PER" || typ == "TITLE") {
				if np := a.npRight(k, s1); len(np.heads) > 0 {
					other = np.heads
					break
				}
			}
			k = a.entLast[e]
		}
	}
	parts = append(parts, other...)
	c.add(roleParticipants, parts...)
	if initiator && len(other) > 0 {
		c.set(roleActor, other...)
	}
	if c.typ() == "CALL" {
		return
	}
	// Venue: a place after في or على هامش near the trigger, or the place
	// visited.
	for k := c.last + 1; k < s1 && k <= c.last+12; k++ {
		if k > c.last+1 && a.startsOtherTrigger(k) {
			break
		}
		e := a.toks[k].ent
		if e < 0 || a.entFirst[e] != k {
			continue
		}
		m := a.ents[e]
		visit := c.e.cameo == "042" && (m.Type == "GPE" || m.Type == "LOC") && (a.wordExact(k-1, "الي") || k <= c.last+3)
		margin := a.wordExact(k-1, "هامش")
		at := (m.Type == "GPE" || m.Type == "LOC") && (a.wordExact(k-1, "في") || strings.HasPrefix(a.entClitics(e), "ب"))
		if at && c.e.cameo == "040" && k-2 > c.last && a.toks[k-2].ent < 0 && !a.wordIs(k-2, "dual") {
			at = false // "بحثا الأوضاع في قطاع غزة": the topic, not the place
		}
		if visit || margin || at {
			r := a.entRef(e)
			if !a.isActor(c, r) && !a.inRefs(parts, r) {
				c.add(roleVenue, r)
				break
			}
		}
		k = a.entLast[e]
	}
	if len(c.roles[roleVenue]) == 0 {
		if e := a.openingPlace(c.sent); e >= 0 {
			c.add(roleVenue, a.entRef(e))
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
				c.set(roleActor, adopter(ad)...)
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
		if c.drop || c.typ() != "CONDEMN" || c.objEvent == nil || len(c.roles[roleTarget]) > 0 {
			continue
		}
		for _, r := range c.objEvent.roles[roleActor] {
			if r.ent >= 0 && a.toks[a.entFirst[r.ent]].sent == c.sent {
				c.add(roleTarget, r)
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
