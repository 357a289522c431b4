// Package access guards the kiosk's staff and official screens: PINs of 6 to 8 digits
// (not one digit repeated, not a run like 123456) stored only as argon2id hashes in the
// store's settings, and a PIN pad that slows down with each wrong try instead of
// locking: the first FreeTries wrong tries in a row cost nothing, each further one makes
// the pad wait 2 s, 4 s, 8 s … up to MaxWait (5 minutes) before it takes the next PIN;
// a right PIN ends the slow-down. The count and the wait are kept in the settings, so a
// restart does not reset them.
//
// The arithmetic: once at the cap, a guesser gets one try per 5 minutes, 288 a day.
// A 6-digit PIN has 10^6 values: trying them all takes 10^6/288 ≈ 3,470 days (9.5
// years), half of them on average 4.75 years; 8 digits, 100 times that. Reaching the
// cap costs only 2+4+…+256 = 510 s, so the ramp changes nothing for a guesser, while a
// clerk after a resident's five wrong tries waits 4 s, and never more than 5 minutes
// however many tries came before (the old lock-out made a resident's five tries lock
// the clerk out for 5 minutes, then 10, 20 … up to a day).
//
// It has no Fyne and no SQL: the UI and `kiosk pin set` both use it over the small
// Settings interface (sync/store's *Store satisfies it).
package access

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Role is who a PIN opens the kiosk's back office for.
type Role string

// Roles.
const (
	Staff    Role = "staff"    // post office staff: assisted filing, the sync queue
	Official Role = "official" // commune officials: usage statistics and exports
)

// Roles lists every role, in the order PINs are tried.
var Roles = []Role{Staff, Official}

// ParseRole reads "staff" or "official".
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case Staff, Official:
		return Role(s), nil
	}
	return "", fmt.Errorf("%w: %q (want staff or official)", ErrBadRole, s)
}

// Errors callers decide on.
var (
	ErrBadPIN   = errors.New("a PIN is 6 to 8 digits, not one digit repeated nor a run like 123456")
	ErrBadRole  = errors.New("unknown role")
	ErrWrongPIN = errors.New("wrong PIN")
	// ErrWait: the pad is waiting after wrong tries (State.WaitUntil says until when);
	// the PIN was not looked at and the try does not count.
	ErrWait    = errors.New("PIN pad waiting after wrong tries")
	ErrNoPIN   = errors.New("no PIN is set; the installer sets one with `kiosk pin set`")
	ErrSamePIN = errors.New("the staff and official PINs must differ")
)

// Settings is the key-value storage the PIN hashes and the slow-down live in.
type Settings interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Setting keys.
const (
	keyPINPrefix = "access.pin."       // + role: the argon2id hash
	keyStaffName = "access.staff_name" // who assisted filings are credited to
	keyFailures  = "access.failures"   // wrong tries in a row since the last right PIN
	keyWaitUntil = "access.wait_until" // unix ms before which no PIN is taken; 0 or absent: none
	// The lock-out's keys (access.locked_until, access.lockouts) of older versions
	// are no longer read: an upgrade ends a lock-out in progress.
)

// DefaultStaffName is the name assisted dossiers carry when the installer gave none.
const DefaultStaffName = "Nhân viên bưu điện"

// The slow-down and the PIN lengths.
const (
	// FreeTries wrong tries in a row cost no wait (a clerk's slip of the finger).
	FreeTries = 3
	// FirstWait follows the first wrong try past FreeTries; each further one doubles it.
	FirstWait = 2 * time.Second
	// MaxWait caps the wait: at most 288 tries a day, and never a long wait for a clerk.
	MaxWait = 5 * time.Minute
	// MinPINLen: 10^6 PINs at ~35 ms of argon2id each is about 10 hours of one core
	// for a thief with a copy of kiosk.db (4 digits took under 6 minutes).
	MinPINLen = 6
	MaxPINLen = 8
)

// ValidPIN reports whether pin is 6 to 8 ASCII digits and not trivially guessed: one
// digit repeated (000000) or a run up or down (123456, 987654).
func ValidPIN(pin string) bool {
	if len(pin) < MinPINLen || len(pin) > MaxPINLen {
		return false
	}
	for _, c := range pin {
		if c < '0' || c > '9' {
			return false
		}
	}
	same, up, down := true, true, true
	for i := 1; i < len(pin); i++ {
		d := int(pin[i]) - int(pin[i-1])
		same = same && d == 0
		up = up && (d == 1 || d == -9)
		down = down && (d == -1 || d == 9)
	}
	return !same && !up && !down
}

// SetPIN stores the hash of pin for role. It refuses a malformed PIN and a PIN equal to
// the other role's (one pad serves both, so the PIN is what tells them apart).
func SetPIN(ctx context.Context, st Settings, role Role, pin string) error {
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	if !ValidPIN(pin) {
		return ErrBadPIN
	}
	for _, other := range Roles {
		if other == role {
			continue
		}
		h, err := st.Setting(ctx, keyPINPrefix+string(other))
		if err != nil {
			return fmt.Errorf("access: read %s PIN: %w", other, err)
		}
		if h != "" {
			ok, err := verifyPIN(h, pin)
			if err != nil {
				return fmt.Errorf("access: %s PIN: %w", other, err)
			}
			if ok {
				return ErrSamePIN
			}
		}
	}
	h, err := hashPIN(pin)
	if err != nil {
		return fmt.Errorf("access: %w", err)
	}
	if err := st.SetSetting(ctx, keyPINPrefix+string(role), h); err != nil {
		return fmt.Errorf("access: store %s PIN: %w", role, err)
	}
	return nil
}

// HasPIN reports whether a PIN is set for role.
func HasPIN(ctx context.Context, st Settings, role Role) (bool, error) {
	h, err := st.Setting(ctx, keyPINPrefix+string(role))
	if err != nil {
		return false, fmt.Errorf("access: read %s PIN: %w", role, err)
	}
	return h != "", nil
}

// SetStaffName records who assisted dossiers are credited to ("" restores the default).
func SetStaffName(ctx context.Context, st Settings, name string) error {
	if err := st.SetSetting(ctx, keyStaffName, name); err != nil {
		return fmt.Errorf("access: store staff name: %w", err)
	}
	return nil
}

// StaffName is who assisted dossiers are credited to.
func StaffName(ctx context.Context, st Settings) (string, error) {
	n, err := st.Setting(ctx, keyStaffName)
	if err != nil {
		return "", fmt.Errorf("access: read staff name: %w", err)
	}
	if n == "" {
		n = DefaultStaffName
	}
	return n, nil
}

// Guard checks PINs typed on the pad and keeps the slow-down.
type Guard struct {
	st  Settings
	now func() time.Time
}

// NewGuard returns a guard over st; now nil means time.Now.
func NewGuard(st Settings, now func() time.Time) *Guard {
	if now == nil {
		now = time.Now
	}
	return &Guard{st: st, now: now}
}

// State is the pad's slow-down state.
type State struct {
	Failures  int       // wrong tries in a row since the last right PIN
	FreeLeft  int       // wrong tries still free of a wait
	WaitUntil time.Time // no PIN is taken before; zero when the pad takes one now
}

// Waiting reports whether the pad makes the next try wait.
func (s State) Waiting() bool { return !s.WaitUntil.IsZero() }

// Wait is how long the pad still waits at now (0 when it takes a PIN).
func (s State) Wait(now time.Time) time.Duration {
	if !s.Waiting() {
		return 0
	}
	return max(s.WaitUntil.Sub(now), 0)
}

// WaitAfter is the wait that follows the failures-th wrong try in a row: none for
// the first FreeTries, then FirstWait doubling up to MaxWait.
func WaitAfter(failures int) time.Duration {
	if failures <= FreeTries {
		return 0
	}
	return min(FirstWait<<min(failures-FreeTries-1, 20), MaxWait)
}

// State reads the slow-down state. A wait whose time has passed reads as none; a wait
// further ahead than MaxWait (the clock was set back) reads as MaxWait from now.
func (g *Guard) State(ctx context.Context) (State, error) {
	f, err := g.st.Setting(ctx, keyFailures)
	if err != nil {
		return State{}, fmt.Errorf("access: read failures: %w", err)
	}
	u, err := g.st.Setting(ctx, keyWaitUntil)
	if err != nil {
		return State{}, fmt.Errorf("access: read wait: %w", err)
	}
	fails, _ := strconv.Atoi(f) // unreadable counts as none
	s := State{Failures: max(fails, 0)}
	s.FreeLeft = max(FreeTries-s.Failures, 0)
	now := g.now()
	if ms, _ := strconv.ParseInt(u, 10, 64); ms > 0 {
		if until := time.UnixMilli(ms); until.After(now) {
			s.WaitUntil = until
			if until.Sub(now) > MaxWait {
				s.WaitUntil = now.Add(MaxWait)
			}
		}
	}
	return s, nil
}

func (g *Guard) write(ctx context.Context, fails int, until time.Time) error {
	u := "0"
	if !until.IsZero() {
		u = strconv.FormatInt(until.UnixMilli(), 10)
	}
	if err := g.st.SetSetting(ctx, keyWaitUntil, u); err != nil {
		return fmt.Errorf("access: store wait: %w", err)
	}
	if err := g.st.SetSetting(ctx, keyFailures, strconv.Itoa(fails)); err != nil {
		return fmt.Errorf("access: store failures: %w", err)
	}
	return nil
}

// SignIn checks pin against every role's hash and returns the role it opens. While the
// pad waits it fails with ErrWait without looking at the PIN (the try does not count).
// A wrong PIN fails with ErrWrongPIN and counts: past the first FreeTries in a row, it
// makes the pad wait WaitAfter(count) (read it with State). A right PIN clears the
// count. ErrNoPIN means no role has a PIN yet.
func (g *Guard) SignIn(ctx context.Context, pin string) (Role, error) {
	st, err := g.State(ctx)
	if err != nil {
		return "", err
	}
	if st.Waiting() {
		return "", ErrWait
	}
	any := false
	for _, r := range Roles {
		h, err := g.st.Setting(ctx, keyPINPrefix+string(r))
		if err != nil {
			return "", fmt.Errorf("access: read %s PIN: %w", r, err)
		}
		if h == "" {
			continue
		}
		any = true
		ok, err := verifyPIN(h, pin)
		if err != nil {
			return "", fmt.Errorf("access: %s PIN: %w", r, err)
		}
		if ok {
			if st.Failures != 0 {
				if err := g.write(ctx, 0, time.Time{}); err != nil {
					return "", err
				}
			}
			return r, nil
		}
	}
	if !any {
		return "", ErrNoPIN
	}
	fails := min(st.Failures+1, 1<<20) // no overflow however long the guessing
	var until time.Time
	if d := WaitAfter(fails); d > 0 {
		until = g.now().Add(d)
	}
	if err := g.write(ctx, fails, until); err != nil {
		return "", err
	}
	return "", ErrWrongPIN
}
