// Package access guards the kiosk's staff and official screens: PINs of 6 to 8 digits
// (not one digit repeated, not a run like 123456) stored only as argon2id hashes in the
// store's settings, and a lockout of the PIN pad after five wrong tries in a row that
// doubles with each further lock-out (5 min, 10, 20 … up to a day) until a right PIN,
// kept in the settings too so that a restart does not reset it. It has no Fyne and no SQL: the UI and `kiosk pin set` both use it over the
// small Settings interface (sync/store's *Store satisfies it).
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
	ErrLocked   = errors.New("PIN pad locked after too many wrong tries")
	ErrNoPIN    = errors.New("no PIN is set; the installer sets one with `kiosk pin set`")
	ErrSamePIN  = errors.New("the staff and official PINs must differ")
)

// Settings is the key-value storage the PIN hashes and the lockout live in.
type Settings interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Setting keys.
const (
	keyPINPrefix   = "access.pin."         // + role: the argon2id hash
	keyStaffName   = "access.staff_name"   // who assisted filings are credited to
	keyFailures    = "access.failures"     // wrong tries in a row
	keyLockedUntil = "access.locked_until" // unix ms; 0 or absent when not locked
	keyLockouts    = "access.lockouts"     // lock-outs since the last right PIN: each doubles the next
)

// DefaultStaffName is the name assisted dossiers carry when the installer gave none.
const DefaultStaffName = "Nhân viên bưu điện"

// Defaults of a Guard.
const (
	DefaultMaxTries = 5
	DefaultLockFor  = 5 * time.Minute
	// MaxLockFor bounds the doubling lock-out: at most a day between two sets of tries.
	MaxLockFor = 24 * time.Hour
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

// Guard checks PINs typed on the pad and keeps the lockout.
type Guard struct {
	st       Settings
	now      func() time.Time
	maxTries int
	lockFor  time.Duration
}

// NewGuard returns a guard over st with the default five tries and five minutes; now
// nil means time.Now.
func NewGuard(st Settings, now func() time.Time) *Guard {
	if now == nil {
		now = time.Now
	}
	return &Guard{st: st, now: now, maxTries: DefaultMaxTries, lockFor: DefaultLockFor}
}

// State is the pad's lockout state.
type State struct {
	TriesLeft   int       // wrong tries still allowed before the lock
	LockedUntil time.Time // zero when the pad is not locked
}

// Locked reports whether the pad is locked at now.
func (s State) Locked() bool { return !s.LockedUntil.IsZero() }

// State reads the lockout state. A lock whose time has passed counts as open.
func (g *Guard) State(ctx context.Context) (State, error) {
	fails, until, err := g.read(ctx)
	if err != nil {
		return State{}, err
	}
	if !until.IsZero() && g.now().Before(until) {
		return State{LockedUntil: until}, nil
	}
	if !until.IsZero() {
		fails = 0 // the lock ran out: a fresh set of tries
	}
	left := g.maxTries - fails
	if left < 1 {
		left = 1
	}
	return State{TriesLeft: left}, nil
}

func (g *Guard) read(ctx context.Context) (fails int, until time.Time, err error) {
	f, err := g.st.Setting(ctx, keyFailures)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("access: read failures: %w", err)
	}
	u, err := g.st.Setting(ctx, keyLockedUntil)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("access: read lock: %w", err)
	}
	fails, _ = strconv.Atoi(f) // unreadable counts as none
	if ms, _ := strconv.ParseInt(u, 10, 64); ms > 0 {
		until = time.UnixMilli(ms)
	}
	return fails, until, nil
}

func (g *Guard) write(ctx context.Context, fails int, until time.Time) error {
	u := "0"
	if !until.IsZero() {
		u = strconv.FormatInt(until.UnixMilli(), 10)
	}
	if err := g.st.SetSetting(ctx, keyLockedUntil, u); err != nil {
		return fmt.Errorf("access: store lock: %w", err)
	}
	if err := g.st.SetSetting(ctx, keyFailures, strconv.Itoa(fails)); err != nil {
		return fmt.Errorf("access: store failures: %w", err)
	}
	return nil
}

// lockouts is how many times the pad locked since the last right PIN.
func (g *Guard) lockouts(ctx context.Context) (int, error) {
	v, err := g.st.Setting(ctx, keyLockouts)
	if err != nil {
		return 0, fmt.Errorf("access: read lock-outs: %w", err)
	}
	n, _ := strconv.Atoi(v) // unreadable counts as none
	return max(n, 0), nil
}

// SignIn checks pin against every role's hash and returns the role it opens. While the
// pad is locked it fails with ErrLocked without looking at the PIN. A wrong PIN fails
// with ErrWrongPIN and counts; the fifth in a row locks the pad for five minutes, the
// next lock-out for ten, then twenty … up to MaxLockFor, so guessing never settles
// into a steady rate. A right PIN clears the count and the lock-outs. ErrNoPIN means
// no role has a PIN yet.
func (g *Guard) SignIn(ctx context.Context, pin string) (Role, error) {
	st, err := g.State(ctx)
	if err != nil {
		return "", err
	}
	if st.Locked() {
		return "", ErrLocked
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
			if st.TriesLeft != g.maxTries {
				if err := g.write(ctx, 0, time.Time{}); err != nil {
					return "", err
				}
			}
			if n, err := g.lockouts(ctx); err != nil {
				return "", err
			} else if n != 0 {
				if err := g.st.SetSetting(ctx, keyLockouts, "0"); err != nil {
					return "", fmt.Errorf("access: store lock-outs: %w", err)
				}
			}
			return r, nil
		}
	}
	if !any {
		return "", ErrNoPIN
	}
	fails := g.maxTries - st.TriesLeft + 1
	var until time.Time
	if fails >= g.maxTries {
		n, err := g.lockouts(ctx)
		if err != nil {
			return "", err
		}
		until = g.now().Add(min(g.lockFor<<min(n, 20), MaxLockFor))
		fails = 0
		if err := g.st.SetSetting(ctx, keyLockouts, strconv.Itoa(n+1)); err != nil {
			return "", fmt.Errorf("access: store lock-outs: %w", err)
		}
	}
	if err := g.write(ctx, fails, until); err != nil {
		return "", err
	}
	if !until.IsZero() {
		return "", ErrLocked
	}
	return "", ErrWrongPIN
}
