package eval

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// This file is the Go twin of perturb() in eval/parity/harness.py: the same
// generator and the same corruption of gold sentences, so that the Go test
// rebuilds, from the shared ANERcorp file, exactly the predictions the
// harness scored with seqeval. The golden file records the sha256 of each
// perturbed tag stream; a mismatch means the twins have drifted.

// splitMix64 is the splitmix64 generator.
type splitMix64 struct{ state uint64 }

func (r *splitMix64) next() uint64 {
	r.state += 0x9E3779B97F4A7C15
	z := r.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func (r *splitMix64) float() float64 { return float64(r.next()>>11) / float64(uint64(1)<<53) }

func (r *splitMix64) intn(n int) int { return int(r.next() % uint64(n)) }

// recipe is one perturbation recipe of the golden file.
type recipe struct {
	Name     string  `json:"name"`
	Seed     uint64  `json:"seed"`
	Drop     float64 `json:"drop"`
	Retype   float64 `json:"retype"`
	Shift    float64 `json:"shift"`
	Split    float64 `json:"split"`
	IOB1     float64 `json:"iob1"`
	Stray    float64 `json:"stray"`
	Spurious float64 `json:"spurious"`
}

type span3 struct {
	s, e int
	t    string
}

func simpleEntities(tags []string) []span3 {
	var out []span3
	for i := 0; i < len(tags); {
		t := tags[i]
		if strings.HasPrefix(t, "B-") || strings.HasPrefix(t, "I-") {
			typ := t[2:]
			j := i + 1
			for j < len(tags) && tags[j] == "I-"+typ {
				j++
			}
			out = append(out, span3{i, j, typ})
			i = j
		} else {
			i++
		}
	}
	return out
}

func otherTypes(types []string, t string) []string {
	var out []string
	for _, x := range types {
		if x != t {
			out = append(out, x)
		}
	}
	return out
}

func perturb(sents [][]string, types []string, r recipe) [][]string {
	rng := &splitMix64{state: r.Seed}
	out := make([][]string, 0, len(sents))
	for _, tags := range sents {
		pred := append([]string(nil), tags...)
		n := len(tags)
		for _, en := range simpleEntities(tags) {
			s, e, t := en.s, en.e, en.t
			u := rng.float()
			if u < r.Drop {
				for i := s; i < e; i++ {
					pred[i] = "O"
				}
				continue
			}
			u -= r.Drop
			if u < r.Retype {
				o := otherTypes(types, t)
				nt := o[rng.intn(len(o))]
				pred[s] = "B-" + nt
				for i := s + 1; i < e; i++ {
					pred[i] = "I-" + nt
				}
				continue
			}
			u -= r.Retype
			if u < r.Shift {
				k := rng.intn(4)
				switch {
				case k == 0 && e < n && pred[e] == "O" && tags[e] == "O":
					pred[e] = "I-" + t
				case k == 1 && e-s > 1:
					pred[e-1] = "O"
				case k == 2 && s > 0 && pred[s-1] == "O" && tags[s-1] == "O":
					pred[s-1] = "B-" + t
					pred[s] = "I-" + t
				case k == 3 && e-s > 1:
					pred[s] = "O"
					pred[s+1] = "B-" + t
				}
				continue
			}
			u -= r.Shift
			if u < r.Split {
				if e-s > 1 {
					k := s + 1 + rng.intn(e-s-1)
					if rng.float() < 0.5 {
						pred[k] = "B-" + t
					} else {
						o := otherTypes(types, t)
						pred[k] = "I-" + o[rng.intn(len(o))]
					}
				}
				continue
			}
			u -= r.Split
			if u < r.IOB1 {
				pred[s] = "I-" + t
				continue
			}
		}
		for i := 0; i < n; i++ {
			if pred[i] != "O" {
				continue
			}
			u := rng.float()
			if u < r.Stray {
				pred[i] = "I-" + types[rng.intn(len(types))]
			} else if u < r.Stray+r.Spurious {
				pred[i] = "B-" + types[rng.intn(len(types))]
			}
		}
		out = append(out, pred)
	}
	return out
}

// tagsSHA256 hashes sentences as the harness does: tags joined by spaces,
// sentences by newlines.
func tagsSHA256(sents [][]string) string {
	lines := make([]string, len(sents))
	for i, s := range sents {
		lines[i] = strings.Join(s, " ")
	}
	h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(h[:])
}
