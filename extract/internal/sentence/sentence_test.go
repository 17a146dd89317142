package sentence

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/normalize"
)

func texts(s string, spans []doc.Span) []string {
	out := []string{}
	for _, sp := range spans {
		out = append(out, s[sp.Start:sp.End])
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{}},
		{"spaces only", " \n \n", []string{}},
		{"one", "اجتمع مجلس الامن اليوم.", []string{"اجتمع مجلس الامن اليوم."}},
		{"no end mark", "اجتمع مجلس الامن اليوم", []string{"اجتمع مجلس الامن اليوم"}},
		{"two", "اجتمع مجلس الامن. وصوت على القرار.", []string{"اجتمع مجلس الامن.", "وصوت على القرار."}},
		{"arabic question", "هل صوتت روسيا؟ نعم صوتت.", []string{"هل صوتت روسيا؟", "نعم صوتت."}},
		{"semicolon", "رفضت روسيا القرار؛ وايدته فرنسا", []string{"رفضت روسيا القرار؛", "وايدته فرنسا"}},
		{"exclamation run", "يا للهول!! ماذا حدث؟!", []string{"يا للهول!!", "ماذا حدث؟!"}},
		{"ellipsis", "انتظروا... ثم غادروا", []string{"انتظروا...", "ثم غادروا"}},
		{"headline double dot", "المانيا.. انخفاض ملحوظ في عدد الطلبات. وقالت", []string{"المانيا.. انخفاض ملحوظ في عدد الطلبات.", "وقالت"}},
		{"double dot at end", "انتهى..", []string{"انتهى.."}},
		{"four dots", "انتظروا.... ثم", []string{"انتظروا....", "ثم"}},
		{"unicode ellipsis", "انتظروا… ثم غادروا", []string{"انتظروا…", "ثم غادروا"}},
		{"line break", "العنوان الرئيسي\nنص الخبر هنا", []string{"العنوان الرئيسي", "نص الخبر هنا"}},
		{"line break after mark", "جملة اولي.\nجملة ثانية.", []string{"جملة اولي.", "جملة ثانية."}},
		{"decimal", "ارتفع المؤشر 2.5 في المئة. ثم هبط", []string{"ارتفع المؤشر 2.5 في المئة.", "ثم هبط"}},
		{"date dots", "في 15.11.2023 صوت المجلس. وبعد", []string{"في 15.11.2023 صوت المجلس.", "وبعد"}},
		{"resolution slash", "القرار 1701/2006 ينص على ذلك. والقرار", []string{"القرار 1701/2006 ينص على ذلك.", "والقرار"}},
		{"arabic-indic decimal", "بلغ ٢.٥ مليون. وبعد", []string{"بلغ ٢.٥ مليون.", "وبعد"}},
		{"doctor", "قال د. محمد البرادعي ان الوضع خطير.", []string{"قال د. محمد البرادعي ان الوضع خطير."}},
		{"before christ", "في القرن الخامس ق.م. بنيت المدينة.", []string{"في القرن الخامس ق.م. بنيت المدينة."}},
		{"page", "انظر ص. 15 من التقرير.", []string{"انظر ص. 15 من التقرير."}},
		{"latin US", "The U.S. vetoed the draft. Russia abstained.", []string{"The U.S. vetoed the draft.", "Russia abstained."}},
		{"latin Dr", "Dr. Smith spoke. Then he left.", []string{"Dr. Smith spoke.", "Then he left."}},
		{"initial", "قال J. Smith ذلك.", []string{"قال J. Smith ذلك."}},
		{"year suffix ends", "وقع ذلك عام 2015م. ثم عاد", []string{"وقع ذلك عام 2015م.", "ثم عاد"}},
		{"unit ends", "على بعد 20 كم. وقال", []string{"على بعد 20 كم.", "وقال"}},
		{"url", "راجع www.un.org للمزيد. شكرا", []string{"راجع www.un.org للمزيد.", "شكرا"}},
		{"closing guillemet", "قال: «لن نقبل بذلك.» ثم غادر", []string{"قال: «لن نقبل بذلك.»", "ثم غادر"}},
		{"closing quote", "قال: \"لن نقبل.\" ثم غادر", []string{"قال: \"لن نقبل.\"", "ثم غادر"}},
		{"closing bracket", "(وافق المجلس.) ثم رفع الجلسة", []string{"(وافق المجلس.)", "ثم رفع الجلسة"}},
		{"list number", "1. بند اول\n2. بند ثان", []string{"1. بند اول", "2. بند ثان"}},
		{"comma is no sentence end", "قال الوزير، في مؤتمر صحفي، ان", []string{"قال الوزير، في مؤتمر صحفي، ان"}},
		{"end of text dot", "انتهى.", []string{"انتهى."}},
		{"lone marks", "...", []string{"..."}},
		{"leading spaces", "  جملة.  ", []string{"جملة."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := texts(tc.in, Split(tc.in))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			check(t, tc.in, Split(tc.in))
		})
	}
}

func TestClauses(t *testing.T) {
	s := New(Options{Clauses: true})
	tests := []struct {
		in   string
		want []string
	}{
		{"قال الوزير، في مؤتمر صحفي، ان الوضع خطير. وبعد", []string{"قال الوزير،", "في مؤتمر صحفي،", "ان الوضع خطير.", "وبعد"}},
		{"بلغ العدد 1,000 شخص, ثم زاد", []string{"بلغ العدد 1,000 شخص,", "ثم زاد"}},
		{"صوت 13، وامتنع 2.", []string{"صوت 13،", "وامتنع 2."}},
		{"انتهى.، ثم", []string{"انتهى.،", "ثم"}},
		{"المانيا.. انخفاض ملحوظ", []string{"المانيا..", "انخفاض ملحوظ"}},
	}
	for _, tc := range tests {
		got := texts(tc.in, s.Split(tc.in))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Split(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
		check(t, tc.in, s.Split(tc.in))
	}
}

// TestNormalisedInput runs the splitter on text after the real normaliser,
// as the pipeline does: diacritics and tatweel gone, alef folded.
func TestNormalisedInput(t *testing.T) {
	in := "قالَ دَ. أحمـــد إنَّ «الأمم المتحدة» صوّتت.\u00a0وأضاف: نعم."
	text, err := normalize.New(normalize.Default()).Normalize(in)
	if err != nil {
		t.Fatal(err)
	}
	got := texts(text.String(), Split(text.String()))
	want := []string{"قال د. احمد ان «الامم المتحدة» صوتت.", "واضاف: نعم."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q want %q", got, want)
	}
}

// check verifies the invariants every split must satisfy: spans in order,
// disjoint, non-empty, trimmed, inside the text, and covering every
// non-space byte.
func check(t *testing.T, s string, spans []doc.Span) {
	t.Helper()
	covered := make([]bool, len(s))
	prevEnd := 0
	for _, sp := range spans {
		if sp.Start < prevEnd || sp.End <= sp.Start || sp.End > len(s) {
			t.Fatalf("bad span %v after %d in %q", sp, prevEnd, s)
		}
		if isSpace(s[sp.Start]) || isSpace(s[sp.End-1]) {
			t.Fatalf("span %v not trimmed: %q", sp, s[sp.Start:sp.End])
		}
		if utf8.ValidString(s) && (!utf8.RuneStart(s[sp.Start]) || (sp.End < len(s) && !utf8.RuneStart(s[sp.End]))) {
			t.Fatalf("span %v splits a rune in %q", sp, s)
		}
		for i := sp.Start; i < sp.End; i++ {
			covered[i] = true
		}
		prevEnd = sp.End
	}
	for i := range s {
		if !covered[i] && !isSpace(s[i]) {
			t.Fatalf("byte %d (%q) of %q is in no span", i, s[i], s)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, seed := range []string{
		"", "اجتمع مجلس الامن. وصوت؟ نعم!", "2.5 و 1701/2006 و15.11.2023.", "د. م. ق.م. U.S. Dr.",
		"قال: «لن نقبل.» ثم\nغادر", "،،،...؟؟", "\xff\xfe.", "1. بند\n2. بند",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, s string, clauses bool) {
		spans := New(Options{Clauses: clauses}).Split(s)
		check(t, s, spans)
		if strings.TrimSpace(s) != "" && len(spans) == 0 {
			t.Fatalf("no span for %q", s)
		}
	})
}

func BenchmarkSplit(b *testing.B) {
	text := strings.Repeat("قال د. محمد ان مجلس الامن صوت على القرار 1701/2006 بنسبة 2.5 في المئة. وبعد ذلك؟ نعم!\n", 100)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Split(text)
	}
}
