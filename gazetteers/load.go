package gazetteers

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed data
var embedded embed.FS

// The data files, in the folder that LoadFS reads.
const (
	FileCountries     = "countries.tsv"
	FileOrganizations = "organizations.tsv"
	FileInstitutions  = "institutions.tsv"
	FileCities        = "cities.tsv"
	FileLocations     = "locations.tsv"
	FileStopforms     = "stopforms.tsv"
	FileResolutions   = "unsc_resolutions.tsv"
	FileOffices       = "offices.tsv"
	FileOfficials     = "officials.tsv"
)

const dateLayout = "2006-01-02"

// LintError is a malformed row of a data file.
type LintError struct {
	File string // file name inside the data folder
	Line int    // 1-based line number
	Msg  string
}

// Error returns "file:line: message".
func (e *LintError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

var loadEmbedded = sync.OnceValues(func() (*Gazetteer, error) {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		return nil, err
	}
	return LoadFS(sub)
})

// Load returns the gazetteer built from the data embedded in the binary. It is
// built once, on the first call; every call returns the same immutable value,
// safe for concurrent use.
func Load() (*Gazetteer, error) { return loadEmbedded() }

// row is one data line split into fields.
type row struct {
	file string
	line int
	f    []string
}

func (r row) errf(format string, a ...any) error {
	return &LintError{File: r.file, Line: r.line, Msg: fmt.Sprintf(format, a...)}
}

// readTSV reads a TAB-separated file: # comments and blank lines are skipped;
// every row must have between minCols and maxCols fields (missing trailing
// fields are empty). A missing file gives no rows and, when required, an error.
func readTSV(fsys fs.FS, name string, minCols, maxCols int, required bool) ([]row, []error) {
	f, err := fsys.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !required {
			return nil, nil
		}
		return nil, []error{fmt.Errorf("gazetteers: open %s: %w", name, err)}
	}
	defer f.Close()
	var rows []row
	var errs []error
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		r := row{file: name, line: n, f: fields}
		if len(fields) < minCols || len(fields) > maxCols {
			want := strconv.Itoa(minCols)
			if maxCols != minCols {
				want += "-" + strconv.Itoa(maxCols)
			}
			errs = append(errs, r.errf("%d fields, want %s (TAB-separated)", len(fields), want))
			continue
		}
		for len(r.f) < maxCols {
			r.f = append(r.f, "")
		}
		for i, x := range r.f {
			if x != strings.TrimSpace(x) {
				errs = append(errs, r.errf("field %d has leading or trailing spaces", i+1))
			}
			r.f[i] = strings.TrimSpace(x)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("gazetteers: read %s: %w", name, err))
	}
	return rows, errs
}

// form is one Arabic form of a data row.
type form struct {
	text      string // as written, without the ~ mark
	ambiguous bool   // marked ~
	context   bool   // marked ?: a common word, matched only in a place context
	confirm   bool   // marked !: a common word, reported with Match.Confirm set
}

// splitForms splits a |-separated field into forms.
func splitForms(r row, field string, col int) ([]form, []error) {
	if field == "" {
		return nil, nil
	}
	var out []form
	var errs []error
	seen := map[string]bool{}
	for _, p := range strings.Split(field, "|") {
		p = strings.TrimSpace(p)
		amb := strings.HasPrefix(p, "~")
		p = strings.TrimSpace(strings.TrimPrefix(p, "~"))
		ctx := strings.HasPrefix(p, "?")
		p = strings.TrimSpace(strings.TrimPrefix(p, "?"))
		conf := strings.HasPrefix(p, "!")
		p = strings.TrimSpace(strings.TrimPrefix(p, "!"))
		if p == "" {
			errs = append(errs, r.errf("column %d: empty form", col))
			continue
		}
		if seen[p] {
			errs = append(errs, r.errf("column %d: duplicate form %q", col, p))
			continue
		}
		seen[p] = true
		if ctx && conf {
			errs = append(errs, r.errf("column %d: form %q: marked both ? and !", col, p))
			continue
		}
		out = append(out, form{text: p, ambiguous: amb, context: ctx, confirm: conf})
	}
	return out, errs
}

func plain(fs []form) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.text
	}
	return out
}

var (
	reISO3     = regexp.MustCompile(`^[A-Z]{3}$`)
	reCountry  = regexp.MustCompile(`^[A-Z]{3}(-[A-Z0-9]+)*$|^[A-Z][A-Z0-9]+$`)
	reOrgID    = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`)
	rePersonID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	reRole     = regexp.MustCompile(`^[A-Z][A-Z0-9]*$`)
)

// isLinkID reports whether a countries.tsv id is also a link id: ISO 3166-1
// alpha-3 codes (and XKX) are; ids of territories inside a state (PSE-GAZA)
// and plain names (KASHMIR) are keys of this gazetteer only.
func isLinkID(id string) bool { return reISO3.MatchString(id) }

// parseDate parses YYYY-MM-DD.
func parseDate(s string) (time.Time, error) { return time.Parse(dateLayout, s) }
