package store

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Forgiving search: a typed word that the catalog does not hold is also looked up as
// the catalog's words one edit away from it.
const (
	// nearMinLen is the length of the shortest catalog word a typed word may stand
	// for: shorter words are one letter from too many others. A finished typed word
	// may be one letter shorter (a letter missing); a word still being typed must
	// have nearMinLen letters itself, or its few letters start too many words.
	nearMinLen = 4
	nearMax    = 12 // at most this many near words stand in for one typed word
)

// nearMaxLen bounds the words and word starts the near index holds: longer typed
// words are not guessed at (no Vietnamese syllable comes close; long English words
// are rare in names).
const nearMaxLen = 16

// vocabulary is every distinct word of the search index (folded), sorted, and, built
// on the first near lookup, a deletion index over the words and word starts (the
// SymSpell way): every candidate one edit from a typed word shares one of its keys.
type vocabulary struct {
	words []string

	once   sync.Once
	starts map[string][]string // a word start, or one with a letter deleted → the word starts
}

type vocabularyBuilder map[string]struct{}

func newVocabularyBuilder() vocabularyBuilder { return vocabularyBuilder{} }

// add takes the words of folded texts.
func (b vocabularyBuilder) add(texts ...string) {
	for _, t := range texts {
		for _, w := range strings.Fields(t) {
			if w != "|" {
				b[w] = struct{}{}
			}
		}
	}
}

func (b vocabularyBuilder) build() *vocabulary {
	v := &vocabulary{words: make([]string, 0, len(b))}
	for w := range b {
		v.words = append(v.words, w)
	}
	slices.Sort(v.words)
	return v
}

// has reports whether w is a word of the index, or, with prefix, the start of one.
func (v *vocabulary) has(w string, prefix bool) bool {
	i := sort.SearchStrings(v.words, w)
	if i == len(v.words) {
		return false
	}
	if prefix {
		return strings.HasPrefix(v.words[i], w)
	}
	return v.words[i] == w
}

// near returns the index's words one edit from w (one letter changed, dropped, added,
// or two neighbours swapped), at most nearMax of them, closest first; with
// prefix, w is the start of a word still being typed, and near returns the starts of
// words (each a prefix of some word, one letter shorter to one longer than w) one
// edit from it.
func (v *vocabulary) near(w string, prefix bool) []string {
	if len(w) > nearMaxLen {
		return nil
	}
	v.prepare()
	var out []string
	seen := map[string]bool{}
	try := func(key string) {
		for _, c := range v.starts[key] {
			if seen[c] {
				continue
			}
			seen[c] = true
			if d := len(c) - len(w); d < -1 || d > 1 || !oneEdit(w, c) {
				continue
			}
			if prefix || (len(c) >= nearMinLen && v.has(c, false)) {
				out = append(out, c)
			}
		}
	}
	try(w)
	for i := range len(w) {
		try(w[:i] + w[i+1:])
	}
	// Closest first: a letter changed or swapped, then one missing, then one extra
	// (what the ranking phrase takes); then in vocabulary order.
	rank := func(c string) int { return []int{2, 0, 1}[len(c)-len(w)+1] }
	slices.SortFunc(out, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	if len(out) > nearMax {
		out = out[:nearMax]
	}
	return out
}

// prepare builds the near index if it is not built yet (safe from any goroutine).
func (v *vocabulary) prepare() { v.once.Do(v.buildStarts) }

// buildStarts fills the deletion index: each start of a word (nearMinLen-1 to
// nearMaxLen letters, whole letters only) under itself and under each of its
// one-letter deletions.
func (v *vocabulary) buildStarts() {
	v.starts = map[string][]string{}
	added := map[string]bool{}
	for _, x := range v.words {
		for m := nearMinLen - 1; m <= min(len(x), nearMaxLen); m++ {
			if m < len(x) && !utf8.RuneStart(x[m]) {
				continue // in the middle of a letter
			}
			p := x[:m]
			if added[p] {
				continue
			}
			added[p] = true
			v.starts[p] = append(v.starts[p], p)
			for i := range len(p) {
				d := p[:i] + p[i+1:]
				if l := v.starts[d]; len(l) == 0 || l[len(l)-1] != p {
					v.starts[d] = append(l, p)
				}
			}
		}
	}
}

// oneEdit reports whether a and b (ASCII after folding; compared bytewise) differ by
// exactly one substitution, insertion, deletion or swap of two neighbouring letters.
func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := len(a), len(b)
	switch {
	case la == lb:
		i := 0
		for i < la && a[i] == b[i] {
			i++
		}
		if a[i+1:] == b[i+1:] {
			return true // one letter changed
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swapped
	case la == lb+1:
		a, b = b, a
		la, lb = lb, la
		fallthrough
	case lb == la+1: // b has one letter more
		i := 0
		for i < la && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}

// term is one typed word as search matches it: any of alts (the folded word first,
// then its near words), each a whole word or, with prefix, the start of one.
type term struct {
	alts   []string
	prefix bool
}

// query builds the FTS5 query for what the resident typed (see terms), and the folded
// phrase ranking compares names with. It returns "" when nothing searchable was typed.
func (v *vocabulary) query(typed string) (q, phrase string) {
	ts, phrase := v.terms(typed)
	var b strings.Builder
	for i, t := range ts {
		star := ""
		if t.prefix {
			star = "*"
		}
		if i > 0 {
			b.WriteString(" AND ") // FTS5 wants AND spelt out next to a parenthesised OR
		}
		if len(t.alts) == 1 {
			b.WriteString(`"` + t.alts[0] + `"` + star) // folded words hold only letters and digits
			continue
		}
		for j, a := range t.alts {
			if j == 0 {
				b.WriteByte('(')
			} else {
				b.WriteString(" OR ")
			}
			b.WriteString(`"` + a + `"` + star)
		}
		b.WriteByte(')')
	}
	return b.String(), phrase
}

// terms splits what the resident typed into the terms every hit must match, and
// returns the folded phrase ranking compares names with: every word must match; the
// last one is a prefix while it is being typed; a word the index does not hold matches
// its near words instead (see nearMinLen) (the phrase takes the first of them). It
// returns no terms when nothing searchable was typed.
func (v *vocabulary) terms(typed string) ([]term, string) {
	words := strings.Fields(Fold(typed))
	if len(words) == 0 {
		return nil, ""
	}
	last := len(words) - 1
	typing := !strings.HasSuffix(typed, " ")
	shown := slices.Clone(words)
	ts := make([]term, len(words))
	for i, w := range words {
		prefix := i == last && typing
		minLen := nearMinLen - 1
		if prefix {
			minLen = nearMinLen
		}
		ts[i] = term{alts: []string{w}, prefix: prefix}
		if v != nil && len(w) >= minLen && !v.has(w, prefix) {
			if alts := v.near(w, prefix); len(alts) > 0 {
				shown[i] = alts[0]
				ts[i].alts = append(ts[i].alts, alts...)
			}
		}
	}
	return ts, strings.Join(shown, " ")
}
