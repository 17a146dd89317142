package gazetteers

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// value is what a matched form stands for: a Match template, or a stop form
// that swallows its words, or a word that opens a resolution reference.
type value struct {
	m        Match
	block    bool // a stop form: matched, never reported
	trigger  bool // قرار، القرار، القرارين ...: look for resolution numbers after it
	context  bool // a common word: reported only in a place context (see placeContext)
	building bool // an institution named after its building: LOC where used as a place
}

// node is a state of the word trie.
type node struct {
	val  int32 // index into index.values, -1 when no form ends here
	trim uint8 // bytes of suffix pronoun to leave out of the span
	kids bool  // whether any edge leaves this node
}

// rootRef is where a text word enters the trie, and how many bytes of
// proclitics (و ف ب ك ل، لل) it carries before the form starts.
type rootRef struct {
	node int32
	skip uint8
}

// index is the matcher: a trie over whole normalised words. The first word of
// a form is found through root, a hash of every form's first word with every
// proclitic combination already attached, so the scan does one lookup per
// text word; later words go through words (word → id) and edges.
type index struct {
	values []value
	nodes  []node
	root   map[string]rootRef // built, then frozen into table
	table  rootTable
	words  map[string]int32 // built, then frozen into etable
	edges  map[uint64]int32
	etable edgeTable
}

// Proclitics that may precede a form inside its first word.
var proclitics = []string{"و", "ف", "ب", "ك", "ل", "وب", "فب", "وك", "فك", "ول", "فل"}

// Suffix pronouns an office noun may carry (سفيرها، وزير خارجيتها).
var suffixPronouns = []string{"ه", "ها", "هم", "هما", "هن", "كم", "كما", "نا"}

// Words that open a resolution reference (with any proclitic).
var resolutionTriggers = []string{"قرار", "القرار", "قراري", "القرارين", "القراران", "قرارات", "القرارات", "قراره"}

func edgeKey(parent, word int32) uint64 { return uint64(uint32(parent))<<32 | uint64(uint32(word)) }

// build resolves the claims on every form and builds the trie.
func (b *builder) build() {
	g := b.g
	ix := &g.idx
	ix.values = b.values
	ix.root = map[string]rootRef{}
	ix.words = map[string]int32{}
	ix.edges = map[uint64]int32{}
	firstNode := map[string]int32{}

	newNode := func() int32 {
		ix.nodes = append(ix.nodes, node{val: -1})
		return int32(len(ix.nodes) - 1)
	}
	wordID := func(w string) int32 {
		id, ok := ix.words[w]
		if !ok {
			id = int32(len(ix.words))
			ix.words[w] = id
		}
		return id
	}
	// insert adds a path for words; a variant (trim > 0) never replaces a form.
	insert := func(words []string, val int32, trim int) {
		n, ok := firstNode[words[0]]
		if !ok {
			n = newNode()
			firstNode[words[0]] = n
		}
		for _, w := range words[1:] {
			k := edgeKey(n, wordID(w))
			c, ok := ix.edges[k]
			if !ok {
				c = newNode()
				ix.edges[k] = c
				ix.nodes[n].kids = true
			}
			n = c
		}
		if ix.nodes[n].val >= 0 && trim > 0 {
			return
		}
		ix.nodes[n].val = val
		ix.nodes[n].trim = uint8(trim)
	}

	keys := make([]string, 0, len(b.claims))
	for k := range b.claims {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	resolved := map[string]int32{}
	for _, k := range keys {
		if b.stopWords[k] { // one-word stop forms (only one-word keys are there)
			continue
		}
		v := b.resolve(k, b.claims[k])
		if (b.contextForms[k] || b.confirmForms[k]) && !b.values[v].block {
			cv := b.values[v]
			cv.context = cv.context || b.contextForms[k]
			cv.m.Confirm = cv.m.Confirm || b.confirmForms[k]
			v = b.addValue(cv)
		}
		resolved[k] = v
	}
	ix.values = b.values // resolve may add values
	for _, k := range keys {
		if v, ok := resolved[k]; ok {
			insert(strings.Split(k, " "), v, 0)
			if !b.values[v].block {
				g.forms = append(g.forms, formRef{k, v})
			}
		}
	}
	trig := b.addValue(value{trigger: true})
	ix.values = b.values
	for _, t := range resolutionTriggers {
		w := g.norm.String(t)
		if _, ok := firstNode[w]; !ok {
			insert([]string{w}, trig, 0)
		}
	}
	// Suffix pronouns on the last word of office names without the article.
	for _, k := range keys {
		v, ok := resolved[k]
		if !ok || !b.suffixable[k] {
			continue
		}
		words := strings.Split(k, " ")
		last := words[len(words)-1]
		stem := strings.TrimSuffix(last, "ة")
		if stem != last {
			stem += "ت"
		}
		for _, p := range suffixPronouns {
			vw := append(append([]string(nil), words[:len(words)-1]...), stem+p)
			insert(vw, v, len(p))
		}
	}
	// Root keys: every first word, with every proclitic combination.
	firsts := make([]string, 0, len(firstNode))
	for w := range firstNode {
		firsts = append(firsts, w)
	}
	sort.Strings(firsts)
	add := func(key string, n int32, skip int) {
		if old, ok := ix.root[key]; ok && int(old.skip) <= skip {
			return
		}
		ix.root[key] = rootRef{node: n, skip: uint8(skip)}
	}
	for _, w := range firsts {
		add(w, firstNode[w], 0)
	}
	for _, w := range firsts {
		n := firstNode[w]
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		for _, p := range proclitics {
			add(p+w, n, len(p))
		}
		if strings.HasPrefix(w, "ال") {
			// لِ + ال fuse into لل; the span starts at the article's lam.
			rest := w[len("ا"):]
			for _, p := range []string{"", "و", "ف"} {
				add(p+"ل"+rest, n, len(p)+len("ل"))
			}
		}
	}
	ix.freeze()
}

// freeze turns the maps built by build into the tables the scan uses.
func (ix *index) freeze() {
	byID := make([]string, len(ix.words))
	for w, id := range ix.words {
		byID[id] = w
	}
	ix.etable = newEdgeTable(len(ix.edges))
	ekeys := make([]uint64, 0, len(ix.edges))
	for k := range ix.edges {
		ekeys = append(ekeys, k)
	}
	sort.Slice(ekeys, func(i, j int) bool { return ekeys[i] < ekeys[j] })
	for _, k := range ekeys {
		ix.etable.add(int32(k>>32), byID[uint32(k)], ix.edges[k])
	}
	ix.etable.done()
	keys := make([]string, 0, len(ix.root))
	for k := range ix.root {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ix.table = newRootTable(ix.root, keys)
	ix.root, ix.words, ix.edges = nil, nil, nil
}

// resolve decides what a form claimed by cs stands for.
func (b *builder) resolve(form string, cs []claim) int32 {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].prio < cs[j].prio })
	if cs[0].prio == prioBlock {
		return cs[0].val
	}
	top := cs
	if cs[0].prio < prioGenerated {
		n := 0
		for n < len(cs) && cs[n].prio < prioGenerated {
			n++
		}
		top = cs[:n]
	}
	ident := func(c claim) string {
		m := b.values[c.val].m
		if m.ID != "" {
			return m.ID
		}
		return m.Type + ":" + m.Name
	}
	first := ident(top[0])
	same := true
	for _, c := range top[1:] {
		if ident(c) != first {
			same = false
			break
		}
	}
	if same {
		return top[0].val
	}
	allMarked, oneGroup := true, top[0].group != ""
	for _, c := range top {
		allMarked = allMarked && c.ambiguous
		oneGroup = oneGroup && c.group == top[0].group
	}
	if !allMarked && !oneGroup {
		conf := Conflict{Form: form}
		for _, c := range top {
			conf.Claims = append(conf.Claims, c.where+" "+ident(c))
		}
		b.g.conflicts = append(b.g.conflicts, conf)
	}
	m := b.values[top[0].val].m
	m.ID, m.Name = "", ""
	var ids []string
	country := m.Country
	for _, c := range top {
		cm := b.values[c.val].m
		if cm.ID != "" && !slices.Contains(ids, cm.ID) {
			ids = append(ids, cm.ID)
		}
		if cm.Country != country {
			country = ""
		}
	}
	sort.Strings(ids)
	m.Candidates = ids
	m.Country = country
	return b.addValue(value{m: m})
}
