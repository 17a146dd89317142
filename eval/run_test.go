package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/extract"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// dictExtractor is a stand-in pipeline: it tags every occurrence of the
// words it knows and reports the documents it saw.
func dictExtractor(words map[string]string, seen *[]extract.Doc) Extractor {
	return ExtractorFunc(func(_ context.Context, docs []extract.Doc) ([]extract.Result, error) {
		out := make([]extract.Result, len(docs))
		for i, d := range docs {
			*seen = append(*seen, d)
			out[i] = extract.Result{ID: d.ID, Entities: []extract.Entity{}, Events: []extract.Event{}}
			for w, typ := range words {
				for from := 0; ; {
					j := strings.Index(d.Text[from:], w)
					if j < 0 {
						break
					}
					s := utf8.RuneCountInString(d.Text[:from+j])
					out[i].Entities = append(out[i].Entities, extract.Entity{Text: w, Type: typ, Start: s, End: s + utf8.RuneCountInString(w)})
					from += j + len(w)
				}
			}
		}
		return out, nil
	})
}

const conllGold = `قال O
الرئيس O
عبدالله B-PERS
الثاني I-PERS
في O
عمان B-LOC

وصل O
وفد O
الأمم B-ORG
المتحدة I-ORG
`

func TestRunCoNLLWithExtractor(t *testing.T) {
	dir := t.TempDir()
	gold := writeFile(t, dir, "gold.txt", conllGold)
	var seen []extract.Doc
	x := dictExtractor(map[string]string{"عبدالله الثاني": "PER", "عمان": "GPE", "الرئيس": "TITLE", "الأمم": "ORG"}, &seen)
	rep, err := Run(context.Background(), Config{Gold: gold, Extractor: x})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0].Text != "قال الرئيس عبدالله الثاني في عمان" || seen[1].ID != gold+":8" {
		t.Errorf("documents %+v", seen)
	}
	// PER→PERS and GPE→LOC by default, TITLE not scored: gold 3, pred 3
	// (PERS, LOC, ORG "الأمم" alone: boundary error), tp 2.
	checkPRF(t, "micro", rep.Entities.Micro, 2.0/3, 2.0/3, 2.0/3, 2, 1, 1)
	if rep.Meta.Map != "PER=PERS,GPE=LOC" || strings.Join(rep.Meta.Types, ",") != "LOC,ORG,PERS" {
		t.Errorf("meta %+v", rep.Meta)
	}
	if rep.Events != nil {
		t.Error("CoNLL gold has no events")
	}
	// The errors name the sentence and token range.
	var b bytes.Buffer
	if err := rep.WriteErrors(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("errors:\n%s", b.String())
	}
	var it ErrorItem
	if err := json.Unmarshal([]byte(lines[0]), &it); err != nil {
		t.Fatal(err)
	}
	if it.Doc != gold+":8" || it.Kind != "entity" || it.Text != "الأمم المتحدة" || *it.Start != 2 || *it.End != 4 ||
		it.Context != "وصل وفد [[الأمم المتحدة]]" || it.Near == nil || it.Near.Text != "الأمم" {
		t.Errorf("error item %+v", it)
	}

	// An explicit map and type list replace the defaults.
	m, _ := ParseTypeMap("PER=PERS,GPE=LOC,TITLE=MISC")
	rep, err = Run(context.Background(), Config{Gold: gold, Extractor: x, Options: Options{Map: m, Types: []string{"PERS", "MISC"}}})
	if err != nil {
		t.Fatal(err)
	}
	checkPRF(t, "explicit", rep.Entities.Micro, 0.5, 1, 2.0/3, 1, 1, 0)
}

func TestRunCoNLLWithPredictionFiles(t *testing.T) {
	dir := t.TempDir()
	gold := writeFile(t, dir, "gold.txt", conllGold)
	// A conlleval-style token-gold-pred file, read from column 3.
	three := strings.ReplaceAll(conllGold, "B-LOC\n", "B-LOC B-ORG\n")
	var lines []string
	for _, l := range strings.Split(three, "\n") {
		if f := strings.Fields(l); len(f) == 2 {
			l += " " + f[1]
		}
		lines = append(lines, l)
	}
	pred := writeFile(t, dir, "pred.txt", strings.Join(lines, "\n"))
	rep, err := Run(context.Background(), Config{Gold: gold, Pred: pred, PredColumn: 3})
	if err != nil {
		t.Fatal(err)
	}
	checkPRF(t, "column 3", rep.Entities.Micro, 2.0/3, 2.0/3, 2.0/3, 2, 1, 1)

	// One JSONL record per sentence, in order.
	jl := `{"id":"s1","entities":[{"text":"عمان","type":"GPE","start":29,"end":33}]}` + "\n" + `{"id":"s2","entities":[],"error":{"code":"internal","message":"x"}}` + "\n"
	rep, err = Run(context.Background(), Config{Gold: gold, Pred: writeFile(t, dir, "pred.jsonl", jl)})
	if err != nil {
		t.Fatal(err)
	}
	checkPRF(t, "jsonl per sentence", rep.Entities.Micro, 1, 1.0/3, 0.5, 1, 0, 2)
	if rep.Meta.PredErrors != 1 {
		t.Errorf("pred errors %d", rep.Meta.PredErrors)
	}

	bad := map[string]string{
		"fewer sentences": "قال O\n",
		"fewer tokens":    "قال O\nالرئيس O\n\nوصل O\nوفد O\nالأمم B-ORG\nالمتحدة I-ORG\n",
		"records":         `{"id":"s1","entities":[]}` + "\n",
		"record text":     `{"id":"s1","text":"x","entities":[]}` + "\n" + `{"id":"s2","entities":[]}` + "\n",
	}
	for name, content := range bad {
		_, err := Run(context.Background(), Config{Gold: gold, Pred: writeFile(t, dir, "bad", content)})
		if !errors.Is(err, ErrBadInput) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRunJSONL(t *testing.T) {
	dir := t.TempDir()
	g2 := `{"id":"p2","text":"ندد لبنان بالغارات","entities":[{"text":"لبنان","type":"GPE","start":4,"end":9}],"events":[]}`
	gold := writeFile(t, dir, "gold.jsonl", goldLine+"\n"+g2+"\n")
	// Predictions in another order, with an extra record.
	p1 := `{"id":"p1","entities":[{"text":"مصر","type":"GPE","start":6,"end":9},{"text":"غزة","type":"LOC","start":21,"end":24}],` +
		`"events":[{"type":"CONDEMN","trigger":{"text":"أدانت","start":0,"end":5},"args":{"actor":[{"text":"مصر","start":6,"end":9}],"target":[{"text":"غزة","start":21,"end":24}]},"votes":null,"sentence":0,"confidence":0.9}],"error":null}`
	p2 := `{"id":"p2","entities":[{"text":"لبنان","type":"GPE","start":4,"end":9}],"events":[{"type":"CONDEMN","trigger":{"text":"ندد","start":0,"end":3},"args":{}}]}`
	p3 := `{"id":"zz","entities":[],"events":[]}`
	pred := writeFile(t, dir, "pred.jsonl", p2+"\n"+p3+"\n"+p1+"\n")
	rep, err := Run(context.Background(), Config{Gold: gold, Pred: pred})
	if err != nil {
		t.Fatal(err)
	}
	// Entities: gold مصر غزة لبنان (GPE); pred مصر لبنان GPE, غزة LOC.
	checkPRF(t, "entities", rep.Entities.Micro, 2.0/3, 2.0/3, 2.0/3, 2, 1, 1)
	// Events: gold CONDEMN (p1); pred CONDEMN p1 (paired), CONDEMN p2 (fp).
	checkPRF(t, "events", rep.Events.Micro, 0.5, 1, 2.0/3, 1, 1, 0)
	// Arguments: actor مصر tp; target غزة tp; venue غزة (gold only) fn.
	checkPRF(t, "args", rep.Events.Args.Micro, 1, 2.0/3, 0.8, 2, 0, 1)
	if len(rep.Meta.Notes) != 1 || !strings.Contains(rep.Meta.Notes[0], "1 prediction records have no gold") {
		t.Errorf("notes %v", rep.Meta.Notes)
	}

	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var shape struct {
		Entities struct {
			Micro   map[string]float64            `json:"micro"`
			Macro   map[string]float64            `json:"macro"`
			PerType map[string]map[string]float64 `json:"per_type"`
		} `json:"entities"`
		Events struct {
			Micro   map[string]float64 `json:"micro"`
			PerType map[string]any     `json:"per_type"`
			Args    struct {
				PerRole map[string]any `json:"per_role"`
			} `json:"args"`
			Votes map[string]float64 `json:"votes"`
		} `json:"events"`
	}
	if err := json.Unmarshal(js.Bytes(), &shape); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"p", "r", "f1", "tp", "fp", "fn"} {
		if _, ok := shape.Entities.Micro[k]; !ok {
			t.Errorf("entities.micro.%s missing in %s", k, js.String())
		}
	}
	if shape.Entities.Macro["f1"] == 0 || shape.Entities.PerType["GPE"]["tp"] != 2 || shape.Events.PerType["CONDEMN"] == nil ||
		shape.Events.Args.PerRole["venue"] == nil || shape.Events.Votes == nil {
		t.Errorf("JSON shape:\n%s", js.String())
	}
	var table bytes.Buffer
	if err := rep.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Entities", "micro", "0.6667", "Events (asserted only)", "CONDEMN", "Event arguments", "Vote tallies"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}

	// Predictions by order when no id matches.
	pred = writeFile(t, dir, "order.jsonl", strings.ReplaceAll(p1, `"p1"`, `"x"`)+"\n"+strings.ReplaceAll(p2, `"p2"`, `"y"`)+"\n")
	rep, err = Run(context.Background(), Config{Gold: gold, Pred: pred})
	if err != nil || rep.Entities.Micro.TP != 2 || !strings.Contains(strings.Join(rep.Meta.Notes, ";"), "by order") {
		t.Errorf("by order: %v %+v", err, rep)
	}
	// A gold record without prediction, CoNLL predictions, no pipeline.
	for name, cfg := range map[string]Config{
		"missing": {Gold: gold, Pred: writeFile(t, dir, "m.jsonl", p1+"\n")},
		"conll":   {Gold: gold, Pred: writeFile(t, dir, "c.txt", "a O\n")},
		"nothing": {Gold: gold},
		"absent":  {Gold: filepath.Join(dir, "nope.jsonl"), Pred: pred},
	} {
		if _, err := Run(context.Background(), cfg); !errors.Is(err, ErrBadInput) {
			t.Errorf("%s: %v", name, err)
		}
	}

	// The pipeline path gets the gold documents with their dates.
	var seen []extract.Doc
	rep, err = Run(context.Background(), Config{Gold: gold, Extractor: dictExtractor(map[string]string{"مصر": "GPE"}, &seen)})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0].ID != "p1" || seen[0].Date != "2024-01-02" {
		t.Errorf("docs %+v", seen)
	}
	checkPRF(t, "pipeline", rep.Entities.Micro, 1, 1.0/3, 0.5, 1, 0, 2)
}

func TestKhabarDefaults(t *testing.T) {
	tests := []struct {
		gold      string
		map_, typ string
	}{
		{"B-PERS I-PERS B-LOC B-ORG B-MISC", "PER=PERS,GPE=LOC", "LOC,MISC,ORG,PERS"},
		{"B-PER B-LOC B-MIS1 I-MIS1 B-MIS0", "GPE=LOC,MIS*=MISC", "LOC,MISC,PER"},
		{"B-PERS B-GPE B-LOC B-NORP B-OCC", "PER=PERS", "GPE,LOC,OCC,PERS"},
	}
	for _, tc := range tests {
		var meta Meta
		opt := khabarDefaults(Options{}, [][]string{strings.Fields(tc.gold)}, &meta)
		if opt.Map.String() != tc.map_ || strings.Join(opt.Types, ",") != tc.typ {
			t.Errorf("%s: map %q types %v; want %q %q", tc.gold, opt.Map.String(), opt.Types, tc.map_, tc.typ)
		}
	}
	// Given options are kept.
	m, _ := ParseTypeMap("PER=X")
	var meta Meta
	opt := khabarDefaults(Options{Map: m, Types: []string{"X"}}, [][]string{{"B-PERS"}}, &meta)
	if opt.Map.String() != "PER=X" || len(opt.Types) != 1 || len(meta.Notes) != 0 {
		t.Errorf("explicit options replaced: %+v %v", opt, meta.Notes)
	}
}
