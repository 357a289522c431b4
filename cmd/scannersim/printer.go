package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

// printerOpts are the simulated receipt printer's flags.
type printerOpts struct {
	on    *bool
	out   *string
	link  *string
	baud  *int
	pace  *bool
	paper *int
	raw   *bool
}

func printerFlags(fs *flag.FlagSet) printerOpts {
	return printerOpts{
		on:    fs.Bool("printer", false, "also simulate an 80 mm ESC/POS receipt printer on a third pty (printer=PATH)"),
		out:   fs.String("printer-out", "", "write each receipt the printer cuts here as receipt-NNN.png and .json"),
		link:  fs.String("printer-link", "", "keep a symlink to the printer's pty here (stable across !printer replug)"),
		baud:  fs.Int("printer-baud", 115200, "printer line speed (for pacing)"),
		pace:  fs.Bool("printer-pace", true, "take bytes no faster than the printer's line speed"),
		paper: fs.Int("printer-paper", 0, "dot rows of paper on the roll (0: endless); it runs out after them"),
		raw:   fs.Bool("printer-raw-realtime", false, "answer DLE EOT wherever its bytes appear, picture data included (as many printers do)"),
	}
}

func (o printerOpts) start(stderr io.Writer, verbose bool) (*sim.Printer, error) {
	if !*o.on {
		return nil, nil
	}
	cfg := sim.PrinterConfig{Baud: *o.baud, Pace: *o.pace, Link: *o.link, OutDir: *o.out, PaperRows: *o.paper, RawRealTime: *o.raw}
	if verbose {
		cfg.Logf = func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) }
	}
	return sim.NewPrinter(cfg)
}

const printerControls = "!printer paper out|in|near|ROWS, cover open|close, cutter jam|clear, status normal|mute|garbage|noisy|late, stall on|off, pull, replug"

// printerControl runs "!printer WHAT [ARG]".
func (s *simulator) printerControl(args []string) error {
	p := s.printer
	if p == nil {
		return fmt.Errorf("no printer: start scannersim with --printer")
	}
	if len(args) == 0 {
		return fmt.Errorf("want %s", printerControls)
	}
	arg := ""
	if len(args) > 1 {
		arg = strings.ToLower(args[1])
	}
	switch args[0] {
	case "paper":
		switch arg {
		case "out":
			p.SetPaperOut(true)
		case "in":
			p.SetPaperOut(false)
		case "near":
			p.SetNearEnd(true)
		default:
			n, err := strconv.Atoi(arg)
			if err != nil || n < 0 {
				return fmt.Errorf("!printer paper %q: want out, in, near or a number of dot rows", arg)
			}
			p.SetPaperRows(n)
		}
	case "cover":
		p.SetCoverOpen(arg != "close")
	case "cutter":
		p.SetCutterError(arg != "clear")
	case "status":
		m, ok := map[string]sim.StatusMode{"normal": sim.StatusNormal, "mute": sim.StatusMute, "garbage": sim.StatusGarbage, "noisy": sim.StatusNoisy, "late": sim.StatusLate}[arg]
		if !ok {
			return fmt.Errorf("!printer status %q: want normal, mute, garbage, noisy or late", arg)
		}
		p.SetStatusMode(m)
	case "stall":
		p.SetStall(arg != "off")
	case "pull":
		p.Pull()
	case "replug":
		if err := p.Replug(); err != nil {
			return err
		}
		return s.announce()
	default:
		return fmt.Errorf("unknown printer control %q (%s)", args[0], printerControls)
	}
	return nil
}
