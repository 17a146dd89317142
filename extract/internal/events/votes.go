package events

import (
	"sort"
	"strconv"
	"strings"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/internal/temporal"
)

// readVotes makes one VOTE per sentence out of its tally words (the first
// one is the trigger, ANNOTATION.md; an outcome word such as سقط only when
// there is no other), reads the tallies, counts the vetoing states as votes
// against, and gives adoptions the tallies of their vote.
func (a *analysis) readVotes() {
	// Group the tally words: a sentence's are one vote, and a later
	// sentence of the paragraph that names no new draft and no outcome
	// continues it ("امتنعت الولايات المتحدة عن التصويت … وأيد القرار 14
	// عضوا"، "إن التصويت إهانة"). A negated or planned tally word in the
	// sentence of a vote is part of its tally ("ولم تصوت أي دولة ضده").
	type group struct {
		cs    []*cand
		sents []int
	}
	var groups []*group
	lastAsserted := func(para int) *group {
		for i := len(groups) - 1; i >= 0; i-- {
			g := groups[i]
			if g.cs[0].para != para {
				return nil
			}
			if g.cs[0].modality == "" {
				return g
			}
		}
		return nil
	}
	for _, c := range a.cands {
		if c.drop || c.typ() != "VOTE" {
			continue
		}
		var g *group
		if last := lastAsserted(c.para); last != nil {
			ls := last.sents[len(last.sents)-1]
			switch {
			case ls == c.sent:
				g = last
			case c.modality == "" && !c.outcome && !a.draftBefore(c):
				g = last
			}
		}
		if g == nil {
			g = &group{}
			groups = append(groups, g)
		}
		g.cs = append(g.cs, c)
		if len(g.sents) == 0 || g.sents[len(g.sents)-1] != c.sent {
			g.sents = append(g.sents, c.sent)
		}
	}
	var votes []*cand
	for _, g := range groups {
		primary := g.cs[0]
		for _, c := range g.cs {
			if c.modality == "" && !c.outcome && (primary.outcome || primary.modality != "") {
				primary = c
				break
			}
		}
		if primary.modality != "" {
			for _, c := range g.cs {
				if c.modality == "" {
					primary = c
					break
				}
			}
		}
		for _, c := range g.cs {
			if c != primary {
				c.merged = primary
			}
		}
		parts := a.tally(primary, g.sents)
		primary.add(roleParticipants, parts...)
		a.addResolutions(primary, primary.last+1, a.sentEnd(primary.sent), 12)
		votes = append(votes, primary)
	}
	// Adoptions take the tallies of the vote in their paragraph.
	adoptionVote := map[*cand]bool{}
	for _, c := range a.cands {
		if c.drop || c.typ() != "ADOPT" || c.modality != "" {
			continue
		}
		var best *cand
		for _, v := range votes {
			if v.para == c.para && v.sent >= c.sent && v.modality == "" {
				best = v
				break
			}
		}
		if best != nil && best.sent <= c.sent+2 {
			adoptionVote[best] = true
			c.votes = best.votes // shared: completed below, copied at the end
			c.voteOf = best
		} else if a.sentenceHas(c.sent, "unanimous") {
			c.votes = &doc.Votes{Unanimous: true, ForMembers: []string{}, AgainstMembers: []string{}, AbstainMembers: []string{}}
		}
	}
	// A veto is a vote against (p10 of the samples: against=USA): the veto
	// goes with the first vote at or after it in the paragraph (or the last
	// one before it), unless that is the vote of an adoption.
	for _, v := range a.cands {
		if v.drop || v.typ() != "VETO" || v.modality != "" {
			continue
		}
		var target *cand
		for _, c := range votes {
			if c.para == v.para && c.modality == "" {
				target = c
				if c.sent >= v.sent {
					break
				}
			}
		}
		if target == nil || adoptionVote[target] {
			continue
		}
		vs := target.votes
		added := 0
		for _, r := range v.roles[roleActor] {
			if id := a.refCountry(r); id != "" && !contains(vs.AgainstMembers, id) && !contains(vs.ForMembers, id) &&
				!contains(vs.AbstainMembers, id) {
				vs.AgainstMembers = append(vs.AgainstMembers, id)
				target.add(roleParticipants, r)
				added++
			}
		}
		ps := target.roles[roleParticipants]
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].span.Start < ps[j].span.Start })
		// The annotated convention (ANNOTATION.md "counts only when stated
		// or derivable from enumerated states"; samples p21, p39): the
		// vetoing members are enumerated against-voters, so the against
		// count is their number unless the text states a larger one. The
		// sponsor of the vetoed draft is no voter against.
		if added > 0 && !vs.Unanimous && (vs.Against == nil || *vs.Against < len(vs.AgainstMembers)) {
			n := len(vs.AgainstMembers)
			vs.Against = &n
		}
	}
	// "أيده الأعضاء الأربعة عشر الآخرون": in the 15-member Council the
	// remaining count is then 0.
	for _, c := range votes {
		vs := c.votes
		if !c.others || vs.Unanimous || !a.isCouncil(c) {
			continue
		}
		known, missing := 0, 0
		for _, p := range []*int{vs.For, vs.Against, vs.Abstain} {
			if p == nil {
				missing++
			} else {
				known += *p
			}
		}
		if missing == 1 && known == 15 {
			zero := 0
			switch {
			case vs.For == nil:
				vs.For = &zero
			case vs.Against == nil:
				vs.Against = &zero
			default:
				vs.Abstain = &zero
			}
		}
	}
	for _, c := range a.cands {
		if c.voteOf != nil {
			c.votes = copyVotes(c.voteOf.votes)
		}
	}
}

// isCouncil reports whether a vote's venue is the Security Council.
func (a *analysis) isCouncil(c *cand) bool {
	for _, r := range c.roles[roleVenue] {
		if r.link != nil && r.link.ID == "UNSC" {
			return true
		}
		if strings.Contains(a.norm[r.span.Start:r.span.End], "مجلس الامن") {
			return true
		}
	}
	return false
}

// draftBefore reports a draft named before c in its sentence: "ونال
// المشروع تأييد"، "فشل مشروع أمريكي" open a vote on another draft.
func (a *analysis) draftBefore(c *cand) bool {
	for k := a.sentStart(c.sent); k < c.first; k++ {
		if a.wordIs(k, "draft") {
			return true
		}
	}
	return false
}

func copyVotes(v *doc.Votes) *doc.Votes {
	if v == nil {
		return nil
	}
	c := *v
	c.ForMembers = append([]string{}, v.ForMembers...)
	c.AgainstMembers = append([]string{}, v.AgainstMembers...)
	c.AbstainMembers = append([]string{}, v.AbstainMembers...)
	return &c
}

// refCountry returns the state id of a voting member.
func (a *analysis) refCountry(r ref) string {
	if r.country != "" {
		return r.country
	}
	if r.link != nil && isISO3(r.link.ID) {
		return r.link.ID
	}
	return ""
}

// sentenceHas reports a cue of class in sentence s.
func (a *analysis) sentenceHas(s int, class string) bool {
	for k := a.sentStart(s); k < a.sentEnd(s); k++ {
		if a.wordIs(k, class) {
			return true
		}
	}
	return false
}

// polarity of a tally segment.
const (
	polNone = iota
	polFor
	polAgainst
	polAbstain
)

// tally reads the counts and members of the vote in sentence s into
// c.votes and returns the named voting states. The sentence is cut into
// segments at commas, فيما/بينما/في حين, مقابل and at a و that starts a new
// tally verb; each segment takes the polarity of its cue (لصالح، تأييد،
// أيد / ضد، عارض، مقابل / امتنع), its NUM mentions (not council sizes or
// thresholds: "من أصل 15"، "الأصوات التسعة اللازمة") and its named states.
// A count the text does not give stays nil; named states give a count
// (ANNOTATION.md: "derivable from enumerated states"); "لم يعترض عليه أحد"
// is 0 against; بالإجماع leaves the counts nil.
func (a *analysis) tally(c *cand, sents []int) []ref {
	v := &doc.Votes{ForMembers: []string{}, AgainstMembers: []string{}, AbstainMembers: []string{}}
	c.votes = v
	var segs []seg
	for _, s := range sents {
		if a.sentenceHas(s, "unanimous") {
			v.Unanimous = true
		}
		segs = append(segs, a.segments(s)...)
	}
	parts, others := a.readSegments(v, segs)
	c.others = others
	return parts
}

// seg is a stretch of tokens [from, to) with one vote polarity.
type seg struct{ from, to int }

// segments cuts sentence s into tally segments.
func (a *analysis) segments(s int) []seg {
	var segs []seg
	s0, s1 := a.sentStart(s), a.sentEnd(s)
	start := s0
	for k := s0; k < s1; k++ {
		cut := false
		switch {
		case a.punct(k, "،,؛;"):
			segs = append(segs, seg{start, k})
			start = k + 1
			continue
		case a.wordExact(k, "فيما") || a.wordExact(k, "بينما") || a.wordIs(k, "against") && a.wordExact(k, "مقابل"):
			cut = true
		case a.wordExact(k, "في") && a.wordExact(k+1, "حين"):
			cut = true
		case a.toks[k].kind == tokWord && a.toks[k].ent < 0 && len(a.toks[k].text) > 2 && a.toks[k].text[:2] == "و" &&
			(a.wordIs(k, "for") || a.wordIs(k, "against") || a.wordIs(k, "abstain") || a.isCandType(k, "VOTE")):
			cut = true
		}
		if cut && k > start {
			segs = append(segs, seg{start, k})
			start = k
		}
	}
	segs = append(segs, seg{start, s1})
	return segs
}

// readSegments reads counts and members from tally segments into v and
// returns the named voting states. States that are another event's
// arguments (the vetoing state of "بعد أن استخدمت موسكو الفيتو", the
// sponsor of "القرار الذي صاغته الولايات المتحدة") and states governed by
// a preposition ("لصالح تمديد المساعدات من تركيا") are not voters.
func (a *analysis) readSegments(v *doc.Votes, segs []seg) ([]ref, bool) {
	excluded := map[int]bool{}
	for _, o := range a.cands {
		if o.drop || o.merged != nil || o.typ() == "VOTE" || o.modality != "" || o.actorFound == actorCarried {
			continue
		}
		for _, role := range []string{roleActor, roleTarget} {
			for _, r := range o.roles[role] {
				if r.ent >= 0 {
					excluded[r.ent] = true
				}
			}
		}
	}
	counts := map[int]*int{}
	members := map[int][]string{}
	var parts []ref
	prevPol := polNone
	others := false
	for _, sg := range segs {
		pol, neg, except, someone, threshold, voteVerb := polNone, false, false, false, false, false
		onlyList := true // the segment is a bare list of states ("، والصين")
		for k := sg.from; k < sg.to; k++ {
			if a.toks[k].ent >= 0 || a.toks[k].kind == tokPunct {
				continue
			}
			if a.toks[k].text != "و" {
				onlyList = false
			}
			is := func(class string) bool { return a.wordIs(k, class) || a.stemIs(k, class) }
			switch {
			case is("abstain") && pol == polNone:
				pol, neg = polAbstain, a.wordIs(k-1, "neg") || a.wordIs(k-2, "neg")
			case is("against") && pol == polNone && a.vetoPreposition(sg.from, k):
				// "استخدمت روسيا حق النقض ضد مشروع قرار": the object of the
				// veto, not a tally; the vetoing state is added below.
			case is("against") && pol == polNone:
				pol, neg = polAgainst, a.wordIs(k-1, "neg") || a.wordIs(k-2, "neg")
			case is("for") && pol == polNone:
				pol, neg = polFor, a.wordIs(k-1, "neg") || a.wordIs(k-2, "neg")
			case a.wordIs(k, "except"):
				except = true
			case a.wordIs(k, "someone"):
				someone = true
			case a.wordIs(k, "threshold"):
				threshold = true
			case a.wordIs(k, "others"):
				others = true
			case a.isTriggerWord(k, "VOTE"):
				voteVerb = true
			}
		}
		var nums []int
		var states []ref
		for k := sg.from; k < sg.to; k++ {
			e := a.toks[k].ent
			if e < 0 || a.entFirst[e] != k {
				continue
			}
			switch a.ents[e].Type {
			case "NUM":
				if threshold || a.wordIs(k-1, "nonTally") || a.wordIs(k-2, "nonTally") {
					continue
				}
				if n, ok := a.numValue(e); ok {
					nums = append(nums, n)
				}
			case "GPE":
				if a.entCountry(e) != "" && !excluded[e] && !prepClitic(a.entClitics(e)) && !a.wordIs(k-1, "prep") {
					states = append(states, a.entRef(e))
				}
			}
		}
		if pol == polNone {
			switch {
			case len(nums) > 0 && voteVerb:
				pol = polFor
			case len(nums) == 0 && len(states) > 0 && prevPol != polNone && onlyList:
				pol = prevPol // "روسيا، والصين" continues a list
			}
		}
		if pol == polNone {
			continue
		}
		prevPol = pol
		if neg && !except {
			if pol == polAgainst && someone {
				zero := 0 // "لم يعترض عليه أحد"، "لم تصوت أي دولة ضده"
				counts[pol] = &zero
			}
			continue
		}
		if len(nums) > 0 {
			n := nums[0]
			for _, x := range nums[1:] {
				if x > n {
					n = x
				}
			}
			if old := counts[pol]; old == nil || *old < n {
				counts[pol] = &n
			}
		}
		for _, r := range states {
			id := a.refCountry(r)
			if !contains(members[pol], id) {
				members[pol] = append(members[pol], id)
				parts = append(parts, r)
			}
		}
		if len(nums) == 0 && len(states) > 0 && counts[pol] == nil {
			n := len(members[pol])
			counts[pol] = &n
		}
	}
	v.ForMembers = append(v.ForMembers, members[polFor]...)
	v.AgainstMembers = append(v.AgainstMembers, members[polAgainst]...)
	v.AbstainMembers = append(v.AbstainMembers, members[polAbstain]...)
	if !v.Unanimous {
		v.For, v.Against, v.Abstain = counts[polFor], counts[polAgainst], counts[polAbstain]
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].span.Start < parts[j].span.Start })
	return parts, others
}

// vetoPreposition reports an against word k that is the preposition of a
// veto: a VETO trigger comes before it in the segment, with no vote verb
// between ("حق النقض (الفيتو) في مجلس الأمن ضد مشروع قرار").
func (a *analysis) vetoPreposition(from, k int) bool {
	if !a.wordExact(k, "ضد") {
		return false
	}
	for j := k - 1; j >= from; j-- {
		if a.isTriggerWord(j, "VOTE") {
			return false
		}
		if o := a.candAt[j]; o != nil && o.typ() == "VETO" {
			return true
		}
	}
	return false
}

// numValue returns the integer value of a NUM mention: its Value, or the
// value of its text.
func (a *analysis) numValue(e int) (int, bool) {
	v := a.ents[e].Value
	if v == "" {
		v, _ = temporal.NumberValue(a.norm[a.ents[e].Start:a.ents[e].End])
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}
