package main

// End-to-end tests of the khabar command: every test here runs the real
// CLI as a separate process. TestMain re-executes the test binary as the
// command when cliEnv is set, so the child is built with the same flags
// (-race included) and needs no separate `go build`.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cliEnv makes the test binary run main() instead of the tests.
const cliEnv = "KHABAR_TEST_RUN_AS_CLI"

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from the current output")

func TestMain(m *testing.M) {
	if os.Getenv(cliEnv) == "1" {
		main() // exits
		return
	}
	os.Exit(m.Run())
}

// cliTimeout bounds every child process so that a hang fails the test
// instead of stalling the suite.
const cliTimeout = 3 * time.Minute

// cliCommand returns the command `khabar args...` run in dir (the package
// directory when dir is ""), not yet started.
func cliCommand(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), cliTimeout)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Dir = dir
	// A -race child would sleep 1s at exit (GORACE atexit_sleep_ms).
	cmd.Env = append(os.Environ(), cliEnv+"=1", "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// cliResult is what one run of the command produced.
type cliResult struct {
	code           int
	stdout, stderr string
}

// runCLI runs `khabar args...` in dir with stdin (nil: empty) and waits.
func runCLI(t *testing.T, dir string, stdin io.Reader, args ...string) cliResult {
	t.Helper()
	cmd := cliCommand(t, dir, args...)
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	res := cliResult{code: cmd.ProcessState.ExitCode(), stdout: out.String(), stderr: errb.String()}
	if err != nil && res.code < 0 {
		t.Fatalf("khabar %q: %v\nstderr: %s", args, err, res.stderr)
	}
	checkNoRace(t, res.stderr)
	return res
}

// checkNoRace fails when a child built with -race reported a data race.
func checkNoRace(t *testing.T, stderr string) {
	t.Helper()
	if strings.Contains(stderr, "WARNING: DATA RACE") {
		t.Errorf("the command reported a data race:\n%s", stderr)
	}
}

// record is an output record (FORMAT.md §2) as the tests read it.
type record struct {
	ID       string            `json:"id"`
	Date     string            `json:"date"`
	Entities []json.RawMessage `json:"entities"`
	Events   []json.RawMessage `json:"events"`
	Error    *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (r record) errCode() string {
	if r.Error == nil {
		return ""
	}
	return r.Error.Code
}

// wireRecord is one output line as it comes: raw values keep "null" apart
// from an absent key.
type wireRecord struct {
	ID       *string         `json:"id"`
	Date     string          `json:"date"`
	Entities json.RawMessage `json:"entities"`
	Events   json.RawMessage `json:"events"`
	Error    json.RawMessage `json:"error"`
}

// rawArray decodes a JSON array of values ("[]" cheaply); ok is false for
// anything else, null included.
func rawArray(raw json.RawMessage) (items []json.RawMessage, ok bool) {
	if string(raw) == "[]" {
		return []json.RawMessage{}, true
	}
	if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
		return nil, false
	}
	return items, true
}

// parseRecords parses JSONL output strictly: every line one object with
// id, entities and events arrays and error present; an error record has a
// code, a message and nothing else.
func parseRecords(t *testing.T, out string) []record {
	t.Helper()
	var recs []record
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 256<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		var w wireRecord
		if err := json.Unmarshal(line, &w); err != nil {
			t.Fatalf("output line %d is not a JSON object: %v\n%.300s", n, err, line)
		}
		if w.ID == nil || w.Error == nil {
			t.Fatalf("output line %d lacks id or error: %.300s", n, line)
		}
		r := record{ID: *w.ID, Date: w.Date}
		var ok1, ok2 bool
		r.Entities, ok1 = rawArray(w.Entities)
		r.Events, ok2 = rawArray(w.Events)
		if !ok1 || !ok2 {
			t.Fatalf("output line %d: entities and events must be arrays: %.300s", n, line)
		}
		if string(w.Error) != "null" {
			if err := json.Unmarshal(w.Error, &r.Error); err != nil || r.Error == nil {
				t.Fatalf("output line %d: error is not an object: %.300s", n, line)
			}
		}
		if r.Error != nil && (len(r.Entities) != 0 || len(r.Events) != 0 || r.Error.Code == "" || r.Error.Message == "") {
			t.Fatalf("output line %d: an error record must have a code, a message and no entities/events: %.300s", n, line)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if out != "" && !strings.HasSuffix(out, "\n") {
		t.Fatalf("output does not end with a newline: ...%q", out[max(0, len(out)-80):])
	}
	return recs
}

func ids(recs []record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

func codes(recs []record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.errCode()
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// spanShape is the part of an entity, trigger or argument whose offsets
// can be checked against the document text.
type spanShape struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// entityTypes are the FORMAT.md entity types.
var entityTypes = map[string]bool{"PER": true, "ORG": true, "GPE": true, "LOC": true, "MISC": true,
	"RESOLUTION": true, "TITLE": true, "DATE": true, "NORP": true, "NUM": true}

// eventTypes are the FORMAT.md event types.
var eventTypes = map[string]bool{"STATEMENT": true, "CALL": true, "MEET": true, "VOTE": true, "VETO": true,
	"DRAFT_SUBMIT": true, "ADOPT": true, "CONDEMN": true, "DEMAND": true, "ATTACK": true, "PROTEST": true, "DEPLOY": true}

// checkSpans checks what holds whatever the model finds: every span's
// text is the code point slice [start, end) of the document text, types
// are FORMAT.md types, event roles hold valid spans.
func checkSpans(t *testing.T, r record, text string) {
	t.Helper()
	runes := []rune(text)
	check := func(what string, s spanShape) {
		t.Helper()
		if s.Start < 0 || s.End <= s.Start || s.End > len(runes) {
			t.Errorf("%s: %s span [%d,%d) outside the text (%d code points)", r.ID, what, s.Start, s.End, len(runes))
			return
		}
		if got := string(runes[s.Start:s.End]); got != s.Text {
			t.Errorf("%s: %s text %q but text[%d:%d] is %q", r.ID, what, s.Text, s.Start, s.End, got)
		}
	}
	for _, raw := range r.Entities {
		var e struct {
			spanShape
			Type  string   `json:"type"`
			Score *float64 `json:"score"`
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatalf("%s: entity %s: %v", r.ID, raw, err)
		}
		if !entityTypes[e.Type] {
			t.Errorf("%s: entity type %q not in FORMAT.md", r.ID, e.Type)
		}
		if e.Score != nil && (*e.Score < 0 || *e.Score > 1) {
			t.Errorf("%s: entity score %v outside [0,1]", r.ID, *e.Score)
		}
		check("entity "+e.Type, e.spanShape)
	}
	for _, raw := range r.Events {
		var ev struct {
			Type       string                 `json:"type"`
			Trigger    spanShape              `json:"trigger"`
			Args       map[string][]spanShape `json:"args"`
			Confidence float64                `json:"confidence"`
		}
		if err := json.Unmarshal(raw, &ev); err != nil {
			t.Fatalf("%s: event %s: %v", r.ID, raw, err)
		}
		if !eventTypes[ev.Type] {
			t.Errorf("%s: event type %q not in FORMAT.md", r.ID, ev.Type)
		}
		if ev.Confidence < 0 || ev.Confidence > 1 {
			t.Errorf("%s: event confidence %v outside [0,1]", r.ID, ev.Confidence)
		}
		check("trigger of "+ev.Type, ev.Trigger)
		for role, spans := range ev.Args {
			for _, s := range spans {
				check(ev.Type+" "+role, s)
			}
		}
	}
}

// goldenDir holds the golden inputs (*.txt, *.jsonl) and outputs (*.golden).
const goldenDir = "testdata/golden"

// goldenArgs are the flags of the golden runs: no model, so the output
// does not need ONNX Runtime and is stable across model retraining.
var goldenArgs = []string{"extract", "--no-model", "--quiet", "--workers", "2", "--date", "2024-02-23"}

// goldenInputs returns the golden input files, relative to the package.
func goldenInputs(t *testing.T) []string {
	t.Helper()
	var in []string
	for _, pat := range []string{"*.txt", "*.jsonl"} {
		m, err := filepath.Glob(filepath.Join(goldenDir, pat))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, m...)
	}
	if len(in) == 0 {
		t.Fatal("no golden inputs in " + goldenDir)
	}
	return in
}

// docTexts maps the ids of an input file's documents to their texts, as
// the CLI assigns them (a .txt file's id is its path; a JSONL record
// without id is "<file>:<line>").
func docTexts(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".txt") {
		return map[string]string{path: string(b)}
	}
	out := map[string]string{}
	for i, line := range strings.Split(string(b), "\n") {
		var rec struct {
			ID   any    `json:"id"`
			Text string `json:"text"`
		}
		if strings.TrimSpace(line) == "" || json.Unmarshal([]byte(line), &rec) != nil {
			continue
		}
		id := fmt.Sprintf("%s:%d", path, i+1)
		switch v := rec.ID.(type) {
		case string:
			id = v
		case float64:
			id = fmt.Sprint(v)
		}
		out[id] = rec.Text
	}
	return out
}

// TestGoldenNoModel compares the output of each golden input with its
// .golden file. Run `go test ./cmd/khabar -run Golden -update` to rewrite
// them after an intended change, and review the diff.
func TestGoldenNoModel(t *testing.T) {
	for _, in := range goldenInputs(t) {
		name := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
		t.Run(name, func(t *testing.T) {
			res := runCLI(t, "", nil, append(goldenArgs, in)...)
			if res.code != exitOK {
				t.Fatalf("exit %d\n%s", res.code, res.stderr)
			}
			if res.stderr != "" {
				t.Errorf("--quiet run wrote to stderr: %s", res.stderr)
			}
			texts := docTexts(t, in)
			for _, r := range parseRecords(t, res.stdout) {
				text, ok := texts[r.ID]
				if !ok {
					t.Errorf("output id %q is not an input id", r.ID)
					continue
				}
				checkSpans(t, r, text)
			}
			golden := filepath.Join(goldenDir, name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(res.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got := res.stdout; got != string(want) {
				t.Errorf("output differs from %s (run with -update after checking the change):\n%s", golden, firstDiff(string(want), got))
			}
		})
	}
}

// firstDiff describes the first line where want and got differ.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, w, g)
		}
	}
	return "(same lines)"
}

// ortLibrary returns the ONNX Runtime library the model tests use, or ""
// when it is not installed.
func ortLibrary() string {
	if p := os.Getenv("ONNXRUNTIME_SHARED_LIBRARY_PATH"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	p, err := filepath.Abs("../../third_party/onnxruntime/lib/libonnxruntime.so.1.30.0")
	if err != nil {
		return ""
	}
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// TestModelSmoke runs the golden inputs through the default (embedded)
// model and checks only the shape: one record per input, in order, valid
// spans. It skips when ONNX Runtime is not installed (`make setup`).
func TestModelSmoke(t *testing.T) {
	lib := ortLibrary()
	if lib == "" {
		t.Skip("ONNX Runtime library not found: run `make setup` or set ONNXRUNTIME_SHARED_LIBRARY_PATH")
	}
	inputs := goldenInputs(t)
	args := append([]string{"extract", "--quiet", "--ort-lib", lib, "--date", "2024-02-23"}, inputs...)
	res := runCLI(t, "", nil, args...)
	if res.code != exitOK {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	recs := parseRecords(t, res.stdout)
	// The same documents without the model: same ids and error records.
	ref := runCLI(t, "", nil, append(append([]string{}, goldenArgs...), inputs...)...)
	refRecs := parseRecords(t, ref.stdout)
	if !equalStrings(ids(recs), ids(refRecs)) || !equalStrings(codes(recs), codes(refRecs)) {
		t.Fatalf("with the model: ids %q errors %q; without: ids %q errors %q", ids(recs), codes(recs), ids(refRecs), codes(refRecs))
	}
	texts := map[string]string{}
	for _, in := range inputs {
		for id, text := range docTexts(t, in) {
			texts[id] = text
		}
	}
	for _, r := range recs {
		checkSpans(t, r, texts[r.ID])
	}
}
