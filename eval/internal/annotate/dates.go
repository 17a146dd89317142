package annotate

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// validISODate reports whether s is YYYY, YYYY-MM or a real YYYY-MM-DD.
func validISODate(s string) bool {
	if !reISODay.MatchString(s) {
		return false
	}
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	_, err := time.Parse(layout, s)
	return err == nil
}

// Day and month names, keyed by their folded spelling (see fold).
var (
	weekdays = map[string]time.Weekday{
		"الاحد": time.Sunday, "الاثنين": time.Monday, "الثلاثاء": time.Tuesday,
		"الاربعاء": time.Wednesday, "الخميس": time.Thursday, "الجمعة": time.Friday,
		"السبت": time.Saturday,
	}
	months = map[string]int{
		"يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
		"يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
		"شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9,
		"كانون الثاني": 1, "كانون الاول": 12, "تشرين الاول": 10, "تشرين الثاني": 11,
	}
	hijriMonths = map[string]bool{
		"محرم": true, "صفر": true, "ربيع": true, "جمادى": true, "رجب": true, "شعبان": true,
		"رمضان": true, "شوال": true, "القعدة": true, "الحجة": true,
	}
)

// fold removes harakat and tatweel and folds alef, yeh and kaf variants so
// that day and month names can be looked up whatever the spelling.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || r == 'ـ':
			continue
		case r == 'أ' || r == 'إ' || r == 'آ':
			r = 'ا'
		case r == 'ی' || r == 'ى':
			r = 'ي'
		case r == 'ک':
			r = 'ك'
		case r >= '٠' && r <= '٩':
			r = '0' + (r - '٠')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// checkDate checks a DATE entity's ISO value against what its text says:
// weekday, day, month and year where the text names them, and relative
// expressions (اليوم، أمس، غدا، الماضي، المقبل, a bare weekday) against the
// document date.
func checkDate(text, value, docDate string) error {
	words := strings.FieldsFunc(fold(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var (
		wd                 = time.Weekday(-1)
		month, day, year   = 0, 0, 0
		hijri, today, yday bool
		tomorrow           bool
		past, next         bool
	)
	for i, w := range words {
		if d, ok := weekdays[w]; ok {
			wd = d
		}
		if i+1 < len(words) {
			if m, ok := months[w+" "+words[i+1]]; ok {
				month = m
				continue
			}
		}
		if m, ok := months[w]; ok && month == 0 {
			month = m
		}
		if hijriMonths[w] {
			hijri = true
		}
		if n, err := strconv.Atoi(w); err == nil {
			if len(w) == 4 {
				year = n
			} else if len(w) <= 2 {
				day = n
			}
		}
		switch w {
		case "اليوم":
			today = true
		case "امس":
			yday = i == 0 || words[i-1] != "اول"
		case "غدا":
			tomorrow = true
		case "الماضي", "الماضية":
			past = true
		case "المقبل", "المقبلة", "القادم":
			next = true
		}
	}
	if hijri {
		month, day, year = 0, 0, 0
	}
	var y, m, d int
	switch len(value) {
	case 10:
		fmt.Sscanf(value, "%d-%d-%d", &y, &m, &d)
	case 7:
		fmt.Sscanf(value, "%d-%d", &y, &m)
	default:
		fmt.Sscanf(value, "%d", &y)
	}
	if year != 0 && year != y {
		return fmt.Errorf("text says year %d", year)
	}
	if month != 0 && m != 0 && month != m {
		return fmt.Errorf("text says month %d", month)
	}
	if day != 0 && d != 0 && day != d {
		return fmt.Errorf("text says day %d", day)
	}
	if len(value) != 10 {
		if wd >= 0 || today || yday || tomorrow {
			return fmt.Errorf("a day expression needs a full YYYY-MM-DD value")
		}
		return nil
	}
	t, _ := time.Parse("2006-01-02", value)
	doc, _ := time.Parse("2006-01-02", docDate)
	days := int(t.Sub(doc).Hours() / 24)
	if wd >= 0 && t.Weekday() != wd {
		return fmt.Errorf("is a %s, the text says %s", t.Weekday(), wd)
	}
	relative := wd >= 0 && year == 0 && month == 0 && day == 0
	switch {
	case today && days != 0:
		return fmt.Errorf("اليوم must be the document date %s", docDate)
	case yday && days != -1:
		return fmt.Errorf("أمس must be the day before the document date %s", docDate)
	case tomorrow && days != 1:
		return fmt.Errorf("غدا must be the day after the document date %s", docDate)
	case relative && past && (days < -7 || days > -1):
		return fmt.Errorf("a past weekday must fall in the week before %s", docDate)
	case relative && next && (days < 1 || days > 7):
		return fmt.Errorf("a coming weekday must fall in the week after %s", docDate)
	case relative && !past && !next && !today && !tomorrow && (days < -6 || days > 0):
		return fmt.Errorf("a bare weekday must be the latest such day up to %s", docDate)
	}
	return nil
}
