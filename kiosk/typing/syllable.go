package typing

import "strings"

// validClusters are the vowel clusters (toneless, with their marks) a Vietnamese
// syllable can have, including those that only occur before a final consonant.
// A mark key applies only when the cluster it produces is one of these.
var validClusters = set(
	"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
	"ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu",
	"oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ",
	"uy", "ưa", "ưi", "ưu", "ươ", "yê",
	"iêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
)

// validSkeletons are validClusters without their marks: what a cluster may look
// like while it is still being typed ("uo" before the w that makes it "ươ").
var validSkeletons = func() map[string]bool {
	m := map[string]bool{}
	for c := range validClusters {
		var b strings.Builder
		for _, r := range c {
			if p, ok := stripped[r]; ok {
				r = p
			}
			b.WriteRune(r)
		}
		m[b.String()] = true
	}
	return m
}()

var (
	validInitials = set("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m",
		"n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x")
	validFinals = set("", "c", "ch", "m", "n", "ng", "nh", "p", "t")
	// modernSecond are the open clusters ModernTones marks on the second vowel.
	modernSecond = set("oa", "oe", "uy")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// syllable is a word split into initial consonant w[:ci], vowel cluster w[ci:cj]
// and final consonant w[cj:].
type syllable struct {
	w      []letter
	ci, cj int
	ok     bool // the parts are a possible Vietnamese syllable (or one being typed)
}

func parse(w []letter) syllable {
	n := len(w)
	i := 0
	for i < n && !isVowel(w[i].base) {
		i++
	}
	initial := bases(w[:i])
	switch {
	case initial == "q" && i < n && w[i].base == 'u':
		i++ // qu: the u belongs to the consonant (quý, quyết)
		initial = "qu"
	case initial == "g" && i+1 < n && w[i].base == 'i' && isVowel(w[i+1].base):
		i++ // gi before another vowel is a consonant (giá, giữa); gì, gìn keep their i
		initial = "gi"
	}
	j := i
	for j < n && isVowel(w[j].base) {
		j++
	}
	s := syllable{w: w, ci: i, cj: j}
	s.ok = validInitials[initial] && validFinals[bases(w[j:])] &&
		(i == j || validSkeletons[plains(w[i:j])])
	return s
}

func (s syllable) cluster() []letter { return s.w[s.ci:s.cj] }

func bases(ls []letter) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteRune(l.base)
	}
	return b.String()
}

func plains(ls []letter) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteRune(l.plain())
	}
	return b.String()
}

// toneIndex is the index in s.w of the vowel that carries the tone, or -1 when
// there is no vowel.
func (s syllable) toneIndex(style ToneStyle) int {
	c := s.cluster()
	switch {
	case len(c) == 0:
		return -1
	case len(c) == 1:
		return s.ci
	}
	for k := len(c) - 1; k >= 0; k-- {
		if marked(c[k].base) {
			return s.ci + k // the marked vowel; in ươ the last, ơ
		}
	}
	switch {
	case len(c) >= 3 && plains(c) == "uye":
		return s.ci + 2 // uyê before its circumflex is typed: Nguyẽn → Nguyễn
	case len(c) >= 3:
		return s.ci + 1
	case s.cj < len(s.w):
		return s.ci + 1 // closed: hoàng, huỳnh
	case style == ModernTones && modernSecond[plains(c)]:
		return s.ci + 1
	}
	return s.ci
}
