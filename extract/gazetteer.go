package extract

import (
	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/gazetteers"
)

// gazetteerStage proposes the curated names the gazetteers know: countries,
// organisations, offices, officials and resolution references, with links.
func gazetteerStage(g *gazetteers.Gazetteer) func(d *doc.Doc) {
	return func(d *doc.Doc) {
		for _, m := range g.Match(d.Text.String()) {
			men := doc.Mention{Span: doc.Span{Start: m.Start, End: m.End}, Type: m.Type,
				Sources: doc.SourceGazetteer, Country: m.Country}
			if m.ID != "" {
				men.Link = &doc.Link{ID: m.ID, Name: m.Name, Date: m.Date}
			}
			d.Gazetteer = append(d.Gazetteer, men)
		}
	}
}
