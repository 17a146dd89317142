package events

import (
	"sort"
	"strings"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

// attachDates gives each DATE mention to the nearest trigger of its
// sentence (in tokens; a tie goes to the earlier trigger), and each event
// the nearest of the dates it was given. Content events (what a resolution
// demands) take no date: it is the adoption's. An adoption dated in the
// text on another day than the registry's takes the registry's date,
// anchored on the resolution mention (the seed article's "7 أكتوبر").
func (a *analysis) attachDates() {
	type pick struct {
		ent, dist int
	}
	best := map[*cand]pick{}
	// A date right after a verb's subject is the verb's ("أعلنت حماس فجر
	// اليوم الأربعاء اغتيال …").
	taken := map[int]bool{}
	for _, c := range a.cands {
		if c.drop || c.merged != nil || c.actorEnd == 0 || c.content != contentNone {
			continue
		}
		j := c.actorEnd
		for j < len(a.toks) && a.toks[j].kind == tokPunct && a.toks[j].text == "،" {
			j++
		}
		if j < len(a.toks) && a.toks[j].ent >= 0 && a.ents[a.toks[j].ent].Type == "DATE" && a.entFirst[a.toks[j].ent] == j {
			best[c] = pick{a.toks[j].ent, 0}
			taken[a.toks[j].ent] = true
		}
	}
	for e, m := range a.ents {
		if m.Type != "DATE" || a.entFirst[e] < 0 || a.toks[a.entFirst[e]].skip || taken[e] {
			continue
		}
		s := a.toks[a.entFirst[e]].sent
		ofResolution := a.resolutionDated(e)
		var win *cand
		wd := 1 << 30
		for _, c := range a.cands {
			if c.drop && !strings.HasPrefix(c.why, "rule ") || c.merged != nil || c.sent != s || c.content != contentNone {
				continue
			}
			if ofResolution && c.typ() != "ADOPT" {
				continue
			}
			d := c.first - a.entLast[e]
			from, to := a.entLast[e]+1, c.first
			if a.entFirst[e] > c.last {
				d = a.entFirst[e] - c.last
				from, to = c.last+1, a.entFirst[e]
			}
			if a.clauseBetween(from, to) {
				continue // "… في 15 نوفمبر 2023، كما تم اعتماد القرار 2720"
			}
			if d < wd {
				win, wd = c, d
			}
		}
		if win == nil {
			continue
		}
		if p, ok := best[win]; !ok || wd < p.dist && !taken[p.ent] {
			best[win] = pick{e, wd}
		}
	}
	for c, p := range best {
		if c.drop {
			continue // a date of a phrase that is no event ("جولة المحادثات المقررة غدا")
		}
		r := a.entRef(p.ent)
		r.value = a.ents[p.ent].Value
		c.add(roleDate, r)
	}
	// An adoption voted in its sentence has the vote's date ("صوّت المجلس
	// اليوم … وتبنى القرار"); a deployment announced has the announcement's.
	for _, c := range a.cands {
		if c.drop || c.merged != nil || len(c.roles[roleDate]) > 0 {
			continue
		}
		for _, o := range a.cands {
			if o == c || o.drop || o.sent != c.sent || len(o.roles[roleDate]) == 0 {
				continue
			}
			if c.typ() == "ADOPT" && o.typ() == "VOTE" && o.merged == nil ||
				c.typ() == "DEPLOY" && o.typ() == "STATEMENT" && o.actorEnd > 0 && a.skipFillers(o.actorEnd, c.first) == c.first {
				c.add(roleDate, o.roles[roleDate][0])
				break
			}
		}
	}
	for _, c := range a.cands {
		if c.drop || c.typ() != "ADOPT" {
			continue
		}
		for _, res := range c.roles[roleResolution] {
			rd := a.resolutionDate(res.ent)
			if rd == "" {
				continue
			}
			ds := c.roles[roleDate]
			if len(ds) == 1 && len(ds[0].value) == 10 && ds[0].value != rd {
				r := res
				r.value = rd
				c.set(roleDate, r)
			}
			break
		}
	}
}

// merge folds re-mentions of one happening into the first mention
// (ANNOTATION.md: one event per happening per paragraph; the seed
// article's "استخدام حق النقض الثلاثاء" re-mentions the veto of an earlier
// paragraph and gives it its date).
//
//   - STATEMENT: the same speaker in a paragraph ("قال … وأضاف"), or a
//     statement noun (بيان) in the sentence of a statement verb;
//   - VETO: the same vetoing states (or none named) in the document, unless
//     their dates differ;
//   - ADOPT: the same resolution in the document (an adoption of several
//     resolutions is first split, one event each);
//   - ATTACK, CONDEMN, DRAFT_SUBMIT: the same actor (or none) in a
//     paragraph;
//   - CALL: the same parties in the document; talks (بحث مع) with a party of
//     a call are that call; meetings with the same parties in a paragraph.
func (a *analysis) merge() {
	a.splitAdoptions()
	a.mergeElaborations()
	live := func() []*cand {
		var out []*cand
		for _, c := range a.cands {
			if !c.drop && c.merged == nil {
				out = append(out, c)
			}
		}
		return out
	}
	cs := live()
	for i, c := range cs {
		if c.merged != nil {
			continue
		}
		for _, o := range cs[i+1:] {
			if o.merged != nil || o.modality != c.modality {
				continue
			}
			if a.sameHappening(c, o) {
				if c.typ() == "ADOPT" && a.registryDated(o) && !a.registryDated(c) {
					// The mention dated as the registry dates it leads.
					o.merged, c.merged = nil, nil
					a.absorb(o, c)
					c = o
					continue
				}
				a.absorb(c, o)
			}
		}
	}
	// A talk (MEET) that is a call's content ("بحث … مع نظيره … في مكالمة
	// هاتفية"، or the same parties elsewhere): the call wins, with the
	// talk's parties when it names none.
	cs = live()
	for _, m := range cs {
		if m.typ() != "MEET" || m.e.cameo != "040" || m.merged != nil {
			continue
		}
		for _, c := range cs {
			if c.typ() != "CALL" || c.merged != nil || c.modality != m.modality {
				continue
			}
			if c.sent == m.sent || a.overlap(c.roles[roleParticipants], m.roles[roleParticipants]) {
				if c.sent == m.sent && len(c.roles[roleParticipants]) == 0 {
					c.set(roleActor, m.roles[roleActor]...)
					c.actorFound = m.actorFound
				}
				a.absorb(c, m)
				break
			}
		}
	}
	// ADOPT: prefer the mention whose date agrees with the registry.
	for _, c := range live() {
		if c.typ() != "ADOPT" {
			continue
		}
		for _, res := range c.roles[roleResolution] {
			rd := a.resolutionDate(res.ent)
			for _, o := range a.cands {
				if o.merged != c {
					continue
				}
				for _, d := range o.roles[roleDate] {
					if d.value == rd && (len(c.roles[roleDate]) == 0 || c.roles[roleDate][0].value != rd || c.roles[roleDate][0].span == res.span) {
						c.set(roleDate, d)
					}
				}
			}
		}
	}
}

// registryDated reports an adoption whose date in the text is the
// registry's date of its resolution.
func (a *analysis) registryDated(c *cand) bool {
	for _, res := range c.roles[roleResolution] {
		rd := a.resolutionDate(res.ent)
		for _, d := range c.roles[roleDate] {
			if rd != "" && d.value == rd && d.span != res.span {
				return true
			}
		}
	}
	return false
}

// resolutionDated reports a DATE that dates a resolution in a relative
// clause ("القرار 2720 الصادر في 22 كانون الأول/ديسمبر 2023"، "القرار
// الذي اعتمده المجلس في …"): the date is the resolution's, and of no other
// event than its adoption.
func (a *analysis) resolutionDated(e int) bool {
	k := a.entFirst[e] - 1
	if a.wordExact(k, "في") || a.wordExact(k, "بتاريخ") || a.wordExact(k, "يوم") {
		k--
	}
	if o := a.toks[max(k, 0)].ent; k >= 0 && o >= 0 && a.ents[o].Type == "ORG" {
		k = a.entFirst[o] - 1 // "الذي اعتمده مجلس الأمن في"
	}
	if k < 0 || a.toks[k].ent >= 0 || !a.wordIs(k, "issued") {
		return false
	}
	for j, n := k-1, 0; j >= 0 && n < 4 && a.toks[j].sent == a.toks[k].sent; j, n = j-1, n+1 {
		if o := a.toks[j].ent; o >= 0 {
			return a.ents[o].Type == "RESOLUTION"
		}
		if a.wordIs(j, "resolution") {
			return true
		}
		if !a.wordIs(j, "rel") && a.toks[j].kind != tokNumber {
			return false
		}
	}
	return false
}

// clauseBetween reports a word that opens a new clause (كما، ثم، فيما،
// بينما …) in tokens [from, to).
func (a *analysis) clauseBetween(from, to int) bool {
	for k := from; k < to; k++ {
		if a.toks[k].ent < 0 && a.wordIs(k, "clause") {
			return true
		}
	}
	return false
}

func (a *analysis) sameHappening(c, o *cand) bool {
	if c.typ() != o.typ() {
		return false
	}
	samePara := c.para == o.para
	switch c.typ() {
	case "STATEMENT":
		if o.sent != c.sent {
			return false
		}
		if (o.fm.pos == posNoun || o.phrase) && len(o.roles[roleActor]) == 0 {
			return true
		}
		return a.sameRefs(c.roles[roleActor], o.roles[roleActor]) && len(c.roles[roleActor]) > 0
	case "VETO":
		if !a.compatible(c.roles[roleActor], o.roles[roleActor]) {
			return false
		}
		return !datesDiffer(c, o)
	case "ADOPT":
		return a.overlap(c.roles[roleResolution], o.roles[roleResolution])
	case "ATTACK", "CONDEMN", "DRAFT_SUBMIT":
		if !samePara || !a.compatible(c.roles[roleActor], o.roles[roleActor]) {
			return false
		}
		if c.typ() == "ATTACK" {
			if !attackKindsMatch(c.e.cameo, o.e.cameo) {
				return false
			}
			cp := append(append([]ref(nil), c.roles[roleTarget]...), c.roles[roleVenue]...)
			op := append(append([]ref(nil), o.roles[roleTarget]...), o.roles[roleVenue]...)
			if len(cp) > 0 && len(op) > 0 && !a.overlap(cp, op) {
				return false // another place: another attack
			}
		}
		if c.typ() == "CONDEMN" && len(c.roles[roleTarget]) > 0 && len(o.roles[roleTarget]) > 0 && !a.overlap(c.roles[roleTarget], o.roles[roleTarget]) {
			return false
		}
		return !datesDiffer(c, o)
	case "CALL":
		return a.overlap(c.roles[roleParticipants], o.roles[roleParticipants]) || samePara && len(o.roles[roleParticipants]) == 0
	case "PROTEST":
		return o.sent == c.sent && a.compatible(c.roles[roleActor], o.roles[roleActor])
	case "AGREE", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "THREATEN", "SANCTION", "COERCE":
		if !samePara || !a.compatible(c.roles[roleActor], o.roles[roleActor]) || datesDiffer(c, o) {
			return false
		}
		return len(c.roles[roleTarget]) == 0 || len(o.roles[roleTarget]) == 0 || a.overlap(c.roles[roleTarget], o.roles[roleTarget])
	case "MEET":
		if !samePara {
			return false
		}
		for _, r := range o.roles[roleParticipants] {
			if !a.inRefs(c.roles[roleParticipants], r) {
				return false // someone else: another meeting
			}
		}
		return true
	}
	return false
}

// mergeElaborations folds a verb of a relative clause into the noun it
// describes ("الضربة التي استهدفت قنصليتها" is one strike) and an attack
// noun that says how another attack was made ("اغتيل … بغارة"، "اغتيال
// هنية في هجوم") into that attack.
func (a *analysis) mergeElaborations() {
	for i, c := range a.cands {
		if c.drop || c.merged != nil {
			continue
		}
		if c.fm.pos == posVerb && a.wordIs(c.first-1, "rel") {
			k := c.first - 2
			for k >= 0 && a.toks[k].kind == tokWord && nisbaLike(a.toks[k].text) {
				k--
			}
			if n := a.candEndingAt(k); n != nil && n != c && n.typ() == c.typ() && !n.drop && n.merged == nil {
				a.absorbAll(n, c)
				continue
			}
		}
		if c.typ() == "ATTACK" && c.fm.pos == posNoun && (a.wordExact(c.first-1, "في") || strings.HasSuffix(c.clitics, "ب")) {
			for j := i - 1; j >= 0; j-- {
				o := a.cands[j]
				if o.sent != c.sent {
					break
				}
				if !o.drop && o.merged == nil && o.typ() == "ATTACK" && o.modality == c.modality {
					a.absorbAll(o, c)
					break
				}
			}
		}
	}
}

// candEndingAt returns the candidate whose trigger ends at token k.
func (a *analysis) candEndingAt(k int) *cand {
	for _, c := range a.cands {
		if c.last == k {
			return c
		}
	}
	return nil
}

// takeTrigger gives c the trigger of o when c's is weak and o's is not
// ("خرج آلاف المتظاهرين في مسيرات": مسيرات; "مقتل … في الغارات": الغارات).
func takeTrigger(c, o *cand) {
	if contains(c.e.rules, "weak") && !contains(o.e.rules, "weak") {
		c.e, c.fm, c.phrase, c.first, c.last, c.span, c.clitics = o.e, o.fm, o.phrase, o.first, o.last, o.span, o.clitics
	}
}

// absorbAll merges o into c, taking every role c lacks (targets too).
func (a *analysis) absorbAll(c, o *cand) {
	takeTrigger(c, o)
	o.merged = c
	for role, rs := range o.roles {
		if len(c.roles[role]) == 0 {
			c.add(role, rs...)
		}
	}
}

// attackKindsMatch: a ground incursion (192) and an air strike (194/195)
// are different attacks; a generic attack word goes with either.
func attackKindsMatch(x, y string) bool {
	ground := func(c string) bool { return c == "192" }
	air := func(c string) bool { return c == "194" || c == "195" }
	return !(ground(x) && air(y) || air(x) && ground(y))
}

func datesDiffer(c, o *cand) bool {
	cd, od := c.roles[roleDate], o.roles[roleDate]
	return len(cd) > 0 && len(od) > 0 && cd[0].value != "" && od[0].value != "" && cd[0].value != od[0].value
}

// absorb merges o into c: c keeps its trigger and takes the roles it lacks.
func (a *analysis) absorb(c, o *cand) {
	takeTrigger(c, o)
	o.merged = c
	for role, rs := range o.roles {
		if role == roleTarget && c.typ() == "ATTACK" {
			continue // a re-mention's target is the condemner's reading
		}
		if len(c.roles[role]) == 0 {
			c.add(role, rs...)
		} else if role == roleParticipants {
			for _, r := range rs {
				if !a.inRefs(c.roles[role], r) {
					c.add(role, r)
				}
			}
		}
	}
	if c.votes == nil {
		c.votes = o.votes
	}
	if o.magnitude != nil {
		if c.magnitude == nil {
			c.magnitude = &doc.Magnitude{}
		}
		for i := 0; i < 4; i++ {
			if p := c.magnitude.Field(i); *p == nil {
				*p = *o.magnitude.Field(i)
			}
		}
	}
	if c.typ() == "CALL" && o.typ() == "CALL" && c.fm.pos != posPhrase && o.fm.pos == posPhrase {
		// Keep the most specific trigger (اتصالا هاتفيا) for the call.
		c.first, c.last, c.span = o.first, o.last, o.span
	}
}

// splitAdoptions turns an adoption of several resolutions ("القرارين 2712
// و2720 اللذين تم تبنيهما") into one event per resolution.
func (a *analysis) splitAdoptions() {
	var extra []*cand
	for _, c := range a.cands {
		rs := c.roles[roleResolution]
		if c.drop || c.merged != nil || c.typ() != "ADOPT" || len(rs) < 2 {
			continue
		}
		c.roles[roleResolution] = rs[:1]
		for _, r := range rs[1:] {
			cp := *c
			cp.roles = map[string][]ref{}
			for k, v := range c.roles {
				cp.roles[k] = append([]ref(nil), v...)
			}
			cp.roles[roleResolution] = []ref{r}
			if rd := a.resolutionDate(r.ent); rd != "" {
				if ds := cp.roles[roleDate]; len(ds) == 1 && len(ds[0].value) == 10 && ds[0].value != rd {
					d := r
					d.value = rd
					cp.roles[roleDate] = []ref{d}
				}
			}
			extra = append(extra, &cp)
		}
	}
	if len(extra) > 0 {
		a.cands = append(a.cands, extra...)
		sort.SliceStable(a.cands, func(i, j int) bool { return a.cands[i].first < a.cands[j].first })
	}
}

// compatible: the same actors, or one side names none.
func (a *analysis) compatible(x, y []ref) bool {
	return len(x) == 0 || len(y) == 0 || a.overlap(x, y)
}

func (a *analysis) sameRefs(x, y []ref) bool {
	if len(x) != len(y) {
		return false
	}
	for _, r := range x {
		if !a.inRefs(y, r) {
			return false
		}
	}
	return true
}

func (a *analysis) overlap(x, y []ref) bool {
	for _, r := range x {
		if a.inRefs(y, r) {
			return true
		}
	}
	return false
}

func (a *analysis) inRefs(rs []ref, r ref) bool {
	k := a.key(r)
	for _, o := range rs {
		if a.key(o) == k || (o.link != nil && r.link != nil && o.link.Name != "" && o.link.Name == r.link.Name) {
			return true
		}
		if strings.Contains(a.key(o), k) || strings.Contains(k, a.key(o)) {
			if o.typ == "PER" && r.typ == "PER" {
				return true // "عبد العاطي" and "بدر عبد العاطي"
			}
		}
	}
	return false
}
