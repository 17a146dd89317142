package gazetteers

import "strconv"

// Words that may stand between a resolution trigger (القرار) and its number:
// القرار الأممي رقم 2254، قرار مجلس الأمن الدولي رقم 2712، القرار ذو الرقم 1701.
var resolutionFillers = map[string]bool{
	"مجلس": true, "الامن": true, "الدولي": true, "الاممي": true, "الدولية": true, "الاممية": true,
	"التابع": true, "للامم": true, "الامم": true, "المتحدة": true, "رقم": true, "رقمي": true, "الرقم": true,
	"برقم": true, "بالرقم": true, "حمل": true, "تحمل": true, "ويحمل": true, "ذي": true, "ذو": true, "ذا": true, "الشهير": true, "الشهيرين": true,
	"الصادر": true, "الصادرين": true, "الصادرة": true, "عن": true, "الخاص": true, "الاخير": true,
	"الجمعية": true, "العامة": true, "رقمه": true, "يحمل": true, "الذي": true,
}

// maxFillers bounds how far after the trigger a number may stand.
const maxFillers = 7

// resolutionsAfter reads the resolution numbers that follow a trigger word
// ending at pos and appends them to out. A number is one to four digits; a
// list goes on with و, a comma or a slash-year ("2254/2015", "2254 (2015)").
// References to General Assembly resolutions get no link.
func (g *Gazetteer) resolutionsAfter(norm string, pos int, out []hit) []hit {
	fillers := 0
	general := false
	sc := tokScanner{s: norm, i: pos}
	// Before the first number: fillers only.
	for {
		t := sc.next()
		switch {
		case t.kind == tokWord && resolutionFillers[t.text]:
			if t.text == "الجمعية" {
				general = true
			}
			fillers++
			if fillers > maxFillers {
				return out
			}
			continue
		case t.kind == tokPunct && (t.text == ":" || t.text == "("):
			continue
		case t.kind == tokNumber:
			if countsSomething(sc) {
				return out
			}
			out = g.appendResolution(out, t, general)
		default:
			return out
		}
		break
	}
	// A list of further numbers.
	for {
		t := sc.next()
		switch {
		case t.kind == tokPunct && t.text == ")":
			// "القرار (2254)"
			continue
		case t.kind == tokPunct && (t.text == "(" || t.text == "/"):
			// "2254 (2015)" or "2254/2015": skip the year.
			y := sc.next()
			if y.kind != tokNumber || len(y.text) != 4 || y.conj {
				return out
			}
			if t.text == "(" {
				if c := sc.next(); c.kind != tokPunct || c.text != ")" {
					return out
				}
			}
			continue
		case t.kind == tokPunct && (t.text == "،" || t.text == ","):
			t = sc.next()
		case t.kind == tokWord && t.text == "و":
			t = sc.next()
		case t.kind == tokNumber && t.conj:
			// و2720: the و is attached.
		default:
			return out
		}
		if t.kind == tokWord && (t.text == "رقم" || t.text == "القرار") {
			t = sc.next()
		}
		if t.kind != tokNumber || countsSomething(sc) {
			return out
		}
		out = g.appendResolution(out, t, general)
	}
}

// Nouns that make the number before them a count, not a resolution:
// "أيد القرار 12 عضوا".
var countedNouns = map[string]bool{
	"عضوا": true, "عضو": true, "عضوين": true, "اعضاء": true, "صوتا": true, "صوت": true, "اصوات": true,
	"دولة": true, "دول": true, "مقابل": true, "ضد": true, "يوما": true, "عاما": true, "سنة": true,
	"شهرا": true, "بالمئة": true, "بالمائة": true, "%": true, "٪": true,
}

// countsSomething reports whether the token after the scanner's position is a
// counted noun (the scanner is a copy; it does not move).
func countsSomething(sc tokScanner) bool {
	t := sc.next()
	return (t.kind == tokWord || t.kind == tokPunct) && countedNouns[t.text]
}

func (g *Gazetteer) appendResolution(out []hit, t token, general bool) []hit {
	n, err := strconv.Atoi(t.text)
	if err != nil || n <= 0 {
		return out
	}
	if general {
		n = 0 // a General Assembly resolution: no link
	}
	return append(out, hit{start: int32(t.start), end: int32(t.end), val: int32(-n - 1)})
}

// resolutionMatch expands a resolution hit (val = -n-1; n = 0 for one that
// must not be linked).
func (g *Gazetteer) resolutionMatch(h hit) Match {
	m := Match{Start: int(h.start), End: int(h.end), Type: TypeRESOLUTION, Kind: KindResolution}
	if n := int(-h.val - 1); n > 0 {
		if r, ok := g.resolutions[n]; ok {
			m.ID, m.Name, m.Date = r.ID, r.Name(), r.Date()
		}
	}
	return m
}

type tokKind uint8

const (
	tokEnd tokKind = iota
	tokWord
	tokNumber
	tokPunct
)

type token struct {
	kind       tokKind
	text       string // the number without an attached و
	start, end int
	conj       bool // a number with و attached (و2720)
}

// tokScanner splits normalised text into words, numbers and punctuation,
// skipping spaces; it stops at a line break.
type tokScanner struct {
	s string
	i int
}

func (sc *tokScanner) next() token {
	s := sc.s
	for sc.i < len(s) && s[sc.i] == ' ' {
		sc.i++
	}
	if sc.i >= len(s) || s[sc.i] == '\n' {
		return token{kind: tokEnd}
	}
	st := sc.i
	if w, n := runeAt(s, st); !w {
		sc.i += n
		return token{kind: tokPunct, text: s[st:sc.i], start: st, end: sc.i}
	}
	en := wordEnd(s, st)
	sc.i = en
	w := s[st:en]
	if d := digitsFrom(w); d >= 0 {
		if d == 0 && len(w) <= 4 {
			return token{kind: tokNumber, text: w, start: st, end: en}
		}
		if d == len("و") && w[:d] == "و" && len(w)-d <= 4 {
			return token{kind: tokNumber, text: w[d:], start: st + d, end: en, conj: true}
		}
	}
	return token{kind: tokWord, text: w, start: st, end: en}
}

// digitsFrom returns the offset from which w is all ASCII digits (at least
// one), or -1.
func digitsFrom(w string) int {
	i := len(w)
	for i > 0 && w[i-1] >= '0' && w[i-1] <= '9' {
		i--
	}
	if i == len(w) {
		return -1
	}
	return i
}
