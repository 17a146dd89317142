package gazetteers

import (
	"cmp"
	"io/fs"
	"strconv"
	"strings"
)

// Lint checks the data files at the root of fsys the way a reviewer would:
// every row well-formed (as LoadFS requires), rows sorted by their key, no
// key given twice, and no normalised form claimed by entries with different
// ids unless marked ambiguous (~). Each problem is a *LintError naming the
// file and line, or a plain error for a conflict.
func Lint(fsys fs.FS) []error {
	g, errs, notes := loadNotes(fsys)
	if len(errs) > 0 {
		return append(errs, notes...)
	}
	errs = notes
	for _, spec := range lintSpecs {
		errs = append(errs, lintOrder(fsys, spec)...)
	}
	for _, c := range g.conflicts {
		errs = append(errs, &conflictError{c})
	}
	return errs
}

type conflictError struct{ c Conflict }

func (e *conflictError) Error() string {
	return "form claimed by different ids without ~: " + e.c.String()
}

// lintSpec says how the rows of one file are ordered and keyed.
type lintSpec struct {
	file string
	cols int
	// key returns the sort key and the uniqueness key of a row; an empty
	// uniqueness key is never a duplicate.
	key func(f []string) (sortKey []string, uniq string)
}

var lintSpecs = []lintSpec{
	{FileCountries, 8, func(f []string) ([]string, string) { return f[:1], f[0] }},
	{FileOrganizations, 6, func(f []string) ([]string, string) {
		if f[0] == "-" {
			return f[:1], "-\x00" + f[2]
		}
		return f[:1], f[0]
	}},
	{FileInstitutions, 3, func(f []string) ([]string, string) { return f[:1], f[0] + "\x00" + f[1] }},
	{FileCities, 4, func(f []string) ([]string, string) { return f[:1], f[0] }},
	{FileLocations, 4, func(f []string) ([]string, string) { return f[:1], f[0] }},
	{FileStopforms, 2, func(f []string) ([]string, string) { return f[:1], f[0] }},
	{FileResolutions, 4, func(f []string) ([]string, string) {
		return []string{padNum(f[0])}, f[0]
	}},
	{FileOffices, 3, func(f []string) ([]string, string) { return f[:1], f[0] }},
	// Officials read as a timeline per office: by country, office, start.
	{FileOfficials, 7, func(f []string) ([]string, string) {
		return []string{f[4], f[3], f[5]}, f[0] + "\x00" + f[3] + "\x00" + f[4] + "\x00" + f[5]
	}},
}

// padNum makes numbers sort as numbers.
func padNum(s string) string {
	if _, err := strconv.Atoi(s); err == nil && len(s) < 12 {
		return strings.Repeat("0", 12-len(s)) + s
	}
	return s
}

func lintOrder(fsys fs.FS, spec lintSpec) []error {
	rows, errs := readTSV(fsys, spec.file, 1, spec.cols, false)
	if len(errs) > 0 {
		return errs
	}
	var out []error
	seen := map[string]int{}
	var prev []string
	for _, r := range rows {
		sk, uk := spec.key(r.f)
		if prev != nil && compareKeys(sk, prev) < 0 {
			out = append(out, r.errf("not sorted: %q comes after %q", strings.Join(sk, " "), strings.Join(prev, " ")))
		}
		prev = sk
		if uk == "" {
			continue
		}
		if l, dup := seen[uk]; dup {
			out = append(out, r.errf("duplicate of line %d", l))
			continue
		}
		seen[uk] = r.line
	}
	return out
}

func compareKeys(a, b []string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := cmp.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}
