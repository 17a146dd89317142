package eval

import (
	"sort"
	"strings"

	"github.com/khabar-nlp/khabar/extract"
	"github.com/khabar-nlp/khabar/extract/normalize"
)

// EventReport holds the event scores of FORMAT.md §4.
type EventReport struct {
	// Scores are event detection scores per event type: a predicted event
	// is correct when it is paired with a gold event (see ScoreEvents).
	Scores
	// Args are argument scores per role.
	Args ArgScores `json:"args"`
	// Votes is the exact-match rate of vote tallies.
	Votes VoteScore `json:"votes"`
	// ActorCode and TargetCode score the CAMEO actor codes of paired
	// events (the event's actor_code / target_code, else the code of its
	// first actor / target argument), whole and split into country and
	// agent.
	ActorCode  CodeScore `json:"actor_code"`
	TargetCode CodeScore `json:"target_code"`
	// Magnitude scores the killed / injured / arrested / size numbers.
	Magnitude MagnitudeScore `json:"magnitude"`
	// Mode and Country score the PLOVER mode and the event country of
	// paired events whose gold event states one.
	Mode    FieldScore `json:"mode"`
	Country FieldScore `json:"country"`
	// Plover scores the PLOVER category where gold states it explicitly
	// (a prediction without one has its type's category).
	Plover FieldScore `json:"plover"`
}

// ArgScores are argument scores per role: an argument is correct when its
// event is paired with a gold event and the gold event has an argument of
// the same role with the same normalised text.
type ArgScores struct {
	Micro   PRF            `json:"micro"`
	Macro   Avg            `json:"macro"`
	PerRole map[string]PRF `json:"per_role"`
}

// VoteScore counts paired events whose gold side has vote tallies and how
// many of them the prediction got exactly right (for, against and abstain
// all equal; an unknown count equals only an unknown count).
type VoteScore struct {
	// Gold counts gold events with tallies, paired or not.
	Gold int `json:"gold"`
	// Paired counts those that were paired with a predicted event.
	Paired int `json:"paired"`
	// Exact counts the paired ones whose tallies match exactly.
	Exact int `json:"exact"`
	// Rate is Exact / Paired (0 when nothing was paired).
	Rate float64 `json:"rate"`
}

// EventPair is a gold and a predicted document to score events on.
type EventPair struct {
	Gold, Pred []extract.Event
}

// argNormalizer folds argument and actor texts before comparison.
var argNormalizer = normalize.New(normalize.Default())

// normText is the comparison form of an argument's text.
func normText(s string) string {
	return strings.TrimSpace(argNormalizer.String(s))
}

// asserted returns the events that count: those whose modality is empty
// or "asserted".
func asserted(evs []extract.Event) []extract.Event {
	var out []extract.Event
	for i := range evs {
		if evs[i].Asserted() {
			out = append(out, evs[i])
		}
	}
	return out
}

// pairEvents pairs gold and predicted events of one document one-to-one.
// Two events can pair when their types are equal and their triggers
// overlap, or when an actor of one and an actor of the other match
// (normalised texts, one containing the other). Trigger pairs are made
// first, then actor pairs among the rest, each round as many as possible.
// It returns, for each prediction, its gold partner or -1.
func pairEvents(gold, pred []extract.Event) []int {
	match := make([]int, len(pred))
	for i := range match {
		match[i] = -1
	}
	taken := make([]bool, len(gold))
	gs := make([]int, len(gold))
	for i := range gs {
		gs[i] = i
	}
	ps := make([]int, len(pred))
	for i := range ps {
		ps[i] = i
	}
	bipartite(gs, ps, match, taken, func(gi, pi int) bool {
		return gold[gi].Type == pred[pi].Type && triggersOverlap(gold[gi].Trigger, pred[pi].Trigger)
	})
	gActors := make([][]string, len(gold))
	for i := range gold {
		gActors[i] = argTexts(gold[i].Args[extract.RoleActor])
	}
	pActors := make([][]string, len(pred))
	for i := range pred {
		pActors[i] = argTexts(pred[i].Args[extract.RoleActor])
	}
	bipartite(gs, ps, match, taken, func(gi, pi int) bool {
		return gold[gi].Type == pred[pi].Type && actorsMatch(gActors[gi], pActors[pi])
	})
	return match
}

func triggersOverlap(a, b extract.Span) bool {
	if a.Start < 0 || b.Start < 0 || a.End <= a.Start || b.End <= b.Start {
		return false
	}
	return a.Start < b.End && b.Start < a.End
}

func actorsMatch(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if strings.Contains(x, y) || strings.Contains(y, x) {
				return true
			}
		}
	}
	return false
}

// argTexts returns the distinct non-empty normalised texts of spans.
func argTexts(spans []extract.Span) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range spans {
		t := normText(s.Text)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// ScoreEvents scores predicted events against gold ones (FORMAT.md §4).
// Only asserted events count, on both sides. Within each document, events
// are paired one-to-one by pairEvents' rule; event P/R/F1 are per type and
// micro/macro over types. Arguments are scored per role over all events:
// the arguments of unpaired events are all false positives (predicted) or
// false negatives (gold); for a pair, the distinct normalised texts of each
// role are compared as sets. Vote tallies are compared on pairs whose gold
// event has a votes object. The event fields (actor and target codes, mode,
// country, explicit plover, magnitude numbers) are compared on pairs whose
// gold event states them (see FieldScore, CodeScore, MagnitudeScore).
func ScoreEvents(docs []EventPair) EventReport {
	rep, _ := scoreEvents(docs, nil)
	return rep
}

// eventErrorFunc receives the errors ScoreEvents finds, for reports.
type eventErrorFunc func(doc int, kind, what string, gold, pred *extract.Event, role, text string)

func scoreEvents(docs []EventPair, onError eventErrorFunc) (EventReport, bool) {
	ev := counts{}
	args := counts{}
	var votes VoteScore
	fields := newFieldScorer()
	hasEvents := false
	report := func(doc int, kind, what string, g, p *extract.Event, role, text string) {
		if onError != nil {
			onError(doc, kind, what, g, p, role, text)
		}
	}
	for d, pair := range docs {
		gold, pred := asserted(pair.Gold), asserted(pair.Pred)
		if len(gold)+len(pred) > 0 {
			hasEvents = true
		}
		match := pairEvents(gold, pred)
		goldPaired := make([]int, len(gold))
		for i := range goldPaired {
			goldPaired[i] = -1
		}
		for pi, gi := range match {
			if gi >= 0 {
				goldPaired[gi] = pi
			}
		}
		for gi := range gold {
			g := &gold[gi]
			ev.add(g.Type, 0, 0, 1)
			if g.Votes != nil {
				votes.Gold++
			}
			if goldPaired[gi] >= 0 {
				continue
			}
			fields.addGold(g)
			report(d, "event", "fn", g, nil, "", "")
			for _, role := range sortedRoles(g.Args) {
				for _, t := range argTexts(g.Args[role]) {
					args.add(role, 0, 0, 1)
					report(d, "argument", "fn", g, nil, role, t)
				}
			}
		}
		for pi := range pred {
			p := &pred[pi]
			gi := match[pi]
			if gi < 0 {
				ev.add(p.Type, 0, 1, 0)
				fields.addPred(p)
				report(d, "event", "fp", nil, p, "", "")
				for _, role := range sortedRoles(p.Args) {
					for _, t := range argTexts(p.Args[role]) {
						args.add(role, 0, 1, 0)
						report(d, "argument", "fp", nil, p, role, t)
					}
				}
				continue
			}
			g := &gold[gi]
			ev.add(p.Type, 1, 1, 0)
			roles := sortedRoles(g.Args, p.Args)
			for _, role := range roles {
				gt, pt := argTexts(g.Args[role]), argTexts(p.Args[role])
				inGold := map[string]bool{}
				for _, t := range gt {
					inGold[t] = true
				}
				inPred := map[string]bool{}
				for _, t := range pt {
					inPred[t] = true
					if inGold[t] {
						args.add(role, 1, 1, 0)
					} else {
						args.add(role, 0, 1, 0)
						report(d, "argument", "fp", g, p, role, t)
					}
				}
				for _, t := range gt {
					args.add(role, 0, 0, 1)
					if !inPred[t] {
						report(d, "argument", "fn", g, p, role, t)
					}
				}
			}
			if g.Votes != nil {
				votes.Paired++
				if tallyEqual(g.Votes, p.Votes) {
					votes.Exact++
				} else {
					report(d, "votes", "mismatch", g, p, "", "")
				}
			}
			fields.pair(g, p, func(field string) {
				report(d, "field", "mismatch", g, p, field, "")
			})
		}
	}
	if votes.Paired > 0 {
		votes.Rate = float64(votes.Exact) / float64(votes.Paired)
	}
	s := ev.scores()
	a := args.scores()
	rep := EventReport{Scores: s, Args: ArgScores{Micro: a.Micro, Macro: a.Macro, PerRole: a.PerClass}, Votes: votes}
	fields.fill(&rep)
	return rep, hasEvents
}

func sortedRoles(maps ...map[string][]extract.Span) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range maps {
		for r := range m {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	sort.Strings(out)
	return out
}

// tallyEqual compares for/against/abstain; a nil Votes has all counts
// unknown.
func tallyEqual(g, p *extract.Votes) bool {
	var zero extract.Votes
	if g == nil {
		g = &zero
	}
	if p == nil {
		p = &zero
	}
	return intPtrEqual(g.For, p.For) && intPtrEqual(g.Against, p.Against) && intPtrEqual(g.Abstain, p.Abstain)
}

func intPtrEqual(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
