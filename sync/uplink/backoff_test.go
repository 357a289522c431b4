package uplink

import (
	"net/http"
	"testing"
	"time"
)

func TestBackoffGrowsAndCaps(t *testing.T) {
	b := Backoff{Min: 5 * time.Second, Max: 15 * time.Minute, Factor: 2, Jitter: -1, Rand: func() float64 { return 0.5 }}
	want := []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second,
		160 * time.Second, 320 * time.Second, 640 * time.Second, 15 * time.Minute, 15 * time.Minute}
	for i, w := range want {
		if got := b.Delay(i+1, 0); got != w {
			t.Errorf("Delay(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := b.Delay(10000, 0); got != 15*time.Minute {
		t.Errorf("Delay(10000) = %v, want the cap", got)
	}
	if got := b.Delay(0, 0); got != 5*time.Second {
		t.Errorf("Delay(0) = %v, want Min", got)
	}
}

func TestBackoffJitterStaysInBounds(t *testing.T) {
	for _, r := range []float64{0, 0.25, 0.5, 0.999999} {
		b := Backoff{Min: time.Second, Max: time.Hour, Factor: 2, Jitter: 0.2, Rand: func() float64 { return r }}
		got := b.Delay(4, 0) // 8 s ± 20 %
		lo, hi := 6400*time.Millisecond, 9600*time.Millisecond
		if got < lo || got > hi {
			t.Errorf("r=%v: Delay(4) = %v, want within [%v, %v]", r, got, lo, hi)
		}
	}
	lo := Backoff{Min: time.Second, Max: time.Hour, Jitter: 0.2, Rand: func() float64 { return 0 }}.Delay(4, 0)
	hi := Backoff{Min: time.Second, Max: time.Hour, Jitter: 0.2, Rand: func() float64 { return 0.99 }}.Delay(4, 0)
	if lo >= hi {
		t.Errorf("jitter has no effect: %v vs %v", lo, hi)
	}
	// Jitter never goes below Min nor above Max.
	b := Backoff{Min: 5 * time.Second, Max: 10 * time.Second, Jitter: 1, Rand: func() float64 { return 0 }}
	if got := b.Delay(1, 0); got != 5*time.Second {
		t.Errorf("jitter below Min: %v", got)
	}
	b.Rand = func() float64 { return 0.99 }
	if got := b.Delay(5, 0); got != 10*time.Second {
		t.Errorf("jitter above Max: %v", got)
	}
}

func TestBackoffHonoursRetryAfter(t *testing.T) {
	b := Backoff{Min: 5 * time.Second, Max: 15 * time.Minute, Jitter: -1, MaxRetryAfter: time.Hour}
	if got := b.Delay(1, 2*time.Minute); got != 2*time.Minute {
		t.Errorf("Retry-After 2m on the first failure: %v", got)
	}
	if got := b.Delay(1, time.Second); got != 5*time.Second {
		t.Errorf("a Retry-After shorter than the backoff must not shorten it: %v", got)
	}
	if got := b.Delay(1, 30*time.Minute); got != 30*time.Minute {
		t.Errorf("Retry-After above Max is honoured up to MaxRetryAfter: %v", got)
	}
	if got := b.Delay(1, 48*time.Hour); got != time.Hour {
		t.Errorf("Retry-After capped at MaxRetryAfter: %v", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"-3", 0},
		{"17", 17 * time.Second},
		{"abc", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"99999999999", 24 * time.Hour},
		{"Fri, 01 Nov 2100 00:00:00 GMT", 24 * time.Hour},
	} {
		h := http.Header{}
		if tc.v != "" {
			h.Set("Retry-After", tc.v)
		}
		if got := parseRetryAfter(h, now); got != tc.want {
			t.Errorf("Retry-After %q = %v, want %v", tc.v, got, tc.want)
		}
	}
}

// Whatever a server puts in Retry-After and whatever the counts, the delay stays
// within [Min, max(Max, min(Retry-After, MaxRetryAfter))].
func FuzzBackoffDelay(f *testing.F) {
	f.Add("120", 3, 0.5)
	f.Add("Fri, 27 Nov 2026 10:05:00 GMT", 1, 0.0)
	f.Add("-1", 1000000, 0.999)
	f.Add("99999999999999999999", 0, 0.3)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, header string, failures int, r float64) {
		if r < 0 || r >= 1 || r != r {
			r = 0.5
		}
		h := http.Header{}
		h.Set("Retry-After", header)
		ra := parseRetryAfter(h, now)
		if ra < 0 || ra > 24*time.Hour {
			t.Fatalf("Retry-After %q parsed as %v", header, ra)
		}
		b := Backoff{Min: 5 * time.Second, Max: 15 * time.Minute, Jitter: 0.2, MaxRetryAfter: time.Hour, Rand: func() float64 { return r }}
		d := b.Delay(failures, ra)
		hi := 15 * time.Minute
		if c := min(ra, time.Hour); c > hi {
			hi = c
		}
		if d < 5*time.Second || d > hi {
			t.Fatalf("Delay(%d, %v) = %v outside [5s, %v]", failures, ra, d, hi)
		}
	})
}
