package kiosk

import (
	"fmt"
	"io/fs"

	"fyne.io/fyne/v2"

	"fyne.io/fyne/v2/lang"
)

// Languages the kiosk offers, Vietnamese first.
var languages = []string{"vi", "en"}

// translations holds each language's message file as read from Deps.Translations.
type translations map[string][]byte

func loadTranslations(fsys fs.FS) (translations, error) {
	t := translations{}
	if fsys == nil {
		return t, nil
	}
	for _, l := range languages {
		b, err := fs.ReadFile(fsys, l+".json")
		if err != nil {
			return nil, fmt.Errorf("translations %s: %w", l, err)
		}
		t[l] = b
	}
	return t, nil
}

// use makes l the language of every T call. Fyne's lang package picks its language from
// the machine's locale (often LANG=C on kiosks) and offers no way to choose, so the
// wanted language's messages are registered under every locale it may have picked,
// its fallback (en) and the machine's language: the choice is ours, whatever the locale.
func (t translations) use(l string) error {
	b, ok := t[l]
	if !ok {
		return fmt.Errorf("no translations for %q", l)
	}
	for _, loc := range systemLocales() {
		if err := lang.AddTranslationsForLocale(b, loc); err != nil {
			return fmt.Errorf("translations %s: %w", l, err)
		}
	}
	return nil
}

// systemLocales are the locales Fyne's lang package may pick: its fallback (en) and
// the machine's locale with and without region.
func systemLocales() []fyne.Locale {
	out := []fyne.Locale{"en"}
	sys := lang.SystemLocale()
	for _, l := range []fyne.Locale{fyne.Locale(sys.LanguageString()), sys} {
		if l != "" && l != "en" && l != "und" && l != out[len(out)-1] {
			out = append(out, l)
		}
	}
	return out
}

// T returns the resident-facing text of key in the current language. data fills
// {{.Name}} placeholders. A missing key shows the key itself (tests catch that).
func T(key string, data ...any) string {
	return lang.X(key, key, data...)
}

// one picks the message for a count of one (English says "1 second", not "1 seconds").
func one(n int, single, many string) string {
	if n == 1 {
		return single
	}
	return many
}

// Args builds template data for T: Args("N", 3, "Code", "X") -> {"N": 3, "Code": "X"}.
func Args(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}
