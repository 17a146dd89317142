// Package plover holds the PLOVER/CAMEO data that eval needs for the event
// fields of FORMAT.md "Fields every event may carry": the PLOVER category,
// CAMEO roots, modes and magnitude counts each event type may take, and the
// CAMEO actor codes (ISO3 country + agent, or an organisation's own id).
//
// The event types themselves are extract.EventTypes; the table here only
// adds per-type data and a test keeps its keys inside that list.
//
// Modes are PLOVER's mode names (openeventdata/PLOVER, PLOVER_MANUAL.tex,
// the "<CATEGORY> modes" tables) where PLOVER has them, with FORMAT.md's own
// words where FORMAT.md names them differently (PROTEST: demonstrate,
// strike, hunger for PLOVER's demo, strike-gen/strike-lim, strike-hun), and
// khabar's additions (marked in the table) for the categories PLOVER leaves
// without modes.
package plover

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/khabar-nlp/khabar/extract"
	"github.com/khabar-nlp/khabar/gazetteers"
)

// Categories are the 16 PLOVER event categories.
var Categories = []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
	"DEMAND", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

// Agents are the CAMEO agent (sector) codes of FORMAT.md "Actor coding".
var Agents = []string{"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "PTY", "CVL", "REL", "EDU",
	"MED", "BUS", "LAB", "HLH", "REF", "NGO", "IGO", "UAF", "SPY", "CRM"}

// Magnitude fields, in the order of extract.Magnitude.
const (
	Killed   = "killed"
	Injured  = "injured"
	Arrested = "arrested"
	Size     = "size"
)

// MagnitudeFields lists the magnitude counts in extract.Magnitude's order.
var MagnitudeFields = []string{Killed, Injured, Arrested, Size}

// TypeInfo is what one event type may carry.
type TypeInfo struct {
	// Plover is the type's PLOVER category ("" for STATEMENT, VOTE,
	// DRAFT_SUBMIT).
	Plover string
	// Modes are the mode words the type takes (none: the type takes no
	// mode).
	Modes []string
	// Magnitude lists the counts (MagnitudeFields) the type takes.
	Magnitude []string
}

// types is the one per-type table. Keys are extract.EventTypes (a test
// checks it); a type missing here takes no plover, mode or magnitude.
var types = map[string]TypeInfo{
	extract.EventStatement:   {},
	extract.EventCall:        {Plover: "CONSULT", Modes: consultModes},
	extract.EventMeet:        {Plover: "CONSULT", Modes: consultModes},
	extract.EventVote:        {},
	extract.EventVeto:        {Plover: "REJECT"},
	extract.EventDraftSubmit: {},
	extract.EventAdopt:       {Plover: "AGREE"},
	extract.EventCondemn:     {Plover: "ACCUSE"},
	// PLOVER_MANUAL's DEMAND modes (Schrodt's proposal, shared with REJECT).
	extract.EventDemand: {Plover: "DEMAND", Modes: []string{"assist", "change", "yield", "meet"}},
	extract.EventAttack: {Plover: "ASSAULT", Modes: []string{
		// PLOVER ASSAULT modes
		"abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive",
		"firearms", "explosives", "suicide-attack", "heavy-weapons",
		// FORMAT.md / khabar
		"aerial", "shelling", "arson", "stabbing", "incursion", "cyber"},
		Magnitude: []string{Killed, Injured, Size}},
	extract.EventProtest: {Plover: "PROTEST", Modes: []string{
		// FORMAT.md's words for PLOVER's demo, strike-gen/strike-lim, strike-hun
		"demonstrate", "riot", "strike", "hunger",
		// PLOVER PROTEST modes
		"boycott", "obstruct",
		// khabar
		"sit-in", "march"},
		Magnitude: MagnitudeFields},
	// PLOVER MOBILIZE modes.
	extract.EventDeploy: {Plover: "MOBILIZE", Modes: []string{"troops", "weapons", "police"},
		Magnitude: []string{Size}},
	// PLOVER has no AGREE modes: khabar's.
	extract.EventAgree: {Plover: "AGREE", Modes: []string{"sign", "ceasefire"}},
	// PLOVER has no SUPPORT modes: khabar's.
	extract.EventSupport: {Plover: "SUPPORT", Modes: []string{"endorse", "recognize"}},
	// PLOVER has no COOPERATE modes: khabar's, after PLOVER's contexts.
	extract.EventCooperate: {Plover: "COOPERATE", Modes: []string{"military", "economic", "intelligence", "judicial"}},
	// PLOVER AID modes.
	extract.EventAid: {Plover: "AID", Modes: []string{"economic", "military", "humanitarian", "asylum"}},
	// PLOVER has no CONCEDE modes: khabar's (FORMAT.md's CAMEO 081–083).
	extract.EventConcede: {Plover: "CONCEDE", Modes: []string{"release", "ease", "accede"},
		Magnitude: []string{Size}},
	// PLOVER RETREAT modes, less release (khabar's CONCEDE), plus demobilize.
	extract.EventRetreat: {Plover: "RETREAT", Modes: []string{"withdraw", "return", "disarm", "ceasefire",
		"access", "resign", "demobilize"},
		Magnitude: []string{Size}},
	// PLOVER THREATEN modes, plus sanction and veto (FORMAT.md).
	extract.EventThreaten: {Plover: "THREATEN", Modes: []string{"restrict", "ban", "arrest", "relations",
		"expel", "territory", "violence", "sanction", "veto"}},
	// PLOVER SANCTION modes, plus economic (sanctions), embargo, boycott and
	// suspend (membership) of FORMAT.md.
	extract.EventSanction: {Plover: "SANCTION", Modes: []string{"convict", "cancel", "expel", "withdraw",
		"sever", "economic", "embargo", "boycott", "suspend"}},
	// PLOVER COERCE modes, plus seize (FORMAT.md), detain and raid.
	extract.EventCoerce: {Plover: "COERCE", Modes: []string{"confiscate", "restrict", "ban", "censor",
		"curfew", "martial-law", "arrest", "deport", "withhold", "seize", "detain", "raid"},
		Magnitude: MagnitudeFields},
}

// consultModes are PLOVER's CONSULT modes plus meet and summit.
var consultModes = []string{"visit", "third-party", "multilateral", "phone", "meet", "summit"}

// cameoRoots are the CAMEO code prefixes of each PLOVER category (FORMAT.md
// event tables, PLOVER's CAMEO2PLOVER); "" is a type without a category.
var cameoRoots = map[string][]string{
	"":          {"01", "02"},
	"AGREE":     {"03", "057"},
	"CONSULT":   {"04"},
	"SUPPORT":   {"05"},
	"COOPERATE": {"06"},
	"AID":       {"07"},
	"CONCEDE":   {"081", "082", "083"},
	"RETREAT":   {"084", "085", "086", "087"},
	"DEMAND":    {"10"},
	"ACCUSE":    {"11"},
	"REJECT":    {"12"},
	"THREATEN":  {"13"},
	"PROTEST":   {"14"},
	"MOBILIZE":  {"15"},
	"SANCTION":  {"16"},
	"COERCE":    {"17"},
	"ASSAULT":   {"18", "19", "20"},
}

// Info returns the table row of an event type.
func Info(typ string) TypeInfo { return types[typ] }

// TableTypes returns the event types the table has a row for (for tests).
func TableTypes() []string {
	out := make([]string, 0, len(types))
	for t := range types {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// IsEventType reports whether typ is one of extract.EventTypes.
func IsEventType(typ string) bool { return slices.Contains(extract.EventTypes, typ) }

// DefaultPlover returns the PLOVER category of an event type ("" when it
// has none).
func DefaultPlover(typ string) string { return types[typ].Plover }

// CheckMode reports whether mode is a mode word (lower-case a-z and '-')
// and one of typ's modes.
func CheckMode(typ, mode string) error {
	if !reModeWord.MatchString(mode) {
		return fmt.Errorf("mode=%q: want one lower-case word (a-z and '-')", mode)
	}
	modes := types[typ].Modes
	if len(modes) == 0 {
		return fmt.Errorf("%s takes no mode", typ)
	}
	if !slices.Contains(modes, mode) {
		return fmt.Errorf("mode %q is not among the %s modes (%s)", mode, typ, strings.Join(modes, " "))
	}
	return nil
}

// CheckMagnitude reports whether typ takes the magnitude count field.
func CheckMagnitude(typ, field string) error {
	if !slices.Contains(types[typ].Magnitude, field) {
		if len(types[typ].Magnitude) == 0 {
			return fmt.Errorf("%s takes no magnitude (%s=)", typ, field)
		}
		return fmt.Errorf("%s takes no %s count (only %s)", typ, field, strings.Join(types[typ].Magnitude, " "))
	}
	return nil
}

// CheckPlover reports whether p is a PLOVER category typ may carry: the
// type's own category, or for STATEMENT any category (a welcome in a
// statement is plover SUPPORT, ANNOTATION.md).
func CheckPlover(typ, p string) error {
	if !slices.Contains(Categories, p) {
		return fmt.Errorf("plover %q is not a PLOVER category (%s)", p, strings.Join(Categories, " "))
	}
	want := types[typ].Plover
	switch {
	case typ == extract.EventStatement:
		return nil
	case want == "":
		return fmt.Errorf("%s has no PLOVER category", typ)
	case p != want:
		return fmt.Errorf("plover %s on a %s event, whose category is %s", p, typ, want)
	}
	return nil
}

var reCameo = regexp.MustCompile(`^[0-9]{2,4}$`)

// CheckCameo reports whether c is a CAMEO event code (2–4 digits) under the
// roots of the PLOVER category p (the event's explicit plover, or its
// type's).
func CheckCameo(p, c string) error {
	if !reCameo.MatchString(c) {
		return fmt.Errorf("cameo %q: want 2-4 digits", c)
	}
	roots, ok := cameoRoots[p]
	if !ok {
		return fmt.Errorf("cameo %s: no CAMEO roots for %q", c, p)
	}
	for _, r := range roots {
		if strings.HasPrefix(c, r) {
			return nil
		}
	}
	what := "PLOVER " + p
	if p == "" {
		what = "a statement without a PLOVER category"
	}
	return fmt.Errorf("cameo %s does not fit %s (CAMEO %s…)", c, what, strings.Join(roots, "…, "))
}

// gazetteer is loaded on first use (about 0.2 s).
var gazetteer = sync.OnceValues(gazetteers.Load)

var reISO3 = regexp.MustCompile(`^[A-Z]{3}$`)

// IsCountry reports whether s is an ISO3 country code the gazetteer knows
// (states, observers, ISO-coded territories). If the gazetteer cannot be
// loaded, any three capital letters count.
func IsCountry(s string) bool {
	if !reISO3.MatchString(s) {
		return false
	}
	g, err := gazetteer()
	if err != nil {
		return true
	}
	_, ok := g.Country(s)
	return ok
}

func isOrganization(s string) bool {
	g, err := gazetteer()
	if err != nil {
		return false
	}
	_, ok := g.Organization(s)
	return ok
}

// IsAgent reports whether s is one of Agents.
func IsAgent(s string) bool { return slices.Contains(Agents, s) }

// isAgentSeq reports whether s is one or two agent codes.
func isAgentSeq(s string) bool {
	switch len(s) {
	case 3:
		return IsAgent(s)
	case 6:
		return IsAgent(s[:3]) && IsAgent(s[3:])
	}
	return false
}

var reModeWord = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)

var reOrgID = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`)

// SplitCode splits a CAMEO actor code into its country and agent parts:
// the first three letters are the country when they are an ISO3 code and
// the rest is empty or one or two agent codes (IRQMIL → IRQ, MIL; IRQ →
// IRQ, ""); anything else is all agent (CVL, UNSC, UNSMIL, USAID, IRNA).
// Surrounding space is ignored.
func SplitCode(code string) (country, agent string) {
	code = strings.TrimSpace(code)
	if len(code) >= 3 && IsCountry(code[:3]) && (len(code) == 3 || isAgentSeq(code[3:])) {
		return code[:3], code[3:]
	}
	return "", code
}

// CheckActorCode checks the shape of a CAMEO actor code (FORMAT.md "Actor
// coding"): [ISO3] + one or two agents (IRQMIL, PSECVL, CVL, UAF), an ISO3
// code alone (IRQ), or an organisation id (UNSC, HAMAS, ARAB-COALITION).
// Rejected: a three-letter prefix that is not a country before agent codes
// (XYZMIL; a gazetteer organisation such as UNSMIL excepted), and state
// institution ids (USA-MOD, GBR-GOV: write USAMIL, GBRGOV).
func CheckActorCode(code string) error {
	if !reOrgID.MatchString(code) {
		return fmt.Errorf("actor code %q: want [ISO3]+AGENT (IRQMIL, CVL) or an organisation id (UNSC): upper-case letters, digits and '-'", code)
	}
	if c, a := SplitCode(code); c != "" || isAgentSeq(a) {
		return nil
	}
	if len(code) > 3 && reISO3.MatchString(code[:3]) && isAgentSeq(code[3:]) && !isOrganization(code) {
		return fmt.Errorf("actor code %q: %s is not an ISO3 country code", code, code[:3])
	}
	if len(code) > 4 && code[3] == '-' && IsCountry(code[:3]) {
		return fmt.Errorf("actor code %q: a state institution is coded as country + agent (%sGOV, %sMIL, …), not by its id", code, code[:3], code[:3])
	}
	return nil
}

// CheckCountry checks an event country: an ISO3 code the gazetteer knows.
func CheckCountry(c string) error {
	if !IsCountry(c) {
		return fmt.Errorf("country %q is not an ISO3 country code", c)
	}
	return nil
}
