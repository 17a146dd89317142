package petrarchconv

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedFilesMatchSource converts ../shared/data/petrarch_ar again
// and requires the committed lexicon/petrarch files to be byte-identical.
func TestCommittedFilesMatchSource(t *testing.T) {
	root, err := FindModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(root, DefaultSrc)
	if _, err := os.Stat(filepath.Join(src, VerbsFile)); err != nil {
		t.Skipf("UniversalPetrarch dictionaries not found at %s (shared data absent): committed files not checked", src)
	}
	tmp := t.TempDir()
	if _, err := Convert(src, tmp); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, DefaultOut)
	for _, name := range Outputs {
		want, err := os.ReadFile(filepath.Join(tmp, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Errorf("%s: %v (regenerate: go run ./extract/internal/events/internal/petrarchconv/cmd/petrarch-convert)", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from a fresh conversion (%d vs %d bytes); regenerate: go run ./extract/internal/events/internal/petrarchconv/cmd/petrarch-convert", name, len(got), len(want))
		}
	}
}
