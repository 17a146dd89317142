package tokenize_test

import (
	"fmt"

	"github.com/khabar-nlp/khabar/extract/internal/tokenize"
	"github.com/khabar-nlp/khabar/extract/normalize"
)

// Encode normalised text; offsets are bytes of that text, specials {0,0}.
func ExampleTokenizer_Encode() {
	tk, err := tokenize.Load("../../../models/testdata/tiny/tokenizer.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	text := normalize.New(normalize.Default()).String("أعلنت الأونروا، في غزة")
	enc, err := tk.Encode(text)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, id := range enc.IDs {
		o := enc.Offsets[i]
		fmt.Printf("%s %q word=%d special=%v subword=%v\n", tk.Token(id), text[o.Start:o.End], enc.Words[i], enc.Special[i], enc.Subword[i])
	}
	// Output:
	// [CLS] "" word=-1 special=true subword=false
	// اعلنت "اعلنت" word=0 special=false subword=false
	// الا "الا" word=1 special=false subword=false
	// ##ون "ون" word=1 special=false subword=true
	// ##رو "رو" word=1 special=false subword=true
	// ##ا "ا" word=1 special=false subword=true
	// ، "،" word=2 special=false subword=false
	// في "في" word=3 special=false subword=false
	// غزة "غزة" word=4 special=false subword=false
	// [SEP] "" word=-1 special=true subword=false
}
