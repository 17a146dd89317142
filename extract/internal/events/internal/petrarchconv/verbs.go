package petrarchconv

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Verb is one row of verbs.tsv: a verb (with an optional particle phrase that
// must follow it) and a pattern that gives the CAMEO code. The pattern "*"
// alone is the verb without further context.
type Verb struct {
	Verb     string // lemma as in the source, khabar spelling
	Particle string // words after the verb, "" when none: في (حقق+في), ب زيارة الي (قام+ب زيارة+إلى)
	Cameo    string
	Pattern  string // khabar pattern syntax (pattern.go)
	Line     int    // line of the pattern, or of the verb for "*"
}

// VerbStats counts what ReadVerbs kept, repaired and dropped.
type VerbStats struct {
	Blocks          int
	BlocksWithCode  int // blocks whose header gives a default code (not ---)
	VerbLines       int // synonym lines
	VerbEntries     int // distinct (verb, particle) pairs over all blocks
	OwnCode         int // synonym lines with their own [code]
	CommaSplit      int // lines of several verbs joined by an Arabic comma (أعلن،+خبر)
	Placeholder     int // "هوو"/"هو" tokens (the English "oneself" of the source) removed
	Joined          int // words the source split in two, joined back (إس توفي → استوفي)
	ExtraDropped    int // extra tokens after a verb dropped (تصادم والتصادم)
	BadVerb         int // dropped: verb of fewer than two letters or with non-letters
	PatternLines    int
	Patterns        int // patterns kept
	BadPattern      int // dropped: unbalanced brackets, no * (see BadPatterns)
	UndefinedSynset int // dropped: a &CLASS not defined in the file
	BadCode         int // dropped: code not 2–4 digits
	Transformations int // "~" transformation lines (not converted)
	BareRows        int // rows with pattern "*"
	Rows            int
	Duplicates      int
	CodeConflicts   int // (verb, particle, pattern) with more than one code
	NounVerbs       int // distinct verbs ending in ة: nouns in the verb lists
	EnglishGloss    int // verb lines whose comment is an English gloss (# rush): translated blocks
	SubsetComment   int // patterns whose comment names fewer verbs than their block holds
	PatternRepairs  patternStats
	BadPatterns     []string // "line (reason)" of every dropped pattern
}

var blockHeader = regexp.MustCompile(`^---\s*(.*?)\s*\[([^\]]*)\]\s*---\s*$`)

type verbEntry struct {
	verb, particle, code string
	line                 int
}

type patternRow struct {
	text, code string
	line       int
}

// ReadVerbs parses a PETRARCH 2 verb dictionary: the synsets (returned too)
// and the verb blocks:
//
//	--- HEADVERB [code] ---
//	verb                 # gloss
//	verb+particle [code] # gloss
//	- * pattern words [code] # comment
//
// Every verb of a block (the header's and each synonym line's) takes every
// pattern of the block, as in PETRARCH; a verb also stands alone with its own
// code or the block's.
func ReadVerbs(r io.Reader) ([]Verb, []Synset, VerbStats, SynsetStats, error) {
	var st VerbStats
	var sst SynsetStats
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, st, sst, fmt.Errorf("read verbs: %w", err)
	}
	syns, err := readSynsets(strings.NewReader(string(raw)), "cameo", &sst)
	if err != nil {
		return nil, nil, st, sst, err
	}
	classes := map[string]bool{}
	for _, s := range syns {
		classes[s.Class] = true
	}

	var rows []Verb
	var verbs []verbEntry
	var pats []patternRow
	blockCode := ""
	flush := func() {
		seen := map[verbEntry]bool{}
		for _, v := range verbs {
			key := verbEntry{verb: v.verb, particle: v.particle, code: v.code}
			if seen[key] {
				continue
			}
			seen[key] = true
			if v.code != "" {
				rows = append(rows, Verb{Verb: v.verb, Particle: v.particle, Cameo: v.code, Pattern: "*", Line: v.line})
			}
			for _, p := range pats {
				rows = append(rows, Verb{Verb: v.verb, Particle: v.particle, Cameo: p.code, Pattern: p.text, Line: p.line})
			}
		}
		verbs, pats = nil, nil
	}

	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	inVerbs := false
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.HasPrefix(line, "####### VERB PATTERNS") {
			inVerbs = true
			continue
		}
		if !inVerbs {
			continue
		}
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "<!"):
		case strings.HasPrefix(t, "---"):
			flush()
			st.Blocks++
			m := blockHeader.FindStringSubmatch(t)
			if m == nil {
				return nil, nil, st, sst, fmt.Errorf("read verbs: line %d: bad block header %q", n, t)
			}
			blockCode = strings.TrimSpace(m[2])
			if blockCode == "---" {
				blockCode = ""
			} else if !validCameo(blockCode) {
				return nil, nil, st, sst, fmt.Errorf("read verbs: line %d: bad block code %q", n, blockCode)
			} else {
				st.BlocksWithCode++
			}
			for _, v := range parseVerbLine(m[1], &st) {
				verbs = append(verbs, verbEntry{verb: v.verb, particle: v.particle, code: blockCode, line: n})
			}
		case strings.HasPrefix(t, "-"):
			st.PatternLines++
			body := t[1:]
			if i := strings.IndexByte(body, '#'); i >= 0 {
				if named := countNames(body[i+1:]); named > 0 && named < distinctVerbs(verbs) {
					st.SubsetComment++
				}
				body = body[:i]
			}
			body, code := cutCode(body)
			if !validCameo(code) {
				st.BadCode++
				st.BadPatterns = append(st.BadPatterns, fmt.Sprintf("%d (code %q)", n, code))
				continue
			}
			p, err := parsePattern(body, classes, &st.PatternRepairs)
			if err != nil {
				if strings.HasPrefix(err.Error(), "undefined synset") {
					st.UndefinedSynset++
				} else {
					st.BadPattern++
				}
				st.BadPatterns = append(st.BadPatterns, fmt.Sprintf("%d (%v)", n, err))
				continue
			}
			st.Patterns++
			pats = append(pats, patternRow{text: p, code: code, line: n})
		case strings.HasPrefix(t, "~"):
			st.Transformations++
		default:
			st.VerbLines++
			body := t
			if i := strings.IndexByte(body, '#'); i >= 0 {
				if englishGloss(body[i+1:]) {
					st.EnglishGloss++
				}
				body = body[:i]
			}
			body, code := cutCode(body)
			if code != "" && code != "---" {
				if !validCameo(code) {
					st.BadCode++
					continue
				}
				st.OwnCode++
			} else {
				code = blockCode
			}
			for _, v := range parseVerbLine(body, &st) {
				verbs = append(verbs, verbEntry{verb: v.verb, particle: v.particle, code: code, line: n})
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, st, sst, fmt.Errorf("read verbs: %w", err)
	}
	flush()

	out, dups := sortUnique(rows, func(a, b Verb) int {
		return cmp.Or(cmp.Compare(a.Verb, b.Verb), cmp.Compare(a.Particle, b.Particle),
			comparePatterns(a.Pattern, b.Pattern), cmp.Compare(a.Cameo, b.Cameo))
	}, func(v Verb) int { return v.Line })
	st.Duplicates += dups
	entries := map[[2]string]bool{}
	nouns := map[string]bool{}
	for _, v := range out {
		entries[[2]string{v.Verb, v.Particle}] = true
		if strings.HasSuffix(v.Verb, "ة") {
			nouns[v.Verb] = true
		}
		if v.Pattern == "*" {
			st.BareRows++
		}
	}
	st.CodeConflicts = conflicts(out, func(v Verb) ([3]string, string) { return [3]string{v.Verb, v.Particle, v.Pattern}, v.Cameo })
	st.VerbEntries = len(entries)
	st.NounVerbs = len(nouns)
	st.Rows = len(out)
	return out, syns, st, sst, nil
}

// comparePatterns orders the bare verb first, then patterns as strings.
func comparePatterns(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "*":
		return -1
	case b == "*":
		return 1
	}
	return cmp.Compare(a, b)
}

// validCameo accepts a CAMEO event code of 2 to 4 digits.
func validCameo(c string) bool {
	if len(c) < 2 || len(c) > 4 {
		return false
	}
	for i := 0; i < len(c); i++ {
		if c[i] < '0' || c[i] > '9' {
			return false
		}
	}
	return true
}

// cutCode removes a trailing "[code]" and returns it ("" when absent).
func cutCode(s string) (rest, code string) {
	s = strings.TrimSpace(s)
	o := strings.LastIndexByte(s, '[')
	if o < 0 || !strings.HasSuffix(s, "]") {
		return s, ""
	}
	return strings.TrimSpace(s[:o]), strings.TrimSpace(s[o+1 : len(s)-1])
}

// parseVerbLine reads the verbs of a synonym line (or block header) without
// its code and comment: "verb", "verb+particle+...", and the source's
// slips repaired (see VerbStats).
func parseVerbLine(s string, st *VerbStats) []verbEntry {
	toks := strings.Fields(s)
	if len(toks) == 0 {
		return nil
	}
	if len(toks) == 1 && strings.Contains(toks[0], "،") {
		st.CommaSplit++
		var out []verbEntry
		for _, part := range strings.Split(toks[0], "،") {
			out = append(out, parseVerbLine(strings.Trim(part, "+"), st)...)
		}
		return out
	}
	kept := toks[:1]
	for _, t := range toks[1:] {
		if w := word(t); w == "هوو" || w == "هو" {
			st.Placeholder++
			continue
		}
		kept = append(kept, t)
	}
	toks = kept
	if len(toks) == 2 && !strings.Contains(toks[0], "+") && letters(word(toks[0])) <= 3 {
		st.Joined++
		toks = []string{toks[0] + toks[1]}
	}
	parts := strings.FieldsFunc(toks[0], func(r rune) bool { return r == '+' || r == '_' })
	if len(parts) == 0 {
		st.BadVerb++
		return nil
	}
	verb := word(parts[0])
	particle := parts[1:]
	if len(toks) > 1 {
		if strings.Contains(toks[0], "+") {
			for _, t := range toks[1:] {
				particle = append(particle, strings.FieldsFunc(t, func(r rune) bool { return r == '+' || r == '_' })...)
			}
		} else {
			st.ExtraDropped += len(toks) - 1
		}
	}
	if letters(verb) < 2 || letters(verb) != len([]rune(verb)) {
		st.BadVerb++
		return nil
	}
	return []verbEntry{{verb: verb, particle: phrase(strings.Join(particle, " "))}}
}

// countNames counts the distinct comma-separated names of a pattern comment.
func countNames(c string) int {
	seen := map[string]bool{}
	for _, n := range strings.Split(c, ",") {
		if n = strings.TrimSpace(n); n != "" {
			seen[n] = true
		}
	}
	return len(seen)
}

// distinctVerbs counts the distinct verbs of a block.
func distinctVerbs(vs []verbEntry) int {
	seen := map[[2]string]bool{}
	for _, v := range vs {
		seen[[2]string{v.verb, v.particle}] = true
	}
	return len(seen)
}

// englishGloss reports whether a comment is Latin-script words (the English
// verb the Arabic line was translated from).
func englishGloss(c string) bool {
	c = strings.TrimSpace(c)
	if c == "" {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == ',' || r == ' ' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
