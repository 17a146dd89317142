package gazetteers

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/khabar-nlp/khabar/internal/testenv"
)

// TestDataLint: the embedded files are well-formed, sorted, without
// duplicates and without unmarked conflicts.
func TestDataLint(t *testing.T) {
	for _, err := range Lint(embeddedData(t)) {
		t.Error(err)
	}
}

// TestNoConflicts: no normalised form is claimed by entries with different ids
// unless the data marks it ambiguous.
func TestNoConflicts(t *testing.T) {
	for _, c := range mustLoad(t).Conflicts() {
		t.Errorf("conflict: %v", c)
	}
}

func TestCountryCounts(t *testing.T) {
	g := mustLoad(t)
	n := map[string]int{}
	for _, e := range g.Countries() {
		n[e.Status]++
	}
	if n["member"] != 193 || n["observer"] != 2 {
		t.Errorf("got %d members and %d observers, want 193 and 2", n["member"], n["observer"])
	}
	for _, id := range []string{"PSE", "VAT"} {
		if e, ok := g.Country(id); !ok || e.Status != "observer" {
			t.Errorf("%s should be an observer state: %+v", id, e)
		}
	}
}

// TestLintCatchesMalformed feeds broken files and checks that each problem is
// reported with its file and line.
func TestLintCatchesMalformed(t *testing.T) {
	good, err := os.ReadFile("data/countries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := os.ReadFile("data/organizations.tsv")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, file, content, want string
	}{
		{"columns", FileCities, "# c\nCairo\tGPE\tالقاهرة\n", "cities.tsv:2: 3 fields, want 4"},
		{"bad type", FileCities, "Cairo\tPLACE\tالقاهرة\tEGY\n", "cities.tsv:1: type \"PLACE\""},
		{"bad country", FileLocations, "Nile\tLOC\tالنيل\tEgypt\n", "locations.tsv:1: country \"Egypt\""},
		{"punctuation", FileLocations, "Nile\tLOC\tالنيل!\t\n", "locations.tsv:1: form \"النيل!\""},
		{"empty form", FileCities, "Cairo\tGPE\tالقاهرة||\tEGY\n", "cities.tsv:1: column 3: empty form"},
		{"duplicate form", FileCities, "Cairo\tGPE\tالقاهرة|القاهرة\tEGY\n", "cities.tsv:1: column 3: duplicate form"},
		{"bad date", FileResolutions, "2720\t22-12-2023\tGaza\t\n", "unsc_resolutions.tsv:1: adopted \"22-12-2023\""},
		{"bad vote", FileResolutions, "2720\t2023-12-22\tGaza\t13 for\n", "unsc_resolutions.tsv:1: vote"},
		{"unsorted", FileResolutions, "2720\t2023-12-22\tGaza\t\n338\t1973-10-22\tMiddle East\t\n", "unsc_resolutions.tsv:2: not sorted"},
		{"duplicate", FileOffices, "PRESIDENT\tPresident\tالرئيس\nPRESIDENT\tPresident\tرئيس\n", "offices.tsv:2: duplicate id PRESIDENT"},
		{"end before start", FileOfficials, "P1\tX\tس ص\tPRESIDENT\tUSA\t2020-01-01\t2019-01-01\n", "officials.tsv:1: end 2019-01-01 before start"},
		{"short officials row", FileOfficials, "P1\tX\tس ص\tPRESIDENT\tUSA\n", "officials.tsv:1: 5 fields, want 6-7"},
		{"institution placeholder", FileInstitutions, "GOV\tالحكومة\tGovernment of {Country}\n", "institutions.tsv:1: pattern"},
		{"conflict", FileCities, "Moscow2\tGPE\tالقاهرة\tRUS\n", "form claimed by different ids without ~"},
		{"redundant", FileCities, "Cairo\tGPE\tإسطنبول|اسطنبول\tTUR\n", "cities.tsv:1: form \"اسطنبول\" is redundant"},
		{"confirm on two words", FileCities, "Cairo\tGPE\t!مدينة القاهرة\tEGY\n", "only a one-word form can be marked !"},
		{"context and confirm", FileCities, "Cairo\tGPE\t?!القاهرة\tEGY\n", "marked both ? and !"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				FileCountries:     {Data: good},
				FileOrganizations: {Data: orgs},
				c.file:            {Data: []byte(c.content)},
			}
			errs := Lint(fsys)
			var all []string
			found := false
			for _, e := range errs {
				all = append(all, e.Error())
				if strings.Contains(e.Error(), c.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("want an error containing %q, got:\n%s", c.want, strings.Join(all, "\n"))
			}
		})
	}
	// LoadFS reports malformed rows as *LintError.
	_, err = LoadFS(fstest.MapFS{FileCountries: {Data: good}, FileOrganizations: {Data: orgs},
		FileCities: {Data: []byte("Cairo\tGPE\n")}})
	var le *LintError
	if !errors.As(err, &le) || le.File != FileCities || le.Line != 1 {
		t.Errorf("LoadFS error = %v, want a *LintError at cities.tsv:1", err)
	}
	// Absent optional files are fine.
	if _, err := LoadFS(fstest.MapFS{FileCountries: {Data: good}, FileOrganizations: {Data: orgs}}); err != nil {
		t.Errorf("LoadFS without optional files: %v", err)
	}
}

// TestCrossCheckMledoze compares countries.tsv with mledoze/countries (ODbL),
// read from ../shared: every ISO code there is here, and its Arabic common and
// official names are among our forms once normalised, except for the
// differences listed (with the reason we keep ours).
func TestCrossCheckMledoze(t *testing.T) {
	shared := testenv.SharedDir(t)
	if shared == "" {
		t.Skip("../shared is absent: skipping the mledoze cross-check")
	}
	path := filepath.Join(shared, "data/gaz/countries_mledoze/countries.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s is absent: skipping the mledoze cross-check", path)
	}
	var ms []struct {
		CCA3         string `json:"cca3"`
		UNMember     bool   `json:"unMember"`
		Translations map[string]struct {
			Official string `json:"official"`
			Common   string `json:"common"`
		} `json:"translations"`
	}
	if err := json.Unmarshal(raw, &ms); err != nil {
		t.Fatal(err)
	}
	g := mustLoad(t)
	for _, m := range ms {
		id := m.CCA3
		if alias, ok := mledozeIDs[id]; ok {
			id = alias
		}
		e, ok := g.Country(id)
		if !ok {
			t.Errorf("%s (%s) is missing from countries.tsv", m.CCA3, m.Translations["ara"].Common)
			continue
		}
		ours := map[string]bool{}
		for _, a := range e.Arabic {
			ours[testNorm.String(a)] = true
		}
		ara := m.Translations["ara"]
		for _, name := range []string{ara.Common, ara.Official} {
			n := testNorm.String(name)
			if n == "" || ours[n] || mledozeDiffers[m.CCA3+" "+name] != "" {
				continue
			}
			// Classifier nouns are not part of names (ANNOTATION.md):
			// "دولة قطر" is "قطر".
			if rest, ok := strings.CutPrefix(n, "دولة "); ok && ours[rest] {
				continue
			}
			t.Errorf("%s: mledoze's Arabic name %q is neither one of our forms %v nor a listed difference", m.CCA3, name, e.Arabic)
		}
	}
}

// mledozeIDs maps mledoze's codes to ours.
var mledozeIDs = map[string]string{"UNK": "XKX"}

// mledozeDiffers lists mledoze Arabic names we deliberately do not use, with
// the reason: "<cca3> <name>" → reason.
var mledozeDiffers = map[string]string{
	"AFG جمهورية أففانستان الإسلامية": "misspelt (ففا for فغا)",
	"MEX المسكيك":            "misspelt (المكسيك)",
	"SRB صيربيا":             "misspelt (صربيا)",
	"SRB جمهورية صيربيا":     "misspelt (جمهورية صربيا)",
	"UZB أوزباكستان":         "rare spelling; we keep أوزبكستان",
	"UZB جمهورية أوزباكستان": "rare spelling; we keep جمهورية أوزبكستان",
	"MDA مولدوڤا":            "Persian letter ڤ, not written in Arabic news",
	"MDA جمهورية مولدوڤا":    "Persian letter ڤ, not written in Arabic news",
	"DZA الجمهورية الديمقراطية الشعبية الجزائرية": "word order; the official name is الجمهورية الجزائرية الديمقراطية الشعبية",
	"LKA جمهورية سريلانكا الديمقراطية الشعبية":    "wrong: the official name is ...الديمقراطية الاشتراكية",
	"GUF غويانا":                                  "غويانا is Guyana (GUY); French Guiana is غويانا الفرنسية",
	"VGB جزر العذراء":                             "ambiguous between the British and the US Virgin Islands",
	"VAT مدينة الفاتيكان":                         "classifier مدينة is not part of names",
	"VAT دولة مدينة الفاتيكان":                    "classifier nouns are not part of names",
	"BOL دولة بوليفيا المتعددة القوميات":          "classifier دولة is not part of names",
	"TWN جمهورية الصين (تايوان)":                  "a gloss in brackets; we list جمهورية الصين and تايوان",
	"ATF مقاطعات وأقاليم ما وراء البحار الفرنسية": "names all French overseas territories, not ATF",
}

// TestRegistryKeyResolutions checks the real registry, when it is there, for
// the resolutions the issue names, with their adoption dates.
func TestRegistryKeyResolutions(t *testing.T) {
	if _, err := os.Stat("data/" + FileResolutions); err != nil {
		t.Skip("data/unsc_resolutions.tsv is not written yet")
	}
	g := mustLoad(t)
	want := map[int]string{242: "1967-11-22", 338: "1973-10-22", 1701: "2006-08-11", 2334: "2016-12-23",
		2712: "2023-11-15", 2720: "2023-12-22", 2728: "2024-03-25", 2735: "2024-06-10"}
	for n, d := range want {
		r, ok := g.Resolution(n)
		if !ok || r.Date() != d {
			t.Errorf("resolution %d: got %+v %v, want adopted %s", n, r, ok, d)
		}
	}
	if n := len(g.Resolutions()); n < 150 {
		t.Errorf("registry has %d resolutions, want at least 150", n)
	}
}

// TestRealOfficials checks the real officials list, when it is there: the
// seed article's ministers are matched and linked, and the office holder of
// the example is found.
func TestRealOfficials(t *testing.T) {
	if _, err := os.Stat("data/" + FileOfficials); err != nil {
		t.Skip("data/officials.tsv is not written yet")
	}
	if _, err := os.Stat("data/" + FileOffices); err != nil {
		t.Skip("data/offices.tsv is not written yet")
	}
	g := mustLoad(t)
	text := "تلقى الدكتور بدر عبد العاطي، وزير الخارجية والهجرة، اتصالاً هاتفياً من أنتوني بلينكن وزير الخارجية الأمريكي"
	spans, ms := matchOriginal(t, g, text)
	var people, titles []Match
	for _, m := range ms {
		switch m.Type {
		case TypePER:
			people = append(people, m)
		case TypeTITLE:
			titles = append(titles, m)
		}
	}
	if len(people) != 2 || people[0].ID == "" || people[1].ID == "" {
		t.Errorf("want both ministers linked, got %v", spans)
	}
	if len(titles) < 2 || titles[len(titles)-1].Country != "USA" {
		t.Errorf("want وزير الخارجية with country USA, got %v", spans)
	}
	if len(titles) > 0 && len(people) == 2 {
		holders, ok := g.OfficeHolder(titles[len(titles)-1].ID, "USA", time.Date(2024, 11, 17, 0, 0, 0, 0, time.UTC))
		if !ok || holders[0].ID != people[1].ID {
			t.Errorf("OfficeHolder(%s, USA, 2024-11-17) = %v, want %s", titles[len(titles)-1].ID, holders, people[1].ID)
		}
	}
}
