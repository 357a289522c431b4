// Package typing composes Vietnamese text from plain keystrokes, the way Vietnamese
// people type on a keyboard without Vietnamese keys: Telex (aa → â, ow → ơ, dd → đ,
// s f r x j → the five tones) and VNI (digits 1–9 after the letter).
//
// It is pure Go with no dependency on the rest of the kiosk or on Fyne, so the same
// rules serve the on-screen keyboard, tests and any headless tool.
//
// Beside composition it holds the other pure input logic of the kiosk's fields:
// CapitalizeName (names written word by word with capitals) and DateInput (a date
// typed as digits, the slashes put in and the date checked).
//
// Two entry points for composition:
//
//   - Compose turns a whole keystroke string into text:
//     Compose(Telex, "Nguyeenx Thij") == "Nguyễn Thị".
//   - Engine is the incremental form the on-screen keyboard drives: feed one key at
//     a time with Key, remove one composed character with Backspace, read Text, and
//     resynchronise with SetText when the target field changes.
//
// # Rules
//
// Composition works on the word being typed (the trailing run of letters). Marks and
// tones may be typed anywhere after the vowel they belong to ("free" typing:
// "tieengs", "tiengse" and "tieesng" all give "tiếng"), and the tone is moved to the
// right vowel whenever the vowels change ("hofa" and "hoaf" both give "hòa").
// In ươ the second horn may be left out: ư followed by o becomes ươ as soon as a
// letter follows the o in the same syllable ("dduwocj" → "được", "nguwoif" →
// "người"), as Unikey does; VNI likewise ("d9u7oc5").
// Pressing the same mark or tone key again undoes it and types the key itself
// ("tooss" → "tôs", "aaa" → "aa", "ddd" → "dd", "ww" → "w"). Telex z and VNI 0
// remove the tone. Keys that cannot apply (no vowel, a cluster that is not
// Vietnamese, a consonant that cannot start or end a Vietnamese syllable) are typed
// as they are, so foreign names and codes survive. Anything that is not a letter
// (space, punctuation, digits in Telex) passes through and ends the word. Upper
// case is kept on the letter that carries it ("DDaf Nawngx" → "Đà Nẵng").
// Output is always NFC.
//
// # Tone placement
//
// The tone goes on the vowel with a mark (ă â ê ô ơ; in ươ on ơ); else, with one
// vowel, on it; with three vowels on the middle one (oai → oái, uyu → uỷu); with two
// vowels followed by a final consonant on the second (hoàng, huỳnh, toán); with two
// vowels and no final consonant on the first (mùa, mía, cái).
//
// The open oa, oe and uy are where the two spelling conventions differ. The default,
// ClassicTones, writes hòa, khỏe, thủy: it is how most people, Unikey's defaults and
// official names (Bình Thủy, Nhà văn hóa) write them. ModernTones (the 1980s
// school convention) writes hoà, khoẻ, thuỷ; Engine.SetToneStyle selects it. The
// catalog search folds both, so either finds the same procedures.
package typing
