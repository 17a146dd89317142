package decode

import (
	"fmt"
	"math"
)

// CRF holds the parameters of a linear-chain CRF over the model's labels,
// in label-id order (the order of config.json's id2label).
type CRF struct {
	// Transitions[i][j] is the score of label j following label i.
	Transitions [][]float64
	// Start[j] and End[j] score a sequence starting or ending with label j.
	Start, End []float64
}

// Validate checks the shapes against n labels and that every score is a
// number (±Inf forbids a transition).
func (c *CRF) Validate(n int) error {
	if len(c.Transitions) != n {
		return fmt.Errorf("crf: %d transition rows for %d labels", len(c.Transitions), n)
	}
	for i, row := range c.Transitions {
		if len(row) != n {
			return fmt.Errorf("crf: transition row %d has %d entries for %d labels", i, len(row), n)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 1) {
				return fmt.Errorf("crf: transition %d→%d is %v", i, j, v)
			}
		}
	}
	for name, v := range map[string][]float64{"start": c.Start, "end": c.End} {
		if v == nil {
			continue
		}
		if len(v) != n {
			return fmt.Errorf("crf: %s has %d entries for %d labels", name, len(v), n)
		}
		for j, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 1) {
				return fmt.Errorf("crf: %s[%d] is %v", name, j, x)
			}
		}
	}
	return nil
}

// chain is a linear chain's scores: emissions come per call; trans, start
// and end are fixed. A -Inf entry forbids the move.
type chain struct {
	trans      [][]float64
	start, end []float64
}

// viterbi returns the best label path for emissions em[t][label] and its
// score; the score is -Inf when every path is forbidden.
func (c *chain) viterbi(em [][]float64) ([]int, float64) {
	T := len(em)
	if T == 0 {
		return nil, 0
	}
	n := len(em[0])
	score := make([]float64, n)
	next := make([]float64, n)
	back := make([][]int32, T)
	for j := 0; j < n; j++ {
		score[j] = em[0][j] + at(c.start, j)
	}
	for t := 1; t < T; t++ {
		back[t] = make([]int32, n)
		for j := 0; j < n; j++ {
			best, arg := math.Inf(-1), 0
			for i := 0; i < n; i++ {
				if s := score[i] + c.trans[i][j]; s > best {
					best, arg = s, i
				}
			}
			next[j] = best + em[t][j]
			back[t][j] = int32(arg)
		}
		score, next = next, score
	}
	best, arg := math.Inf(-1), 0
	for j := 0; j < n; j++ {
		if s := score[j] + at(c.end, j); s > best {
			best, arg = s, j
		}
	}
	path := make([]int, T)
	path[T-1] = arg
	for t := T - 1; t > 0; t-- {
		path[t-1] = int(back[t][path[t]])
	}
	return path, best
}

// marginals returns P(label j at t | emissions) by forward-backward.
func (c *chain) marginals(em [][]float64) [][]float64 {
	T := len(em)
	if T == 0 {
		return nil
	}
	n := len(em[0])
	alpha := make([][]float64, T)
	beta := make([][]float64, T)
	buf := make([]float64, n)
	for t := range alpha {
		alpha[t] = make([]float64, n)
		beta[t] = make([]float64, n)
	}
	for j := 0; j < n; j++ {
		alpha[0][j] = em[0][j] + at(c.start, j)
	}
	for t := 1; t < T; t++ {
		for j := 0; j < n; j++ {
			for i := 0; i < n; i++ {
				buf[i] = alpha[t-1][i] + c.trans[i][j]
			}
			alpha[t][j] = logSumExp(buf) + em[t][j]
		}
	}
	for j := 0; j < n; j++ {
		beta[T-1][j] = at(c.end, j)
	}
	for t := T - 2; t >= 0; t-- {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				buf[j] = c.trans[i][j] + em[t+1][j] + beta[t+1][j]
			}
			beta[t][i] = logSumExp(buf)
		}
	}
	for j := 0; j < n; j++ {
		buf[j] = alpha[T-1][j] + beta[T-1][j]
	}
	logZ := logSumExp(buf)
	out := make([][]float64, T)
	for t := range out {
		out[t] = make([]float64, n)
		for j := 0; j < n; j++ {
			if p := math.Exp(alpha[t][j] + beta[t][j] - logZ); !math.IsNaN(p) {
				out[t][j] = math.Min(p, 1)
			}
		}
	}
	return out
}

func at(v []float64, j int) float64 {
	if v == nil {
		return 0
	}
	return v[j]
}

func logSumExp(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		if x > m {
			m = x
		}
	}
	if math.IsInf(m, -1) {
		return m
	}
	var s float64
	for _, x := range v {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}
