package kiosk

import (
	"fmt"
	"io/fs"
	"sync"

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

// fyneLocales are the locales Fyne's lang package may pick from the machine's settings:
// its fallback (en), the languages it ships translations for (v2.7.1), and the machine's.
var fyneLocales = []fyne.Locale{"en", "cs", "de", "el", "es", "fr", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk", "zh-Hans"}

// use makes l the language of every T call. Fyne's lang package picks its language from
// the machine's locale (often LANG=C on kiosks) and offers no way to choose, so the
// wanted language's messages are registered under every locale it may have picked:
// the choice is ours, whatever the locale.
func (t translations) use(l string) error {
	b, ok := t[l]
	if !ok {
		return fmt.Errorf("no translations for %q", l)
	}
	locales := append([]fyne.Locale{systemLocale()}, fyneLocales...)
	for _, loc := range locales {
		if err := lang.AddTranslationsForLocale(b, loc); err != nil {
			return fmt.Errorf("translations %s: %w", l, err)
		}
	}
	return nil
}

var (
	sysLocaleOnce sync.Once
	sysLocale     fyne.Locale
)

// systemLocale is the machine's language (looked up once; "en" when it cannot be read).
func systemLocale() fyne.Locale {
	sysLocaleOnce.Do(func() {
		sysLocale = "en"
		if l := lang.SystemLocale().LanguageString(); l != "" && l != "und" {
			sysLocale = fyne.Locale(l)
		}
	})
	return sysLocale
}

// T returns the resident-facing text of key in the current language. data fills
// {{.Name}} placeholders. A missing key shows the key itself (tests catch that).
func T(key string, data ...any) string {
	return lang.X(key, key, data...)
}

// Args builds template data for T: Args("N", 3, "Code", "X") -> {"N": 3, "Code": "X"}.
func Args(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}
