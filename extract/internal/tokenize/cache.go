package tokenize

import (
	"hash/maphash"
	"sync"
)

// piece is one token of a word: its id and its byte range in the word.
type piece struct {
	id      int32
	s, e    int32
	sub     int32 // index of the word within the pre-tokenized word, when normalising split it
	subword bool  // Hugging Face's is_subword for the token (see Encoding.Subword)
	unk     bool
}

// wordCache is a bounded, concurrency-safe word → pieces map. Each shard
// keeps two generations: lookups hit the current one or promote from the
// previous one, and when the current one is full it becomes the previous
// one. Frequent words therefore survive, and the cache never holds more
// than twice its size in words: an approximate LRU without per-hit
// bookkeeping, which suits Zipfian news vocabulary.
type wordCache struct {
	seed   maphash.Seed
	shards []cacheShard
	limit  int // words per shard generation
}

type cacheShard struct {
	mu   sync.Mutex
	cur  map[string][]piece
	prev map[string][]piece
	_    [40]byte // keep shards on separate cache lines
}

const cacheShards = 16

func newWordCache(size int) *wordCache {
	if size <= 0 {
		return nil
	}
	limit := (size + cacheShards - 1) / cacheShards
	c := &wordCache{seed: maphash.MakeSeed(), shards: make([]cacheShard, cacheShards), limit: limit}
	for i := range c.shards {
		c.shards[i].cur = make(map[string][]piece)
	}
	return c
}

func (c *wordCache) shard(w string) *cacheShard {
	return &c.shards[maphash.String(c.seed, w)%cacheShards]
}

func (c *wordCache) get(w string) ([]piece, bool) {
	sh := c.shard(w)
	sh.mu.Lock()
	p, ok := sh.cur[w]
	if !ok && sh.prev != nil {
		if p, ok = sh.prev[w]; ok {
			sh.putLocked(w, p, c.limit)
		}
	}
	sh.mu.Unlock()
	return p, ok
}

func (c *wordCache) put(w string, p []piece) {
	sh := c.shard(w)
	sh.mu.Lock()
	sh.putLocked(w, p, c.limit)
	sh.mu.Unlock()
}

func (sh *cacheShard) putLocked(w string, p []piece, limit int) {
	if len(sh.cur) >= limit {
		sh.prev = sh.cur
		sh.cur = make(map[string][]piece, limit)
	}
	sh.cur[w] = p
}

// len returns the number of words held (both generations, with overlap
// counted once per generation).
func (c *wordCache) len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		n += len(sh.cur) + len(sh.prev)
		sh.mu.Unlock()
	}
	return n
}
