package extract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strconv"
	"unicode/utf8"
)

// MaxLineBytes is the longest JSONL input line ReadJSONL accepts (64 MiB);
// a longer line becomes an error record and reading goes on.
const MaxLineBytes = 64 << 20

// ReadJSONL reads FORMAT.md §1 input documents, one JSON object a line, from
// r. name identifies the input in default ids ("<name>:<line>") and errors.
// Blank lines are skipped. Every other line yields exactly one item: a Doc,
// or a Doc carrying only its id with an error wrapping ErrBadRecord or
// ErrInvalidUTF8 (malformed JSON, missing text, invalid UTF-8, an over-long
// line). A read error of r itself ends the sequence with that error.
func ReadJSONL(r io.Reader, name string) iter.Seq2[Doc, error] {
	return func(yield func(Doc, error) bool) {
		br := bufio.NewReaderSize(r, 1<<20)
		line := 0
		for {
			raw, tooLong, err := readLine(br)
			if len(raw) == 0 && err != nil {
				if err != io.EOF {
					yield(Doc{ID: fmt.Sprintf("%s:%d", name, line+1)}, fmt.Errorf("read %s: %w", name, err))
				}
				return
			}
			line++
			if line == 1 {
				raw = bytes.TrimPrefix(raw, []byte("\ufeff")) // a UTF-8 byte order mark
			}
			id := name + ":" + strconv.Itoa(line)
			if tooLong {
				if !yield(Doc{ID: id}, fmt.Errorf("%w: %s: line longer than %d bytes", ErrBadRecord, id, MaxLineBytes)) {
					return
				}
				continue
			}
			trimmed := bytes.TrimSpace(raw)
			if len(trimmed) == 0 {
				if err != nil {
					return
				}
				continue
			}
			d, derr := parseDoc(trimmed, id)
			if !yield(d, derr) {
				return
			}
			if err != nil {
				return
			}
		}
	}
}

// readLine reads one line (without its newline). Lines longer than
// MaxLineBytes are consumed and reported with tooLong.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		chunk, isPrefix, e := br.ReadLine()
		if !tooLong {
			line = append(line, chunk...)
			if len(line) > MaxLineBytes {
				line, tooLong = line[:0], true
			}
		}
		if e != nil {
			if tooLong {
				return []byte{0}, true, e
			}
			return line, false, e
		}
		if !isPrefix {
			if tooLong {
				return []byte{0}, true, nil
			}
			return line, false, nil
		}
	}
}

// inputRecord mirrors Doc but keeps the id's JSON type open: FORMAT.md ids
// are strings, numbers are accepted and kept as written.
type inputRecord struct {
	ID     json.RawMessage `json:"id"`
	Text   *string         `json:"text"`
	Date   string          `json:"date"`
	Source string          `json:"source"`
	Lang   string          `json:"lang"`
}

// ParseDoc parses one FORMAT.md §1 input record. defaultID is the id when
// the record has none. Errors wrap ErrBadRecord or ErrInvalidUTF8; the
// returned Doc always carries the id.
func ParseDoc(record []byte, defaultID string) (Doc, error) {
	return parseDoc(bytes.TrimSpace(record), defaultID)
}

func parseDoc(line []byte, defaultID string) (Doc, error) {
	d := Doc{ID: defaultID}
	// encoding/json would silently replace invalid UTF-8 with U+FFFD.
	if !utf8.Valid(line) {
		return d, fmt.Errorf("%w: %s", ErrInvalidUTF8, defaultID)
	}
	var rec inputRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		return d, fmt.Errorf("%w: %s: %v", ErrBadRecord, defaultID, err)
	}
	if len(rec.ID) > 0 && string(rec.ID) != "null" {
		var s string
		if err := json.Unmarshal(rec.ID, &s); err == nil {
			d.ID = s
		} else {
			d.ID = string(rec.ID)
		}
	}
	if rec.Text == nil {
		return d, fmt.Errorf("%w: %s: no \"text\" field", ErrBadRecord, defaultID)
	}
	d.Text, d.Date, d.Source, d.Lang = *rec.Text, rec.Date, rec.Source, rec.Lang
	return d, nil
}
