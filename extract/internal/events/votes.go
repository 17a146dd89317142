package events

import (
	"sort"
	"strconv"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/internal/temporal"
)

// readVotes makes one VOTE per sentence out of its tally words (the first
// one is the trigger, ANNOTATION.md; an outcome word such as سقط only when
// there is no other), reads the tallies, counts the vetoing states as votes
// against, and gives adoptions the tallies of their vote.
func (a *analysis) readVotes() {
	bySent := map[int][]*cand{}
	var sents []int
	for _, c := range a.cands {
		if c.drop || c.typ() != "VOTE" {
			continue
		}
		if _, ok := bySent[c.sent]; !ok {
			sents = append(sents, c.sent)
		}
		bySent[c.sent] = append(bySent[c.sent], c)
	}
	var votes []*cand
	for _, s := range sents {
		cs := bySent[s]
		primary := cs[0]
		for _, c := range cs {
			if !c.outcome && (primary.outcome || primary.modality != "" && c.modality == "") {
				primary = c
				break
			}
		}
		for _, c := range cs {
			if c != primary {
				c.merged = primary
			}
		}
		parts := a.tally(primary, s)
		primary.add(roleParticipants, parts...)
		votes = append(votes, primary)
	}
	// A veto is a vote against (p10 of the samples: against=USA).
	for _, v := range a.cands {
		if v.drop || v.typ() != "VETO" || v.modality != "" {
			continue
		}
		var target *cand
		for _, c := range votes {
			if c.para == v.para && c.modality == "" {
				if c.sent >= v.sent {
					target = c
					break
				}
				target = c
			}
		}
		if target == nil {
			continue
		}
		vs := target.votes
		added := 0
		for _, r := range v.roles[roleActor] {
			if id := a.refCountry(r); id != "" && !containsID(vs.AgainstMembers, id) && !containsID(vs.ForMembers, id) &&
				!containsID(vs.AbstainMembers, id) {
				vs.AgainstMembers = append(vs.AgainstMembers, id)
				target.add(roleParticipants, r)
				added++
			}
		}
		if added > 0 && vs.Against == nil && !vs.Unanimous {
			n := len(vs.AgainstMembers)
			vs.Against = &n
		}
	}
	// Adoptions take the tallies of the vote in their paragraph.
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
			c.votes = copyVotes(best.votes)
		} else if a.sentenceHas(c.sent, "unanimous") {
			c.votes = &doc.Votes{Unanimous: true, ForMembers: []string{}, AgainstMembers: []string{}, AbstainMembers: []string{}}
		}
	}
}

func containsID(xs []string, x string) bool { return contains(xs, x) }

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
func (a *analysis) tally(c *cand, s int) []ref {
	v := &doc.Votes{ForMembers: []string{}, AgainstMembers: []string{}, AbstainMembers: []string{}}
	c.votes = v
	s0, s1 := a.sentStart(s), a.sentEnd(s)
	if a.sentenceHas(s, "unanimous") {
		v.Unanimous = true
	}
	type seg struct{ from, to int }
	var segs []seg
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

	counts := map[int]*int{}
	members := map[int][]string{}
	var parts []ref
	prevPol := polNone
	for _, sg := range segs {
		pol, neg, except, someone, nonTally, voteVerb := polNone, false, false, false, false, false
		for k := sg.from; k < sg.to; k++ {
			switch {
			case a.toks[k].ent >= 0:
			case a.wordIs(k, "abstain") && pol == polNone:
				pol = polAbstain
			case a.wordIs(k, "against") && pol == polNone:
				pol = polAgainst
			case a.wordIs(k, "for") && pol == polNone:
				pol = polFor
			case a.wordIs(k, "neg"):
				neg = true
			case a.wordIs(k, "except"):
				except = true
			case a.wordIs(k, "someone"):
				someone = true
			case a.wordIs(k, "nonTally"):
				nonTally = true
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
			m := a.ents[e]
			switch m.Type {
			case "NUM":
				if nonTally || a.wordIs(k-1, "nonTally") || a.wordIs(k-2, "nonTally") {
					continue
				}
				if n, ok := a.numValue(e); ok {
					nums = append(nums, n)
				}
			case "GPE":
				if a.entCountry(e) != "" {
					states = append(states, a.entRef(e))
				}
			}
		}
		if pol == polNone {
			switch {
			case len(nums) > 0 && voteVerb:
				pol = polFor
			case len(nums) == 0 && len(states) > 0 && prevPol != polNone && !voteVerb:
				pol = prevPol // "روسيا، والصين" continues a list
			}
		}
		if pol == polNone {
			continue
		}
		prevPol = pol
		if neg && !except {
			if pol == polAgainst && someone {
				zero := 0
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
	return parts
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
