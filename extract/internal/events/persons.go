package events

import (
	"strconv"
	"strings"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/gazetteers"
)

// person is what the text and the gazetteer say of a PER mention.
type person struct {
	ent     int
	title   int    // the TITLE entity next to the name, -1 when none
	office  string // office id (FOREIGN-MINISTER) or, without a gazetteer, the title's text
	country string // ISO3 (or UN) the office belongs to
	// explicit is true when the text gives the country (a nisba, a
	// complement): "وزير الخارجية الأمريكي" vs the story's own "وزير الخارجية".
	explicit bool
}

// carryState remembers the actors that pronoun-only subjects refer to.
type carryState struct {
	last     []ref // the last explicit actor
	lastSent int   // its sentence
	pair     []ref // the parties of the last call or meeting (الوزيران)
	current  []ref // the actor of the event being linked (نظيره)
}

// collectPersons pairs every PER mention with the title next to it
// ("الوزير عبد العاطي", "بدر عبد العاطي، وزير الخارجية", "أنتوني بلينكن
// وزير الخارجية الأمريكي") and the country that title belongs to.
func (a *analysis) collectPersons() {
	a.persons = map[int]*person{}
	for e, m := range a.ents {
		if m.Type != "PER" || a.entFirst[e] < 0 {
			continue
		}
		p := &person{ent: e, title: -1}
		// A title before the name, with nisbas between.
		k := a.entFirst[e] - 1
		for n := 0; k >= 0 && n < 3 && a.toks[k].ent < 0 && a.toks[k].kind == tokWord && (nisbaLike(a.toks[k].text) || a.wordIs(k, "filler")); n++ {
			if c := a.nisbaCountry(a.toks[k].text); c != "" && p.country == "" {
				p.country = c
			}
			k--
		}
		for k >= 0 && a.toks[k].ent >= 0 && a.ents[a.toks[k].ent].Type != "TITLE" && a.ents[a.toks[k].ent].Type != "DATE" &&
			prepClitic(a.entClitics(a.toks[k].ent)) {
			// a complement between title and name: "المندوب الدائم لروسيا لدى الأمم المتحدة"
			if c := a.entCountry(a.toks[k].ent); c != "" && p.country == "" {
				p.country = c
			}
			k = a.entFirst[a.toks[k].ent] - 1
			for k >= 0 && a.wordIs(k, "titleword") {
				k--
			}
		}
		if k >= 0 && a.toks[k].ent >= 0 && a.ents[a.toks[k].ent].Type == "TITLE" {
			p.title = a.toks[k].ent
		}
		// A title after the name.
		if p.title < 0 {
			k = a.entLast[e] + 1
			if a.punct(k, "،,") {
				k++
			}
			if k < len(a.toks) && a.toks[k].ent >= 0 && a.ents[a.toks[k].ent].Type == "TITLE" {
				p.title = a.toks[k].ent
				for j := a.entLast[p.title] + 1; j < len(a.toks) && j <= a.entLast[p.title]+3; j++ {
					if a.toks[j].ent >= 0 {
						if c := a.entCountry(a.toks[j].ent); c != "" && p.country == "" && (a.ents[a.toks[j].ent].Type == "NORP" || prepClitic(a.entClitics(a.toks[j].ent)) || a.afterTitleWord(j)) {
							p.country = c
						}
						break
					}
					if c := a.nisbaCountry(a.toks[j].text); c != "" && p.country == "" {
						p.country = c
						break
					}
				}
			}
		}
		if p.title >= 0 {
			if c := a.ents[p.title].Country; c != "" && p.country == "" {
				p.country = c
			}
			p.office = a.officeOf(p.title)
		}
		p.explicit = p.country != ""
		// The officials gazetteer knows better.
		if m.Link != nil && a.as.g != nil && a.hasAnchor {
			if o, ok := a.as.g.Official(m.Link.ID); ok {
				for _, t := range o.Terms {
					if t.Holds(a.anchor) {
						if p.office == "" || p.office == t.Office || !strings.Contains(p.office, "-") {
							p.office, p.country = t.Office, t.Country
						}
						break
					}
				}
			}
		}
		a.persons[e] = p
	}
}

// officeOf returns the office id of a TITLE entity: the gazetteer's, or
// the title's normalised text without a gazetteer.
func (a *analysis) officeOf(title int) string {
	t := a.norm[a.ents[title].Start:a.ents[title].End]
	if a.as.g != nil {
		if m, ok := a.as.g.Lookup(t); ok && m.Kind == gazetteers.KindOffice && m.ID != "" {
			return m.ID
		}
	}
	return t
}

// nisbaCountry returns the state of a nationality adjective (الأمريكي),
// through the gazetteer; "" without one.
func (a *analysis) nisbaCountry(w string) string {
	if a.as.g == nil || !nisbaLike(w) {
		return ""
	}
	w = strings.TrimPrefix(strings.TrimPrefix(w, "و"), "ف")
	if e, ok := a.as.g.Nisba(w); ok {
		return e.ID
	}
	return ""
}

// titleRef is a TITLE used as an argument; when the text named its holder
// before (same title words, or the same office), the link says who it is.
func (a *analysis) titleRef(t int) ref {
	r := a.entRef(t)
	text := a.norm[a.ents[t].Start:a.ents[t].End]
	office := a.officeOf(t)
	country := a.ents[t].Country
	if country == "" {
		country = a.nisbaCountry(a.wordAfter(a.entLast[t]))
	}
	// The nearest holder before, else the first after (a headline names
	// the minister before the article does); a title without a country is
	// the story's own, not a foreign counterpart's.
	best := -1
	score := func(e int) int {
		s := 0
		if country == "" && a.persons[e].explicit {
			s += 2
		}
		if a.ents[e].Start > a.ents[t].Start {
			s++
		}
		return s
	}
	for e, p := range a.persons {
		if p.title < 0 || e == t {
			continue
		}
		pt := a.norm[a.ents[p.title].Start:a.ents[p.title].End]
		same := p.office == office || strings.HasPrefix(pt, text) || strings.HasPrefix(text, pt)
		if country != "" && p.country != "" && country != p.country {
			same = false
		}
		if !same {
			continue
		}
		if best < 0 || score(e) < score(best) || score(e) == score(best) &&
			(a.ents[e].Start < a.ents[t].Start && a.ents[e].Start > a.ents[best].Start ||
				a.ents[e].Start > a.ents[t].Start && a.ents[e].Start < a.ents[best].Start) {
			best = e
		}
	}
	if best >= 0 {
		r.link = a.personLink(best)
		if r.country == "" {
			r.country = a.persons[best].country
		}
	}
	return r
}

// personLink returns the link of a PER mention, or one made of its text.
func (a *analysis) personLink(e int) *doc.Link {
	if l := a.ents[e].Link; l != nil {
		return l
	}
	return &doc.Link{Name: a.norm[a.ents[e].Start:a.ents[e].End]}
}

// counterpart resolves "نظيره الأمريكي" at token j: the holder of the
// current actor's office in the country of the nisba, on the document date.
// A named mention of that person in the same paragraph is the argument
// (ANNOTATION.md); otherwise the phrase itself, linked to the person.
func (a *analysis) counterpart(j, limit int) (ref, int) {
	end := j + 1
	country := ""
	if end < limit {
		if e := a.toks[end].ent; e >= 0 && (a.ents[e].Type == "NORP" || a.ents[e].Type == "GPE") {
			country = a.entCountry(e)
			end = a.entLast[e] + 1
		} else if w, ok := a.word(end); ok && nisbaLike(w) {
			country = a.nisbaCountry(w)
			end++
		}
	}
	// "مع نظيره الروسي سيرغي لافروف": the name that follows is the
	// mention (ANNOTATION.md: the nearest named mention).
	if end < limit {
		if e := a.toks[end].ent; e >= 0 && a.entFirst[e] == end && a.ents[e].Type == "PER" && a.entClitics(e) == "" {
			return a.entRef(e), a.entLast[e] + 1
		}
	}
	r := ref{span: doc.Span{Start: a.toks[j].start, End: a.toks[end-1].end}, ent: -1, typ: "PER", country: country}
	for _, rd := range a.tokReadings(j) {
		if a.lx.is("counterpart", rd.rest) {
			r.span.Start = a.toks[j].start + rd.off
			break
		}
	}
	// The office of the one whose counterpart this is.
	office := ""
	for _, c := range a.carry.current {
		if c.ent >= 0 {
			if p := a.persons[c.ent]; p != nil && p.office != "" {
				office = p.office
				break
			}
			if a.ents[c.ent].Type == "TITLE" {
				office = a.officeOf(c.ent)
				break
			}
		}
	}
	if office == "" {
		return r, end
	}
	// A person named in the text with that office and country.
	best := -1
	for e, p := range a.persons {
		if p.office == office && (country == "" || p.country == country) && (best < 0 || a.ents[e].Start < a.ents[best].Start) {
			if cur := a.carry.current; len(cur) > 0 && cur[0].ent == e {
				continue
			}
			best = e
		}
	}
	if best >= 0 {
		if a.toks[a.entFirst[best]].para == a.toks[j].para {
			return a.entRef(best), end
		}
		r.link = a.personLink(best)
		return r, end
	}
	if a.as.g != nil && a.hasAnchor && country != "" {
		if os, ok := a.as.g.OfficeHolder(office, country, a.anchor); ok {
			r.link = &doc.Link{ID: os[0].ID, Name: os[0].Name}
		}
	}
	return r, end
}

// ministry resolves a bare "الخارجية" at token j to the ministry of the
// story's country: the last foreign ministry named before it, or the one of
// the last foreign minister's country.
func (a *analysis) ministry(j int) ref {
	r := ref{span: doc.Span{Start: a.toks[j].start, End: a.toks[j].end}, ent: -1, typ: "ORG"}
	if w := a.toks[j].text; strings.HasPrefix(w, "و") || strings.HasPrefix(w, "ف") {
		r.span.Start += len("و")
	}
	for k := j - 1; k >= 0; k-- {
		e := a.toks[k].ent
		if e < 0 || a.ents[e].Type != "ORG" {
			continue
		}
		if l := a.ents[e].Link; l != nil && strings.HasSuffix(l.ID, "-MFA") {
			r.link, r.country = l, a.entCountry(e)
			return r
		}
		if t := a.norm[a.ents[e].Start:a.ents[e].End]; strings.HasPrefix(t, "وزارة الخارجية") && a.entCountry(e) != "" {
			c := a.entCountry(e)
			r.link, r.country = &doc.Link{ID: c + "-MFA"}, c
			return r
		}
	}
	for e, p := range a.persons {
		if p.country != "" && strings.Contains(p.office, "FOREIGN") && a.ents[e].Start < r.span.Start {
			r.link, r.country = &doc.Link{ID: p.country + "-MFA"}, p.country
		}
	}
	return r
}

// resolutionDate returns the registry's adoption date of a RESOLUTION
// mention (its link date, or the gazetteer's).
func (a *analysis) resolutionDate(e int) string {
	m := a.ents[e]
	if m.Link != nil && m.Link.Date != "" {
		return m.Link.Date
	}
	if a.as.g == nil || m.Link == nil {
		return ""
	}
	n, ok := strings.CutPrefix(m.Link.ID, "UNSC-")
	if !ok {
		return ""
	}
	num, err := strconv.Atoi(n)
	if err != nil {
		return ""
	}
	if r, ok := a.as.g.Resolution(num); ok {
		return r.Date()
	}
	return ""
}
