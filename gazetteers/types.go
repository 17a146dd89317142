package gazetteers

import "time"

// Entity types a Match can carry (FORMAT.md).
const (
	TypePER        = "PER"
	TypeORG        = "ORG"
	TypeGPE        = "GPE"
	TypeLOC        = "LOC"
	TypeTITLE      = "TITLE"
	TypeRESOLUTION = "RESOLUTION"
	TypeNORP       = "NORP"
)

// Kind tells what sort of gazetteer entry a match came from, finer than its
// entity type. The event assembler uses it (a capital may stand for its state;
// a nisba may give a title its country).
type Kind string

// The kinds of entries.
const (
	KindCountry     Kind = "country"     // a state (member or observer)
	KindTerritory   Kind = "territory"   // a territory (ISO-coded or inside a state)
	KindRegion      Kind = "region"      // a region of countries.tsv (Antarctica)
	KindCapital     Kind = "capital"     // a capital or seat of government
	KindCity        Kind = "city"        // a city, town, camp or province
	KindLocation    Kind = "location"    // a sea, river, region, crossing, site
	KindNisba       Kind = "nisba"       // a nationality adjective or plural (NORP)
	KindOrg         Kind = "org"         // an organisation of organizations.tsv
	KindInstitution Kind = "institution" // a state institution generated from institutions.tsv
	KindOffice      Kind = "office"      // an office or role (TITLE)
	KindOfficial    Kind = "official"    // a person of officials.tsv
	KindResolution  Kind = "resolution"  // a UN resolution number
)

// Match is one gazetteer hit in normalised text.
type Match struct {
	Start, End int    // byte offsets in the normalised text, proclitics and suffix pronouns left out
	Type       string // PER ORG GPE LOC TITLE RESOLUTION NORP
	ID         string // link id (ISO3, UNSC, UNSC-2720, a person id); empty when unknown or ambiguous
	Name       string // canonical English name
	Date       string // resolution adoption date (YYYY-MM-DD), when known
	Country    string // ISO3 the entity belongs to: a nisba's state, a title's country, a ministry's state
	Kind       Kind   // what sort of entry matched
	// Candidates lists the ids a knowingly ambiguous form may stand for
	// (كوريا → KOR, PRK); ID is empty then.
	Candidates []string
	// Confirm marks a form that is also a common word (marked ! in the data:
	// الميادين "the squares", المنفي "in exile"): a caller with another reader of
	// the text, such as a statistical tagger, should report the match only
	// where that reader also finds a name.
	Confirm bool
}

// Entry is a country, territory, organisation, institution or place.
type Entry struct {
	ID            string   // ISO3, organisation id, <ISO3>-<ROLE>, or "" for a place without one
	Type          string   // GPE, LOC or ORG
	Kind          Kind     // country, territory, region, org, institution, city, location
	Status        string   // countries.tsv: member, observer, territory or region
	Name          string   // canonical English name
	Arabic        []string // Arabic forms as written in the data (without the ~ mark)
	Country       string   // the state it belongs to (itself for a state)
	Nisba         []string // masculine singular nisbas (countries)
	Plural        []string // broken plurals of the nationality (countries)
	Capital       string   // English name of the capital or seat of government (countries)
	CapitalArabic []string // its Arabic forms
	Replaces      []string // generated ids this organisation stands for (IDF: ISR-ARMY)
}

// Resolution is a UN Security Council resolution of the registry.
type Resolution struct {
	Number  int       // resolution number
	ID      string    // UNSC-<n>
	Adopted time.Time // adoption date
	Topic   string    // topic, in English
	Vote    string    // "13-0-2" (for-against-abstain), "" when unanimous or unknown
}

// Date returns the adoption date as YYYY-MM-DD.
func (r Resolution) Date() string { return r.Adopted.Format(dateLayout) }

// Name returns the canonical English name, "UN Security Council Resolution <n>".
func (r Resolution) Name() string { return resolutionName(r.Number) }

// Office is an office or role (a TITLE entity).
type Office struct {
	ID     string   // FOREIGN-MINISTER, PRESIDENT ...
	Name   string   // English name
	Arabic []string // Arabic forms
}

// Official is a person who holds or held an office.
type Official struct {
	ID     string   // stable id (a Wikidata QID where known)
	Name   string   // canonical English name
	Arabic []string // Arabic forms, full name first
	Terms  []Term   // the offices held, oldest first
}

// Term is one period of an official in one office.
type Term struct {
	Office  string    // office id
	Country string    // ISO3 of the state, or the id of the organisation (UN)
	Start   time.Time // first day
	End     time.Time // last day (inclusive); zero while in office
}

// Holds reports whether the term covers day d (dates compared as days).
func (t Term) Holds(d time.Time) bool {
	d = day(d)
	if d.Before(t.Start) {
		return false
	}
	return t.End.IsZero() || !d.After(t.End)
}

func day(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}
