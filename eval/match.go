package eval

import (
	"unicode"
)

// mention is one entity to score: a type and a half-open range in the
// positions of its document (code points for JSONL, flat token positions
// for BIO corpora).
type mention struct {
	doc        int
	typ        string
	start, end int
}

// startTolerance reports whether two different starts of spans that share
// their end count as the same (FORMAT.md's proclitic tolerance). nil means
// starts must be equal.
type startTolerance func(doc, a, b int) bool

// matchMentions pairs gold and predicted mentions one-to-one within each
// document and type and returns, for every prediction, the index of its
// gold partner or -1. Pairs are made in rounds, each over what the earlier
// left: identical ranges; ranges with the same end whose starts tol
// accepts; with partial set, any overlapping ranges. Each round after the
// first makes as many pairs as it can (maximum bipartite matching).
func matchMentions(gold, pred []mention, tol startTolerance, partial bool) []int {
	type key struct {
		doc int
		typ string
	}
	groups := map[key][2][]int{}
	for i, m := range gold {
		k := key{m.doc, m.typ}
		g := groups[k]
		g[0] = append(g[0], i)
		groups[k] = g
	}
	for i, m := range pred {
		k := key{m.doc, m.typ}
		g := groups[k]
		g[1] = append(g[1], i)
		groups[k] = g
	}
	match := make([]int, len(pred))
	for i := range match {
		match[i] = -1
	}
	goldTaken := make([]bool, len(gold))
	for _, g := range groups {
		gs, ps := g[0], g[1]
		if len(gs) == 0 || len(ps) == 0 {
			continue
		}
		// Round 1: identical ranges.
		byRange := map[[2]int][]int{}
		for _, gi := range gs {
			r := [2]int{gold[gi].start, gold[gi].end}
			byRange[r] = append(byRange[r], gi)
		}
		for _, pi := range ps {
			r := [2]int{pred[pi].start, pred[pi].end}
			if c := byRange[r]; len(c) > 0 {
				match[pi], goldTaken[c[0]] = c[0], true
				byRange[r] = c[1:]
			}
		}
		doc := gold[gs[0]].doc
		if tol != nil {
			bipartite(gs, ps, match, goldTaken, func(gi, pi int) bool {
				a, b := gold[gi], pred[pi]
				return a.end == b.end && a.start != b.start && tol(doc, a.start, b.start)
			})
		}
		if partial {
			bipartite(gs, ps, match, goldTaken, func(gi, pi int) bool {
				a, b := gold[gi], pred[pi]
				return a.start < b.end && b.start < a.end
			})
		}
	}
	return match
}

// bipartite extends a matching between the still unmatched gold (gs) and
// predicted (ps) items over the edges ok accepts, with augmenting paths
// (Kuhn's algorithm), so that the number of pairs added is maximal.
func bipartite(gs, ps []int, match []int, goldTaken []bool, ok func(gi, pi int) bool) {
	var free []int
	for _, pi := range ps {
		if match[pi] < 0 {
			free = append(free, pi)
		}
	}
	var left []int
	for _, gi := range gs {
		if !goldTaken[gi] {
			left = append(left, gi)
		}
	}
	if len(free) == 0 || len(left) == 0 {
		return
	}
	adj := make([][]int, len(free)) // free pred → positions in left
	for i, pi := range free {
		for j, gi := range left {
			if ok(gi, pi) {
				adj[i] = append(adj[i], j)
			}
		}
	}
	owner := make([]int, len(left)) // position in left → position in free, or -1
	for j := range owner {
		owner[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for _, j := range adj[i] {
			if seen[j] {
				continue
			}
			seen[j] = true
			if owner[j] < 0 || try(owner[j], seen) {
				owner[j] = i
				return true
			}
		}
		return false
	}
	for i := range free {
		if len(adj[i]) > 0 {
			try(i, make([]bool, len(left)))
		}
	}
	for j, i := range owner {
		if i >= 0 {
			match[free[i]] = left[j]
			goldTaken[left[j]] = true
		}
	}
}

// countMatches turns a matching into per-type counts.
func countMatches(gold, pred []mention, match []int) counts {
	c := counts{}
	for _, m := range gold {
		c.add(m.typ, 0, 0, 1)
	}
	for i, m := range pred {
		tp := 0
		if match[i] >= 0 {
			tp = 1
		}
		c.add(m.typ, tp, 1, 0)
	}
	return c
}

// proclitics are the letters FORMAT.md leaves out of spans: و ف ب ل ك.
func isProclitic(r rune) bool {
	switch r {
	case 'و', 'ف', 'ب', 'ل', 'ك', 'ـ': // tatweel may join a proclitic (لـ)
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

// maxProclitics bounds the run of proclitic letters a start may differ by
// (و + ب + ل at most in practice).
const maxProclitics = 3

// procliticTolerance returns FORMAT.md's start tolerance over the texts of
// the documents: two starts are the same when both lie in the same word and
// everything from that word's start to the later one is proclitic letters,
// so "والولايات" and "الولايات", "للأمم" and "لأمم" match.
func procliticTolerance(texts [][]rune) startTolerance {
	return func(doc, a, b int) bool {
		if doc < 0 || doc >= len(texts) {
			return false
		}
		t := texts[doc]
		if a > b {
			a, b = b, a
		}
		if a < 0 || b > len(t) || b-a > maxProclitics {
			return false
		}
		ws := b
		for ws > 0 && isWordRune(t[ws-1]) {
			ws--
		}
		if a < ws || b-ws > maxProclitics {
			return false
		}
		for _, r := range t[ws:b] {
			if !isProclitic(r) {
				return false
			}
		}
		return true
	}
}
