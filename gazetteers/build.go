package gazetteers

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/khabar-nlp/khabar/extract/normalize"
)

// Gazetteer is the loaded data and the matcher built from it. It is immutable
// and safe for concurrent use.
type Gazetteer struct {
	norm *normalize.Normalizer

	countries   map[string]*Entry
	countryIDs  []string
	orgs        map[string]*Entry // organisations and generated institutions
	places      []*Entry          // cities and locations
	offices     map[string]*Office
	officials   map[string]*Official
	officialIDs []string
	resolutions map[int]*Resolution
	capitalOf   map[string]string // normalised capital form → country id
	nisbaOf     map[string]string // normalised NORP form → country id

	idx       index
	forms     []formRef // every reported form, sorted
	conflicts []Conflict
}

type formRef struct {
	text string
	val  int32
}

// Conflict is a normalised form that entries with different ids claim without
// marking it ambiguous (~). The matcher links such a form to none of them.
type Conflict struct {
	Form   string   // normalised form
	Claims []string // "file:line id" of each claim
}

// String describes the conflict: the form and every claim on it.
func (c Conflict) String() string {
	return fmt.Sprintf("%q claimed by %s", c.Form, strings.Join(c.Claims, ", "))
}

// Conflicts returns the forms claimed by entries with different ids that are
// not marked ambiguous. A well-kept gazetteer has none; a test checks it.
func (g *Gazetteer) Conflicts() []Conflict { return append([]Conflict(nil), g.conflicts...) }

// Priorities of the sources of a form: a lower number wins when entries with
// the same id claim a form, and forms written out in a file (below 10) always
// win over generated ones.
const (
	prioBlock       = -1
	prioCountry     = 0
	prioOrg         = 1
	prioOffice      = 2
	prioOfficial    = 3
	prioCapital     = 4
	prioLocation    = 5
	prioCity        = 6
	prioGenerated   = 10
	prioNisba       = 10
	prioInstitution = 11
)

// claim is one entry's claim on a normalised form.
type claim struct {
	val       int32 // index into builder.values
	prio      int
	ambiguous bool
	where     string // file:line
	group     string // claims of one group (officials) may share forms silently
}

type builder struct {
	g      *Gazetteer
	errs   []error
	values []value
	claims map[string][]claim // normalised form (words joined by ' ') → claims
	// suffixable marks forms whose last word may carry a suffix pronoun.
	suffixable map[string]bool
	stopWords  map[string]bool
	// ambMarks records, per country id, the names and nisbas marked ~, so
	// that forms generated from them stay ambiguous.
	ambMarks map[string]map[string]bool
	// rowForms catches two forms of one row that normalise alike; they are
	// harmless, so they are notes for Lint, not errors for Load.
	rowForms map[string]string
	// contextForms are the normalised forms marked ? (common words that name
	// a place only after a preposition or in a list of places).
	contextForms map[string]bool
	// confirmForms are the normalised forms marked ! (common words that are
	// also a person's or an organisation's short name: Match.Confirm).
	confirmForms map[string]bool
	notes        []error
}

// LoadFS builds a gazetteer from the data files at the root of fsys
// (countries.tsv, organizations.tsv, institutions.tsv, cities.tsv,
// locations.tsv, stopforms.tsv, unsc_resolutions.tsv, offices.tsv,
// officials.tsv). countries.tsv and organizations.tsv are required; the others
// may be absent. Malformed rows are reported as *LintError values joined into
// one error.
func LoadFS(fsys fs.FS) (*Gazetteer, error) {
	g, errs := load(fsys)
	if len(errs) > 0 {
		return nil, fmt.Errorf("gazetteers: %d malformed rows: %w", len(errs), errors.Join(errs...))
	}
	return g, nil
}

func load(fsys fs.FS) (*Gazetteer, []error) {
	g, errs, _ := loadNotes(fsys)
	return g, errs
}

// loadNotes is load that also returns the notes (redundant forms) for Lint.
func loadNotes(fsys fs.FS) (*Gazetteer, []error, []error) {
	g := &Gazetteer{
		norm:        normalize.New(normalize.Default()),
		countries:   map[string]*Entry{},
		orgs:        map[string]*Entry{},
		offices:     map[string]*Office{},
		officials:   map[string]*Official{},
		resolutions: map[int]*Resolution{},
		capitalOf:   map[string]string{},
		nisbaOf:     map[string]string{},
	}
	b := &builder{g: g, claims: map[string][]claim{}, suffixable: map[string]bool{}, stopWords: map[string]bool{},
		ambMarks: map[string]map[string]bool{}, rowForms: map[string]string{}, contextForms: map[string]bool{}, confirmForms: map[string]bool{}}
	b.loadCountries(fsys)
	b.loadOrganizations(fsys)
	b.loadInstitutions(fsys)
	b.loadPlaces(fsys, FileCities, TypeGPE, KindCity, prioCity)
	b.loadPlaces(fsys, FileLocations, TypeLOC, KindLocation, prioLocation)
	b.loadOffices(fsys)
	b.loadOfficials(fsys)
	b.loadResolutions(fsys)
	b.loadStopforms(fsys)
	if len(b.errs) > 0 {
		return nil, b.errs, b.notes
	}
	b.build()
	return g, nil, b.notes
}

// normForm normalises a form and checks that the matcher can match it: words
// separated by single spaces or hyphens. It returns the words.
func (b *builder) normForm(r row, text string) ([]string, bool) {
	n := b.g.norm.String(text)
	words, seps := splitWords(n)
	if len(words) == 0 {
		b.errs = append(b.errs, r.errf("form %q has no letters", text))
		return nil, false
	}
	for i, s := range seps {
		if s != " " && s != "-" && !(s == ". " && isInitial(words[i])) {
			b.errs = append(b.errs, r.errf("form %q: words must be separated by one space or hyphen (or \". \" after an initial), found %q", text, s))
			return nil, false
		}
	}
	if strings.Join(words, "") != strings.NewReplacer(" ", "", "-", "", ".", "").Replace(n) {
		b.errs = append(b.errs, r.errf("form %q has characters the matcher cannot match", text))
		return nil, false
	}
	return words, true
}

// forms splits the |-separated forms in column col (0-based) of r, recording
// malformed ones as errors.
func (b *builder) forms(r row, col int) []form {
	forms, errs := splitForms(r, r.f[col], col+1)
	b.errs = append(b.errs, errs...)
	return forms
}

// namedForms checks the columns that organisations and places share: a
// non-empty English name, an optional ISO3 country and at least one Arabic
// form in column col (0-based). ok is false when the row must be skipped; a
// bad country is recorded but does not skip the row.
func (b *builder) namedForms(r row, name, country string, col int) (forms []form, ok bool) {
	if name == "" {
		b.errs = append(b.errs, r.errf("empty English name"))
		return nil, false
	}
	if country != "" && !reISO3.MatchString(country) {
		b.errs = append(b.errs, r.errf("country %q: want an ISO3 code or nothing", country))
	}
	forms = b.forms(r, col)
	if len(forms) == 0 {
		b.errs = append(b.errs, r.errf("no Arabic name"))
		return nil, false
	}
	return forms, true
}

// addValue stores a match template and returns its index.
func (b *builder) addValue(v value) int32 {
	b.values = append(b.values, v)
	return int32(len(b.values) - 1)
}

// claimForm records a form written in a data file (with its ~ and ? marks).
func (b *builder) claimForm(r row, f form, val int32, prio int, group string) {
	for _, m := range [...]struct {
		on   bool
		mark string
		set  map[string]bool
	}{{f.context, "?", b.contextForms}, {f.confirm, "!", b.confirmForms}} {
		if !m.on {
			continue
		}
		if words, ok := b.normForm(r, f.text); ok {
			if len(words) > 1 {
				b.errs = append(b.errs, r.errf("form %q: only a one-word form can be marked %s", f.text, m.mark))
				return
			}
			m.set[words[0]] = true
		}
	}
	b.claim(r, f.text, val, prio, f.ambiguous, group)
}

// claim records that the entry behind val claims text.
func (b *builder) claim(r row, text string, val int32, prio int, ambiguous bool, group string) {
	words, ok := b.normForm(r, text)
	if !ok {
		return
	}
	key := strings.Join(words, " ")
	if prio < prioGenerated {
		rk := fmt.Sprintf("%s:%d\x00%d\x00%s", r.file, r.line, val, key)
		if prev, seen := b.rowForms[rk]; seen {
			// Spelling a name both with a hyphen and with a space documents
			// both; other look-alikes are redundant.
			if strings.ReplaceAll(prev, "-", " ") == strings.ReplaceAll(text, "-", " ") {
				return
			}
			b.notes = append(b.notes, r.errf("form %q is redundant: it normalises like another form of the row (%q)", text, key))
			return
		}
		b.rowForms[rk] = text
	}
	b.claims[key] = append(b.claims[key], claim{val: val, prio: prio, ambiguous: ambiguous,
		where: fmt.Sprintf("%s:%d", r.file, r.line), group: group})
}

// ---- countries.tsv ---------------------------------------------------------

func (b *builder) loadCountries(fsys fs.FS) {
	rows, errs := readTSV(fsys, FileCountries, 8, 8, true)
	b.errs = append(b.errs, errs...)
	g := b.g
	for _, r := range rows {
		id, status, name := r.f[0], r.f[1], r.f[2]
		if !reCountry.MatchString(id) {
			b.errs = append(b.errs, r.errf("id %q: want an ISO 3166-1 alpha-3 code or <ISO3>-<NAME>", id))
			continue
		}
		if _, dup := g.countries[id]; dup {
			b.errs = append(b.errs, r.errf("duplicate id %s", id))
			continue
		}
		kind := KindCountry
		typ := TypeGPE
		switch status {
		case "member", "observer":
		case "territory":
			kind = KindTerritory
		case "region":
			kind, typ = KindRegion, TypeLOC
		default:
			b.errs = append(b.errs, r.errf("kind %q: want member, observer, territory or region", status))
			continue
		}
		if name == "" {
			b.errs = append(b.errs, r.errf("empty English name"))
			continue
		}
		names := b.forms(r, 3)
		nisba := b.forms(r, 4)
		plural := b.forms(r, 5)
		caps := b.forms(r, 7)
		if len(names) == 0 {
			b.errs = append(b.errs, r.errf("no Arabic name"))
			continue
		}
		if (r.f[6] == "") != (len(caps) == 0) {
			b.errs = append(b.errs, r.errf("capital: give both the English and the Arabic name, or neither"))
		}
		parent := id
		if !isLinkID(id) {
			parent = ""
			if i := strings.IndexByte(id, '-'); i == 3 {
				parent = id[:3]
			}
		}
		e := &Entry{ID: id, Type: typ, Kind: kind, Status: status, Name: name, Arabic: plain(names),
			Country: parent, Nisba: plain(nisba), Plural: plain(plural), Capital: r.f[6], CapitalArabic: plain(caps)}
		g.countries[id] = e
		g.countryIDs = append(g.countryIDs, id)
		marks := map[string]bool{}
		for _, f := range append(append([]form(nil), names...), nisba...) {
			if f.ambiguous {
				marks[f.text] = true
			}
		}
		b.ambMarks[id] = marks
		link := ""
		if isLinkID(id) {
			link = id
		}
		v := b.addValue(value{m: Match{Type: typ, ID: link, Name: name, Country: parent, Kind: kind}})
		for _, f := range names {
			b.claimForm(r, f, v, prioCountry, "")
		}
		if len(caps) > 0 {
			cv := b.addValue(value{m: Match{Type: TypeGPE, ID: link, Name: r.f[6], Country: parent, Kind: KindCapital}})
			for _, f := range caps {
				b.claimForm(r, f, cv, prioCapital, "")
				g.capitalOf[b.g.norm.String(f.text)] = id
			}
		}
		nv := b.addValue(value{m: Match{Type: TypeNORP, ID: link, Name: name, Country: parent, Kind: KindNisba}})
		for _, f := range nisba {
			for _, nf := range nisbaForms(f.text) {
				b.claim(r, nf, nv, prioNisba, f.ambiguous, "")
				g.nisbaOf[b.g.norm.String(nf)] = id
			}
		}
		for _, f := range plural {
			for _, pf := range []string{f.text, withArticle(f.text)} {
				b.claim(r, pf, nv, prioNisba, f.ambiguous, "")
				g.nisbaOf[b.g.norm.String(pf)] = id
			}
		}
	}
}

// nisbaForms inflects a masculine singular nisba (every word of it):
// m. sg, f. sg, m. pl (nominative and oblique), f. pl, each with and without
// the article. كوري شمالي → كورية شمالية, الكوريين الشماليين ...
func nisbaForms(stem string) []string {
	words := strings.Fields(stem)
	var out []string
	for _, suffix := range []string{"", "ة", "ون", "ين", "ات"} {
		var plainW, artW []string
		for _, w := range words {
			plainW = append(plainW, w+suffix)
			artW = append(artW, "ال"+w+suffix)
		}
		out = append(out, strings.Join(plainW, " "), strings.Join(artW, " "))
	}
	return out
}

// withArticle puts the article on every word.
func withArticle(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = "ال" + w
	}
	return strings.Join(words, " ")
}

// ---- organizations.tsv -----------------------------------------------------

func (b *builder) loadOrganizations(fsys fs.FS) {
	rows, errs := readTSV(fsys, FileOrganizations, 6, 6, true)
	b.errs = append(b.errs, errs...)
	g := b.g
	for _, r := range rows {
		id, typ, name, country := r.f[0], r.f[1], r.f[2], r.f[4]
		if id != "-" && !reOrgID.MatchString(id) {
			b.errs = append(b.errs, r.errf("id %q: want upper-case letters, digits and hyphens, or -", id))
			continue
		}
		building := typ == "ORG/LOC"
		if building {
			typ = TypeORG
		}
		if typ != TypeORG && typ != TypeGPE && typ != TypeLOC {
			b.errs = append(b.errs, r.errf("type %q: want ORG or ORG/LOC", typ))
			continue
		}
		forms, ok := b.namedForms(r, name, country, 3)
		if !ok {
			continue
		}
		var replaces []string
		if r.f[5] != "" {
			replaces = strings.Split(r.f[5], "|")
		}
		link := id
		if id == "-" {
			link = ""
		} else {
			if _, dup := g.orgs[id]; dup {
				b.errs = append(b.errs, r.errf("duplicate id %s", id))
				continue
			}
			g.orgs[id] = &Entry{ID: id, Type: typ, Kind: KindOrg, Name: name, Arabic: plain(forms), Country: country, Replaces: replaces}
		}
		v := b.addValue(value{m: Match{Type: typ, ID: link, Name: name, Country: country, Kind: KindOrg}, building: building})
		for _, f := range forms {
			b.claimForm(r, f, v, prioOrg, "")
		}
	}
}

// ---- institutions.tsv ------------------------------------------------------

var rePlaceholder = regexp.MustCompile(`\{[A-Za-z]+\}`)

func (b *builder) loadInstitutions(fsys fs.FS) {
	rows, errs := readTSV(fsys, FileInstitutions, 3, 3, false)
	b.errs = append(b.errs, errs...)
	g := b.g
	replaced := map[string]string{} // generated id → organisation id
	for id, e := range g.orgs {
		for _, rep := range e.Replaces {
			replaced[rep] = id
		}
	}
	for _, r := range rows {
		role, pattern, nameT := r.f[0], r.f[1], r.f[2]
		if !reRole.MatchString(role) {
			b.errs = append(b.errs, r.errf("role %q: want upper-case letters", role))
			continue
		}
		ph := rePlaceholder.FindAllString(pattern, -1)
		if len(ph) != 1 || (ph[0] != "{M}" && ph[0] != "{F}" && ph[0] != "{C}") {
			b.errs = append(b.errs, r.errf("pattern %q: want exactly one of {M}, {F}, {C}", pattern))
			continue
		}
		if !strings.Contains(nameT, "{Country}") {
			b.errs = append(b.errs, r.errf("name %q: want a {Country} placeholder", nameT))
			continue
		}
		for _, cid := range g.countryIDs {
			c := g.countries[cid]
			// States, and territories with a nationality of their own (TWN, XKX).
			if !isLinkID(cid) || c.Kind == KindRegion || (c.Kind == KindTerritory && len(c.Nisba) == 0) {
				continue
			}
			var fills []form
			switch ph[0] {
			case "{M}", "{F}":
				amb := b.ambMarks[cid]
				for _, stem := range c.Nisba {
					words := strings.Fields(stem)
					for i, w := range words {
						if ph[0] == "{F}" {
							w += "ة"
						}
						words[i] = "ال" + w
					}
					fills = append(fills, form{text: strings.Join(words, " "), ambiguous: amb[stem]})
				}
			case "{C}":
				for _, a := range c.Arabic {
					fills = append(fills, form{text: a, ambiguous: b.ambMarks[cid][a]})
				}
			}
			if len(fills) == 0 {
				continue
			}
			id := cid + "-" + role
			if o, ok := replaced[id]; ok {
				id = o
			}
			name := strings.ReplaceAll(nameT, "{Country}", c.Name)
			e, ok := g.orgs[id]
			if !ok {
				e = &Entry{ID: id, Type: TypeORG, Kind: KindInstitution, Name: name, Country: cid}
				g.orgs[id] = e
			}
			kind := e.Kind
			v := b.addValue(value{m: Match{Type: TypeORG, ID: id, Name: e.Name, Country: cid, Kind: kind}})
			for _, f := range fills {
				text := strings.Replace(pattern, ph[0], f.text, 1)
				if e.Kind == KindInstitution {
					e.Arabic = append(e.Arabic, text)
				}
				b.claim(r, text, v, prioInstitution, f.ambiguous, "")
			}
		}
	}
}

// ---- cities.tsv, locations.tsv ----------------------------------------------

func (b *builder) loadPlaces(fsys fs.FS, file, typ string, kind Kind, prio int) {
	rows, errs := readTSV(fsys, file, 4, 4, false)
	b.errs = append(b.errs, errs...)
	for _, r := range rows {
		name, t, country := r.f[0], r.f[1], r.f[3]
		if t != typ {
			b.errs = append(b.errs, r.errf("type %q: want %s", t, typ))
			continue
		}
		forms, ok := b.namedForms(r, name, country, 2)
		if !ok {
			continue
		}
		b.g.places = append(b.g.places, &Entry{Type: typ, Kind: kind, Name: name, Arabic: plain(forms), Country: country})
		v := b.addValue(value{m: Match{Type: typ, Name: name, Country: country, Kind: kind}})
		for _, f := range forms {
			b.claimForm(r, f, v, prio, "")
		}
	}
}

// ---- offices.tsv, officials.tsv, unsc_resolutions.tsv ------------------------

func (b *builder) loadOffices(fsys fs.FS) {
	rows, errs := readTSV(fsys, FileOffices, 3, 3, false)
	b.errs = append(b.errs, errs...)
	g := b.g
	for _, r := range rows {
		id, name := r.f[0], r.f[1]
		if !reOrgID.MatchString(id) {
			b.errs = append(b.errs, r.errf("id %q: want upper-case letters, digits and hyphens", id))
			continue
		}
		if _, dup := g.offices[id]; dup {
			b.errs = append(b.errs, r.errf("duplicate id %s", id))
			continue
		}
		forms := b.forms(r, 2)
		if len(forms) == 0 || name == "" {
			b.errs = append(b.errs, r.errf("want an English name and Arabic forms"))
			continue
		}
		g.offices[id] = &Office{ID: id, Name: name, Arabic: plain(forms)}
		v := b.addValue(value{m: Match{Type: TypeTITLE, ID: id, Name: name, Kind: KindOffice}})
		for _, f := range forms {
			b.claimForm(r, f, v, prioOffice, "offices")
			if words, ok := b.normForm(r, f.text); ok && !strings.HasPrefix(words[len(words)-1], "ال") {
				b.suffixable[strings.Join(words, " ")] = true
			}
		}
	}
}

func (b *builder) loadOfficials(fsys fs.FS) {
	rows, errs := readTSV(fsys, FileOfficials, 6, 7, false)
	b.errs = append(b.errs, errs...)
	g := b.g
	type pending struct {
		r     row
		forms []form
	}
	var perRow []pending
	for _, r := range rows {
		id, name, office, country := r.f[0], r.f[1], r.f[3], r.f[4]
		if !rePersonID.MatchString(id) {
			b.errs = append(b.errs, r.errf("id %q: want letters, digits, '-', '_' or '.'", id))
			continue
		}
		forms := b.forms(r, 2)
		if len(forms) == 0 || name == "" {
			b.errs = append(b.errs, r.errf("want an English name and Arabic forms"))
			continue
		}
		if office == "" || !reOrgID.MatchString(office) {
			b.errs = append(b.errs, r.errf("office id %q: want upper-case letters, digits and hyphens", office))
			continue
		}
		if !reOrgID.MatchString(country) {
			b.errs = append(b.errs, r.errf("country %q: want an ISO3 code or an organisation id", country))
			continue
		}
		start, err := parseDate(r.f[5])
		if err != nil {
			b.errs = append(b.errs, r.errf("start %q: want YYYY-MM-DD", r.f[5]))
			continue
		}
		var end time.Time
		if r.f[6] != "" {
			e, err := parseDate(r.f[6])
			if err != nil {
				b.errs = append(b.errs, r.errf("end %q: want YYYY-MM-DD or nothing", r.f[6]))
				continue
			}
			if e.Before(start) {
				b.errs = append(b.errs, r.errf("end %s before start %s", r.f[6], r.f[5]))
				continue
			}
			end = e
		}
		o, ok := g.officials[id]
		if !ok {
			o = &Official{ID: id, Name: name}
			g.officials[id] = o
			g.officialIDs = append(g.officialIDs, id)
		} else if o.Name != name {
			b.errs = append(b.errs, r.errf("id %s: English name %q differs from %q given before", id, name, o.Name))
		}
		for _, f := range forms {
			if !slices.Contains(o.Arabic, f.text) {
				o.Arabic = append(o.Arabic, f.text)
			}
		}
		o.Terms = append(o.Terms, Term{Office: office, Country: country, Start: start, End: end})
		perRow = append(perRow, pending{r, forms})
	}
	// One value per person, carrying the country of the latest term.
	vals := map[string]int32{}
	for _, id := range g.officialIDs {
		o := g.officials[id]
		sort.SliceStable(o.Terms, func(i, j int) bool { return o.Terms[i].Start.Before(o.Terms[j].Start) })
		country := o.Terms[len(o.Terms)-1].Country
		vals[id] = b.addValue(value{m: Match{Type: TypePER, ID: id, Name: o.Name, Country: country, Kind: KindOfficial}})
	}
	for _, p := range perRow {
		for _, f := range p.forms {
			b.claimForm(p.r, f, vals[p.r.f[0]], prioOfficial, "officials")
		}
	}
	sort.Strings(g.officialIDs)
}

func (b *builder) loadResolutions(fsys fs.FS) {
	rows, errs := readTSV(fsys, FileResolutions, 3, 4, false)
	b.errs = append(b.errs, errs...)
	for _, r := range rows {
		n, err := strconv.Atoi(r.f[0])
		if err != nil || n <= 0 {
			b.errs = append(b.errs, r.errf("number %q: want a positive integer", r.f[0]))
			continue
		}
		d, err := parseDate(r.f[1])
		if err != nil {
			b.errs = append(b.errs, r.errf("adopted %q: want YYYY-MM-DD", r.f[1]))
			continue
		}
		if r.f[3] != "" && !reVote.MatchString(r.f[3]) {
			b.errs = append(b.errs, r.errf("vote %q: want for-against-abstain like 13-0-2, or nothing", r.f[3]))
			continue
		}
		if _, dup := b.g.resolutions[n]; dup {
			b.errs = append(b.errs, r.errf("duplicate resolution %d", n))
			continue
		}
		b.g.resolutions[n] = &Resolution{Number: n, ID: resolutionID(n), Adopted: d, Topic: r.f[2], Vote: r.f[3]}
	}
}

var reVote = regexp.MustCompile(`^\d{1,2}-\d{1,2}-\d{1,2}$`)

func resolutionID(n int) string   { return "UNSC-" + strconv.Itoa(n) }
func resolutionName(n int) string { return "UN Security Council Resolution " + strconv.Itoa(n) }

// ---- stopforms.tsv -----------------------------------------------------------

func (b *builder) loadStopforms(fsys fs.FS) {
	rows, errs := readTSV(fsys, FileStopforms, 1, 2, false)
	b.errs = append(b.errs, errs...)
	v := b.addValue(value{block: true})
	for _, r := range rows {
		words, ok := b.normForm(r, r.f[0])
		if !ok {
			continue
		}
		if len(words) == 1 {
			b.stopWords[words[0]] = true
			continue
		}
		b.claim(r, r.f[0], v, prioBlock, false, "")
	}
}
