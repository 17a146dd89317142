package annotate

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

const okSource = `@resolution UNSC-2334 2016-12-23

=== t1 2024-02-21
وقال [وزير الخارجية|TITLE] [سامح شكري|PER|P-sameh-shoukry] [اليوم الأربعاء|DATE|2024-02-21] إن [مجلس الأمن|ORG|UNSC] تبنى القرار [2334|RESOLUTION|UNSC-2334] في [23 ديسمبر 2016|DATE|2016-12-23]، وإن ل[لأمم المتحدة|ORG|UN] دورا.
وصوت [14|NUM] عضوا لصالحه وامتنعت [الولايات المتحدة|GPE|USA] عن التصويت، وقال [شكري|PER|P-sameh-shoukry] ذلك [أمس|DATE|2024-02-20].
EVENT STATEMENT trigger="قال#1" actor="سامح شكري" date="اليوم الأربعاء"
EVENT ADOPT trigger="تبنى" actor="مجلس الأمن" resolution="2334" date="23 ديسمبر 2016" votes=14/0/1 abstain=USA
EVENT VOTE trigger="صوت" venue="مجلس الأمن" participants="الولايات المتحدة" votes=14/?/1 abstain=USA
NOTE the second قال is the same statement.
`

func convertString(t *testing.T, src string) ([]Record, error) {
	t.Helper()
	return Convert("test.src", strings.NewReader(src))
}

func TestConvertOK(t *testing.T) {
	recs, err := convertString(t, okSource)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Fatalf("got %d records", len(recs))
	}
	r := recs[0]
	if strings.ContainsAny(r.Text, "[]|") {
		t.Errorf("markup left in text: %q", r.Text)
	}
	if !strings.Contains(r.Text, "\n") {
		t.Errorf("text lines not joined with a newline")
	}
	checkRecordSpans(t, r)
	byText := map[string]Entity{}
	for _, e := range r.Entities {
		byText[e.Text] = e
	}
	if e := byText["لأمم المتحدة"]; e.Link == nil || e.Link.ID != "UN" {
		t.Errorf("fused lam span: %+v", e)
	}
	if e := byText["2334"]; e.Link == nil || e.Link.Date != "2016-12-23" {
		t.Errorf("resolution link date not set: %+v", e)
	}
	if len(r.Events) != 3 {
		t.Fatalf("got %d events", len(r.Events))
	}
	st := r.Events[0]
	if st.Trigger.Text != "قال" || st.Trigger.Start != 1 {
		t.Errorf("first قال should start at 1 (after و): %+v", st.Trigger)
	}
	if d := st.Args["date"]; len(d) != 1 || d[0].Value != "2024-02-21" {
		t.Errorf("date arg: %+v", d)
	}
	ad := r.Events[1]
	if ad.Votes == nil || *ad.Votes.For != 14 || *ad.Votes.Against != 0 || ad.Votes.AbstainMembers[0] != "USA" {
		t.Errorf("adopt votes: %+v", ad.Votes)
	}
	vo := r.Events[2]
	if vo.Votes == nil || vo.Votes.Against != nil || *vo.Votes.Abstain != 1 {
		t.Errorf("vote votes: %+v", vo.Votes)
	}
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, recs); err != nil {
		t.Fatal(err)
	}
	line := buf.String()
	for _, want := range []string{`"against":null`, `"for_members":[]`, `"text":"لأمم المتحدة"`, `"unanimous"`} {
		if want == `"unanimous"` {
			if strings.Contains(line, want) {
				t.Errorf("unanimous written for a counted vote")
			}
			continue
		}
		if !strings.Contains(line, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	if strings.Count(line, "\n") != 1 {
		t.Errorf("want one line per record")
	}
}

func TestConvertErrors(t *testing.T) {
	head := "=== t1 2024-02-21\n"
	cases := []struct{ name, src, want string }{
		{"unknown type", head + "[روسيا|COUNTRY|RUS] قالت.\n", "unknown type"},
		{"bad iso3", head + "[روسيا|GPE|RU] قالت.\n", "not valid for GPE"},
		{"inside word", head + "ال[روسيا|GPE|RUS] قالت.\n", "starts inside a word"},
		{"split word end", head + "[روسي|GPE|RUS]ا قالت.\n", "ends inside a word"},
		{"punct edge", head + "[روسيا،|GPE|RUS] قالت.\n", "edge character"},
		{"unclosed", head + "[روسيا|GPE|RUS قالت.\n", "unclosed"},
		{"stray", head + "روسيا] قالت.\n", "stray"},
		{"missing trigger", head + "قالت [روسيا|GPE|RUS].\nEVENT STATEMENT trigger=أعلنت actor=روسيا\n", "trigger \"أعلنت\" not found"},
		{"trigger inside word", head + "استقالت [روسيا|GPE|RUS].\nEVENT STATEMENT trigger=قالت actor=روسيا\n", "not found"},
		{"missing arg", head + "قالت [روسيا|GPE|RUS].\nEVENT STATEMENT trigger=قالت actor=مصر\n", "argument \"مصر\" not found"},
		{"ambiguous arg", head + "قالت [روسيا|GPE|RUS] إن [روسيا|GPE|RUS] ترفض.\nEVENT STATEMENT trigger=قالت actor=روسيا\n", "occurs 2 times"},
		{"ambiguous trigger", head + "قالت [روسيا|GPE|RUS] وقالت [مصر|GPE|EGY].\nEVENT STATEMENT trigger=قالت actor=روسيا\n", "occurs 2 times"},
		{"weekday", head + "قالت [روسيا|GPE|RUS] [الثلاثاء|DATE|2024-02-21].\n", "is a Wednesday"},
		{"bare weekday future", head + "قالت [روسيا|GPE|RUS] [الخميس|DATE|2024-02-22].\n", "bare weekday"},
		{"yesterday", head + "قالت [روسيا|GPE|RUS] [أمس|DATE|2024-02-19].\n", "أمس must be"},
		{"month", head + "تبنى [مجلس الأمن|ORG|UNSC] القرار في [22 نوفمبر 2023|DATE|2023-12-22].\n", "month 11"},
		{"levantine month", head + "في [22 كانون الأول 2023|DATE|2023-11-22].\n", "month 12"},
		{"text after event", head + "قالت [روسيا|GPE|RUS].\nEVENT STATEMENT trigger=قالت actor=روسيا\nEVNT X\n", "text line after EVENT"},
		{"vote actor", head + "صوتت [روسيا|GPE|RUS] ضد.\nEVENT VOTE trigger=صوتت actor=روسيا\n", "takes no actor"},
		{"vote members", head + "صوتت [روسيا|GPE|RUS] ضد.\nEVENT VOTE trigger=صوتت participants=روسيا against=CHN\n", "differ from the vote members"},
		{"votes on statement", head + "قالت [روسيا|GPE|RUS].\nEVENT STATEMENT trigger=قالت actor=روسيا votes=1/0/0\n", "neither VOTE nor ADOPT"},
		{"adopt date", "@resolution UNSC-2720 2023-12-22\n" + head + "تبنى [مجلس الأمن|ORG|UNSC] القرار [2720|RESOLUTION|UNSC-2720] في [7 أكتوبر 2023|DATE|2023-10-07].\nEVENT ADOPT trigger=تبنى actor=\"مجلس الأمن\" resolution=2720 date=\"7 أكتوبر 2023\"\n", "disagrees"},
		{"duplicate trigger", head + "قالت [روسيا|GPE|RUS].\nEVENT STATEMENT trigger=قالت actor=روسيا\nEVENT CONDEMN trigger=قالت actor=روسيا\n", "already used"},
		{"trigger over entity", head + "قال [مجلس الأمن|ORG|UNSC].\nEVENT STATEMENT trigger=الأمن actor=\"مجلس الأمن\"\n", "overlaps entity"},
		{"duplicate id", head + "قالت [روسيا|GPE|RUS].\n" + head + "قالت [مصر|GPE|EGY].\n", "already used at line"},
		{"no text", head + "EVENT STATEMENT trigger=قالت\n", "no text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := convertString(t, c.src)
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q, want %q", err, c.want)
			}
		})
	}
}

func TestCheckDate(t *testing.T) {
	// 2024-02-21 is a Wednesday.
	cases := []struct {
		text, value string
		ok          bool
	}{
		{"اليوم الأربعاء", "2024-02-21", true},
		{"الثلاثاء", "2024-02-20", true},
		{"الخميس", "2024-02-15", true},
		{"الخميس المقبل", "2024-02-22", true},
		{"يوم الاثنين الماضي", "2024-02-19", true},
		{"الإثنين", "2024-02-19", true},
		{"أمس", "2024-02-20", true},
		{"أول أمس", "2024-02-19", true},
		{"15 نوفمبر 2023", "2023-11-15", true},
		{"24 شباط/فبراير 2018", "2018-02-24", true},
		{"عام 2018", "2018", true},
		{"تشرين الأول 2023", "2023-10", true},
		{"الأربعاء ٢١ فبراير", "2024-02-21", true},
		{"الخمیس", "2024-02-15", true}, // Persian yeh
		{"11 رمضان 1445", "2024-03-21", true},
		{"غداً الخميس", "2024-02-22", true},
		{"غدا", "2024-02-21", false},
		{"اليوم", "2024-02-20", false},
		{"الثلاثاء", "2024-02-13", false},
		{"15 نوفمبر 2023", "2023-11-16", false},
		{"عام 2018", "2019", false},
		{"الأحد", "2024-02", false},
	}
	for _, c := range cases {
		err := checkDate(c.text, c.value, "2024-02-21")
		if (err == nil) != c.ok {
			t.Errorf("checkDate(%q, %s): err=%v, want ok=%v", c.text, c.value, err, c.ok)
		}
	}
}

// checkRecordSpans checks that every span slices back to its text in code
// points and that entities are sorted and flat.
func checkRecordSpans(t *testing.T, r Record) {
	t.Helper()
	rs := []rune(r.Text)
	check := func(what, text string, start, end int) {
		if start < 0 || end > len(rs) || start >= end {
			t.Errorf("%s: %s %q: bad span [%d,%d) in %d code points", r.ID, what, text, start, end, len(rs))
			return
		}
		if got := string(rs[start:end]); got != text {
			t.Errorf("%s: %s %q: text[%d:%d] = %q", r.ID, what, text, start, end, got)
		}
	}
	ents := map[[2]int]bool{}
	for i, e := range r.Entities {
		check("entity", e.Text, e.Start, e.End)
		if i > 0 && e.Start < r.Entities[i-1].End {
			t.Errorf("%s: entity %q overlaps or precedes %q", r.ID, e.Text, r.Entities[i-1].Text)
		}
		ents[[2]int{e.Start, e.End}] = true
	}
	for _, ev := range r.Events {
		check(ev.Type+" trigger", ev.Trigger.Text, ev.Trigger.Start, ev.Trigger.End)
		for role, args := range ev.Args {
			for _, a := range args {
				check(ev.Type+" "+role, a.Text, a.Start, a.End)
				if !ents[[2]int{a.Start, a.End}] {
					t.Errorf("%s: %s %s %q is not an entity span", r.ID, ev.Type, role, a.Text)
				}
			}
		}
	}
}

func FuzzConvert(f *testing.F) {
	f.Add(okSource)
	f.Add("=== x 2024-01-01\n[a|GPE|USA] b\nEVENT STATEMENT trigger=b actor=a#2\n")
	f.Fuzz(func(t *testing.T, src string) {
		recs, err := Convert("fuzz", strings.NewReader(src))
		if err != nil {
			return
		}
		for _, r := range recs {
			checkRecordSpans(t, r)
		}
		var buf bytes.Buffer
		if err := WriteJSONL(&buf, recs); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			if !json.Valid([]byte(line)) {
				t.Fatalf("invalid JSON line %q", line)
			}
		}
	})
}
