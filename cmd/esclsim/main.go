// Command esclsim runs a simulated driverless network scanner (eSCL, AirScan) on
// an HTTP server on loopback, for demos and manual tests (package scanner/esclsim).
// It prints
//
//	escl=http://127.0.0.1:PORT/eSCL
//
// (also to --url-file), then reads control lines on stdin until killed: !paper N,
// !nopaper, !jam, !clearjam, !hang, !unhang, !busy N, !faults SPEC. Point the
// kiosk at it with scanner=escl:URL (or `kiosk scan --device escl:URL`); with
// --advertise NAME it also answers mDNS for _uscan._tcp, so escl:auto finds it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/cmd/internal/simcli"
	"github.com/cantho-kiosk/kiosk/scanner/esclsim"
)

func main() { simcli.Main("esclsim", run) }

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("esclsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		addr      = fs.String("addr", "127.0.0.1:0", "listen address")
		sheets    = fs.Int("sheets", 5, "sheets in the feeder at start")
		pages     = fs.String("pages", "", "comma-separated page files (JPEG or PNG) served in turn; default: generated A4 documents")
		useTLS    = fs.Bool("tls", false, "serve HTTPS with a self-signed certificate")
		scanTime  = fs.Duration("scan-time", 500*time.Millisecond, "time the device takes to scan a sheet")
		advertise = fs.String("advertise", "", "announce the device over mDNS (_uscan._tcp) under this name")
		faults    = fs.String("faults", "", "faults, e.g. busy=2,busypages=1,retry=3,jam=2,hang,stall=1,cut=1,pagestatus=500,badcaps=garbage")
		urlFile   = fs.String("url-file", "", "also write the escl= line to this file")
		verbose   = fs.Bool("v", false, "log every request")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := parseFaults(*faults)
	if err != nil {
		return err
	}
	cfg := esclsim.Config{Addr: *addr, Sheets: *sheets, TLS: *useTLS, ScanTime: *scanTime, Faults: f}
	if *pages != "" {
		for _, name := range strings.Split(*pages, ",") {
			b, err := os.ReadFile(strings.TrimSpace(name))
			if err != nil {
				return fmt.Errorf("--pages: %w", err)
			}
			cfg.Pages = append(cfg.Pages, b)
		}
	}
	if *verbose {
		cfg.Logf = func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) }
	}
	dev, err := esclsim.New(cfg)
	if err != nil {
		return err
	}
	defer dev.Close()
	if *advertise != "" {
		if err := dev.Advertise(*advertise); err != nil {
			return err
		}
	}
	line := "escl=" + dev.URL() + "\n"
	if *urlFile != "" {
		if err := simcli.WriteFile(*urlFile, line); err != nil {
			return err
		}
		defer os.Remove(*urlFile)
	}
	if _, err := io.WriteString(stdout, line); err != nil {
		return err
	}

	simcli.Control(ctx, "esclsim", stdin, stderr, nil, func(l string) error { return control(dev, l) })
	return nil
}

// control applies one control line.
func control(dev *esclsim.Device, line string) error {
	f := dev.Faults()
	fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "!"))
	if len(fields) == 0 {
		return nil
	}
	n := 1
	if len(fields) > 1 {
		var err error
		if n, err = strconv.Atoi(fields[1]); err != nil && fields[0] != "faults" {
			return fmt.Errorf("%q: want a number", line)
		}
	}
	switch fields[0] {
	case "paper":
		dev.InsertPaper(n)
		return nil
	case "nopaper":
		dev.RemovePaper()
		return nil
	case "clearjam":
		dev.ClearJam()
		return nil
	case "jam":
		f.JamPage = 1
	case "hang":
		f.Hang = true
	case "unhang":
		f.Hang = false
	case "busy":
		f.Busy = n
	case "faults":
		if len(fields) < 2 {
			return errors.New("!faults SPEC")
		}
		nf, err := parseFaults(fields[1])
		if err != nil {
			return err
		}
		f = nf
	default:
		return fmt.Errorf("unknown control %q (paper N, nopaper, jam, clearjam, hang, unhang, busy N, faults SPEC)", fields[0])
	}
	dev.SetFaults(f)
	return nil
}

// parseFaults reads "busy=N,busypages=N,retry=SECONDS,jam=PAGE,hang,stall=PAGE,
// cut=PAGE,pagestatus=HTTPSTATUS,badcaps=garbage|truncated|nosource".
func parseFaults(spec string) (esclsim.Faults, error) {
	var f esclsim.Faults
	err := simcli.ParseFaults(spec, func(k, v string) error {
		num := func(dst *int) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return errors.New("want a number")
			}
			*dst = n
			return nil
		}
		switch k {
		case "busy":
			return num(&f.Busy)
		case "busypages":
			return num(&f.BusyPages)
		case "retry":
			var n int
			err := num(&n)
			if err == nil {
				f.RetryAfter = strconv.Itoa(n)
			}
			return err
		case "jam":
			return num(&f.JamPage)
		case "stall":
			return num(&f.StallPage)
		case "cut":
			return num(&f.CutPage)
		case "hang":
			f.Hang = true
			return nil
		case "pagestatus":
			return num(&f.PageStatus)
		case "badcaps":
			f.BadCaps = v
			if v != "garbage" && v != "truncated" && v != "nosource" {
				return errors.New("want garbage, truncated or nosource")
			}
			return nil
		}
		return simcli.ErrUnknownFault
	})
	if err != nil {
		return esclsim.Faults{}, err
	}
	return f, nil
}
