package temporal

import (
	"strconv"
	"strings"
)

// Vote numbers (NUM): tallies, council sizes and thresholds, the only
// numbers ANNOTATION.md annotates. A number is a NUM when it counts a
// voting noun ("13 عضوا", "ثلاثة عشر صوتا", "صوت واحد"), is a dual of one
// ("عضوين", "صوتان"), follows بأغلبية ("بأغلبية 12"), or is the threshold
// ثلثي/ثلثا — and a voting word occurs in the same sentence.

// voteNouns are the nouns a tally counts (normalised; the last letters of
// accusative/plural forms included).
var voteNouns = set("عضو", "عضوا", "اعضاء", "صوت", "صوتا", "اصوات", "دولة", "دول", "دولا",
	"بلد", "بلدا", "بلدان", "مندوب", "مندوبا", "مندوبين")

// dualNouns are duals of voting nouns: each is the number 2.
var dualNouns = set("عضوين", "عضوان", "صوتين", "صوتان", "دولتين", "دولتان", "بلدين", "بلدان",
	"مندوبين")

// voteCues are word stems (after proclitics) that make a sentence a vote.
var voteCues = []string{"صوت", "يصوت", "تصوت", "التصويت", "تصويت", "ايد", "تاييد", "يؤيد", "مؤيد",
	"لصالح", "صالح", "ضد", "امتنع", "امتناع", "الامتناع", "تمتنع", "يمتنع", "ممتنع", "اغلبية", "الاغلبية",
	"مقابل", "اصوات", "الاصوات", "عارض", "معارض", "موافقة", "وافق", "رفض", "ثلثي", "ثلثا", "المجلس",
	"الجمعية", "مجلس"}

// majorityWords come before a count: بأغلبية 12، من أصل 15.
var majorityWords = set("اغلبية", "الاغلبية", "اصل")

// voteCountNouns are plural nouns of votes (isVoteCount).
var voteCountNouns = set("اصوات", "الاصوات", "صوتا")

// voteCuesByLead holds voteCues by their first byte pair (every cue starts
// with a two-byte Arabic letter), so that a word is tested only against
// the cues that can be its prefix.
var voteCuesByLead = func() map[[2]byte][]string {
	m := map[[2]byte][]string{}
	for _, c := range voteCues {
		k := [2]byte{c[0], c[1]}
		m[k] = append(m[k], c)
	}
	return m
}()

// unitWords are the number words 1..10 (value) in the forms news uses.
var unitWords = map[string]int{
	"واحد": 1, "واحدا": 1, "واحدة": 1, "احد": 1, "احدي": 1,
	"اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
	"ثلاث": 3, "ثلاثة": 3, "اربع": 4, "اربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6,
	"سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
	"عشر": 10, "عشرة": 10,
}

// tensWords are 20..90, in the nominative and oblique forms.
var tensWords = map[string]int{
	"عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
	"خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
	"ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}

// fractions are vote thresholds; their value is written as a decimal.
var fractions = map[string]string{"ثلثي": "0.6667", "ثلثا": "0.6667"}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// bare strips the proclitics of a word when the rest is in table.
func bare(w string, table map[string]bool) (string, int, bool) {
	for _, off := range strips(w).list() {
		if table[w[off:]] {
			return w[off:], off, true
		}
	}
	return "", 0, false
}

// numberWords reads a number written in words at token i: a unit (1..10),
// "N عشر" (11..19), tens (20..90) or "unit و tens" (21..99). It returns the
// value, the last token and the clitic offset of the first word.
func (s *scanner) numberWords(i int) (val, last, off int, ok bool) {
	w, ok := s.word(i, true)
	if !ok {
		return 0, 0, 0, false
	}
	for _, o := range strips(w).list() {
		r := strings.TrimPrefix(w[o:], "ال") // "الأصوات التسعة"
		if v, ok := tensWords[r]; ok {
			return v, i, o, true
		}
		u, ok := unitWords[r]
		if !ok {
			continue
		}
		last = i
		if n, ok := s.word(i+1, false); ok && (n == "عشر" || n == "عشرة") && u < 10 {
			return 10 + u, i + 1, o, true
		}
		if n, ok := s.word(i+1, false); ok && strings.HasPrefix(n, "و") {
			if t, ok := tensWords[n[len("و"):]]; ok && u < 10 {
				return t + u, i + 1, o, true
			}
		}
		return u, last, o, true
	}
	return 0, 0, 0, false
}

// numAt reads a vote number at token i (the caller checks the sentence for
// a voting word). It returns the mention's span and value.
func (s *scanner) numAt(i int) (match, bool) {
	t := s.toks[i]
	nounAfter := func(j int) bool {
		w, ok := s.word(j, false)
		if !ok {
			return false
		}
		_, _, ok = bare(w, voteNouns)
		return ok
	}
	switch t.kind {
	case tokNumber:
		if len(t.text) > 3 || t.text[0] == '0' {
			return match{}, false // years, phone numbers
		}
		v, _ := strconv.Atoi(t.text)
		prev, _ := s.word(i-1, true)
		_, _, afterMajority := bare(prev, majorityWords) // بأغلبية 12، من أصل 15
		if nounAfter(i+1) || afterMajority {
			return match{first: i, last: i, start: t.start, end: t.end, value: strconv.Itoa(v)}, true
		}
	case tokWord:
		if _, off, ok := bare(t.text, dualNouns); ok {
			return match{first: i, last: i, start: t.start + off, end: t.end, value: "2"}, true
		}
		for _, off := range strips(t.text).list() {
			if v, ok := fractions[t.text[off:]]; ok {
				return match{first: i, last: i, start: t.start + off, end: t.end, value: v}, true
			}
		}
		if v, last, off, ok := s.numberWords(i); ok {
			// "ثلاثة عشر عضوا" (words before the noun) or "صوت واحد"
			// (واحد/واحدة after the noun).
			prev, _ := s.word(i-1, true)
			_, _, afterNoun := bare(prev, voteNouns)
			if nounAfter(last+1) || (v == 1 && afterNoun && !s.toks[i].newline) ||
				(strings.HasPrefix(t.text[off:], "ال") && isVoteCount(prev)) ||
				(strings.HasPrefix(t.text[off:], "ال") && s.othersAt(last+1)) {
				return match{first: i, last: last, start: t.start + off, end: s.toks[last].end, value: strconv.Itoa(v)}, true
			}
		}
	}
	return match{}, false
}

// othersAt reports "الآخرون/الأخرى" at token i: "أيده الأعضاء الأربعة عشر
// الآخرون" counts the rest of the council.
func (s *scanner) othersAt(i int) bool {
	w, ok := s.word(i, false)
	if !ok {
		return false
	}
	switch w {
	case "الاخرون", "الاخرين", "الاخري", "الباقون", "الباقين":
		return true
	}
	return false
}

// isVoteCount reports a plural noun of votes ("الأصوات التسعة"): a
// definite number after it is a count, after "الأعضاء" it is a group
// ("الأعضاء العشرة المنتخبون").
func isVoteCount(w string) bool {
	_, _, ok := bare(w, voteCountNouns)
	return ok
}

// sentenceHasVoteCue reports whether tokens [a, b) hold a voting word.
func (s *scanner) sentenceHasVoteCue(a, b int) bool {
	for k := a; k < b; k++ {
		if s.toks[k].kind != tokWord {
			continue
		}
		w := s.toks[k].text
		for _, off := range strips(w).list() {
			r := w[off:]
			if len(r) < 2 {
				continue
			}
			for _, c := range voteCuesByLead[[2]byte{r[0], r[1]}] {
				if strings.HasPrefix(r, c) {
					return true
				}
			}
		}
	}
	return false
}

// IsNumberWord reports whether w (proclitics and article allowed) is a
// unit or tens number word: a cheap test before NumberValue.
func IsNumberWord(w string) bool {
	for _, o := range strips(w).list() {
		r := strings.TrimPrefix(w[o:], "ال")
		if _, ok := unitWords[r]; ok {
			return true
		}
		if _, ok := tensWords[r]; ok {
			return true
		}
	}
	return false
}

// NumberValue returns the value of the text of a vote number in normalised
// spelling, as FindText would give it: digits ("13"), number words
// ("ثلاثة عشر", "الأربعة"), a dual noun ("عضوين" = 2) or a threshold
// ("ثلثي"). ok is false when the text is none of these.
func NumberValue(text string) (string, bool) {
	s := &scanner{norm: text, toks: tokenize(text, nil)}
	if len(s.toks) == 0 {
		return "", false
	}
	t := s.toks[0]
	switch t.kind {
	case tokNumber:
		if len(s.toks) == 1 {
			v, err := strconv.Atoi(t.text)
			return strconv.Itoa(v), err == nil
		}
	case tokWord:
		if _, _, ok := bare(t.text, dualNouns); ok && len(s.toks) == 1 {
			return "2", true
		}
		for _, off := range strips(t.text).list() {
			if v, ok := fractions[t.text[off:]]; ok && len(s.toks) == 1 {
				return v, true
			}
		}
		if v, last, _, ok := s.numberWords(0); ok && last == len(s.toks)-1 {
			return strconv.Itoa(v), true
		}
	}
	return "", false
}
