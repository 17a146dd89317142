package annotate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteJSONL writes the records one JSON object a line, non-ASCII and
// HTML characters unescaped, so that the file diffs readably.
func WriteJSONL(w io.Writer, recs []Record) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("encode %s: %w", r.ID, err)
		}
	}
	return bw.Flush()
}

// Stats counts paragraphs, entities per type and events per type.
type Stats struct {
	Paragraphs int
	Entities   map[string]int
	Events     map[string]int
}

// Count returns the Stats of recs.
func Count(recs []Record) Stats {
	s := Stats{Paragraphs: len(recs), Entities: map[string]int{}, Events: map[string]int{}}
	for _, r := range recs {
		for _, e := range r.Entities {
			s.Entities[e.Type]++
		}
		for _, e := range r.Events {
			s.Events[e.Type]++
		}
	}
	return s
}

// Markdown renders the Stats as the tables of eval/testdata/README.md.
func (s Stats) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Paragraphs: %d\n\n| entity type | count |\n|---|---:|\n", s.Paragraphs)
	total := 0
	for _, t := range EntityTypes() {
		fmt.Fprintf(&b, "| %s | %d |\n", t, s.Entities[t])
		total += s.Entities[t]
	}
	fmt.Fprintf(&b, "| all | %d |\n\n| event type | count |\n|---|---:|\n", total)
	total = 0
	for _, t := range EventTypes() {
		fmt.Fprintf(&b, "| %s | %d |\n", t, s.Events[t])
		total += s.Events[t]
	}
	fmt.Fprintf(&b, "| all | %d |\n", total)
	return b.String()
}
