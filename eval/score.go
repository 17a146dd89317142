package eval

import "sort"

// PRF holds the counts of one scored class (or of all classes together) and
// the precision, recall and F1 they give.
type PRF struct {
	P  float64 `json:"p"`
	R  float64 `json:"r"`
	F1 float64 `json:"f1"`
	TP int     `json:"tp"`
	FP int     `json:"fp"`
	FN int     `json:"fn"`
}

// Avg is an unweighted mean of per-class scores (a macro average).
type Avg struct {
	P  float64 `json:"p"`
	R  float64 `json:"r"`
	F1 float64 `json:"f1"`
}

// Scores are micro-averaged, macro-averaged and per-class scores.
type Scores struct {
	// Micro pools the counts of all classes.
	Micro PRF `json:"micro"`
	// Macro is the unweighted mean of the per-class P, R and F1 over the
	// classes that occur in the gold or the predictions (seqeval's macro
	// average). All zero when no class occurs.
	Macro Avg `json:"macro"`
	// PerClass maps each class that occurs in the gold or the predictions
	// to its scores.
	PerClass map[string]PRF `json:"per_type"`
}

// Classes returns the classes of PerClass in sorted order.
func (s *Scores) Classes() []string {
	out := make([]string, 0, len(s.PerClass))
	for c := range s.PerClass {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// counts accumulates true positives, predictions and gold items per class.
type counts map[string]*[3]int // class → {tp, pred, gold}

func (c counts) add(class string, tp, pred, gold int) {
	v := c[class]
	if v == nil {
		v = new([3]int)
		c[class] = v
	}
	v[0] += tp
	v[1] += pred
	v[2] += gold
}

// scores turns counts into Scores with seqeval's arithmetic: precision and
// recall are 0 where their denominator is 0, F1 = 2·P·R / (P+R) (0 when
// P+R = 0), micro from pooled counts, macro as plain means over classes.
func (c counts) scores() Scores {
	s := Scores{PerClass: make(map[string]PRF, len(c))}
	var tp, pred, gold int
	classes := make([]string, 0, len(c))
	for k := range c {
		classes = append(classes, k)
	}
	sort.Strings(classes)
	var sp, sr, sf float64
	for _, k := range classes {
		v := c[k]
		x := makePRF(v[0], v[1], v[2])
		s.PerClass[k] = x
		sp += x.P
		sr += x.R
		sf += x.F1
		tp += v[0]
		pred += v[1]
		gold += v[2]
	}
	s.Micro = makePRF(tp, pred, gold)
	if n := float64(len(classes)); n > 0 {
		s.Macro = Avg{P: sp / n, R: sr / n, F1: sf / n}
	}
	return s
}

// makePRF computes P, R and F1 the way seqeval (and scikit-learn) do.
func makePRF(tp, pred, gold int) PRF {
	x := PRF{TP: tp, FP: pred - tp, FN: gold - tp}
	if pred > 0 {
		x.P = float64(tp) / float64(pred)
	}
	if gold > 0 {
		x.R = float64(tp) / float64(gold)
	}
	denom := x.P + x.R
	if denom == 0 {
		denom = 1
	}
	x.F1 = 2 * x.P * x.R / denom
	return x
}
