package typing_test

import (
	"errors"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

// The slashes appear as the digits are typed.
func TestDateInputSlashes(t *testing.T) {
	for _, c := range []struct{ keys, want string }{
		{"", ""},
		{"0", "0"},
		{"05", "05/"},
		{"050", "05/0"},
		{"0503", "05/03/"},
		{"05031", "05/03/1"},
		{"05031958", "05/03/1958"},
		{"050319581", "05/03/1958"}, // a ninth digit is ignored
		{"5", "05/"},                // a day starting with 4–9 is 04–09
		{"57", "05/07/"},            // a month starting with 2–9 is 02–09
		{"31121999", "31/12/1999"},
		{"3", "3"}, // 3 may start 30, 31
		{"1", "1"},
		{"0512", "05/12/"},
		{"5/3/1958", "05/03/1958"}, // slashes typed anyway pad a one-digit day or month
		{"05/03/1958", "05/03/1958"},
		{"1-2-2000", "01/02/2000"},
		{"ab05", "05/"}, // letters are ignored
	} {
		var d typing.DateInput
		for _, r := range c.keys {
			d.Key(r)
		}
		if got := d.Text(); got != c.want {
			t.Errorf("keys %q: text %q, want %q", c.keys, got, c.want)
		}
	}
}

func TestDateInputBackspace(t *testing.T) {
	var d typing.DateInput
	for _, r := range "0503" {
		d.Key(r)
	}
	if !d.Backspace() || d.Text() != "05/0" {
		t.Fatalf("after one backspace: %q, want 05/0", d.Text())
	}
	d.Backspace()
	d.Backspace()
	if d.Text() != "0" {
		t.Fatalf("after three backspaces: %q, want 0", d.Text())
	}
	d.Backspace()
	if d.Backspace() || d.Text() != "" {
		t.Errorf("empty input: backspace reported a change or left %q", d.Text())
	}
}

func TestDateInputCheck(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		text    string
		want    string // YYYY-MM-DD when valid
		wantErr error
	}{
		{"05/03/1958", "1958-03-05", nil},
		{"29/02/2024", "2024-02-29", nil},
		{"01/12/2026", "2026-12-01", nil}, // today
		{"29/02/2023", "", typing.ErrDateNotExist},
		{"31/04/2000", "", typing.ErrDateNotExist},
		{"00/01/2000", "", typing.ErrDateNotExist},
		{"12/13/2000", "", typing.ErrDateNotExist},
		{"12/00/2000", "", typing.ErrDateNotExist},
		{"05/03/1858", "", typing.ErrDateYear},
		{"05/03/2200", "", typing.ErrDateYear},
		{"05/03/19", "", typing.ErrDateIncomplete},
		{"", "", typing.ErrDateIncomplete},
		{"02/12/2026", "", typing.ErrDateFuture},
	} {
		var d typing.DateInput
		d.SetText(c.text)
		got, err := d.PastDate(now)
		if c.wantErr != nil {
			if !errors.Is(err, c.wantErr) {
				t.Errorf("%q: err %v, want %v", c.text, err, c.wantErr)
			}
			continue
		}
		if err != nil || got.Format("2006-01-02") != c.want {
			t.Errorf("%q: %v, %v; want %s", c.text, got, err, c.want)
		}
	}
	// Date alone accepts a future date.
	var d typing.DateInput
	d.SetText("01/01/2030")
	if _, err := d.Date(); err != nil {
		t.Errorf("Date(01/01/2030): %v", err)
	}
}
