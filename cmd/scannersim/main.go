// Command scannersim runs a simulated KSP-1 document scanner and a simulated QR
// reader, each on a pseudo-terminal, for demos and manual tests. It prints
//
//	scanner=/dev/pts/N
//	qr=/dev/pts/M
//
// (and printer=/dev/pts/P with --printer: a simulated ESC/POS receipt printer
// that writes each receipt it cuts to --printer-out as PNG and JSON), again
// whenever a device is replugged, optionally writes the same lines to
// --paths-file, then sends every line typed on stdin (or read from --qr-file) to
// the QR reader as a code, and runs until killed. Lines starting with '!' control
// the scanner instead: !button, !paper N, !nopaper, !cover open|close, !jam,
// !clearjam, !pull, !replug, !qrpull, !qrreplug, !faults corrupt=0.01,... (see
// `scannersim -h`); !printer ... controls the printer (see printer.go).
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
	"sync"
	"time"

	"github.com/cantho-kiosk/kiosk/cmd/internal/simcli"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

func main() { simcli.Main("scannersim", run) }

type simulator struct {
	scan      *sim.Scanner
	qr        *sim.QRReader
	out       io.Writer
	outMu     sync.Mutex
	pathsFile string
	faults    sim.Faults
	printer   *sim.Printer // nil without --printer
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scannersim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		sheets    = fs.Int("sheets", 5, "sheets in the feeder at start")
		pace      = fs.Bool("pace", true, "send no faster than the line speed (10 bits a byte)")
		maxBaud   = fs.Int("max-baud", 921600, "highest speed SET_BAUD accepts")
		warmUp    = fs.Duration("warmup", time.Second, "lamp warm-up before the first page")
		pageGap   = fs.Duration("page-gap", 300*time.Millisecond, "time between pages")
		link      = fs.String("link", "", "keep a symlink to the scanner's pty here (stable across !replug)")
		qrLink    = fs.String("qr-link", "", "keep a symlink to the QR reader's pty here")
		pathsFile = fs.String("paths-file", "", "also write the scanner= and qr= lines to this file")
		qrFile    = fs.String("qr-file", "", "send each line of this file as a code, then read stdin")
		qrEvery   = fs.Duration("qr-interval", 2*time.Second, "pause between codes from --qr-file")
		qrSuffix  = fs.String("qr-suffix", "cr", "QR code suffix: cr, lf or crlf")
		qrBaud    = fs.Int("qr-baud", 9600, "QR reader line speed (for pacing)")
		faults    = fs.String("faults", "", "faults to inject, e.g. corrupt=0.01,drop=0.01,garbage=0.05,jam=2@50000,pull=1@30000,stall=1@20000/3s,badcrc=1,badcmd=1,losebegin=1,stuckbaud,nofeed,internal,seed=7")
		verbose   = fs.Bool("v", false, "log every command received")
		pf        = printerFlags(fs)
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := parseFaults(*faults)
	if err != nil {
		return err
	}
	suffix := map[string]string{"cr": "\r", "lf": "\n", "crlf": "\r\n"}[strings.ToLower(*qrSuffix)]
	if suffix == "" {
		return fmt.Errorf("--qr-suffix %q: want cr, lf or crlf", *qrSuffix)
	}
	cfg := sim.Config{Sheets: *sheets, Pace: *pace, MaxBaud: *maxBaud, WarmUp: *warmUp, PageGap: *pageGap, Link: *link, Faults: f}
	if *verbose {
		cfg.Logf = func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) }
	}
	scan, err := sim.NewScanner(cfg)
	if err != nil {
		return err
	}
	defer scan.Close()
	qr, err := sim.NewQRReader(sim.QRConfig{Suffix: suffix, Baud: *qrBaud, Pace: true, Link: *qrLink})
	if err != nil {
		return err
	}
	defer qr.Close()
	s := &simulator{scan: scan, qr: qr, out: stdout, pathsFile: *pathsFile, faults: f}
	if s.printer, err = pf.start(stderr, *verbose); err != nil {
		return err
	}
	if s.printer != nil {
		defer s.printer.Close()
	}
	if err := s.announce(); err != nil {
		return err
	}
	defer func() {
		if s.pathsFile != "" {
			os.Remove(s.pathsFile)
		}
	}()

	var qrLines func(send func(string) bool)
	if *qrFile != "" {
		qrLines = func(send func(string) bool) {
			b, err := os.ReadFile(*qrFile)
			if err != nil {
				fmt.Fprintln(stderr, "scannersim:", err)
			}
			for _, l := range strings.Split(string(b), "\n") {
				if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) == "" {
					continue
				}
				if !send(l) {
					return
				}
				select {
				case <-time.After(*qrEvery):
				case <-ctx.Done():
					return
				}
			}
		}
	}
	simcli.Control(ctx, "scannersim", stdin, stderr, qrLines, s.handle)
	return nil
}

// announce prints the device paths and writes the paths file (atomically).
func (s *simulator) announce() error {
	text := fmt.Sprintf("scanner=%s\nqr=%s\n", s.scan.TTY(), s.qr.TTY())
	if s.printer != nil {
		text += fmt.Sprintf("printer=%s\n", s.printer.TTY())
	}
	s.outMu.Lock()
	defer s.outMu.Unlock()
	if s.pathsFile != "" { // first, so that whoever reads stdout finds the file too
		if err := simcli.WriteFile(s.pathsFile, text); err != nil {
			return fmt.Errorf("paths file: %w", err)
		}
	}
	if _, err := io.WriteString(s.out, text); err != nil {
		return err
	}
	if f, ok := s.out.(interface{ Sync() error }); ok {
		f.Sync()
	}
	return nil
}

func (s *simulator) handle(line string) error {
	if !strings.HasPrefix(line, "!") {
		if strings.TrimSpace(line) == "" {
			return nil
		}
		return s.qr.Send(line)
	}
	f := strings.Fields(line[1:])
	if len(f) == 0 {
		return nil
	}
	arg := ""
	if len(f) > 1 {
		arg = f[1]
	}
	switch f[0] {
	case "button":
		s.scan.PressButton()
	case "paper":
		n := 1
		if arg != "" {
			var err error
			if n, err = strconv.Atoi(arg); err != nil || n < 1 {
				return fmt.Errorf("!paper %q: want a number of sheets", arg)
			}
		}
		s.scan.InsertPaper(n)
	case "nopaper":
		s.scan.RemovePaper()
	case "cover":
		if arg == "close" {
			s.scan.CloseCover()
		} else {
			s.scan.OpenCover()
		}
	case "jam":
		s.faults.JamPage, s.faults.JamAt = 1, 1
		s.scan.SetFaults(s.faults)
	case "clearjam":
		s.scan.ClearJam()
	case "pull":
		s.scan.Pull()
	case "replug":
		if err := s.scan.Replug(); err != nil {
			return err
		}
		return s.announce()
	case "qrpull":
		s.qr.Pull()
	case "qrreplug":
		if err := s.qr.Replug(); err != nil {
			return err
		}
		return s.announce()
	case "printer":
		return s.printerControl(f[1:])
	case "faults":
		fl, err := parseFaults(arg)
		if err != nil {
			return err
		}
		s.faults = fl
		s.scan.SetFaults(fl)
	default:
		return fmt.Errorf("unknown control %q (button, paper N, nopaper, cover open|close, jam, clearjam, pull, replug, qrpull, qrreplug, faults SPEC, printer ...)", f[0])
	}
	return nil
}

// parseFaults reads "corrupt=0.01,drop=0.01,garbage=0.05,jam=PAGE@OFFSET,
// pull=PAGE@OFFSET,stall=PAGE@OFFSET/DURATION,badcrc=N,badcmd=N,losebegin=N,
// stuckbaud,nofeed,internal,seed=N".
func parseFaults(spec string) (sim.Faults, error) {
	var f sim.Faults
	at := func(v string) (int, int, error) {
		p, o, ok := strings.Cut(v, "@")
		pn, err1 := strconv.Atoi(p)
		on, err2 := strconv.Atoi(o)
		if !ok || err1 != nil || err2 != nil || pn < 1 || on < 0 {
			return 0, 0, fmt.Errorf("%q: want PAGE@OFFSET", v)
		}
		return pn, on, nil
	}
	err := simcli.ParseFaults(spec, func(k, v string) (err error) {
		switch k {
		case "corrupt":
			f.CorruptRate, err = strconv.ParseFloat(v, 64)
		case "drop":
			f.DropRate, err = strconv.ParseFloat(v, 64)
		case "garbage":
			f.GarbageRate, err = strconv.ParseFloat(v, 64)
		case "seed":
			f.Seed, err = strconv.ParseUint(v, 10, 64)
		case "jam":
			f.JamPage, f.JamAt, err = at(v)
		case "pull":
			f.PullPage, f.PullAt, err = at(v)
		case "stall":
			pos, d, ok := strings.Cut(v, "/")
			if !ok {
				return errors.New("want PAGE@OFFSET/DURATION")
			}
			if f.StallPage, f.StallAt, err = at(pos); err == nil {
				f.Stall, err = time.ParseDuration(d)
			}
		case "badcrc":
			f.BadPageCRC, err = strconv.Atoi(v)
		case "badcmd":
			f.BadCommands, err = strconv.Atoi(v)
		case "losebegin":
			f.LosePageBegin, err = strconv.Atoi(v)
		case "stuckbaud":
			f.StuckBaud = true
		case "nofeed":
			f.NoFeed = true
		case "internal":
			f.Internal = true
		default:
			err = simcli.ErrUnknownFault
		}
		return err
	})
	if err != nil {
		return sim.Faults{}, err
	}
	return f, nil
}
