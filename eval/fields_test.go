package eval

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/extract"
)

// ev builds an event with a trigger at [start, start+3).
func ev(typ string, start int, f func(e *extract.Event)) extract.Event {
	e := extract.Event{Type: typ, Trigger: sp("xxx", start, start+3)}
	if f != nil {
		f(&e)
	}
	return e
}

func mag(killed, injured, arrested, size *int) *extract.Magnitude {
	return &extract.Magnitude{Killed: killed, Injured: injured, Arrested: arrested, Size: size}
}

func fs(gold, paired, exact int) FieldScore {
	r := 0.0
	if paired > 0 {
		r = float64(exact) / float64(paired)
	}
	return FieldScore{Gold: gold, Paired: paired, Exact: exact, Rate: r}
}

func mc(stated, paired, exact, spurious int) MagnitudeCount {
	r := 0.0
	if stated > 0 {
		r = float64(exact) / float64(stated)
	}
	return MagnitudeCount{Stated: stated, Paired: paired, Exact: exact, Spurious: spurious, Rate: r}
}

// TestScoreEventFields: each case is worked out by hand; the events pair by
// trigger (same type, same offsets) unless the comment says otherwise.
func TestScoreEventFields(t *testing.T) {
	actor := func(code string) func(*extract.Event) {
		return func(e *extract.Event) { e.ActorCode = code }
	}
	cases := []struct {
		name       string
		gold, pred []extract.Event
		check      func(t *testing.T, r EventReport)
	}{
		{
			name: "actor code: same country, other agent",
			gold: []extract.Event{ev("ATTACK", 0, actor("IRQMIL"))},
			pred: []extract.Event{ev("ATTACK", 0, actor("IRQGOV"))},
			check: func(t *testing.T, r EventReport) {
				want := CodeScore{Code: fs(1, 1, 0), Country: fs(1, 1, 1), Agent: fs(1, 1, 0)}
				if r.ActorCode != want {
					t.Errorf("actor code %+v, want %+v", r.ActorCode, want)
				}
				if r.TargetCode != (CodeScore{}) {
					t.Errorf("target code %+v, want nothing", r.TargetCode)
				}
			},
		},
		{
			name: "actor code: gold states no country (CVL), IGO id, predicted country not counted",
			gold: []extract.Event{ev("PROTEST", 0, actor("CVL")), ev("CONDEMN", 10, actor("UNSC"))},
			pred: []extract.Event{ev("PROTEST", 0, actor("PSECVL")), ev("CONDEMN", 10, actor("UNSC"))},
			check: func(t *testing.T, r EventReport) {
				want := CodeScore{Code: fs(2, 2, 1), Country: fs(0, 0, 0), Agent: fs(2, 2, 2)}
				if r.ActorCode != want {
					t.Errorf("actor code %+v, want %+v", r.ActorCode, want)
				}
			},
		},
		{
			name: "actor code: gold country only, pred missing code; the arg code stands in for the event code",
			gold: []extract.Event{
				ev("DEPLOY", 0, actor("IRQ")),
				ev("COERCE", 10, func(e *extract.Event) {
					e.Args = map[string][]extract.Span{"target": {{Text: "طلاب", Start: -1, End: -1, Code: "EGYEDU"}}}
				}),
			},
			pred: []extract.Event{ev("DEPLOY", 0, nil), ev("COERCE", 10, func(e *extract.Event) { e.TargetCode = "EGYEDU" })},
			check: func(t *testing.T, r EventReport) {
				if want := (CodeScore{Code: fs(1, 1, 0), Country: fs(1, 1, 0)}); r.ActorCode != want {
					t.Errorf("actor code %+v, want %+v", r.ActorCode, want)
				}
				if want := (CodeScore{Code: fs(1, 1, 1), Country: fs(1, 1, 1), Agent: fs(1, 1, 1)}); r.TargetCode != want {
					t.Errorf("target code %+v, want %+v", r.TargetCode, want)
				}
			},
		},
		{
			name: "unpaired gold counts as gold, not paired; the other type does not pair",
			gold: []extract.Event{ev("ATTACK", 0, func(e *extract.Event) { e.ActorCode = "UAF"; e.Mode = "firearms"; e.Country = "IRQ" })},
			pred: []extract.Event{ev("COERCE", 0, func(e *extract.Event) { e.ActorCode = "UAF"; e.Mode = "firearms"; e.Country = "IRQ" })},
			check: func(t *testing.T, r EventReport) {
				if r.ActorCode.Code != fs(1, 0, 0) || r.Mode != fs(1, 0, 0) || r.Country != fs(1, 0, 0) {
					t.Errorf("actor %+v mode %+v country %+v, want gold 1 paired 0", r.ActorCode.Code, r.Mode, r.Country)
				}
			},
		},
		{
			name: "mode and country: equal, different, missing",
			gold: []extract.Event{
				ev("ATTACK", 0, func(e *extract.Event) { e.Mode = "explosives"; e.Country = "SYR" }),
				ev("PROTEST", 10, func(e *extract.Event) { e.Mode = "demonstrate"; e.Country = "TUN" }),
				ev("COERCE", 20, func(e *extract.Event) { e.Mode = "arrest" }),
				ev("MEET", 30, nil), // states nothing: a predicted mode is not scored
			},
			pred: []extract.Event{
				ev("ATTACK", 0, func(e *extract.Event) { e.Mode = "explosives"; e.Country = "SYR" }),
				ev("PROTEST", 10, func(e *extract.Event) { e.Mode = "riot"; e.Country = "LBY" }),
				ev("COERCE", 20, nil),
				ev("MEET", 30, func(e *extract.Event) { e.Mode = "visit"; e.Country = "QAT" }),
			},
			check: func(t *testing.T, r EventReport) {
				if r.Mode != fs(3, 3, 1) {
					t.Errorf("mode %+v, want 1/3", r.Mode)
				}
				if r.Country != fs(2, 2, 1) {
					t.Errorf("country %+v, want 1/2", r.Country)
				}
			},
		},
		{
			name: "plover: only where gold states it; a prediction without one has its type's",
			gold: []extract.Event{
				ev("STATEMENT", 0, func(e *extract.Event) { e.Plover = "SUPPORT" }),
				ev("STATEMENT", 10, func(e *extract.Event) { e.Plover = "SUPPORT" }),
				ev("ATTACK", 20, func(e *extract.Event) { e.Plover = "ASSAULT" }),
				ev("AID", 30, nil),
			},
			pred: []extract.Event{
				ev("STATEMENT", 0, func(e *extract.Event) { e.Plover = "SUPPORT" }),
				ev("STATEMENT", 10, nil), // no category: wrong
				ev("ATTACK", 20, nil),    // ATTACK's category is ASSAULT: right
				ev("AID", 30, func(e *extract.Event) { e.Plover = "COOPERATE" }),
			},
			check: func(t *testing.T, r EventReport) {
				if r.Plover != fs(3, 3, 2) {
					t.Errorf("plover %+v, want 2/3 of 3", r.Plover)
				}
			},
		},
		{
			name: "magnitude: per field, unpaired gold a miss, spurious on pairs and on unpaired predictions",
			gold: []extract.Event{
				ev("ATTACK", 0, func(e *extract.Event) { e.Magnitude = mag(ip(18), nil, nil, nil) }),
				ev("PROTEST", 10, func(e *extract.Event) { e.Magnitude = mag(nil, ip(3), nil, ip(600)) }),
				ev("COERCE", 20, func(e *extract.Event) { e.Magnitude = mag(nil, nil, ip(3), nil) }), // unpaired
			},
			pred: []extract.Event{
				// killed exact; injured spurious (gold null).
				ev("ATTACK", 0, func(e *extract.Event) { e.Magnitude = mag(ip(18), ip(5), nil, nil) }),
				// injured missing; size wrong.
				ev("PROTEST", 10, func(e *extract.Event) { e.Magnitude = mag(nil, nil, nil, ip(6000)) }),
				// unpaired: both numbers spurious.
				ev("ATTACK", 40, func(e *extract.Event) { e.Magnitude = mag(ip(2), nil, nil, ip(7)) }),
				// planned: not scored at all.
				ev("COERCE", 20, func(e *extract.Event) { e.Modality = "planned"; e.Magnitude = mag(nil, nil, ip(3), nil) }),
			},
			check: func(t *testing.T, r EventReport) {
				want := map[string]MagnitudeCount{
					"killed":   mc(1, 1, 1, 1),
					"injured":  mc(1, 1, 0, 1),
					"arrested": mc(1, 0, 0, 0),
					"size":     mc(1, 1, 0, 1),
				}
				for k, w := range want {
					if got := r.Magnitude.PerField[k]; got != w {
						t.Errorf("%s: %+v, want %+v", k, got, w)
					}
				}
				if got, w := r.Magnitude.MagnitudeCount, mc(4, 3, 1, 3); got != w {
					t.Errorf("all: %+v, want %+v", got, w)
				}
			},
		},
		{
			name: "magnitude zero is a stated number",
			gold: []extract.Event{ev("ATTACK", 0, func(e *extract.Event) { e.Magnitude = mag(ip(0), nil, nil, nil) })},
			pred: []extract.Event{ev("ATTACK", 0, func(e *extract.Event) { e.Magnitude = mag(nil, nil, nil, nil) })},
			check: func(t *testing.T, r EventReport) {
				if got := r.Magnitude.PerField["killed"]; got != mc(1, 1, 0, 0) {
					t.Errorf("killed %+v, want stated 1 paired 1 exact 0", got)
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.check(t, ScoreEvents([]EventPair{{Gold: c.gold, Pred: c.pred}}))
		})
	}
}

// TestScoreEventFieldErrors: a mismatch of a paired event is an error item
// with both values.
func TestScoreEventFieldErrors(t *testing.T) {
	var got []string
	scoreEvents([]EventPair{{
		Gold: []extract.Event{ev("ATTACK", 0, func(e *extract.Event) { e.ActorCode = "IRQMIL"; e.Mode = "aerial" })},
		Pred: []extract.Event{ev("ATTACK", 0, func(e *extract.Event) { e.ActorCode = "IRQMIL"; e.Mode = "shelling" })},
	}}, func(doc int, kind, what string, g, p *extract.Event, role, text string) {
		got = append(got, kind+" "+what+" "+role+" "+fieldValue(role, g)+"/"+fieldValue(role, p))
	})
	if len(got) != 1 || got[0] != "field mismatch mode aerial/shelling" {
		t.Errorf("errors %q, want one mode mismatch", got)
	}
}

// TestAllEventTypesScored: every type of extract.EventTypes present in gold
// gets its own row, in the JSON and in the table.
func TestAllEventTypesScored(t *testing.T) {
	var gold, pred []extract.Event
	for i, typ := range extract.EventTypes {
		gold = append(gold, ev(typ, 10*i, nil))
		pred = append(pred, ev(typ, 10*i, nil))
	}
	rep := ScoreEvents([]EventPair{{Gold: gold, Pred: pred}})
	if len(rep.PerClass) != len(extract.EventTypes) || len(extract.EventTypes) != 21 {
		t.Fatalf("%d types scored, want all %d (21)", len(rep.PerClass), len(extract.EventTypes))
	}
	r := &Report{Events: &rep}
	var buf bytes.Buffer
	if err := r.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	for _, typ := range extract.EventTypes {
		checkPRF(t, typ, rep.PerClass[typ], 1, 1, 1, 1, 0, 0)
		if !strings.Contains(buf.String(), "\n  "+typ+" ") {
			t.Errorf("table has no %s row", typ)
		}
	}
	if !strings.Contains(buf.String(), "Event fields: no gold event states") {
		t.Errorf("table should say no field is stated:\n%s", buf.String())
	}
}

// TestEventFieldsReport: the JSON report carries the new fields and the
// table prints them.
func TestEventFieldsReport(t *testing.T) {
	rep := ScoreEvents([]EventPair{{
		Gold: []extract.Event{ev("ATTACK", 0, func(e *extract.Event) {
			e.ActorCode, e.TargetCode, e.Mode, e.Country = "IRQMIL", "PSECVL", "aerial", "PSE"
			e.Magnitude = mag(ip(18), nil, nil, nil)
		})},
		Pred: []extract.Event{ev("ATTACK", 0, func(e *extract.Event) {
			e.ActorCode, e.TargetCode, e.Mode, e.Country = "IRQMIL", "CVL", "aerial", "PSE"
			e.Magnitude = mag(ip(18), nil, nil, nil)
		})},
	}})
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"actor_code":{"code":{"gold":1,"paired":1,"exact":1,"rate":1}`,
		`"target_code":{"code":{"gold":1,"paired":1,"exact":0,"rate":0},"country":{"gold":1,"paired":1,"exact":0,"rate":0},"agent":{"gold":1,"paired":1,"exact":1,"rate":1}}`,
		`"magnitude":{"stated":1,"paired":1,"exact":1,"spurious":0,"rate":1,"per_field":{`,
		`"mode":{"gold":1,"paired":1,"exact":1,"rate":1}`,
		`"country":{"gold":1`,
		`"plover":{"gold":0`,
		`"votes":{`, `"args":{`, // nothing renamed
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
	var buf bytes.Buffer
	if err := (&Report{Events: &rep}).WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"  target_code country       0      1      1  0.0000\n",
		"  target_code agent         1      1      1  1.0000\n",
		"  killed         1      1      1        0  1.0000\n",
		"  all            1      1      1        0  1.0000\n",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
}

// TestReadRecordsEventFields: gold and prediction JSONL carry the new fields
// through to the scorer.
func TestReadRecordsEventFields(t *testing.T) {
	gold := `{"id":"g1","text":"قصف الجيش بغداد","entities":[],"events":[{"type":"ATTACK","trigger":{"text":"قصف","start":0,"end":3},` +
		`"args":{"actor":[{"text":"الجيش","start":4,"end":9,"code":"IRQMIL"}],"target":["بغداد"]},"votes":null,` +
		`"actor_code":"IRQMIL","target_code":"IRQCVL","mode":"shelling","magnitude":{"killed":3,"injured":null,"arrested":null,"size":null},"country":"IRQ","plover":"ASSAULT","cameo":"195"}]}`
	pred := `{"id":"g1","entities":[],"events":[{"type":"ATTACK","trigger":{"text":"قصف","start":0,"end":3},"args":{},"votes":null,` +
		`"sentence":0,"confidence":0.9,"target_code":"IRQCVL","mode":"shelling","magnitude":{"killed":3},"country":"IRQ"}],"error":null}`
	g, err := ReadRecords(strings.NewReader(gold), "g.jsonl", true)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ReadRecords(strings.NewReader(pred), "p.jsonl", false)
	if err != nil {
		t.Fatal(err)
	}
	ge := g[0].Events[0]
	if ge.ActorCode != "IRQMIL" || ge.TargetCode != "IRQCVL" || ge.Mode != "shelling" || ge.Country != "IRQ" ||
		ge.Plover != "ASSAULT" || ge.Cameo != "195" || ge.Magnitude == nil || *ge.Magnitude.Killed != 3 ||
		ge.Args["actor"][0].Code != "IRQMIL" {
		t.Errorf("gold event %+v", ge)
	}
	pe := p[0].Events[0]
	if pe.TargetCode != "IRQCVL" || pe.Magnitude == nil || *pe.Magnitude.Killed != 3 || pe.Magnitude.Injured != nil {
		t.Errorf("pred event %+v", pe)
	}
	rep := ScoreEvents([]EventPair{{Gold: g[0].Events, Pred: p[0].Events}})
	if rep.Magnitude.Exact != 1 || rep.TargetCode.Code.Exact != 1 || rep.Mode.Exact != 1 || rep.Country.Exact != 1 ||
		rep.ActorCode.Code != fs(1, 1, 0) {
		t.Errorf("report %+v", rep)
	}
	// A negative count is bad input; an all-null magnitude reads as none.
	if _, err := ReadRecords(strings.NewReader(strings.Replace(pred, `"killed":3`, `"killed":-3`, 1)), "p.jsonl", false); err == nil {
		t.Error("negative magnitude accepted")
	}
	p, err = ReadRecords(strings.NewReader(strings.Replace(pred, `{"killed":3}`, `{"killed":null}`, 1)), "p.jsonl", false)
	if err != nil || p[0].Events[0].Magnitude != nil {
		t.Errorf("all-null magnitude: %v, %+v", err, p[0].Events[0].Magnitude)
	}
}
