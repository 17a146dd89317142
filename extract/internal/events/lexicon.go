package events

import (
	"embed"
	"fmt"
	"strings"
)

//go:embed lexicon/*.tsv
var lexiconFS embed.FS

// entry is one row of a trigger lexicon.
type entry struct {
	typ, cameo, plover string
	lemma              string // the row's first form (modes.tsv names triggers by it)
	rules              []string
	file               string
	line               int
}

// POS of a trigger form.
type pos uint8

const (
	posVerb pos = iota
	posNoun
	posPhrase
)

// agreement of a verb form with its subject, read off its affixes.
type agreement uint8

const (
	agrUnknown agreement = iota
	agrMasc              // 3rd masculine singular (قال، يقول)
	agrFem               // 3rd feminine singular (قالت، تقول)
	agrDual              // 3rd dual (قالا، أكدا، يقولان)
	agrPlural            // 3rd plural (قالوا، يقولون)
	agrFirst             // 1st person (نؤكد، أكدنا)
)

// form is one generated surface form of an entry (without proclitics).
type form struct {
	e       *entry
	pos     pos
	present bool      // present-tense verb
	agr     agreement // verbs only
	pronoun bool      // carries an object or possessive pronoun (صاغته، ادانتها)
	def     bool      // nouns: carries the article
}

// phrase is a multiword trigger: words[i] lists the alternatives of word i.
type phrase struct {
	e     *entry
	words [][]string
}

// lexicon is the compiled trigger lexicon and the cue classes.
type lexicon struct {
	forms   map[string][]form // surface form → readings
	phrases map[string][]*phrase
	// light verbs are generated like verbs so that their inflections and
	// clitics are recognised.
	cues       map[string]map[string]bool // class → forms
	cuePhrases map[string][][]string      // class → multiword forms
	entries    []*entry
	conds      map[string]*cond // conds.tsv: context conditions named by rows
	frames     map[string]*frame
	agents     *agentLexicon
	modes      []modeRule
}

var pronouns = []string{"ه", "ها", "هم", "هما", "هن", "ك", "كم", "نا", "ني"}

// loadLexicon parses the embedded TSV files.
func loadLexicon() (*lexicon, error) {
	lx := &lexicon{forms: map[string][]form{}, phrases: map[string][]*phrase{},
		cues: map[string]map[string]bool{}, cuePhrases: map[string][][]string{}, conds: map[string]*cond{},
		frames: map[string]*frame{}}
	if err := lx.readTSV("lexicon/conds.tsv", 4, lx.addCond); err != nil {
		return nil, err
	}
	if err := lx.readTSV("lexicon/verbs.tsv", 6, lx.addVerb); err != nil {
		return nil, err
	}
	if err := lx.readTSV("lexicon/nouns.tsv", 6, lx.addNoun); err != nil {
		return nil, err
	}
	if err := lx.readTSV("lexicon/phrases.tsv", 5, lx.addPhrase); err != nil {
		return nil, err
	}
	if err := lx.readTSV("lexicon/cues.tsv", 2, lx.addCue); err != nil {
		return nil, err
	}
	if err := lx.checkConds(); err != nil {
		return nil, err
	}
	if err := lx.loadFrames(); err != nil {
		return nil, err
	}
	if err := lx.loadAgents(); err != nil {
		return nil, err
	}
	if err := lx.loadModes(); err != nil {
		return nil, err
	}
	for _, class := range []string{"neg", "planned", "light", "draft", "resolution", "prep", "for", "against", "abstain", "p5", "boilerstart"} {
		if len(lx.cues[class]) == 0 && len(lx.cuePhrases[class]) == 0 {
			return nil, fmt.Errorf("lexicon/cues.tsv: class %q is empty", class)
		}
	}
	return lx, nil
}

func (lx *lexicon) readTSV(name string, cols int, add func(f []string, file string, line int) error) error {
	b, err := lexiconFS.ReadFile(name)
	if err != nil {
		return err
	}
	for n, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != cols {
			return fmt.Errorf("%s:%d: %d columns, want %d", name, n+1, len(f), cols)
		}
		for i := range f {
			if f[i] == "" {
				return fmt.Errorf("%s:%d: column %d is empty", name, n+1, i+1)
			}
		}
		if err := add(f, name, n+1); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n+1, err)
		}
	}
	return nil
}

// eventTypes are FORMAT.md's event types; every one has a row in
// lexicon/frames.tsv (checked at load).
var eventTypes = map[string]bool{"STATEMENT": true, "CALL": true, "MEET": true, "VOTE": true, "VETO": true,
	"DRAFT_SUBMIT": true, "ADOPT": true, "CONDEMN": true, "DEMAND": true, "ATTACK": true, "PROTEST": true, "DEPLOY": true,
	"AGREE": true, "SUPPORT": true, "COOPERATE": true, "AID": true, "CONCEDE": true, "RETREAT": true,
	"THREATEN": true, "SANCTION": true, "COERCE": true}

func (lx *lexicon) newEntry(f []string, rules, lemma, file string, line int) (*entry, error) {
	if !eventTypes[f[0]] {
		return nil, fmt.Errorf("unknown event type %q", f[0])
	}
	e := &entry{typ: f[0], cameo: f[1], plover: f[2], lemma: lemma, file: file, line: line}
	if e.cameo == "-" {
		e.cameo = ""
	}
	if e.plover == "-" {
		e.plover = ""
	}
	if rules != "-" {
		for _, r := range strings.Split(rules, ",") {
			if !lx.ruleKnown(r) {
				return nil, fmt.Errorf("unknown rule %q (neither rules.go nor conds.tsv)", r)
			}
			e.rules = append(e.rules, r)
		}
	}
	return e, nil
}

func (lx *lexicon) add(s string, fm form) {
	for _, old := range lx.forms[s] {
		if old.e == fm.e {
			return // the first reading of a form wins (3ms over overgenerated ones)
		}
	}
	lx.forms[s] = append(lx.forms[s], fm)
}

// addVerb generates the inflections of a verb row.
func (lx *lexicon) addVerb(f []string, file string, line int) error {
	lemma := strings.Split(f[3], "|")[0]
	if lemma == "-" {
		lemma = strings.Split(f[4], "|")[0]
	}
	e, err := lx.newEntry(f, f[5], lemma, file, line)
	if err != nil {
		return err
	}
	lx.entries = append(lx.entries, e)
	if f[3] != "-" {
		for _, p := range strings.Split(f[3], "|") {
			for _, v := range pastForms(p) {
				lx.addWithPronouns(v.s, form{e: e, pos: posVerb, agr: v.agr})
			}
		}
	}
	if f[4] != "-" {
		for _, p := range strings.Split(f[4], "|") {
			if !strings.HasPrefix(p, "ي") {
				return fmt.Errorf("present %q does not start with ي", p)
			}
			for _, v := range presentForms(p) {
				lx.addWithPronouns(v.s, form{e: e, pos: posVerb, present: true, agr: v.agr})
			}
		}
	}
	return nil
}

// inflected is a generated form with its subject agreement.
type inflected struct {
	s   string
	agr agreement
}

// pastForms inflects a past 3ms form for person, gender and number.
// Defective verbs ending in ا (دعا) or ي (the folded ى of تبنى) drop it
// before consonant suffixes.
func pastForms(p string) []inflected {
	switch {
	case strings.HasSuffix(p, "ا"):
		st := strings.TrimSuffix(p, "ا")
		return []inflected{{p, agrMasc}, {st + "ت", agrFem}, {st + "وا", agrPlural}, {st + "تا", agrDual},
			{st + "ونا", agrFirst}, {st + "وت", agrFirst}}
	case strings.HasSuffix(p, "ي"):
		st := strings.TrimSuffix(p, "ي")
		return []inflected{{p, agrMasc}, {st + "ت", agrFem}, {st + "وا", agrPlural}, {p + "ا", agrDual},
			{st + "تا", agrDual}, {p + "نا", agrFirst}, {p + "ت", agrFirst}}
	}
	return []inflected{{p, agrMasc}, {p + "ت", agrFem}, {p + "وا", agrPlural}, {p + "ا", agrDual},
		{p + "تا", agrDual}, {p + "ن", agrPlural}, {p + "نا", agrFirst}, {p + "تم", agrPlural}}
}

// presentForms inflects a present 3ms form (starting with ي).
func presentForms(p string) []inflected {
	st := strings.TrimPrefix(p, "ي")
	var out []inflected
	type pre struct {
		p   string
		agr agreement
	}
	for _, px := range []pre{{"ي", agrMasc}, {"ت", agrFem}, {"ن", agrFirst}, {"ا", agrFirst}} {
		out = append(out, inflected{px.p + st, px.agr})
		plural, dual := agrPlural, agrDual
		if px.p == "ن" || px.p == "ا" {
			plural, dual = agrFirst, agrFirst
		}
		for _, sx := range []struct {
			s   string
			agr agreement
		}{{"ون", plural}, {"وا", plural}, {"ان", dual}, {"ا", dual}, {"ين", agrFem}, {"ن", agrPlural}} {
			out = append(out, inflected{px.p + st + sx.s, sx.agr})
			if strings.HasSuffix(st, "و") || strings.HasSuffix(st, "ي") {
				out = append(out, inflected{px.p + st[:len(st)-len("و")] + sx.s, sx.agr})
			}
		}
	}
	return out
}

// addWithPronouns adds a form and its forms with object pronouns.
func (lx *lexicon) addWithPronouns(s string, fm form) {
	lx.add(s, fm)
	base := s
	switch {
	case strings.HasSuffix(s, "وا"):
		base = strings.TrimSuffix(s, "ا") // أيدوه
	case strings.HasSuffix(s, "ي") && fm.pos == posVerb && !fm.present:
		base = strings.TrimSuffix(s, "ي") + "ا" // تبناه
	}
	fm.pronoun = true
	for _, p := range pronouns {
		lx.add(base+p, fm)
		if base != s {
			lx.add(s+p, fm)
		}
	}
}

// addNoun generates the forms of a noun row.
func (lx *lexicon) addNoun(f []string, file string, line int) error {
	e, err := lx.newEntry(f, f[5], strings.Split(f[3], "|")[0], file, line)
	if err != nil {
		return err
	}
	lx.entries = append(lx.entries, e)
	var stems []string
	for _, sg := range strings.Split(f[3], "|") {
		stems = append(stems, nounForms(sg)...)
	}
	if f[4] != "-" {
		stems = append(stems, strings.Split(f[4], "|")...)
	}
	for _, s := range stems {
		def := strings.HasPrefix(s, "ال")
		lx.add(s, form{e: e, pos: posNoun, def: def})
		if !def {
			lx.add("ال"+s, form{e: e, pos: posNoun, def: true})
			// Possessive pronouns on the construct form.
			base := s
			if strings.HasSuffix(s, "ة") {
				base = strings.TrimSuffix(s, "ة") + "ت"
			}
			if strings.HasSuffix(s, "ا") && !strings.HasSuffix(s, "اا") && len(stems) > 0 {
				continue // an accusative form takes no pronoun
			}
			for _, p := range pronouns {
				lx.add(base+p, form{e: e, pos: posNoun, pronoun: true})
			}
		}
	}
	return nil
}

// nounForms returns a singular's indefinite forms: itself, the accusative
// ـا (nouns without ة), the sound feminine plural and the duals.
func nounForms(sg string) []string {
	if strings.HasPrefix(sg, "ال") {
		return []string{sg}
	}
	if strings.HasSuffix(sg, "ة") {
		st := strings.TrimSuffix(sg, "ة")
		return []string{sg, st + "ات", st + "تان", st + "تين", st + "تي"}
	}
	return []string{sg, sg + "ا", sg + "ات", sg + "ان", sg + "ين"}
}

// addPhrase adds a multiword trigger.
func (lx *lexicon) addPhrase(f []string, file string, line int) error {
	e, err := lx.newEntry([]string{f[0], f[1], f[2]}, f[4], f[3], file, line)
	if err != nil {
		return err
	}
	lx.entries = append(lx.entries, e)
	ph := &phrase{e: e}
	for _, w := range strings.Fields(f[3]) {
		ph.words = append(ph.words, strings.Split(w, "|"))
	}
	for _, first := range ph.words[0] {
		lx.phrases[first] = append(lx.phrases[first], ph)
	}
	return nil
}

func (lx *lexicon) addCue(f []string, file string, line int) error {
	class, s := f[0], f[1]
	if past, present, ok := strings.Cut(s, "/"); ok {
		// A verb: past/present 3ms, every inflection joins the class
		// (فرض/يفرض → فرضت، فرضوا، يفرضون …).
		if lx.cues[class] == nil {
			lx.cues[class] = map[string]bool{}
		}
		var fs []inflected
		if past != "-" {
			fs = append(fs, pastForms(past)...)
		}
		if present != "-" {
			if !strings.HasPrefix(present, "ي") {
				return fmt.Errorf("present %q does not start with ي", present)
			}
			fs = append(fs, presentForms(present)...)
		}
		for _, v := range fs {
			lx.cues[class][v.s] = true
		}
		return nil
	}
	if strings.Contains(s, " ") {
		lx.cuePhrases[class] = append(lx.cuePhrases[class], strings.Fields(s))
		return nil
	}
	if lx.cues[class] == nil {
		lx.cues[class] = map[string]bool{}
	}
	lx.cues[class][s] = true
	return nil
}

// is reports whether w (proclitics already stripped) is in cue class.
func (lx *lexicon) is(class, w string) bool { return lx.cues[class][w] }
