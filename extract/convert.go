package extract

import (
	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

// toResult maps a processed Doc to its output record: the one place where
// normalised byte spans become code point spans of the original text.
func toResult(d *doc.Doc) Result {
	r := Result{ID: d.ID, Date: d.Date, Entities: []Entity{}, Events: []Event{}}
	for _, m := range d.Entities {
		s := d.Text
		os, oe := s.ToOriginal(m.Start, m.End)
		e := Entity{Text: s.OriginalSlice(os, oe), Type: m.Type, Start: os, End: oe,
			Sources: m.Sources.Names(), Link: toLink(m.Link), Value: m.Value}
		if m.Sources&doc.SourceModel != 0 {
			sc := round4(m.Score)
			e.Score = &sc
		}
		r.Entities = append(r.Entities, e)
	}
	for _, ev := range d.Events {
		out := Event{Type: ev.Type, Cameo: ev.Cameo, Plover: ev.Plover,
			Trigger: toSpan(d, ev.Trigger, nil, ""), Args: map[string][]Span{},
			Votes: ev.Votes, Sentence: ev.Sentence, Confidence: round4(ev.Confidence),
			ActorCode: ev.ActorCode, TargetCode: ev.TargetCode, Mode: ev.Mode, Country: ev.Country}
		if !ev.Magnitude.Empty() {
			m := *ev.Magnitude
			out.Magnitude = &m
		}
		if ev.Modality != ModalityAsserted {
			out.Modality = ev.Modality
		}
		for role, args := range ev.Args {
			spans := make([]Span, 0, len(args))
			for _, a := range args {
				sp := toSpan(d, a.Span, a.Link, a.Value)
				sp.Code = a.Code
				spans = append(spans, sp)
			}
			out.Args[role] = spans
		}
		r.Events = append(r.Events, out)
	}
	return r
}

func toSpan(d *doc.Doc, s doc.Span, l *doc.Link, value string) Span {
	os, oe := d.Text.ToOriginal(s.Start, s.End)
	return Span{Text: d.Text.OriginalSlice(os, oe), Start: os, End: oe, Link: toLink(l), Value: value}
}

func toLink(l *doc.Link) *Link {
	if l == nil {
		return nil
	}
	return &Link{ID: l.ID, Name: l.Name, Date: l.Date}
}

func round4(f float64) float64 {
	return float64(int64(f*10000+0.5)) / 10000
}
