package tokenize

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ErrUnsupported is returned by Load and FromBytes for a tokenizer.json
// that uses a component this package does not handle exactly like Hugging
// Face tokenizers (khabar refuses rather than mis-tokenise).
var ErrUnsupported = errors.New("unsupported tokenizer.json")

// fileConfig is the part of a Hugging Face tokenizer.json this package reads.
type fileConfig struct {
	AddedTokens   []addedToken    `json:"added_tokens"`
	Normalizer    *component      `json:"normalizer"`
	PreTokenizer  *component      `json:"pre_tokenizer"`
	PostProcessor *component      `json:"post_processor"`
	Model         json.RawMessage `json:"model"`
	Truncation    *struct {
		MaxLength int `json:"max_length"`
	} `json:"truncation"`
	Padding *struct {
		PadID    *int64 `json:"pad_id"`
		PadToken string `json:"pad_token"`
	} `json:"padding"`
}

type addedToken struct {
	ID         int64  `json:"id"`
	Content    string `json:"content"`
	SingleWord bool   `json:"single_word"`
	Lstrip     bool   `json:"lstrip"`
	Rstrip     bool   `json:"rstrip"`
	Normalized bool   `json:"normalized"`
	Special    bool   `json:"special"`
}

// component is any typed normalizer, pre-tokenizer or post-processor; only
// the fields the supported types use are decoded.
type component struct {
	Type string `json:"type"`
	// Sequence members.
	Normalizers   []component `json:"normalizers"`
	PreTokenizers []component `json:"pretokenizers"`
	Processors    []component `json:"processors"`
	// Metaspace.
	Replacement    *string `json:"replacement"`
	PrependScheme  *string `json:"prepend_scheme"`
	AddPrefixSpace *bool   `json:"add_prefix_space"`
	Split          *bool   `json:"split"`
	// BertNormalizer.
	CleanText          *bool `json:"clean_text"`
	HandleChineseChars *bool `json:"handle_chinese_chars"`
	StripAccents       *bool `json:"strip_accents"`
	Lowercase          *bool `json:"lowercase"`
	// BertProcessing, RobertaProcessing: [token, id].
	CLS         []json.RawMessage `json:"cls"`
	SEP         []json.RawMessage `json:"sep"`
	TrimOffsets bool              `json:"trim_offsets"`
	// TemplateProcessing.
	Single        []templatePiece          `json:"single"`
	SpecialTokens map[string]templateToken `json:"special_tokens"`
}

type templatePiece struct {
	SpecialToken *struct {
		ID     string `json:"id"`
		TypeID int64  `json:"type_id"`
	} `json:"SpecialToken"`
	Sequence *struct {
		ID     string `json:"id"`
		TypeID int64  `json:"type_id"`
	} `json:"Sequence"`
}

type templateToken struct {
	ID     string   `json:"id"`
	IDs    []int64  `json:"ids"`
	Tokens []string `json:"tokens"`
}

type modelConfig struct {
	Type                    string  `json:"type"`
	UnkToken                *string `json:"unk_token"`
	ContinuingSubwordPrefix *string `json:"continuing_subword_prefix"`
	MaxInputCharsPerWord    *int    `json:"max_input_chars_per_word"`
	// Vocab is {"piece": id} for WordPiece/WordLevel, [["piece", score], ...]
	// for Unigram (with UnkID).
	Vocab json.RawMessage `json:"vocab"`
	UnkID *int            `json:"unk_id"`
}

// postToken decodes a BertProcessing/RobertaProcessing ["[CLS]", 101] pair.
func postToken(raw []json.RawMessage, name string) (string, int64, error) {
	if len(raw) != 2 {
		return "", 0, fmt.Errorf("post_processor.%s: want [token, id], got %d items", name, len(raw))
	}
	var tok string
	var id int64
	if err := json.Unmarshal(raw[0], &tok); err != nil {
		return "", 0, fmt.Errorf("post_processor.%s token: %w", name, err)
	}
	if err := json.Unmarshal(raw[1], &id); err != nil {
		return "", 0, fmt.Errorf("post_processor.%s id: %w", name, err)
	}
	return tok, id, nil
}
