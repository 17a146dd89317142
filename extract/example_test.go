package extract_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/khabar-nlp/khabar/extract"
)

// The happy path: build the pipeline once, extract from a document, read
// entities with their links and offsets in code points of the text.
func Example() {
	ctx := context.Background()
	p, err := extract.New(ctx) // embedded default model, gazetteers, event rules
	if err != nil {
		log.Fatal(err) // errors.Is(err, extract.ErrNoRuntime): run `make setup`
	}
	defer p.Close()

	text := "أعلنت وزارة الخارجية الروسية أن موسكو تدين الهجوم، وقال مجلس الأمن إن القرار 2720 لم ينفذ."
	res, err := p.Extract(ctx, extract.Doc{ID: "1", Text: text, Date: "2024-02-21"})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range res.Entities {
		if e.Link != nil && (e.Type == "ORG" || e.Type == "RESOLUTION") {
			fmt.Println(e.Type, e.Text, e.Link.ID, e.Start, e.End)
		}
	}
	// Output:
	// ORG وزارة الخارجية الروسية RUS-MFA 6 28
	// ORG مجلس الأمن UNSC 56 66
	// RESOLUTION 2720 UNSC-2720 77 81
}

// Streaming a batch: every input yields one result, in order; records that
// fail carry an error instead of stopping the batch.
func ExamplePipeline_ExtractAll() {
	ctx := context.Background()
	p, err := extract.New(ctx, extract.WithoutStages(extract.StageModel))
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close()
	in := strings.NewReader(`{"id":"a","text":"أدانت الجامعة العربية الغارات على غزة"}
{"id":"b","text":""}
not json
`)
	err = p.ExtractAll(ctx, extract.ReadJSONL(in, "in.jsonl"), func(r extract.Result) error {
		if r.Error != nil {
			fmt.Println(r.ID, "error:", r.Error.Code)
			return nil
		}
		fmt.Println(r.ID, len(r.Entities) > 0)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// a true
	// b error: empty_document
	// in.jsonl:3 error: bad_record
}
