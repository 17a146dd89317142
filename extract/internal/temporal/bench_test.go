package temporal

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
)

// BenchmarkFindNews runs Find on 64 news paragraphs (one op), the ones the
// pipeline benchmark uses (../shared/data/raw/ar-news-02.txt.xz).
func BenchmarkFindNews(b *testing.B) {
	dir, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			b.Fatal("go.mod not found")
		}
		dir = filepath.Dir(dir)
	}
	raw := filepath.Join(dir, "..", "shared", "data", "raw", "ar-news-02.txt.xz")
	if _, err := os.Stat(raw); err != nil {
		b.Skipf("news corpus not present: %v", err)
	}
	out, err := exec.Command("sh", "-c", "xz -dc "+raw+" | head -n 4000").Output()
	if err != nil {
		b.Skipf("xz: %v", err)
	}
	var docs []*doc.Doc
	size := 0
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() && len(docs) < 64 {
		if l := strings.TrimSpace(sc.Text()); len(l) > 200 {
			nt, err := norm.Normalize(l)
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, &doc.Doc{Text: nt, Date: "2024-02-21"})
			size += len(nt.String())
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			Find(d)
		}
	}
}
