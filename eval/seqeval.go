package eval

import "unicode/utf8"

// Chunk is an entity read off a BIO tag sequence: its type and the
// half-open range [Start, End) of token positions it covers.
type Chunk struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// SeqevalChunks returns the entities of a corpus of tag sequences exactly as
// the Python seqeval package (1.2.2) finds them in its default mode
// (seqeval.metrics.sequence_labeling.get_entities), quirks included:
//
//   - The sentences are flattened into one sequence with an "O" after each
//     sentence, and positions are positions in that flat sequence: sentence
//     i's token j is at offset(i) + j where offset(i) = Σ_{k<i} (len(k)+1).
//   - A tag's first character is its prefix and the text after the first
//     "-" that follows it is its type ("_" when empty): "I--ORG" has type
//     "-ORG", "IO" prefix I and type "O", "O-PER" prefix O and type "PER".
//   - A chunk starts at B or S, at I or E after O, E or S, and wherever the
//     prefix is not O or "." and the type changes; it ends before B, S or O
//     after B or I, after E or S, and wherever the previous prefix is not O
//     or "." and the type changes. A start that is not recognised leaves
//     the chunk's beginning where the last recognised start was.
//
// This is what makes scores equal to seqeval's on ill-formed sequences
// (stray I- tags, type changes inside an entity, unknown prefixes). Chunks
// come in order of their end. An empty tag is read as "O".
func SeqevalChunks(sentences [][]string) []Chunk {
	n := 0
	for _, s := range sentences {
		n += len(s) + 1
	}
	flat := make([]string, 0, n+1)
	for _, s := range sentences {
		flat = append(flat, s...)
		flat = append(flat, "O")
	}
	return seqevalFlatChunks(flat)
}

// seqevalFlatChunks is get_entities on an already flat sequence.
func seqevalFlatChunks(seq []string) []Chunk {
	prevTag, prevType := "O", ""
	begin := 0
	var chunks []Chunk
	for i := 0; i <= len(seq); i++ {
		chunk := "O"
		if i < len(seq) && seq[i] != "" {
			chunk = seq[i]
		}
		tag, typ := splitSeqevalTag(chunk)
		if seqevalEnd(prevTag, tag, prevType, typ) {
			// seqeval records the inclusive end i-1; ours is exclusive.
			chunks = append(chunks, Chunk{Type: prevType, Start: begin, End: i})
		}
		if seqevalStart(prevTag, tag, prevType, typ) {
			begin = i
		}
		prevTag, prevType = tag, typ
	}
	return chunks
}

// splitSeqevalTag splits a tag like Python's chunk[0] and
// chunk[1:].split('-', maxsplit=1)[-1] or '_'.
func splitSeqevalTag(chunk string) (tag, typ string) {
	_, size := utf8.DecodeRuneInString(chunk)
	tag, rest := chunk[:size], chunk[size:]
	typ = rest
	for i := 0; i < len(rest); i++ {
		if rest[i] == '-' {
			typ = rest[i+1:]
			break
		}
	}
	if typ == "" {
		typ = "_"
	}
	return tag, typ
}

// seqevalEnd is seqeval's end_of_chunk.
func seqevalEnd(prevTag, tag, prevType, typ string) bool {
	switch {
	case prevTag == "E", prevTag == "S":
		return true
	case (prevTag == "B" || prevTag == "I") && (tag == "B" || tag == "S" || tag == "O"):
		return true
	}
	return prevTag != "O" && prevTag != "." && prevType != typ
}

// seqevalStart is seqeval's start_of_chunk.
func seqevalStart(prevTag, tag, prevType, typ string) bool {
	switch {
	case tag == "B", tag == "S":
		return true
	case (prevTag == "E" || prevTag == "S" || prevTag == "O") && (tag == "E" || tag == "I"):
		return true
	}
	return tag != "O" && tag != "." && prevType != typ
}
