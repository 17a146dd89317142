package events_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/doc"
	"github.com/khabar-nlp/khabar/extract/internal/events"
)

// newsParas returns the news paragraphs the pipeline benchmark uses (the
// first long lines of ../shared/data/raw/ar-news-02.txt.xz), at most n.
func newsParas(b *testing.B, n int) []string {
	b.Helper()
	raw := filepath.Join(repoRoot(b), "..", "shared", "data", "raw", "ar-news-02.txt.xz")
	if _, err := os.Stat(raw); err != nil {
		b.Skipf("news corpus not present: %v", err)
	}
	out, err := exec.Command("sh", "-c", "xz -dc "+raw+" | head -n 4000").Output()
	if err != nil {
		b.Skipf("xz: %v", err)
	}
	var paras []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() && len(paras) < n {
		if l := strings.TrimSpace(sc.Text()); len(l) > 200 {
			paras = append(paras, l)
		}
	}
	return paras
}

// BenchmarkAssembleNews assembles 64 news paragraphs (one op) with
// gazetteer entities and the temporal mentions, as the pipeline gives them.
func BenchmarkAssembleNews(b *testing.B) {
	g, as := gazetteerAssembler(b)
	var docs []*doc.Doc
	var ents [][]doc.Mention
	size := 0
	for _, p := range newsParas(b, 64) {
		d := gazetteerDoc(b, g, p, "2024-02-21")
		events.AddTemporal(d) // as Assemble would, kept out of the timed loop
		docs = append(docs, d)
		ents = append(ents, append([]doc.Mention(nil), d.Entities...))
		size += len(d.Text.String())
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, d := range docs {
			d.Entities = append(d.Entities[:0], ents[k]...)
			as.Assemble(d)
		}
	}
}
