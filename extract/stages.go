package extract

import (
	"context"
	"fmt"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/internal/events"
	"github.com/khabar-nlp/khabar/extract/internal/temporal"
	"github.com/khabar-nlp/khabar/gazetteers"
)

// nerStage is the statistical NER stage: it fills Doc.Model for a batch of
// documents at once so that their sentences share model runs.
type nerStage interface {
	predict(ctx context.Context, docs []*doc.Doc) error
	close() error
}

// stages is the ordered list of what the pipeline does to a Doc after
// normalisation and sentence splitting. A nil stage is switched off.
type stages struct {
	ner      nerStage
	gaz      func(d *doc.Doc)
	patterns func(d *doc.Doc)
	events   func(d *doc.Doc)
}

// buildStages loads what each enabled stage needs.
func buildStages(ctx context.Context, cfg *config) (stages, error) {
	var st stages
	var g *gazetteers.Gazetteer
	if !cfg.disabled[StageGazetteer] || !cfg.disabled[StageEvents] {
		var err error
		if g, err = gazetteers.Load(); err != nil {
			return st, fmt.Errorf("load gazetteers: %w", err)
		}
	}
	if !cfg.disabled[StageGazetteer] {
		st.gaz = gazetteerStage(g)
	}
	if !cfg.disabled[StagePatterns] {
		st.patterns = func(d *doc.Doc) {
			d.Pattern = append(d.Pattern, temporal.Find(d)...)
			d.PatternsDone = true
		}
	}
	if !cfg.disabled[StageEvents] {
		as, err := events.New(g)
		if err != nil {
			return st, err
		}
		st.events = as.Assemble
	}

	if !cfg.disabled[StageModel] {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		n, err := loadNER(cfg)
		if err != nil {
			return st, err
		}
		st.ner = n
	}
	return st, nil
}

func (s *stages) run(ctx context.Context, docs []*doc.Doc) error {
	if s.ner != nil {
		if err := s.ner.predict(ctx, docs); err != nil {
			return err
		}
		for _, d := range docs {
			d.ModelDone = true
		}
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if s.gaz != nil {
			s.gaz(d)
		}
		if s.patterns != nil {
			s.patterns(d)
		}
		trimProclitics(d.Text.String(), d.Model, d.Gazetteer)
		mergeMentions(d)
		if s.events != nil {
			s.events(d)
		}
	}
	return nil
}

func (s *stages) close() error {
	if s.ner != nil {
		return s.ner.close()
	}
	return nil
}
