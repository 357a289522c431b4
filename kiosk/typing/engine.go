package typing

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxWord bounds the word the rules look at: the longest Vietnamese syllable
// (nghiêng) has 7 letters, so longer runs are not composed, and a pasted
// megabyte of letters costs nothing per key.
const maxWord = 12

// Engine composes text one key at a time. The zero value is not usable; call
// NewEngine. An Engine is not safe for concurrent use.
//
// All of its state is the text itself (plus one key of memory for "ww"), so
// SetText resynchronises it with a field that changed behind its back, and
// Backspace can remove one composed character and let composition continue on
// what is left ("Nguyễ" + "n" is "Nguyễn").
type Engine struct {
	method Method
	style  ToneStyle
	text   []rune // always NFC
	// lastW is the index in text of the ư a lone Telex w typed on the previous
	// key, or -1; a second w turns it back into w.
	lastW int
}

// NewEngine returns an engine with empty text, method m and classic tones.
func NewEngine(m Method) *Engine {
	return &Engine{method: m, lastW: -1}
}

// Method is the engine's input method.
func (e *Engine) Method() Method { return e.method }

// SetMethod changes the input method; the text stays as it is.
func (e *Engine) SetMethod(m Method) {
	e.method = m
	e.lastW = -1
}

// SetToneStyle chooses classic (hòa) or modern (hoà) tone placement for the
// keys typed from now on.
func (e *Engine) SetToneStyle(s ToneStyle) { e.style = s }

// Text is the composed text (NFC).
func (e *Engine) Text() string { return string(e.text) }

// SetText replaces the text, e.g. when the keyboard moves to another field or the
// field was changed by something else. Composition continues on its last word.
func (e *Engine) SetText(s string) {
	clear(e.text[:cap(e.text)]) // what a resident typed does not linger in memory
	e.text = []rune(norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD")))
	e.lastW = -1
}

// Reset empties the text and zeroes the memory that held it.
func (e *Engine) Reset() { e.SetText("") }

// Backspace removes the last visible character: one rune of the composed text
// together with any combining marks after it (never just a tone or a mark of a
// composed letter), and puts the tone of the word it shortened where the rules
// want it now (hoàng → hòa). It reports whether there was anything to remove.
func (e *Engine) Backspace() bool {
	e.lastW = -1
	i := len(e.text) - 1
	if i < 0 {
		return false
	}
	for i > 0 && unicode.Is(unicode.Mn, e.text[i]) {
		i--
	}
	e.text = e.text[:i]
	if e.method != Plain {
		if start := e.wordStart(); len(e.text)-start < maxWord {
			e.replaceWord(start, e.retone(e.letters(start)))
		}
	}
	return true
}

// Key types one key.
func (e *Engine) Key(r rune) {
	lastW := e.lastW
	e.lastW = -1
	if !utf8.ValidRune(r) {
		r = utf8.RuneError
	}
	if e.method == Plain {
		e.appendRaw(r)
		return
	}
	act := e.method.action(r)
	if act.kind == actLiteral {
		e.appendRaw(r)
		return
	}
	start := e.wordStart()
	if len(e.text)-start >= maxWord {
		e.appendRaw(r)
		return
	}
	if act.kind == actHorn && e.method == Telex && lastW >= 0 && lastW == len(e.text)-1 {
		e.text[lastW] = r // ww → w
		return
	}
	word := e.letters(start)
	if act.kind != actLetter && tonedCount(word) <= 1 {
		if w, tail, ok := e.apply(word, act, r); ok {
			e.replaceWord(start, w)
			if tail != 0 {
				e.appendRaw(tail)
			}
			if act.kind == actHorn && tail == 0 && len(w) == len(word)+1 {
				e.lastW = len(e.text) - 1
			}
			return
		}
	}
	if l, ok := toLetter(r); ok {
		e.replaceWord(start, e.retone(hornPair(append(word, l))))
		return
	}
	e.appendRaw(r)
}

// wordStart is the index in text where the trailing run of letters begins; it
// looks back no further than maxWord+1 letters (a longer run is never composed).
func (e *Engine) wordStart() int {
	i := len(e.text)
	for i > 0 && len(e.text)-i <= maxWord {
		if _, ok := toLetter(e.text[i-1]); !ok {
			break
		}
		i--
	}
	return i
}

// letters splits text[start:], a run of letters, for the rules.
func (e *Engine) letters(start int) []letter {
	word := make([]letter, 0, len(e.text)-start+1)
	for _, x := range e.text[start:] {
		l, _ := toLetter(x)
		word = append(word, l)
	}
	return word
}

func (e *Engine) replaceWord(start int, w []letter) {
	e.text = e.text[:start]
	for _, l := range w {
		e.text = append(e.text, l.rune())
	}
}

// appendRaw types r as it is, keeping the text NFC (a combining mark typed after
// a letter composes with it). Only the text from the last normalisation boundary
// before r is normalised again, so a long field costs no more per key.
func (e *Engine) appendRaw(r rune) {
	e.text = append(e.text, r)
	if r < 0x300 || (r >= 0x1E00 && r <= 0x1EFF) {
		return // Latin, Vietnamese: never composes with what precedes it
	}
	start := max(len(e.text)-32, 0)
	tail := []byte(string(e.text[start:]))
	cut := 0
	if start > 0 {
		if cut = norm.NFC.LastBoundary(tail[:len(tail)-utf8.RuneLen(r)]); cut < 0 {
			e.text = []rune(norm.NFC.String(string(e.text))) // a very long combining sequence
			return
		}
	}
	keep := start + utf8.RuneCount(tail[:cut])
	e.text = append(e.text[:keep], []rune(norm.NFC.String(string(tail[cut:])))...)
}

func tonedCount(w []letter) int {
	n := 0
	for _, l := range w {
		if l.tone != Level {
			n++
		}
	}
	return n
}

// toneOf is the index and tone of the toned letter in w, or -1 and Level.
func toneOf(w []letter) (int, Tone) {
	for i, l := range w {
		if l.tone != Level {
			return i, l.tone
		}
	}
	return -1, Level
}

// retone moves the word's tone to where the placement rules want it now.
func (e *Engine) retone(w []letter) []letter {
	i, t := toneOf(w)
	if i < 0 || tonedCount(w) != 1 {
		return w
	}
	s := parse(w)
	if !s.ok {
		return w
	}
	if j := s.toneIndex(e.style); j >= 0 && j != i {
		w[i].tone = Level
		w[j].tone = t
	}
	return w
}

// apply performs act (typed with key r) on word. It returns the new word and,
// when the key undid a mark or tone, the key itself to type after it. ok is
// false when the action does not apply and the key is to be typed as it is.
func (e *Engine) apply(word []letter, act action, r rune) (w []letter, tail rune, ok bool) {
	switch act.kind {
	case actNoTone:
		i, _ := toneOf(word)
		if i < 0 {
			return nil, 0, false
		}
		word[i].tone = Level
		return word, 0, true
	case actTone:
		return e.applyTone(word, act.tone, r)
	case actCircumflex:
		return e.applyCircumflex(word, act.targets, r)
	case actHorn:
		return e.applyHorn(word, act, r)
	case actStroke:
		return applyStroke(word, r)
	}
	return nil, 0, false
}

func (e *Engine) applyTone(word []letter, t Tone, r rune) ([]letter, rune, bool) {
	s := parse(word)
	if !s.ok || s.ci == s.cj {
		return nil, 0, false
	}
	i, cur := toneOf(word)
	if cur == t { // same tone key again: undo it and type the key
		word[i].tone = Level
		return word, r, true
	}
	if i >= 0 {
		word[i].tone = Level
	}
	word[s.toneIndex(e.style)].tone = t
	return word, 0, true
}

func (e *Engine) applyCircumflex(word []letter, targets string, r rune) ([]letter, rune, bool) {
	s := parse(word)
	if !s.ok {
		return nil, 0, false
	}
	c := s.cluster()
	undone := false
	for k := range c {
		p := c[k].plain()
		if strings.ContainsRune(targets, p) && c[k].base == circumflexOf[p] {
			c[k].base = p
			undone = true
		}
	}
	if undone {
		return word, r, true
	}
	for k := len(c) - 1; k >= 0; k-- {
		p := c[k].plain()
		if !strings.ContainsRune(targets, p) {
			continue
		}
		old := c[k].base
		c[k].base = circumflexOf[p]
		if validClusters[bases(c)] {
			return e.retone(word), 0, true
		}
		c[k].base = old
	}
	return nil, 0, false
}

func (e *Engine) applyHorn(word []letter, act action, r rune) ([]letter, rune, bool) {
	s := parse(word)
	if !s.ok {
		return nil, 0, false
	}
	c := s.cluster()
	if act.horn { // uo, ưo, uơ → ươ
		for k := 0; k+1 < len(c); k++ {
			if c[k].plain() == 'u' && c[k+1].plain() == 'o' && (c[k].base != 'ư' || c[k+1].base != 'ơ') {
				o1, o2 := c[k].base, c[k+1].base
				c[k].base, c[k+1].base = 'ư', 'ơ'
				if validClusters[bases(c)] {
					return e.retone(word), 0, true
				}
				c[k].base, c[k+1].base = o1, o2
			}
		}
	}
	undone := false
	for k := range c {
		if (act.horn && (c[k].base == 'ơ' || c[k].base == 'ư')) || (act.breve && c[k].base == 'ă') {
			c[k].base = c[k].plain()
			undone = true
		}
	}
	if undone {
		return e.retone(word), r, true
	}
	for k := len(c) - 1; k >= 0; k-- {
		p := c[k].plain()
		var to rune
		if act.horn && hornOf[p] != 0 {
			to = hornOf[p]
		} else if act.breve && breveOf[p] != 0 {
			to = breveOf[p]
		} else {
			continue
		}
		old := c[k].base
		c[k].base = to
		if validClusters[bases(c)] {
			return e.retone(word), 0, true
		}
		c[k].base = old
	}
	// Telex: a lone w (no vowel yet) is ư: "w" → ư, "nhw" → như.
	if e.method == Telex && len(c) == 0 && bases(word) != "qu" {
		return append(word, letter{base: 'ư', upper: unicode.IsUpper(r)}), 0, true
	}
	return nil, 0, false
}

// hornPair completes ưo into ươ once a letter follows the o in the same syllable
// (a final consonant, or the i/u of ươi, ươu), as Unikey does: "dduwocj" gives
// "được" and "nguwoif" "người" without the second w. ưo alone is left as typed
// (nothing follows yet), and so is any cluster where ươ would not be Vietnamese.
func hornPair(w []letter) []letter {
	s := parse(w)
	if !s.ok {
		return w
	}
	c := s.cluster()
	for k := 0; k+1 < len(c); k++ {
		if c[k].base != 'ư' || c[k+1].base != 'o' || (k+2 == len(c) && s.cj == len(w)) {
			continue
		}
		c[k+1].base = 'ơ'
		if validClusters[bases(c)] {
			return w
		}
		c[k+1].base = 'o'
	}
	return w
}

func applyStroke(word []letter, r rune) ([]letter, rune, bool) {
	s := parse(word)
	if !s.ok || s.ci != 1 {
		return nil, 0, false
	}
	switch word[0].base {
	case 'd':
		word[0].base = 'đ'
		return word, 0, true
	case 'đ':
		word[0].base = 'd'
		return word, r, true
	}
	return nil, 0, false
}

// SetTone puts tone t on the word just typed, on the vowel the placement rules
// choose, whatever the method (the keyboard's tone keys use it). If the word
// already has t, the tone is removed, so a second tap undoes the first; Level
// removes any tone. It reports false, changing nothing, when the word cannot take
// a tone (no vowel, or not a Vietnamese syllable).
func (e *Engine) SetTone(t Tone) bool {
	e.lastW = -1
	start := e.wordStart()
	if t < Level || t > Dot || len(e.text)-start >= maxWord {
		return false
	}
	word := e.letters(start)
	s := parse(word)
	if tonedCount(word) > 1 || !s.ok || s.ci == s.cj {
		return false
	}
	i, cur := toneOf(word)
	if i >= 0 {
		word[i].tone = Level
	}
	if cur != t {
		word[s.toneIndex(e.style)].tone = t
	}
	e.replaceWord(start, word)
	return true
}
