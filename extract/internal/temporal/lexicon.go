package temporal

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"time"
)

//go:embed names.tsv
var namesFile string

// lexicon holds the closed word classes of names.tsv, keyed by normalised
// form (multiword forms joined by one space).
type lexicon struct {
	months    map[string]int // Gregorian month names → 1..12
	ambiguous map[string]bool
	hmonths   map[string]int // Hijri month names → 1..12
	weekdays  map[string]time.Weekday
	reldays   map[string]string // → offset in days, or "same"
	parts     map[string]bool   // parts of the day: مساء، صباح …
	units     map[string]string // الاسبوع → week …
	modifiers map[string]int    // الماضي → -1 …
	intros    map[string]bool
	yearWords map[string]bool
	maxWords  int // the most words in any form
	// starts holds every word an expression can start with (the first word
	// of every form, and the few fixed words of patterns): a token whose
	// stripped forms are none of them starts no DATE.
	starts map[string]bool
}

func parseLexicon(src string) (*lexicon, error) {
	lx := &lexicon{
		months: map[string]int{}, ambiguous: map[string]bool{}, hmonths: map[string]int{},
		weekdays: map[string]time.Weekday{}, reldays: map[string]string{}, parts: map[string]bool{},
		units: map[string]string{}, modifiers: map[string]int{}, intros: map[string]bool{},
		yearWords: map[string]bool{}, starts: map[string]bool{"شهر": true, "يوم": true, "هذا": true, "هذه": true},
	}
	for n, line := range strings.Split(src, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || f[1] == "" {
			return nil, fmt.Errorf("names.tsv:%d: want kind<TAB>form[<TAB>value]", n+1)
		}
		kind, form := f[0], f[1]
		val := ""
		if len(f) > 2 {
			val = f[2]
		}
		if w := len(strings.Fields(form)); w > lx.maxWords {
			lx.maxWords = w
		}
		if kind != "modifier" && kind != "intro" {
			lx.starts[strings.Fields(form)[0]] = true
		}
		num := func(lo, hi int) (int, error) {
			v, err := strconv.Atoi(val)
			if err != nil || v < lo || v > hi {
				return 0, fmt.Errorf("names.tsv:%d: %s value %q not in %d..%d", n+1, kind, val, lo, hi)
			}
			return v, nil
		}
		var err error
		switch kind {
		case "month":
			lx.months[form], err = num(1, 12)
		case "ambiguous":
			lx.ambiguous[form] = true
		case "hmonth":
			lx.hmonths[form], err = num(1, 12)
		case "weekday":
			var v int
			v, err = num(0, 6)
			lx.weekdays[form] = time.Weekday(v)
		case "relday":
			if val != "same" {
				_, err = num(-7, 7)
			}
			lx.reldays[form] = val
		case "partofday":
			lx.parts[form] = true
		case "unit":
			if val != "week" && val != "month" && val != "year" {
				err = fmt.Errorf("names.tsv:%d: unknown unit %q", n+1, val)
			}
			lx.units[form] = val
		case "modifier":
			lx.modifiers[form], err = num(-1, 1)
		case "intro":
			lx.intros[form] = true
		case "yearword":
			lx.yearWords[form] = true
		default:
			err = fmt.Errorf("names.tsv:%d: unknown kind %q", n+1, kind)
		}
		if err != nil {
			return nil, err
		}
	}
	return lx, nil
}

// names is the parsed names.tsv; a malformed file is a build-time bug that
// the package tests catch, so parsing it cannot fail at run time.
var names = func() *lexicon {
	lx, err := parseLexicon(namesFile)
	if err != nil {
		panic("temporal: " + err.Error())
	}
	return lx
}()
