package eval

import (
	"strconv"
	"strings"

	"github.com/khabar-nlp/khabar/eval/internal/plover"
	"github.com/khabar-nlp/khabar/extract"
)

// The event fields beyond the arguments (FORMAT.md "Fields every event may
// carry") are scored on paired asserted events, the gold event's value
// against its partner's: actor and target codes (split into country and
// agent), mode, event country, explicit plover, and magnitude counts.

// FieldScore counts the gold events that state a field, how many of them
// were paired with a predicted event, and on how many of those the
// prediction has the same value (an empty prediction is wrong).
type FieldScore struct {
	// Gold counts gold events stating the field, paired or not.
	Gold int `json:"gold"`
	// Paired counts those paired with a predicted event.
	Paired int `json:"paired"`
	// Exact counts the paired ones whose prediction has the same value.
	Exact int `json:"exact"`
	// Rate is Exact / Paired (0 when nothing was paired).
	Rate float64 `json:"rate"`
}

// CodeScore scores a CAMEO actor code (actor_code or target_code) as a
// whole and by its parts: the country is the ISO3 prefix when the code
// begins with one followed by nothing or by agent codes (IRQMIL → IRQ,
// MIL), the agent is the rest; any other code (CVL, UNSC, HAMAS) is all
// agent. Country counts only gold codes that state a country, Agent only
// gold codes that state an agent.
type CodeScore struct {
	Code    FieldScore `json:"code"`
	Country FieldScore `json:"country"`
	Agent   FieldScore `json:"agent"`
}

// MagnitudeCount counts magnitude numbers (killed, injured, arrested,
// size), each field of each event separately.
type MagnitudeCount struct {
	// Stated counts the numbers gold events state, paired or not.
	Stated int `json:"stated"`
	// Paired counts those whose event was paired.
	Paired int `json:"paired"`
	// Exact counts the paired ones the prediction states equal.
	Exact int `json:"exact"`
	// Spurious counts numbers predictions state that gold does not: on a
	// paired event whose gold leaves that field null, and every number of
	// an unpaired predicted event.
	Spurious int `json:"spurious"`
	// Rate is Exact / Stated: a number of an unpaired gold event is a miss.
	Rate float64 `json:"rate"`
}

// MagnitudeScore is MagnitudeCount over all four fields, and per field.
type MagnitudeScore struct {
	MagnitudeCount
	PerField map[string]MagnitudeCount `json:"per_field"`
}

// fieldScorer accumulates the field scores of ScoreEvents.
type fieldScorer struct {
	actor, target CodeScore
	mode, country FieldScore
	plover        FieldScore
	mag           map[string]*MagnitudeCount
}

func newFieldScorer() *fieldScorer {
	f := &fieldScorer{mag: map[string]*MagnitudeCount{}}
	for _, k := range plover.MagnitudeFields {
		f.mag[k] = &MagnitudeCount{}
	}
	return f
}

// actorCode returns the event's actor code: ActorCode, or else the code of
// its first actor argument.
func actorCode(e *extract.Event) string {
	return firstCode(e.ActorCode, e.Args[extract.RoleActor])
}

// targetCode is actorCode for the target.
func targetCode(e *extract.Event) string {
	return firstCode(e.TargetCode, e.Args[extract.RoleTarget])
}

func firstCode(code string, args []extract.Span) string {
	if c := strings.TrimSpace(code); c != "" {
		return c
	}
	if len(args) > 0 {
		return strings.TrimSpace(args[0].Code)
	}
	return ""
}

// effectivePlover is the event's plover, or its type's category.
func effectivePlover(e *extract.Event) string {
	if p := strings.TrimSpace(e.Plover); p != "" {
		return p
	}
	return plover.DefaultPlover(e.Type)
}

// magnitudeOf returns the count of one magnitude field (nil: not stated).
func magnitudeOf(e *extract.Event, field string) *int {
	m := e.Magnitude
	if m == nil {
		return nil
	}
	switch field {
	case plover.Killed:
		return m.Killed
	case plover.Injured:
		return m.Injured
	case plover.Arrested:
		return m.Arrested
	case plover.Size:
		return m.Size
	}
	return nil
}

// Field names used in error items (Role) and the table.
const (
	fieldActorCode  = "actor_code"
	fieldTargetCode = "target_code"
	fieldMode       = "mode"
	fieldCountry    = "country"
	fieldPlover     = "plover"
	fieldMagnitude  = "magnitude."
)

// fieldValue returns the value an error item shows for a field of e.
func fieldValue(field string, e *extract.Event) string {
	if e == nil {
		return ""
	}
	switch field {
	case fieldActorCode:
		return actorCode(e)
	case fieldTargetCode:
		return targetCode(e)
	case fieldMode:
		return strings.TrimSpace(e.Mode)
	case fieldCountry:
		return strings.TrimSpace(e.Country)
	case fieldPlover:
		return effectivePlover(e)
	}
	if k, ok := strings.CutPrefix(field, fieldMagnitude); ok {
		if n := magnitudeOf(e, k); n != nil {
			return strconv.Itoa(*n)
		}
	}
	return ""
}

// addGold counts the fields an unpaired gold event states.
func (f *fieldScorer) addGold(g *extract.Event) {
	f.pair(g, nil, nil)
}

// addPred counts the magnitude numbers of an unpaired predicted event as
// spurious.
func (f *fieldScorer) addPred(p *extract.Event) {
	for _, k := range plover.MagnitudeFields {
		if magnitudeOf(p, k) != nil {
			f.mag[k].Spurious++
		}
	}
}

// pair scores a gold event against its partner p (nil: unpaired).
// mismatch is called with the field of each wrong value.
func (f *fieldScorer) pair(g, p *extract.Event, mismatch func(field string)) {
	report := func(field string) {
		if mismatch != nil {
			mismatch(field)
		}
	}
	f.code(&f.actor, actorCode(g), p, actorCode, fieldActorCode, report)
	f.code(&f.target, targetCode(g), p, targetCode, fieldTargetCode, report)
	value(&f.mode, strings.TrimSpace(g.Mode), p, func(e *extract.Event) string { return strings.TrimSpace(e.Mode) }, fieldMode, report)
	value(&f.country, strings.TrimSpace(g.Country), p, func(e *extract.Event) string { return strings.TrimSpace(e.Country) }, fieldCountry, report)
	// Plover is scored only where gold states it explicitly; a prediction
	// without one has its type's category.
	value(&f.plover, strings.TrimSpace(g.Plover), p, effectivePlover, fieldPlover, report)
	for _, k := range plover.MagnitudeFields {
		c := f.mag[k]
		gn := magnitudeOf(g, k)
		var pn *int
		if p != nil {
			pn = magnitudeOf(p, k)
		}
		switch {
		case gn == nil && pn != nil:
			c.Spurious++
			report(fieldMagnitude + k)
		case gn == nil:
		case p == nil:
			c.Stated++
		default:
			c.Stated++
			c.Paired++
			if pn != nil && *pn == *gn {
				c.Exact++
			} else {
				report(fieldMagnitude + k)
			}
		}
	}
}

// value scores one string field: gold states it when want is not empty.
func value(s *FieldScore, want string, p *extract.Event, get func(*extract.Event) string, field string, report func(string)) {
	if want == "" {
		return
	}
	s.Gold++
	if p == nil {
		return
	}
	s.Paired++
	if get(p) == want {
		s.Exact++
	} else {
		report(field)
	}
}

// code scores an actor code as a whole and by country and agent.
func (f *fieldScorer) code(s *CodeScore, want string, p *extract.Event, get func(*extract.Event) string, field string, report func(string)) {
	if want == "" {
		return
	}
	wc, wa := plover.SplitCode(want)
	var got, gc, ga string
	if p != nil {
		got = get(p)
		gc, ga = plover.SplitCode(got)
	}
	count := func(fs *FieldScore, w, g string) {
		if w == "" {
			return
		}
		fs.Gold++
		if p == nil {
			return
		}
		fs.Paired++
		if g == w {
			fs.Exact++
		}
	}
	count(&s.Code, want, got)
	count(&s.Country, wc, gc)
	count(&s.Agent, wa, ga)
	if p != nil && got != want {
		report(field)
	}
}

func (s *FieldScore) finish() {
	if s.Paired > 0 {
		s.Rate = float64(s.Exact) / float64(s.Paired)
	}
}

func (s *CodeScore) finish() {
	s.Code.finish()
	s.Country.finish()
	s.Agent.finish()
}

func (c *MagnitudeCount) finish() {
	if c.Stated > 0 {
		c.Rate = float64(c.Exact) / float64(c.Stated)
	}
}

// fill writes the finished scores into rep.
func (f *fieldScorer) fill(rep *EventReport) {
	for _, s := range []*CodeScore{&f.actor, &f.target} {
		s.finish()
	}
	for _, s := range []*FieldScore{&f.mode, &f.country, &f.plover} {
		s.finish()
	}
	rep.ActorCode, rep.TargetCode = f.actor, f.target
	rep.Mode, rep.Country, rep.Plover = f.mode, f.country, f.plover
	rep.Magnitude = MagnitudeScore{PerField: map[string]MagnitudeCount{}}
	all := &rep.Magnitude.MagnitudeCount
	for _, k := range plover.MagnitudeFields {
		c := *f.mag[k]
		c.finish()
		rep.Magnitude.PerField[k] = c
		all.Stated += c.Stated
		all.Paired += c.Paired
		all.Exact += c.Exact
		all.Spurious += c.Spurious
	}
	all.finish()
}

// hasFields reports whether any gold event stated a field or any
// prediction a magnitude number.
func (r *EventReport) hasFields() bool {
	return r.ActorCode.Code.Gold+r.TargetCode.Code.Gold+r.Mode.Gold+r.Country.Gold+r.Plover.Gold+
		r.Magnitude.Stated+r.Magnitude.Spurious > 0
}
