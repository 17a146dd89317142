package petrarchconv

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strings"
)

// Synset is one row of synsets.tsv: a member phrase of a synonym class that
// verb patterns refer to as &CLASS.
type Synset struct {
	Class  string // without &
	Phrase string
	Match  Match
	Src    string // source tag and line, "cameo:12"
}

// SynsetStats counts what ReadSynsets kept and repaired.
type SynsetStats struct {
	Classes         int
	Members         int // "+member" lines read
	Rows            int
	Duplicates      int
	ReversedMarkers int // "_member+" lines: the + and _ written at the wrong ends
	Empty           int
}

// readSynsets parses the synonym-set section of a PETRARCH verb dictionary
// (or a file holding only that section): "&CLASS" lines, each followed by
// "+member_phrase" lines. A member ending in "_" (or every member of a class
// whose label ends in "_") is matched as written; PETRARCH adds English
// plurals to the others, which khabar reads as a stem match. Reading stops
// at the verb patterns. tag names the file in Src.
func readSynsets(r io.Reader, tag string, st *SynsetStats) ([]Synset, error) {
	var rows []Synset
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	class, noPlural := "", false
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "####### VERB PATTERNS") {
			break
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		switch {
		case line == "":
		case line[0] == '&':
			class = strings.TrimPrefix(line, "&")
			noPlural = strings.HasSuffix(class, "_")
			class = strings.TrimSuffix(class, "_")
			st.Classes++
		case class == "":
		case line[0] == '+' || (line[0] == '_' && strings.HasSuffix(line, "+")):
			st.Members++
			raw := line[1:]
			if line[0] == '_' {
				// "_دكتاتور+" is "+دكتاتور_" typed right to left.
				st.ReversedMarkers++
				raw = strings.TrimSuffix(line[1:], "+") + "_"
			}
			p := phrase(raw)
			if !hasLetter(p) {
				st.Empty++
				continue
			}
			m := matchOf(raw)
			if noPlural {
				m = Exact
			}
			rows = append(rows, Synset{Class: class, Phrase: p, Match: m, Src: fmt.Sprintf("%s:%d", tag, n)})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read synsets (%s): %w", tag, err)
	}
	return rows, nil
}

// mergeSynsets sorts and deduplicates synset rows; the first source listed
// wins a duplicate.
func mergeSynsets(rows []Synset, st *SynsetStats) []Synset {
	out, dups := sortUnique(rows, func(a, b Synset) int {
		return cmp.Or(cmp.Compare(a.Class, b.Class), cmp.Compare(a.Phrase, b.Phrase), cmp.Compare(a.Match, b.Match))
	}, func(Synset) int { return 0 }) // input order breaks ties: the first source wins
	st.Duplicates += dups
	st.Rows = len(out)
	return out
}
