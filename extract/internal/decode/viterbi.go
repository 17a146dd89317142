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
	exp        *scaled // set by prepare
}

// viterbi returns the best label path for emissions em[t][label] and its
// score; the score is -Inf when every path is forbidden.
func (c *chain) viterbi(em [][]float64) ([]int, float64) {
	return c.viterbiBuf(em, nil, nil)
}

// viterbiBuf is viterbi writing the path into path (grown as needed) with
// back as scratch for the back pointers.
func (c *chain) viterbiBuf(em [][]float64, path []int, back []int32) ([]int, float64) {
	T := len(em)
	if T == 0 {
		return nil, 0
	}
	n := len(em[0])
	var sn [32]float64
	var score, next []float64
	if 2*n <= len(sn) {
		score, next = sn[:n:n], sn[n:2*n:2*n]
	} else {
		score, next = make([]float64, n), make([]float64, n)
	}
	back = grow(back, T*n)
	for j := 0; j < n; j++ {
		score[j] = em[0][j] + at(c.start, j)
	}
	for t := 1; t < T; t++ {
		bt := back[t*n : (t+1)*n]
		for j := 0; j < n; j++ {
			best, arg := math.Inf(-1), 0
			for i := 0; i < n; i++ {
				if s := score[i] + c.trans[i][j]; s > best {
					best, arg = s, i
				}
			}
			next[j] = best + em[t][j]
			bt[j] = int32(arg)
		}
		score, next = next, score
	}
	best, arg := math.Inf(-1), 0
	for j := 0; j < n; j++ {
		if s := score[j] + at(c.end, j); s > best {
			best, arg = s, j
		}
	}
	path = grow(path, T)
	path[T-1] = arg
	for t := T - 1; t > 0; t-- {
		path[t-1] = int(back[t*n+path[t]])
	}
	return path, best
}

// grow returns s resliced to length n, reallocated when too small.
func grow[E any](s []E, n int) []E {
	if cap(s) < n {
		return make([]E, n)
	}
	return s[:n]
}

// scaled is the chain's scores exponentiated once, for forward-backward in
// probability space: e^(trans − max trans) etc. Shifting every transition
// (or every start, or every end) score by one constant scales every path
// by the same factor, which the normalisation cancels.
type scaled struct {
	n          int
	trans      []float64 // n×n, row-major: [i*n+j] for i → j
	start, end []float64
}

// prepare computes the scaled scores; marginals computes them on the fly
// for a chain that was never prepared. Call it after the last change to
// the scores.
func (c *chain) prepare() { c.exp = c.scaledScores() }

func (c *chain) scaledScores() *scaled {
	n := len(c.trans)
	s := &scaled{n: n, trans: make([]float64, n*n), start: make([]float64, n), end: make([]float64, n)}
	m := math.Inf(-1)
	for i := range n {
		m = max(m, maxOf(c.trans[i]))
	}
	for i := range n {
		for j := range n {
			s.trans[i*n+j] = expShift(c.trans[i][j], m)
		}
	}
	expVec := func(dst, v []float64) {
		if v == nil {
			for j := range dst {
				dst[j] = 1
			}
			return
		}
		mv := maxOf(v)
		for j, x := range v {
			dst[j] = expShift(x, mv)
		}
	}
	expVec(s.start, c.start)
	expVec(s.end, c.end)
	return s
}

// expShift is e^(x−m), 0 for a forbidden (−Inf) score.
func expShift(x, m float64) float64 {
	if math.IsInf(x, -1) || math.IsInf(m, -1) {
		return 0
	}
	return math.Exp(x - m)
}

// marginals returns P(label j at t | emissions) by forward-backward. It
// runs in probability space with per-step rescaling (n exps per step instead
// of the n² of log space) and falls back to log space when a step
// underflows (scores hundreds of nats apart).
func (c *chain) marginals(em [][]float64) [][]float64 {
	T := len(em)
	if T == 0 {
		return nil
	}
	n := len(em[0])
	p, _ := c.marginalsFlat(em, nil)
	out := make([][]float64, T)
	for t := range out {
		out[t] = p[t*n : (t+1)*n : (t+1)*n]
	}
	return out
}

// marginalsFlat is marginals as one row-major T×n slice, carved from buf
// (grown as needed and returned for reuse).
func (c *chain) marginalsFlat(em [][]float64, buf []float64) (p, _ []float64) {
	T := len(em)
	if T == 0 {
		return nil, buf
	}
	n := len(em[0])
	ex := c.exp
	if ex == nil || ex.n != n {
		ex = c.scaledScores()
	}
	E := ex.trans
	// pe[t][j] = e^(em[t][j] − max_j em[t][j]); alpha and beta rescaled to
	// sum 1 at every step.
	buf = grow(buf, 4*T*n)
	pe, alpha, beta, probs := buf[:T*n], buf[T*n:2*T*n], buf[2*T*n:3*T*n], buf[3*T*n:]
	logSpace := func() ([]float64, []float64) {
		m := c.marginalsLog(em)
		for t, row := range m {
			copy(probs[t*n:], row)
		}
		return probs, buf
	}
	for t, row := range em {
		m := maxOf(row)
		for j, x := range row {
			pe[t*n+j] = expShift(x, m)
		}
	}
	normalise := func(v []float64) bool {
		var s float64
		for _, x := range v {
			s += x
		}
		if !(s > 0) || math.IsInf(s, 1) {
			return false
		}
		inv := 1 / s
		for j := range v {
			v[j] *= inv
		}
		return true
	}
	a := alpha[:n]
	for j := range n {
		a[j] = pe[j] * ex.start[j]
	}
	if !normalise(a) {
		return logSpace()
	}
	for t := 1; t < T; t++ {
		prev, cur := alpha[(t-1)*n:t*n], alpha[t*n:(t+1)*n]
		for j := range n {
			var s float64
			for i, p := range prev {
				s += p * E[i*n+j]
			}
			cur[j] = s * pe[t*n+j]
		}
		if !normalise(cur) {
			return logSpace()
		}
	}
	copy(beta[(T-1)*n:], ex.end)
	if !normalise(beta[(T-1)*n:]) {
		return logSpace()
	}
	for t := T - 2; t >= 0; t-- {
		next, cur := beta[(t+1)*n:(t+2)*n], beta[t*n:(t+1)*n]
		w := pe[(t+1)*n : (t+2)*n]
		for i := range n {
			row := E[i*n : (i+1)*n]
			var s float64
			for j, b := range next {
				s += row[j] * w[j] * b
			}
			cur[i] = s
		}
		if !normalise(cur) {
			return logSpace()
		}
	}
	for t := range T {
		p := probs[t*n : (t+1)*n : (t+1)*n]
		for j := range n {
			p[j] = alpha[t*n+j] * beta[t*n+j]
		}
		if !normalise(p) {
			return logSpace()
		}
		for j := range p {
			p[j] = math.Min(p[j], 1)
		}
	}
	return probs, buf
}

// marginalsLog is forward-backward in log space: exact for any scores, but
// n² exps per step. marginals falls back to it when the scaled version
// underflows.
func (c *chain) marginalsLog(em [][]float64) [][]float64 {
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
