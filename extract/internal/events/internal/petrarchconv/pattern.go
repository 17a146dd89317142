package petrarchconv

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// A pattern in verbs.tsv is a sequence of elements separated by single spaces:
//
//	word      a literal word (a lemma, khabar spelling)
//	&CLASS    any member of a synsets.tsv class
//	*         the verb's position (always present, once, at the top level)
//	$  +      the source (actor) and target slots, where the source marks them
//	(p ...)   a prepositional phrase: the preposition, then its object
//	{...}     a multiword noun phrase
//
// Groups nest: "* (ل {مساعدة انساني})". Words inside a group keep the order
// of the source. This is PETRARCH 2's pattern syntax less its comments and
// code, with brackets attached to the words they enclose.
type elem struct {
	kind     byte // 'w' word, '&' class, '*', '$', '+', '(' or '{' group
	text     string
	children []elem
}

func (e elem) String() string {
	switch e.kind {
	case '(', '{':
		parts := make([]string, len(e.children))
		for i, c := range e.children {
			parts[i] = c.String()
		}
		closing := ")"
		if e.kind == '{' {
			closing = "}"
		}
		return string(e.kind) + strings.Join(parts, " ") + closing
	case '&':
		return "&" + e.text
	case 'w':
		return e.text
	}
	return string(e.kind)
}

// patternStats counts pattern repairs.
type patternStats struct {
	CliticSplit int // one-word prepositional groups split into preposition and object: (للتصويت) → (ل تصويت)
	Junk        int // stray "-" tokens removed
	EmptyGroups int // groups left empty after normalisation, removed
	NoPrep      int // patterns with a (...) group that does not start with a preposition
}

// prepositions are the words a prepositional group may start with
// (normalised), simple and compound.
var prepositions = setOf("ل", "ب", "ك", "في", "من", "الي", "علي", "عن", "مع", "ضد", "حول",
	"بين", "نحو", "لدي", "عند", "تحت", "فوق", "خلال", "ضمن", "قبل", "بعد", "منذ", "حتي",
	"عبر", "دون", "بدون", "مثل", "جانب", "امام", "خلف", "وراء", "باتجاه", "بشان", "حيال",
	"ازاء", "تجاه", "بسبب", "لاجل", "وسط", "خارج", "اثناء", "بعيد", "لصالح", "بحق", "علي")

// startsWithPrep reports whether every prepositional group in e starts with
// a preposition.
func startsWithPrep(e elem) bool {
	if e.kind == '(' {
		if len(e.children) == 0 || e.children[0].kind != 'w' || !prepositions[e.children[0].text] {
			return false
		}
	}
	for _, c := range e.children {
		if !startsWithPrep(c) {
			return false
		}
	}
	return true
}

var (
	errUnbalanced = errors.New("unbalanced brackets")
	errNoVerb     = errors.New("no verb position (*) at the top level")
	errTwoVerbs   = errors.New("more than one verb position")
)

// parsePattern reads the body of a PETRARCH pattern line (between "-" and
// "[code]") and returns it in khabar's pattern syntax. classes lists the
// defined synsets; an undefined one is an error (PETRARCH skips such
// patterns too).
func parsePattern(body string, classes map[string]bool, st *patternStats) (string, error) {
	r := strings.NewReplacer("(", " ( ", ")", " ) ", "{", " { ", "}", " } ", "*", " * ")
	toks := strings.Fields(r.Replace(body))
	type frame struct {
		kind     byte
		children []elem
	}
	stack := []frame{{kind: 0}}
	add := func(e elem) {
		top := &stack[len(stack)-1]
		top.children = append(top.children, e)
	}
	for _, t := range toks {
		switch t {
		case "(", "{":
			stack = append(stack, frame{kind: t[0]})
		case ")", "}":
			open := byte('(')
			if t == "}" {
				open = '{'
			}
			if len(stack) < 2 || stack[len(stack)-1].kind != open {
				return "", errUnbalanced
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if len(f.children) == 0 {
				st.EmptyGroups++
				continue
			}
			add(elem{kind: f.kind, children: f.children})
		case "*", "$", "+":
			add(elem{kind: t[0]})
		case "-":
			st.Junk++
		default:
			if t[0] == '&' {
				name := t[1:]
				if !classes[name] {
					return "", fmt.Errorf("undefined synset &%s", name)
				}
				add(elem{kind: '&', text: name})
				continue
			}
			for _, w := range strings.Split(t, "_") {
				if w = word(w); w == "لل" {
					w = "ل" // "(لل نشر)": the lemmatiser's split of لل+نشر
				}
				if hasLetter(w) {
					add(elem{kind: 'w', text: w})
				}
			}
		}
	}
	if len(stack) != 1 {
		return "", errUnbalanced
	}
	top := stack[0].children
	verbs := 0
	for _, e := range top {
		if e.kind == '*' {
			verbs++
		}
	}
	switch {
	case verbs == 0:
		return "", errNoVerb
	case verbs > 1:
		return "", errTwoVerbs
	}
	noPrep := false
	for i := range top {
		splitClitic(&top[i], st)
		if !startsWithPrep(top[i]) {
			noPrep = true
		}
	}
	if noPrep {
		st.NoPrep++
	}
	parts := make([]string, len(top))
	for i, e := range top {
		parts[i] = e.String()
	}
	return strings.Join(parts, " "), nil
}

// splitClitic splits a one-word prepositional group whose word carries an
// attached preposition: (للتصويت) → (ل تصويت), (بمرارة) → (ب مرارة). Such a
// group has no preposition of its own otherwise, and patterns elsewhere write
// the preposition apart: (ل مساعدة).
func splitClitic(e *elem, st *patternStats) {
	for i := range e.children {
		splitClitic(&e.children[i], st)
	}
	if e.kind != '(' || len(e.children) != 1 || e.children[0].kind != 'w' {
		return
	}
	w := e.children[0].text
	if utf8.RuneCountInString(w) < 4 {
		return
	}
	var p, rest string
	switch {
	case strings.HasPrefix(w, "لل"):
		p, rest = "ل", strings.TrimPrefix(w, "لل")
	case strings.HasPrefix(w, "ل"), strings.HasPrefix(w, "ب"), strings.HasPrefix(w, "ك"):
		r, size := utf8.DecodeRuneInString(w)
		p, rest = string(r), w[size:]
	default:
		return
	}
	e.children = []elem{{kind: 'w', text: p}, {kind: 'w', text: rest}}
	st.CliticSplit++
}
