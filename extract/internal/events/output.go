package events

import (
	"sort"
	"strings"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

// output turns the surviving candidates into events, in text order.
func (a *analysis) output() []doc.Event {
	var out []doc.Event
	for _, c := range a.cands {
		if c.drop || c.merged != nil {
			continue
		}
		ev := doc.Event{Type: c.typ(), Cameo: c.e.cameo, Plover: c.e.plover, Trigger: c.span,
			Args: map[string][]doc.Arg{}, Votes: c.votes, Sentence: c.sent, Modality: c.modality}
		if ev.Type == "VOTE" && ev.Votes == nil {
			ev.Votes = &doc.Votes{ForMembers: []string{}, AgainstMembers: []string{}, AbstainMembers: []string{}}
		}
		for role, rs := range c.roles {
			if len(rs) == 0 {
				continue
			}
			args := make([]doc.Arg, 0, len(rs))
			for _, r := range rs {
				args = append(args, doc.Arg{Span: r.span, Link: r.link, Value: r.value})
			}
			ev.Args[role] = args
		}
		ev.Confidence = a.confidence(c)
		ev.ActorCode, ev.TargetCode, ev.Country, ev.Mode = c.actorCode, c.targetCode, c.country, c.mode
		if !c.magnitude.Empty() {
			ev.Magnitude = c.magnitude
		}
		for _, role := range []string{roleActor, roleTarget} {
			for i := range ev.Args[role] {
				if r := c.roles[role][i]; r.ent >= 0 || r.link != nil {
					ev.Args[role][i].Code = a.actorCode(r)
				}
			}
		}
		out = append(out, ev)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Trigger.Start < out[j].Trigger.Start })
	return out
}

// confidence scores an event from how sure its trigger and actor are: a
// fixed phrase or a verb with its subject named is surer than a noun whose
// actor is carried from an earlier sentence.
func (a *analysis) confidence(c *cand) float64 {
	conf := 0.8
	switch {
	case c.phrase:
		conf = 0.9
	case c.fm.pos == posNoun:
		conf = 0.7
	}
	if len(c.e.rules) > 0 {
		conf -= 0.05 // the word needed context to count
	}
	switch c.actorFound {
	case actorRight, actorLight, actorContent:
		conf += 0.08
	case actorLeft, actorGenitive:
		conf += 0.04
	case actorCarried:
		conf -= 0.1
	case actorNone:
		if c.typ() != "VOTE" {
			conf -= 0.2
		}
	}
	if c.typ() == "VOTE" && c.votes != nil && (c.votes.For != nil || c.votes.Unanimous) {
		conf += 0.1
	}
	if conf > 0.98 {
		conf = 0.98
	}
	if conf < 0.05 {
		conf = 0.05
	}
	return float64(int(conf*100+0.5)) / 100
}

// roleCodes maps the role part of institution ids (<ISO3>-<ROLE>) to
// GDELT/CAMEO actor role codes.
var roleCodes = map[string]string{
	"MFA": "GOV", "GOV": "GOV", "PRES": "GOV", "PM": "GOV", "MOD": "GOV", "MOI": "GOV", "CABINET": "GOV",
	"EMBASSY": "GOV", "PARL": "LEG", "PARLIAMENT": "LEG", "ARMY": "MIL", "AIRFORCE": "MIL", "NAVY": "MIL",
	"MIL": "MIL", "POLICE": "COP", "JUD": "JUD", "COURT": "JUD", "MEDIA": "MED", "AGENCY": "MED",
}

// actorCode gives a GDELT-style actor code: a state alone (USA), a state
// with its role (EGYGOV for a ministry, a minister or a spokesman; ISRMIL
// for an army), or an organisation's id (UNSC, LAS, HAMAS).
func (a *analysis) actorCode(r ref) string {
	id := ""
	if r.link != nil {
		id = r.link.ID
	}
	switch r.typ {
	case "GPE", "NORP":
		if c := a.refCountry(r); c != "" {
			return c
		}
	case "ORG":
		if i := strings.IndexByte(id, '-'); i == 3 && isISO3(id[:3]) {
			if role, ok := roleCodes[id[4:]]; ok {
				return id[:3] + role
			}
			return id[:3]
		}
		if id != "" && id != "-" {
			return id
		}
		if r.country != "" {
			return r.country + "GOV"
		}
	case "PER", "TITLE":
		country, office := r.country, ""
		if r.ent >= 0 {
			if p := a.persons[r.ent]; p != nil {
				country, office = p.country, p.office
			}
		}
		if r.link != nil && a.as.g != nil && a.hasAnchor {
			if o, ok := a.as.g.Official(r.link.ID); ok {
				for _, t := range o.Terms {
					if t.Holds(a.anchor) {
						country, office = t.Country, t.Office
						break
					}
				}
			}
		}
		if country == "" && r.link != nil {
			// A coreferent phrase linked to a person named elsewhere.
			for e, p := range a.persons {
				if a.ents[e].Link == r.link || (r.link.Name != "" && a.norm[a.ents[e].Start:a.ents[e].End] == r.link.Name) {
					country, office = p.country, p.office
					break
				}
			}
		}
		if country == "" {
			return ""
		}
		if !isISO3(country) {
			return country // an organisation's official (UN)
		}
		if strings.Contains(office, "MILITARY") || strings.Contains(office, "ARMY") || strings.Contains(office, "CHIEF-OF-STAFF") {
			return country + "MIL"
		}
		return country + "GOV"
	}
	return ""
}
