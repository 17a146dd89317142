package eval

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/extract"
)

func TestConventionANERcorp(t *testing.T) {
	ents := []extract.Entity{
		{Text: "قطاع غزة", Type: "GPE", Start: 10, End: 18, Link: &extract.Link{ID: "PSE-GZA"}},
		{Text: "الحكومة السودانية", Type: "ORG", Start: 20, End: 37},
		{Text: "الادارة الأميركية", Type: "ORG", Start: 40, End: 57}, // alef variant of الإدارة
		{Text: "حركة  حماس", Type: "ORG", Start: 60, End: 70},        // two spaces
		{Text: "حركة", Type: "ORG", Start: 71, End: 75},              // a head alone stays
		{Text: "الجيش", Type: "GPE", Start: 80, End: 85},             // only ORG bodies drop
		{Text: "مجلس الأمن", Type: "ORG", Start: 90, End: 100},
		{Text: "غرب أفريقيا", Type: "LOC", Start: 110, End: 121},
		{Text: "وبشمال العراق", Type: "LOC", Start: 130, End: 143},                                // two proclitics
		{Text: "جنوب أفريقيا", Type: "GPE", Start: 150, End: 162, Link: &extract.Link{ID: "ZAF"}}, // linked: a country
		{Text: "شمال", Type: "LOC", Start: 170, End: 174},                                         // alone stays
		{Text: "غرب أفريقيا", Type: "ORG", Start: 180, End: 191},                                  // places only
		{Text: "السلطات اللبنانية", Type: "ORG", Start: 200, End: 217},
		{Text: "مجلس التعاون الخليجي", Type: "ORG", Start: 220, End: 240},                        // + nisba: whole
		{Text: "الأمانة العامة للجامعة العربية", Type: "ORG", Start: 250, End: 280},              // + name: trimmed
		{Text: "مجلس الوزراء", Type: "TITLE", Start: 290, End: 302},                              // ORG only
		{Text: "البيت الابيض", Type: "ORG", Start: 310, End: 322, Link: &extract.Link{ID: "WH"}}, // retyped
	}
	var st conventionStats
	got := ConventionANERcorp.apply(ents, &st)
	want := []extract.Entity{
		{Text: "غزة", Type: "GPE", Start: 15, End: 18},
		{Text: "حماس", Type: "ORG", Start: 66, End: 70},
		{Text: "حركة", Type: "ORG", Start: 71, End: 75},
		{Text: "الجيش", Type: "GPE", Start: 80, End: 85},
		{Text: "مجلس الأمن", Type: "ORG", Start: 90, End: 100},
		{Text: "أفريقيا", Type: "LOC", Start: 114, End: 121},
		{Text: "العراق", Type: "LOC", Start: 137, End: 143},
		{Text: "جنوب أفريقيا", Type: "GPE", Start: 150, End: 162},
		{Text: "شمال", Type: "LOC", Start: 170, End: 174},
		{Text: "غرب أفريقيا", Type: "ORG", Start: 180, End: 191},
		{Text: "للجامعة العربية", Type: "ORG", Start: 265, End: 280},
		{Text: "مجلس الوزراء", Type: "TITLE", Start: 290, End: 302},
		{Text: "البيت الابيض", Type: "MISC", Start: 310, End: 322},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entities %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Text != w.Text || g.Type != w.Type || g.Start != w.Start || g.End != w.End || (g.Link != nil) != (w.Text == "جنوب أفريقيا" || w.Text == "البيت الابيض") {
			t.Errorf("entity %d: got %+v, want %+v", i, g, w)
		}
	}
	if st.dropped != 4 || st.trimmed != 5 || st.retyped != 1 {
		t.Errorf("stats %+v, want 4 dropped, 5 trimmed, 1 retyped", st)
	}
	if ents[0].Text != "قطاع غزة" || ents[0].Link == nil {
		t.Error("apply changed its input")
	}
	if out := ConventionNone.apply(ents, &st); len(out) != len(ents) {
		t.Error("ConventionNone changed the entities")
	}
}

func TestParseConvention(t *testing.T) {
	for in, want := range map[string]Convention{"": ConventionNone, "none": ConventionNone, "ANERcorp": ConventionANERcorp} {
		if got, err := ParseConvention(in); err != nil || got != want {
			t.Errorf("ParseConvention(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseConvention("conll"); !errors.Is(err, ErrBadInput) {
		t.Errorf("unknown convention: err %v, want ErrBadInput", err)
	}
}

// The convention reaches the scores: a gold that tags the name without its
// head scores a trimmed prediction as a match.
func TestRunCoNLLConvention(t *testing.T) {
	dir := t.TempDir()
	gold := writeFile(t, dir, "gold.txt", "قصف O\nقطاع O\nغزة B-LOC\nو O\nالحكومة O\nالسودانية O\n\n")
	x := ExtractorFunc(func(_ context.Context, docs []extract.Doc) ([]extract.Result, error) {
		out := make([]extract.Result, len(docs))
		for i, d := range docs {
			out[i] = extract.Result{ID: d.ID, Entities: []extract.Entity{
				{Text: "قطاع غزة", Type: "GPE", Start: 4, End: 12},
				{Text: "الحكومة السودانية", Type: "ORG", Start: 15, End: 32},
			}}
			if !strings.HasPrefix(d.Text, "قصف قطاع غزة و الحكومة") {
				t.Fatalf("unexpected document %q", d.Text)
			}
		}
		return out, nil
	})
	for _, c := range []struct {
		conv Convention
		f1   float64
	}{{ConventionNone, 0}, {ConventionANERcorp, 1}} {
		rep, err := Run(context.Background(), Config{Gold: gold, Extractor: x, Convention: c.conv})
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.Entities.Scores.Micro.F1; got != c.f1 {
			t.Errorf("convention %q: micro F1 %v, want %v", c.conv, got, c.f1)
		}
	}
}
