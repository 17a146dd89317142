package annotate

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

// Link ties a span to a stable id (FORMAT.md "Links").
type Link struct {
	ID string `json:"id"`
	// Date is the adoption date of a resolution, when declared.
	Date string `json:"date,omitempty"`
}

// Entity is one gold entity mention.
type Entity struct {
	Text  string `json:"text"`
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Link  *Link  `json:"link,omitempty"`
	// Value is the ISO value of a DATE (YYYY-MM-DD, YYYY-MM or YYYY).
	Value string `json:"value,omitempty"`
}

// Span is an event trigger or argument.
type Span struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Link  *Link  `json:"link,omitempty"`
	Value string `json:"value,omitempty"`
}

// Event is one gold (asserted) event.
type Event struct {
	Type    string            `json:"type"`
	Trigger Span              `json:"trigger"`
	Args    map[string][]Span `json:"args"`
	Votes   *Votes            `json:"votes"`
}

// Votes are the tallies of a VOTE or ADOPT event in FORMAT.md's shape.
// Counts are nil when the text does not give them.
type Votes struct {
	For            *int     `json:"for"`
	Against        *int     `json:"against"`
	Abstain        *int     `json:"abstain"`
	ForMembers     []string `json:"for_members"`
	AgainstMembers []string `json:"against_members"`
	AbstainMembers []string `json:"abstain_members"`
	Unanimous      bool     `json:"unanimous,omitempty"`
}

// Entity and event types of FORMAT.md, and the event roles.
var (
	entityTypes = set("PER", "ORG", "GPE", "LOC", "MISC", "RESOLUTION", "TITLE", "DATE", "NORP", "NUM")
	eventTypes  = set("STATEMENT", "CALL", "MEET", "VOTE", "VETO", "DRAFT_SUBMIT", "ADOPT",
		"CONDEMN", "DEMAND", "ATTACK", "PROTEST", "DEPLOY")
	roles = []string{"actor", "target", "participants", "venue", "resolution", "date", "location"}
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
