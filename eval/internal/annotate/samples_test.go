package annotate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/extract"
)

var update = flag.Bool("update", false, "rewrite the gold JSONL of every set in goldSets from its .src.txt")

// testdata returns the path of a file in eval/testdata.
func testdata(name string) string { return filepath.Join("..", "..", "testdata", name) }

// goldSet is one annotated source file, the gold JSONL generated from it,
// and the coverage the set must keep.
type goldSet struct {
	name       string
	src, jsonl string
	// minParagraphs is the least number of paragraphs (at least 1).
	minParagraphs int
	// minEvents is the least number of events of each listed type.
	minEvents map[string]int
	// allEntityTypes asks for every scored entity type (all but NORP).
	allEntityTypes bool
}

// goldSets are the project's annotated sets. TestGoldSets checks each: the
// committed JSONL equals the converter's output (-update rewrites it), the
// JSONL reads back as a consumer reads it with every span slicing to its
// text, and the coverage rules hold. TestEverySourceHasASet fails for a
// .src.txt in eval/testdata that has no row here.
//
// To add a set, add one row. The broad sets being annotated for the
// PLOVER-complete types go in as these two rows once their files exist:
//
//	{name: "broad", src: testdata("broad.src.txt"), jsonl: testdata("broad.jsonl"),
//		minParagraphs: 80, minEvents: with(atLeast(ploverTypes(), 5), map[string]int{extract.EventAttack: 15, extract.EventProtest: 15})},
//	{name: "broad-heldout", src: testdata("broad-heldout.src.txt"), jsonl: testdata("broad-heldout.jsonl"),
//		minParagraphs: 30},
//
// then run go test ./eval/internal/annotate -run TestGoldSets -update.
var goldSets = []goldSet{
	// The sample set was written for the first table of FORMAT.md's event
	// types (STATEMENT … DEPLOY).
	{name: "samples", src: testdata("samples.src.txt"), jsonl: testdata("samples.jsonl"),
		minParagraphs: 50, minEvents: atLeast(firstTableTypes(), 3), allEntityTypes: true},
	{name: "heldout", src: testdata("heldout.src.txt"), jsonl: testdata("heldout.jsonl"),
		minParagraphs: 45, minEvents: atLeast(firstTableTypes(), 3)},
	// The broad-news development set, in two parts by two annotators
	// (broad-a, broad-b): ANT corpus paragraphs for the PLOVER-complete
	// types (eval/testdata/README.md). Together ≥ 80 paragraphs, each new
	// type ≥ 5, ATTACK and PROTEST ≥ 15.
	{name: "broad-a", src: testdata("broad-a.src.txt"), jsonl: testdata("broad-a.jsonl"),
		minParagraphs: 40, minEvents: with(atLeast(ploverTypes(), 3), map[string]int{extract.EventAttack: 8, extract.EventProtest: 8})},
	{name: "broad-b", src: testdata("broad-b.src.txt"), jsonl: testdata("broad-b.jsonl"),
		minParagraphs: 40, minEvents: with(atLeast(ploverTypes(), 3), map[string]int{extract.EventAttack: 8, extract.EventProtest: 8})},
	// The held-out broad-news set: ANT corpus paragraphs annotated by a
	// second annotator from ANNOTATION.md alone (eval/testdata/README.md).
	{name: "broad-heldout", src: testdata("broad-heldout.src.txt"), jsonl: testdata("broad-heldout.jsonl"),
		minParagraphs: 30, minEvents: with(atLeast(ploverTypes(), 2), map[string]int{extract.EventAttack: 6, extract.EventProtest: 6})},
}

// firstTableTypes are FORMAT.md's first event table: STATEMENT … DEPLOY.
func firstTableTypes() []string {
	return extract.EventTypes[:slices.Index(extract.EventTypes, extract.EventDeploy)+1]
}

// ploverTypes are the nine types added for PLOVER: AGREE … COERCE.
func ploverTypes() []string {
	return extract.EventTypes[slices.Index(extract.EventTypes, extract.EventAgree):]
}

// atLeast maps every type to n.
func atLeast(types []string, n int) map[string]int {
	m := make(map[string]int, len(types))
	for _, t := range types {
		m[t] = n
	}
	return m
}

// with returns m with the entries of more added (more wins).
func with(m, more map[string]int) map[string]int {
	out := make(map[string]int, len(m)+len(more))
	for k, v := range m {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

func TestGoldSets(t *testing.T) {
	if len(goldSets) == 0 {
		t.Fatal("no gold sets")
	}
	for _, gs := range goldSets {
		t.Run(gs.name, func(t *testing.T) {
			checkRules(t, gs)
			recs := convertFile(t, gs.src)
			t.Run("UpToDate", func(t *testing.T) { checkUpToDate(t, gs, recs) })
			t.Run("Spans", func(t *testing.T) { checkJSONLSpans(t, gs.jsonl) })
			t.Run("Coverage", func(t *testing.T) { checkCoverage(t, gs, Count(recs)) })
		})
	}
}

// checkRules keeps a row from asking for nothing or for unknown types.
func checkRules(t *testing.T, gs goldSet) {
	t.Helper()
	if gs.minParagraphs < 1 {
		t.Errorf("set %s: minParagraphs %d, want at least 1", gs.name, gs.minParagraphs)
	}
	for typ, n := range gs.minEvents {
		if !slices.Contains(extract.EventTypes, typ) || n < 1 {
			t.Errorf("set %s: rule %s ≥ %d: not an event type of extract.EventTypes or not positive", gs.name, typ, n)
		}
	}
}

// convertFile converts a source file; it fails when the file is missing.
func convertFile(t *testing.T, src string) []Record {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := Convert(src, f)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// checkUpToDate fails when the committed JSONL differs from the
// converter's output; with -update it rewrites the file.
func checkUpToDate(t *testing.T, gs goldSet, recs []Record) {
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, recs); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(gs.jsonl, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s\n%s", gs.jsonl, Count(recs).Markdown())
		return
	}
	got, err := os.ReadFile(gs.jsonl)
	if err != nil {
		t.Fatalf("%v: generate it with\n  go test ./eval/internal/annotate -run TestGoldSets -update", err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Fatalf("%s is stale: regenerate with\n  go test ./eval/internal/annotate -run TestGoldSets -update", gs.jsonl)
	}
}

// checkJSONLSpans reads the committed JSONL as a consumer would and checks
// that every entity, trigger and argument span slices back to its text in
// code points, that entities are flat, and that arguments are entity spans.
func checkJSONLSpans(t *testing.T, path string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<22)
	n := 0
	ids := map[string]bool{}
	for sc.Scan() {
		n++
		var r Record
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if r.ID == "" || ids[r.ID] {
			t.Errorf("line %d: empty or repeated id %q", n, r.ID)
		}
		ids[r.ID] = true
		checkRecordSpans(t, r)
		for _, ev := range r.Events {
			if (ev.Type == "VOTE") != (ev.Votes != nil) && ev.Type != "ADOPT" {
				t.Errorf("%s: %s event votes=%v", r.ID, ev.Type, ev.Votes)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no records")
	}
}

// checkCoverage checks a set's coverage rules on its counts.
func checkCoverage(t *testing.T, gs goldSet, s Stats) {
	for _, p := range coverageProblems(gs, s) {
		t.Error(p)
	}
}

// coverageProblems lists the coverage rules of gs that s breaks.
func coverageProblems(gs goldSet, s Stats) []string {
	var out []string
	if s.Paragraphs < gs.minParagraphs {
		out = append(out, fmt.Sprintf("%d paragraphs, want at least %d", s.Paragraphs, gs.minParagraphs))
	}
	for _, typ := range extract.EventTypes {
		if want, ok := gs.minEvents[typ]; ok && s.Events[typ] < want {
			out = append(out, fmt.Sprintf("event type %s appears %d times, want at least %d", typ, s.Events[typ], want))
		}
	}
	if gs.allEntityTypes {
		for _, typ := range EntityTypes() {
			if typ != "NORP" && s.Entities[typ] == 0 {
				out = append(out, fmt.Sprintf("no %s entity", typ))
			}
		}
	}
	return out
}

// TestEverySourceHasASet: an annotated source in eval/testdata without a
// goldSets row would be neither converted nor checked.
func TestEverySourceHasASet(t *testing.T) {
	srcs, err := filepath.Glob(testdata("*.src.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) == 0 {
		t.Fatal("no .src.txt in eval/testdata")
	}
	for _, src := range srcs {
		if !slices.ContainsFunc(goldSets, func(gs goldSet) bool { return gs.src == src }) {
			t.Errorf("%s has no row in goldSets (samples_test.go): add one with its coverage rules", src)
		}
	}
	for _, gs := range goldSets {
		if !strings.HasSuffix(gs.src, ".src.txt") || strings.TrimSuffix(gs.src, ".src.txt") != strings.TrimSuffix(gs.jsonl, ".jsonl") {
			t.Errorf("set %s: want NAME.src.txt → NAME.jsonl, got %s → %s", gs.name, gs.src, gs.jsonl)
		}
	}
}

// TestCoverageRulesBite: the coverage check fails a set that misses its
// rules (here the broad set's), so the rules of goldSets are not decoration.
func TestCoverageRulesBite(t *testing.T) {
	gs := goldSet{name: "x", minParagraphs: 80,
		minEvents: with(atLeast(ploverTypes(), 5), map[string]int{extract.EventAttack: 15, extract.EventProtest: 15})}
	s := Stats{Paragraphs: 80, Entities: map[string]int{}, Events: atLeast(ploverTypes(), 5)}
	s.Events[extract.EventAttack] = 15
	s.Events[extract.EventProtest] = 15
	if p := coverageProblems(gs, s); len(p) != 0 {
		t.Fatalf("a set meeting its rules: %q", p)
	}
	s.Paragraphs = 79
	s.Events[extract.EventProtest] = 14
	s.Events[extract.EventCoerce] = 4
	delete(s.Events, extract.EventAid)
	gs.allEntityTypes = true
	want := []string{
		"79 paragraphs, want at least 80",
		"event type PROTEST appears 14 times, want at least 15",
		"event type AID appears 0 times, want at least 5",
		"event type COERCE appears 4 times, want at least 5",
	}
	got := coverageProblems(gs, s)
	if len(got) != len(want)+len(EntityTypes())-1 || !slices.Equal(got[:len(want)], want) {
		t.Errorf("problems %q, want %q and one per missing entity type", got, want)
	}
	if len(ploverTypes()) != 9 || len(firstTableTypes()) != 12 {
		t.Errorf("the type tables split as %d + %d, want 12 + 9", len(firstTableTypes()), len(ploverTypes()))
	}
}
