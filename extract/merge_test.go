package extract

import (
	"strconv"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/normalize"
	"github.com/khabar-nlp/khabar/gazetteers"
)

// span finds the i-th occurrence (0-based) of sub in text.
func span(t *testing.T, text, sub string, i int) doc.Span {
	t.Helper()
	off := 0
	for k := 0; ; k++ {
		j := strings.Index(text[off:], sub)
		if j < 0 {
			t.Fatalf("%q not in %q", sub, text)
		}
		if k == i {
			return doc.Span{Start: off + j, End: off + j + len(sub)}
		}
		off += j + len(sub)
	}
}

func TestMergePolicy(t *testing.T) {
	text := "قال مجلس الامن الدولي ان الولايات المتحدة الامريكية و وزير الخارجية سامح شكري في 2024"
	norm, _ := normalize.New(normalize.Default()).Normalize(text)
	n := norm.String()
	usa := &doc.Link{ID: "USA"}
	unsc := &doc.Link{ID: "UNSC"}
	d := &doc.Doc{Text: norm,
		Model: []doc.Mention{
			{Span: span(t, n, "مجلس الامن الدولي", 0), Type: "ORG", Score: 0.9, Sources: doc.SourceModel},
			{Span: span(t, n, "الولايات المتحدة", 0), Type: "LOC", Score: 0.8, Sources: doc.SourceModel},
			{Span: span(t, n, "الخارجية سامح شكري", 0), Type: "PER", Score: 0.6, Sources: doc.SourceModel}, // crosses the TITLE
			{Span: span(t, n, "2024", 0), Type: "MISC", Score: 0.5, Sources: doc.SourceModel},
		},
		Gazetteer: []doc.Mention{
			{Span: span(t, n, "مجلس الامن", 0), Type: "ORG", Sources: doc.SourceGazetteer, Link: unsc},
			{Span: span(t, n, "الولايات المتحدة الامريكية", 0), Type: "GPE", Sources: doc.SourceGazetteer, Link: usa},
			{Span: span(t, n, "وزير الخارجية", 0), Type: "TITLE", Sources: doc.SourceGazetteer},
			{Span: span(t, n, "سامح شكري", 0), Type: "PER", Sources: doc.SourceGazetteer, Link: &doc.Link{ID: "P-sameh-shoukry"}},
		},
		Pattern: []doc.Mention{
			{Span: span(t, n, "2024", 0), Type: "DATE", Sources: doc.SourcePattern, Value: "2024"},
		},
	}
	mergeMentions(d)
	type got struct{ text, typ, link string }
	var gs []got
	for _, e := range d.Entities {
		l := ""
		if e.Link != nil {
			l = e.Link.ID
		}
		gs = append(gs, got{d.Slice(e.Span), e.Type, l})
	}
	want := []got{
		{"مجلس الامن الدولي", "ORG", "UNSC"},         // longer model span, inherits the link
		{"الولايات المتحدة الامريكية", "GPE", "USA"}, // longer gazetteer span wins
		{"وزير الخارجية", "TITLE", ""},
		{"سامح شكري", "PER", "P-sameh-shoukry"}, // the crossing model span lost
		{"2024", "DATE", ""}, // patterns beat model spans
	}
	if len(gs) != len(want) {
		t.Fatalf("got %v, want %v", gs, want)
	}
	for i := range want {
		if gs[i] != want[i] {
			t.Errorf("entity %d: got %v, want %v", i, gs[i], want[i])
		}
	}
	for i := 1; i < len(d.Entities); i++ {
		if d.Entities[i-1].End > d.Entities[i].Start {
			t.Fatalf("entities overlap: %v", d.Entities)
		}
	}
}

func TestMergeSameSpan(t *testing.T) {
	norm, _ := normalize.New(normalize.Default()).Normalize("زار لبنان")
	n := norm.String()
	s := span(t, n, "لبنان", 0)
	d := &doc.Doc{Text: norm,
		Model:     []doc.Mention{{Span: s, Type: "LOC", Score: 0.7, Sources: doc.SourceModel}},
		Gazetteer: []doc.Mention{{Span: s, Type: "GPE", Sources: doc.SourceGazetteer, Link: &doc.Link{ID: "LBN"}}},
	}
	mergeMentions(d)
	if len(d.Entities) != 1 {
		t.Fatalf("got %v", d.Entities)
	}
	e := d.Entities[0]
	if e.Type != "GPE" || e.Link.ID != "LBN" || e.Score != 0.7 || e.Sources != doc.SourceModel|doc.SourceGazetteer {
		t.Errorf("merged %+v", e)
	}
}

func TestTrimProclitics(t *testing.T) {
	tests := []struct {
		text, model, gaz, want string
	}{
		{"اكد والولايات المتحدة", "والولايات المتحدة", "", "الولايات المتحدة"},
		{"قال للامم المتحدة", "للامم المتحدة", "", "لامم المتحدة"},
		{"قال وبالقاهرة", "وبالقاهرة", "", "القاهرة"},
		{"زار وبريطانيا", "وبريطانيا", "بريطانيا", "بريطانيا"},
		{"زار لبنان", "لبنان", "", "لبنان"},
		{"زار فرنسا", "فرنسا", "", "فرنسا"},
		{"قال ولي العهد", "ولي العهد", "", "ولي العهد"},
		{"قال فالح", "فالح", "", "فالح"},
	}
	for _, tc := range tests {
		ms := []doc.Mention{{Span: span(t, tc.text, tc.model, 0)}}
		var gs []doc.Mention
		if tc.gaz != "" {
			gs = []doc.Mention{{Span: span(t, tc.text, tc.gaz, 0)}}
		}
		trimProclitics(tc.text, ms, gs)
		if got := tc.text[ms[0].Start:ms[0].End]; got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.model, got, tc.want)
		}
	}
}

func TestPortfolioTitles(t *testing.T) {
	tests := []struct {
		text, model, typ, want, wantType string
	}{
		{"قالت وزيرة التعاون الدولي امس", "التعاون الدولي", "ORG", "وزيرة التعاون الدولي", "TITLE"},
		{"التقى ووزير السياحة المصري", "السياحة", "ORG", "وزير السياحة", "TITLE"},
		{"قال الوزير التعاون الدولي", "التعاون الدولي", "ORG", "التعاون الدولي", "ORG"}, // not the bare noun
		{"زار وزير فرنسا", "فرنسا", "LOC", "فرنسا", "LOC"},                              // only ORG spans
		{"قالت وزيرتنا التعاون", "التعاون", "ORG", "التعاون", "ORG"},
	}
	for _, tc := range tests {
		norm, _ := normalize.New(normalize.Default()).Normalize(tc.text)
		n := norm.String()
		d := &doc.Doc{Text: norm, Model: []doc.Mention{{Span: span(t, n, tc.model, 0), Type: tc.typ, Sources: doc.SourceModel}}}
		mergeMentions(d)
		if len(d.Entities) != 1 {
			t.Fatalf("%q: got %v", tc.text, d.Entities)
		}
		e := d.Entities[0]
		if got := d.Slice(e.Span); got != tc.want || e.Type != tc.wantType {
			t.Errorf("%q: got %s %q, want %s %q", tc.text, e.Type, got, tc.wantType, tc.want)
		}
	}
}

func TestQuotedMedia(t *testing.T) {
	g, err := gazetteers.Load()
	if err != nil {
		t.Fatal(err)
	}
	stage := gazetteerStage(g)
	tests := []struct{ text, name, typ, id string }{
		{"وقال لـ«الشرق الأوسط» إن", "الشرق الاوسط", "ORG", "ASHARQ-ALAWSAT"},
		{"لندن : « الشرق الأوسط » هددت", "الشرق الاوسط", "ORG", "ASHARQ-ALAWSAT"},
		{"الأزمة في الشرق الأوسط تتفاقم", "الشرق الاوسط", "LOC", ""},
		{"قال «الشرق الأوسط الجديد»", "الشرق الاوسط", "LOC", ""}, // not alone between the quotes
		{"« لبنان » بلد", "لبنان", "GPE", "LBN"},                 // no newspaper of that name
	}
	for _, tc := range tests {
		norm, _ := normalize.New(normalize.Default()).Normalize(tc.text)
		d := &doc.Doc{Text: norm}
		stage(d)
		found := false
		for _, m := range d.Gazetteer {
			if d.Slice(m.Span) != tc.name {
				continue
			}
			found = true
			id := ""
			if m.Link != nil {
				id = m.Link.ID
			}
			if m.Type != tc.typ || id != tc.id {
				t.Errorf("%q: got %s %s, want %s %s", tc.text, m.Type, id, tc.typ, tc.id)
			}
		}
		if !found {
			t.Errorf("%q: %q not matched: %v", tc.text, tc.name, d.Gazetteer)
		}
	}
}

// TestMergeConfirm: merge rule 8. A gazetteer form that is also a common word
// is kept where the model finds a name over it (the gazetteer's type and link
// win, rule 2), dropped where the model ran and found nothing there, and kept
// when no model ran.
func TestMergeConfirm(t *testing.T) {
	text := "هذه مقالة عن حيوان الأسد ، وقال الأسد إن حماس سترد"
	norm, _ := normalize.New(normalize.Default()).Normalize(text)
	n := norm.String()
	assad := &doc.Link{ID: "P-bashar-al-assad"}
	gaz := []doc.Mention{
		{Span: span(t, n, "الاسد", 0), Type: "PER", Sources: doc.SourceGazetteer, Link: assad, Confirm: true},
		{Span: span(t, n, "الاسد", 1), Type: "PER", Sources: doc.SourceGazetteer, Link: assad, Confirm: true},
		{Span: span(t, n, "حماس", 0), Type: "ORG", Sources: doc.SourceGazetteer, Link: &doc.Link{ID: "HAMAS"}, Confirm: true},
	}
	model := []doc.Mention{
		{Span: span(t, n, "الاسد", 1), Type: "PER", Score: 0.9, Sources: doc.SourceModel},
		{Span: span(t, n, "حماس", 0), Type: "PER", Score: 0.6, Sources: doc.SourceModel},
	}
	for _, c := range []struct {
		name      string
		model     []doc.Mention
		modelDone bool
		want      []string // start:type:link
	}{
		{"model confirms two of three", model, true, []string{
			itoa(span(t, n, "الاسد", 1).Start) + ":PER:P-bashar-al-assad",
			itoa(span(t, n, "حماس", 0).Start) + ":ORG:HAMAS"}},
		{"model ran and found nothing", nil, true, nil},
		{"no model", nil, false, []string{
			itoa(span(t, n, "الاسد", 0).Start) + ":PER:P-bashar-al-assad",
			itoa(span(t, n, "الاسد", 1).Start) + ":PER:P-bashar-al-assad",
			itoa(span(t, n, "حماس", 0).Start) + ":ORG:HAMAS"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := &doc.Doc{Text: norm, Model: c.model, Gazetteer: append([]doc.Mention(nil), gaz...), ModelDone: c.modelDone}
			mergeMentions(d)
			var got []string
			for _, e := range d.Entities {
				l := ""
				if e.Link != nil {
					l = e.Link.ID
				}
				got = append(got, itoa(e.Start)+":"+e.Type+":"+l)
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
