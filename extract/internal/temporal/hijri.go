package temporal

import "time"

// hijriEpoch is 1 Muharram 1 AH of the civil (arithmetical) Islamic
// calendar: Friday 16 July 622 Julian = 19 July 622 proleptic Gregorian.
var hijriEpoch = time.Date(622, time.July, 19, 0, 0, 0, 0, time.UTC)

// hijriToGregorian converts a date of the tabular Islamic calendar to the
// Gregorian calendar.
//
// The tabular calendar has 30-year cycles of 10,631 days; months alternate
// 30 and 29 days (Muharram 30) and Dhu al-Hijja gains a day in the 11 leap
// years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29 of each cycle (the common
// "Kuwaiti" arrangement, floor((3+11y)/30) leap days before year y+1). It
// is what most software means by the Hijri calendar; the Saudi Umm al-Qura
// calendar and sighted months differ from it by at most a day or two, so a
// news date given in both calendars should be read from its Gregorian form
// (khabar reports both mentions; each has its own value).
//
// ok is false for a day or month out of range or a year before 1 AH.
func hijriToGregorian(year, month, day int) (t time.Time, ok bool) {
	if year < 1 || month < 1 || month > 12 || day < 1 || day > hijriMonthDays(year, month) {
		return time.Time{}, false
	}
	days := (day - 1) + // days elapsed in the month
		(59*(month-1)+1)/2 + // ceil(29.5*(month-1)): days in the months before
		(year-1)*354 + (3+11*year)/30 // days in the years before, with their leap days
	return hijriEpoch.AddDate(0, 0, days), true
}

// hijriMonthDays is the length of a month of the tabular calendar.
func hijriMonthDays(year, month int) int {
	if month == 12 {
		if hijriLeap(year) {
			return 30
		}
		return 29
	}
	if month%2 == 1 {
		return 30
	}
	return 29
}

// hijriLeap reports whether a year of the tabular calendar has 355 days.
func hijriLeap(year int) bool { return (14+11*year)%30 < 11 }
