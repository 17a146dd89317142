package gazetteers

import (
	"sort"
	"strings"
)

// Match finds the gazetteer's names in norm, which must be text normalised by
// extract/normalize with normalize.Default() (the profile every form was
// normalised with when the gazetteer was loaded). Matches are whole words,
// leftmost-longest, never overlapping, in text order; a form may carry
// proclitics inside its first word (و ف ب ك ل and their combinations, لل for
// ل + the article), which the span leaves out, and an office may carry a
// suffix pronoun, which the span leaves out too. Map offsets back to the
// original text with normalize.Text.ToOriginal.
//
// Beside names, Match recognises resolution references ("القرار 2720",
// "القرار رقم 1701", "القرارين 2712 و2720", "قرار مجلس الأمن رقم 2712"): each
// number is a RESOLUTION, linked to UNSC-<n> with its adoption date when the
// registry knows it.
//
// A TITLE followed by a nisba or by the state or organisation it serves gets
// that country in Match.Country (وزير الخارجية الأمريكي → USA; الأمين العام
// للأمم المتحدة → UN). A capital gets its state's id, except when the text puts
// a locative preposition before it (في موسكو, بموسكو): then it is a literal
// place and only Country is set.
func (g *Gazetteer) Match(norm string) []Match {
	ix := &g.idx
	// Hits are gathered as small records and turned into Matches at the end,
	// with one allocation of the right size.
	hits := make([]hit, 0, len(norm)/128+16)
	unsorted := false
	// The word after a form's first word is scanned while walking the trie;
	// when the walk fails there, the next round starts from the word before
	// it (nextFrom) and takes its span and hash from here.
	nextFrom, nextS, nextE := -1, 0, 0
	var nextH uint64
	for i := 0; i < len(norm); {
		var ws, we int
		var h uint64
		switch {
		case i != nextFrom:
			ws, we, h = ix.table.nextCandidate(norm, i)
		case ix.table.mayHave(nextH):
			ws, we, h = nextS, nextE, nextH
		default:
			ws, we, h = ix.table.nextCandidate(norm, nextE)
		}
		if ws < 0 {
			break
		}
		ref, ok := ix.table.lookup(norm[ws:we], h)
		if !ok {
			i = we
			continue
		}
		best, bestEnd := int32(-1), 0
		n := ref.node
		if ix.nodes[n].val >= 0 {
			best, bestEnd = n, we
		}
		pos := we
		for ix.nodes[n].kids && pos+1 < len(norm) {
			s := pos + 1
			switch norm[pos] {
			case ' ', '-':
			case '.':
				// An initial: "غير أو. بيدرسن".
				if norm[s] != ' ' || !isInitial(norm[lastWordStart(norm, pos):pos]) {
					s = -1
				} else {
					s++
				}
			default:
				s = -1
			}
			if s < 0 || s >= len(norm) {
				break
			}
			if !isWordStart(norm, s) {
				break
			}
			e, wh := scanWord(norm, s)
			nextFrom, nextS, nextE, nextH = pos, s, e, wh
			c, ok := ix.etable.next(n, norm[s:e], wh)
			if !ok {
				break
			}
			n, pos = c, e
			if ix.nodes[n].val >= 0 {
				best, bestEnd = n, e
			}
		}
		if best < 0 {
			i = we
			continue
		}
		nd := ix.nodes[best]
		v := &ix.values[nd.val]
		switch {
		case v.block:
			i = bestEnd
			continue
		case v.trigger:
			before := len(hits)
			hits = g.resolutionsAfter(norm, we, hits)
			if len(hits) > before {
				unsorted = true
			}
			i = we
			continue
		}
		if v.context && !placeContext(norm, ws, ws+int(ref.skip), hits, ix) {
			i = we
			continue
		}
		hits = append(hits, hit{start: int32(ws + int(ref.skip)), end: int32(bestEnd - int(nd.trim)), val: nd.val, ws: int32(ws)})
		i = bestEnd
	}
	if unsorted {
		sort.SliceStable(hits, func(a, b int) bool { return hits[a].start < hits[b].start })
	}
	if len(hits) == 0 {
		return nil
	}
	out := make([]Match, len(hits))
	for k, h := range hits {
		m := &out[k]
		if h.val < 0 {
			*m = g.resolutionMatch(h)
			continue
		}
		v := &ix.values[h.val]
		*m = v.m
		m.Start, m.End = int(h.start), int(h.end)
		if m.Kind == KindCapital && m.ID != "" {
			if literalPlace(norm, int(h.ws), m.Start, false) {
				m.ID = "" // the city itself: Name stays the city's
			} else if st, ok := g.countries[m.ID]; ok {
				m.Name = st.Name // the capital stands for its state, and so does the name
			}
		}
		if v.building && literalPlace(norm, int(h.ws), m.Start, true) {
			m.Type = TypeLOC
		}
	}
	attachCountries(norm, out)
	return out
}

// hit is a match before it is expanded: its span, the value it stands for
// (or, when val < 0, the resolution number -val), and the start of its word.
type hit struct {
	start, end int32
	val        int32
	ws         int32
}

// literalPlace reports whether the place at [start, …) — inside the word that
// begins at ws — is governed by a locative preposition: the proclitic ب, or
// the word في or داخل before it; with motion, also إلى, أمام, خارج, قرب
// (a visit "إلى واشنطن" still names the state, a march "أمام البيت الأبيض"
// names the building).
func literalPlace(norm string, ws, start int, motion bool) bool {
	if strings.Contains(norm[ws:start], "ب") {
		return true
	}
	if ws < 2 || norm[ws-1] != ' ' {
		return false
	}
	switch prev := norm[lastWordStart(norm, ws-1) : ws-1]; prev {
	case "في", "وفي", "داخل", "بمدينة", "مدينة", "العاصمة":
		return true
	case "الي", "والي", "امام", "وامام", "خارج", "قرب", "بالقرب", "حول", "محيط":
		return motion
	}
	return false
}

// attachCountries gives a TITLE the country of a nisba, state or organisation
// that directly follows it.
func attachCountries(norm string, ms []Match) {
	for i := 0; i+1 < len(ms); i++ {
		t := &ms[i]
		if t.Type != TypeTITLE || t.Country != "" {
			continue
		}
		nx := ms[i+1]
		if t.End >= len(norm) || norm[t.End] != ' ' {
			continue
		}
		gap := nx.Start - (t.End + 1)
		switch {
		case gap == 0 && nx.Type == TypeNORP:
			t.Country = nx.Country
		case gap <= len("ل") && (nx.Type == TypeGPE && (nx.Kind == KindCountry || nx.Kind == KindTerritory)):
			t.Country = nx.Country
		case gap <= len("ل") && nx.Type == TypeORG && nx.ID != "":
			if nx.Kind == KindInstitution {
				t.Country = nx.Country
			} else {
				t.Country = nx.ID
			}
		}
	}
}

// lastWordStart returns the start of the word that ends at end.
func lastWordStart(s string, end int) int {
	i := end
	for i > 0 && s[i-1] != ' ' && s[i-1] != '-' && s[i-1] != '\n' {
		i--
	}
	return i
}

// Words (normalised: إلى is الي) after which a common word marked ? in the data
// (مالي) names a place.
var placeWords = map[string]bool{
	"في": true, "وفي": true, "الي": true, "والي": true, "حتي": true, "من": true, "ومن": true, "دولة": true,
	"جمهورية": true, "شمال": true, "جنوب": true, "شرق": true, "غرب": true, "وسط": true,
	"شمالي": true, "جنوبي": true, "شرقي": true, "غربي": true, "داخل": true, "خارج": true,
	"عاصمة": true, "حكومة": true, "رئيس": true, "مدينة": true, "محافظة": true, "ولاية": true,
	"بين": true, "مع": true, "حدود": true,
}

// placeContext reports whether the word at ws (whose form starts at start,
// after its proclitics) stands where a place name does: after ب or ل, after a
// word of placeWords, or right after another place in a list (النيجر ومالي).
func placeContext(norm string, ws, start int, hits []hit, ix *index) bool {
	if p := norm[ws:start]; strings.Contains(p, "ب") || strings.Contains(p, "ل") {
		return true
	}
	if ws < 2 {
		return false
	}
	j := ws - 1
	for j > 0 && (norm[j] == ' ' || norm[j] == ',') {
		j--
	}
	if strings.HasSuffix(norm[:j+1], "،") {
		j -= len("،")
		for j > 0 && norm[j] == ' ' {
			j--
		}
	}
	if n := len(hits); n > 0 && int(hits[n-1].end) == j+1 && hits[n-1].val >= 0 {
		if m := &ix.values[hits[n-1].val].m; m.Type == TypeGPE {
			return true
		}
	}
	return placeWords[norm[lastWordStart(norm, ws-1):ws-1]]
}
