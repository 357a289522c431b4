package kiosk

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// sampleUI is the UI over the real sample catalog (long official names and labels).
func sampleUI(t *testing.T, size fyne.Size) (*UI, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"), store.Options{PageDir: filepath.Join(dir, "pages")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := catalog.Parse(assets.SampleCatalog())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ImportCatalog(ctx, c); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(size)
	u, err := New(ctx, Deps{App: a, Window: w, Store: st, TickEvery: -1, TempDir: filepath.Join(dir, "tmp"), Windowed: true, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(u.Close)
	return u, w
}

// Every screen of the tour, with the sample catalog's real texts, fits a 1366×768
// display: nothing is pushed off screen.
func TestTourScreensFitTheSmallestDisplay(t *testing.T) {
	u, w := sampleUI(t, fyne.NewSize(1366, 768))
	for _, st := range tourSteps() {
		if err := st.show(u); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		min := w.Content().MinSize().AddWidthHeight(16, 16)
		if min.Width > 1366 || min.Height > 768 {
			t.Errorf("screen %s needs %.0f×%.0f at 1366×768", st.name, min.Width, min.Height)
		}
	}
}

func TestTourWritesEveryScreen(t *testing.T) {
	u, _ := sampleUI(t, fyne.NewSize(1366, 768))
	dir := t.TempDir()
	// The PNGs come from the real window (scripts/screenshot.sh); here a capture
	// that records what the tour showed.
	var shot []string
	capture := func(path string) error {
		shot = append(shot, filepath.Base(path)+"="+u.current().String())
		return os.WriteFile(path, []byte("png"), 0o644)
	}
	if err := u.Tour(context.Background(), dir, "t-", time.Millisecond, capture); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"attract": "attract", "search": "search", "detail": "detail", "question": "question", "question-name": "question", "scan": "scan",
		"review": "review", "receipt": "receipt", "lookup": "lookup", "idle": "idle", "english-home": "home"}
	for i, st := range tourSteps() {
		name := "t-" + twoDigits(i+1) + "-" + st.name + ".png"
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if w, ok := want[st.name]; ok && shot[i] != name+"="+w {
			t.Errorf("tour step %s showed %s", st.name, shot[i])
		}
	}
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }
