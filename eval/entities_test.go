package eval

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract"
)

// ent finds the n-th (0-based) occurrence of s in text and returns it as
// an entity of type typ, with code point offsets.
func ent(t *testing.T, text, s, typ string, n int) extract.Entity {
	t.Helper()
	from := 0
	for {
		i := strings.Index(text[from:], s)
		if i < 0 {
			t.Fatalf("%q not found in %q", s, text)
		}
		if n == 0 {
			start := utf8.RuneCountInString(text[:from+i])
			return extract.Entity{Text: s, Type: typ, Start: start, End: start + utf8.RuneCountInString(s)}
		}
		n--
		from += i + len(s)
	}
}

func scoreOne(text string, gold, pred []extract.Entity, opt Options) *Report {
	rep := &Report{}
	scoreRecordEntities(opt, rep, []Record{{ID: "d", Text: text, Entities: gold}}, []Record{{ID: "d", Entities: pred}})
	return rep
}

func TestProcliticTolerance(t *testing.T) {
	text := "وقالت والولايات المتحدة وللأمم المتحدة إن ولايات الخليج و مصر وبيروت"
	tests := []struct {
		name       string
		gold, pred extract.Entity
		match      bool
	}{
		{"و before the article", ent(t, text, "الولايات المتحدة", "GPE", 0), ent(t, text, "والولايات المتحدة", "GPE", 0), true},
		{"gold with و, pred without", ent(t, text, "والولايات المتحدة", "GPE", 0), ent(t, text, "الولايات المتحدة", "GPE", 0), true},
		{"ول before لأمم", ent(t, text, "لأمم المتحدة", "ORG", 0), ent(t, text, "وللأمم المتحدة", "ORG", 0), true},
		{"ل before لأمم", ent(t, text, "لأمم المتحدة", "ORG", 0), ent(t, text, "للأمم المتحدة", "ORG", 0), true},
		{"article dropped", ent(t, text, "الولايات المتحدة", "GPE", 0), ent(t, text, "ولايات المتحدة", "GPE", 0), false},
		{"previous word", ent(t, text, "مصر", "GPE", 0), ent(t, text, "و مصر", "GPE", 0), false},
		{"different end", ent(t, text, "بيروت", "GPE", 0), ent(t, text, "وبيروت", "GPE", 0), true},
		{"different type", ent(t, text, "الولايات المتحدة", "GPE", 0), ent(t, text, "والولايات المتحدة", "LOC", 0), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := scoreOne(text, []extract.Entity{tc.gold}, []extract.Entity{tc.pred}, Options{})
			if got := rep.Entities.Micro.TP == 1; got != tc.match {
				t.Errorf("match = %v, want %v (gold %q pred %q)", got, tc.match, tc.gold.Text, tc.pred.Text)
			}
			if !tc.match && len(rep.Errors) != 2 {
				t.Errorf("%d error items, want an fp and an fn", len(rep.Errors))
			}
		})
	}
	// A tolerant pair never takes a gold that an identical prediction has.
	g := ent(t, text, "الولايات المتحدة", "GPE", 0)
	p2 := ent(t, text, "والولايات المتحدة", "GPE", 0)
	rep := scoreOne(text, []extract.Entity{g}, []extract.Entity{p2, g}, Options{})
	if m := rep.Entities.Micro; m.TP != 1 || m.FP != 1 || m.FN != 0 {
		t.Errorf("duplicate predictions: %+v", m)
	}
}

func TestScoreEntitiesHandComputed(t *testing.T) {
	text := "التقى الرئيس عبد الفتاح السيسي في القاهرة وزير الخارجية الأمريكي أنتوني بلينكن أمس بحضور ممثلين عن الأمم المتحدة"
	gold := []extract.Entity{
		ent(t, text, "الرئيس", "TITLE", 0),
		ent(t, text, "عبد الفتاح السيسي", "PER", 0),
		ent(t, text, "القاهرة", "GPE", 0),
		ent(t, text, "وزير الخارجية", "TITLE", 0),
		ent(t, text, "الأمريكي", "NORP", 0),
		ent(t, text, "أنتوني بلينكن", "PER", 0),
		ent(t, text, "أمس", "DATE", 0),
		ent(t, text, "الأمم المتحدة", "ORG", 0),
	}
	pred := []extract.Entity{
		ent(t, text, "الرئيس", "TITLE", 0),        // tp
		ent(t, text, "الفتاح السيسي", "PER", 0),   // boundary: fp + fn
		ent(t, text, "القاهرة", "LOC", 0),         // type: fp + fn
		ent(t, text, "وزير الخارجية", "TITLE", 0), // tp
		ent(t, text, "الأمريكي", "NORP", 0),       // not scored
		ent(t, text, "أنتوني بلينكن", "PER", 0),   // tp
		ent(t, text, "ممثلين", "PER", 0),          // fp
		ent(t, text, "الأمم المتحدة", "ORG", 0),   // tp
	}
	rep := scoreOne(text, gold, pred, Options{})
	e := rep.Entities
	// gold scored: 7 (NORP out); pred scored: 7; tp 4.
	checkPRF(t, "micro", e.Micro, 4.0/7, 4.0/7, 4.0/7, 4, 3, 3)
	checkPRF(t, "PER", e.PerClass["PER"], 1.0/3, 0.5, 0.4, 1, 2, 1)
	checkPRF(t, "GPE", e.PerClass["GPE"], 0, 0, 0, 0, 0, 1)
	checkPRF(t, "LOC", e.PerClass["LOC"], 0, 0, 0, 0, 1, 0)
	checkPRF(t, "TITLE", e.PerClass["TITLE"], 1, 1, 1, 2, 0, 0)
	checkPRF(t, "DATE", e.PerClass["DATE"], 0, 0, 0, 0, 0, 1)
	checkPRF(t, "ORG", e.PerClass["ORG"], 1, 1, 1, 1, 0, 0)
	if _, ok := e.PerClass["NORP"]; ok {
		t.Error("NORP scored")
	}
	// macro over DATE GPE LOC ORG PER TITLE:
	// P (0+0+0+1+1/3+1)/6, R (0+0+0+1+0.5+1)/6, F1 (0+0+0+1+0.4+1)/6.
	if !near(e.Macro.P, (2+1.0/3)/6) || !near(e.Macro.R, 2.5/6) || !near(e.Macro.F1, 2.4/6) {
		t.Errorf("macro %+v", e.Macro)
	}
	// Error items: fn PER/GPE/DATE, fp PER/LOC/PER = 6, with near misses.
	if len(rep.Errors) != 6 {
		t.Fatalf("%d errors: %+v", len(rep.Errors), rep.Errors)
	}
	var sawNear bool
	for _, it := range rep.Errors {
		if it.Error == "fp" && it.Type == "LOC" {
			sawNear = it.Near != nil && it.Near.Type == "GPE" && it.Near.Text == "القاهرة" && strings.Contains(it.Context, "[[القاهرة]]")
		}
	}
	if !sawNear {
		t.Errorf("the LOC false positive should point at gold GPE القاهرة: %+v", rep.Errors)
	}

	// Partial: the PER boundary error becomes a match; the type error stays.
	rep = scoreOne(text, gold, pred, Options{Partial: true})
	checkPRF(t, "partial micro", rep.Entities.Micro, 5.0/7, 5.0/7, 5.0/7, 5, 2, 2)

	// Map and filter: GPE=LOC fixes القاهرة; --types PER,LOC leaves
	// gold PER×2 + LOC×1, pred PER×3 + LOC×1.
	m, err := ParseTypeMap("GPE=LOC")
	if err != nil {
		t.Fatal(err)
	}
	rep = scoreOne(text, gold, pred, Options{Map: m, Types: []string{"PER", "LOC"}})
	checkPRF(t, "mapped", rep.Entities.Micro, 0.5, 2.0/3, 2*0.5*(2.0/3)/(0.5+2.0/3), 2, 2, 1)
	if got := rep.Entities.Classes(); strings.Join(got, ",") != "LOC,PER" {
		t.Errorf("types %v", got)
	}
	// Dropping a type with an empty target.
	m, _ = ParseTypeMap("TITLE=,DATE=")
	rep = scoreOne(text, gold, pred, Options{Map: m})
	if _, ok := rep.Entities.PerClass["TITLE"]; ok {
		t.Error("TITLE= should drop TITLE")
	}
}

func TestParseTypeMap(t *testing.T) {
	m, err := ParseTypeMap(" PER=PERS, GPE=LOC ,MIS*=MISC,DATE=")
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{"PER": "PERS", "GPE": "LOC", "MIS0": "MISC", "MIS3": "MISC", "MISC": "MISC", "ORG": "ORG", "DATE": ""} {
		if got := m.Map(in); got != want {
			t.Errorf("Map(%q) = %q, want %q", in, got, want)
		}
	}
	if m.mapTag("B-GPE") != "B-LOC" || m.mapTag("O") != "O" || m.mapTag("I-DATE") != "I-"+droppedType {
		t.Errorf("mapTag: %q %q %q", m.mapTag("B-GPE"), m.mapTag("O"), m.mapTag("I-DATE"))
	}
	for _, bad := range []string{"PER", "=X", "PER=PERS,PER=X", "A B=C", "*=X"} {
		if _, err := ParseTypeMap(bad); err == nil {
			t.Errorf("ParseTypeMap(%q) accepted", bad)
		}
	}
	if m, err := ParseTypeMap(""); err != nil || !m.Empty() {
		t.Errorf("empty map: %v %v", m, err)
	}
}

func TestSpansToTags(t *testing.T) {
	tokens := strings.Fields("قال وزير الخارجية والولايات المتحدة لبنان")
	text := strings.Join(tokens, " ")
	ents := []extract.Entity{
		ent(t, text, "وزير الخارجية", "TITLE", 0),
		ent(t, text, "الولايات المتحدة", "GPE", 0), // inside the token والولايات
		ent(t, text, "لبنان", "GPE", 0),
		ent(t, text, "الخارجية", "ORG", 0), // loses its token to the TITLE
	}
	got := strings.Join(SpansToTags(tokens, ents), " ")
	want := "O B-TITLE I-TITLE B-GPE I-GPE B-GPE"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestScoreBIOMapAndFilter(t *testing.T) {
	gold := [][]string{{"B-PERS", "I-PERS", "O", "B-LOC"}, {"B-NORP", "O", "B-ORG"}}
	pred := [][]string{{"B-PER", "I-PER", "O", "B-GPE"}, {"B-NORP", "O", "B-ORG"}}
	m, _ := ParseTypeMap("PER=PERS,GPE=LOC")
	s, err := ScoreBIO(gold, pred, Options{Map: m})
	if err != nil {
		t.Fatal(err)
	}
	checkPRF(t, "micro", s.Micro, 1, 1, 1, 3, 0, 0)
	s, _ = ScoreBIO(gold, pred, Options{})
	checkPRF(t, "unmapped", s.Micro, 1.0/3, 1.0/3, 1.0/3, 1, 2, 2)
	s, _ = ScoreBIO(gold, pred, Options{Map: m, Types: []string{"ORG"}})
	checkPRF(t, "ORG only", s.Micro, 1, 1, 1, 1, 0, 0)
	if _, err := ScoreBIO(gold, pred[:1], Options{}); err == nil {
		t.Error("sentence count mismatch accepted")
	}
	if _, err := ScoreBIO(gold, [][]string{{"O"}, {"O", "O", "O"}}, Options{}); err == nil {
		t.Error("token count mismatch accepted")
	}
}
