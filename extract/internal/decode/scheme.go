// Package decode turns per-token logits of a token-classification model into
// entity spans: label schemes (IOB1, IOB2, BIOES, BILOU), Hugging Face's
// aggregation strategies, and Viterbi decoding with CRF transitions or a
// well-formedness mask.
package decode

import (
	"fmt"
	"strings"
)

// Scheme is a tagging scheme: how label prefixes mark entity boundaries.
type Scheme int

// Tagging schemes. SchemeAuto asks New to detect the scheme from the labels.
const (
	SchemeAuto  Scheme = iota
	SchemeIOB1         // I- everywhere; B- only between two adjacent entities of one type
	SchemeIOB2         // B- starts every entity, I- continues it
	SchemeBIOES        // B- I- E- for multi-token entities, S- for single ones
	SchemeBILOU        // BIOES spelt B- I- L- U-
)

var schemeNames = [...]string{"auto", "IOB1", "IOB2", "BIOES", "BILOU"}

// String returns the usual name of the scheme ("IOB2").
func (s Scheme) String() string {
	if s >= 0 && int(s) < len(schemeNames) {
		return schemeNames[s]
	}
	return fmt.Sprintf("Scheme(%d)", int(s))
}

// ParseScheme parses a scheme name, case-insensitively; "BIO" is IOB2 and
// "IOBES" is BIOES.
func ParseScheme(name string) (Scheme, error) {
	switch strings.ToUpper(strings.TrimSpace(name)) {
	case "IOB1":
		return SchemeIOB1, nil
	case "IOB2", "BIO", "IOB":
		return SchemeIOB2, nil
	case "BIOES", "IOBES":
		return SchemeBIOES, nil
	case "BILOU":
		return SchemeBILOU, nil
	case "AUTO", "":
		return SchemeAuto, nil
	}
	return 0, fmt.Errorf("unknown label scheme %q (want IOB1, IOB2, BIOES or BILOU)", name)
}

// Boundary prefixes after normalisation: BILOU's L- and U- become E- and S-.
const (
	prefixO = 'O'
	prefixB = 'B'
	prefixI = 'I'
	prefixE = 'E'
	prefixS = 'S'
	// prefixNone marks a non-O label without a recognised prefix ("PER").
	// Hugging Face treats such a label as a continuation (I-) of its type.
	prefixNone = '-'
)

// Tag is a parsed label.
type Tag struct {
	// Prefix is 'O', 'B', 'I', 'E' (BILOU's L), 'S' (BILOU's U), or '-'
	// for a label without a boundary prefix.
	Prefix byte
	// Type is the entity type ("PER"); empty for O.
	Type string
}

// ParseTag parses a label such as "B-PER", "L-ORG" or "O". A label without
// a known prefix is an entity type on its own (Prefix '-').
func ParseTag(label string) Tag {
	if label == "O" {
		return Tag{Prefix: prefixO}
	}
	if len(label) > 2 && label[1] == '-' {
		switch label[0] {
		case 'B', 'I', 'E', 'S':
			return Tag{Prefix: label[0], Type: label[2:]}
		case 'L':
			return Tag{Prefix: prefixE, Type: label[2:]}
		case 'U':
			return Tag{Prefix: prefixS, Type: label[2:]}
		}
	}
	return Tag{Prefix: prefixNone, Type: label}
}

// DetectScheme infers the scheme from a label set: E-/S- prefixes mean
// BIOES, L-/U- mean BILOU, otherwise IOB2 (a label set cannot tell IOB1
// from IOB2; say IOB1 in the model's config when it is).
func DetectScheme(labels []string) (Scheme, error) {
	var bioes, bilou bool
	for _, l := range labels {
		if len(l) > 2 && l[1] == '-' {
			switch l[0] {
			case 'E', 'S':
				bioes = true
			case 'L', 'U':
				bilou = true
			}
		}
	}
	switch {
	case bioes && bilou:
		return 0, fmt.Errorf("labels mix BIOES (E-, S-) and BILOU (L-, U-) prefixes")
	case bioes:
		return SchemeBIOES, nil
	case bilou:
		return SchemeBILOU, nil
	}
	return SchemeIOB2, nil
}

// checkLabels verifies that every prefixed label fits the scheme.
func checkLabels(labels []string, s Scheme) error {
	for _, l := range labels {
		if len(l) <= 2 || l[1] != '-' {
			continue
		}
		ok := true
		switch l[0] {
		case 'E', 'S':
			ok = s == SchemeBIOES
		case 'L', 'U':
			ok = s == SchemeBILOU
		}
		if !ok {
			return fmt.Errorf("label %q does not belong to scheme %s", l, s)
		}
	}
	return nil
}

// allowed reports whether tag b may follow tag a in a well-formed sequence
// of scheme s. from == nil means b is first; to == nil asks whether a may
// end the sequence.
func allowed(s Scheme, a, b *Tag) bool {
	// Labels without a prefix are whole entities of their own and free.
	if a != nil && a.Prefix == prefixNone {
		a = &Tag{Prefix: prefixO}
	}
	if b != nil && b.Prefix == prefixNone {
		b = &Tag{Prefix: prefixO}
	}
	switch s {
	case SchemeIOB1:
		if b == nil {
			return true
		}
		if b.Prefix == prefixB { // only to split two entities of one type
			return a != nil && (a.Prefix == prefixB || a.Prefix == prefixI) && a.Type == b.Type
		}
		return true
	case SchemeBIOES, SchemeBILOU:
		inside := a != nil && (a.Prefix == prefixB || a.Prefix == prefixI)
		if b == nil {
			return !inside
		}
		if inside {
			return (b.Prefix == prefixI || b.Prefix == prefixE) && b.Type == a.Type
		}
		return b.Prefix == prefixO || b.Prefix == prefixB || b.Prefix == prefixS
	default: // IOB2
		if b == nil || b.Prefix != prefixI {
			return true
		}
		return a != nil && (a.Prefix == prefixB || a.Prefix == prefixI) && a.Type == b.Type
	}
}
