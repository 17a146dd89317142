package petrarchconv

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Agent is one row of agents.tsv: an agent noun phrase and its CAMEO agent code.
type Agent struct {
	Phrase string // khabar spelling, words separated by single spaces
	Code   string // one or more 3-letter agent codes, no ~ (REB, GOVMED)
	Match  Match
	Line   int // line in the source file
}

// Match says how a dictionary phrase meets the text, after PETRARCH's
// convention: a phrase written with a final "_" must end on a word boundary
// (exact); one without it is a stem whose last word may continue (prefix).
type Match string

// The two match kinds.
const (
	Exact  Match = "exact"
	Prefix Match = "prefix"
)

// matchOf reads the trailing-underscore convention off a raw phrase.
func matchOf(raw string) Match {
	if strings.HasSuffix(strings.TrimSpace(raw), "_") {
		return Exact
	}
	return Prefix
}

// agentCodes are the 3-letter codes of CAMEO's actor codebook that may appear
// in an agent code: domestic roles, sectors, organisation types and the
// religion codes (CAMEO 1.1b3, chapters 3–5).
var agentCodes = setOf(
	// state and domestic roles
	"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "INS", "SEP", "SPY", "UAF", "ELI",
	// sectors
	"AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ENV", "HLH", "HRI", "LAB", "MED", "REF", "MOD", "RAD",
	// organisations
	"IGO", "NGO", "NGM", "MNC", "IMG",
	// religion
	"REL", "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "DRZ", "HIN",
	"HSD", "ITR", "JAN", "JEW", "JHW", "LDS", "MOS", "MRN", "MUS", "NEW", "ORT", "PRO", "SHI",
	"SHN", "SIK", "SUF", "SUN", "TAO", "UDX", "ZRO",
)

func setOf(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// validAgent reports whether code is a concatenation of known 3-letter agent codes.
func validAgent(code string) bool {
	if code == "" || len(code)%3 != 0 {
		return false
	}
	for i := 0; i < len(code); i += 3 {
		if !agentCodes[code[i:i+3]] {
			return false
		}
	}
	return true
}

// AgentStats counts what ReadAgents kept, repaired and dropped.
type AgentStats struct {
	Entries       int // dictionary lines with a phrase
	Rows          int // rows after deduplication
	Duplicates    int // rows equal to an earlier one after normalisation
	RepairedCode  int // code brackets that also held text (the phrase repeated, a stray "}")
	BadCode       int // dropped: no code, or not a concatenation of CAMEO agent codes
	Empty         int // dropped: phrase empty after normalisation
	PrefixPos     int // codes written CODE~ (put before the actor code)
	MultiPart     int // rows whose code joins several agent codes (GOVMED)
	Conflicts     int // phrases that carry more than one agent code
	OneLetterWord int // rows whose phrase has a one-letter word (a split proclitic)
	BadCodeValues []string
}

// ReadAgents parses a PETRARCH agents dictionary:
//
//	phrase_words {optional plural}  [~CODE]  # comment
//
// "~CODE" adds the code after the actor's code, "CODE~" before it; khabar
// keeps the code only. Rows come back sorted and deduplicated.
func ReadAgents(r io.Reader) ([]Agent, AgentStats, error) {
	var st AgentStats
	var rows []Agent
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "<!") {
			continue
		}
		st.Entries++
		open := strings.IndexByte(line, '[')
		if open < 0 {
			st.BadCode++
			st.BadCodeValues = append(st.BadCodeValues, "(none)")
			continue
		}
		raw := line[:open]
		inner := line[open+1:]
		if c := strings.IndexByte(inner, ']'); c >= 0 {
			inner = inner[:c]
		}
		code, repaired := leadingCode(inner)
		prefixPos := strings.HasSuffix(code, "~") && !strings.HasPrefix(code, "~")
		code = strings.Trim(code, "~")
		if !validAgent(code) {
			st.BadCode++
			st.BadCodeValues = append(st.BadCodeValues, strings.TrimSpace(inner))
			continue
		}
		if repaired {
			st.RepairedCode++
		}
		if prefixPos {
			st.PrefixPos++
		}
		forms := []string{raw}
		if o := strings.IndexByte(raw, '{'); o >= 0 {
			forms = []string{raw[:o]}
			if c := strings.IndexByte(raw[o:], '}'); c > 0 {
				if pl := strings.TrimSpace(raw[o+1 : o+c]); pl != "" {
					forms = append(forms, pl)
				}
			}
		}
		for _, f := range forms {
			p := phrase(f)
			if !hasLetter(p) {
				st.Empty++
				continue
			}
			rows = append(rows, Agent{Phrase: p, Code: code, Match: matchOf(f), Line: n})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, st, fmt.Errorf("read agents: %w", err)
	}
	out, dups := sortUnique(rows, func(a, b Agent) int {
		return cmp.Or(cmp.Compare(a.Phrase, b.Phrase), cmp.Compare(a.Code, b.Code), cmp.Compare(a.Match, b.Match))
	}, func(a Agent) int { return a.Line })
	st.Duplicates += dups
	for _, a := range out {
		if len(a.Code) > 3 {
			st.MultiPart++
		}
		if hasOneLetterWord(a.Phrase) {
			st.OneLetterWord++
		}
	}
	st.Conflicts = conflicts(out, func(a Agent) (string, string) { return a.Phrase, a.Code })
	st.Rows = len(out)
	sort.Strings(st.BadCodeValues)
	return out, st, nil
}

// leadingCode takes the code from the inside of a [...] bracket: the leading
// run of upper-case Latin letters and ~. It also reports whether anything
// else followed (the source sometimes repeats the phrase inside the bracket:
// "[~MIL قائد عام ل جيش ]", "[~ENV} قسم بيئة]").
func leadingCode(inner string) (code string, repaired bool) {
	s := strings.TrimSpace(inner)
	i := 0
	for i < len(s) && (s[i] == '~' || (s[i] >= 'A' && s[i] <= 'Z')) {
		i++
	}
	return s[:i], strings.TrimSpace(s[i:]) != ""
}
