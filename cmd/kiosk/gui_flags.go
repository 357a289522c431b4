package main

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
)

// guiFlags are the window's own options (after the global ones).
type guiFlags struct {
	windowed      bool
	tour          string // directory: walk the screens, write PNGs, quit (make screenshot)
	size          fyne.Size
	firstFrame    bool // print first_frame_unix_ms=… once the attract screen is drawn, then quit (bench)
	benchSessions int  // run this many demo sessions, print RSS after the first and the last, quit (bench)
	benchKeys     bool // time keystrokes on the search screen, print percentiles, quit (bench)
}

func parseGUIFlags(args []string) (guiFlags, error) {
	f := guiFlags{size: fyne.NewSize(1366, 768)}
	for i := 0; i < len(args); i++ {
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		need := func() (string, error) {
			if hasVal {
				return val, nil
			}
			if i+1 >= len(args) {
				return "", usagef("--%s needs a value", name)
			}
			i++
			return args[i], nil
		}
		switch name {
		case "windowed":
			f.windowed = true
		case "first-frame":
			f.firstFrame = true
		case "bench-keys":
			f.benchKeys = true
		case "bench-sessions":
			v, err := need()
			if err != nil {
				return f, err
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return f, usagef("--bench-sessions wants a count, not %q", v)
			}
			f.benchSessions = n
		case "tour":
			v, err := need()
			if err != nil {
				return f, err
			}
			f.tour = v
		case "size":
			v, err := need()
			if err != nil {
				return f, err
			}
			w, h, ok := strings.Cut(v, "x")
			wi, err1 := strconv.Atoi(w)
			hi, err2 := strconv.Atoi(h)
			if !ok || err1 != nil || err2 != nil || wi < 640 || hi < 480 {
				return f, usagef("--size wants WIDTHxHEIGHT, e.g. 1366x768, not %q", v)
			}
			f.size = fyne.NewSize(float32(wi), float32(hi))
		default:
			return f, usagef("unknown option %q", args[i])
		}
	}
	return f, nil
}
