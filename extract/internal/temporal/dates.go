package temporal

import (
	"fmt"
	"strconv"
	"time"
)

// match is one recognised expression: tokens [first, last], its byte span
// (after any proclitic of the first token) and its value.
type match struct {
	first, last int
	start, end  int
	value       string
	// day is true when value is a YYYY-MM-DD date (used by "نفس اليوم").
	day bool
}

// scanner walks the tokens of one text with the anchor date.
type scanner struct {
	norm      string // the text the tokens index
	toks      []token
	anchor    time.Time
	hasAnchor bool
	lastDay   string // value of the last day-level date seen, for "نفس اليوم"
}

// word returns token i's text if it is a word on the same line as token
// i-1 (or i is the first token of the expression, first == true).
func (s *scanner) word(i int, first bool) (string, bool) {
	if i < 0 || i >= len(s.toks) || s.toks[i].kind != tokWord || (!first && s.toks[i].newline) {
		return "", false
	}
	return s.toks[i].text, true
}

// phrase matches a multiword form of table starting at token i (whose
// proclitics are stripped when first is true). It returns the form, the
// index of its last token and the byte offset where the form starts.
func phrase[T any](s *scanner, i int, first bool, table map[string]T) (form string, last, start int, ok bool) {
	w, ok := s.word(i, first)
	if !ok {
		return "", 0, 0, false
	}
	ss := stripSet{n: 1}
	if first {
		ss = strips(w)
	}
	best := -1
	for _, off := range ss.list() {
		cand := w[off:]
		base := s.toks[i].start + off
		// While the words are one space apart, cand is a slice of the
		// text (no allocation); otherwise it is built.
		inText := s.norm != ""
		for j := i; ; {
			if _, hit := table[cand]; hit && j > best {
				form, last, start, best = cand, j, base, j
			}
			if j-i+1 >= names.maxWords {
				break
			}
			nw, ok := s.word(j+1, false)
			if !ok || s.toks[j+1].glued {
				break
			}
			if inText && s.toks[j+1].start == s.toks[j].end+1 && s.norm[s.toks[j].end] == ' ' {
				cand = s.norm[base:s.toks[j+1].end]
			} else {
				inText = false
				cand += " " + nw
			}
			j++
		}
		if best >= 0 {
			break // the reading with the fewest clitics stripped wins
		}
	}
	return form, last, start, best >= 0
}

// isPunct reports whether token i is the punctuation mark p on the line.
func (s *scanner) isPunct(i int, p string) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == tokPunct && s.toks[i].text == p && !s.toks[i].newline
}

// number returns the integer value of token i if it is a number of at most
// maxDigits digits on the line.
func (s *scanner) number(i, maxDigits int) (int, bool) {
	if i < 0 || i >= len(s.toks) || s.toks[i].kind != tokNumber || s.toks[i].newline || len(s.toks[i].text) > maxDigits {
		return 0, false
	}
	v, err := strconv.Atoi(s.toks[i].text)
	return v, err == nil
}

// monthExpr matches a Gregorian month name at i, with an optional paired
// name ("شباط/فبراير", "شباط (فبراير)"). paired is true when a second name
// was found, which makes an ambiguous first name (مارس) safe.
func (s *scanner) monthExpr(i int, first bool) (month, last, start int, paired, ok bool) {
	form, last, start, ok := phrase(s, i, first, names.months)
	if !ok {
		return 0, 0, 0, false, false
	}
	month = names.months[form]
	j := last + 1
	switch {
	case s.isPunct(j, "/") || s.isPunct(j, "-"):
		if f2, l2, _, ok2 := phrase(s, j+1, false, names.months); ok2 && names.months[f2] == month {
			last, paired = l2, true
		}
	case s.isPunct(j, "("):
		if f2, l2, _, ok2 := phrase(s, j+1, false, names.months); ok2 && names.months[f2] == month && s.isPunct(l2+1, ")") {
			last, paired = l2+1, true
		}
	}
	if names.ambiguous[form] && !paired {
		// Still usable when the caller has a day or year around it; it
		// checks with ambiguousOK.
		return month, last, start, false, true
	}
	return month, last, start, paired, true
}

// year matches a Gregorian year at i (1900..2100), with an optional "م"
// (miladi) mark glued or following, and returns the last token.
func (s *scanner) year(i int) (y, last int, ok bool) {
	if i >= len(s.toks) || s.toks[i].kind != tokNumber || len(s.toks[i].text) != 4 || s.toks[i].newline {
		return 0, 0, false
	}
	y, _ = strconv.Atoi(s.toks[i].text)
	if y < 1900 || y > 2100 {
		return 0, 0, false
	}
	last = i
	if w, ok := s.word(i+1, false); ok && w == "م" {
		last = i + 1
	}
	return y, last, true
}

func iso(t time.Time) string { return t.Format("2006-01-02") }

// validDay reports whether y-m-d exists.
func validDay(y, m, d int) bool {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return d >= 1 && t.Year() == y && int(t.Month()) == m && t.Day() == d
}

// nearestYear picks, for a day and month without a year, the year among
// the anchor's, the one before and the one after that puts the date closest
// to the anchor.
func (s *scanner) nearestYear(m, d int) (int, bool) {
	if !s.hasAnchor {
		return 0, false
	}
	best, bestDist := 0, time.Duration(1<<62)
	for y := s.anchor.Year() - 1; y <= s.anchor.Year()+1; y++ {
		if !validDay(y, m, d) {
			continue
		}
		dist := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Sub(s.anchor)
		if dist < 0 {
			dist = -dist
		}
		if dist < bestDist {
			best, bestDist = y, dist
		}
	}
	return best, best != 0
}

// relMonth resolves a month without a year: mod -1 the most recent such
// month before the anchor's month, +1 the next after it, 0 or none
// (bare) the most recent on or before it.
func (s *scanner) relMonth(m, mod int, hasMod bool) string {
	if !s.hasAnchor {
		return ""
	}
	y, am := s.anchor.Year(), int(s.anchor.Month())
	switch {
	case hasMod && mod > 0:
		if m <= am {
			y++
		}
	case hasMod && mod < 0:
		if m >= am {
			y--
		}
	default:
		if m > am {
			y--
		}
	}
	return fmt.Sprintf("%04d-%02d", y, m)
}

// weekdayDate resolves a weekday against the anchor: mod 0 the most recent
// such day on or before the anchor (past-tense news), -1 strictly before,
// +1 strictly after.
func (s *scanner) weekdayDate(wd time.Weekday, mod int) string {
	if !s.hasAnchor {
		return ""
	}
	switch {
	case mod > 0:
		d := (int(wd) - int(s.anchor.Weekday()) + 7) % 7
		if d == 0 {
			d = 7
		}
		return iso(s.anchor.AddDate(0, 0, d))
	default:
		d := (int(s.anchor.Weekday()) - int(wd) + 7) % 7
		if d == 0 && mod < 0 {
			d = 7
		}
		return iso(s.anchor.AddDate(0, 0, -d))
	}
}

// unitValue resolves "الأسبوع الماضي", "الشهر الجاري", "العام المقبل".
// Weeks are ISO weeks (YYYY-Www, as TimeML writes them).
func (s *scanner) unitValue(unit string, mod int) string {
	if !s.hasAnchor {
		return ""
	}
	switch unit {
	case "week":
		y, w := s.anchor.AddDate(0, 0, 7*mod).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case "month":
		t := time.Date(s.anchor.Year(), s.anchor.Month()+time.Month(mod), 1, 0, 0, 0, 0, time.UTC)
		return t.Format("2006-01")
	default:
		return fmt.Sprintf("%04d", s.anchor.Year()+mod)
	}
}

// modifierAt returns the relative modifier at token i, if any.
func (s *scanner) modifierAt(i int) (int, bool) {
	w, ok := s.word(i, false)
	if !ok {
		return 0, false
	}
	v, ok := names.modifiers[w]
	return v, ok
}

// introBefore reports whether the word before token i (clitics stripped)
// introduces a time point ("في", "منذ", "مطلع" …).
func (s *scanner) introBefore(i int) bool {
	if i == 0 || s.toks[i].newline {
		return false
	}
	w, ok := s.word(i-1, true)
	if !ok {
		return false
	}
	for _, off := range strips(w).list() {
		if names.intros[w[off:]] {
			return true
		}
	}
	return names.intros[w] // one-letter intros never take clitics
}

// at tries every pattern at token i and returns the longest match.
func (s *scanner) at(i int) (match, bool) {
	var best match
	found := false
	try := func(m match, ok bool) {
		if ok && (!found || m.last > best.last) {
			best, found = m, true
		}
	}
	try(s.dayExpr(i))
	try(s.absolute(i))
	try(s.monthYear(i))
	try(s.yearExpr(i))
	try(s.unitExpr(i))
	try(s.hijri(i))
	try(s.numeric(i))
	return best, found
}

// weekdayPrefix reads "weekday [،] [الموافق]" at i. It returns the token
// after it and where the weekday starts; ok is false when there is none.
func (s *scanner) weekdayPrefix(i int) (next, start int, wd time.Weekday, ok bool) {
	form, l, st, ok := phrase(s, i, true, names.weekdays)
	if !ok {
		return i, -1, 0, false
	}
	j := l + 1
	if s.isPunct(j, "،") || s.isPunct(j, ",") {
		j++
	}
	if w, ok := s.word(j, false); ok && w == "الموافق" {
		j++
	}
	return j, st, names.weekdays[form], true
}

// absolute: [weekday [،] [الموافق]] DAY [من] MONTH [YEAR]
func (s *scanner) absolute(i int) (match, bool) {
	j, start, _, hasWD := s.weekdayPrefix(i)
	first := !hasWD
	// The day number may carry a glued proclitic token ("ب15"): only at i.
	if first && j+1 < len(s.toks) {
		if w, ok := s.word(j, true); ok && isClitics(w) && len(w) <= 4 && s.toks[j+1].glued && s.toks[j+1].kind == tokNumber {
			j++
			start = s.toks[j].start
		}
	}
	d, ok := s.number(j, 2)
	if !ok || d < 1 || d > 31 {
		return match{}, false
	}
	if start < 0 {
		start = s.toks[j].start
	}
	j++
	if w, ok := s.word(j, false); ok && w == "من" {
		j++
	}
	m, last, _, _, ok := s.monthExpr(j, false)
	if !ok {
		return match{}, false
	}
	if y, ylast, ok := s.year(last + 1); ok {
		if !validDay(y, m, d) {
			return match{}, false
		}
		v := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		return match{first: i, last: ylast, start: start, end: s.toks[ylast].end, value: v, day: true}, true
	}
	if d > 31 || !validDay(2024, m, d) { // 2024 is a leap year: 29 Feb is a real day
		return match{}, false
	}
	v := ""
	if y, ok := s.nearestYear(m, d); ok {
		v = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	}
	return match{first: i, last: last, start: start, end: s.toks[last].end, value: v, day: v != ""}, true
}

// isClitics reports whether w is made only of proclitic letters.
func isClitics(w string) bool {
	for _, r := range w {
		switch r {
		case 'و', 'ف', 'ب', 'ل', 'ك':
		default:
			return false
		}
	}
	return w != ""
}

// monthYear: [شهر] MONTH [YEAR] [modifier]; a bare month needs an
// introducing word or a modifier, an ambiguous one needs شهر, a pairing or
// a year.
func (s *scanner) monthYear(i int) (match, bool) {
	j, start := i, -1
	shahr := false
	if w, ok := s.word(i, true); ok {
		for _, off := range strips(w).list() {
			if w[off:] == "شهر" {
				shahr, start, j = true, s.toks[i].start+off, i+1
				break
			}
		}
	}
	m, last, st, paired, ok := s.monthExpr(j, !shahr)
	if !ok {
		return match{}, false
	}
	if start < 0 {
		start = st
	}
	form, _, _, _ := phrase(s, j, !shahr, names.months)
	if y, ylast, ok := s.year(last + 1); ok {
		return match{first: i, last: ylast, start: start, end: s.toks[ylast].end, value: fmt.Sprintf("%04d-%02d", y, m)}, true
	}
	mod, hasMod := s.modifierAt(last + 1)
	if names.ambiguous[form] && !paired && !shahr {
		return match{}, false
	}
	if !hasMod && !shahr && !paired && !s.introBefore(i) {
		return match{}, false
	}
	if hasMod {
		last++
	}
	return match{first: i, last: last, start: start, end: s.toks[last].end, value: s.relMonth(m, mod, hasMod)}, true
}

// yearExpr: YEARWORD YEAR ("عام 2018") | YEARWORD modifier ("العام الماضي")
// | منذ YEAR.
func (s *scanner) yearExpr(i int) (match, bool) {
	form, last, start, ok := phrase(s, i, true, names.yearWords)
	if !ok {
		if w, ok := s.word(i-1, true); ok && (w == "منذ" || w == "ومنذ") && !s.toks[i].newline {
			if y, ylast, ok := s.year(i); ok {
				return match{first: i, last: ylast, start: s.toks[i].start, end: s.toks[ylast].end, value: fmt.Sprintf("%04d", y)}, true
			}
		}
		return match{}, false
	}
	if y, ylast, ok := s.year(last + 1); ok {
		return match{first: i, last: ylast, start: start, end: s.toks[ylast].end, value: fmt.Sprintf("%04d", y)}, true
	}
	if form == "العام" || form == "السنة" {
		if mod, ok := s.modifierAt(last + 1); ok && mod != 0 {
			return match{first: i, last: last + 1, start: start, end: s.toks[last+1].end, value: s.unitValue("year", mod)}, true
		}
	}
	return match{}, false
}

// unitExpr: UNIT modifier ("الأسبوع الماضي") | هذا/هذه UNIT.
func (s *scanner) unitExpr(i int) (match, bool) {
	form, last, start, ok := phrase(s, i, true, names.units)
	if !ok {
		return match{}, false
	}
	mod, ok := s.modifierAt(last + 1)
	if !ok || mod == 0 {
		return match{}, false // "الشهر الحالي" is vague (ANNOTATION.md)
	}
	return match{first: i, last: last + 1, start: start, end: s.toks[last+1].end, value: s.unitValue(names.units[form], mod)}, true
}

// dayExpr: [part of day] [يوم] (relday [weekday] | weekday [modifier]),
// e.g. "اليوم الأربعاء", "مساء الأحد", "يوم الاثنين الماضي", "أمس الأول".
func (s *scanner) dayExpr(i int) (match, bool) {
	j, start, first := i, -1, true
	if _, l, st, ok := phrase(s, j, true, names.parts); ok {
		start, j, first = st, l+1, false
	}
	if w, ok := s.word(j, first); ok {
		for _, off := range strips(w).list() {
			if first || off == 0 {
				if w[off:] == "يوم" {
					if start < 0 {
						start = s.toks[j].start + off
					}
					j, first = j+1, false
					break
				}
			}
		}
	}
	if form, last, st, ok := phrase(s, j, first, names.reldays); ok {
		if start < 0 {
			start = st
		}
		rel := names.reldays[form]
		// "اليوم الأربعاء", "أمس الثلاثاء": the weekday names the day.
		if _, wl, _, ok := phrase(s, last+1, false, names.weekdays); ok && rel != "same" {
			wd := names.weekdays[s.joined(last+1, wl)]
			mod := 0
			if rel != "0" {
				mod = -1 // أمس X: strictly before the anchor
			}
			v := s.weekdayDate(wd, mod)
			return match{first: i, last: wl, start: start, end: s.toks[wl].end, value: v, day: v != ""}, true
		}
		v := ""
		switch {
		case rel == "same":
			v = s.lastDay
		case s.hasAnchor:
			n, _ := strconv.Atoi(rel)
			v = iso(s.anchor.AddDate(0, 0, n))
		}
		if form == "اليوم" && start == st && !s.todayIsDate(i, last) {
			return match{}, false
		}
		return match{first: i, last: last, start: start, end: s.toks[last].end, value: v, day: v != ""}, true
	}
	form, last, st, ok := phrase(s, j, first, names.weekdays)
	if !ok {
		return match{}, false
	}
	if w, ok := s.word(j-1, false); ok && j == i && (w == "صلاة" || w == "خطبة" || w == "صلاه") {
		return match{}, false // "صلاة الجمعة" is a prayer, not a date
	}
	if start < 0 {
		start = st
	}
	mod, hasMod := s.modifierAt(last + 1)
	if hasMod {
		last++
	}
	v := s.weekdayDate(names.weekdays[form], mod)
	return match{first: i, last: last, start: start, end: s.toks[last].end, value: v, day: v != ""}, true
}

// joined returns the words of tokens a..b joined by one space.
func (s *scanner) joined(a, b int) string {
	out := s.toks[a].text
	for k := a + 1; k <= b; k++ {
		out += " " + s.toks[k].text
	}
	return out
}

// todayIsDate decides whether a bare "اليوم" (tokens i..last) is the day
// ("قال اليوم", "اليوم،") rather than "nowadays" in a noun phrase ("عالم
// اليوم", "اليوم الدولي", "اليوم التالي"): it is not when a definite
// adjective or noun follows, or when it is the second term of a genitive.
func (s *scanner) todayIsDate(i, last int) bool {
	if w, ok := s.word(last+1, false); ok && !s.toks[last+1].glued {
		if len(w) > 4 && w[:4] == "ال" {
			if _, isMod := names.modifiers[w]; !isMod {
				return false
			}
		}
	}
	if w, ok := s.word(i-1, false); ok && !s.toks[i].newline {
		switch w {
		case "عالم", "حتي", "مثل", "شباب", "جيل", "صحيفة", "برنامج":
			return false
		}
	}
	return true
}

// hijri: DAY HMONTH YEAR [هـ] | HMONTH YEAR هـ; a year needs the هـ mark
// when no day is given, and a bare صفر ("zero") always needs a day.
func (s *scanner) hijri(i int) (match, bool) {
	j, wdStart, wd, hasWD := s.weekdayPrefix(i)
	d := 0
	if v, ok := s.number(j, 2); ok {
		d, j = v, j+1
	} else if hasWD {
		return match{}, false
	}
	form, last, st, ok := phrase(s, j, d == 0, names.hmonths)
	if !ok {
		return match{}, false
	}
	start := st
	switch {
	case hasWD:
		start = wdStart
	case d > 0:
		start = s.toks[i].start
	}
	if last+1 >= len(s.toks) || s.toks[last+1].kind != tokNumber || s.toks[last+1].newline {
		return match{}, false
	}
	y, err := strconv.Atoi(s.toks[last+1].text)
	if err != nil || y < 1 || y > 1600 {
		return match{}, false
	}
	end := last + 1
	mark := false
	if w, ok := s.word(end+1, false); ok && (w == "ه" || w == "هجري" || w == "هجرية" || w == "هجريا") {
		end, mark = end+1, true
	}
	if !mark && d == 0 {
		return match{}, false
	}
	m := names.hmonths[form]
	if d == 0 {
		// A Hijri month straddles two Gregorian months: no value.
		if _, ok := hijriToGregorian(y, m, 1); !ok {
			return match{}, false
		}
		return match{first: i, last: end, start: start, end: s.toks[end].end}, true
	}
	t, ok := hijriToGregorian(y, m, d)
	if !ok {
		return match{}, false
	}
	if hasWD {
		// Sighted and Umm al-Qura months run up to two days off the tabular
		// calendar: a weekday given with the date settles it.
		for _, k := range []int{0, 1, -1, 2, -2} {
			if c := t.AddDate(0, 0, k); c.Weekday() == wd {
				t = c
				break
			}
		}
	}
	return match{first: i, last: end, start: start, end: s.toks[end].end, value: iso(t), day: true}, true
}

// numeric: DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY (Arabic order) and
// YYYY-MM-DD.
func (s *scanner) numeric(i int) (match, bool) {
	if i+4 >= len(s.toks) {
		return match{}, false
	}
	for k := i + 1; k <= i+4; k++ {
		if !s.toks[k].glued {
			return match{}, false
		}
	}
	sep := s.toks[i+1].text
	if s.toks[i+1].kind != tokPunct || (sep != "/" && sep != "-" && sep != ".") || s.toks[i+3].text != sep {
		return match{}, false
	}
	a, ok1 := s.number(i, 4)
	b, ok2 := s.number(i+2, 2)
	c, ok3 := s.number(i+4, 4)
	if !ok1 || !ok2 || !ok3 {
		return match{}, false
	}
	y, m, d := c, b, a
	if len(s.toks[i].text) == 4 {
		y, m, d = a, b, c
	} else if len(s.toks[i+4].text) != 4 {
		return match{}, false
	}
	if y < 1900 || y > 2100 || !validDay(y, m, d) {
		return match{}, false
	}
	return match{first: i, last: i + 4, start: s.toks[i].start, end: s.toks[i+4].end,
		value: fmt.Sprintf("%04d-%02d-%02d", y, m, d), day: true}, true
}
