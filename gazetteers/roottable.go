package gazetteers

// rootTable maps a text word to where it enters the trie. It is an
// open-addressing hash table keyed by the FNV-1a hash that the scan computes
// while it finds the word's end, fronted by a one-bit-per-hash filter that
// rejects almost every word that is no form's first word (most words of a
// text) with one cache-friendly load.
type rootTable struct {
	filter []uint64 // 1<<filterBits bits
	slots  []rootSlot
	keys   []string // keys[i] is the word of slots[i], read only to verify a hit
	mask   uint64
}

// rootSlot holds the hash and the trie entry of one key, so that a probe reads
// one 16-byte slot; node < 0 marks an empty slot.
type rootSlot struct {
	hash uint64
	ref  rootRef
}

const (
	filterBits = 20
	hashMul    = 0x9E3779B97F4A7C15
)

// wordHash hashes a word with a few unaligned 8- or 4-byte loads (the byte
// loads below merge into one machine load each): cheap next to the scan, good
// enough for a filter and tables whose hits are verified.
func wordHash(w string) uint64 {
	n := len(w)
	h := uint64(n) * hashMul
	switch {
	case n >= 8:
		for i := 0; i+8 < n; i += 8 {
			h = mixHash(h, load64(w, i))
		}
		h = mixHash(h, load64(w, n-8)) // the last 8 bytes, overlapping
	case n >= 4:
		h = mixHash(h, uint64(load32(w, 0))|uint64(load32(w, n-4))<<32)
	default:
		var v uint64
		for j := 0; j < n; j++ {
			v = v<<8 | uint64(w[j])
		}
		h = mixHash(h, v)
	}
	return h ^ h>>29
}

func mixHash(h, v uint64) uint64 {
	h = (h ^ v) * hashMul
	return h ^ h>>31
}

func load64(w string, i int) uint64 {
	w = w[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

func load32(w string, i int) uint32 {
	w = w[i : i+4]
	return uint32(w[0]) | uint32(w[1])<<8 | uint32(w[2])<<16 | uint32(w[3])<<24
}

func newRootTable(m map[string]rootRef, keys []string) rootTable {
	size := 1
	for size < 3*len(keys) {
		size <<= 1
	}
	t := rootTable{
		filter: make([]uint64, (1<<filterBits)/64),
		slots:  make([]rootSlot, size),
		keys:   make([]string, size),
		mask:   uint64(size - 1),
	}
	for i := range t.slots {
		t.slots[i].ref.node = -1
	}
	for _, k := range keys {
		h := wordHash(k)
		f := h >> (64 - filterBits)
		t.filter[f>>6] |= 1 << (f & 63)
		i := h & t.mask
		for t.slots[i].ref.node >= 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = rootSlot{hash: h, ref: m[k]}
		t.keys[i] = k
	}
	return t
}

// lookup finds word, whose hash is h.
func (t *rootTable) lookup(word string, h uint64) (rootRef, bool) {
	f := h >> (64 - filterBits)
	if t.filter[f>>6]&(1<<(f&63)) == 0 {
		return rootRef{}, false
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		if sl.ref.node < 0 {
			return rootRef{}, false
		}
		if sl.hash == h && t.keys[i] == word {
			return sl.ref, true
		}
	}
}

// scanWord returns the end of the word that starts at i (a word character)
// and wordHash of it.
//
// Arabic letters are two-byte sequences led by D8 or D9 in about equal
// measure; testing the lead byte once and classifying the code point through
// a table keeps that test predictable (a branch on D8 versus D9 would miss
// about every other letter).
func scanWord(s string, i int) (int, uint64) {
	st := i
	for i < len(s) {
		b := s[i]
		if b&0xFC == 0xD8 && i+1 < len(s) { // U+0600..U+06FF
			if !arabicWord[int(b&0x03)<<6|int(s[i+1]&0x3F)] {
				break
			}
			i += 2
			continue
		}
		if b < 0x80 {
			if !asciiWord[b] {
				break
			}
			i++
			continue
		}
		w, n := runeAt(s, i)
		if !w {
			break
		}
		i += n
	}
	return i, wordHash(s[st:i])
}

// edgeTable maps (trie node, next word) to the child node: one probe per word
// of a multi-word form, verified against the stored word.
type edgeTable struct {
	slots []edgeSlot
	words []string
	mask  uint64
}

type edgeSlot struct {
	hash          uint64
	parent, child int32 // child < 0: empty
}

func edgeHash(parent int32, wordH uint64) uint64 {
	h := (wordH ^ uint64(uint32(parent))) * hashMul
	return h ^ h>>32
}

func newEdgeTable(n int) edgeTable {
	size := 1
	for size < 3*n {
		size <<= 1
	}
	t := edgeTable{slots: make([]edgeSlot, size), words: make([]string, size), mask: uint64(size - 1)}
	for i := range t.slots {
		t.slots[i].child = -1
	}
	return t
}

func (t *edgeTable) add(parent int32, word string, child int32) {
	h := edgeHash(parent, wordHash(word))
	i := h & t.mask
	for t.slots[i].child >= 0 {
		i = (i + 1) & t.mask
	}
	t.slots[i] = edgeSlot{hash: h, parent: parent, child: child}
	t.words[i] = word
}

// next returns the child of parent along word, whose wordHash is wordH.
func (t *edgeTable) next(parent int32, word string, wordH uint64) (int32, bool) {
	h := edgeHash(parent, wordH)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		if sl.child < 0 {
			return -1, false
		}
		if sl.hash == h && sl.parent == parent && t.words[i] == word {
			return sl.child, true
		}
	}
}
