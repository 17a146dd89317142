package temporal

import (
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/internal/testenv"
)

// BenchmarkFindNews runs Find on 64 news paragraphs (one op), the ones the
// pipeline benchmark uses (../shared/data/raw/ar-news-02.txt.xz).
func BenchmarkFindNews(b *testing.B) {
	paras := testenv.NewsParagraphs(b, 64)
	if len(paras) == 0 {
		b.Skip("news corpus ../shared/" + testenv.NewsCorpus + " (or xz) not present")
	}
	var docs []*doc.Doc
	size := 0
	for _, l := range paras {
		nt, err := norm.Normalize(l)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, &doc.Doc{Text: nt, Date: "2024-02-21"})
		size += len(nt.String())
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			Find(d)
		}
	}
}
