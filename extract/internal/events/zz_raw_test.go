package events_test

import (
	"bufio"
	"os"
	"testing"

	"github.com/khabar-nlp/khabar/extract/internal/events"
	"github.com/khabar-nlp/khabar/gazetteers"
)

func TestScratchRaw(t *testing.T) {
	f, err := os.Open("/tmp/raw40.txt")
	if err != nil {
		t.Skip()
	}
	g, _ := gazetteers.Load()
	as, _ := events.New(g)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		d := gazetteerDoc(t, g, sc.Text(), "2018-03-15")
		as.Assemble(d)
		t.Logf("=== %s", sc.Text())
		for _, e := range toExtract(d) {
			t.Logf("  %s", describe(e))
		}
	}
}
