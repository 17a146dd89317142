package eval

import (
	"fmt"
	"sort"
	"strings"
)

// TypeMap renames entity types before scoring, on both the gold and the
// predicted side. A rule's source may end in "*" to match every type with
// that prefix (MIS*=MISC for AQMAR's MIS0…MIS3); a rule with an empty
// target drops the type. Exact rules win over prefix rules; prefix rules
// apply in the order given. Types no rule matches are kept.
type TypeMap struct {
	exact  map[string]string
	prefix [][2]string
	src    string
}

// ParseTypeMap parses "FROM=TO,FROM=TO,…" (spaces around items allowed).
func ParseTypeMap(s string) (TypeMap, error) {
	m := TypeMap{exact: map[string]string{}}
	var norm []string
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		from, to, ok := strings.Cut(item, "=")
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		if !ok || from == "" || from == "*" || strings.ContainsAny(from+to, " \t=") {
			return TypeMap{}, fmt.Errorf("%w: type map item %q: want FROM=TO", ErrBadInput, item)
		}
		if p, isPrefix := strings.CutSuffix(from, "*"); isPrefix {
			m.prefix = append(m.prefix, [2]string{p, to})
		} else {
			if _, dup := m.exact[from]; dup {
				return TypeMap{}, fmt.Errorf("%w: type map maps %s twice", ErrBadInput, from)
			}
			m.exact[from] = to
		}
		norm = append(norm, from+"="+to)
	}
	m.src = strings.Join(norm, ",")
	return m, nil
}

// Map returns the type t is scored as; "" means it is not scored.
func (m TypeMap) Map(t string) string {
	if to, ok := m.exact[t]; ok {
		return to
	}
	for _, r := range m.prefix {
		if strings.HasPrefix(t, r[0]) {
			return r[1]
		}
	}
	return t
}

// Empty reports whether the map has no rules.
func (m TypeMap) Empty() bool { return len(m.exact) == 0 && len(m.prefix) == 0 }

// String returns the rules in the syntax ParseTypeMap reads.
func (m TypeMap) String() string {
	if m.src != "" || m.Empty() {
		return m.src
	}
	var parts []string
	for k, v := range m.exact {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// droppedType marks, inside BIO tags, a type the map drops: entities are
// dropped whole, after chunking, so a dropped type still separates chunks
// as its original did.
const droppedType = "\x00dropped"

// mapTag applies m to the type of a BIO tag (B-GPE → B-LOC). Tags without
// a one-letter prefix and a hyphen are left alone.
func (m TypeMap) mapTag(tag string) string {
	p, typ, ok := tagParts(tag)
	if !ok {
		return tag
	}
	to := m.Map(typ)
	if to == typ {
		return tag
	}
	if to == "" {
		to = droppedType
	}
	return string(p) + "-" + to
}

// typeFilter decides which (mapped) types are scored: never NORP or a
// dropped type; only the listed types when a list is given.
type typeFilter struct {
	only map[string]bool
}

func newTypeFilter(types []string) typeFilter {
	f := typeFilter{}
	if len(types) > 0 {
		f.only = map[string]bool{}
		for _, t := range types {
			f.only[t] = true
		}
	}
	return f
}

// NotScored is the type FORMAT.md never scores.
const NotScored = "NORP"

func (f typeFilter) keep(t string) bool {
	if t == "" || t == NotScored || t == droppedType {
		return false
	}
	return f.only == nil || f.only[t]
}

// ParseTypes parses a comma-separated list of types.
func ParseTypes(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}
