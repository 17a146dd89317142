package annotate

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/khabar-nlp/khabar/eval/internal/plover"
	"github.com/khabar-nlp/khabar/extract"
)

// Convert reads an annotation source file (name is used in error messages)
// and returns its gold records in file order. The error lists every problem
// found, each as file:line: message.
func Convert(name string, r io.Reader) ([]Record, error) {
	src, errs := parseSource(name, r)
	var recs []Record
	for i := range src.paragraphs {
		rec, perrs := convertParagraph(name, src, &src.paragraphs[i])
		errs = append(errs, perrs...)
		recs = append(recs, rec)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: no paragraphs", name)
	}
	return recs, nil
}

func convertParagraph(name string, src *source, p *srcParagraph) (Record, []error) {
	var errs []error
	fail := func(line int, format string, a ...any) {
		errs = append(errs, &parseError{name, line, p.id + ": " + fmt.Sprintf(format, a...)})
	}
	rec := Record{ID: p.id, Date: p.date, Entities: []Entity{}, Events: []Event{}}
	if len(p.text) == 0 {
		fail(p.line, "paragraph has no text")
		return rec, errs
	}

	// Strip the markup, counting code points.
	var plain []rune
	for li, l := range p.text {
		if li > 0 {
			plain = append(plain, '\n')
		}
		rs := []rune(l.text)
		for i := 0; i < len(rs); i++ {
			switch rs[i] {
			case ']', '|':
				fail(l.line, "stray %q at column %d", rs[i], i+1)
			case '[':
				j := slices.Index(rs[i+1:], ']')
				if j < 0 {
					fail(l.line, "unclosed [ at column %d", i+1)
					i = len(rs)
					continue
				}
				inner := string(rs[i+1 : i+1+j])
				i += j + 1
				if strings.ContainsRune(inner, '[') {
					fail(l.line, "nested markup in %q", inner)
					continue
				}
				e, err := parseMarkup(inner, src.resolutions)
				if err != nil {
					fail(l.line, "%v", err)
					continue
				}
				e.Start = len(plain)
				plain = append(plain, []rune(e.Text)...)
				e.End = len(plain)
				rec.Entities = append(rec.Entities, e)
			default:
				plain = append(plain, rs[i])
			}
		}
	}
	rec.Text = string(plain)

	for _, e := range rec.Entities {
		if err := checkSpanEdges(plain, e.Start, e.End); err != nil {
			fail(p.line, "entity %q: %v", e.Text, err)
		}
		if e.Type == "DATE" && e.Value != "" {
			if err := checkDate(e.Text, e.Value, p.date); err != nil {
				fail(p.line, "DATE %q = %s: %v", e.Text, e.Value, err)
			}
		}
	}

	type key struct{ start, end int }
	triggers := map[key]bool{}
	for _, se := range p.events {
		ev, err := buildEvent(plain, rec.Entities, se)
		if err != nil {
			fail(se.line, "%s: %v", se.typ, err)
			continue
		}
		k := key{ev.Trigger.Start, ev.Trigger.End}
		if triggers[k] {
			fail(se.line, "%s: trigger %q already used by another event", se.typ, ev.Trigger.Text)
		}
		triggers[k] = true
		for _, e := range rec.Entities {
			if e.Start < ev.Trigger.End && ev.Trigger.Start < e.End {
				fail(se.line, "%s: trigger %q overlaps entity %q", se.typ, ev.Trigger.Text, e.Text)
			}
		}
		if err := checkEvent(&ev, src.resolutions); err != nil {
			fail(se.line, "%s: %v", se.typ, err)
		}
		rec.Events = append(rec.Events, ev)
	}
	return rec, errs
}

var (
	reISO3   = regexp.MustCompile(`^[A-Z]{3}$`)
	reOrgID  = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`)
	rePerID  = regexp.MustCompile(`^(P-[a-z0-9]+(-[a-z0-9]+)*|Q[0-9]+)$`)
	reResID  = regexp.MustCompile(`^(UNSC-[0-9]+|UNGA-(ES-)?[0-9]+/[0-9]+)$`)
	reISODay = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)
	reCount  = regexp.MustCompile(`^[0-9]+$`)
)

func validResolutionID(s string) bool { return reResID.MatchString(s) }

// parseMarkup parses the inside of [text|TYPE] or [text|TYPE|extra].
func parseMarkup(inner string, resolutions map[string]string) (Entity, error) {
	parts := strings.Split(inner, "|")
	if len(parts) < 2 || len(parts) > 3 {
		return Entity{}, fmt.Errorf("markup %q: want [text|TYPE] or [text|TYPE|extra]", inner)
	}
	e := Entity{Text: parts[0], Type: parts[1]}
	if e.Text == "" || strings.TrimSpace(e.Text) != e.Text {
		return e, fmt.Errorf("markup %q: empty text or surrounding space", inner)
	}
	if !entityTypes[e.Type] {
		return e, fmt.Errorf("markup %q: unknown type %q", inner, e.Type)
	}
	if len(parts) < 3 {
		if e.Type == "RESOLUTION" {
			return e, fmt.Errorf("markup %q: RESOLUTION needs an id", inner)
		}
		return e, nil
	}
	extra := parts[2]
	var ok bool
	switch e.Type {
	case "DATE":
		e.Value, ok = extra, validISODate(extra)
		return e, okOr(ok, "markup %q: DATE value %q is not YYYY[-MM[-DD]]", inner, extra)
	case "GPE", "NORP":
		ok = reISO3.MatchString(extra)
	case "PER":
		ok = rePerID.MatchString(extra)
	case "RESOLUTION":
		ok = reResID.MatchString(extra)
	case "NUM":
		return e, fmt.Errorf("markup %q: NUM takes no id", inner)
	default:
		ok = reOrgID.MatchString(extra)
	}
	if !ok {
		return e, fmt.Errorf("markup %q: id %q is not valid for %s", inner, extra, e.Type)
	}
	e.Link = &Link{ID: extra}
	if e.Type == "RESOLUTION" {
		e.Link.Date = resolutions[extra]
	}
	return e, nil
}

func okOr(ok bool, format string, a ...any) error {
	if ok {
		return nil
	}
	return fmt.Errorf(format, a...)
}

// isWordRune reports whether r belongs to a word: letters (tatweel
// included), digits and combining marks (harakat).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isProclitic(r rune) bool { return strings.ContainsRune("وفبلك", r) }

// checkSpanEdges checks that [start,end) ends at a word end and starts at a
// word start or after proclitic letters only (ANNOTATION.md "Spans").
func checkSpanEdges(text []rune, start, end int) error {
	if end < len(text) && isWordRune(text[end]) {
		return fmt.Errorf("ends inside a word (next letter %q)", text[end])
	}
	letters := 0
	for i := start - 1; i >= 0 && isWordRune(text[i]); i-- {
		if unicode.Is(unicode.Mn, text[i]) {
			continue
		}
		if !isProclitic(text[i]) {
			return fmt.Errorf("starts inside a word after %q", string(text[i:start]))
		}
		letters++
	}
	if letters > 3 {
		return fmt.Errorf("more than three proclitic letters before it")
	}
	for _, r := range []rune{text[start], text[end-1]} {
		if unicode.IsSpace(r) || strings.ContainsRune(`"«»()[]،,.:؛;!؟?'`, r) {
			return fmt.Errorf("edge character %q: quotes, brackets and punctuation stay out", r)
		}
	}
	return nil
}

// splitRef splits "text#n" into text and n (0 when not given).
func splitRef(ref string) (string, int, error) {
	i := strings.LastIndexByte(ref, '#')
	if i < 0 {
		return ref, 0, nil
	}
	n, err := strconv.Atoi(ref[i+1:])
	if err != nil || n < 1 {
		return "", 0, fmt.Errorf("bad occurrence in %q", ref)
	}
	return ref[:i], n, nil
}

// pick chooses the n-th of k candidates (n==0: the only one).
func pick(what, text string, n, k int) (int, error) {
	switch {
	case k == 0:
		return 0, fmt.Errorf("%s %q not found", what, text)
	case n == 0 && k > 1:
		return 0, fmt.Errorf("%s %q occurs %d times: say which with #n", what, text, k)
	case n == 0:
		return 0, nil
	case n > k:
		return 0, fmt.Errorf("%s %q: occurrence %d asked, %d found", what, text, n, k)
	}
	return n - 1, nil
}

// findTrigger returns the span of the n-th occurrence of trig that sits on
// word edges (only proclitics before it inside its word).
func findTrigger(text []rune, ref string) (Span, error) {
	trig, n, err := splitRef(ref)
	if err != nil {
		return Span{}, err
	}
	tr := []rune(trig)
	var starts []int
	for i := 0; i+len(tr) <= len(text); i++ {
		if slices.Equal(text[i:i+len(tr)], tr) && checkSpanEdges(text, i, i+len(tr)) == nil {
			starts = append(starts, i)
		}
	}
	k, err := pick("trigger", trig, n, len(starts))
	if err != nil {
		return Span{}, err
	}
	return Span{Text: trig, Start: starts[k], End: starts[k] + len(tr)}, nil
}

// findArg resolves an argument reference to an entity of the paragraph.
func findArg(ents []Entity, ref string) (Span, error) {
	txt, n, err := splitRef(ref)
	if err != nil {
		return Span{}, err
	}
	var idx []int
	for i, e := range ents {
		if e.Text == txt {
			idx = append(idx, i)
		}
	}
	k, err := pick("argument", txt, n, len(idx))
	if err != nil {
		return Span{}, err
	}
	e := ents[idx[k]]
	s := Span{Text: e.Text, Start: e.Start, End: e.End, Value: e.Value}
	if e.Link != nil {
		l := *e.Link
		s.Link = &l
	}
	return s, nil
}

func buildEvent(text []rune, ents []Entity, se srcEvent) (Event, error) {
	ev := Event{Type: se.typ, Args: map[string][]Span{}}
	var err error
	if ev.Trigger, err = findTrigger(text, se.kv["trigger"]); err != nil {
		return ev, err
	}
	for _, role := range roles {
		v, ok := se.kv[role]
		if !ok {
			continue
		}
		for _, ref := range strings.Split(v, ";") {
			s, err := findArg(ents, strings.TrimSpace(ref))
			if err != nil {
				return ev, fmt.Errorf("%s: %v", role, err)
			}
			ev.Args[role] = append(ev.Args[role], s)
		}
	}
	_, hasVotes := se.kv["votes"]
	for _, k := range []string{"for", "against", "abstain"} {
		if _, ok := se.kv[k]; ok {
			hasVotes = true
		}
	}
	if hasVotes && se.typ != "VOTE" && se.typ != "ADOPT" {
		return ev, fmt.Errorf("votes on an event that is neither VOTE nor ADOPT")
	}
	if se.typ == "VOTE" || hasVotes {
		if ev.Votes, err = parseVotes(se.kv); err != nil {
			return ev, err
		}
	}
	if err := setEventFields(&ev, se.kv); err != nil {
		return ev, err
	}
	return ev, nil
}

// setEventFields reads the keys of FORMAT.md "Fields every event may
// carry" (plover, cameo, actor_code, target_code, mode, killed, injured,
// arrested, size, country) into ev, checking each against the tables of
// eval/internal/plover. An actor or target code is also written as the
// code of the event's first actor or target argument.
func setEventFields(ev *Event, kv map[string]string) error {
	if p, ok := kv["plover"]; ok {
		if err := plover.CheckPlover(ev.Type, p); err != nil {
			return err
		}
		ev.Plover = p
	}
	if c, ok := kv["cameo"]; ok {
		p := ev.Plover
		if p == "" {
			p = plover.DefaultPlover(ev.Type)
		}
		if p == "" && ev.Type != extract.EventStatement {
			return fmt.Errorf("cameo=%s: %s has no CAMEO code", c, ev.Type)
		}
		if err := plover.CheckCameo(p, c); err != nil {
			return err
		}
		ev.Cameo = c
	}
	for _, f := range []struct {
		key, role string
		dst       *string
	}{{"actor_code", extract.RoleActor, &ev.ActorCode}, {"target_code", extract.RoleTarget, &ev.TargetCode}} {
		code, ok := kv[f.key]
		if !ok {
			continue
		}
		if err := plover.CheckActorCode(code); err != nil {
			return fmt.Errorf("%s: %v", f.key, err)
		}
		*f.dst = code
		if args := ev.Args[f.role]; len(args) > 0 {
			args[0].Code = code
		}
	}
	if m, ok := kv["mode"]; ok {
		if err := plover.CheckMode(ev.Type, m); err != nil {
			return err
		}
		ev.Mode = m
	}
	var mag Magnitude
	for _, f := range []struct {
		key string
		dst **int
	}{{plover.Killed, &mag.Killed}, {plover.Injured, &mag.Injured}, {plover.Arrested, &mag.Arrested}, {plover.Size, &mag.Size}} {
		v, ok := kv[f.key]
		if !ok {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || !reCount.MatchString(v) {
			return fmt.Errorf("%s=%q: want a non-negative integer", f.key, v)
		}
		if err := plover.CheckMagnitude(ev.Type, f.key); err != nil {
			return err
		}
		*f.dst = &n
	}
	if !mag.Empty() {
		ev.Magnitude = &mag
	}
	if c, ok := kv["country"]; ok {
		if err := plover.CheckCountry(c); err != nil {
			return err
		}
		ev.Country = c
	}
	return nil
}

func parseVotes(kv map[string]string) (*Votes, error) {
	v := &Votes{ForMembers: []string{}, AgainstMembers: []string{}, AbstainMembers: []string{}}
	switch t := kv["votes"]; t {
	case "":
	case "unanimous":
		v.Unanimous = true
	default:
		f := strings.Split(t, "/")
		if len(f) != 3 {
			return nil, fmt.Errorf("votes=%q: want F/A/B or unanimous", t)
		}
		for i, dst := range []**int{&v.For, &v.Against, &v.Abstain} {
			if f[i] == "?" {
				continue
			}
			n, err := strconv.Atoi(f[i])
			if err != nil || n < 0 {
				return nil, fmt.Errorf("votes=%q: bad count %q", t, f[i])
			}
			*dst = &n
		}
	}
	for _, side := range []struct {
		key string
		dst *[]string
	}{{"for", &v.ForMembers}, {"against", &v.AgainstMembers}, {"abstain", &v.AbstainMembers}} {
		if s, ok := kv[side.key]; ok {
			for _, m := range strings.Split(s, ",") {
				if !reISO3.MatchString(m) && !reOrgID.MatchString(m) {
					return nil, fmt.Errorf("%s: bad member id %q", side.key, m)
				}
				*side.dst = append(*side.dst, m)
			}
		}
	}
	return v, nil
}

// checkEvent checks an event against ANNOTATION.md's argument rules.
func checkEvent(ev *Event, resolutions map[string]string) error {
	for _, d := range ev.Args["date"] {
		if d.Value == "" {
			return fmt.Errorf("date argument %q has no ISO value", d.Text)
		}
	}
	if v := ev.Votes; v != nil {
		for _, c := range []struct {
			n       *int
			members []string
			side    string
		}{{v.For, v.ForMembers, "for"}, {v.Against, v.AgainstMembers, "against"}, {v.Abstain, v.AbstainMembers, "abstain"}} {
			if c.n != nil && len(c.members) > *c.n {
				return fmt.Errorf("%d %s members named but the count is %d", len(c.members), c.side, *c.n)
			}
		}
		if v.Unanimous && (len(v.AgainstMembers) > 0 || len(v.AbstainMembers) > 0) {
			return fmt.Errorf("unanimous vote with members against or abstaining")
		}
	}
	if ev.Type == "VOTE" {
		if len(ev.Args["actor"]) > 0 {
			return fmt.Errorf("VOTE takes no actor (the body goes in venue)")
		}
		// participants are exactly the named voting states, on any side.
		var named, members []string
		for _, p := range ev.Args["participants"] {
			if p.Link != nil {
				named = append(named, p.Link.ID)
			}
		}
		members = append(members, ev.Votes.ForMembers...)
		members = append(members, ev.Votes.AgainstMembers...)
		members = append(members, ev.Votes.AbstainMembers...)
		slices.Sort(named)
		slices.Sort(members)
		if !slices.Equal(slices.Compact(named), slices.Compact(members)) {
			return fmt.Errorf("participants %v differ from the vote members %v", named, members)
		}
	}
	if ev.Type == "ADOPT" {
		for _, r := range ev.Args["resolution"] {
			want := ""
			if r.Link != nil {
				want = resolutions[r.Link.ID]
			}
			for _, d := range ev.Args["date"] {
				if want != "" && d.Value != want {
					return fmt.Errorf("adoption date %s of %s disagrees with its declared date %s", d.Value, r.Text, want)
				}
			}
		}
	}
	return nil
}
