package extract

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// newTestPipeline builds a pipeline without the model so that these tests
// need no ONNX Runtime; model tests live beside the model stage.
func newTestPipeline(t *testing.T, opts ...Option) *Pipeline {
	t.Helper()
	p, err := New(context.Background(), append([]Option{WithoutStages(StageModel)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func TestExtractErrors(t *testing.T) {
	p := newTestPipeline(t, WithMaxDocBytes(100))
	for _, tc := range []struct {
		doc  Doc
		want error
		code string
	}{
		{Doc{ID: "u", Text: "مصر\xff"}, ErrInvalidUTF8, "invalid_utf8"},
		{Doc{ID: "e", Text: ""}, ErrEmptyDoc, "empty_document"},
		{Doc{ID: "w", Text: " \n\u200f\t "}, ErrEmptyDoc, "empty_document"},
		{Doc{ID: "l", Text: strings.Repeat("مصر ", 40)}, ErrDocTooLarge, "document_too_large"},
		{Doc{ID: "d", Text: "مصر", Date: "21/02/2024"}, ErrBadDate, "bad_date"},
	} {
		res, err := p.Extract(context.Background(), tc.doc)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.doc.ID, err, tc.want)
		}
		if res.ID != tc.doc.ID || res.Error == nil || res.Error.Code != tc.code || len(res.Entities) != 0 {
			t.Errorf("%s: result %+v", tc.doc.ID, res)
		}
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []Option{WithBatchSize(0), WithStride(-1), WithThreads(-1, 0), WithGraphOptimization(7),
		WithModelDir(""), WithWorkers(0), WithMaxDocBytes(0), WithoutStages("nope"), WithAggregation(Aggregation(42))} {
		if _, err := New(context.Background(), o); !errors.Is(err, ErrBadOption) {
			t.Errorf("got %v, want ErrBadOption", err)
		}
	}
	if _, err := ParseAggregation("mean"); !errors.Is(err, ErrBadOption) {
		t.Errorf("ParseAggregation: %v", err)
	}
	for _, s := range []string{"none", "simple", "first", "average", "max", "default"} {
		a, err := ParseAggregation(s)
		if err != nil || a.String() != s {
			t.Errorf("ParseAggregation(%q) = %v, %v", s, a, err)
		}
	}
}

func TestExtractAllKeepsOrderAndCount(t *testing.T) {
	p := newTestPipeline(t, WithWorkers(4))
	const n = 300
	docs := func(yield func(Doc, error) bool) {
		for i := 0; i < n; i++ {
			var d Doc
			var err error
			switch i % 10 {
			case 3:
				d, err = Doc{ID: fmt.Sprint(i)}, fmt.Errorf("%w: malformed", ErrBadRecord)
			case 5:
				d = Doc{ID: fmt.Sprint(i), Text: "\xfe"}
			default:
				d = Doc{ID: fmt.Sprint(i), Text: strings.Repeat("قال الرئيس إن الوضع خطير. ", i%7+1)}
			}
			if !yield(d, err) {
				return
			}
		}
	}
	var got []Result
	if err := p.ExtractAll(context.Background(), docs, func(r Result) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d results for %d inputs", len(got), n)
	}
	for i, r := range got {
		if r.ID != fmt.Sprint(i) {
			t.Fatalf("result %d has id %s", i, r.ID)
		}
		wantErr := map[int]string{3: "bad_record", 5: "invalid_utf8"}[i%10]
		gotErr := ""
		if r.Error != nil {
			gotErr = r.Error.Code
		}
		if gotErr != wantErr {
			t.Errorf("result %d error %q, want %q", i, gotErr, wantErr)
		}
	}
}

func TestExtractAllStopsOnEmitError(t *testing.T) {
	p := newTestPipeline(t)
	stop := errors.New("disk full")
	count := 0
	docs := func(yield func(Doc, error) bool) {
		for i := 0; i < 1000; i++ {
			if !yield(Doc{ID: fmt.Sprint(i), Text: "نص"}, nil) {
				return
			}
		}
	}
	err := p.ExtractAll(context.Background(), docs, func(Result) error {
		count++
		if count == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || count != 10 {
		t.Fatalf("err %v after %d results", err, count)
	}
}

func TestCloseAndConcurrentUse(t *testing.T) {
	p, err := New(context.Background(), WithoutStages(StageModel))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				if _, err := p.Extract(context.Background(), Doc{Text: "أدانت مصر الهجوم"}); err != nil && !errors.Is(err, ErrClosed) {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Extract(context.Background(), Doc{Text: "x"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestReadJSONL(t *testing.T) {
	in := "{\"id\":\"a\",\"text\":\"مصر\",\"date\":\"2024-02-21\",\"extra\":[1]}\n" +
		"\n" +
		"{\"text\": 3}\n" +
		"not json\n" +
		"{\"id\": 17, \"text\": \"x\"}\n" +
		"{\"text\":\"\xff\"}\n" +
		"{\"id\":\"nt\"}\n" +
		"{\"text\":\"last, no newline\"}"
	type row struct {
		id   string
		text string
		code string
	}
	want := []row{{"a", "مصر", ""}, {"f:3", "", "bad_record"}, {"f:4", "", "bad_record"}, {"17", "x", ""},
		{"f:6", "", "invalid_utf8"}, {"nt", "", "bad_record"}, {"f:8", "last, no newline", ""}}
	var got []row
	for d, err := range ReadJSONL(strings.NewReader(in), "f") {
		got = append(got, row{d.ID, d.Text, ErrorCode(err)})
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got  %v\nwant %v", got, want)
	}
}

func TestReadJSONLLongLine(t *testing.T) {
	long := "{\"text\":\"" + strings.Repeat("a", MaxLineBytes+10) + "\"}\n{\"text\":\"ok\"}\n"
	var codes []string
	for _, err := range ReadJSONL(strings.NewReader(long), "f") {
		codes = append(codes, ErrorCode(err))
	}
	if fmt.Sprint(codes) != "[bad_record ]" {
		t.Fatalf("codes %q", codes)
	}
}

func FuzzReadJSONL(f *testing.F) {
	f.Add("{\"text\":\"مصر\"}\n{bad\n")
	f.Add("\n\n{\"id\":1,\"text\":\"\"}")
	f.Add("{\"text\":\"\xff\"}")
	f.Fuzz(func(t *testing.T, in string) {
		lines := 0
		for _, l := range strings.Split(in, "\n") {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		n := 0
		for d, err := range ReadJSONL(strings.NewReader(in), "f") {
			n++
			if err == nil && !utf8.ValidString(d.Text) {
				t.Fatal("invalid UTF-8 passed through")
			}
		}
		// bufio splits only at \n; TrimSpace may see other blank lines.
		if n > lines {
			t.Fatalf("%d records from %d non-blank lines", n, lines)
		}
	})
}

var _ iter.Seq2[Doc, error] = ReadJSONL(nil, "")
