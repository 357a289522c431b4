// Package assets holds what the kiosk embeds in its binary: the sample procedure
// catalog of a commune in Cần Thơ, the guidance slides shown on the attract screen
// (Vietnamese and English, with pictograms), the translations of the interface and
// the application icon.
//
// The PNG files (icon.png, slides/*.png) are drawn by the program in internal/gen:
//
//	go run ./assets/internal/gen -out assets
//
// They are committed so that a build needs no generation step.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed catalog/*.json
var catalogFS embed.FS

//go:embed slides/*.json slides/*.png
var slidesFS embed.FS

//go:embed i18n/*.json
var i18nFS embed.FS

//go:embed icon.png
var icon []byte

// SampleCatalog returns the raw JSON of the sample catalog (format documented in
// sync/catalog): the procedures a commune People's Committee (UBND cấp xã) serves.
// The caller owns the returned slice.
func SampleCatalog() []byte {
	b, err := catalogFS.ReadFile("catalog/sample.json")
	if err != nil {
		// The file is embedded at compile time; failing here means the binary is broken.
		panic("assets: sample catalog missing: " + err.Error())
	}
	return b
}

// Icon returns the 512×512 PNG application icon. The caller owns the returned slice.
func Icon() []byte {
	return append([]byte(nil), icon...)
}

// Translations returns the translation files, one JSON object per language named
// <lang>.json (vi.json, en.json), each mapping message keys to text.
func Translations() fs.FS {
	sub, err := fs.Sub(i18nFS, "i18n")
	if err != nil {
		panic("assets: i18n: " + err.Error())
	}
	return sub
}

// Translation returns the raw JSON translation file of lang ("vi", "en"), or nil
// when there is none.
func Translation(lang string) []byte {
	b, err := i18nFS.ReadFile("i18n/" + lang + ".json")
	if err != nil {
		return nil
	}
	return b
}

// Languages lists the languages that have a translation file, e.g. ["en", "vi"].
func Languages() []string {
	entries, err := i18nFS.ReadDir("i18n")
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if len(name) > 5 && name[len(name)-5:] == ".json" {
			out = append(out, name[:len(name)-5])
		}
	}
	return out
}
