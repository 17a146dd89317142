package temporal

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/normalize"
)

var norm = normalize.New(normalize.Default())

// found runs Find on raw text with a document date and renders the mentions
// as "TYPE text=value" in the original text.
func found(t *testing.T, text, date string) []string {
	t.Helper()
	nt, err := norm.Normalize(text)
	if err != nil {
		t.Fatal(err)
	}
	d := &doc.Doc{Text: nt, Date: date}
	var out []string
	for _, m := range Find(d) {
		if m.Sources != doc.SourcePattern {
			t.Errorf("sources = %v", m.Sources)
		}
		os, oe := nt.ToOriginal(m.Start, m.End)
		out = append(out, fmt.Sprintf("%s %s=%s", m.Type, nt.OriginalSlice(os, oe), m.Value))
	}
	return out
}

func TestDates(t *testing.T) {
	const wed = "2024-02-21" // a Wednesday
	tests := []struct {
		name, text, date string
		want             []string
	}{
		{"full Egyptian month", "تم اعتماد القرار في 15 نوفمبر 2023.", wed, []string{"DATE 15 نوفمبر 2023=2023-11-15"}},
		{"hamza month, clitic", "وفي 7 أكتوبر 2023 بدأت الحرب", wed, []string{"DATE 7 أكتوبر 2023=2023-10-07"}},
		{"Levantine paired, no year", "الاجتماع في 24 شباط/فبراير", wed, []string{"DATE 24 شباط/فبراير=2024-02-24"}},
		{"paired with brackets", "في 3 آذار (مارس) 2022", wed, []string{"DATE 3 آذار (مارس) 2022=2022-03-03"}},
		{"two-word Levantine month", "في 22 كانون الأول 2023", wed, []string{"DATE 22 كانون الأول 2023=2023-12-22"}},
		{"tishreen", "منذ 7 تشرين الأول", wed, []string{"DATE 7 تشرين الأول=2023-10-07"}},
		{"day-month nearest year, late December", "في 30 ديسمبر", "2024-01-02", []string{"DATE 30 ديسمبر=2023-12-30"}},
		{"min month", "اعتمد في 5 من يونيو 2017", wed, []string{"DATE 5 من يونيو 2017=2017-06-05"}},
		{"weekday with absolute date", "الثلاثاء 20 فبراير 2024", wed, []string{"DATE الثلاثاء 20 فبراير 2024=2024-02-20"}},
		{"miladi mark", "في 15 نوفمبر 2023م", wed, []string{"DATE 15 نوفمبر 2023م=2023-11-15"}},
		{"month year", "منذ بدء الحرب في أكتوبر 2023", wed, []string{"DATE أكتوبر 2023=2023-10"}},
		{"shahr month", "خلال شهر مارس", wed, []string{"DATE شهر مارس=2023-03"}},
		{"ambiguous mars verb", "مارس الضغط على الحكومة", wed, nil},
		{"father not August", "قال أب الضحية", wed, nil},
		{"bare month needs intro", "مايو", wed, nil},
		{"month modifier", "في نوفمبر الماضي", wed, []string{"DATE نوفمبر الماضي=2023-11"}},
		{"february last from february", "فبراير الماضي", wed, []string{"DATE فبراير الماضي=2023-02"}},
		{"year word", "منذ عام 2018", wed, []string{"DATE عام 2018=2018"}},
		{"bare year after mundhu", "منذ 2011", wed, []string{"DATE 2011=2011"}},
		{"year without context", "بلغ العدد 2011", wed, nil},
		{"last year", "في العام الماضي", wed, []string{"DATE العام الماضي=2023"}},
		{"last week ISO", "الأسبوع الماضي", wed, []string{"DATE الأسبوع الماضي=2024-W07"}},
		{"this week is vague", "هذا الأسبوع", wed, nil},
		{"current month is vague", "الشهر الحالي", wed, nil},
		{"friday prayer", "عقب صلاة الجمعة في الأزهر", wed, nil},
		{"last month across year", "الشهر الماضي", "2024-01-10", []string{"DATE الشهر الماضي=2023-12"}},
		{"numeric dmy", "بتاريخ 15/11/2023", wed, []string{"DATE 15/11/2023=2023-11-15"}},
		{"numeric ymd", "2023-12-22", wed, []string{"DATE 2023-12-22=2023-12-22"}},
		{"numeric invalid", "31/02/2023", wed, nil},
		{"invalid day keeps the month", "في 31 نوفمبر 2023", wed, []string{"DATE نوفمبر 2023=2023-11"}},

		// Relative days.
		{"today weekday matches", "وقالت الخارجية في بيانها اليوم الأربعاء", wed, []string{"DATE اليوم الأربعاء=2024-02-21"}},
		{"today weekday differs: weekday wins", "تلقى اليوم الأحد اتصالا", wed, []string{"DATE اليوم الأحد=2024-02-18"}},
		{"bare weekday before", "استخدام حق النقض الثلاثاء", wed, []string{"DATE الثلاثاء=2024-02-20"}},
		{"bare weekday same day", "قال الأربعاء", wed, []string{"DATE الأربعاء=2024-02-21"}},
		{"yawm weekday", "وقدمت يوم الاثنين مشروع قرار", wed, []string{"DATE يوم الاثنين=2024-02-19"}},
		{"weekday last strictly before", "الأربعاء الماضي", wed, []string{"DATE الأربعاء الماضي=2024-02-14"}},
		{"yawm weekday last", "يوم الاثنين الماضي", wed, []string{"DATE يوم الاثنين الماضي=2024-02-19"}},
		{"weekday next", "الخميس المقبل", wed, []string{"DATE الخميس المقبل=2024-02-22"}},
		{"weekday next same", "الأربعاء القادم", wed, []string{"DATE الأربعاء القادم=2024-02-28"}},
		{"part of day", "مساء الأحد", wed, []string{"DATE مساء الأحد=2024-02-18"}},
		{"part of day yawm", "صباح يوم الجمعة", wed, []string{"DATE صباح يوم الجمعة=2024-02-16"}},
		{"yesterday", "وقال أمس", wed, []string{"DATE أمس=2024-02-20"}},
		{"day before yesterday", "أمس الأول", wed, []string{"DATE أمس الأول=2024-02-19"}},
		{"awwal ams", "أول أمس", wed, []string{"DATE أول أمس=2024-02-19"}},
		{"evening yesterday", "مساء أمس", wed, []string{"DATE مساء أمس=2024-02-20"}},
		{"yesterday weekday", "أمس الثلاثاء", wed, []string{"DATE أمس الثلاثاء=2024-02-20"}},
		{"tomorrow", "غداً", wed, []string{"DATE غداً=2024-02-22"}},
		{"today alone", "قال اليوم إن", wed, []string{"DATE اليوم=2024-02-21"}},
		{"today noun phrase", "في عالم اليوم", wed, nil},
		{"international day", "اليوم الدولي للتضامن", wed, nil},
		{"same day", "في 15 نوفمبر 2023 ثم في نفس اليوم", wed, []string{"DATE 15 نوفمبر 2023=2023-11-15", "DATE نفس اليوم=2023-11-15"}},
		{"week wrap", "الأحد", "2024-01-01", []string{"DATE الأحد=2023-12-31"}},

		// No document date: text only.
		{"no anchor weekday", "الثلاثاء", "", []string{"DATE الثلاثاء="}},
		{"no anchor yesterday", "أمس", "", []string{"DATE أمس="}},
		{"no anchor absolute", "15 نوفمبر 2023", "", []string{"DATE 15 نوفمبر 2023=2023-11-15"}},
		{"no anchor day month", "24 شباط", "", []string{"DATE 24 شباط="}},

		// Hijri.
		{"hijri with mark", "الأربعاء 10 شعبان 1445 هـ", wed, []string{"DATE الأربعاء 10 شعبان 1445 هـ=2024-02-21"}},
		{"hijri without weekday", "10 شعبان 1445 هـ", wed, []string{"DATE 10 شعبان 1445 هـ=2024-02-20"}},
		{"hijri two-word month", "1 ربيع الأول 1445هـ", wed, []string{"DATE 1 ربيع الأول 1445هـ=2023-09-16"}},
		{"hijri alif maqsura", "5 جمادى الأولى 1445", wed, []string{"DATE 5 جمادى الأولى 1445=2023-11-18"}},
		{"hijri month only needs mark", "رمضان 1445 هـ", wed, []string{"DATE رمضان 1445 هـ="}},
		{"safar as zero", "صفر 2", wed, nil},
		{"hijri and gregorian", "10 شعبان 1445 هـ الموافق 21 فبراير 2024 م", wed,
			[]string{"DATE 10 شعبان 1445 هـ=2024-02-20", "DATE 21 فبراير 2024 م=2024-02-21"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := found(t, tc.text, tc.date)
			if strings.Join(got, " | ") != strings.Join(tc.want, " | ") {
				t.Errorf("%q @%s\n got %q\nwant %q", tc.text, tc.date, got, tc.want)
			}
		})
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"digits member", "وصوت 13 عضوا لصالح القرار", []string{"NUM 13=13"}},
		{"majority", "اعتمد بأغلبية 12 صوتا مقابل صوتين", []string{"NUM 12=12", "NUM صوتين=2"}},
		{"majority digits after", "بأغلبية 153 مقابل 10", []string{"NUM 153=153"}},
		{"dual", "وامتنع عضوان عن التصويت", []string{"NUM عضوان=2"}},
		{"words compound", "أيدت ثلاثة عشر دولة القرار", []string{"NUM ثلاثة عشر=13"}},
		{"words one after noun", "مقابل صوت واحد", []string{"NUM واحد=1"}},
		{"tens and units", "صوتت خمس وعشرون دولة لصالحه", []string{"NUM خمس وعشرون=25"}},
		{"two thirds", "يحتاج القرار إلى أغلبية ثلثي الأعضاء", []string{"NUM ثلثي=0.6667"}},
		{"council size", "مجلس الأمن المؤلف من 15 عضوا", []string{"NUM 15=15"}},
		{"casualties not NUM", "قتل 13 شخصا في غارة", nil},
		{"no vote context", "زار الوفد 13 دولة", nil},
		{"definite after votes", "أقل من الأصوات التسعة اللازمة", []string{"NUM التسعة=9"}},
		{"the other fourteen", "أيده الأعضاء الأربعة عشر الآخرون", []string{"NUM الأربعة عشر=14"}},
		{"group not NUM", "صاغه الأعضاء العشرة المنتخبون في المجلس", nil},
		{"of council size", "أيد القرار 12 عضوا من أصل 15", []string{"NUM 12=12", "NUM 15=15"}},
		{"year not NUM", "صوت المجلس في 15 نوفمبر 2023", []string{"DATE 15 نوفمبر 2023=2023-11-15"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := found(t, tc.text, "2024-02-21")
			if strings.Join(got, " | ") != strings.Join(tc.want, " | ") {
				t.Errorf("%q\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestHijriToGregorian(t *testing.T) {
	tests := []struct {
		y, m, d int
		want    string
	}{
		{1, 1, 1, "0622-07-19"},    // the civil epoch (16 July 622 Julian)
		{1400, 1, 1, "1979-11-21"}, // agrees with Umm al-Qura
		{1445, 1, 1, "2023-07-19"}, // agrees with Umm al-Qura
		{1445, 9, 1, "2024-03-11"}, // agrees with Umm al-Qura
		{1446, 1, 1, "2024-07-08"}, // Umm al-Qura: 2024-07-07 (the documented ±1)
	}
	for _, tc := range tests {
		got, ok := hijriToGregorian(tc.y, tc.m, tc.d)
		if !ok || iso(got) != tc.want {
			t.Errorf("%d-%d-%d: got %s %v, want %s", tc.y, tc.m, tc.d, iso(got), ok, tc.want)
		}
	}
	// Consecutive days stay consecutive over a whole 30-year cycle.
	prev, _ := hijriToGregorian(1440, 1, 1)
	days := 0
	for y := 1440; y < 1470; y++ {
		for m := 1; m <= 12; m++ {
			for d := 1; d <= hijriMonthDays(y, m); d++ {
				if y == 1440 && m == 1 && d == 1 {
					continue
				}
				cur, ok := hijriToGregorian(y, m, d)
				if !ok || cur.Sub(prev) != 24*time.Hour {
					t.Fatalf("%d-%d-%d: not the day after %s", y, m, d, iso(prev))
				}
				prev, days = cur, days+1
			}
		}
	}
	if days+1 != 10631 {
		t.Errorf("a 30-year cycle has %d days, want 10631", days+1)
	}
	if _, ok := hijriToGregorian(1445, 2, 30); ok {
		t.Error("30 Safar accepted")
	}
}

func TestLexiconFile(t *testing.T) {
	if _, err := parseLexicon(namesFile); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"month\tيناير\t13", "weekday\tالاحد", "unit\tالاسبوع\tday", "nope\tx\t1", "month"} {
		if _, err := parseLexicon(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

var isoValue = regexp.MustCompile(`^(\d{4}(-\d{2}(-\d{2})?)?|\d{4}-W\d{2})$`)

// FuzzFindText checks that any text gives sorted, non-overlapping mentions on
// rune boundaries with well-formed values.
func FuzzFindText(f *testing.F) {
	for _, s := range []string{"اليوم الاربعاء", "15 نوفمبر 2023", "24 شباط/فبراير", "10 شعبان 1445 ه",
		"وصوت 13 عضوا", "بأغلبية ثلاثة عشر صوتا", "15/11/2023", "الاسبوع الماضي", "مساء يوم", "صفر 0"} {
		f.Add(s, int64(0))
		f.Add(s, int64(1708473600))
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		n := normalize.New(normalize.Default()).String(s)
		anchor := time.Unix(unix%(200*365*86400), 0).UTC().Truncate(24 * time.Hour)
		ms := FindText(n, anchor, unix != 0)
		end := 0
		for _, m := range ms {
			if m.Start < end || m.End <= m.Start || m.End > len(n) {
				t.Fatalf("bad span %v after %d in %q", m.Span, end, n)
			}
			if !utf8.ValidString(n[m.Start:m.End]) && utf8.ValidString(n) {
				t.Fatalf("span %v splits a rune", m.Span)
			}
			if m.Type == "DATE" && m.Value != "" && !isoValue.MatchString(m.Value) {
				t.Fatalf("bad value %q", m.Value)
			}
			end = m.End
		}
	})
}

func TestNumberValue(t *testing.T) {
	for in, want := range map[string]string{"13": "13", "عضوين": "2", "ثلاثة عشر": "13", "التسعة": "9",
		"خمس وعشرون": "25", "ثلثي": "0.6667", "واحد": "1", "عشرة": "10"} {
		got, ok := NumberValue(norm.String(in))
		if !ok || got != want {
			t.Errorf("NumberValue(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "الاعضاء", "13 عضوا", "x"} {
		if got, ok := NumberValue(in); ok {
			t.Errorf("NumberValue(%q) = %q, want none", in, got)
		}
	}
}
