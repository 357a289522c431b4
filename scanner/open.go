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
	ESCL   ESCLOptions
}

// DeviceSpec is a parsed scanner setting.
type DeviceSpec struct {
	Kind     string // "serial", "sane" or "escl"
	Target   string // port path, SANE device name, or eSCL base URL ("auto": found by mDNS)
	MaxBaud  int    // serial only; 0: negotiate up to 921600
	Insecure bool   // escl only: accept the device's self-signed TLS certificate
}

// ParseDeviceSpec reads "serial:/dev/ttyUSB0[,MAXBAUD]", "sane:DEVICE" or
// "escl:http://HOST[:PORT]/eSCL[,insecure]" ("escl:auto": found by mDNS) (the same
// strings the configuration and `kiosk scan --device` take).
func ParseDeviceSpec(spec string) (DeviceSpec, error) {
	kind, target, ok := strings.Cut(strings.TrimSpace(spec), ":")
	if !ok || target == "" {
		return DeviceSpec{}, fmt.Errorf("scanner %q: want serial:PORT, sane:DEVICE or escl:URL", spec)
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
	case "escl":
		return parseESCLSpec(spec, target)
	}
	return DeviceSpec{}, fmt.Errorf("scanner %q: unknown kind %q (want serial, sane or escl)", spec, kind)
}

// Open opens the scanner a setting names. Errors are *Error (ErrGone when the
// device is missing) or a plain error for a malformed setting.
func Open(ctx context.Context, spec string, opts OpenOptions) (PageSource, error) {
	d, err := ParseDeviceSpec(spec)
	if err != nil {
		return nil, err
	}
	switch d.Kind {
	case "sane":
		return OpenSANE(ctx, d.Target, opts.SANE)
	case "escl":
		eo := opts.ESCL
		eo.Insecure = eo.Insecure || d.Insecure
		return OpenESCL(ctx, d.Target, eo)
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
	_ PageSource = (*ESCL)(nil)
)
