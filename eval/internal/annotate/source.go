package annotate

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// source is the parsed annotation file, before markup is resolved.
type source struct {
	resolutions map[string]string // resolution id → adoption date
	paragraphs  []srcParagraph
}

type srcParagraph struct {
	id, date string
	line     int
	text     []srcLine
	events   []srcEvent
}

type srcLine struct {
	line int
	text string
}

type srcEvent struct {
	line int
	typ  string
	kv   map[string]string
}

// parseError is an error at a line of the source file.
type parseError struct {
	file string
	line int
	msg  string
}

func (e *parseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg) }

// parseSource reads the block structure of the source file. It reports every
// error it finds, not only the first.
func parseSource(name string, r io.Reader) (*source, []error) {
	src := &source{resolutions: map[string]string{}}
	var errs []error
	fail := func(line int, format string, a ...any) {
		errs = append(errs, &parseError{name, line, fmt.Sprintf(format, a...)})
	}
	var cur *srcParagraph
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		raw := strings.TrimRight(sc.Text(), " \t\r")
		line := strings.TrimSpace(raw)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "@resolution"):
			f := strings.Fields(line)
			if len(f) != 3 || !validResolutionID(f[1]) || !validISODate(f[2]) || len(f[2]) != 10 {
				fail(n, "want \"@resolution UNSC-<n> YYYY-MM-DD\", got %q", line)
				continue
			}
			if _, dup := src.resolutions[f[1]]; dup {
				fail(n, "resolution %s declared twice", f[1])
			}
			src.resolutions[f[1]] = f[2]
		case strings.HasPrefix(line, "==="):
			f := strings.Fields(strings.TrimPrefix(line, "==="))
			if len(f) != 2 || !validISODate(f[1]) || len(f[1]) != 10 {
				fail(n, "want \"=== ID YYYY-MM-DD\", got %q", line)
				cur = nil
				continue
			}
			if prev, dup := seen[f[0]]; dup {
				fail(n, "paragraph id %s already used at line %d", f[0], prev)
			}
			seen[f[0]] = n
			src.paragraphs = append(src.paragraphs, srcParagraph{id: f[0], date: f[1], line: n})
			cur = &src.paragraphs[len(src.paragraphs)-1]
		case cur == nil:
			fail(n, "text outside a paragraph (missing \"=== ID DATE\" header?)")
		case strings.HasPrefix(line, "EVENT "):
			ev, err := parseEventLine(strings.TrimPrefix(line, "EVENT "))
			if err != nil {
				fail(n, "%v", err)
				continue
			}
			ev.line = n
			cur.events = append(cur.events, ev)
		case strings.HasPrefix(line, "NOTE ") || line == "NOTE":
		default:
			if len(cur.events) > 0 {
				fail(n, "text line after EVENT lines (misspelt keyword?): %q", line)
				continue
			}
			cur.text = append(cur.text, srcLine{n, line})
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return src, errs
}

var eventKeys = set("trigger", "actor", "target", "participants", "venue", "resolution",
	"date", "location", "votes", "for", "against", "abstain",
	"actor_code", "target_code", "mode", "killed", "injured", "arrested", "size", "country",
	"plover", "cameo")

// parseEventLine parses `TYPE key=value key="quoted value" ...`.
func parseEventLine(s string) (srcEvent, error) {
	ev := srcEvent{kv: map[string]string{}}
	s = strings.TrimSpace(s)
	typ, rest, _ := strings.Cut(s, " ")
	if !eventTypes[typ] {
		return ev, fmt.Errorf("unknown event type %q", typ)
	}
	ev.typ = typ
	rest = strings.TrimSpace(rest)
	for rest != "" {
		key, after, ok := strings.Cut(rest, "=")
		if !ok || key == "" || strings.ContainsAny(key, " \t\"") {
			return ev, fmt.Errorf("want key=value, got %q", rest)
		}
		if !eventKeys[key] {
			return ev, fmt.Errorf("unknown key %q", key)
		}
		var val string
		if strings.HasPrefix(after, `"`) {
			end := strings.IndexByte(after[1:], '"')
			if end < 0 {
				return ev, fmt.Errorf("unterminated quote after %s=", key)
			}
			val, rest = after[1:1+end], after[2+end:]
		} else {
			val, rest, _ = strings.Cut(after, " ")
		}
		if val == "" {
			return ev, fmt.Errorf("empty value for %s", key)
		}
		if _, dup := ev.kv[key]; dup {
			return ev, fmt.Errorf("key %s given twice", key)
		}
		ev.kv[key] = val
		rest = strings.TrimSpace(rest)
	}
	if ev.kv["trigger"] == "" {
		return ev, fmt.Errorf("event %s has no trigger", typ)
	}
	return ev, nil
}
