package gazetteers_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/khabar-nlp/khabar/extract/normalize"
	"github.com/khabar-nlp/khabar/gazetteers"
)

func ExampleGazetteer_Match() {
	g, err := gazetteers.Load()
	if err != nil {
		panic(err)
	}
	text := "أعلنت وزارة الخارجية الروسية أن موسكو تدعم تنفيذ القرار 2720 في مجلس الأمن."
	t, err := normalize.New(normalize.Default()).Normalize(text)
	if err != nil {
		panic(err)
	}
	for _, m := range g.Match(t.String()) {
		start, end := t.ToOriginal(m.Start, m.End) // code points of the original text
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%s %q %d-%d %s %s", m.Type, t.OriginalSlice(start, end), start, end, m.ID, m.Date)))
	}
	// Output:
	// ORG "وزارة الخارجية الروسية" 6-28 RUS-MFA
	// GPE "موسكو" 32-37 RUS
	// RESOLUTION "2720" 56-60 UNSC-2720 2023-12-22
	// ORG "مجلس الأمن" 64-74 UNSC
}

func ExampleGazetteer_OfficeHolder() {
	g, err := gazetteers.Load()
	if err != nil {
		panic(err)
	}
	day := time.Date(2024, 11, 17, 0, 0, 0, 0, time.UTC)
	holders, ok := g.OfficeHolder("FOREIGN-MINISTER", "USA", day)
	fmt.Println(ok, holders[0].Name)
	// Output:
	// true Antony Blinken
}
