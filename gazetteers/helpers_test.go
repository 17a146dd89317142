package gazetteers

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/khabar-nlp/khabar/extract/normalize"
)

// overlay serves files from top, falling back to base.
type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return o.base.Open(name)
}

func embeddedData(t testing.TB) fs.FS {
	t.Helper()
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func mustLoad(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

var (
	fixtureOnce sync.Once
	fixtureG    *Gazetteer
	fixtureErr  error
)

// fixtureGazetteer is the embedded data with testdata/fixture's small
// offices, officials and resolutions in place of the real ones, so that tests
// of those matchers do not depend on how far the real lists have grown.
func fixtureGazetteer(t testing.TB) *Gazetteer {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureG, fixtureErr = LoadFS(overlay{os.DirFS("testdata/fixture"), embeddedData(t)})
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureG
}

// span is a match mapped back to the original text.
type span struct {
	Type, Text, ID, Country string
}

func (s span) String() string {
	return fmt.Sprintf("%s %q id=%s country=%s", s.Type, s.Text, s.ID, s.Country)
}

var testNorm = normalize.New(normalize.Default())

// matchOriginal normalises text, matches it and maps every span back to the
// original with Text.ToOriginal.
func matchOriginal(t testing.TB, g *Gazetteer, text string) ([]span, []Match) {
	t.Helper()
	nt, err := testNorm.Normalize(text)
	if err != nil {
		t.Fatal(err)
	}
	ms := g.Match(nt.String())
	out := make([]span, len(ms))
	for i, m := range ms {
		s, e := nt.ToOriginal(m.Start, m.End)
		out[i] = span{m.Type, nt.OriginalSlice(s, e), m.ID, m.Country}
	}
	return out, ms
}

func diffSpans(t *testing.T, text string, got, want []span) {
	t.Helper()
	if len(got) == len(want) {
		same := true
		for i := range got {
			if got[i] != want[i] {
				same = false
			}
		}
		if same {
			return
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "text: %s\n got:\n", text)
	for _, s := range got {
		fmt.Fprintf(&b, "   %v\n", s)
	}
	b.WriteString(" want:\n")
	for _, s := range want {
		fmt.Fprintf(&b, "   %v\n", s)
	}
	t.Error(b.String())
}
