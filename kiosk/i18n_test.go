package kiosk

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/assets"
)

// Every key the code uses exists in both languages, and none is left untranslated.
func TestTranslationsCoverEveryKey(t *testing.T) {
	files := map[string]map[string]string{}
	for _, l := range languages {
		b, err := os.ReadFile(filepath.Join("..", "assets", "i18n", l+".json"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s.json: %v", l, err)
		}
		files[l] = m
	}
	used := map[string]bool{}
	keyRe := regexp.MustCompile(`T\("([a-z_0-9.]+)"`)
	dynamic := regexp.MustCompile(`"((?:identity|scan|state|remote|level|rating)\.[a-z_0-9]+)"`)
	srcs, _ := filepath.Glob("*.go")
	for _, f := range srcs {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") {
				used[m[1]] = true
			}
		}
		for _, m := range dynamic.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	for _, k := range []string{"level.3", "level.4", "state.queued", "state.sending", "state.accepted", "state.rejected", "rating.1", "rating.5"} {
		used[k] = true
	}
	for k := range used {
		for _, l := range languages {
			if files[l][k] == "" {
				t.Errorf("key %q missing in %s.json", k, l)
			}
		}
	}
	for k, vi := range files["vi"] {
		if en, ok := files["en"][k]; !ok || en == "" {
			t.Errorf("key %q has no English text", k)
		} else if vi == en && k != "app.title" && !strings.Contains(k, "page_of") && len(vi) > 12 {
			t.Errorf("key %q is not translated: %q", k, vi)
		}
	}
}

func TestLanguageSwitchRebuildsScreenWhateverTheLocale(t *testing.T) {
	for _, lang := range []string{"C", "vi_VN.UTF-8", "fr_FR.UTF-8"} {
		t.Run(lang, func(t *testing.T) {
			t.Setenv("LANG", lang)
			t.Setenv("LC_ALL", lang)
			t.Setenv("LANGUAGE", "")
			h := newHarness(t, nil)
			h.mustSee("Dịch vụ công trực tuyến")
			h.tapText("English")
			h.mustBeOn(scrAttract)
			h.mustSee("Online public services")
			h.tapText("Touch to start")
			h.tapText("Find a procedure")
			s := h.ui.cur.(*proceduresScreen)
			s.entry.SetText("khai sinh")
			h.settleSearch()
			h.tapCard("Birth registration")
			h.mustSee("About this procedure")
			h.tapText("Tiếng Việt")
			h.mustBeOn(scrDetail)
			h.mustSee("Thông tin thủ tục")
			h.mustSee("Đăng ký khai sinh")
			// The wipe restores the default language for the next resident.
			h.tapText("English")
			h.ui.endSession()
			h.mustSee("Dịch vụ công trực tuyến")
		})
	}
	_ = assets.Translations
}
