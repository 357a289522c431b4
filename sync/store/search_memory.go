package store

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
)

// memIndex is the search index held in memory with the search cache: for every folded
// word, the procedures holding it in their name, English name or aliases, and those
// holding it in any searched column. A keystroke is a few bitset unions and
// intersections (microseconds at 25,000 procedures), where FTS5 walked doclists of
// common words ("co", "to") through the whole catalog when few procedures matched.
// It matches as the FTS5 index does (same folded columns, words split on spaces) and
// returns hits in rowid (catalog) order, as FTS5 does without ORDER BY.
type memIndex struct {
	ids   []int64  // document → rowid, ascending
	words []string // sorted
	name  [][]int32
	all   [][]int32

	mu    sync.Mutex
	short map[shortKey][]uint64 // unions for word starts of 1–2 letters, built on first use
	bits  sync.Pool             // *[]uint64 bitsets for match
}

type shortKey struct {
	start string
	all   bool
}

type memIndexBuilder struct {
	ids   []int64
	posts map[string]*[2][]int32 // word → name, all
}

func newMemIndexBuilder() *memIndexBuilder {
	return &memIndexBuilder{posts: map[string]*[2][]int32{}}
}

// add takes a procedure's folded texts: nameTexts are its name, English name and
// aliases, other the rest of its searched columns. Documents come in rowid order.
func (b *memIndexBuilder) add(rowid int64, nameTexts []string, other ...string) {
	doc := int32(len(b.ids))
	b.ids = append(b.ids, rowid)
	put := func(text string, name bool) {
		for _, w := range strings.Fields(text) {
			if w == "|" {
				continue
			}
			p := b.posts[w]
			if p == nil {
				p = &[2][]int32{}
				b.posts[w] = p
			}
			if name && (len(p[0]) == 0 || p[0][len(p[0])-1] != doc) {
				p[0] = append(p[0], doc)
			}
			if len(p[1]) == 0 || p[1][len(p[1])-1] != doc {
				p[1] = append(p[1], doc)
			}
		}
	}
	for _, t := range nameTexts {
		put(t, true)
	}
	for _, t := range other {
		put(t, false)
	}
}

func (b *memIndexBuilder) build() *memIndex {
	if !slices.IsSorted(b.ids) {
		panic("store: memIndex documents out of rowid order")
	}
	m := &memIndex{ids: b.ids, short: map[shortKey][]uint64{}}
	m.words = make([]string, 0, len(b.posts))
	for w := range b.posts {
		m.words = append(m.words, w)
	}
	slices.Sort(m.words)
	m.name = make([][]int32, len(m.words))
	m.all = make([][]int32, len(m.words))
	for i, w := range m.words {
		m.name[i], m.all[i] = b.posts[w][0], b.posts[w][1]
	}
	return m
}

// match returns the rowids of the first max documents that match every term, in
// rowid order: in the name columns only, or with all in any searched column.
func (m *memIndex) match(ts []term, all bool, max int) []int64 {
	if len(ts) == 0 || max <= 0 {
		return nil
	}
	acc, set := m.bitset(), m.bitset()
	defer m.bits.Put(acc)
	defer m.bits.Put(set)
	for i, t := range ts {
		if i == 0 {
			m.termSet(*acc, t, all)
			continue
		}
		m.termSet(*set, t, all)
		for j, w := range *set {
			(*acc)[j] &= w
		}
	}
	var out []int64
	for i, w := range *acc {
		for w != 0 {
			out = append(out, m.ids[i*64+bits.TrailingZeros64(w)])
			if len(out) == max {
				return out
			}
			w &= w - 1
		}
	}
	return out
}

// bitset returns a bitset over the documents from the pool (keystrokes would
// otherwise allocate one per typed word; at 25,000 procedures that garbage made the
// collector's work show in the slowest keystrokes).
func (m *memIndex) bitset() *[]uint64 {
	if b, ok := m.bits.Get().(*[]uint64); ok {
		return b
	}
	b := make([]uint64, (len(m.ids)+63)/64)
	return &b
}

// termSet fills set with the documents that match t.
func (m *memIndex) termSet(set []uint64, t term, all bool) {
	clear(set)
	for _, a := range t.alts {
		if t.prefix && len(a) <= 2 {
			for i, w := range m.shortSet(a, all) {
				set[i] |= w
			}
			continue
		}
		lo := sort.SearchStrings(m.words, a)
		hi := lo + 1
		if t.prefix {
			hi = lo
			for hi < len(m.words) && strings.HasPrefix(m.words[hi], a) {
				hi++
			}
		} else if lo == len(m.words) || m.words[lo] != a {
			continue
		}
		for i := lo; i < hi; i++ {
			for _, d := range m.posting(i, all) {
				set[d/64] |= 1 << (d % 64)
			}
		}
	}
}

func (m *memIndex) posting(i int, all bool) []int32 {
	if all {
		return m.all[i]
	}
	return m.name[i]
}

// shortSet returns the union for a word start of one or two bytes (one shared bitset:
// callers only read it), computing it on first use: such starts cover hundreds of
// words, most of the catalog's documents.
func (m *memIndex) shortSet(start string, all bool) []uint64 {
	k := shortKey{start, all}
	m.mu.Lock()
	set, ok := m.short[k]
	m.mu.Unlock()
	if ok {
		return set
	}
	set = make([]uint64, (len(m.ids)+63)/64)
	for i := sort.SearchStrings(m.words, start); i < len(m.words) && strings.HasPrefix(m.words[i], start); i++ {
		for _, d := range m.posting(i, all) {
			set[d/64] |= 1 << (d % 64)
		}
	}
	m.mu.Lock()
	m.short[k] = set
	m.mu.Unlock()
	return set
}

// prepare computes the unions of every one-letter start and the two-letter starts of
// common words ahead of the keystrokes that need them.
func (m *memIndex) prepare() {
	for _, all := range []bool{false, true} {
		seen := map[string]bool{}
		for _, w := range m.words {
			for _, n := range []int{1, 2} {
				if len(w) >= n && !seen[w[:n]] {
					seen[w[:n]] = true
					m.shortSet(w[:n], all)
				}
			}
		}
	}
}
