package wire

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// SettingsPath is where a kiosk pulls the settings the city set for it (GET, signed).
const SettingsPath = BasePath + "/settings"

// Remote setting names: the settings a commune cannot be trusted to keep right.
const (
	SettingLanguage       = "language"        // "vi" or "en": the language a session starts in
	SettingIdleTimeout    = "idle_timeout"    // Go duration, 20s … 10m
	SettingIdleWarning    = "idle_warning"    // Go duration, 5s … 2m
	SettingReceiptTimeout = "receipt_timeout" // Go duration, 10s … 10m
	SettingStaffIdle      = "staff_idle"      // Go duration, 30s … 30m
	SettingProcedures     = "procedures"      // comma-separated procedure codes the commune offers
)

// RemoteSettings is the answer of GET /api/v1/settings: the kiosk's effective
// settings (its commune's, overridden by its own) and their version, a short hash
// of them that the kiosk shows and reports.
type RemoteSettings struct {
	Version string            `json:"version"` // "" when none is set
	Values  map[string]string `json:"values"`
}

var durationBounds = map[string][2]time.Duration{
	SettingIdleTimeout:    {20 * time.Second, 10 * time.Minute},
	SettingIdleWarning:    {5 * time.Second, 2 * time.Minute},
	SettingReceiptTimeout: {10 * time.Second, 10 * time.Minute},
	SettingStaffIdle:      {30 * time.Second, 30 * time.Minute},
}

var procCodeRe = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$`)

// ValidateSetting checks a remote setting's name and value; the error says what is
// wrong in words an IT person can act on.
func ValidateSetting(name, value string) error {
	if b, ok := durationBounds[name]; ok {
		d, err := time.ParseDuration(value)
		if err != nil {
			return fmt.Errorf("%s: %q is not a duration like 90s or 2m", name, value)
		}
		if d < b[0] || d > b[1] {
			return fmt.Errorf("%s: %s is outside %s … %s", name, d, b[0], b[1])
		}
		return nil
	}
	switch name {
	case SettingLanguage:
		if value != "vi" && value != "en" {
			return fmt.Errorf("language: %q, want vi or en", value)
		}
		return nil
	case SettingProcedures:
		codes := SplitList(value)
		if len(codes) == 0 {
			return fmt.Errorf("procedures: give at least one procedure code")
		}
		for _, c := range codes {
			if !procCodeRe.MatchString(c) {
				return fmt.Errorf("procedures: %q is not a procedure code", c)
			}
		}
		return nil
	}
	return fmt.Errorf("unknown setting %q (known: %s)", name, strings.Join(SettingNames(), ", "))
}

// SettingNames lists the remote settings the gateway knows, sorted.
func SettingNames() []string {
	names := []string{SettingLanguage, SettingProcedures}
	for n := range durationBounds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// SplitList splits a comma-separated list, trimming spaces and dropping empties.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// SettingsVersion is the version of a set of values: the first 8 hex digits of the
// SHA-256 of their JSON (keys sorted), "" for none.
func SettingsVersion(values map[string]string) string {
	if len(values) == 0 {
		return ""
	}
	b, _ := json.Marshal(values) // maps marshal with sorted keys
	return BodyHash(b)[:8]
}
