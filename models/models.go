// Package models holds the model folders khabar ships, embedded in the
// binary: the default Arabic NER model, its smaller and faster sibling
// (less accurate), a fine-tuned multilingual-e5-small, the most accurate
// ensemble of the default and that one (slower), all selectable by name,
// and the tiny test model.
//
// A model folder is a Hugging Face token-classification export:
// model.onnx, tokenizer.json, config.json (id2label), and optional extras
// such as crf.json. See models/*/MODEL_CARD.md for each model.
package models

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

// DefaultName is the model extract.New uses when none is given.
const DefaultName = "khabar-ner-ar"

//go:embed all:khabar-ner-ar all:khabar-ner-ar-fast all:khabar-ner-ar-e5 all:khabar-ner-ar-plus all:testdata/tiny
var shipped embed.FS

// folders maps model names to their folders in shipped.
var folders = map[string]string{
	"khabar-ner-ar":      "khabar-ner-ar",      // the default: see khabar-ner-ar/MODEL_CARD.md
	"khabar-ner-ar-fast": "khabar-ner-ar-fast", // two members instead of five: see its MODEL_CARD.md
	"khabar-ner-ar-e5":   "khabar-ner-ar-e5",   // multilingual-e5-small fine-tuned: see its MODEL_CARD.md
	"khabar-ner-ar-plus": "khabar-ner-ar-plus", // ensemble.json: the default + khabar-ner-ar-e5 (most accurate, slower)
	"tiny":               "testdata/tiny",      // the test model (random quality; for tests and parity)
}

// Names returns the names of the embedded models.
func Names() []string {
	out := make([]string, 0, len(folders))
	for n := range folders {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Open returns the embedded model folder called name.
func Open(name string) (fs.FS, error) {
	dir, ok := folders[name]
	if !ok {
		return nil, fmt.Errorf("no embedded model %q (have %v)", name, Names())
	}
	return fs.Sub(shipped, dir)
}

// Default returns the default model folder.
func Default() (fs.FS, error) { return Open(DefaultName) }
