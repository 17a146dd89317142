package eval

import (
	"errors"
	"strings"
	"testing"
)

func TestReadCoNLL(t *testing.T) {
	in := "\ufeffجلالة O\nالملك O\nعبدالله B-PERS\nالثاني I-PERS\r\n\n\n-DOCSTART- O\nفي\tO\nعمان\tB-LOC\n"
	c, err := ReadCoNLL(strings.NewReader(in), "a.txt", CoNLLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sentences) != 2 || c.Sentences[0].Line != 1 || c.Sentences[1].Line != 8 {
		t.Fatalf("sentences %+v", c.Sentences)
	}
	if got := c.Sentences[0].Text(); got != "جلالة الملك عبدالله الثاني" {
		t.Errorf("text %q", got)
	}
	if got := strings.Join(c.Sentences[1].Tags, " "); got != "O B-LOC" {
		t.Errorf("tags %q", got)
	}
	if c.Scheme != SchemeIOB2 || c.Tokens() != 6 {
		t.Errorf("scheme %s tokens %d", c.Scheme, c.Tokens())
	}
}

func TestReadCoNLLColumns(t *testing.T) {
	// Wojood: outer layer in column 2, nested layers after it.
	in := "المندوب B-OCC\nالدائم I-OCC\nللمغرب I-OCC B-GPE\n"
	for col, want := range map[int]string{0: "B-OCC I-OCC I-OCC", 2: "B-OCC I-OCC I-OCC"} {
		c, err := ReadCoNLL(strings.NewReader(in), "w.txt", CoNLLOptions{Column: col})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(c.Sentences[0].Tags, " "); got != want {
			t.Errorf("column %d: %q", col, got)
		}
	}
	_, err := ReadCoNLL(strings.NewReader(in), "w.txt", CoNLLOptions{Column: 3})
	if err == nil || !strings.Contains(err.Error(), "w.txt:1:") {
		t.Errorf("column 3 on a 2-column line: %v", err)
	}
	// NBSP inside a token is not a column separator.
	c, err := ReadCoNLL(strings.NewReader("a\u00a0b O\n"), "n.txt", CoNLLOptions{})
	if err != nil || c.Sentences[0].Tokens[0] != "a\u00a0b" {
		t.Errorf("NBSP token: %v %+v", err, c)
	}
}

func TestReadCoNLLErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"missing tag", "قال O\nمصر\n", "x.txt:2: want a token and a tag"},
		{"typo tag", "قال O\n\nالشمالي IO\n", "x.txt:3: malformed tag \"IO\""},
		{"double hyphen", "الأمريكية I--ORG\n", "x.txt:1: malformed tag \"I--ORG\""},
		{"no type", "x B-\n", "malformed tag \"B-\""},
		{"invalid utf8", "a O\n\xff\xfe B-PER\n", "x.txt:2: invalid UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCoNLL(strings.NewReader(tc.in), "x.txt", CoNLLOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrBadInput) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	c, err := ReadCoNLL(strings.NewReader("الشمالي IO\n16 OO\n"), "x.txt", CoNLLOptions{Lenient: true})
	if err != nil || c.Sentences[0].Tags[0] != "IO" {
		t.Errorf("lenient: %v", err)
	}
}

func TestDetectScheme(t *testing.T) {
	tests := []struct {
		tags string
		want Scheme
		ill  int
	}{
		{"O O O", SchemeNone, 0},
		{"B-PER I-PER O B-LOC", SchemeIOB2, 0},
		{"B-PER B-PER O B-LOC I-LOC", SchemeIOB2, 0},
		{"I-PER I-PER O I-LOC", SchemeIOB1, 0},
		{"I-PER B-PER O I-LOC", SchemeIOB1, 0},
		{"B-PER I-PER O I-LOC I-ORG", SchemeIOB2, 2},
		{"B-PER E-PER S-LOC", SchemeIOBES, 0},
		{"B-PER L-PER U-LOC", SchemeBILOU, 0},
	}
	for _, tc := range tests {
		c := &Corpus{Sentences: []Sentence{{Tags: strings.Fields(tc.tags)}}}
		got, ill := detectScheme(c.Sentences)
		if got != tc.want || ill != tc.ill {
			t.Errorf("%s: %s/%d, want %s/%d", tc.tags, got, ill, tc.want, tc.ill)
		}
	}
	c := &Corpus{Scheme: SchemeBILOU, Sentences: []Sentence{{Tags: []string{"B-PER", "L-PER", "U-LOC", "O"}}}}
	if got := strings.Join(c.Tags()[0], " "); got != "B-PER E-PER S-LOC O" {
		t.Errorf("BILOU as IOBES: %s", got)
	}
}

const goldLine = `{"id":"p1","text":"أدانت مصر الهجوم على غزة","date":"2024-01-02",` +
	`"entities":[{"text":"مصر","type":"GPE","start":6,"end":9},{"text":"غزة","type":"GPE","start":21,"end":24}],` +
	`"events":[{"type":"CONDEMN","trigger":{"text":"أدانت","start":0,"end":5},` +
	`"args":{"actor":["مصر"],"target":[{"text":"غزة","start":21,"end":24}],"venue":{"text":"غزة"}}}]}`

func TestReadRecords(t *testing.T) {
	in := "\ufeff" + goldLine + "\n\n" + `{"id":7,"text":"قال","events":[{"type":"STATEMENT","trigger":"قال","args":null}]}` + "\n"
	recs, err := ReadRecords(strings.NewReader(in), "g.jsonl", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].ID != "p1" || recs[1].ID != "7" || recs[1].Line != 3 {
		t.Fatalf("records %+v", recs)
	}
	ev := recs[0].Events[0]
	if a := ev.Args["actor"][0]; a.Text != "مصر" || a.Start != -1 {
		t.Errorf("plain argument %+v", a)
	}
	if a := ev.Args["target"][0]; a.Start != 21 || a.End != 24 {
		t.Errorf("span argument %+v", a)
	}
	if a := ev.Args["venue"]; len(a) != 1 || a[0].Start != -1 {
		t.Errorf("single-object argument %+v", a)
	}
	if tr := recs[1].Events[0].Trigger; tr.Start != 0 || tr.End != 3 {
		t.Errorf("plain trigger placed at %+v", tr)
	}
	// Predictions need no text.
	recs, err = ReadRecords(strings.NewReader(`{"id":"p1","entities":[{"text":"مصر","type":"GPE","start":6,"end":9}],"events":[],"error":null}`), "p.jsonl", false)
	if err != nil || len(recs) != 1 || recs[0].HasText {
		t.Errorf("prediction: %v %+v", err, recs)
	}
}

func TestReadRecordsErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
		gold           bool
	}{
		{"bad json", goldLine + "\n{\"id\": \n", "g.jsonl:2: bad JSON", true},
		{"not an object", "[1,2]\n", "g.jsonl:1: not a JSON object", true},
		{"no text", `{"id":"a","entities":[]}`, "g.jsonl:1: gold record has no \"text\"", true},
		{"offset text mismatch", `{"id":"a","text":"أدانت مصر","entities":[{"text":"مصر","type":"GPE","start":5,"end":8}]}`, `text at [5, 8) is " مص", not "مصر"`, true},
		{"beyond text", `{"id":"a","text":"مصر","entities":[{"text":"مصر","type":"GPE","start":0,"end":9}]}`, "beyond the text", true},
		{"bad offsets", `{"id":"a","entities":[{"text":"x","type":"GPE","start":3,"end":3}]}`, "bad offsets [3, 3)", false},
		{"no type", `{"id":"a","text":"مصر","entities":[{"text":"مصر","start":0,"end":3}]}`, "has no type", true},
		{"duplicate id", goldLine + "\n" + goldLine + "\n", "g.jsonl:2: duplicate id \"p1\" (first on line 1)", true},
		{"ambiguous trigger", `{"id":"a","text":"قال ثم قال","events":[{"type":"STATEMENT","trigger":"قال"}]}`, "occurs more than once", true},
		{"absent trigger", `{"id":"a","text":"قال","events":[{"type":"STATEMENT","trigger":"أكد"}]}`, "does not occur", true},
		{"no trigger", `{"id":"a","text":"قال","events":[{"type":"STATEMENT"}]}`, "no trigger", true},
		{"argument mismatch", `{"id":"a","text":"قال مصر","events":[{"type":"STATEMENT","trigger":"قال","args":{"actor":[{"text":"قطر","start":4,"end":7}]}}]}`, "actor argument 0", true},
		{"empty argument", `{"id":"a","text":"قال","events":[{"type":"STATEMENT","trigger":"قال","args":{"actor":[""]}}]}`, "has no text", true},
		{"argument number", `{"id":"a","text":"قال","events":[{"type":"STATEMENT","trigger":"قال","args":{"actor":[3]}}]}`, "want a span object or a string", true},
		{"id object", `{"id":{},"text":"قال"}`, "id must be a string or a number", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadRecords(strings.NewReader(tc.in), "g.jsonl", tc.gold)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrBadInput) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}
