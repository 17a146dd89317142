package events

import (
	"strings"
	"unicode/utf8"
)

// ruleFuncs are the conditions a lexicon row can name in its rules column.
// Each says whether the trigger at c is really an event of its type here.
var ruleFuncs = map[string]func(a *analysis, c *cand) bool{
	// أعلن عن without a named speaker is "it was announced": no STATEMENT.
	"announce": func(a *analysis, c *cand) bool {
		if !a.wordExact(c.last+1, "عن") {
			return true
		}
		return a.hasSubjectRight(c)
	},
	// عبر is "expressed" only with عن; otherwise it is the preposition "via".
	"expressed": func(a *analysis, c *cand) bool { return a.wordWithin(c.last+1, 6, "عن") },
	// جدد/أعاد التأكيد: a bare "تأكيد" is a noun of anything.
	"renewed": func(a *analysis, c *cand) bool {
		_, ok := a.lightSubject(c, a.sentStart(c.sent))
		return ok || a.wordIs(c.first-1, "light")
	},
	// دعا إلى …; دعوة لزيارة is an invitation.
	"call": func(a *analysis, c *cand) bool {
		if a.wordIs(c.last+1, "invite") {
			return false
		}
		for k := c.last + 1; k < len(a.toks) && k <= c.last+3; k++ {
			if a.wordExact(k, "الي") && k+1 < len(a.toks) && (a.entType(k+1) == "GPE" || a.entType(k+1) == "LOC") {
				return false // "دعاهم إلى إسطنبول": an invitation
			}
		}
		if c.fm.pos == posNoun {
			if e := a.toks[min(c.last+1, len(a.toks)-1)].ent; e >= 0 && c.last+1 < len(a.toks) {
				return true // دعوة زعيم التيار
			}
			if w, ok := a.word(c.last + 1); ok && !strings.HasPrefix(w, "ال") && c.last+2 < len(a.toks) && a.toks[c.last+2].ent >= 0 {
				return true // لدعوة زعيم <name>
			}
		}
		if c.fm.pos == posNoun {
			return a.wordWithin(c.last+1, 7, "الي") || a.cliticWithin(c.last+1, 3, "ل")
		}
		// The verb: a call for or upon, unless a prayer ("دعا الله").
		w, _ := a.word(c.last + 1)
		return w != "الله" && w != "ربه"
	},
	// استهدف needs a physical or named target, not "تستهدف عرقلة".
	"target": func(a *analysis, c *cand) bool {
		for k := c.last + 1; k <= c.last+4 && k < len(a.toks) && a.sameSentence(c, k); k++ {
			if e := a.toks[k].ent; e >= 0 && isActorType(a.ents[e].Type) {
				return true
			}
			if a.wordIs(k, "targetnoun") {
				return true
			}
		}
		return false
	},
	"missiles": func(a *analysis, c *cand) bool { return a.classWithin(c, c.last+1, 4, "missiles") },
	"forces":   func(a *analysis, c *cand) bool { return a.classWithin(c, c.last+1, 5, "forces") },
	"reserves": func(a *analysis, c *cand) bool { return a.classWithin(c, c.last+1, 4, "reserves") },
	// عرقلة is a veto only when a draft or resolution is blocked.
	"block": func(a *analysis, c *cand) bool {
		return a.classWithin(c, c.last+1, 3, "draft") || a.classWithin(c, c.last+1, 3, "resolution")
	},
	// صوت the verb, not the noun "a vote" (مقابل صوت واحد، 13 صوتا).
	"voteverb": func(a *analysis, c *cand) bool {
		if a.isNumberTok(c.first-1) || a.wordIs(c.first-1, "against") || a.wordIs(c.first-1, "prep") {
			return false
		}
		if strings.HasPrefix(strings.TrimPrefix(strings.TrimPrefix(c.clitics, "و"), "ف"), "ب") {
			return false
		}
		if w, ok := a.word(c.last + 1); ok && (w == "واحد" || w == "واحدا") {
			return false
		}
		return true
	},
	// أيد، عارض، تأييد، امتناع … are tallies only in a vote.
	"vote": func(a *analysis, c *cand) bool { return a.voteSentence(c.sent) },
	// امتنع عن التصويت, or a tally sentence.
	"abstain": func(a *analysis, c *cand) bool {
		return a.wordWithin(c.last+1, 8, "التصويت") || a.voteSentence(c.sent)
	},
	// سقط/فشل مشروع القرار: the outcome of a vote.
	"outcome": func(a *analysis, c *cand) bool {
		c.outcome = true
		return a.classWithin(c, c.last+1, 3, "draft") || a.classWithin(c, c.last+1, 3, "resolution") &&
			a.voteSentence(c.sent)
	},
	// التصويت: a vote, unless it is "called for" (handled as modality).
	"votenoun": func(a *analysis, c *cand) bool { return true },
	// بأغلبية N صوتا.
	"majority": func(a *analysis, c *cand) bool { return a.numWithin(c.last+1, 2) },
	// تبنى/اعتمد/أصدر القرار; "تبنى الهجوم" (claimed) is not an adoption.
	"resolution": func(a *analysis, c *cand) bool {
		for k := c.last + 1; k < len(a.toks) && k <= c.last+14 && a.sameSentence(c, k); k++ {
			if a.wordIs(k, "resolution") || a.wordIs(k, "draft") || a.entType(k) == "RESOLUTION" {
				return true
			}
			if a.wordIs(k, "statementnoun") || a.isTriggerWord(k, "ATTACK") || a.isTriggerWord(k, "STATEMENT") {
				return false
			}
		}
		// A pronoun that refers back: "القرارين … اللذين تم تبنيهما",
		// "القرار 2334 المصادق عليه".
		if c.fm.pronoun || a.wordExact(c.last+1, "عليه") || a.wordExact(c.last+1, "عليها") {
			for k := c.first - 1; k >= 0 && k >= c.first-7 && a.sameSentence(c, k); k-- {
				if a.wordIs(k, "resolution") || a.entType(k) == "RESOLUTION" {
					return true
				}
			}
		}
		return false
	},
	// قدم/طرح/أعد/صاغ مشروع قرار, or a relative clause on one (صاغته، تقدمت به).
	"draft": func(a *analysis, c *cand) bool {
		for k := c.last + 1; k < len(a.toks) && k <= c.last+8 && a.sameSentence(c, k); k++ {
			if a.wordIs(k, "draft") {
				return true
			}
			if a.isAnyTrigger(k) {
				break
			}
		}
		back := c.fm.pronoun || a.wordExact(c.last+1, "به") || a.wordExact(c.last+1, "بها") ||
			a.wordIs(c.first-1, "rel")
		if !back {
			return false
		}
		// The document the pronoun refers to, up to seven words back (the
		// sponsors' names not counted: "وأيد القرار 14 عضوا، وكانت نيوزيلندا
		// وماليزيا والسنغال وفنزويلا قد طرحته").
		for k, n := c.first-1, 0; k >= 0 && n < 7 && a.sameSentence(c, k); k-- {
			if a.toks[k].ent >= 0 {
				continue
			}
			n++
			if a.wordIs(k, "draft") || a.wordIs(k, "resolution") || a.wordIs(k, "doc") {
				return true
			}
		}
		return false
	},
	// اتصالا without هاتفيا: a call when received or made (تلقى/أجرى), or
	// "اتصال من/مع".
	"calllight": func(a *analysis, c *cand) bool {
		for k := c.first - 1; k >= 0 && k >= c.first-10 && a.sameSentence(c, k); k-- {
			if a.wordIs(k, "calllight") {
				return true
			}
		}
		return a.wordExact(c.last+1, "من") || a.wordExact(c.last+1, "مع")
	},
	// اجتمع/اجتماع with someone, not a council session.
	"meetwith": func(a *analysis, c *cand) bool {
		if e := a.entityAfter(c.last+1, 2, "ORG"); e >= 0 && isUNBody(a.ents[e]) {
			return false
		}
		if a.wordIs(c.last+1, "council") {
			return false
		}
		return a.wordWithin(c.last+1, 8, "مع") || a.withBi(c.last+1, 6) || c.fm.agr == agrDual || c.fm.agr == agrPlural
	},
	// استقبل someone.
	"receive": func(a *analysis, c *cand) bool {
		return a.entityAfter(c.last+1, 8, "PER", "TITLE", "ORG", "GPE") >= 0
	},
	// زار/زيارة a place or a person.
	"visit": func(a *analysis, c *cand) bool {
		return a.entityAfter(c.last+1, 6, "GPE", "LOC", "PER", "TITLE", "ORG") >= 0
	},
	// بحث مع: talks; بحث alone is research or "discussed a topic".
	"with": func(a *analysis, c *cand) bool {
		return a.wordWithin(c.last+1, 10, "مع") || c.fm.agr == agrDual || a.wordIs(c.last+1, "dual")
	},
	// مسيرة: a march, not a drone (طائرة مسيرة, المسيرات).
	"march": func(a *analysis, c *cand) bool {
		if a.wordIs(c.first-1, "dronehead") {
			return false
		}
		return a.classWithin(c, c.first-5, 10, "march")
	},
	// بيان/تصريح is a statement when issued (أصدرت بيانا، أدلى بتصريح);
	// "في بيان"، "بحسب بيان" only say how another statement was made.
	"statementnoun": func(a *analysis, c *cand) bool {
		if a.wordIs(c.first-1, "mediumprep") || strings.HasSuffix(c.clitics, "ب") && !a.wordIs(c.first-1, "statementlight") {
			return false
		}
		for k := c.first - 1; k >= 0 && k >= c.first-4 && a.toks[k].sent == c.sent; k-- {
			if a.wordIs(k, "statementlight") {
				return true
			}
		}
		return false
	},
	// هجمات: a specific attack when carried out (شن هجمات) or dated;
	// otherwise the plural is generic ("هجمات الجماعة على الملاحة").
	"specific": func(a *analysis, c *cand) bool {
		for k := c.first - 1; k >= 0 && k >= c.first-4 && a.toks[k].sent == c.sent; k-- {
			if a.wordIs(k, "light") {
				return true
			}
		}
		for k := c.last + 1; k < len(a.toks) && k <= c.last+5 && a.toks[k].sent == c.sent; k++ {
			if a.entType(k) == "DATE" {
				return true
			}
		}
		return false
	},
	// قمة: a summit that is held or hosted, or that gathers named leaders.
	"summit": func(a *analysis, c *cand) bool {
		for k := c.first - 1; k >= 0 && k >= c.first-8 && a.toks[k].sent == c.sent; k-- {
			if a.wordIs(k, "light") {
				return true
			}
		}
		return a.classWithin(c, c.last+1, 3, "meetother")
	},
	// محادثات/مباحثات: talks that are held (أجرى، عقد، بدأ).
	"talks": func(a *analysis, c *cand) bool {
		for k := c.first - 1; k >= 0 && k >= c.first-5 && a.toks[k].sent == c.sent; k-- {
			if a.wordIs(k, "talklight") {
				return true
			}
		}
		return false
	},
	// طلب (noun): "بطلب من الجزائر".
	"requestfrom": func(a *analysis, c *cand) bool {
		return a.wordExact(c.last+1, "من") && c.last+2 < len(a.toks) && a.toks[c.last+2].ent >= 0
	},
	// اغتيل: a passive form; its subject is the target.
	"passive": func(a *analysis, c *cand) bool { return true },
	// أدان in court ("أدانت محكمة رجلا بتهمة") is a conviction.
	"notlegal": func(a *analysis, c *cand) bool {
		for k := c.first - 3; k <= c.last+8 && k < len(a.toks); k++ {
			if k >= 0 && a.toks[k].sent == c.sent && a.wordIs(k, "legal") {
				return false
			}
		}
		return true
	},
	// A meeting of sports teams ("التقى منتخب …"، "لقاء كروي").
	"notsports": func(a *analysis, c *cand) bool { return !a.classWithin(c, c.last+1, 3, "sports") },
	// تظاهرة ثقافية is a festival.
	// A demonstration needs protest words around it (in the Maghreb an
	// "تظاهرة" is also any public event).
	"demo": func(a *analysis, c *cand) bool {
		if a.classWithin(c, c.last+1, 2, "culture") {
			return false
		}
		for k := c.first - 8; k <= c.last+8; k++ {
			if k >= 0 && k < len(a.toks) && (k < c.first || k > c.last) && a.toks[k].sent == c.sent && a.wordIs(k, "protestctx") {
				return true
			}
		}
		return false
	},
	// A verb form right after a trigger or light verb is its verbal noun
	// object ("يؤكد دعمه" is "confirms its support").
	"notmasdar": func(a *analysis, c *cand) bool {
		return !(a.isAnyTrigger(c.first-1) || a.wordIs(c.first-1, "light")) || a.toks[c.first].newline
	},
	// "دعما لخطة": the accusative verbal noun is an adverbial, not the
	// dual verb.
	"notadverbial": func(a *analysis, c *cand) bool {
		w, _ := a.word(c.first)
		return w[len(c.clitics):] != c.e.lemma+"ا"
	},
	// The bare past 3ms form is a verb when it opens a clause (و/ف, after
	// a name, a relative pronoun, قد), not when it follows a noun in
	// construct ("رسالة دعم").
	"verbish": func(a *analysis, c *cand) bool {
		w, _ := a.word(c.first)
		p := c.first - 1
		if c.fm.pronoun && strings.HasPrefix(c.clitics, "و") && p >= 0 && a.toks[p].ent >= 0 && a.ents[a.toks[p].ent].Type == "NORP" {
			return false // "الدولة السودانية ودعمها": a coordinated verbal noun
		}
		if w[len(c.clitics):] != c.e.lemma || c.clitics != "" || c.first == 0 {
			return true
		}
		if a.toks[p].kind != tokWord || a.toks[p].ent >= 0 || a.toks[p].sent != c.sent {
			return true
		}
		return a.wordIs(p, "rel") || a.bareWord(p) == "قد" || a.bareWord(p) == "لقد"
	},
	// Flags read by the linker (link.go): the genitive of a transitive
	// verbal noun is its object unless an ل-object follows ("انتقاد إيران"
	// vs "إدانة مصر للهجوم"); an attack noun's ل-phrase is its agent
	// ("غارات للتحالف").
	// "weak": a protester participle or a casualty noun gives way to
	// another trigger of the same happening when merged (merge.go).
	"weak":       func(a *analysis, c *cand) bool { return true },
	"transitive": func(a *analysis, c *cand) bool { return true },
	"lagent":     func(a *analysis, c *cand) bool { return true },
}

// word returns token k's text when it is a word.
func (a *analysis) word(k int) (string, bool) {
	if k < 0 || k >= len(a.toks) || a.toks[k].kind != tokWord {
		return "", false
	}
	return a.toks[k].text, true
}

// wordExact reports whether token k is exactly w.
func (a *analysis) wordExact(k int, w string) bool {
	t, ok := a.word(k)
	return ok && t == w
}

// wordWithin reports whether a word whose bare form is w occurs in tokens
// [from, from+n) of the same sentence.
func (a *analysis) wordWithin(from, n int, w string) bool {
	if from <= 0 || from-1 >= len(a.toks) {
		return false
	}
	s := a.toks[from-1].sent
	for k := from; k < from+n && k < len(a.toks) && a.toks[k].sent == s; k++ {
		if t, ok := a.word(k); ok {
			for _, r := range readings(t).list() {
				if r.rest == w {
					return true
				}
			}
		}
	}
	return false
}

// cliticWithin reports whether a word with proclitic cl occurs in
// [from, from+n) of the same sentence.
func (a *analysis) cliticWithin(from, n int, cl string) bool {
	if from <= 0 || from-1 >= len(a.toks) {
		return false
	}
	s := a.toks[from-1].sent
	for k := from; k < from+n && k < len(a.toks) && a.toks[k].sent == s; k++ {
		if t, ok := a.word(k); ok && strings.HasPrefix(strings.TrimPrefix(t, "و"), cl) {
			return true
		}
	}
	return false
}

// classWithin reports whether a word of cue class occurs in [from, from+n)
// of c's sentence; words inside entities are not counted in n, and a word
// is also tried without a possessive pronoun (وحداته، فرقاطاتها).
func (a *analysis) classWithin(c *cand, from, n int, class string) bool {
	if from < 0 {
		n += from
		from = 0
	}
	for k, seen := from, 0; k < len(a.toks) && seen < n; k++ {
		if a.toks[k].sent != c.sent {
			if k > c.last {
				break
			}
			continue
		}
		if a.toks[k].ent >= 0 {
			continue
		}
		seen++
		if a.wordIs(k, class) || a.stemIs(k, class) {
			return true
		}
	}
	return false
}

// stemIs reports whether token k without a possessive pronoun is in class.
func (a *analysis) stemIs(k int, class string) bool {
	w, ok := a.word(k)
	if !ok {
		return false
	}
	for _, p := range []string{"هما", "هم", "ها", "ه"} {
		if strings.HasSuffix(w, p) && utf8.RuneCountInString(w)-utf8.RuneCountInString(p) >= 2 {
			if a.bareIs(strings.TrimSuffix(w, p), class) {
				return true
			}
			if st := strings.TrimSuffix(w, p); strings.HasSuffix(st, "ت") && a.bareIs(strings.TrimSuffix(st, "ت")+"ة", class) {
				return true
			}
		}
	}
	return false
}

// withBi reports "اجتمع ب<entity>".
func (a *analysis) withBi(from, n int) bool {
	for k := from; k < from+n && k < len(a.toks); k++ {
		if e := a.toks[k].ent; e >= 0 && isActorType(a.ents[e].Type) {
			return strings.HasPrefix(strings.TrimPrefix(a.toks[k].text, "و"), "ب")
		}
	}
	return false
}

func (a *analysis) sameSentence(c *cand, k int) bool { return a.toks[k].sent == c.sent }

// entType returns the type of the entity at token k, or "".
func (a *analysis) entType(k int) string {
	if k < 0 || k >= len(a.toks) || a.toks[k].ent < 0 {
		return ""
	}
	return a.ents[a.toks[k].ent].Type
}

// entityAfter returns the first entity of one of types in the n tokens
// from token from (same sentence), or -1.
func (a *analysis) entityAfter(from, n int, types ...string) int {
	if from <= 0 || from >= len(a.toks) {
		return -1
	}
	s := a.toks[from-1].sent
	for k := from; k < from+n && k < len(a.toks) && a.toks[k].sent == s; k++ {
		if e := a.toks[k].ent; e >= 0 && contains(types, a.ents[e].Type) {
			return e
		}
	}
	return -1
}

// isNumberTok reports a number token or a NUM entity.
func (a *analysis) isNumberTok(k int) bool {
	if k < 0 || k >= len(a.toks) {
		return false
	}
	return a.toks[k].kind == tokNumber || a.entType(k) == "NUM"
}

// numWithin reports a NUM entity or number in [from, from+n).
func (a *analysis) numWithin(from, n int) bool {
	for k := from; k < from+n && k < len(a.toks); k++ {
		if a.isNumberTok(k) {
			return true
		}
	}
	return false
}

// voteSentence reports whether sentence s is about a ballot: it holds a NUM
// mention, a voting noun (عضوا، صوتا) or "التصويت".
func (a *analysis) voteSentence(s int) bool {
	for k := a.sentStart(s); k < a.sentEnd(s); k++ {
		if a.entType(k) == "NUM" || a.wordIs(k, "unanimous") {
			return true
		}
		if t, ok := a.word(k); ok {
			for _, r := range readings(t).list() {
				switch r.rest {
				case "التصويت", "تصويت", "عضوا", "اعضاء", "صوتا", "اصوات", "الاصوات":
					return true
				}
			}
		}
	}
	return false
}

// isTriggerWord reports whether token k reads as a trigger form of typ.
func (a *analysis) isTriggerWord(k int, typ string) bool {
	t, ok := a.word(k)
	if !ok {
		return false
	}
	for _, r := range readings(t).list() {
		for _, fm := range a.lx.forms[r.rest] {
			if fm.e.typ == typ {
				return true
			}
		}
	}
	return false
}

// isAnyTrigger reports whether token k starts a trigger candidate.
func (a *analysis) isAnyTrigger(k int) bool {
	if a.candAt != nil {
		return a.candAt[k] != nil
	}
	for _, c := range a.cands {
		if c.first == k {
			return true
		}
	}
	return false
}

// hasSubjectRight reports whether a named subject follows the verb.
func (a *analysis) hasSubjectRight(c *cand) bool {
	np := a.npRight(c.last+1, a.sentEnd(c.sent))
	return len(np.heads) > 0
}

// isActorType reports entity types that can act or be acted on.
func isActorType(t string) bool {
	switch t {
	case "PER", "ORG", "GPE", "TITLE", "NORP", "LOC":
		return true
	}
	return false
}
