package typing

import "unicode"

// Tone is one of the six Vietnamese tones (thanh điệu).
type Tone int

// The tones, in the order of the VNI keys 1–5 after Level.
const (
	Level Tone = iota // ngang: no mark
	Acute             // sắc: á
	Grave             // huyền: à
	Hook              // hỏi: ả
	Tilde             // ngã: ã
	Dot               // nặng: ạ
)

// vowelRows lists each of the twelve toneless vowels followed by its five toned
// forms, in tone order.
var vowelRows = [...]string{
	"aáàảãạ", "ăắằẳẵặ", "âấầẩẫậ",
	"eéèẻẽẹ", "êếềểễệ",
	"iíìỉĩị",
	"oóòỏõọ", "ôốồổỗộ", "ơớờởỡợ",
	"uúùủũụ", "ưứừửữự",
	"yýỳỷỹỵ",
}

type vowelForm struct {
	base rune // toneless lower-case vowel, e.g. 'ê'
	tone Tone
}

var (
	toVowel   = map[rune]vowelForm{} // any lower-case vowel form → base and tone
	fromVowel = map[rune][6]rune{}   // toneless lower-case vowel → its six forms
	stripped  = map[rune]rune{       // marked letter → plain Latin letter
		'ă': 'a', 'â': 'a', 'ê': 'e', 'ô': 'o', 'ơ': 'o', 'ư': 'u', 'đ': 'd',
	}
)

func init() {
	for _, row := range vowelRows {
		var forms [6]rune
		i := 0
		for _, r := range row {
			forms[i] = r
			i++
		}
		fromVowel[forms[0]] = forms
		for t, r := range forms {
			toVowel[r] = vowelForm{base: forms[0], tone: Tone(t)}
		}
	}
}

// letter is one letter of the word being composed, split into what the rules act on.
type letter struct {
	base  rune // lower case, without tone, with its mark: 'a', 'ă', 'đ', 'n'
	tone  Tone
	upper bool
}

// toLetter splits r if it is a letter a word can hold: Latin a–z, đ, and the
// Vietnamese vowels with their marks and tones.
func toLetter(r rune) (letter, bool) {
	lr := unicode.ToLower(r)
	upper := lr != r
	if unicode.ToUpper(lr) != r && upper {
		return letter{}, false // title-case or odd mappings: not ours
	}
	if v, ok := toVowel[lr]; ok {
		return letter{base: v.base, tone: v.tone, upper: upper}, true
	}
	if (lr >= 'a' && lr <= 'z') || lr == 'đ' {
		return letter{base: lr, upper: upper}, true
	}
	return letter{}, false
}

// rune is the precomposed (NFC) form of l.
func (l letter) rune() rune {
	r := l.base
	if forms, ok := fromVowel[r]; ok {
		r = forms[l.tone]
	}
	if l.upper {
		r = unicode.ToUpper(r)
	}
	return r
}

// plain is l's base without its mark: 'ơ' → 'o', 'đ' → 'd'.
func (l letter) plain() rune {
	if p, ok := stripped[l.base]; ok {
		return p
	}
	return l.base
}

func isVowel(base rune) bool {
	_, ok := fromVowel[base]
	return ok
}

// marked reports whether base carries a vowel mark (ă â ê ô ơ ư).
func marked(base rune) bool {
	return isVowel(base) && stripped[base] != 0
}

// The marks each composition key can put on a plain vowel.
var (
	circumflexOf = map[rune]rune{'a': 'â', 'e': 'ê', 'o': 'ô'}
	hornOf       = map[rune]rune{'o': 'ơ', 'u': 'ư'}
	breveOf      = map[rune]rune{'a': 'ă'}
)
