package kiosk

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
)

func TestIdleWarningThenWipeRemovesPagesFromDisk(t *testing.T) {
	h := newHarness(t, func(d *Deps) {
		d.Scanner = pagesScanner(2)
		d.IdleTimeout = 60 * time.Second
		d.IdleWarning = 20 * time.Second
	})
	wait := asyncWaiter(h)
	h.toForm()
	h.answerRest(map[string]string{"ten_tre": "Trần Minh Khôi", "ngay_sinh_tre": "14/11/2026", "so_ban_sao": "1", "gioi_tinh_tre": "Nam"})
	h.tapText("Quét")
	wait("scan")
	pages := h.ui.flow.Pages()
	if len(pages) != 2 {
		t.Fatalf("%d pages", len(pages))
	}
	for _, p := range pages {
		if _, err := os.Stat(p.Path); err != nil {
			t.Fatalf("page file missing before wipe: %v", err)
		}
	}

	// 59 s without touch: nothing happens.
	h.clock.Add(59 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrScan)
	// 60 s: the full-screen warning with its countdown.
	h.clock.Add(time.Second)
	h.ui.Tick()
	h.mustBeOn(scrIdle)
	h.mustSee("Bạn còn đang dùng máy không?")
	if h.sees("Trần Minh Khôi") {
		t.Fatal("the warning must hide the session")
	}
	// "Tiếp tục" returns to the same place with everything kept.
	h.tapText("Tiếp tục")
	h.mustBeOn(scrScan)
	if len(h.ui.flow.Pages()) != 2 {
		t.Fatal("continue lost the pages")
	}
	// Walk away: warning, then wipe after the countdown.
	h.clock.Add(60 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrIdle)
	h.clock.Add(19 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrIdle)
	h.clock.Add(time.Second)
	h.ui.Tick()
	h.mustBeOn(scrAttract)

	for _, p := range pages {
		if _, err := os.Stat(p.Path); !os.IsNotExist(err) {
			t.Fatalf("page file %s survived the wipe (err %v)", p.Path, err)
		}
	}
	if h.ui.flow.Procedure() != nil || h.ui.flow.Applicant().Name != "" || len(h.ui.flow.Answers()) != 0 || len(h.ui.flow.Pages()) != 0 {
		t.Fatalf("session not wiped: %+v", h.ui.flow.Applicant())
	}
	if len(h.ui.history) != 0 {
		t.Fatal("history kept after wipe")
	}
	// The next resident sees none of it.
	h.startBirth()
	for _, q := range h.ui.flow.Questions() {
		if v := h.ui.flow.Value(q); v != "" {
			t.Fatalf("question %s holds %q after wipe", q.Field.ID, v)
		}
	}
	day := h.clock.Now().Format("2006-01-02")
	u, err := h.st.Usage(context.Background(), day, day)
	if err != nil || len(u) != 1 || u[0].Abandoned != 1 || u[0].Sessions != 2 {
		t.Fatalf("usage %+v %v", u, err)
	}
}

func TestReceiptTimesOutToAttract(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.ReceiptTimeout = 90 * time.Second })
	h.toCertifyReview()
	h.ui.cur.(*reviewScreen).consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrReceipt)
	// No countdown until its last 15 s; then the seconds left and "Giữ lại", which
	// keeps the receipt for its whole time again.
	h.reachCountdown(flow.Timeouts{}.WithDefaults().Receipt)
	h.tapText("Giữ lại")
	if h.sees("Giữ lại") {
		t.Fatal("the countdown stays after Giữ lại")
	}
	h.clock.Add(89 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrReceipt)
	h.mustSee("Màn hình này sẽ đóng sau 1 giây.")
	h.clock.Add(time.Second)
	h.ui.Tick()
	h.mustBeOn(scrAttract)
}

// Pages left on disk by a kiosk that died mid-session are deleted at start-up.
func TestStalePagesRemovedAtStart(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "session-999-1")
	if err := os.MkdirAll(stale, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stale, "to-khai-1.png"), []byte("page"), 0o600); err != nil {
		t.Fatal(err)
	}
	newHarness(t, func(d *Deps) { d.TempDir = dir })
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("stale session pages survived start-up: %v", err)
	}
}

// The idle countdown in English says "1 second" at its end, not "1 seconds".
func TestIdleCountdownInEnglish(t *testing.T) {
	h := newHarness(t, func(d *Deps) {
		d.IdleTimeout = 60 * time.Second
		d.IdleWarning = 20 * time.Second
	})
	t.Cleanup(func() { h.ui.setLanguage("vi") }) // the language is process-wide
	h.tapText("English")
	h.tapText("Touch to start")
	h.clock.Add(60 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrIdle)
	h.mustSee("20 seconds")
	h.clock.Add(19 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrIdle)
	h.mustSee("1 second")
}
