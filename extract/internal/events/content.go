package events

// docKind is what a document phrase refers to.
type docKind uint8

const (
	docNone       docKind = iota
	docDraft              // مشروع قرار، المسودة
	docResolution         // القرار 2720، قرارا
)

// contentTypes are the event types whose trigger can report what a text
// says (a draft or a resolution "demands", "condemns", "stresses").
var contentTypes = map[string]bool{"STATEMENT": true, "CONDEMN": true, "DEMAND": true, "ATTACK": true,
	"DEPLOY": true, "PROTEST": true, "MEET": true, "CALL": true, "AGREE": true, "SUPPORT": true, "COOPERATE": true,
	"AID": true, "CONCEDE": true, "RETREAT": true, "THREATEN": true, "SANCTION": true, "COERCE": true}

// setContent decides whether a trigger is the content of a draft or a
// resolution rather than something a party did (ANNOTATION.md, "Resolution
// content"): "مشروع قرار … يطالب"، "ويطالب مشروع القرار"، "وطالبت الوثيقة"،
// "كما تضمن المطالبة"، "وبحسب النص، فإن المجلس يؤكد". The content of a
// draft is no event; the content of a resolution is one when the paragraph
// reports its adoption (its actor is then the adopting body, see
// linkLate), and none otherwise (a resolution cited from the past).
func (a *analysis) setContent(c *cand) {
	if !contentTypes[c.typ()] {
		return
	}
	kind := a.contentOf(c)
	switch kind {
	case docDraft:
		c.dropBecause("content of a draft")
	case docResolution:
		if a.adoptionInParagraph(c) == nil {
			c.dropBecause("content of a resolution not adopted here")
			return
		}
		if c.typ() != "DEMAND" && c.typ() != "CONDEMN" {
			// "ينص على نشر قوات": what a resolution provides for is not a
			// deployment that happened.
			c.dropBecause("provision of a resolution")
			return
		}
		c.content = contentResolution
	}
}

func (a *analysis) contentOf(c *cand) docKind {
	s0, s1 := a.sentStart(c.sent), a.sentEnd(c.sent)
	// "بحسب النص", "وفق المسودة" earlier in the sentence.
	for k := s0; k < c.first; k++ {
		if a.wordIs(k, "according") {
			if d := a.docAt(k + 1); d != docNone {
				return d
			}
		}
	}
	// "تضمن المطالبة", "ينص على ...".
	for k := c.first - 1; k >= s0 && k >= c.first-3; k-- {
		if a.wordIs(k, "contains") {
			if d := a.docBefore(c.first); d != docNone {
				return d
			}
		}
	}
	// A document as the subject after the verb: "ويطالب مشروع القرار".
	if c.fm.pos == posVerb {
		j := a.skipFillers(c.last+1, s1)
		if d := a.docAt(j); d != docNone {
			return d
		}
	}
	// A document before the verb, with only a relative clause, a nisba,
	// entities and prepositions between: "مشروع قرار صاغته البرازيل في
	// مجلس الأمن يدعو"، "القرار 2712 الذي أعدته مالطا، ويدعو".
	if c.fm.pos == posVerb && !c.fm.pronoun || c.fm.pos == posVerb && c.typ() == "DEMAND" {
		other, clause := 0, false
		for k := c.first - 1; k >= s0 && k >= c.first-16; k-- {
			if d := a.docAt(k); d != docNone {
				if other > 0 && !clause {
					break // "رحب X بالقرار، بينما ندد": not the resolution's words
				}
				return d
			}
			t := a.toks[k]
			switch {
			case t.ent >= 0, t.kind == tokNumber:
			case t.kind == tokPunct && (t.text == "،" || t.text == "," || t.text == "\"" || t.text == "«"):
			case a.wordIs(k, "clause"):
				k = -1
			case a.wordIs(k, "rel"), a.wordIs(k, "prep"), a.wordIs(k, "titleword"), nisbaLike(t.text):
			case a.isDraftClause(k):
				clause = true
			case other < 2:
				// "قدمته الإمارات باسم المجموعة العربية يطالب": words of the
				// relative clause (accepted only when the clause is crossed)
				other++
			default:
				k = -1 // a content word: the subject is elsewhere
			}
		}
	}
	// No subject at all: the previous subject carries on ("ويطلب من …"
	// after "الذي يطالب").
	if c.fm.pos == posVerb && !a.hasSubjectRight(c) && len(a.npLeft(c.first, s0).heads) == 0 {
		for _, o := range a.cands {
			if o == c {
				break
			}
			if o.para == c.para && o.sent >= c.sent-1 && contentTypes[o.typ()] && (o.content == contentResolution || o.why == "content of a draft") {
				if o.content == contentResolution {
					return docResolution
				}
				return docDraft
			}
		}
	}
	return docNone
}

// isDraftClause reports a DRAFT_SUBMIT verb of a relative clause (صاغته،
// قدمته، تقدمت به) at token k.
func (a *analysis) isDraftClause(k int) bool {
	for _, o := range a.cands {
		if o.first <= k && k <= o.last {
			return o.typ() == "DRAFT_SUBMIT" || (o.typ() == "ADOPT" && o.fm.pronoun)
		}
	}
	return a.wordIs(k, "contains")
}

// docAt reads a document phrase at token k: a draft (مشروع، مسودة,
// "مشروع قرار"), a resolution (القرار، قرارا، a RESOLUTION entity), or an
// ambiguous النص/الوثيقة, which refers to the last document before it.
func (a *analysis) docAt(k int) docKind {
	if k < 0 || k >= len(a.toks) {
		return docNone
	}
	if a.entType(k) == "RESOLUTION" {
		if a.wordIs(k-1, "draft") {
			return docDraft
		}
		return docResolution
	}
	switch {
	case a.wordIs(k, "draft"):
		return docDraft
	case a.wordIs(k, "resolution"):
		if a.wordIs(k-1, "draft") {
			return docDraft
		}
		return docResolution
	case a.wordIs(k, "doc"):
		return a.docBefore(k)
	}
	return docNone
}

// docBefore returns the kind of the nearest document phrase before token k
// in the same paragraph.
func (a *analysis) docBefore(k int) docKind {
	p := a.toks[k].para
	for j := k - 1; j >= 0 && a.toks[j].para == p; j-- {
		if a.wordIs(j, "doc") {
			continue
		}
		if d := a.docAt(j); d != docNone {
			return d
		}
	}
	return docNone
}

// adoptionInParagraph returns the event that adopted a resolution in c's
// paragraph, at or before c's sentence: an asserted ADOPT, or an asserted
// VOTE on a resolution (صوّت مجلس الأمن بالإجماع على القرار 2401).
func (a *analysis) adoptionInParagraph(c *cand) *cand {
	var best *cand
	for _, o := range a.cands {
		if o.para != c.para || o.drop || o.modality != "" || o.sent > c.sent {
			continue
		}
		switch o.typ() {
		case "ADOPT":
			best = o
		case "VOTE":
			if best == nil && !o.outcome && a.sentenceHasResolution(o.sent) {
				best = o
			}
		}
	}
	return best
}

// sentenceHasResolution reports a resolution (not a draft) named in
// sentence s.
func (a *analysis) sentenceHasResolution(s int) bool {
	for k := a.sentStart(s); k < a.sentEnd(s); k++ {
		if a.docAt(k) == docResolution && !a.wordIs(k, "doc") {
			return true
		}
	}
	return false
}

// adopter returns the body that adopted: an ADOPT's actor or a VOTE's
// venue.
func adopter(ad *cand) []ref {
	if ad.typ() == "VOTE" {
		return ad.roles[roleVenue]
	}
	return ad.roles[roleActor]
}
