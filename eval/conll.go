package eval

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ErrBadInput wraps every error about malformed gold or prediction files,
// so that callers (the CLI's exit code) can tell bad input from other
// failures with errors.Is.
var ErrBadInput = errors.New("bad input")

// inputError is an error at a position in an input file.
func inputError(name string, line int, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if line > 0 {
		return fmt.Errorf("%w: %s:%d: %s", ErrBadInput, name, line, msg)
	}
	return fmt.Errorf("%w: %s: %s", ErrBadInput, name, msg)
}

// Scheme is the tagging scheme of a BIO file, as detected by ReadCoNLL.
type Scheme string

// Tagging schemes.
const (
	// SchemeNone: the file has no entity tags at all.
	SchemeNone Scheme = "none"
	// SchemeIOB2: every entity starts with B- (ANERcorp, AQMAR, Wojood).
	SchemeIOB2 Scheme = "IOB2"
	// SchemeIOB1: entities start with I-; B- only separates two adjacent
	// entities of the same type (CoNLL-2003's original files).
	SchemeIOB1 Scheme = "IOB1"
	// SchemeIOBES: E- ends and S- marks single-token entities.
	SchemeIOBES Scheme = "IOBES"
	// SchemeBILOU: IOBES with L- and U- for E- and S-; such files are
	// scored as if L were E and U were S.
	SchemeBILOU Scheme = "BILOU"
)

// Sentence is one sentence of a CoNLL/BIO file.
type Sentence struct {
	// Line is the 1-based line of the sentence's first token.
	Line   int
	Tokens []string
	Tags   []string
}

// Text returns the sentence as a document: its tokens joined by single
// spaces.
func (s *Sentence) Text() string { return strings.Join(s.Tokens, " ") }

// Corpus is a CoNLL/BIO file: sentences of tokens with one tag each.
type Corpus struct {
	// Name is the file name used in error messages and document ids.
	Name      string
	Sentences []Sentence
	// Scheme is the detected tagging scheme.
	Scheme Scheme
	// IllFormed counts I- tags that continue no entity (a stray I- after O
	// or after another type) in a file whose entities otherwise start with
	// B- (IOB2). seqeval's default mode starts a new entity at each.
	IllFormed int
}

// Tags returns the tag sequences of all sentences, with BILOU's L and U
// read as E and S.
func (c *Corpus) Tags() [][]string {
	out := make([][]string, len(c.Sentences))
	for i, s := range c.Sentences {
		if c.Scheme != SchemeBILOU {
			out[i] = s.Tags
			continue
		}
		t := make([]string, len(s.Tags))
		for j, tag := range s.Tags {
			switch {
			case strings.HasPrefix(tag, "L-"):
				tag = "E-" + tag[2:]
			case strings.HasPrefix(tag, "U-"):
				tag = "S-" + tag[2:]
			}
			t[j] = tag
		}
		out[i] = t
	}
	return out
}

// Tokens counts the tokens of the corpus.
func (c *Corpus) Tokens() int {
	n := 0
	for _, s := range c.Sentences {
		n += len(s.Tokens)
	}
	return n
}

// CoNLLOptions configures ReadCoNLL.
type CoNLLOptions struct {
	// Column is the 1-based column that holds the tag; 0 means 2 (the
	// token is always column 1). Wojood's nested layers are columns 3, 4…;
	// a conlleval-style "token gold pred" file has the prediction in 3.
	Column int
	// Lenient accepts any tag. By default a tag must be O or a prefix
	// B, I, E, S, L or U, a hyphen and a type (B-PERS); anything else is an
	// error. Lenient tags are scored as seqeval scores them.
	Lenient bool
}

// ReadCoNLL reads a CoNLL/BIO file: one token a line with whitespace-
// separated columns (token first, then the tag; more columns are allowed),
// a blank line between sentences. A UTF-8 byte order mark, CR line ends and
// -DOCSTART- lines are accepted (the last as a sentence break). Columns are
// separated by ASCII white space only, so a token may hold other spaces (NBSP).
// Errors name the file and line and wrap ErrBadInput.
func ReadCoNLL(r io.Reader, name string, opt CoNLLOptions) (*Corpus, error) {
	col := opt.Column
	if col == 0 {
		col = 2
	}
	if col < 2 {
		return nil, fmt.Errorf("%w: %s: tag column %d: must be 2 or more (column 1 is the token)", ErrBadInput, name, col)
	}
	c := &Corpus{Name: name}
	var cur Sentence
	flush := func() {
		if len(cur.Tokens) > 0 {
			c.Sentences = append(c.Sentences, cur)
		}
		cur = Sentence{}
	}
	err := eachLine(r, name, func(lineNo int, raw []byte) error {
		if !utf8.Valid(raw) {
			return inputError(name, lineNo, "invalid UTF-8")
		}
		line := strings.TrimRight(string(raw), "\r\n")
		fields := splitColumns(line)
		switch {
		case len(fields) == 0, fields[0] == "-DOCSTART-":
			flush()
			return nil
		case len(fields) < col:
			return inputError(name, lineNo, "want a token and a tag in column %d, got %d column(s): %q", col, len(fields), line)
		}
		tag := fields[col-1]
		if !opt.Lenient && !wellFormedTag(tag) {
			return inputError(name, lineNo, "malformed tag %q (want O or B-/I-/E-/S-/L-/U- and a type; pass --lenient to score it as seqeval would)", tag)
		}
		if len(cur.Tokens) == 0 {
			cur.Line = lineNo
		}
		cur.Tokens = append(cur.Tokens, fields[0])
		cur.Tags = append(cur.Tags, tag)
		return nil
	})
	if err != nil {
		return nil, err
	}
	flush()
	c.Scheme, c.IllFormed = detectScheme(c.Sentences)
	return c, nil
}

// splitColumns splits a line on runs of ASCII white space (space, tab, CR,
// VT, FF); other spaces such as NBSP stay inside tokens.
func splitColumns(line string) []string {
	return strings.FieldsFunc(line, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\v' || r == '\f'
	})
}

// wellFormedTag reports whether tag is O or X-TYPE with X one of BIESLU and
// a type that does not start with a hyphen.
func wellFormedTag(tag string) bool {
	if tag == "O" {
		return true
	}
	if len(tag) < 3 || tag[1] != '-' || tag[2] == '-' {
		return false
	}
	return strings.IndexByte("BIESLU", tag[0]) >= 0
}

// tagParts splits a well-formed entity tag into prefix and type; ok is false
// for O and for tags without a one-letter prefix and a hyphen.
func tagParts(tag string) (prefix byte, typ string, ok bool) {
	if len(tag) < 3 || tag[1] != '-' {
		return 0, "", false
	}
	return tag[0], tag[2:], true
}

// detectScheme infers the tagging scheme from the prefixes in use.
func detectScheme(sents []Sentence) (Scheme, int) {
	var hasLU, hasES, hasEntity bool
	var iStarts, bStarts int
	for _, s := range sents {
		prevPrefix, prevType := byte('O'), ""
		for _, tag := range s.Tags {
			p, typ, ok := tagParts(tag)
			if !ok {
				prevPrefix, prevType = 'O', ""
				continue
			}
			hasEntity = true
			inside := prevType == typ && prevPrefix != 'O'
			switch p {
			case 'L', 'U':
				hasLU = true
			case 'E', 'S':
				hasES = true
			case 'I':
				if !inside {
					iStarts++
				}
			case 'B':
				if !inside {
					bStarts++
				}
			}
			prevPrefix, prevType = p, typ
		}
	}
	switch {
	case !hasEntity:
		return SchemeNone, 0
	case hasLU:
		return SchemeBILOU, 0
	case hasES:
		return SchemeIOBES, 0
	case iStarts > 0 && bStarts == 0:
		return SchemeIOB1, 0
	}
	return SchemeIOB2, iStarts
}
