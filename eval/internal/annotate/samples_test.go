package annotate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/khabar-nlp/khabar/extract"
)

var update = flag.Bool("update", false, "rewrite eval/testdata/{samples,heldout}.jsonl from their .src.txt")

var (
	samplesSrc   = filepath.Join("..", "..", "testdata", "samples.src.txt")
	samplesJSONL = filepath.Join("..", "..", "testdata", "samples.jsonl")
	heldoutSrc   = filepath.Join("..", "..", "testdata", "heldout.src.txt")
	heldoutJSONL = filepath.Join("..", "..", "testdata", "heldout.jsonl")
)

// TestSamplesUpToDate regenerates the gold JSONL from its source in memory
// and fails when the committed file differs. Run with -update to rewrite it.
func TestSamplesUpToDate(t *testing.T) { checkUpToDate(t, samplesSrc, samplesJSONL) }

// TestHeldoutUpToDate does the same for the held-out set.
func TestHeldoutUpToDate(t *testing.T) { checkUpToDate(t, heldoutSrc, heldoutJSONL) }

func checkUpToDate(t *testing.T, samplesSrc, samplesJSONL string) {
	f, err := os.Open(samplesSrc)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := Convert(samplesSrc, f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, recs); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(samplesJSONL, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s\n%s", samplesJSONL, Count(recs).Markdown())
		return
	}
	got, err := os.ReadFile(samplesJSONL)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Fatalf("%s is stale: regenerate with\n  go test ./eval/internal/annotate -run UpToDate -update", samplesJSONL)
	}
}

// TestSamplesSpans reads the committed JSONL as a consumer would and checks
// that every entity, trigger and argument span slices back to its text in
// code points, that entities are flat, and that arguments are entity spans.
func TestSamplesSpans(t *testing.T) {
	f, err := os.Open(samplesJSONL)
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

// TestSamplesCoverage keeps the sample set as broad as the eval issue asks:
// at least 50 paragraphs, every event type of FORMAT.md at least three
// times, and every scored entity type present.
func TestSamplesCoverage(t *testing.T) {
	f, err := os.Open(samplesSrc)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := Convert(samplesSrc, f)
	if err != nil {
		t.Fatal(err)
	}
	s := Count(recs)
	if s.Paragraphs < 50 {
		t.Errorf("%d paragraphs, want at least 50", s.Paragraphs)
	}
	// The sample set was written for the first table of FORMAT.md's event
	// types (STATEMENT … DEPLOY); the PLOVER-complete types have sets of
	// their own.
	first := extract.EventTypes[:slices.Index(extract.EventTypes, extract.EventDeploy)+1]
	for _, typ := range first {
		if s.Events[typ] < 3 {
			t.Errorf("event type %s appears %d times, want at least 3", typ, s.Events[typ])
		}
	}
	for _, typ := range EntityTypes() {
		if typ != "NORP" && s.Entities[typ] == 0 {
			t.Errorf("no %s entity", typ)
		}
	}
}
