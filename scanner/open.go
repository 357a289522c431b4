package scanner

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// OpenOptions are the options of each backend, for Open.
type OpenOptions struct {
	Serial SerialOptions
	SANE   SANEOptions
}

// DeviceSpec is a parsed scanner setting.
type DeviceSpec struct {
	Kind    string // "serial" or "sane"
	Target  string // port path or SANE device name
	MaxBaud int    // serial only; 0: negotiate up to 921600
}

// ParseDeviceSpec reads "serial:/dev/ttyUSB0[,MAXBAUD]" or "sane:DEVICE" (the
// same strings the configuration and `kiosk scan --device` take).
func ParseDeviceSpec(spec string) (DeviceSpec, error) {
	kind, target, ok := strings.Cut(strings.TrimSpace(spec), ":")
	if !ok || target == "" {
		return DeviceSpec{}, fmt.Errorf("scanner %q: want serial:PORT or sane:DEVICE", spec)
	}
	switch kind {
	case "serial":
		d := DeviceSpec{Kind: kind, Target: target}
		if path, baud, ok := strings.Cut(target, ","); ok {
			n, err := strconv.Atoi(strings.TrimSpace(baud))
			if err != nil || n < 115200 {
				return DeviceSpec{}, fmt.Errorf("scanner %q: speed %q: want 115200, 230400, 460800 or 921600", spec, baud)
			}
			d.Target, d.MaxBaud = path, n
		}
		return d, nil
	case "sane":
		return DeviceSpec{Kind: kind, Target: target}, nil
	}
	return DeviceSpec{}, fmt.Errorf("scanner %q: unknown kind %q (want serial or sane)", spec, kind)
}

// Open opens the scanner a setting names. Errors are *Error (ErrGone when the
// device is missing) or a plain error for a malformed setting.
func Open(ctx context.Context, spec string, opts OpenOptions) (PageSource, error) {
	d, err := ParseDeviceSpec(spec)
	if err != nil {
		return nil, err
	}
	if d.Kind == "sane" {
		return OpenSANE(ctx, d.Target, opts.SANE)
	}
	so := opts.Serial
	if d.MaxBaud != 0 {
		so.MaxBaud = d.MaxBaud
	}
	return OpenSerial(ctx, d.Target, so)
}

var (
	_ PageSource = (*Serial)(nil)
	_ PageSource = (*SANE)(nil)
)
