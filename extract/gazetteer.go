package extract

import (
	"strings"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/gazetteers"
)

// gazetteerStage proposes the curated names the gazetteers know: countries,
// organisations, offices, officials and resolution references, with links.
func gazetteerStage(g *gazetteers.Gazetteer) func(d *doc.Doc) {
	return func(d *doc.Doc) {
		text := d.Text.String()
		for _, m := range g.Match(text) {
			quotedMedia(g, text, &m)
			men := doc.Mention{Span: doc.Span{Start: m.Start, End: m.End}, Type: m.Type,
				Sources: doc.SourceGazetteer, Country: m.Country, Confirm: m.Confirm}
			if m.ID != "" {
				men.Link = &doc.Link{ID: m.ID, Name: m.Name, Date: m.Date}
			}
			d.Gazetteer = append(d.Gazetteer, men)
		}
	}
}

// quotedMedia retypes a place name written alone between guillemets
// («الشرق الأوسط») as the newspaper of that name when the gazetteer knows
// "صحيفة <name>" (merge rule 7 in merge.go).
func quotedMedia(g *gazetteers.Gazetteer, text string, m *gazetteers.Match) {
	if m.Type != "LOC" && m.Type != "GPE" {
		return
	}
	before := strings.TrimSuffix(text[:m.Start], " ")
	after := strings.TrimPrefix(text[m.End:], " ")
	if !strings.HasSuffix(before, "«") || !strings.HasPrefix(after, "»") {
		return
	}
	org, ok := g.Lookup("صحيفة " + text[m.Start:m.End])
	if !ok || org.Type != "ORG" {
		return
	}
	m.Type, m.ID, m.Name, m.Country, m.Kind, m.Candidates = org.Type, org.ID, org.Name, org.Country, org.Kind, nil
}
