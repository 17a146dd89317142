package events

import (
	"fmt"
	"strconv"
	"strings"
)

// frame says, for one event type, how its arguments are found
// (lexicon/frames.tsv): either a named Go linker (the escape hatch for the
// diplomatic types whose rules need code: votes, vetoes, drafts,
// adoptions, calls) or slots filled by one generic linker (linkFrame).
// The actor is always found first by findActor.
type frame struct {
	typ       string
	linker    string // a key of linkers, or "" for the generic linker
	slots     []slot
	needActor bool // drop the event when neither an actor nor an agent noun is found
	placeRole string
}

// slot is one role of a frame: the first entity of one of Types within
// Window words after the trigger (or after its actor) whose preposition is
// one of After ("-": none, a direct object; "ب"/"ل" as a proclitic).
type slot struct {
	role   string
	window int
	after  []string
	types  []string
	list   bool // take the entities coordinated with it too
}

// linkers are the Go linkers frames.tsv may name.
var linkers = map[string]func(a *analysis, c *cand, actor nounPhrase, s0, s1, after int){
	"statement": func(a *analysis, c *cand, _ nounPhrase, _, s1, _ int) {
		a.addResolutions(c, c.last+1, s1, 12)
		if len(c.roles[roleResolution]) == 0 {
			a.citedResolution(c, s1) // "رحب … بالقرار"
		}
	},
	"condemn": func(a *analysis, c *cand, _ nounPhrase, _, s1, after int) { a.linkCondemn(c, after, s1) },
	"demand":  func(a *analysis, c *cand, _ nounPhrase, _, s1, after int) { a.linkDemand(c, after, s1) },
	"action":  func(a *analysis, c *cand, _ nounPhrase, _, s1, after int) { a.linkAction(c, after, s1) },
	"veto":    func(a *analysis, c *cand, _ nounPhrase, s0, s1, _ int) { a.linkVeto(c, s0, s1) },
	"draft":   func(a *analysis, c *cand, _ nounPhrase, s0, s1, _ int) { a.addVenue(c, s0, s1) },
	"adopt":   func(a *analysis, c *cand, _ nounPhrase, s0, s1, _ int) { a.linkAdopt(c, s0, s1) },
	"vote": func(a *analysis, c *cand, _ nounPhrase, s0, s1, _ int) {
		a.addVenue(c, s0, s1)
		delete(c.roles, roleActor)
	},
	"meeting": func(a *analysis, c *cand, actor nounPhrase, _, s1, after int) { a.linkMeeting(c, actor, after, s1) },
}

var frameRoles = map[string]bool{roleTarget: true, roleParticipants: true, roleVenue: true, roleLocation: true}

// loadFrames reads lexicon/frames.tsv: type, role, window, after, types,
// flags. Role "go" names a Go linker in the after column; role "actor"
// with flag "required" makes an actor necessary.
func (lx *lexicon) loadFrames() error {
	err := lx.readTSV("lexicon/frames.tsv", 6, func(f []string, file string, line int) error {
		typ := f[0]
		if !eventTypes[typ] {
			return fmt.Errorf("unknown event type %q", typ)
		}
		fr := lx.frames[typ]
		if fr == nil {
			fr = &frame{typ: typ}
			lx.frames[typ] = fr
		}
		switch role := f[1]; {
		case role == "go":
			if _, ok := linkers[f[3]]; !ok {
				return fmt.Errorf("unknown Go linker %q", f[3])
			}
			fr.linker = f[3]
		case role == roleActor:
			if f[5] != "required" {
				return fmt.Errorf("actor rows only say \"required\"")
			}
			fr.needActor = true
		case frameRoles[role]:
			s := slot{role: role, list: f[5] == "list"}
			n, err := strconv.Atoi(f[2])
			if err != nil || n < 1 || n > 30 {
				return fmt.Errorf("window %q (want 1..30)", f[2])
			}
			s.window = n
			s.after = strings.Split(f[3], "|")
			for _, t := range strings.Split(f[4], ",") {
				if !entityTypes[t] {
					return fmt.Errorf("unknown entity type %q", t)
				}
				s.types = append(s.types, t)
			}
			if f[5] != "-" && f[5] != "list" {
				return fmt.Errorf("flags %q (want - or list)", f[5])
			}
			fr.slots = append(fr.slots, s)
		default:
			return fmt.Errorf("unknown role %q", role)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for typ := range eventTypes {
		if lx.frames[typ] == nil {
			return fmt.Errorf("lexicon/frames.tsv: no row for event type %s", typ)
		}
	}
	return nil
}

// framePreps are the prepositions the generic linker tracks (bare forms).
var framePreps = map[string]bool{"علي": true, "ضد": true, "في": true, "داخل": true, "مع": true, "بين": true,
	"الي": true, "من": true, "عن": true, "قرب": true, "بالقرب": true, "امام": true, "بحق": true, "تجاه": true,
	"لصالح": true, "شمال": true, "جنوب": true, "شرق": true, "غرب": true, "وسط": true, "محيط": true,
	"شمالي": true, "جنوبي": true, "شرقي": true, "غربي": true, "لدي": true, "عبر": true}

// linkFrame fills the slots of a data frame from the words after the
// trigger (or its actor): each entity takes the first open slot whose
// types and preposition fit.
func (a *analysis) linkFrame(c *cand, fr *frame, after, s1 int) {
	prep := "-" // a role already filled (a verbal noun's object, a passive's subject) stays
	for k, words := after, 0; k < s1; k++ {
		t := a.toks[k]
		if t.ent < 0 {
			if t.kind != tokWord {
				if a.punct(k, "،,؛;") {
					prep = "-"
				}
				continue
			}
			words++
			if k > after && (a.startsOtherTrigger(k) || a.wordIs(k, "comp")) {
				break
			}
			for _, r := range a.tokReadings(k) {
				if framePreps[r.rest] {
					prep = r.rest
					break
				}
			}
			continue
		}
		e := t.ent
		k = a.entLast[e]
		words++
		m := a.ents[e]
		p := prep
		if cl := a.entClitics(e); strings.HasSuffix(cl, "ب") || strings.HasSuffix(cl, "ل") {
			p = cl[len(cl)-len("ب"):]
		}
		r := a.argRef(e, c.para)
		if a.isActor(c, r) {
			continue
		}
		for _, s := range fr.slots {
			if len(c.roles[s.role]) > 0 || words > s.window || !contains(s.types, m.Type) || !contains(s.after, p) {
				continue
			}
			rs := []ref{r}
			if s.list {
				rs = a.joined(e, s1, m.Type == "GPE" || m.Type == "LOC")
				k = max(k, a.entLast[rs[len(rs)-1].ent])
			}
			c.add(s.role, rs...)
			break
		}
	}
	if len(c.roles[roleLocation]) == 0 && fr.hasSlot(roleLocation) {
		if e := a.openingPlace(c.sent); e >= 0 && !a.contrastBefore(c) {
			c.add(roleLocation, a.entRef(e))
		}
	}
}

func (fr *frame) hasSlot(role string) bool {
	for _, s := range fr.slots {
		if s.role == role {
			return true
		}
	}
	return false
}
