package eval

import (
	"math"
	"testing"

	"github.com/khabar-nlp/khabar/extract"
)

func sp(text string, start, end int) extract.Span {
	return extract.Span{Text: text, Start: start, End: end}
}

func plain(text string) extract.Span { return extract.Span{Text: text, Start: -1, End: -1} }

func args(kv ...any) map[string][]extract.Span {
	m := map[string][]extract.Span{}
	for i := 0; i < len(kv); i += 2 {
		role := kv[i].(string)
		switch v := kv[i+1].(type) {
		case string:
			m[role] = append(m[role], plain(v))
		case []string:
			for _, s := range v {
				m[role] = append(m[role], plain(s))
			}
		}
	}
	return m
}

func ip(i int) *int { return &i }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func checkPRF(t *testing.T, label string, got PRF, p, r, f float64, tp, fp, fn int) {
	t.Helper()
	if !near(got.P, p) || !near(got.R, r) || !near(got.F1, f) || got.TP != tp || got.FP != fp || got.FN != fn {
		t.Errorf("%s: got P %.6f R %.6f F1 %.6f tp/fp/fn %d/%d/%d; want P %.6f R %.6f F1 %.6f %d/%d/%d",
			label, got.P, got.R, got.F1, got.TP, got.FP, got.FN, p, r, f, tp, fp, fn)
	}
}

// TestScoreEventsHandComputed: every expectation below is worked out by
// hand in the comments.
func TestScoreEventsHandComputed(t *testing.T) {
	gold := []extract.Event{
		{Type: "CONDEMN", Trigger: sp("أدانت", 0, 5), Args: args("actor", "مصر", "target", "إسرائيل")},
		{Type: "STATEMENT", Trigger: sp("وقال", 20, 24), Args: args("actor", "وزير الخارجية")},
		{Type: "VOTE", Trigger: sp("صوت", 40, 43), Args: args("venue", "مجلس الأمن"),
			Votes: &extract.Votes{For: ip(13), Against: ip(1), Abstain: ip(1)}},
		{Type: "DEMAND", Trigger: sp("تعتزم", 60, 65), Modality: "planned", Args: args("actor", "مصر")},
	}
	pred := []extract.Event{
		// Trigger overlaps gold CONDEMN; target differs only by hamza (normalised away).
		{Type: "CONDEMN", Trigger: sp("دانت", 1, 5), Args: args("actor", "مصر", "target", "اسرائيل")},
		// No trigger overlap; paired by actor containment (الخارجية ⊂ وزير الخارجية).
		{Type: "STATEMENT", Trigger: sp("قال", 100, 103), Args: args("actor", "الخارجية")},
		// Paired by trigger; venue text differs; tallies differ.
		{Type: "VOTE", Trigger: sp("صوت", 40, 43), Args: args("venue", "مجلس الأمن الدولي"),
			Votes: &extract.Votes{For: ip(13), Against: ip(2), Abstain: ip(1)}},
		// No gold ATTACK: a false positive with one false positive actor.
		{Type: "ATTACK", Trigger: sp("غارات", 80, 85), Args: args("actor", "الجيش")},
		// Negated: not scored (nor is the planned gold DEMAND).
		{Type: "DEMAND", Trigger: sp("تعتزم", 60, 65), Modality: "negated", Args: args("actor", "مصر")},
	}
	rep := ScoreEvents([]EventPair{{Gold: gold, Pred: pred}})

	// Events: 3 pairs, 1 FP (ATTACK), 0 FN.
	// micro P = 3/4, R = 3/3, F1 = 2·0.75·1/1.75 = 6/7.
	checkPRF(t, "events micro", rep.Micro, 0.75, 1, 6.0/7, 3, 1, 0)
	checkPRF(t, "ATTACK", rep.PerClass["ATTACK"], 0, 0, 0, 0, 1, 0)
	checkPRF(t, "CONDEMN", rep.PerClass["CONDEMN"], 1, 1, 1, 1, 0, 0)
	checkPRF(t, "STATEMENT", rep.PerClass["STATEMENT"], 1, 1, 1, 1, 0, 0)
	checkPRF(t, "VOTE", rep.PerClass["VOTE"], 1, 1, 1, 1, 0, 0)
	if _, ok := rep.PerClass["DEMAND"]; ok {
		t.Error("DEMAND (planned / negated only) must not be scored")
	}
	// macro over ATTACK, CONDEMN, STATEMENT, VOTE: (0+1+1+1)/4 each.
	if !near(rep.Macro.P, 0.75) || !near(rep.Macro.R, 0.75) || !near(rep.Macro.F1, 0.75) {
		t.Errorf("events macro %+v, want 0.75 each", rep.Macro)
	}

	// Arguments.
	// actor: مصر=مصر tp; الخارجية≠وزير الخارجية fp+fn; الجيش (unpaired) fp.
	//   tp 1 fp 2 fn 1: P 1/3, R 1/2, F1 2·(1/3)(1/2)/(5/6) = 0.4.
	checkPRF(t, "actor", rep.Args.PerRole["actor"], 1.0/3, 0.5, 0.4, 1, 2, 1)
	// target: إسرائيل = اسرائيل after normalisation.
	checkPRF(t, "target", rep.Args.PerRole["target"], 1, 1, 1, 1, 0, 0)
	// venue: مجلس الأمن الدولي ≠ مجلس الأمن.
	checkPRF(t, "venue", rep.Args.PerRole["venue"], 0, 0, 0, 0, 1, 1)
	// micro: tp 2 fp 3 fn 2: P 0.4, R 0.5, F1 0.4/0.9.
	checkPRF(t, "args micro", rep.Args.Micro, 0.4, 0.5, 0.4/0.9, 2, 3, 2)
	// macro: P (1/3+1+0)/3, R (1/2+1+0)/3, F1 (0.4+1+0)/3.
	if !near(rep.Args.Macro.P, 4.0/9) || !near(rep.Args.Macro.R, 0.5) || !near(rep.Args.Macro.F1, 1.4/3) {
		t.Errorf("args macro %+v", rep.Args.Macro)
	}

	// Votes: one gold event with tallies, paired, against differs.
	if v := rep.Votes; v.Gold != 1 || v.Paired != 1 || v.Exact != 0 || v.Rate != 0 {
		t.Errorf("votes %+v, want gold 1 paired 1 exact 0", v)
	}
}

// TestPairEventsOneToOne: trigger pairs first, then actor pairs, as many
// as possible; never across types or documents.
func TestPairEventsOneToOne(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred []extract.Event
		tp, fp, fn int
	}{
		{
			name: "two gold statements by one actor, one prediction",
			gold: []extract.Event{
				{Type: "STATEMENT", Trigger: sp("قال", 0, 3), Args: args("actor", "روسيا")},
				{Type: "STATEMENT", Trigger: sp("أكد", 10, 13), Args: args("actor", "روسيا")},
			},
			pred: []extract.Event{{Type: "STATEMENT", Trigger: sp("أعلن", 50, 54), Args: args("actor", "روسيا")}},
			tp:   1, fn: 1,
		},
		{
			// Q1's trigger overlaps S2 and its actor matches S1; Q2 can only
			// pair with S1 by actor. Pairing Q1 with S1 would leave Q2 alone.
			name: "trigger pairs before actor pairs",
			gold: []extract.Event{
				{Type: "STATEMENT", Trigger: sp("قال", 0, 4), Args: args("actor", "فرنسا")},
				{Type: "STATEMENT", Trigger: sp("أكد", 10, 14), Args: args("actor", "ألمانيا")},
			},
			pred: []extract.Event{
				{Type: "STATEMENT", Trigger: sp("أكد", 10, 13), Args: args("actor", "فرنسا")},
				{Type: "STATEMENT", Trigger: sp("شدد", 30, 33), Args: args("actor", "فرنسا")},
			},
			tp: 2,
		},
		{
			name: "same trigger, different type",
			gold: []extract.Event{{Type: "VETO", Trigger: sp("حق النقض", 5, 13), Args: args("actor", "روسيا")}},
			pred: []extract.Event{{Type: "VOTE", Trigger: sp("حق النقض", 5, 13), Args: args("actor", "روسيا")}},
			fp:   1, fn: 1,
		},
		{
			name: "no trigger overlap, no actor",
			gold: []extract.Event{{Type: "ATTACK", Trigger: sp("غارة", 0, 4)}},
			pred: []extract.Event{{Type: "ATTACK", Trigger: sp("قصف", 20, 23)}},
			fp:   1, fn: 1,
		},
		{
			name: "actor containment either way, after normalisation",
			gold: []extract.Event{{Type: "DEMAND", Trigger: sp("دعا", 0, 3), Args: args("actor", "الأمين العام")}},
			pred: []extract.Event{{Type: "DEMAND", Trigger: sp("طالب", 40, 44), Args: args("actor", "الامين العام للأمم المتحدة")}},
			tp:   1,
		},
		{
			name: "a trigger without offsets never overlaps",
			gold: []extract.Event{{Type: "PROTEST", Trigger: plain("تظاهر")}},
			pred: []extract.Event{{Type: "PROTEST", Trigger: sp("تظاهر", 0, 5)}},
			fp:   1, fn: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := ScoreEvents([]EventPair{{Gold: tc.gold, Pred: tc.pred}})
			m := rep.Micro
			if m.TP != tc.tp || m.FP != tc.fp || m.FN != tc.fn {
				t.Errorf("tp/fp/fn %d/%d/%d, want %d/%d/%d", m.TP, m.FP, m.FN, tc.tp, tc.fp, tc.fn)
			}
		})
	}
	// Documents are scored apart: the same event in another document is
	// not a match.
	e := extract.Event{Type: "VETO", Trigger: sp("الفيتو", 0, 6), Args: args("actor", "روسيا")}
	rep := ScoreEvents([]EventPair{{Gold: []extract.Event{e}}, {Pred: []extract.Event{e}}})
	if m := rep.Micro; m.TP != 0 || m.FP != 1 || m.FN != 1 {
		t.Errorf("across documents: %+v", m)
	}
}

func TestScoreEventsVotes(t *testing.T) {
	vote := func(start int, v *extract.Votes) extract.Event {
		return extract.Event{Type: "VOTE", Trigger: sp("صوت", start, start+3), Votes: v}
	}
	gold := []extract.Event{
		vote(0, &extract.Votes{Unanimous: true}),              // all counts unknown
		vote(10, &extract.Votes{For: ip(14), Abstain: ip(1)}), // against unknown
		vote(20, &extract.Votes{For: ip(12), Against: ip(1), Abstain: ip(2)}),
		vote(30, &extract.Votes{For: ip(15), Against: ip(0), Abstain: ip(0)}), // unpaired
		vote(40, nil), // no tallies: not counted
	}
	pred := []extract.Event{
		vote(0, nil), // nil = all unknown: exact
		vote(10, &extract.Votes{For: ip(14), Against: ip(0), Abstain: ip(1)}), // 0 ≠ unknown
		vote(20, &extract.Votes{For: ip(12), Against: ip(1), Abstain: ip(2), AgainstMembers: []string{"USA"}}),
		vote(40, &extract.Votes{For: ip(1)}),
	}
	rep := ScoreEvents([]EventPair{{Gold: gold, Pred: pred}})
	if v := rep.Votes; v.Gold != 4 || v.Paired != 3 || v.Exact != 2 || !near(v.Rate, 2.0/3) {
		t.Errorf("votes %+v, want gold 4, paired 3, exact 2", v)
	}
}
