package events

import "strings"

// Modality values (FORMAT.md); "" is asserted.
const (
	modPlanned      = "planned"
	modNegated      = "negated"
	modHypothetical = "hypothetical"
)

// setModality decides whether a trigger reports an actual happening.
//
//   - generic mentions ("قامت أكثر من مرة بعرقلة", "مرارا") are dropped;
//   - attacks given as the reason for something ("ردا على هجمات") or as what
//     should stop ("وقف الهجمات") are background, dropped;
//   - the future prefix (ستواصل), a purpose ل on a verbal noun (لاعتماده)
//     or a planning or expecting word before it (تعتزم، من المقرر، يتوقعون
//     أن) make it planned;
//   - لم/لن/لا/ليس/عدم right before it (up to three words, across a light
//     verb: "لم تستخدم حق النقض") or a cancelling verb (ألغى زيارة) make it
//     negated;
//   - إذا/لو/في حال/ربما, and قد before a present verb, make it hypothetical.
//
// The cues are looked for in the same sentence, at most six words back and
// not across a comma, colon or another trigger.
func (a *analysis) setModality(c *cand) {
	s0 := a.sentStart(c.sent)
	for k := c.first - 1; k >= s0 && k >= c.first-8; k-- {
		if a.wordIs(k, "generic") {
			c.dropBecause("generic")
			return
		}
		if _, ok := a.phraseAt(k, "genericphrase"); ok {
			c.dropBecause("generic")
			return
		}
	}
	if c.typ() == "ATTACK" {
		for k := c.first - 1; k >= s0 && k >= c.first-3; k-- {
			if a.wordIs(k, "stopattack") {
				c.dropBecause("an attack to stop, not one that happened")
				return
			}
		}
	}
	if c.fm.pos == posVerb && c.fm.present && a.wordExact(c.first-1, "ان") && a.wordExact(c.first-2, "علي") {
		c.modality = modPlanned // "على أن تنشر": a condition, not a report
		return
	}
	if a.wordExact(c.first-1, "اي") {
		c.dropBecause("generic: أي")
		return
	}
	// "وإذا أسقطت واشنطن المشروع، فسيكون ذلك سادس فيتو": a condition opens
	// the sentence.
	for k := s0; k < s0+2 && k < c.first; k++ {
		if w := a.bareWord(k); w == "اذا" || w == "لو" {
			c.modality = modHypothetical
			return
		}
	}
	if c.future {
		c.modality = modPlanned
		return
	}
	// What is demanded or threatened has not happened: "طالب بالإفراج عن"،
	// "دعا إلى وقف إطلاق النار"، "هدد بفرض عقوبات".
	if c.typ() != "DEMAND" && c.typ() != "THREATEN" {
		for k := c.first - 1; k >= s0 && k >= c.first-3; k-- {
			if o := a.candAt[k]; o != nil && o != c && (o.typ() == "DEMAND" || o.typ() == "THREATEN") {
				c.modality = modPlanned
				return
			}
			if a.toks[k].kind == tokPunct {
				break
			}
		}
	}
	if c.fm.pos == posVerb && c.fm.present && a.wordExact(c.first-1, "ان") {
		// أنْ + present is the subjunctive: "يجب أن يدين"، "اقترح أن يبدي".
		// (إنّ and أنّ take a noun, not a verb.)
		c.modality = modPlanned
		return
	}
	if c.purpose && !a.wordIs(c.first-1, "responseto") && !(c.typ() == "ATTACK" && a.wordIs(c.first-1, "undergo")) {
		c.modality = modPlanned
		return
	}
	if c.typ() == "VOTE" && (a.wordExact(c.first-1, "الي") || c.clitics == "ل" || c.clitics == "لل") {
		c.modality = modPlanned // "دعا إلى التصويت"، "طرح للتصويت"
		return
	}
	for k, n := c.first-1, 1; k >= s0 && n <= 6; k, n = k-1, n+1 {
		t := a.toks[k]
		if t.kind == tokPunct {
			if t.text == "،" || t.text == "," || t.text == ":" || t.text == "؛" || t.text == "." {
				break
			}
			continue
		}
		if t.ent >= 0 {
			continue
		}
		if n > 1 && a.startsOtherTrigger(k) {
			break
		}
		switch {
		case a.wordIs(k, "neg") && n <= 3 && !a.exceptAfter(k, c):
			c.modality = modNegated
			return
		case a.wordIs(k, "cancel"):
			c.modality = modNegated
			return
		case a.wordIs(k, "planned") || a.wordIs(k, "expect"):
			c.modality = modPlanned
			return
		case a.bareWord(k) == "قد":
			if n == 1 && c.fm.present {
				c.modality = modHypothetical
				return
			}
		case a.wordIs(k, "hypothetical"):
			c.modality = modHypothetical
			return
		}
		if w := a.bareWord(k); strings.HasPrefix(w, "س") && (a.bareIs(w[len("س"):], "light") || w == "سيتم" || w == "ستتم") {
			c.modality = modPlanned // "وستستخدم حق النقض"، "سيقوم بزيارة"
			return
		}
	}
}

// exceptAfter reports "لم … إلا": a restriction, not a negation.
func (a *analysis) exceptAfter(k int, c *cand) bool {
	for j := k + 1; j < c.last+3 && j < len(a.toks); j++ {
		if a.wordIs(j, "except") {
			return true
		}
	}
	return false
}

// startsOtherTrigger reports whether token k is the first token of another
// (non-light) trigger candidate.
func (a *analysis) startsOtherTrigger(k int) bool {
	o := a.candAt[k]
	return o != nil && !o.drop && !a.wordIs(k, "light")
}

// bareWord returns token k without a leading و/ف.
func (a *analysis) bareWord(k int) string {
	w, _ := a.word(k)
	if len(w) > len("و")+2 && (w[:len("و")] == "و" || w[:len("ف")] == "ف") {
		return w[len("و"):]
	}
	return w
}
