package eval

import (
	"os"
	"testing"
)

// BenchmarkScoreBIOANERcorp scores a perturbed copy of the ANERcorp test
// file (25k tokens) against the original.
func BenchmarkScoreBIOANERcorp(b *testing.B) {
	path := sharedFile(b, "anercorp/camel_split/ANERCorp_CamelLab_test.txt")
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	c, err := ReadCoNLL(f, path, CoNLLOptions{})
	if err != nil {
		b.Fatal(err)
	}
	gold := c.Tags()
	pred := perturb(gold, []string{"LOC", "MISC", "ORG", "PERS"}, recipe{Seed: 1, Drop: 0.1, Retype: 0.1, Shift: 0.1, Split: 0.1, IOB1: 0.1, Stray: 0.02, Spurious: 0.02})
	b.ResetTimer()
	for b.Loop() {
		if _, err := ScoreBIO(gold, pred, Options{Partial: true}); err != nil {
			b.Fatal(err)
		}
	}
}
