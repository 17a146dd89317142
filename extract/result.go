package extract

import "github.com/khabar-nlp/khabar/extract/internal/doc"

// The types in this file are the output contract of FORMAT.md §2: field names
// and JSON shapes are fixed; fields may be added, never renamed or removed.
// All offsets are Unicode code point offsets into the document text exactly
// as given, end exclusive.

// Doc is one input document (FORMAT.md §1).
type Doc struct {
	// ID identifies the document; callers that read files default it to
	// "<file>:<line>".
	ID string `json:"id,omitempty"`
	// Text is the document text. Required.
	Text string `json:"text"`
	// Date is the ISO date (YYYY-MM-DD) the document was published: the
	// anchor for relative dates such as "اليوم الأربعاء". Optional.
	Date string `json:"date,omitempty"`
	// Source and Lang are carried through untouched. Optional.
	Source string `json:"source,omitempty"`
	Lang   string `json:"lang,omitempty"`
}

// Result is the output record for one document (FORMAT.md §2). A document
// that could not be processed has Error set and no entities or events.
type Result struct {
	ID       string    `json:"id"`
	Date     string    `json:"date,omitempty"`
	Entities []Entity  `json:"entities"`
	Events   []Event   `json:"events"`
	Error    *RecError `json:"error"`
}

// RecError is the error carried by a Result whose document failed.
type RecError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Link ties a span to a stable id: ISO 3166-1 alpha-3 for states, UNSC-<n>
// for resolutions, upper-case ids for organisations, gazetteer ids for people.
type Link struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Date is the adoption date of a resolution, when known.
	Date string `json:"date,omitempty"`
}

// Entity is one named entity mention.
type Entity struct {
	Text  string `json:"text"`
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Score is the model's confidence in [0,1]; absent for spans that only
	// a gazetteer or a pattern found.
	Score   *float64 `json:"score,omitempty"`
	Sources []string `json:"sources,omitempty"`
	Link    *Link    `json:"link,omitempty"`
	// Value is the normalised value of a DATE (YYYY-MM-DD, YYYY-MM, YYYY or
	// an ISO week YYYY-Www) or of a NUM (a decimal number); empty when the
	// text alone does not fix it (a relative date without a document date).
	Value string `json:"value,omitempty"`
}

// Span is a piece of text that fills an event role or triggers an event.
type Span struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Link  *Link  `json:"link,omitempty"`
	// Value is the normalised value of a DATE argument (YYYY-MM-DD, or
	// YYYY-MM / YYYY / YYYY-Www when only that is known).
	Value string `json:"value,omitempty"`
	// Code is the CAMEO actor code of an actor or target argument: ISO3
	// country + agent (IRQMIL, PSECVL, EGYGOV), the agent alone when the
	// country is unknown (UAF, CVL), an IGO's own id (UNSC).
	Code string `json:"code,omitempty"`
}

// Event roles (FORMAT.md §2).
const (
	RoleActor        = "actor"
	RoleTarget       = "target"
	RoleParticipants = "participants"
	RoleVenue        = "venue"
	RoleResolution   = "resolution"
	RoleDate         = "date"
	RoleLocation     = "location"
)

// Event types (FORMAT.md, "Event types").
const (
	EventStatement   = "STATEMENT"
	EventCall        = "CALL"
	EventMeet        = "MEET"
	EventVote        = "VOTE"
	EventVeto        = "VETO"
	EventDraftSubmit = "DRAFT_SUBMIT"
	EventAdopt       = "ADOPT"
	EventCondemn     = "CONDEMN"
	EventDemand      = "DEMAND"
	EventAttack      = "ATTACK"
	EventProtest     = "PROTEST"
	EventDeploy      = "DEPLOY"
	EventAgree       = "AGREE"
	EventSupport     = "SUPPORT"
	EventCooperate   = "COOPERATE"
	EventAid         = "AID"
	EventConcede     = "CONCEDE"
	EventRetreat     = "RETREAT"
	EventThreaten    = "THREATEN"
	EventSanction    = "SANCTION"
	EventCoerce      = "COERCE"
)

// EventTypes lists every event type of FORMAT.md in its table order.
var EventTypes = []string{EventStatement, EventCall, EventMeet, EventVote, EventVeto, EventDraftSubmit,
	EventAdopt, EventCondemn, EventDemand, EventAttack, EventProtest, EventDeploy, EventAgree,
	EventSupport, EventCooperate, EventAid, EventConcede, EventRetreat, EventThreaten, EventSanction,
	EventCoerce}

// Modalities. Only asserted events count in scores; Modality is omitted
// from JSON for asserted events.
const (
	ModalityAsserted     = "asserted"
	ModalityPlanned      = "planned"
	ModalityNegated      = "negated"
	ModalityHypothetical = "hypothetical"
)

// Event is one event record.
type Event struct {
	Type     string            `json:"type"`
	Cameo    string            `json:"cameo,omitempty"`
	Plover   string            `json:"plover,omitempty"`
	Trigger  Span              `json:"trigger"`
	Args     map[string][]Span `json:"args"`
	Votes    *Votes            `json:"votes"`
	Sentence int               `json:"sentence"`
	// Confidence in [0,1].
	Confidence float64 `json:"confidence"`
	// Modality is empty (asserted) or one of the Modality constants.
	Modality string `json:"modality,omitempty"`
	// ActorCode is a GDELT-style actor code (country + role, e.g. EGYGOV,
	// USAGOV, UNSC) for the first actor, when one can be derived.
	ActorCode string `json:"actor_code,omitempty"`
	// TargetCode is the actor code of the primary target.
	TargetCode string `json:"target_code,omitempty"`
	// Mode says how, in PLOVER's words (ATTACK: explosives, firearms,
	// aerial, shelling, abduct …; PROTEST: demonstrate, riot, strike …;
	// COERCE: arrest, seize, ban, deport, curfew …; CALL/MEET: phone,
	// visit, meet).
	Mode string `json:"mode,omitempty"`
	// Magnitude holds the killed, injured, arrested and crowd-size numbers
	// the text states for this event; omitted (null) when none is stated.
	Magnitude *Magnitude `json:"magnitude,omitempty"`
	// Country is the ISO3 code of the country where the event happened
	// (GDELT ActionGeo style), when known; the place itself is the
	// location argument.
	Country string `json:"country,omitempty"`
}

// Magnitude holds the numbers a text states for one event; a nil count is
// not stated.
type Magnitude = doc.Magnitude

// Votes are the tallies of a VOTE (or ADOPT) event. Counts are nil when the
// text does not say; members are ISO3 / organisation ids.
type Votes = doc.Votes

// Asserted reports whether the event counts as an actual happening.
func (e *Event) Asserted() bool {
	return e.Modality == "" || e.Modality == ModalityAsserted
}
