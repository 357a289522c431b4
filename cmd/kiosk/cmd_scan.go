package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner"
)

func init() {
	register(command{
		name:    "scan",
		usage:   "[--device serial:PORT|sane:DEVICE|escl:URL] [--dpi 200] [--mode gray|color|bw] [--source flatbed|feeder] [--duplex] --out DIR | --list",
		summary: "scan pages with the configured or given scanner and write them to DIR (installer diagnostics)",
		run:     runScan,
	})
}

func runScan(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	device := fs.String("device", env.cfg.Scanner, "serial:PORT[,MAXBAUD], sane:DEVICE or escl:http://HOST[:PORT]/eSCL[,insecure] (escl:auto: found by mDNS)")
	dpi := fs.Int("dpi", scanner.DefaultDPI, "resolution")
	mode := fs.String("mode", "gray", "gray, color or bw")
	source := fs.String("source", "flatbed", "flatbed or feeder")
	duplex := fs.Bool("duplex", false, "both sides")
	out := fs.String("out", "", "directory for the page files")
	list := fs.Bool("list", false, "list SANE scanners, eSCL scanners on the network and serial ports, and exit")
	listWait := fs.Duration("list-wait", 2*time.Second, "how long --list listens for eSCL scanners (mDNS)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *list {
		return listScanners(ctx, env, *listWait)
	}
	if *device == "" {
		return usagef("no scanner: give --device or set scanner= in the configuration")
	}
	if *out == "" {
		return usagef("--out DIR is required")
	}
	p := scanner.ScanParams{DPI: *dpi, Duplex: *duplex}
	var err error
	if p.Mode, err = scanner.ParseMode(*mode); err != nil {
		return usagef("%v", err)
	}
	if p.Source, err = scanner.ParseSource(*source); err != nil {
		return usagef("%v", err)
	}
	if _, err := scanner.ParseDeviceSpec(*device); err != nil {
		return usagef("%v", err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	src, err := scanner.Open(ctx, *device, scanner.OpenOptions{})
	if err != nil {
		return fmt.Errorf("cannot open scanner %s: %w", *device, err)
	}
	defer src.Close()
	switch s := src.(type) {
	case *scanner.Serial:
		inf := s.Info()
		fmt.Fprintf(env.stderr, "scanner %s (firmware %s, serial %s) at %d baud\n", inf.Model, inf.Firmware, inf.Serial, s.Baud())
	case *scanner.ESCL:
		inf := s.Info()
		fmt.Fprintf(env.stderr, "scanner %s (serial %s) at %s\n", inf.MakeAndModel, inf.SerialNumber, s.URL())
		if job, err := s.Plan(ctx, p); err == nil {
			fmt.Fprintf(env.stderr, "asking for %s %d dpi %s as %s\n", job.Source, job.Resolution, job.ColorMode, job.Format)
			for _, n := range job.Notes {
				fmt.Fprintln(env.stderr, "note:", n)
			}
		}
	}
	start := time.Now()
	var writeErr error
	pages := 0
	err = src.Scan(ctx, p, nil, func(pg scanner.Page) {
		ext := ".jpg"
		if pg.Format == "png" {
			ext = ".png"
		}
		name := filepath.Join(*out, fmt.Sprintf("page-%03d%s", pg.Number, ext))
		if werr := os.WriteFile(name, pg.Data, 0o644); werr != nil && writeErr == nil {
			writeErr = fmt.Errorf("write %s: %w", name, werr)
			return
		}
		pages++
		fmt.Fprintf(env.stdout, "page %d: %dx%d %s, %d bytes, %s\n", pg.Number, pg.Width, pg.Height, pg.Format, len(pg.Data), name)
	})
	if err != nil {
		var se *scanner.Error
		if errors.As(err, &se) {
			return fmt.Errorf("scan failed after %d pages (%s): %w", pages, se.Code, err)
		}
		return fmt.Errorf("scan failed after %d pages: %w", pages, err)
	}
	if writeErr != nil {
		return writeErr
	}
	fmt.Fprintf(env.stderr, "%d pages in %.1fs\n", pages, time.Since(start).Seconds())
	return nil
}

// listScanners prints every scanner a setting can name: SANE's (Linux), the eSCL
// scanners that answer mDNS on the local network (Windows and Linux), and the serial
// ports (COM ports on Windows, USB serial devices on Linux) for the KSP-1 scanner, the
// QR reader and the printer.
func listScanners(ctx context.Context, env *cmdEnv, wait time.Duration) error {
	found := 0
	devs, err := scanner.ListSANE(ctx, scanner.SANEOptions{})
	if err != nil {
		fmt.Fprintf(env.stderr, "SANE: %v\n", err)
	}
	for _, d := range devs {
		fmt.Fprintf(env.stdout, "sane:%s\t%s %s (%s)\n", d.Name, d.Vendor, d.Model, d.Type)
		found++
	}
	escl, err := scanner.DiscoverESCL(ctx, wait, nil)
	if err != nil {
		fmt.Fprintf(env.stderr, "eSCL: %v\n", err)
	}
	for _, d := range escl {
		fmt.Fprintf(env.stdout, "escl:%s\t%s (%s)\n", d.URL, d.Name, d.Model)
		found++
	}
	ports, err := scanner.ListSerialPorts()
	if err != nil {
		fmt.Fprintf(env.stderr, "serial ports: %v\n", err)
	}
	for _, p := range ports {
		detail := p.Detail
		if detail == "" {
			detail = "serial port"
		}
		fmt.Fprintf(env.stdout, "serial:%s\t%s (a KSP-1 scanner, QR reader or printer may be here)\n", p.Name, detail)
	}
	if found == 0 {
		fmt.Fprintln(env.stdout, "no scanners found (SANE's test backend is not listed: try --device sane:test; "+
			"an eSCL scanner on another subnet does not answer mDNS: give --device escl:http://ADDRESS/eSCL)")
	}
	return nil
}
