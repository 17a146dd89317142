package gazetteers

import (
	"sort"
	"strings"
	"time"
)

// Country returns the state, territory or region with id (an ISO3 code such
// as "EGY", or a territory key such as "PSE-GAZA").
func (g *Gazetteer) Country(id string) (Entry, bool) { return copyOf(g.countries, id) }

// copyOf returns a copy of the value m holds under k.
func copyOf[K comparable, V any](m map[K]*V, k K) (V, bool) {
	p, ok := m[k]
	if !ok {
		var zero V
		return zero, false
	}
	return *p, true
}

// Countries returns every entry of countries.tsv, sorted by id.
func (g *Gazetteer) Countries() []Entry {
	out := make([]Entry, 0, len(g.countryIDs))
	ids := append([]string(nil), g.countryIDs...)
	sort.Strings(ids)
	for _, id := range ids {
		out = append(out, *g.countries[id])
	}
	return out
}

// Organization returns the organisation with id: one of organizations.tsv
// (UNSC, HAMAS, IDF) or a generated state institution (RUS-MFA, USA-GOV).
func (g *Gazetteer) Organization(id string) (Entry, bool) { return copyOf(g.orgs, id) }

// Name returns the canonical English name behind a link id: a state, an
// organisation or institution, an office, an official or a resolution
// (UNSC-2720).
func (g *Gazetteer) Name(id string) (string, bool) {
	if e, ok := g.countries[id]; ok {
		return e.Name, true
	}
	if e, ok := g.orgs[id]; ok {
		return e.Name, true
	}
	if o, ok := g.offices[id]; ok {
		return o.Name, true
	}
	if o, ok := g.officials[id]; ok {
		return o.Name, true
	}
	if n, ok := strings.CutPrefix(id, "UNSC-"); ok {
		for _, c := range n {
			if c < '0' || c > '9' {
				return "", false
			}
		}
		if r, ok := g.resolutions[atoi(n)]; ok {
			return r.Name(), true
		}
	}
	return "", false
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// CapitalOf returns the state whose capital (or seat of government) has the
// Arabic name capital, given as written or normalised (موسكو → RUS).
func (g *Gazetteer) CapitalOf(capital string) (Entry, bool) {
	id, ok := g.capitalOf[g.norm.String(capital)]
	if !ok {
		return Entry{}, false
	}
	return g.Country(id)
}

// Nisba returns the state a nationality adjective or plural refers to, in any
// of its forms, as written or normalised (الأمريكي، الأمريكية، الأمريكيين،
// الروس → USA, USA, USA, RUS). Ambiguous nisbas (كوري) resolve to one of their
// states; use Match to see the ambiguity.
func (g *Gazetteer) Nisba(word string) (Entry, bool) {
	id, ok := g.nisbaOf[g.norm.String(word)]
	if !ok {
		return Entry{}, false
	}
	return g.Country(id)
}

// Resolution returns Security Council resolution n from the registry.
func (g *Gazetteer) Resolution(n int) (Resolution, bool) { return copyOf(g.resolutions, n) }

// Resolutions returns the registry, sorted by number.
func (g *Gazetteer) Resolutions() []Resolution {
	out := make([]Resolution, 0, len(g.resolutions))
	for _, r := range g.resolutions {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// Office returns the office with id (FOREIGN-MINISTER).
func (g *Gazetteer) Office(id string) (Office, bool) {
	o, ok := g.offices[id]
	if !ok {
		return Office{}, false
	}
	return cloneOffice(o), true
}

// Official returns the person with id.
func (g *Gazetteer) Official(id string) (Official, bool) {
	o, ok := g.officials[id]
	if !ok {
		return Official{}, false
	}
	return cloneOfficial(o), true
}

// Officials returns every official, sorted by id.
func (g *Gazetteer) Officials() []Official {
	out := make([]Official, 0, len(g.officialIDs))
	for _, id := range g.officialIDs {
		out = append(out, cloneOfficial(g.officials[id]))
	}
	return out
}

// OfficeHolder returns who held office officeID for country (an ISO3 code, or
// an organisation id such as UN) on date: usually one person, two on the day
// of a handover (the newest first). ok is false when nobody in the gazetteer
// held it then. OfficeHolder("FOREIGN-MINISTER", "USA", 2024-11-17) → Blinken.
func (g *Gazetteer) OfficeHolder(officeID, country string, date time.Time) ([]Official, bool) {
	type hit struct {
		o     *Official
		start time.Time
	}
	var hits []hit
	for _, id := range g.officialIDs {
		o := g.officials[id]
		for _, t := range o.Terms {
			if t.Office == officeID && t.Country == country && t.Holds(date) {
				hits = append(hits, hit{o, t.Start})
				break
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].start.After(hits[j].start) })
	out := make([]Official, len(hits))
	for i, h := range hits {
		out[i] = cloneOfficial(h.o)
	}
	return out, len(out) > 0
}

// Lookup matches a whole phrase (normalised or not): it returns the match
// when one gazetteer form covers all of the phrase's words, proclitics
// allowed (الأمريكي → NORP USA; للأمم المتحدة → ORG UN).
func (g *Gazetteer) Lookup(phrase string) (Match, bool) {
	n := g.norm.String(phrase)
	ms := g.Match(n)
	if len(ms) != 1 {
		return Match{}, false
	}
	m := ms[0]
	// The match must start in the first word and end in the last one.
	ws, we := nextWord(n, 0)
	if m.Start < ws || m.Start >= we {
		return Match{}, false
	}
	if st, _ := nextWord(n, wordEnd(n, m.End)); st >= 0 {
		return Match{}, false
	}
	return m, true
}

func cloneOffice(o *Office) Office {
	c := *o
	c.Arabic = append([]string(nil), o.Arabic...)
	return c
}

func cloneOfficial(o *Official) Official {
	c := *o
	c.Arabic = append([]string(nil), o.Arabic...)
	c.Terms = append([]Term(nil), o.Terms...)
	return c
}

// Form is one normalised form the matcher knows and what it stands for.
type Form struct {
	Text  string // normalised, words separated by single spaces
	Match Match  // the template a match of it gets (Start and End zero)
}

// Forms returns every form the matcher reports (stop forms left out), sorted:
// the gazetteer as a lexicon, for features or inspection.
func (g *Gazetteer) Forms() []Form {
	out := make([]Form, len(g.forms))
	for i, f := range g.forms {
		out[i] = Form{Text: f.text, Match: g.idx.values[f.val].m}
		out[i].Match.Candidates = append([]string(nil), out[i].Match.Candidates...)
	}
	return out
}
