package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/models"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// seedDocs reads ../shared/samples/seed-article.txt, the project's founding
// example. It holds two reports: RT Arabic on the US veto of 20 February
// 2024 (published Wednesday 21 February 2024), and, after "إقرأ أيضاً:", an
// Egyptian MFA read-out of a call that took place on Sunday 17 November
// 2024. Each is a document with its own date, as a news archive would hold
// them.
func seedDocs(t *testing.T) []Doc {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "samples", "seed-article.txt")
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not found: the seed golden test needs ../shared beside the checkout", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "إقرأ أيضاً:")
	if i < 0 {
		t.Fatal("seed article: separator إقرأ أيضاً: not found")
	}
	return []Doc{
		{ID: "seed-rt-2024-02-21", Text: text[:i], Date: "2024-02-21", Source: "RT Arabic"},
		{ID: "seed-egmfa-2024-11-17", Text: text[i:], Date: "2024-11-17", Source: "Egypt MFA"},
	}
}

func seedResults(t *testing.T, opts ...Option) []Result {
	t.Helper()
	docs := seedDocs(t)
	p, err := New(context.Background(), opts...)
	if errors.Is(err, ErrNoRuntime) {
		t.Skip("ONNX Runtime library not found: run `make setup`")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var out []Result
	for _, d := range docs {
		r, err := p.Extract(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// TestSeedGolden keeps the seed article's full output in a golden file that
// a reader can check by eye against the article (go test -run SeedGolden
// -update rewrites it after an intended change).
func TestSeedGolden(t *testing.T) {
	res := seedResults(t)
	var buf bytes.Buffer
	for _, r := range res {
		b, err := json.MarshalIndent(r, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	golden := filepath.Join("testdata", "seed.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./extract -run SeedGolden -update)", err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		t.Errorf("seed output differs from %s; inspect with -update and git diff", golden)
	}
}

// TestSeedEntities checks the names the gazetteer issue requires from the
// seed article (countries, organisations, resolutions, offices, ministers)
// with each shipped Arabic model: the default and khabar-ner-ar-fast.
func TestSeedEntities(t *testing.T) {
	for _, name := range []string{models.DefaultName, "khabar-ner-ar-fast"} {
		t.Run(name, func(t *testing.T) { checkSeedEntities(t, seedResults(t, WithModelName(name))) })
	}
}

func checkSeedEntities(t *testing.T, res []Result) {
	t.Helper()
	type want struct{ typ, text, link string }
	checks := [][]want{{
		{"ORG", "وزارة الخارجية الروسية", "RUS-MFA"},
		{"GPE", "موسكو", "RUS"},
		{"ORG", "الأمم المتحدة", "UN"},
		{"GPE", "الولايات المتحدة", "USA"},
		{"ORG", "مجلس الأمن الدولي", "UNSC"},
		{"GPE", "بريطانيا", "GBR"},
		{"GPE", "روسيا", "RUS"},
		{"RESOLUTION", "2712", "UNSC-2712"},
		{"RESOLUTION", "2720", "UNSC-2720"},
		{"GPE", "قطاع غزة", ""},
		{"DATE", "اليوم الأربعاء", ""},
		{"NUM", "13", ""},
	}, {
		{"PER", "بدر عبد العاطي", "P-badr-abdelatty"},
		{"PER", "أنتوني بلينكن", "P-antony-blinken"},
		{"TITLE", "وزير الخارجية", ""},
		{"PER", "تميم خلاف", ""},
		{"TITLE", "المتحدث الرسمي", ""},
		{"RESOLUTION", "1701", "UNSC-1701"},
		{"GPE", "لبنان", "LBN"},
		{"GPE", "مصر", "EGY"},
		{"GPE", "السودان", "SDN"},
		{"ORG", "اليونيفيل", "UNIFIL"},
		{"LOC", "الشرق الأوسط", ""},
		{"DATE", "اليوم الأحد", ""},
	}}
	for i, r := range res {
		for _, w := range checks[i] {
			found := false
			for _, e := range r.Entities {
				if e.Type == w.typ && e.Text == w.text && (w.link == "" || (e.Link != nil && e.Link.ID == w.link)) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: no %s %q linked %q; have %s", r.ID, w.typ, w.text, w.link, entitiesLike(r, w.text))
			}
		}
	}
}

func entitiesLike(r Result, text string) string {
	var out []string
	for _, e := range r.Entities {
		if strings.Contains(e.Text, text) || strings.Contains(text, e.Text) {
			id := ""
			if e.Link != nil {
				id = e.Link.ID
			}
			out = append(out, fmt.Sprintf("%s %q %s", e.Type, e.Text, id))
		}
	}
	return fmt.Sprint(out)
}
