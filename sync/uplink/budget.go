package uplink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Budget limits the page bytes sent over a metered link: at most DailyMB a day, and
// only inside a time window of the kiosk's local day. Dossier JSON, usage and status
// requests are small and always go. The zero Budget sends everything at any time.
type Budget struct {
	DailyMB int // 0: no cap
	// Window is when pages may be sent, "HH:MM-HH:MM" in local time ("22:00-06:00"
	// runs over midnight); "" is all day.
	Window string
}

// ErrBudget: the daily cap is used up or the time is outside the window; pages wait.
var ErrBudget = errors.New("uplink: bandwidth budget: pages wait")

// keyBytesDay is the settings key of page bytes sent on the kiosk's current day.
const keyBytesDay = "uplink.bytes_day" // JSON {"day":"YYYY-MM-DD","bytes":N}

// Window is a parsed Budget.Window in minutes of the day; from == to is all day.
type Window struct{ from, to int }

// ParseWindow reads "HH:MM-HH:MM" ("" for all day).
func ParseWindow(s string) (Window, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Window{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return Window{}, fmt.Errorf("budget window %q: want HH:MM-HH:MM", s)
	}
	from, err1 := minuteOfDay(a)
	to, err2 := minuteOfDay(b)
	if err := errors.Join(err1, err2); err != nil {
		return Window{}, fmt.Errorf("budget window %q: %w", s, err)
	}
	return Window{from, to}, nil
}

func minuteOfDay(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	return hh*60 + mm, nil
}

// open reports whether t is inside the window, and if not when it opens next.
func (w Window) open(t time.Time) (bool, time.Time) {
	if w.from == w.to {
		return true, time.Time{}
	}
	m := t.Hour()*60 + t.Minute()
	in := w.from <= m && m < w.to
	if w.from > w.to { // over midnight
		in = m >= w.from || m < w.to
	}
	if in {
		return true, time.Time{}
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	next := day.Add(time.Duration(w.from) * time.Minute)
	if !next.After(t) {
		next = next.AddDate(0, 0, 1)
	}
	return false, next
}

// meter counts the page bytes sent today and checks the budget. Bytes are counted as
// the connection takes them (a cut request's bytes count: they used the link).
type meter struct {
	mu      sync.Mutex
	day     string
	bytes   int64
	loaded  bool
	dirty   bool
	started time.Time // rate: first byte of the current measurement
	sent    int64     // rate: bytes since started
	rate    float64   // bytes per second, smoothed
}

func (m *meter) add(n int) {
	m.mu.Lock()
	m.bytes += int64(n)
	m.dirty = true
	now := time.Now()
	if m.started.IsZero() || now.Sub(m.started) > 10*time.Second {
		if !m.started.IsZero() && m.sent > 0 {
			r := float64(m.sent) / now.Sub(m.started).Seconds()
			if m.rate == 0 {
				m.rate = r
			} else {
				m.rate = 0.5*m.rate + 0.5*r
			}
		}
		m.started, m.sent = now, 0
	}
	m.sent += int64(n)
	m.mu.Unlock()
}

// linkRate is the smoothed rate of the last measured page bytes (0: unknown).
func (m *meter) linkRate() float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rate == 0 && !m.started.IsZero() {
		if d := time.Since(m.started).Seconds(); d >= 2 {
			return float64(m.sent) / d
		}
	}
	return m.rate
}

// loadMeter reads today's count from the settings (once per day change).
func (u *Uplink) loadMeter(ctx context.Context) error {
	day := u.now().In(u.cfg.Location).Format("2006-01-02")
	u.meter.mu.Lock()
	defer u.meter.mu.Unlock()
	if u.meter.loaded && u.meter.day == day {
		return nil
	}
	var v struct {
		Day   string `json:"day"`
		Bytes int64  `json:"bytes"`
	}
	raw, err := u.st.Setting(ctx, keyBytesDay)
	if err != nil {
		return local("uplink: setting %s: %w", keyBytesDay, err)
	}
	if raw != "" && json.Unmarshal([]byte(raw), &v) == nil && v.Day == day {
		u.meter.bytes = v.Bytes
	} else {
		u.meter.bytes = 0
	}
	u.meter.day, u.meter.loaded, u.meter.dirty = day, true, false
	return nil
}

// saveMeter writes today's count to the settings when it changed.
func (u *Uplink) saveMeter(ctx context.Context) error {
	u.meter.mu.Lock()
	if !u.meter.dirty {
		u.meter.mu.Unlock()
		return nil
	}
	raw, _ := json.Marshal(map[string]any{"day": u.meter.day, "bytes": u.meter.bytes})
	u.meter.dirty = false
	u.meter.mu.Unlock()
	if err := u.st.SetSetting(ctx, keyBytesDay, string(raw)); err != nil {
		return local("uplink: setting %s: %w", keyBytesDay, err)
	}
	return nil
}

// addBytes is called with the bytes of each finished PATCH (counted already by the
// meter as they went); it refreshes the progress's figures.
func (u *Uplink) addBytes(sent int64) {
	u.statsMu.Lock()
	u.stats.BytesUploaded += sent
	u.statsMu.Unlock()
	rate := u.meter.linkRate()
	u.meter.mu.Lock()
	today := u.meter.bytes
	u.meter.mu.Unlock()
	u.update(func(p *Progress) {
		p.BytesToday = today
		if rate > 0 {
			p.LinkRate = int64(rate)
			p.SlowLink = rate < float64(u.cfg.SlowBelow)
		}
	})
}

// budgetAllows checks, before a page of size bytes (need of which remain to send),
// that the budget lets it go now. It returns nil, or ErrBudget wrapped with the
// reason and the time it lifts.
func (u *Uplink) budgetAllows(need int64) error {
	now := u.now().In(u.cfg.Location)
	if ok, next := u.window.open(now); !ok {
		u.noteBudget(fmt.Sprintf("ngoài khung giờ gửi %s", u.cfg.Budget.Window), next)
		return &budgetError{until: next, why: "outside the sending window " + u.cfg.Budget.Window}
	}
	if u.cfg.Budget.DailyMB <= 0 {
		u.noteBudget("", time.Time{})
		return nil
	}
	limit := int64(u.cfg.Budget.DailyMB) << 20
	u.meter.mu.Lock()
	used := u.meter.bytes
	u.meter.mu.Unlock()
	if used+need > limit {
		midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location()).AddDate(0, 0, 1)
		if ok, next := u.window.open(midnight); !ok {
			midnight = next
		}
		u.noteBudget(fmt.Sprintf("đã dùng %.1f / %d MB hôm nay", float64(used)/(1<<20), u.cfg.Budget.DailyMB), midnight)
		return &budgetError{until: midnight, why: fmt.Sprintf("daily cap: %d of %d MB used, the next page needs %d KB", used>>20, u.cfg.Budget.DailyMB, need>>10)}
	}
	u.noteBudget("", time.Time{})
	return nil
}

func (u *Uplink) noteBudget(why string, until time.Time) {
	u.update(func(p *Progress) { p.BudgetWait, p.BudgetUntil = why, until })
}

// budgetError: pages wait for the budget until a time.
type budgetError struct {
	until time.Time
	why   string
}

func (e *budgetError) Error() string { return fmt.Sprintf("%v: %s", ErrBudget, e.why) }
func (e *budgetError) Unwrap() error { return ErrBudget }
