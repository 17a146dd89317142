package events

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Actor coding (FORMAT.md "Actor coding"): a CAMEO actor code is an ISO3
// country and an agent (IRQMIL, PSECVL), the agent alone when no country
// is known (UAF, CVL), or an organisation's own id (UNSC). Named actors
// are coded from their links (output.go actorCode); unnamed ones from the
// agent nouns of lexicon/agents.tsv (الشرطة COP, مسلحون UAF, المتظاهرون
// CVL), with the country of a nisba after the noun (الشرطة العراقية) or,
// failing that, of the place where the event happened.

// agentLexicon maps agent noun phrases (proclitics stripped from the first
// word) to agent codes.
type agentLexicon struct {
	first map[string][]agentPhrase // first word → phrases starting with it
}

type agentPhrase struct {
	words []string
	agent string
}

var agentCodes = map[string]bool{"GOV": true, "MIL": true, "COP": true, "JUD": true, "LEG": true, "OPP": true,
	"REB": true, "PTY": true, "CVL": true, "REL": true, "EDU": true, "MED": true, "BUS": true, "LAB": true,
	"HLH": true, "REF": true, "NGO": true, "IGO": true, "UAF": true, "SPY": true, "CRM": true}

// loadAgents reads lexicon/agents.tsv: forms (| separated, each one or more
// words, indefinite: the loader adds the article to the first word of
// each) and the agent code.
func (lx *lexicon) loadAgents() error {
	al := &agentLexicon{first: map[string][]agentPhrase{}}
	err := lx.readTSV("lexicon/agents.tsv", 2, func(f []string, file string, line int) error {
		if !agentCodes[f[1]] {
			return fmt.Errorf("unknown agent code %q", f[1])
		}
		for _, form := range strings.Split(f[0], "|") {
			ws := strings.Fields(form)
			if len(ws) == 0 {
				return fmt.Errorf("empty form")
			}
			variants := [][]string{ws}
			if !strings.HasPrefix(ws[0], "ال") {
				def := append([]string{"ال" + ws[0]}, ws[1:]...)
				variants = append(variants, def)
			}
			for _, v := range variants {
				al.first[v[0]] = append(al.first[v[0]], agentPhrase{words: v, agent: f[1]})
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Longest phrases first, so that "قوات الامن" wins over "قوات".
	for _, ps := range al.first {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
	}
	lx.agents = al
	return nil
}

// agentAt reads an agent noun phrase at token k (outside entities); it
// returns the agent code and the phrase's last token.
func (a *analysis) agentAt(k int) (string, int, bool) {
	if k < 0 || k >= len(a.toks) || a.toks[k].kind != tokWord || a.toks[k].ent >= 0 {
		return "", 0, false
	}
	for _, r := range a.tokReadings(k) {
		if strings.Contains(r.clitics, "س") {
			continue
		}
		for _, ph := range a.lx.agents.first[r.rest] {
			ok := true
			for i, w := range ph.words[1:] {
				j := k + 1 + i
				if j >= len(a.toks) || a.toks[j].ent >= 0 || a.toks[j].text != w || a.toks[j].sent != a.toks[k].sent {
					ok = false
					break
				}
			}
			if ok {
				return ph.agent, k + len(ph.words) - 1, true
			}
		}
	}
	return "", 0, false
}

// agentRef is an unnamed actor or target: an agent noun and, when the text
// says, its country.
type agentRef struct {
	agent   string
	country string
	first   int
	last    int
}

func (g agentRef) code() string { return g.country + g.agent }

// agentCountry reads a nisba (NORP, or a GPE after من/ل) right after an
// agent phrase ending at token last: "قوات الأمن العراقية", "جنود أتراك".
func (a *analysis) agentCountry(last int) string {
	k := last + 1
	if k < len(a.toks) && a.toks[k].sent == a.toks[last].sent {
		if e := a.toks[k].ent; e >= 0 && (a.ents[e].Type == "NORP" || a.ents[e].Type == "GPE" && a.entClitics(e) == "") {
			return a.entCountry(e)
		}
	}
	return ""
}

// agentNear finds an agent noun phrase for c's role: for the actor, the
// trigger itself (المتظاهرون), the words right after a verb (a count
// before the noun makes it a target: "اعتقلت الشرطة 20 متظاهرا"), the
// words before the trigger in its clause, or the agent after "من قبل" /
// "على يد"; for the target, the first agent from token from on (after the
// trigger and its actor).
func (a *analysis) agentNear(c *cand, role string, from int) (agentRef, bool) {
	s0, s1 := a.sentStart(c.sent), a.sentEnd(c.sent)
	take := func(k int) (agentRef, bool) {
		if ag, last, ok := a.agentAt(k); ok {
			return agentRef{agent: ag, country: a.agentCountry(last), first: k, last: last}, true
		}
		return agentRef{}, false
	}
	if role == roleActor {
		if g, ok := take(c.first); ok && c.last == g.last {
			return g, true // the participle is its own actor
		}
		if c.fm.pos == posVerb || c.phrase {
			j := a.skipFillers(c.last+1, s1)
			if j < s1 && !a.isNumberTok(j) && !a.wordIs(j, "crowd") {
				if g, ok := take(j); ok {
					return g, true
				}
			}
		}
		// Before the trigger, in its clause (SVO, a light verb's subject).
		for k, n := c.first-1, 0; k >= s0 && n < 6; k-- {
			if a.punct(k, "،,؛;:") || a.wordIs(k, "comp") {
				break
			}
			if a.toks[k].ent >= 0 {
				k = a.entFirst[a.toks[k].ent]
				n++
				continue
			}
			n++
			if k > s0 && a.isNumberTok(k-1) {
				continue
			}
			if g, ok := take(k); ok {
				return g, true
			}
		}
		for k := c.last + 1; k < s1 && k < c.last+10; k++ {
			if a.wordIs(k, "byagent") {
				if g, ok := take(a.skipFillers(k+1, s1)); ok {
					return g, true
				}
			}
		}
		return agentRef{}, false
	}
	for k, n := from, 0; k < s1 && n < 8; k++ {
		if a.toks[k].ent >= 0 {
			k = a.entLast[a.toks[k].ent]
			n++
			continue
		}
		if a.toks[k].kind != tokWord {
			continue
		}
		n++
		if k > from && a.startsOtherTrigger(k) {
			break
		}
		if a.wordIs(k, "byagent") {
			return agentRef{}, false
		}
		if g, ok := take(k); ok {
			return g, true
		}
	}
	return agentRef{}, false
}

// codeEvent sets the actor and target codes of c (on the arguments and on
// the event) and the event's country.
func (a *analysis) codeEvent(c *cand) {
	c.country = a.eventCountry(c)
	targetFrom := max(c.last+1, c.actorEnd)
	if acts := c.roles[roleActor]; len(acts) > 0 {
		c.actorCode = a.actorCode(acts[0])
	} else if c.typ() != "VOTE" {
		if g, ok := a.agentNear(c, roleActor, 0); ok {
			if g.country == "" {
				g.country = c.country
			}
			c.actorCode = g.code()
			targetFrom = max(targetFrom, g.last+1)
		} else if c.typ() == "PROTEST" {
			c.actorCode = c.country + "CVL" // ANNOTATION.md: protesters are civilians
		}
	}
	if ts := c.roles[roleTarget]; len(ts) > 0 {
		c.targetCode = a.actorCode(ts[0])
	} else if c.typ() == "ATTACK" || c.typ() == "COERCE" || c.typ() == "SANCTION" || c.typ() == "CONCEDE" {
		if g, ok := a.agentNear(c, roleTarget, targetFrom); ok {
			if g.country == "" && c.typ() != "SANCTION" {
				g.country = c.country
			}
			c.targetCode = g.code()
		}
	}
}

// eventCountry is the ISO3 of the place where c happened: its location,
// else its venue when that is a place.
func (a *analysis) eventCountry(c *cand) string {
	for _, role := range []string{roleLocation, roleVenue} {
		for _, r := range c.roles[role] {
			if r.typ != "GPE" && r.typ != "LOC" {
				continue
			}
			if r.ent >= 0 {
				if cc := a.entCountry(r.ent); cc != "" {
					return cc
				}
			}
			if cc := a.refCountry(r); cc != "" {
				return cc
			}
		}
	}
	return ""
}

// modeRule is one row of lexicon/modes.tsv.
type modeRule struct {
	typ, mode string
	trigger   bool // words are trigger lemmas; else context words
	window    int
	words     map[string]bool
}

// loadModes reads lexicon/modes.tsv: type, mode, where (trigger or a
// window of words around it), words.
func (lx *lexicon) loadModes() error {
	return lx.readTSV("lexicon/modes.tsv", 4, func(f []string, file string, line int) error {
		if !eventTypes[f[0]] {
			return fmt.Errorf("unknown event type %q", f[0])
		}
		m := modeRule{typ: f[0], mode: f[1], words: map[string]bool{}}
		if f[2] == "trigger" {
			m.trigger = true
		} else {
			n, err := strconv.Atoi(f[2])
			if err != nil || n < 1 || n > 30 {
				return fmt.Errorf("where %q (want trigger or a window 1..30)", f[2])
			}
			m.window = n
		}
		for _, w := range strings.Split(f[3], "|") {
			m.words[w] = true
		}
		lx.modes = append(lx.modes, m)
		return nil
	})
}

// modeOf returns the PLOVER mode of c: the first modes.tsv row of its type
// whose trigger lemma or context word matches.
func (a *analysis) modeOf(c *cand) string {
	for _, m := range a.lx.modes {
		if m.typ != c.typ() {
			continue
		}
		if m.trigger {
			if m.words[c.e.lemma] {
				return m.mode
			}
			continue
		}
		for k := max(c.first-m.window, 0); k < len(a.toks) && k <= c.last+m.window; k++ {
			if a.toks[k].sent != c.sent || a.toks[k].kind != tokWord || a.toks[k].ent >= 0 {
				continue
			}
			for _, r := range a.tokReadings(k) {
				if m.words[r.rest] {
					return m.mode
				}
			}
		}
	}
	return ""
}
