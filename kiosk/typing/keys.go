package typing

import "unicode"

// actionKind is what a key asks of the word being typed.
type actionKind int

const (
	actLetter     actionKind = iota // an ordinary letter, added to the word
	actLiteral                      // not a letter: typed as is, ends the word
	actTone                         // put action.tone on the word
	actNoTone                       // remove the word's tone
	actCircumflex                   // â ê ô on one of action.targets
	actHorn                         // ơ ư (and ươ) if action.horn, ă if action.breve
	actStroke                       // d → đ
)

type action struct {
	kind    actionKind
	tone    Tone
	targets string // plain vowels a circumflex key may mark
	horn    bool
	breve   bool
}

// action maps key r to what it asks for under method m.
func (m Method) action(r rune) action {
	switch m {
	case Telex:
		switch unicode.ToLower(r) {
		case 's':
			return action{kind: actTone, tone: Acute}
		case 'f':
			return action{kind: actTone, tone: Grave}
		case 'r':
			return action{kind: actTone, tone: Hook}
		case 'x':
			return action{kind: actTone, tone: Tilde}
		case 'j':
			return action{kind: actTone, tone: Dot}
		case 'z':
			return action{kind: actNoTone}
		case 'a':
			return action{kind: actCircumflex, targets: "a"}
		case 'e':
			return action{kind: actCircumflex, targets: "e"}
		case 'o':
			return action{kind: actCircumflex, targets: "o"}
		case 'w':
			return action{kind: actHorn, horn: true, breve: true}
		case 'd':
			return action{kind: actStroke}
		}
	case VNI:
		switch r {
		case '1', '2', '3', '4', '5':
			return action{kind: actTone, tone: Tone(r - '0')}
		case '0':
			return action{kind: actNoTone}
		case '6':
			return action{kind: actCircumflex, targets: "aeo"}
		case '7':
			return action{kind: actHorn, horn: true}
		case '8':
			return action{kind: actHorn, breve: true}
		case '9':
			return action{kind: actStroke}
		}
	}
	if _, ok := toLetter(r); ok {
		return action{kind: actLetter}
	}
	return action{kind: actLiteral}
}
