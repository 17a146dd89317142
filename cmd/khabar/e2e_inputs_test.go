package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/extract"
)

// Fast flags for tests that check the batch machinery, not extraction.
var fastArgs = []string{"extract", "--no-model", "--quiet", "--workers", "2"}

func extractArgs(more ...string) []string {
	return append(append([]string{}, fastArgs...), more...)
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// wantRecords checks ids and error codes of the output, in order.
func wantRecords(t *testing.T, recs []record, wantIDs, wantCodes []string) {
	t.Helper()
	if !equalStrings(ids(recs), wantIDs) {
		t.Errorf("ids\n got %q\nwant %q", ids(recs), wantIDs)
	}
	if !equalStrings(codes(recs), wantCodes) {
		t.Errorf("error codes\n got %q\nwant %q", codes(recs), wantCodes)
	}
}

const arabicDoc = "دعا وزير الخارجية المصري إلى وقف فوري لإطلاق النار في قطاع غزة."

func jsonLine(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

func TestMalformedLines(t *testing.T) {
	dir := t.TempDir()
	ok := func(id string) string { return jsonLine(t, map[string]string{"id": id, "text": arabicDoc}) }
	input := ok("a") +
		`{"id": "b", "text": "غير مكتمل` + "\n" + // truncated JSON
		"not json at all\n" +
		"\n   \n" + // blank lines are not records
		`{"id": "c"}` + "\n" + // no text
		`{"id": "d", "text": null}` + "\n" +
		`{"id": "e", "text": 42}` + "\n" +
		`[1, 2, 3]` + "\n" +
		`"just a string"` + "\n" +
		`{"id": "f", "text": "a"} trailing` + "\n" +
		ok("g") +
		`{"text": "` + arabicDoc + `"}` + // last line without newline, no id
		""
	writeFile(t, filepath.Join(dir, "in.jsonl"), []byte(input))
	res := runCLI(t, dir, nil, extractArgs("in.jsonl")...)
	if res.code != exitOK {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	recs := parseRecords(t, res.stdout)
	wantRecords(t, recs,
		[]string{"a", "in.jsonl:2", "in.jsonl:3", "c", "d", "in.jsonl:8", "in.jsonl:9", "in.jsonl:10", "in.jsonl:11", "g", "in.jsonl:13"},
		[]string{"", "bad_record", "bad_record", "bad_record", "bad_record", "bad_record", "bad_record", "bad_record", "bad_record", "", ""})
	for _, r := range recs {
		if r.Error != nil && r.Error.Code == "bad_record" && !strings.Contains(r.Error.Message, "in.jsonl:") {
			t.Errorf("%s: the message should say where the record is: %q", r.ID, r.Error.Message)
		}
	}

	// The same through stdin, detected as JSONL: ids name stdin.
	res = runCLI(t, dir, strings.NewReader(input), extractArgs()...)
	if res.code != exitOK {
		t.Fatalf("stdin: exit %d: %s", res.code, res.stderr)
	}
	recs = parseRecords(t, res.stdout)
	if len(recs) != 11 || recs[1].ID != "stdin:2" || recs[10].ID != "stdin:13" {
		t.Errorf("stdin ids: %q", ids(recs))
	}
}

func TestByteOrderMark(t *testing.T) {
	dir := t.TempDir()
	input := "\ufeff" + jsonLine(t, map[string]string{"id": "bom", "text": arabicDoc})
	writeFile(t, filepath.Join(dir, "in.jsonl"), []byte(input))
	// A JSONL file or stdin that starts with a UTF-8 byte order mark (as
	// some Windows tools write them) parses like one without.
	res := runCLI(t, dir, nil, extractArgs("in.jsonl")...)
	wantRecords(t, parseRecords(t, res.stdout), []string{"bom"}, []string{""})
	res = runCLI(t, dir, strings.NewReader(input), extractArgs()...)
	wantRecords(t, parseRecords(t, res.stdout), []string{"bom"}, []string{""})
}

func TestInvalidUTF8(t *testing.T) {
	dir := t.TempDir()
	bad := []byte("قطاع غزة \xff\xfe نهاية")
	writeFile(t, filepath.Join(dir, "a_bad.txt"), bad)
	writeFile(t, filepath.Join(dir, "b_good.txt"), []byte(arabicDoc))
	// Inside a JSONL line: raw invalid bytes in the text (encoding/json
	// would quietly turn them into U+FFFD), then a good line.
	lines := []byte(`{"id": "x", "text": "` + string(bad) + `"}` + "\n" +
		`{"id": "y", "text": "` + arabicDoc + `"}` + "\n" +
		`{"id": "z", "text": "ok \ud800 lone surrogate escape"}` + "\n")
	writeFile(t, filepath.Join(dir, "c.jsonl"), lines)

	res := runCLI(t, dir, nil, extractArgs("a_bad.txt", "b_good.txt", "c.jsonl")...)
	if res.code != exitOK {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	recs := parseRecords(t, res.stdout)
	wantRecords(t, recs,
		[]string{"a_bad.txt", "b_good.txt", "c.jsonl:1", "y", "z"},
		[]string{"invalid_utf8", "", "invalid_utf8", "", ""})
	if !bytes.Contains([]byte(res.stdout), []byte("\n")) || !json.Valid([]byte(strings.Split(res.stdout, "\n")[0])) {
		t.Errorf("output is not valid JSON: %q", res.stdout)
	}

	// Invalid UTF-8 on stdin as plain text.
	res = runCLI(t, dir, bytes.NewReader(bad), extractArgs()...)
	wantRecords(t, parseRecords(t, res.stdout), []string{"stdin"}, []string{"invalid_utf8"})
}

func TestEmptyInput(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "empty.jsonl"), nil)
	writeFile(t, filepath.Join(dir, "blank.jsonl"), []byte("\n  \n\t\n"))
	writeFile(t, filepath.Join(dir, "empty.jsonl.gz"), gzipped(t, nil))
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"empty jsonl file", "", []string{"empty.jsonl"}},
		{"blank jsonl file", "", []string{"blank.jsonl"}},
		{"empty gzip jsonl", "", []string{"empty.jsonl.gz"}},
		{"empty stdin", "", nil},
		{"empty stdin as -", "", []string{"-"}},
		{"empty stdin, jsonl", "", []string{"--input-format", "jsonl"}},
		{"empty stdin, text", "", []string{"--input-format", "text"}},
		{"blank stdin", "\n \n", nil},
		{"empty directory", "", []string{"."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runCLI(t, dir, strings.NewReader(tc.stdin), extractArgs(tc.args...)...)
			if res.code != exitOK || res.stdout != "" {
				t.Errorf("exit %d, stdout %q (want 0 records, exit 0); stderr %s", res.code, res.stdout, res.stderr)
			}
		})
	}
	// With -o, an empty input still produces an (empty) output file.
	res := runCLI(t, dir, nil, extractArgs("-o", "out.jsonl", "empty.jsonl")...)
	if b, err := os.ReadFile(filepath.Join(dir, "out.jsonl")); res.code != exitOK || err != nil || len(b) != 0 {
		t.Errorf("-o with empty input: exit %d, %v, %q", res.code, err, b)
	}
	// An empty .txt file is one (empty) document: an error record keeps
	// input count = output count.
	writeFile(t, filepath.Join(dir, "sub", "empty.txt"), nil)
	res = runCLI(t, dir, nil, extractArgs("sub/empty.txt")...)
	wantRecords(t, parseRecords(t, res.stdout), []string{"sub/empty.txt"}, []string{"empty_document"})
	// The summary says 0 docs when not quiet.
	res = runCLI(t, dir, nil, "extract", "--no-model", "empty.jsonl")
	if res.code != exitOK || !strings.Contains(res.stderr, "0 docs") {
		t.Errorf("summary for empty input: exit %d, stderr %q", res.code, res.stderr)
	}
}

func TestHugeDocuments(t *testing.T) {
	dir := t.TempDir()
	limit := 4 << 20 // extract's default WithMaxDocBytes
	huge := strings.Repeat("قطاع غزة ", limit/len("قطاع غزة ")+10)
	writeFile(t, filepath.Join(dir, "a.jsonl"), []byte(
		jsonLine(t, map[string]string{"id": "before", "text": arabicDoc})+
			jsonLine(t, map[string]string{"id": "huge", "text": huge})+
			jsonLine(t, map[string]string{"id": "after", "text": arabicDoc})))
	writeFile(t, filepath.Join(dir, "b_huge.txt"), []byte(huge))
	writeFile(t, filepath.Join(dir, "c.txt"), []byte(arabicDoc))
	wantIDs := []string{"before", "huge", "after", "b_huge.txt", "c.txt"}
	wantCodes := []string{"", "document_too_large", "", "document_too_large", ""}
	if !testing.Short() {
		// A JSONL line longer than the reader's limit is consumed and
		// becomes an error record; the next line is read normally.
		line := make([]byte, 0, extract.MaxLineBytes+100)
		line = append(line, `{"id": "too-long", "text": "`...)
		line = append(line, bytes.Repeat([]byte("x"), extract.MaxLineBytes)...)
		line = append(line, "\"}\n"...)
		line = append(line, jsonLine(t, map[string]string{"id": "next", "text": arabicDoc})...)
		writeFile(t, filepath.Join(dir, "d.jsonl"), line)
		wantIDs = append(wantIDs, "d.jsonl:1", "next")
		wantCodes = append(wantCodes, "bad_record", "")
	}
	res := runCLI(t, dir, nil, extractArgs(".")...)
	if res.code != exitOK {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	recs := parseRecords(t, res.stdout)
	for i := range recs {
		recs[i].ID = strings.TrimPrefix(recs[i].ID, "./")
	}
	wantRecords(t, recs, wantIDs, wantCodes)
}

func TestDirectories(t *testing.T) {
	dir := t.TempDir()
	doc := func(id string) []byte { return []byte(jsonLine(t, map[string]string{"id": id, "text": arabicDoc})) }
	writeFile(t, filepath.Join(dir, "in", "b.jsonl"), append(doc("b1"), doc("b2")...))
	writeFile(t, filepath.Join(dir, "in", "a.txt"), []byte(arabicDoc))
	writeFile(t, filepath.Join(dir, "in", "c", "d.jsonl.gz"), gzipped(t, append(doc("d1"), doc("d2")...)))
	writeFile(t, filepath.Join(dir, "in", "c", "e.txt.gz"), gzipped(t, []byte(arabicDoc)))
	writeFile(t, filepath.Join(dir, "in", "c", "f.ndjson"), doc("f1"))
	writeFile(t, filepath.Join(dir, "in", "c", "g.gz"), gzipped(t, doc("ignored-gz")))
	writeFile(t, filepath.Join(dir, "in", "notes.md"), []byte("ignored"))
	writeFile(t, filepath.Join(dir, "in", "data.json"), doc("ignored-json"))
	writeFile(t, filepath.Join(dir, "in", "z.txt.gz"), []byte("this is not gzip data"))
	writeFile(t, filepath.Join(dir, "in", "zz.txt"), []byte(arabicDoc))
	writeFile(t, filepath.Join(dir, "extra.jsonl"), doc("x1"))

	res := runCLI(t, dir, nil, extractArgs("in", "extra.jsonl")...)
	if res.code != exitOK {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	recs := parseRecords(t, res.stdout)
	// Lexical order within a directory; arguments in the order given; a
	// corrupt .gz is an error record and the batch goes on.
	wantRecords(t, recs,
		[]string{"in/a.txt", "b1", "b2", "d1", "d2", "in/c/e.txt.gz", "f1", "in/z.txt.gz", "in/zz.txt", "x1"},
		[]string{"", "", "", "", "", "", "", "bad_record", "", ""})

	// A truncated .gz: the records before the cut, then error records for
	// the torn line and the read error (bad_record, saying why), and the
	// next input is read normally.
	var lines []byte
	for i := range 200 {
		lines = append(lines, doc(fmt.Sprintf("t%d", i))...)
	}
	gz := gzipped(t, lines)
	writeFile(t, filepath.Join(dir, "cut", "a.jsonl.gz"), gz[:len(gz)*2/3])
	writeFile(t, filepath.Join(dir, "cut", "b.jsonl"), doc("after"))
	res = runCLI(t, dir, nil, extractArgs("cut")...)
	if res.code != exitOK {
		t.Fatalf("truncated gzip: exit %d: %s", res.code, res.stderr)
	}
	recs = parseRecords(t, res.stdout)
	good := 0
	for good < len(recs) && recs[good].Error == nil && recs[good].ID == fmt.Sprintf("t%d", good) {
		good++
	}
	bad := recs[good : len(recs)-1]
	if good < 10 || len(bad) < 1 || len(bad) > 2 || recs[len(recs)-1].ID != "after" {
		t.Fatalf("truncated gzip: ids %q codes %q", ids(recs), codes(recs))
	}
	eof := false
	for _, r := range bad {
		if r.errCode() != "bad_record" {
			t.Errorf("truncated gzip: %s: code %q, want bad_record", r.ID, r.errCode())
		}
		eof = eof || strings.Contains(r.Error.Message, "unexpected EOF")
	}
	if !eof {
		t.Errorf("truncated gzip: no error record says why: %+v", bad)
	}

	// A missing input is a usage error, before any output.
	res = runCLI(t, dir, nil, extractArgs("in", "nope.jsonl")...)
	if res.code != exitUsage || res.stdout != "" {
		t.Errorf("missing input: exit %d stdout %q", res.code, res.stdout)
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), []byte(arabicDoc))
	if err := os.Mkdir(filepath.Join(dir, "empty-model"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"model.onnx", "tokenizer.json", "config.json"} {
		writeFile(t, filepath.Join(dir, "corrupt-model", f), []byte("not what it should be"))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().String()
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"no command", nil, exitUsage},
		{"unknown command", []string{"frobnicate"}, exitUsage},
		{"help", []string{"help"}, exitOK},
		{"version", []string{"version"}, exitOK},
		{"extract -h", []string{"extract", "-h"}, exitOK},
		{"unknown flag", []string{"extract", "--no-such-flag"}, exitUsage},
		{"bad input format", []string{"extract", "--no-model", "--input-format", "xml"}, exitUsage},
		{"bad aggregation", []string{"extract", "--no-model", "--aggregation", "median", "a.txt"}, exitUsage},
		{"bad workers", []string{"extract", "--no-model", "--workers", "-3", "a.txt"}, exitUsage},
		{"resume without -o", []string{"extract", "--no-model", "--resume", "a.txt"}, exitUsage},
		{"missing input", []string{"extract", "--no-model", "missing.txt"}, exitUsage},
		// A -model that names neither a folder nor an embedded model is a
		// usage error; a folder (or file) that is not a model fails set-up.
		{"missing model dir", []string{"extract", "--model", filepath.Join(dir, "no-such-model"), "a.txt"}, exitUsage},
		{"empty model dir", []string{"extract", "--model", filepath.Join(dir, "empty-model"), "a.txt"}, exitFailure},
		{"corrupt model dir", []string{"extract", "--model", filepath.Join(dir, "corrupt-model"), "a.txt"}, exitFailure},
		{"no ONNX Runtime library", []string{"extract", "--ort-lib", filepath.Join(dir, "libonnxruntime.so"), "a.txt"}, exitFailure},
		{"model dir is a file", []string{"extract", "--model", filepath.Join(dir, "a.txt"), "a.txt"}, exitFailure},
		{"serve extra args", []string{"serve", "--no-model", "extra"}, exitUsage},
		{"serve bad log format", []string{"serve", "--no-model", "--log-format", "xml"}, exitUsage},
		{"serve missing model dir", []string{"serve", "--addr", "127.0.0.1:0", "--model", filepath.Join(dir, "no-such-model")}, exitUsage},
		{"serve empty model dir", []string{"serve", "--addr", "127.0.0.1:0", "--model", filepath.Join(dir, "empty-model")}, exitFailure},
		{"serve address in use", []string{"serve", "--no-model", "--addr", busy}, exitFailure},
		{"ok", []string{"extract", "--no-model", "--quiet", "a.txt"}, exitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runCLI(t, dir, nil, tc.args...)
			if res.code != tc.want {
				t.Errorf("khabar %q: exit %d, want %d\nstderr: %s", tc.args, res.code, tc.want, res.stderr)
			}
			if tc.want != exitOK && res.stdout != "" {
				t.Errorf("a failed run wrote to stdout: %q", res.stdout)
			}
			if tc.want != exitOK && res.stderr == "" {
				t.Errorf("a failed run should say why on stderr")
			}
		})
	}
}

func TestSummaryAndQuiet(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "in.jsonl"), []byte(
		jsonLine(t, map[string]string{"id": "1", "text": arabicDoc})+"broken\n"+
			jsonLine(t, map[string]string{"id": "3", "text": arabicDoc})))
	res := runCLI(t, dir, nil, "extract", "--no-model", "in.jsonl")
	if res.code != exitOK {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, "3 docs") || !strings.Contains(res.stderr, "1 errors") || !strings.Contains(res.stderr, "docs/s") {
		t.Errorf("summary: %q", res.stderr)
	}
	if len(parseRecords(t, res.stdout)) != 3 {
		t.Errorf("want 3 records: %s", res.stdout)
	}
	res = runCLI(t, dir, nil, "extract", "--no-model", "--quiet", "in.jsonl")
	if res.stderr != "" {
		t.Errorf("--quiet wrote %q", res.stderr)
	}
}
