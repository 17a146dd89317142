package petrarchconv

import (
	"cmp"
	"slices"
	"strings"
)

// sortUnique sorts rows by compare (earlier source lines first among rows it
// finds equal) and keeps the first row of each run of equal ones. It
// returns the rows kept and how many were dropped as duplicates.
func sortUnique[T any](rows []T, compare func(a, b T) int, line func(T) int) ([]T, int) {
	slices.SortStableFunc(rows, func(a, b T) int { return cmp.Or(compare(a, b), cmp.Compare(line(a), line(b))) })
	n := len(rows)
	rows = slices.CompactFunc(rows, func(a, b T) bool { return compare(a, b) == 0 })
	return rows, n - len(rows)
}

// conflicts counts the keys that rows give more than one value.
func conflicts[T any, K comparable](rows []T, keyValue func(T) (K, string)) int {
	values := map[K]map[string]bool{}
	for _, r := range rows {
		k, v := keyValue(r)
		if values[k] == nil {
			values[k] = map[string]bool{}
		}
		values[k][v] = true
	}
	n := 0
	for _, vs := range values {
		if len(vs) > 1 {
			n++
		}
	}
	return n
}

// hasOneLetterWord reports a phrase with a single-letter word (oneLetter).
func hasOneLetterWord(phrase string) bool {
	return slices.ContainsFunc(strings.Fields(phrase), oneLetter)
}
