package petrarchconv

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Actor is one row of actors.tsv: an actor phrase and one code with the dates
// it holds (inclusive; "" is an open end).
type Actor struct {
	Phrase   string
	Code     string
	From, To string // YYYY-MM-DD or "" when open
	Match    Match
	Line     int // line of the code (date restriction) in the source file
}

// sentinels are the dates the Arabic actor dictionary uses for "unknown":
// 18000101 and 22000101 stand for an open end (Olmert: ISRGOV 2006-04-14 to
// 2009-03-31, then ISRELI 20090331-18000101; countries: اليابان [JPN
// >22000101]), 19700101 is the Unix epoch zero of the tool that exported the
// dates ([GOV 19700101-19700101] for people whose dates were not found).
// Read literally PETRARCH would never apply these codes: an end before the
// start, or a start in 2200.
var sentinels = setOf("18000101", "19700101", "22000101")

// ActorStats counts what ReadActors kept, repaired and dropped.
type ActorStats struct {
	Records       int // primary phrases (one per dictionary record)
	Phrases       int // primary and synonym phrases
	Codes         int // codes read, inline and on date lines
	Rows          int // rows written
	Duplicates    int // rows equal to an earlier one after normalisation
	BadCode       int // dropped: empty, "?", "000", lower case, not 3-letter blocks
	BadDate       int // dropped: a date that is not a calendar date
	Inverted      int // dropped: an end before the start (not a sentinel)
	NoCode        int // records left without any usable code
	Empty         int // phrases empty after normalisation
	Sentinel      map[string]int
	Adjusted      int // ends moved a day back where another range starts (UniversalPetrarch's rule)
	Undated       int // rows with neither end
	Exact         int // rows whose phrase ends with "_" in the source
	OneLetterWord int // rows whose phrase has a one-letter word (a split proclitic)
	MultiCode     int // phrases with more than one code
	BadCodes      []string
}

// restriction is one [CODE date] bracket.
type restriction struct {
	code     string
	from, to string
	line     int
}

type actorRecord struct {
	phrases []rawPhrase
	rs      []restriction
	starts  map[string]bool // real start dates of the record, YYYY-MM-DD
}

type rawPhrase struct {
	text string
	line int
}

// ReadActors parses a PETRARCH actor dictionary: records of a primary phrase
// (with optional inline [CODE] brackets), "+synonym" lines, and tab-indented
// "[CODE date]" restriction lines where date is empty, <D, >D or D-D (D is
// YYYYMMDD or YYMMDD, bounds inclusive).
func ReadActors(r io.Reader) ([]Actor, ActorStats, error) {
	st := ActorStats{Sentinel: map[string]int{}}
	var recs []*actorRecord
	var cur *actorRecord
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		for _, c := range []string{"#", ";", "<!--"} {
			if i := strings.Index(line, c); i >= 0 {
				line = line[:i]
			}
		}
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		switch {
		case t[0] == '[':
			if cur == nil {
				return nil, st, fmt.Errorf("read actors: line %d: date restriction before any actor", n)
			}
			cur.addBrackets(t, n, &st)
		case t[0] == '+':
			if cur == nil {
				return nil, st, fmt.Errorf("read actors: line %d: synonym before any actor", n)
			}
			cur.phrases = append(cur.phrases, rawPhrase{strings.TrimSpace(t[1:]), n})
		default:
			cur = &actorRecord{starts: map[string]bool{}}
			recs = append(recs, cur)
			st.Records++
			p := t
			if i := strings.IndexByte(t, '['); i >= 0 {
				p = t[:i]
				cur.addBrackets(t[i:], n, &st)
			}
			cur.phrases = append(cur.phrases, rawPhrase{strings.TrimSpace(p), n})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, st, fmt.Errorf("read actors: %w", err)
	}
	var rows []Actor
	for _, rec := range recs {
		rec.adjustEnds(&st)
		if len(rec.rs) == 0 {
			st.NoCode++
		}
		for _, p := range rec.phrases {
			st.Phrases++
			ph := phrase(p.text)
			if !hasLetter(ph) {
				st.Empty++
				continue
			}
			for _, r := range rec.rs {
				rows = append(rows, Actor{Phrase: ph, Code: r.code, From: r.from, To: r.to,
					Match: matchOf(p.text), Line: r.line})
			}
		}
	}
	out, dups := sortUnique(rows, func(a, b Actor) int {
		return cmp.Or(cmp.Compare(a.Phrase, b.Phrase), cmp.Compare(a.Code, b.Code), cmp.Compare(a.From, b.From),
			cmp.Compare(a.To, b.To), cmp.Compare(a.Match, b.Match))
	}, func(a Actor) int { return a.Line })
	st.Duplicates += dups
	for _, a := range out {
		if a.From == "" && a.To == "" {
			st.Undated++
		}
		if a.Match == Exact {
			st.Exact++
		}
		if hasOneLetterWord(a.Phrase) {
			st.OneLetterWord++
		}
	}
	st.MultiCode = conflicts(out, func(a Actor) (string, string) { return a.Phrase, a.Code })
	st.Rows = len(out)
	sort.Strings(st.BadCodes)
	return out, st, nil
}

// addBrackets reads every [CODE date] bracket of s.
func (rec *actorRecord) addBrackets(s string, line int, st *ActorStats) {
	for {
		o := strings.IndexByte(s, '[')
		if o < 0 {
			return
		}
		s = s[o+1:]
		inner := s
		if c := strings.IndexByte(s, ']'); c >= 0 {
			inner, s = s[:c], s[c+1:]
		} else {
			s = ""
		}
		st.Codes++
		code, date := splitRestriction(inner)
		if !validActorCode(code) {
			st.BadCode++
			st.BadCodes = append(st.BadCodes, fmt.Sprintf("%q", strings.TrimSpace(inner)))
			continue
		}
		from, to, start, err := parseRestriction(date, st)
		if err != nil {
			if err == errInverted {
				st.Inverted++
			} else {
				st.BadDate++
			}
			continue
		}
		if start != "" {
			rec.starts[start] = true
		}
		rec.rs = append(rec.rs, restriction{code: code, from: from, to: to, line: line})
	}
}

// splitRestriction separates "CODE date" (the code may be missing).
func splitRestriction(inner string) (code, date string) {
	f := strings.Fields(inner)
	if len(f) == 0 {
		return "", ""
	}
	if c := f[0][0]; c == '<' || c == '>' || (c >= '0' && c <= '9') {
		return "", strings.Join(f, "")
	}
	return f[0], strings.Join(f[1:], "")
}

// validActorCode accepts codes of 3-letter upper-case blocks (IRQGOV, IGO,
// PSEREBMUS); "000" is a placeholder, not a code.
func validActorCode(code string) bool {
	if code == "" || len(code)%3 != 0 || strings.HasPrefix(code, "000") {
		return false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return false
		}
	}
	return true
}

var errInverted = fmt.Errorf("end before start")

// parseRestriction turns "", "<D", ">D" or "D-D" into inclusive bounds
// ("" when open). start is the real start date the restriction brings into
// its record ("" when none), for the end adjustment. A range is inverted when
// its end, unless a sentinel, lies before its start as written: a
// 19700101 ("unknown") start does not excuse [JORGOV 19700101-19640922].
func parseRestriction(d string, st *ActorStats) (from, to, start string, err error) {
	switch {
	case d == "":
		return "", "", "", nil
	case d[0] == '<':
		to, _, err = parseDate(d[1:], st)
		return "", to, "", err
	case d[0] == '>':
		from, _, err = parseDate(d[1:], st)
		return from, "", from, err
	}
	a, b, ok := strings.Cut(d, "-")
	if !ok {
		return "", "", "", fmt.Errorf("date %q", d)
	}
	from, rawFrom, err := parseDate(a, st)
	if err != nil {
		return "", "", "", err
	}
	to, rawTo, err := parseDate(b, st)
	if err != nil {
		return "", "", "", err
	}
	if !sentinels[rawTo] && rawTo < rawFrom {
		return "", "", "", errInverted
	}
	return from, to, from, nil
}

// parseDate reads YYYYMMDD or YYMMDD (PETRARCH: YY ≤ 30 is 20YY, else 19YY)
// into YYYY-MM-DD; a sentinel date becomes "" (open). raw is the date as
// YYYYMMDD.
func parseDate(s string, st *ActorStats) (iso, raw string, err error) {
	s = strings.TrimSpace(s)
	if len(s) == 6 {
		if s[:2] <= "30" {
			s = "20" + s
		} else {
			s = "19" + s
		}
	}
	if len(s) != 8 {
		return "", "", fmt.Errorf("date %q", s)
	}
	if sentinels[s] {
		st.Sentinel[s]++
		return "", s, nil
	}
	t, err := time.Parse("20060102", s)
	if err != nil {
		return "", "", fmt.Errorf("date %q: %w", s, err)
	}
	return t.Format("2006-01-02"), s, nil
}

// adjustEnds applies UniversalPetrarch's check_date_boundaries: a range whose
// end is the day another range of the same record starts ends the day before,
// so that on that day only the later code applies. An adjustment that would
// end a range before its start is not made.
func (rec *actorRecord) adjustEnds(st *ActorStats) {
	for i := range rec.rs {
		r := &rec.rs[i]
		if r.to == "" || !rec.starts[r.to] {
			continue
		}
		t, _ := time.Parse("2006-01-02", r.to)
		prev := t.AddDate(0, 0, -1).Format("2006-01-02")
		if r.from != "" && prev < r.from {
			continue
		}
		r.to = prev
		st.Adjusted++
	}
}
