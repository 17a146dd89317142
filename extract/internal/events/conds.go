package events

import (
	"fmt"
	"strconv"
	"strings"
)

// cond is a context condition written as data (lexicon/conds.tsv): a
// lexicon row names it in its rules column like a Go rule, "!name" negates
// it. It holds when one of its cues occurs within Window words of the
// trigger in direction Dir, inside the trigger's sentence.
type cond struct {
	name   string
	dir    condDir
	window int
	// cues: cue classes (cues.tsv), entity types (@GPE) or exact bare
	// words (=عن); any one is enough.
	classes []string
	types   []string
	words   []string
}

type condDir uint8

const (
	dirRight condDir = iota
	dirLeft
	dirAround
	dirSentence
)

var condDirs = map[string]condDir{"right": dirRight, "left": dirLeft, "around": dirAround, "sentence": dirSentence}

// addCond parses a conds.tsv row: name, dir, window, cues.
func (lx *lexicon) addCond(f []string, file string, line int) error {
	name := f[0]
	if _, ok := ruleFuncs[name]; ok {
		return fmt.Errorf("cond %q shadows a Go rule", name)
	}
	if lx.conds[name] != nil {
		return fmt.Errorf("cond %q defined twice", name)
	}
	d, ok := condDirs[f[1]]
	if !ok {
		return fmt.Errorf("cond %q: direction %q (want right, left, around or sentence)", name, f[1])
	}
	cd := &cond{name: name, dir: d}
	if d != dirSentence {
		n, err := strconv.Atoi(f[2])
		if err != nil || n < 1 || n > 30 {
			return fmt.Errorf("cond %q: window %q (want 1..30)", name, f[2])
		}
		cd.window = n
	}
	for _, cue := range strings.Split(f[3], ",") {
		switch {
		case strings.HasPrefix(cue, "@"):
			if !entityTypes[cue[1:]] {
				return fmt.Errorf("cond %q: unknown entity type %q", name, cue)
			}
			cd.types = append(cd.types, cue[1:])
		case strings.HasPrefix(cue, "="):
			cd.words = append(cd.words, cue[1:])
		default:
			cd.classes = append(cd.classes, cue) // checked once cues.tsv is read
		}
	}
	lx.conds[name] = cd
	return nil
}

var entityTypes = map[string]bool{"PER": true, "ORG": true, "GPE": true, "LOC": true, "MISC": true,
	"RESOLUTION": true, "TITLE": true, "DATE": true, "NORP": true, "NUM": true}

// checkConds reports a cond that names an empty cue class (a misspelt class
// would otherwise be silently false).
func (lx *lexicon) checkConds() error {
	for _, cd := range lx.conds {
		for _, cl := range cd.classes {
			if len(lx.cues[cl]) == 0 && len(lx.cuePhrases[cl]) == 0 {
				return fmt.Errorf("lexicon/conds.tsv: cond %q names cue class %q, which cues.tsv does not define", cd.name, cl)
			}
		}
	}
	return nil
}

// ruleKnown reports whether a rules-column name resolves (a Go rule or a
// cond, either optionally negated with "!").
func (lx *lexicon) ruleKnown(r string) bool {
	r = strings.TrimPrefix(r, "!")
	_, ok := ruleFuncs[r]
	return ok || lx.conds[r] != nil
}

// ruleHolds evaluates one rules-column name for c.
func (a *analysis) ruleHolds(c *cand, r string) bool {
	neg := strings.HasPrefix(r, "!")
	r = strings.TrimPrefix(r, "!")
	var ok bool
	if f, found := ruleFuncs[r]; found {
		ok = f(a, c)
	} else {
		ok = a.condHolds(c, a.lx.conds[r])
	}
	return ok != neg
}

// condHolds scans the words around c as cd says; an entity counts as one
// word.
func (a *analysis) condHolds(c *cand, cd *cond) bool {
	switch cd.dir {
	case dirRight:
		return a.condScan(c, cd, c.last+1, 1, cd.window)
	case dirLeft:
		return a.condScan(c, cd, c.first-1, -1, cd.window)
	case dirAround:
		return a.condScan(c, cd, c.last+1, 1, cd.window) || a.condScan(c, cd, c.first-1, -1, cd.window)
	default:
		return a.condScan(c, cd, c.last+1, 1, len(a.toks)) || a.condScan(c, cd, c.first-1, -1, len(a.toks))
	}
}

func (a *analysis) condScan(c *cand, cd *cond, k, step, n int) bool {
	for seen := 0; k >= 0 && k < len(a.toks) && seen < n && a.toks[k].sent == c.sent; k += step {
		t := a.toks[k]
		if e := t.ent; e >= 0 {
			if contains(cd.types, a.ents[e].Type) {
				return true
			}
			if step > 0 {
				k = a.entLast[e]
			} else {
				k = a.entFirst[e]
			}
			seen++
			continue
		}
		if t.kind != tokWord {
			continue
		}
		seen++
		if a.cueAt(k, cd) {
			return true
		}
	}
	return false
}

func (a *analysis) cueAt(k int, cd *cond) bool {
	for _, cl := range cd.classes {
		if a.wordIs(k, cl) || a.stemIs(k, cl) {
			return true
		}
		if _, ok := a.phraseAt(k, cl); ok {
			return true
		}
	}
	if len(cd.words) > 0 {
		for _, r := range a.tokReadings(k) {
			if contains(cd.words, r.rest) {
				return true
			}
		}
	}
	return false
}
