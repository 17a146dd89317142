package annotate

import (
	"slices"

	"github.com/khabar-nlp/khabar/extract"
)

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
	// Magnitude is extract.Magnitude: a count the source does not give
	// is written as null.
	Magnitude = extract.Magnitude
)

// Event is one gold (asserted) event. It is not extract.Event, whose
// sentence and confidence fields are always written. The fields after
// Votes are FORMAT.md's "Fields every event may carry"; like Cameo and
// Plover they are omitted when the source does not give them, so records
// without them keep their earlier bytes.
type Event struct {
	Type       string            `json:"type"`
	Cameo      string            `json:"cameo,omitempty"`
	Plover     string            `json:"plover,omitempty"`
	Trigger    Span              `json:"trigger"`
	Args       map[string][]Span `json:"args"`
	Votes      *Votes            `json:"votes"`
	ActorCode  string            `json:"actor_code,omitempty"`
	TargetCode string            `json:"target_code,omitempty"`
	Mode       string            `json:"mode,omitempty"`
	Magnitude  *Magnitude        `json:"magnitude,omitempty"`
	Country    string            `json:"country,omitempty"`
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

// EventTypes returns the FORMAT.md event types in table order: a copy of
// extract.EventTypes, the one list of them.
func EventTypes() []string { return slices.Clone(extract.EventTypes) }

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
