package events_test

import (
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/internal/events"
	"github.com/khabar-nlp/khabar/internal/testenv"
)

// BenchmarkAssembleNews assembles 64 news paragraphs (one op) with
// gazetteer entities and the temporal mentions, as the pipeline gives them.
func BenchmarkAssembleNews(b *testing.B) {
	g, as := gazetteerAssembler(b)
	var docs []*doc.Doc
	var ents [][]doc.Mention
	size := 0
	paras := testenv.NewsParagraphs(b, 64)
	if len(paras) == 0 {
		b.Skip("news corpus ../shared/" + testenv.NewsCorpus + " (or xz) not present")
	}
	for _, p := range paras {
		d := gazetteerDoc(b, g, p, "2024-02-21")
		events.AddTemporal(d) // as Assemble would, kept out of the timed loop
		docs = append(docs, d)
		ents = append(ents, append([]doc.Mention(nil), d.Entities...))
		size += len(d.Text.String())
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, d := range docs {
			d.Entities = append(d.Entities[:0], ents[k]...)
			as.Assemble(d)
		}
	}
}
