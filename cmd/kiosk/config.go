package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

// config is the kiosk's configuration: defaults, then the config file, then the
// environment, then command-line flags. See README's configuration reference.
type config struct {
	DataDir     string        // database and page files
	GatewayURL  string        // e.g. https://dvc.cantho.gov.vn/kiosk-api; empty: offline only
	CAFile      string        // extra CA certificate (PEM) for the gateway
	Scanner     string        // serial:/dev/ttyUSB0, sane:DEVICE, or empty for none
	QRReader    string        // serial:/dev/ttyACM0[,baud][,suffix] or empty
	Printer     string        // serial:/dev/ttyUSB1[,baud], usb:/dev/usb/lp0, or empty for none
	Commune     string        // the receipt's header, e.g. "UBND phường Tân An"
	Language    string        // vi (default) or en
	IdleTimeout time.Duration // without a touch before the privacy warning
	IdleWarning time.Duration // how long the warning counts down before the wipe; 0: the UI's default
	Receipt     time.Duration // how long the receipt stays before the wipe; 0: the UI's default
	StaffIdle   time.Duration // staff/official sign-out without a touch; 0: the UI's default
	ExportRoots []string      // where USB drives are mounted, for the officials' export
	Windowed    bool          // development: not full screen
	Budget      uplink.Budget // metered link: page bytes a day (MB) and sending window
	AllowHTTP   bool          // accept an http:// gateway on another machine (no TLS); warned at every start
	UpdateKey   string        // the city's minisign public key (text or file); empty: no self-update
}

func defaultConfig() config {
	data := os.Getenv("KIOSK_DATA")
	if data == "" {
		home, _ := os.UserHomeDir()
		data = defaultDataDir(runtime.GOOS, os.Getenv, home)
	}
	return config{DataDir: data, Language: "vi", IdleTimeout: 60 * time.Second}
}

// defaultDataDir is where the kiosk keeps its database and pages when nothing says
// otherwise: %LOCALAPPDATA%\dvc-kiosk on Windows (local to the PC, never roamed to a
// server), $XDG_DATA_HOME/dvc-kiosk or ~/.local/share/dvc-kiosk elsewhere.
func defaultDataDir(goos string, getenv func(string) string, home string) string {
	join := filepath.Join
	if goos == "windows" {
		join = func(elem ...string) string { return strings.Join(elem, `\`) }
		if d := getenv("LOCALAPPDATA"); d != "" {
			return join(d, "dvc-kiosk")
		}
		if home != "" {
			return join(home, "AppData", "Local", "dvc-kiosk")
		}
		return "dvc-kiosk-data"
	}
	if d := getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return join(d, "dvc-kiosk")
	}
	if home != "" {
		return join(home, ".local", "share", "dvc-kiosk")
	}
	return "dvc-kiosk-data"
}

// loadConfigFile applies key=value lines from path; '#' starts a comment.
func (c *config) loadConfigFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("config %s:%d: expected key=value, got %q", path, n, line)
		}
		if err := c.set(strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
			return fmt.Errorf("config %s:%d: %w", path, n, err)
		}
	}
	return sc.Err()
}

// loadEnv applies KIOSK_* environment variables.
func (c *config) loadEnv() error {
	for _, k := range []string{"data", "gateway", "ca_file", "scanner", "qr", "printer", "commune", "language", "idle_timeout", "idle_warning",
		"receipt_timeout", "staff_idle", "export_roots", "windowed", "budget_mb", "budget_window", "update_key", "allow_http"} {
		if v, ok := os.LookupEnv("KIOSK_" + strings.ToUpper(k)); ok {
			if err := c.set(k, v); err != nil {
				return fmt.Errorf("env KIOSK_%s: %w", strings.ToUpper(k), err)
			}
		}
	}
	return nil
}

func (c *config) set(key, v string) error {
	switch key {
	case "data":
		c.DataDir = v
	case "gateway":
		c.GatewayURL = v
	case "ca_file":
		c.CAFile = v
	case "scanner":
		c.Scanner = v
	case "qr":
		c.QRReader = v
	case "printer":
		c.Printer = v
	case "commune":
		c.Commune = v
	case "language":
		if v != "vi" && v != "en" {
			return fmt.Errorf("language must be vi or en, not %q", v)
		}
		c.Language = v
	case "idle_timeout":
		d, err := time.ParseDuration(v)
		if err != nil || d < 5*time.Second {
			return fmt.Errorf("idle_timeout must be a duration of at least 5s, not %q", v)
		}
		c.IdleTimeout = d
	case "idle_warning", "receipt_timeout", "staff_idle":
		d, err := time.ParseDuration(v)
		if err != nil || d < 5*time.Second {
			return fmt.Errorf("%s must be a duration of at least 5s, not %q", key, v)
		}
		switch key {
		case "idle_warning":
			c.IdleWarning = d
		case "receipt_timeout":
			c.Receipt = d
		default:
			c.StaffIdle = d
		}
	case "export_roots":
		c.ExportRoots = filepath.SplitList(v)
	case "windowed":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("windowed must be true or false, not %q", v)
		}
		c.Windowed = b
	case "budget_mb":
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("budget_mb must be a whole number of MB a day (0: no cap), not %q", v)
		}
		c.Budget.DailyMB = n
	case "budget_window":
		if _, err := uplink.ParseWindow(v); err != nil {
			return err
		}
		c.Budget.Window = v
	case "allow_http":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("allow_http must be true or false, not %q", v)
		}
		c.AllowHTTP = b
	case "update_key":
		c.UpdateKey = v
	default:
		return fmt.Errorf("unknown setting %q", key)
	}
	return nil
}

// dbPath is the SQLite file inside the data directory.
func (c config) dbPath() string { return filepath.Join(c.DataDir, "kiosk.db") }

// pageDir is where stored dossiers' page files live.
func (c config) pageDir() string { return filepath.Join(c.DataDir, "pages") }
