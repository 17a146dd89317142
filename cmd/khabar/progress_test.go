package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/khabar-nlp/khabar/extract"
)

// TestProgressLine checks the plain (non-terminal) progress line: counts
// include documents skipped by --resume, errors, rate and ETA.
func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := startProgress(&buf, true, 100, 20) // quiet: no ticker; print by hand
	p.w = &buf
	p.start = time.Now().Add(-10 * time.Second)
	for i := range 30 {
		r := extract.Result{ID: "x"}
		if i%10 == 0 {
			r.Error = &extract.RecError{Code: "bad_record", Message: "m"}
		}
		p.add(r)
	}
	p.print()
	p.end()
	line := buf.String()
	for _, want := range []string{"50/100 docs (50%)", "3 errors", "docs/s"} {
		if !strings.Contains(line, want) {
			t.Errorf("progress line %q lacks %q", line, want)
		}
	}
	// 50 docs left at 3 docs/s: 16.7s, rounded (a slow test run may see
	// a slightly lower rate).
	if !regexp.MustCompile(`, ETA 1[78]s\n$`).MatchString(line) {
		t.Errorf("progress line %q: want ETA 17s", line)
	}
	if strings.Contains(line, "\r") || !strings.HasSuffix(line, "\n") {
		t.Errorf("a non-terminal progress line must be a plain line: %q", line)
	}

	// Unknown total (stdin): no percentage, no ETA.
	buf.Reset()
	p = startProgress(&buf, true, 0, 0)
	p.w = &buf
	p.add(extract.Result{})
	p.print()
	p.end()
	if line := buf.String(); !strings.HasPrefix(line, "khabar: 1 docs, 0 errors") || strings.Contains(line, "ETA") {
		t.Errorf("progress line without a total: %q", line)
	}
}

// TestCountRecords: the ETA's total counts non-blank JSONL lines (plain and
// gzipped) and one per text file.
func TestCountRecords(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/a.jsonl", []byte("{}\n\n  \n{}\n{}"))
	writeFile(t, dir+"/b.jsonl.gz", gzipped(t, []byte("{}\n{}\n")))
	writeFile(t, dir+"/c.txt", []byte("نص"))
	if n := countRecords([]string{dir + "/a.jsonl", dir + "/b.jsonl.gz", dir + "/c.txt"}); n != 6 {
		t.Errorf("countRecords = %d, want 6", n)
	}
	if n := countRecords([]string{dir + "/a.jsonl", "-"}); n != 0 {
		t.Errorf("with stdin the total is unknown: %d", n)
	}
}
