package annotate

import "github.com/khabar-nlp/khabar/extract"

// The types in this file are the gold record of FORMAT.md §3: the output
// record's shape plus the text. Offsets are Unicode code points of Text,
// end exclusive.

// Record is one annotated paragraph.
type Record struct {
	ID       string   `json:"id"`
	Text     string   `json:"text"`
	Date     string   `json:"date,omitempty"`
	Entities []Entity `json:"entities"`
	Events   []Event  `json:"events"`
}

// Entity, Span, Link and Votes are the output contract's types: the gold
// record sets none of their model-only fields (Score, Sources, Link.Name),
// which JSON omits, so the written records keep FORMAT.md §3's shape.
type (
	Entity = extract.Entity
	Span   = extract.Span
	Link   = extract.Link
	Votes  = extract.Votes
)

// Event is one gold (asserted) event. It is not extract.Event, whose
// sentence and confidence fields are always written.
type Event struct {
	Type    string            `json:"type"`
	Trigger Span              `json:"trigger"`
	Args    map[string][]Span `json:"args"`
	Votes   *Votes            `json:"votes"`
}

// Entity and event types of FORMAT.md, and the event roles.
var (
	entityTypes = set(EntityTypes()...)
	eventTypes  = set(EventTypes()...)
	roles       = []string{"actor", "target", "participants", "venue", "resolution", "date", "location"}
)

// EntityTypes returns the FORMAT.md entity types in table order.
func EntityTypes() []string {
	return []string{"PER", "ORG", "GPE", "LOC", "MISC", "RESOLUTION", "TITLE", "DATE", "NORP", "NUM"}
}

// EventTypes returns the FORMAT.md event types in table order.
func EventTypes() []string {
	return []string{"STATEMENT", "CALL", "MEET", "VOTE", "VETO", "DRAFT_SUBMIT", "ADOPT",
		"CONDEMN", "DEMAND", "ATTACK", "PROTEST", "DEPLOY"}
}

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
