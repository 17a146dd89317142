package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract"
)

// Record is one gold or predicted document: the output record of FORMAT.md
// §2, plus the text for gold (§3).
type Record struct {
	ID   string
	Text string
	// HasText is false for prediction records that carry no text (khabar's
	// own output).
	HasText  bool
	Date     string
	Entities []extract.Entity
	Events   []extract.Event
	// Error is set on a prediction record for a document khabar could not
	// process; such a record predicts nothing.
	Error *extract.RecError
	// Line is the 1-based line of the record in its file.
	Line int
}

// ReadRecords reads JSONL records (FORMAT.md §2/§3), one JSON object a line;
// blank lines are skipped and unknown fields ignored. With gold set, every
// record must have a text and a unique id, and every offset is checked
// against the text. In events an argument (and a trigger) may be given as a
// plain string instead of a span: a plain argument is scored by its text
// and keeps Start = End = -1; a plain trigger must occur exactly once in
// the text, where it is placed. Errors name the file and line and wrap
// ErrBadInput.
func ReadRecords(r io.Reader, name string, gold bool) ([]Record, error) {
	var out []Record
	seen := map[string]int{}
	err := eachLine(r, name, func(lineNo int, raw []byte) error {
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			return nil
		}
		rec, perr := parseRecord(raw, gold)
		if perr != nil {
			return inputError(name, lineNo, "%v", perr)
		}
		rec.Line = lineNo
		if gold {
			if rec.ID == "" {
				rec.ID = name + ":" + strconv.Itoa(lineNo)
			}
			if prev, dup := seen[rec.ID]; dup {
				return inputError(name, lineNo, "duplicate id %q (first on line %d)", rec.ID, prev)
			}
			seen[rec.ID] = lineNo
		}
		out = append(out, rec)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachLine calls fn with each line of r (newline included, a leading BOM
// on line 1 removed) and its 1-based number, stopping at the first error.
// Read errors name the file.
func eachLine(r io.Reader, name string, fn func(lineNo int, raw []byte) error) error {
	br := bufio.NewReader(r)
	for lineNo := 1; ; lineNo++ {
		raw, err := br.ReadBytes('\n')
		if len(raw) == 0 && err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("read %s: %w", name, err)
		}
		if lineNo == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
		}
		if ferr := fn(lineNo, raw); ferr != nil {
			return ferr
		}
		if err == io.EOF {
			return nil
		}
	}
}

// flexSpan is a span given either as a FORMAT.md span object or as a plain
// string (gold arguments).
type flexSpan struct {
	extract.Span
	plain bool
}

func (f *flexSpan) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		f.plain = true
		f.Start, f.End = -1, -1
		return json.Unmarshal(b, &f.Text)
	}
	if len(b) > 0 && b[0] != '{' {
		return fmt.Errorf("want a span object or a string, got %s", abbrev(string(b)))
	}
	return json.Unmarshal(b, &f.Span)
}

// flexSpans is a role's argument list; a single span is accepted too.
type flexSpans []flexSpan

func (f *flexSpans) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*f = nil
		return nil
	}
	if len(b) > 0 && b[0] != '[' {
		var one flexSpan
		if err := one.UnmarshalJSON(b); err != nil {
			return err
		}
		*f = flexSpans{one}
		return nil
	}
	var list []flexSpan
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	*f = list
	return nil
}

type rawEvent struct {
	Type       string               `json:"type"`
	Cameo      string               `json:"cameo"`
	Plover     string               `json:"plover"`
	Trigger    *flexSpan            `json:"trigger"`
	Args       map[string]flexSpans `json:"args"`
	Votes      *extract.Votes       `json:"votes"`
	Sentence   int                  `json:"sentence"`
	Confidence float64              `json:"confidence"`
	Modality   string               `json:"modality"`
	ActorCode  string               `json:"actor_code"`
	TargetCode string               `json:"target_code"`
	Mode       string               `json:"mode"`
	Magnitude  *extract.Magnitude   `json:"magnitude"`
	Country    string               `json:"country"`
}

type rawRecord struct {
	ID       json.RawMessage   `json:"id"`
	Text     *string           `json:"text"`
	Date     string            `json:"date"`
	Entities []extract.Entity  `json:"entities"`
	Events   []rawEvent        `json:"events"`
	Error    *extract.RecError `json:"error"`
}

func parseRecord(raw []byte, gold bool) (Record, error) {
	if raw[0] != '{' {
		return Record{}, fmt.Errorf("not a JSON object: %s", abbrev(string(raw)))
	}
	var rr rawRecord
	if err := json.Unmarshal(raw, &rr); err != nil {
		return Record{}, fmt.Errorf("bad JSON: %v", err)
	}
	rec := Record{Date: rr.Date, Entities: rr.Entities, Error: rr.Error}
	id, err := parseID(rr.ID)
	if err != nil {
		return Record{}, err
	}
	rec.ID = id
	if rr.Text != nil {
		if !utf8.ValidString(*rr.Text) {
			return Record{}, fmt.Errorf("text is not valid UTF-8")
		}
		rec.Text, rec.HasText = *rr.Text, true
	} else if gold {
		return Record{}, fmt.Errorf("gold record has no \"text\"")
	}
	var runes []rune
	if rec.HasText {
		runes = []rune(rec.Text)
	}
	for i := range rec.Entities {
		e := &rec.Entities[i]
		if e.Type == "" {
			return Record{}, fmt.Errorf("entity %d (%q) has no type", i, e.Text)
		}
		if err := checkSpan(runes, rec.HasText, &e.Text, e.Start, e.End); err != nil {
			return Record{}, fmt.Errorf("entity %d (%s): %v", i, e.Type, err)
		}
	}
	for i, re := range rr.Events {
		ev, err := convertEvent(re, runes, rec.HasText)
		if err != nil {
			return Record{}, fmt.Errorf("event %d (%s): %v", i, re.Type, err)
		}
		rec.Events = append(rec.Events, ev)
	}
	return rec, nil
}

func parseID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "", nil
	}
	var s string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("bad id: %v", err)
		}
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", fmt.Errorf("id must be a string or a number, got %s", abbrev(string(raw)))
	}
	return n.String(), nil
}

// checkSpan validates [start, end) and, when the text is known, that it
// holds *text (filling *text when it is empty).
func checkSpan(runes []rune, hasText bool, text *string, start, end int) error {
	if start < 0 || end <= start {
		return fmt.Errorf("bad offsets [%d, %d)", start, end)
	}
	if !hasText {
		return nil
	}
	if end > len(runes) {
		return fmt.Errorf("offsets [%d, %d) beyond the text (%d code points)", start, end, len(runes))
	}
	got := string(runes[start:end])
	if *text == "" {
		*text = got
		return nil
	}
	if got != *text {
		return fmt.Errorf("text at [%d, %d) is %q, not %q", start, end, got, *text)
	}
	return nil
}

func convertEvent(re rawEvent, runes []rune, hasText bool) (extract.Event, error) {
	if re.Type == "" {
		return extract.Event{}, fmt.Errorf("no type")
	}
	ev := extract.Event{Type: re.Type, Cameo: re.Cameo, Plover: re.Plover, Votes: re.Votes,
		Sentence: re.Sentence, Confidence: re.Confidence, Modality: re.Modality, ActorCode: re.ActorCode,
		TargetCode: re.TargetCode, Mode: re.Mode, Country: re.Country}
	if re.Magnitude != nil && !re.Magnitude.Empty() {
		for _, n := range []*int{re.Magnitude.Killed, re.Magnitude.Injured, re.Magnitude.Arrested, re.Magnitude.Size} {
			if n != nil && *n < 0 {
				return ev, fmt.Errorf("magnitude: negative count %d", *n)
			}
		}
		ev.Magnitude = re.Magnitude
	}
	if re.Trigger == nil {
		return ev, fmt.Errorf("no trigger")
	}
	tr := *re.Trigger
	switch {
	case tr.plain && hasText:
		s, err := locateUnique(runes, tr.Text)
		if err != nil {
			return ev, fmt.Errorf("trigger: %v", err)
		}
		tr.Start, tr.End = s, s+utf8.RuneCountInString(tr.Text)
	case tr.plain:
		// A prediction without text: the trigger is known by its text only.
	default:
		if err := checkSpan(runes, hasText, &tr.Text, tr.Start, tr.End); err != nil {
			return ev, fmt.Errorf("trigger: %v", err)
		}
	}
	ev.Trigger = tr.Span
	if len(re.Args) > 0 {
		ev.Args = make(map[string][]extract.Span, len(re.Args))
	}
	for role, list := range re.Args {
		spans := make([]extract.Span, 0, len(list))
		for j, a := range list {
			if !a.plain && !(a.Start == 0 && a.End == 0) {
				if err := checkSpan(runes, hasText, &a.Text, a.Start, a.End); err != nil {
					return ev, fmt.Errorf("%s argument %d: %v", role, j, err)
				}
			} else if !a.plain {
				a.Start, a.End = -1, -1 // an object with a text and no offsets
			}
			if strings.TrimSpace(a.Text) == "" {
				return ev, fmt.Errorf("%s argument %d has no text", role, j)
			}
			spans = append(spans, a.Span)
		}
		ev.Args[role] = spans
	}
	return ev, nil
}

// locateUnique returns the code point offset of the only occurrence of s.
func locateUnique(runes []rune, s string) (int, error) {
	if s == "" {
		return 0, fmt.Errorf("empty text")
	}
	text := string(runes)
	i := strings.Index(text, s)
	if i < 0 {
		return 0, fmt.Errorf("%q does not occur in the text", s)
	}
	if strings.Contains(text[i+1:], s) {
		return 0, fmt.Errorf("%q occurs more than once in the text: give it as a span with offsets", s)
	}
	return utf8.RuneCountInString(text[:i]), nil
}

// abbrev shortens s for an error message.
func abbrev(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}
