package gazetteers

import "math/bits"

// rootTable maps a text word to where it enters the trie. It is an
// open-addressing hash table keyed by wordHash, which the scan computes while it
// finds the word's end, fronted by a filter (two bits per key in one 64-bit
// word of 128 KB) that rejects almost every word that is no form's first word (most words of a
// text) with one cache-friendly load. Slots are 16 bytes and the keys lie in
// one string, so the table stays small enough for the processor's caches.
type rootTable struct {
	filter []uint64 // 1<<filterBits bits
	slots  []rootSlot
	arena  string // the keys, one after another
	mask   uint64
}

// rootSlot holds a tag of the key's hash, the trie entry and where the key
// lies in the arena; node < 0 marks an empty slot.
type rootSlot struct {
	tag  uint32
	node int32
	off  uint32
	len  uint16
	skip uint8
}

// hashTag is the part of a hash that slots keep to reject most other keys
// without reading the arena (bits the slot index does not use).
func hashTag(h uint64) uint32 { return uint32(h >> 32) }

// tableSize returns the power-of-two slot count for n keys (load ≤ 1/2).
func tableSize(n int) int {
	size := 1
	for size < 2*n {
		size <<= 1
	}
	return size
}

// arenaBuilder lays out keys in one string, each key once.
type arenaBuilder struct {
	sb  []byte
	pos map[string]uint32
}

func (a *arenaBuilder) add(k string) (off uint32, n uint16) {
	if len(k) > 0xFFFF || len(a.sb)+len(k) > 0xFFFFFFFF {
		panic("gazetteers: key too long for the trie tables")
	}
	if a.pos == nil {
		a.pos = map[string]uint32{}
	}
	p, ok := a.pos[k]
	if !ok {
		p = uint32(len(a.sb))
		a.sb = append(a.sb, k...)
		a.pos[k] = p
	}
	return p, uint16(len(k))
}

const (
	filterBits = 20
	hashK1     = 0xa0761d6478bd642f // wyhash's secrets
	hashK2     = 0xe7037ed1a0b428db
	hashK3     = 0x8ebc6af09c88c6e3
)

// wordHash hashes a word: its length, its first eight bytes (zero-padded),
// its last eight when it is longer, and the eight-byte chunks in between when
// it is longer than 16 bytes. Cheap next to the scan, good enough for a filter
// and tables whose hits are verified. scanWord computes the same value without
// branching on the length for words of up to 16 bytes.
func wordHash(w string) uint64 {
	n := len(w)
	var head, tail uint64
	if n >= 8 {
		head = load64(w, 0)
		if n > 8 {
			tail = load64(w, n-8)
		}
	} else {
		for j := n - 1; j >= 0; j-- {
			head = head<<8 | uint64(w[j])
		}
	}
	return hashParts(n, head, tail, w)
}

// hashParts finishes wordHash from the length, the head and tail chunks and,
// for words longer than 16 bytes, the chunks of w in between: one 64×64→128
// bit multiplication for most words.
func hashParts(n int, head, tail uint64, w string) uint64 {
	h := mum(head^hashK1, tail^(hashK2+uint64(n)))
	for i := 8; i+8 < n; i += 8 {
		h = mum(h^load64(w, i), hashK3)
	}
	return h
}

// mum multiplies a and b and folds the 128-bit product into 64 bits (the
// mixing step of wyhash).
func mum(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func load64(w string, i int) uint64 {
	w = w[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

func newRootTable(m map[string]rootRef, keys []string) rootTable {
	size := tableSize(len(keys))
	t := rootTable{
		filter: make([]uint64, (1<<filterBits)/64),
		slots:  make([]rootSlot, size),
		mask:   uint64(size - 1),
	}
	for i := range t.slots {
		t.slots[i].node = -1
	}
	var ab arenaBuilder
	for _, k := range keys {
		h := wordHash(k)
		t.filter[h>>(64-filterBits+6)] |= filterBits2(h)
		i := h & t.mask
		for t.slots[i].node >= 0 {
			i = (i + 1) & t.mask
		}
		off, n := ab.add(k)
		ref := m[k]
		t.slots[i] = rootSlot{tag: hashTag(h), node: ref.node, off: off, len: n, skip: ref.skip}
	}
	t.arena = string(ab.sb)
	return t
}

// mayHave reports whether a key with hash h may be in the table: false for
// most words of a text, from one bit.
func (t *rootTable) mayHave(h uint64) bool {
	b := filterBits2(h)
	return t.filter[h>>(64-filterBits+6)]&b == b
}

// filterBits2 returns the two filter bits of hash h, inside the filter word
// h>>(64-filterBits+6) (bits the slot index and the tag do not use).
func filterBits2(h uint64) uint64 {
	return 1<<(h>>20&63) | 1<<(h>>26&63)
}

// lookup finds word, whose hash is h and has passed mayHave.
func (t *rootTable) lookup(word string, h uint64) (rootRef, bool) {
	tag := hashTag(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		if sl.node < 0 {
			return rootRef{}, false
		}
		if sl.tag == tag && int(sl.len) == len(word) && sameBytes(t.arena[sl.off:], word) {
			return rootRef{node: sl.node, skip: sl.skip}, true
		}
	}
}

// sameBytes reports whether a starts with w, a word: a few 8-byte loads
// instead of a call to the runtime's comparison.
func sameBytes(a, w string) bool {
	n := len(w)
	if n < 8 {
		return a[:n] == w
	}
	for i := 0; i+8 < n; i += 8 {
		if load64(a, i) != load64(w, i) {
			return false
		}
	}
	return load64(a, n-8) == load64(w, n-8)
}

// nextCandidate finds the first word at or after i (a word end, or the start
// of s) whose hash passes the filter: the only words that may start a form.
// It returns the word's span and hash, or ws < 0 when there is none. This is
// the loop that visits every word of a text, so it keeps to the common cases
// and few variables.
func (t *rootTable) nextCandidate(s string, i int) (ws, we int, h uint64) {
	for i < len(s) {
		// Skip to the next word (the common cases inline).
		if s[i] == ' ' && i+1 < len(s) { // the usual single space
			i++
		}
		if b := s[i]; b&0xFC == 0xD8 && i+1 < len(s) {
			if !arabicWord[int(b&0x03)<<6|int(s[i+1]&0x3F)] {
				i += 2
				continue
			}
		} else if b < 0x80 {
			if !asciiWord[b] {
				i++
				continue
			}
		} else if w, n := runeAt(s, i); !w {
			i += n
			continue
		}
		ws = i
		var ok bool
		if we, h, ok = shortWord(s, ws); !ok {
			we, h = longWord(s, ws)
		}
		if t.mayHave(h) {
			return ws, we, h
		}
		i = we
	}
	return -1, len(s), 0
}

// scanWord returns the end of the word that starts at i (a word character)
// and wordHash of it.
func scanWord(s string, i int) (int, uint64) {
	if e, h, ok := shortWord(s, i); ok {
		return e, h
	}
	return longWord(s, i)
}

// shortWord is scanWord for most words of normalised Arabic text: letters of
// U+0620..U+065F (lead byte D8 or D9), at most 16 bytes, followed by an ASCII
// separator or Arabic punctuation, not at the very end of the text. Their end
// is found from two 8-byte loads without a loop or a branch per letter, and
// so is the hash. ok is false for other words.
func shortWord(s string, i int) (end int, h uint64, ok bool) {
	if i+16 > len(s) {
		return 0, 0, false
	}
	w := s[i : i+16] // one bounds check for the loads below
	lo, hi := load64(w, 0), load64(w, 8)
	e := bits.TrailingZeros64(notLetters4(lo)) >> 4 << 1 // 8 when all four are letters
	e += e >> 3 * (bits.TrailingZeros64(notLetters4(hi)) >> 4 << 1)
	if e >= 16 {
		return 0, 0, false
	}
	// The two bytes after the word (e is even: both in lo or both in hi).
	m := -uint64(e >> 3) // all ones when e >= 8
	x := lo&^m | hi&m
	sh := uint(e&7) * 8
	if b, b1 := byte(x>>sh), byte(x>>sh>>8); !(b < 0x80 && !asciiWord[b] || b == 0xD8 && b1&0x20 == 0) {
		// Not an ASCII separator nor Arabic punctuation of U+0600..U+061F
		// (، ؛ ؟): a digit, a Latin letter, another letter ...
		return 0, 0, false
	}
	head := lo & (uint64(1)<<(uint(e)*8) - 1)
	// The last 8 bytes of the word when it is longer than 8: s[i+e-8:i+e].
	tail := (lo>>sh | hi<<(64-sh)) & uint64(int64(8-e)>>63)
	return i + e, mum(head^hashK1, tail^(hashK2+uint64(e))), true // hashParts, inlined
}

// longWord is scanWord for any word: an exact scan, then wordHash.
func longWord(s string, i int) (int, uint64) {
	st := i
	// Four letters at a time while they are all in U+0620..U+065F; the loop
	// below classifies the rest exactly.
	for i+8 <= len(s) {
		if f := notLetters4(load64(s, i)); f != 0 {
			i += bits.TrailingZeros64(f) >> 4 << 1
			break
		}
		i += 8
	}
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

// notLetters4 looks at eight bytes of text, loaded little-endian, as four
// two-byte sequences and returns a value whose 16-bit lane k is zero exactly
// when sequence k encodes a code point in U+0620..U+065F: a lead byte D8 with
// a trail byte in A0..BF, or D9 with a trail byte in 80..9F. Every such code
// point is a word character (see arabicWord); a non-zero lane may or may not
// be one.
func notLetters4(x uint64) uint64 {
	// Lead byte D8 or D9, trail byte 10xxxxxx ...
	form := (x ^ 0x80D880D880D880D8) & 0xC0FEC0FEC0FEC0FE
	// ... and bit 5 of the trail byte set for D8, clear for D9.
	half := (x>>13 ^ x ^ 0x0001000100010001) & 0x0001000100010001
	return form | half
}

// edgeTable maps (trie node, next word) to the child node: one probe per word
// of a multi-word form, verified against the stored word.
type edgeTable struct {
	filter []uint64 // two bits per edge, as in rootTable: most probes miss
	fshift uint     // filter word of hash h: h >> fshift
	slots  []edgeSlot
	arena  string
	mask   uint64
	ab     arenaBuilder // while adding
}

// edgeSlot is one edge: parent and child nodes, a tag of its hash and the
// word in the arena; child < 0 marks an empty slot.
type edgeSlot struct {
	parent, child int32
	off           uint32
	len           uint16
	tag           uint16
}

func edgeHash(parent int32, wordH uint64) uint64 {
	return mum(wordH^uint64(uint32(parent)), hashK3)
}

func newEdgeTable(n int) edgeTable {
	size := tableSize(n)
	fwords := 64 // about four edges per filter word
	for fwords*4 < n {
		fwords <<= 1
	}
	t := edgeTable{
		filter: make([]uint64, fwords),
		fshift: uint(64 - bits.TrailingZeros(uint(fwords))),
		slots:  make([]edgeSlot, size),
		mask:   uint64(size - 1),
	}
	for i := range t.slots {
		t.slots[i].child = -1
	}
	return t
}

func (t *edgeTable) add(parent int32, word string, child int32) {
	h := edgeHash(parent, wordHash(word))
	t.filter[h>>t.fshift] |= filterBits2(h)
	i := h & t.mask
	for t.slots[i].child >= 0 {
		i = (i + 1) & t.mask
	}
	off, n := t.ab.add(word)
	t.slots[i] = edgeSlot{parent: parent, child: child, off: off, len: n, tag: uint16(hashTag(h))}
}

// done ends adding: the words move into the arena string.
func (t *edgeTable) done() {
	t.arena = string(t.ab.sb)
	t.ab = arenaBuilder{}
}

// next returns the child of parent along word, whose wordHash is wordH.
func (t *edgeTable) next(parent int32, word string, wordH uint64) (int32, bool) {
	h := edgeHash(parent, wordH)
	if b := filterBits2(h); t.filter[h>>t.fshift]&b != b {
		return -1, false
	}
	tag := uint16(hashTag(h))
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		if sl.child < 0 {
			return -1, false
		}
		if sl.tag == tag && sl.parent == parent && int(sl.len) == len(word) && sameBytes(t.arena[sl.off:], word) {
			return sl.child, true
		}
	}
}
