// Package doc holds the Doc that flows through khabar's pipeline stages and
// the span types they share. Every span in a Doc is in byte offsets of the
// normalised text (Doc.Text.String()) until the very end, where the extract
// package maps them to code points of the original text.
package doc

import (
	"github.com/khabar-nlp/khabar/extract/normalize"
)

// Span is a half-open byte range [Start, End) of the normalised text.
type Span struct {
	Start int
	End   int
}

// Len returns the length of the span in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Overlaps reports whether two spans share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Contains reports whether o lies within s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// Link ties a mention to a stable id (see FORMAT.md "Links").
type Link struct {
	ID   string
	Name string
	// Date is the adoption date of a resolution, when known.
	Date string
}

// Source says which stage proposed a mention.
type Source uint8

// Sources of mentions; a merged entity may carry several.
const (
	SourceModel Source = 1 << iota
	SourceGazetteer
	SourcePattern // rule-based recognisers: dates, vote numbers, resolution patterns
)

// Names returns the FORMAT.md names of the sources in s ("model",
// "gazetteer", "pattern"), in that order.
func (s Source) Names() []string {
	var out []string
	if s&SourceModel != 0 {
		out = append(out, "model")
	}
	if s&SourceGazetteer != 0 {
		out = append(out, "gazetteer")
	}
	if s&SourcePattern != 0 {
		out = append(out, "pattern")
	}
	return out
}

// Mention is a candidate or resolved entity span.
type Mention struct {
	Span
	// Type is a FORMAT.md entity type: PER ORG GPE LOC MISC RESOLUTION TITLE DATE NORP NUM.
	Type string
	// Score is the model's confidence in [0,1]; 0 when no model proposed it.
	Score   float64
	Sources Source
	Link    *Link
	// Country is the ISO3 code a NORP, a TITLE with a nationality adjective,
	// or a ministry belongs to; empty when unknown.
	Country string
	// Value is the normalised value of a DATE (YYYY-MM-DD, YYYY-MM, YYYY, or
	// an ISO week YYYY-Www) or of a NUM (a decimal number; 0.6667 for ثلثي);
	// empty when unknown.
	Value string
	// Confirm marks a gazetteer form that is also a common word (الميادين
	// "the squares", المنفي "in exile"; gazetteers.Match.Confirm): the merge keeps it
	// only where the model, when it ran, finds a name too.
	Confirm bool
}

// Arg is an event argument.
type Arg struct {
	Span
	Link *Link
	// Value is the normalised value of a DATE argument.
	Value string
	// Code is the CAMEO actor code of an actor or target argument
	// (ISO3 country + agent, e.g. IRQMIL; an IGO's own id), when known.
	Code string
}

// Votes are the tallies of a vote. Counts are nil when the text does not
// say; members are ISO3 / organisation ids. The JSON shape is FORMAT.md's.
type Votes struct {
	For            *int     `json:"for"`
	Against        *int     `json:"against"`
	Abstain        *int     `json:"abstain"`
	ForMembers     []string `json:"for_members"`
	AgainstMembers []string `json:"against_members"`
	AbstainMembers []string `json:"abstain_members"`
	Unanimous      bool     `json:"unanimous,omitempty"`
}

// Event is an event found in the document.
type Event struct {
	Type       string // FORMAT.md event type
	Cameo      string
	Plover     string
	Trigger    Span
	Args       map[string][]Arg // role → arguments (roles as in FORMAT.md)
	Votes      *Votes
	Sentence   int // index into Doc.Sentences
	Confidence float64
	Modality   string // "" (asserted), "planned", "negated", "hypothetical"
	ActorCode  string // GDELT-style actor code of the first actor, e.g. EGYGOV
	TargetCode string // the same for the primary target
	Mode       string // PLOVER mode (explosives, demonstrate, arrest, phone …)
	Magnitude  *Magnitude
	Country    string // ISO3 of the place where it happened
}

// Magnitude holds the numbers the text states for one event; nil counts
// are not stated.
type Magnitude struct {
	Killed   *int `json:"killed"`
	Injured  *int `json:"injured"`
	Arrested *int `json:"arrested"`
	Size     *int `json:"size"`
}

// Field returns the count of kind i: 0 killed, 1 injured, 2 arrested,
// 3 size.
func (m *Magnitude) Field(i int) **int {
	switch i {
	case 0:
		return &m.Killed
	case 1:
		return &m.Injured
	case 2:
		return &m.Arrested
	}
	return &m.Size
}

// Empty reports whether no count is stated.
func (m *Magnitude) Empty() bool {
	return m == nil || m.Killed == nil && m.Injured == nil && m.Arrested == nil && m.Size == nil
}

// Doc is one document on its way through the pipeline.
type Doc struct {
	ID   string
	Date string // ISO date anchor for relative dates; may be empty
	Text *normalize.Text
	// Sentences partition the normalised text (trimmed of surrounding space).
	Sentences []Span
	// Candidates by source, before merging.
	Model     []Mention
	Gazetteer []Mention
	Pattern   []Mention
	// PatternsDone records that the pattern stage (dates, vote numbers) ran,
	// so that later stages need not run it again.
	PatternsDone bool
	// ModelDone records that the statistical NER stage ran (Model may still
	// be empty), so that the merge can ask it to confirm gazetteer forms
	// that are also common words (Mention.Confirm).
	ModelDone bool
	// Entities are the resolved, non-overlapping mentions, sorted by Start.
	Entities []Mention
	Events   []Event
}

// Slice returns the normalised text of s.
func (d *Doc) Slice(s Span) string { return d.Text.String()[s.Start:s.End] }

// SentenceOf returns the index of the sentence containing byte offset b, or
// -1 when b lies outside every sentence.
func (d *Doc) SentenceOf(b int) int {
	lo, hi := 0, len(d.Sentences)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case b < d.Sentences[m].Start:
			hi = m
		case b >= d.Sentences[m].End:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}
