package scanner

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // page sizes
	_ "image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// SANEOptions tune the SANE backend.
type SANEOptions struct {
	// Command is the scanimage binary; default "scanimage" from PATH.
	Command string
	// ExtraArgs are passed to every scan (backend options, e.g. for the test
	// backend "--read-return-value=SANE_STATUS_JAMMED").
	ExtraArgs []string
}

// SANEDevice is one entry of ListSANE.
type SANEDevice struct {
	Name, Vendor, Model, Type string
}

// ListSANE lists the scanners SANE finds (scanimage -L). SANE's test backend is
// usually not listed; "test" can still be opened by name.
func ListSANE(ctx context.Context, opts SANEOptions) ([]SANEDevice, error) {
	out, err := exec.CommandContext(ctx, opts.command(), "-f", "%d\t%v\t%m\t%t%n", "-L").Output()
	if err != nil {
		return nil, saneExecErr("list", err, nil)
	}
	return parseSANEList(out), nil
}

func parseSANEList(out []byte) []SANEDevice {
	var devs []SANEDevice
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(f) != 4 || f[0] == "" {
			continue
		}
		devs = append(devs, SANEDevice{Name: f[0], Vendor: f[1], Model: f[2], Type: f[3]})
	}
	return devs
}

func (o SANEOptions) command() string {
	if o.Command == "" {
		return "scanimage"
	}
	return o.Command
}

// SANE is a scanner reached through SANE's scanimage.
type SANE struct {
	dev  string
	opts SANEOptions
	caps saneCaps

	mu      sync.Mutex
	running *exec.Cmd
	cancel  bool
	closed  bool
	events  chan Event
	scanMu  sync.Mutex
}

// saneCaps is what `scanimage -A` says the device offers.
type saneCaps struct {
	modes, sources []string
	depths         []int
	geometry       bool // -x and -y exist
}

var (
	reOptList = regexp.MustCompile(`^\s*--(mode|source|depth)\s+(.*?)\s*\[`)
	reGeom    = regexp.MustCompile(`^\s*-[xy]\s`)
	reProg    = regexp.MustCompile(`Progress:\s*([0-9.]+)%`)
	// scanimage --batch says "Scanning page N" on stderr before each page, and ends
	// with "Batch terminated, N pages scanned" after "Scanned page N. (scanner status =
	// S)", S the SANE status it exits with.
	reScanningPage = regexp.MustCompile(`^Scanning page ([0-9]+)`)
	reBatchEnd     = regexp.MustCompile(`^Batch terminated`)
	reBatchStatus  = regexp.MustCompile(`\(scanner status = ([0-9]+)\)`)
)

// saneExitGrace is how long scanimage may take to exit once it said its batch ended:
// a backend that hangs while closing (SANE's test backend does, about one run in 30)
// is killed then, and the batch's own status stands.
const saneExitGrace = 2 * time.Second

// saneStatusEOF is SANE_STATUS_EOF, the status of a page read to its end.
const saneStatusEOF = 5

func parseSANECaps(out []byte) saneCaps {
	var c saneCaps
	for _, line := range strings.Split(string(out), "\n") {
		if reGeom.MatchString(line) {
			c.geometry = true
		}
		m := reOptList.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		vals := strings.Split(m[2], "|")
		switch m[1] {
		case "mode":
			c.modes = vals
		case "source":
			c.sources = vals
		case "depth":
			for _, v := range vals {
				if n, err := strconv.Atoi(v); err == nil {
					c.depths = append(c.depths, n)
				}
			}
		}
	}
	return c
}

// OpenSANE opens a SANE device by name ("test", "epson2:libusb:001:004", ...). It
// fails with ErrGone if scanimage cannot open it.
func OpenSANE(ctx context.Context, device string, opts SANEOptions) (*SANE, error) {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, opts.command(), "-d", device, "-A")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, saneExecErr("open", err, stderr.Bytes())
	}
	return &SANE{dev: device, opts: opts, caps: parseSANECaps(out), events: make(chan Event)}, nil
}

// Device is the SANE device name.
func (s *SANE) Device() string { return s.dev }

// pick returns the first of the device's values matching one of the wanted ones
// (case-insensitive, in order of preference).
func pick(have []string, want ...string) string {
	for _, w := range want {
		for _, h := range have {
			if strings.EqualFold(h, w) {
				return h
			}
		}
	}
	return ""
}

func (s *SANE) args(p ScanParams, dir, ext string) ([]string, error) {
	a := []string{"-d", s.dev, "--resolution", strconv.Itoa(p.DPI), "--format=" + map[string]string{"jpg": "jpeg", "png": "png"}[ext]}
	switch p.Mode {
	case Color:
		if m := pick(s.caps.modes, "Color", "Colour", "RGB"); m != "" {
			a = append(a, "--mode", m)
		} else if len(s.caps.modes) > 0 {
			return nil, newErr(CodeBadParam, "scan", "device has no colour mode", nil)
		}
	case Gray:
		if m := pick(s.caps.modes, "Gray", "Grayscale", "Grey"); m != "" {
			a = append(a, "--mode", m)
		}
	case BW:
		if m := pick(s.caps.modes, "Lineart", "Binary", "Black & White", "Halftone"); m != "" {
			a = append(a, "--mode", m)
		} else if slices.Contains(s.caps.depths, 1) {
			if m := pick(s.caps.modes, "Gray", "Grayscale"); m != "" {
				a = append(a, "--mode", m)
			}
			a = append(a, "--depth", "1")
		} else {
			return nil, newErr(CodeBadParam, "scan", "device has no black-and-white mode", nil)
		}
	default:
		return nil, newErr(CodeBadParam, "scan", "unknown mode", nil)
	}
	if p.Mode != BW && slices.Contains(s.caps.depths, 8) {
		a = append(a, "--depth", "8")
	}
	var src string
	switch {
	case p.Source == Feeder && p.Duplex:
		src = pick(s.caps.sources, "ADF Duplex", "Duplex", "Automatic Document Feeder Duplex")
	case p.Source == Feeder:
		src = pick(s.caps.sources, "Automatic Document Feeder", "ADF", "ADF Front", "Feeder")
	default:
		src = pick(s.caps.sources, "Flatbed", "Normal")
	}
	if src == "" && (p.Source == Feeder || len(s.caps.sources) > 0 && p.Source != Flatbed) {
		return nil, newErr(CodeBadParam, "scan", fmt.Sprintf("device has no %v source (has %v)", p.Source, s.caps.sources), nil)
	}
	if p.Duplex && p.Source == Flatbed {
		return nil, newErr(CodeBadParam, "scan", "duplex needs the feeder", nil)
	}
	if src != "" {
		a = append(a, "--source", src)
	}
	if s.caps.geometry {
		a = append(a, "-x", "210", "-y", "297") // A4; scanimage clamps to the device's area
	}
	a = append(a, "-p", "--batch="+filepath.Join(dir, "page%04d."+ext), "--batch-print")
	if p.Source == Flatbed {
		a = append(a, "--batch-count=1")
	}
	return append(a, s.opts.ExtraArgs...), nil
}

// Scan runs one job through scanimage: one page from the flatbed, or pages until
// the feeder is empty. Progress reports per mille of the current page (Total 1000).
func (s *SANE) Scan(ctx context.Context, p ScanParams, onProgress func(Progress), onPage func(Page)) error {
	p = p.withDefaults()
	if p.DPI <= 0 || p.DPI > 2400 {
		return newErr(CodeBadParam, "scan", fmt.Sprintf("%d dpi", p.DPI), nil)
	}
	if !s.scanMu.TryLock() {
		return newErr(CodeBusy, "scan", "a scan is already running", nil)
	}
	defer s.scanMu.Unlock()
	if onProgress == nil {
		onProgress = func(Progress) {}
	}
	if onPage == nil {
		onPage = func(Page) {}
	}
	dir, err := os.MkdirTemp("", "kiosk-sane-")
	if err != nil {
		return newErr(CodeInternal, "scan", "", err)
	}
	defer os.RemoveAll(dir)
	ext := "jpg"
	if p.Mode == BW {
		ext = "png"
	}
	args, err := s.args(p, dir, ext)
	if err != nil {
		return err
	}
	cmd := exec.Command(s.opts.command(), args...)
	// Pipes of our own: some backends leave a child process holding scanimage's
	// stdout open after it exits; WaitDelay and closing these after Wait keep
	// that from hanging the scan.
	stdout, outW := io.Pipe()
	stderrR, errW := io.Pipe()
	cmd.Stdout, cmd.Stderr = outW, errW
	cmd.WaitDelay = time.Second
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return newErr(CodeGone, "scan", "closed", nil)
	}
	if err := cmd.Start(); err != nil {
		s.mu.Unlock()
		return saneExecErr("scan", err, nil)
	}
	s.running, s.cancel = cmd, false
	s.mu.Unlock()
	waited := make(chan error, 1)
	exited := make(chan struct{})
	go func() {
		err := cmd.Wait()
		close(exited)
		outW.Close()
		errW.Close()
		waited <- err
	}()
	defer func() {
		s.mu.Lock()
		s.running = nil
		s.mu.Unlock()
	}()

	stop := context.AfterFunc(ctx, func() { s.interrupt() })
	defer stop()

	// stderr: progress and messages.
	var errText bytes.Buffer
	progress := make(chan Progress, 16)
	stderrDone := make(chan struct{})
	ended := make(chan struct{}) // scanimage said its batch ended
	status := -1                 // the batch's SANE status, once said (stderr's goroutine, then read after it)
	hung := killIfHungAfter(cmd, ended, exited)
	go func() {
		defer close(stderrDone)
		defer close(progress)
		sc := bufio.NewScanner(stderrR)
		sc.Split(splitCRLF)
		// The page a progress line belongs to comes from scanimage's own "Scanning page N"
		// line on the same stream: stdout's file names arrive on another pipe, in no
		// fixed order with these lines. Every line is delivered (the loop below drains
		// this channel until it is closed), so the last one of a page is never lost.
		page := 1
		endSaid := false
		for sc.Scan() {
			line := sc.Text()
			if m := reProg.FindStringSubmatch(line); m != nil {
				pct, _ := strconv.ParseFloat(m[1], 64)
				progress <- Progress{Page: page, Bytes: int64(pct * 10), Total: 1000}
				continue
			}
			if m := reScanningPage.FindStringSubmatch(line); m != nil {
				page, _ = strconv.Atoi(m[1])
				continue
			}
			if m := reBatchStatus.FindStringSubmatch(line); m != nil {
				status, _ = strconv.Atoi(m[1])
			}
			if reBatchEnd.MatchString(line) && !endSaid {
				endSaid = true
				close(ended)
			}
			errText.WriteString(line + "\n")
		}
	}()
	// stdout: one file name per finished page.
	names := make(chan string)
	go func() {
		defer close(names)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			names <- strings.TrimSpace(sc.Text())
		}
	}()
	var readErr error
	pages := 0
	for names != nil || progress != nil {
		select {
		case pr, ok := <-progress:
			if !ok {
				progress = nil
				continue
			}
			onProgress(pr)
		case name, ok := <-names:
			if !ok {
				names = nil
				continue
			}
			if name == "" {
				continue
			}
			data, err := os.ReadFile(name)
			if err != nil {
				readErr = err
				continue
			}
			os.Remove(name)
			cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
			if err != nil {
				readErr = fmt.Errorf("page %s: %w", filepath.Base(name), err)
				continue
			}
			pages++
			onPage(Page{Number: pages, Width: cfg.Width, Height: cfg.Height, Format: format, Data: data})
		}
	}
	<-stderrDone
	werr := <-waited
	// scanimage's outcome: its exit status or, when it was killed hanging after its
	// batch ended, the status it said (0 good, 5 end of the page: it exits 0 with either).
	var exitErr *Error
	switch {
	case hung.Load():
		if status > 0 && status != saneStatusEOF {
			exitErr = saneStatusErr("scan", status, errText.String(), nil)
		}
	case werr != nil:
		exitErr = saneExecErr("scan", werr, errText.Bytes())
	}
	s.mu.Lock()
	cancelled := s.cancel
	s.mu.Unlock()
	switch {
	case ctx.Err() != nil:
		return newErr(CodeCancelled, "scan", "", ctx.Err())
	case cancelled:
		return newErr(CodeCancelled, "scan", "cancelled", nil)
	case exitErr != nil:
		if exitErr.Code == CodeNoPaper && pages > 0 && p.Source == Feeder {
			return nil // the feeder ran empty after some pages: the normal end of a batch
		}
		return exitErr
	case readErr != nil:
		return newErr(CodeTransferFailed, "scan", "", readErr)
	case pages == 0:
		return newErr(CodeNoPaper, "scan", "no page scanned: "+strings.TrimSpace(errText.String()), nil)
	}
	return nil
}

// killIfHungAfter kills cmd if it has not exited saneExitGrace after ended is closed;
// the flag it returns tells that it did.
func killIfHungAfter(cmd *exec.Cmd, ended, exited <-chan struct{}) *atomic.Bool {
	var hung atomic.Bool
	go func() {
		select {
		case <-ended:
		case <-exited:
			return
		}
		t := time.NewTimer(saneExitGrace)
		defer t.Stop()
		select {
		case <-exited:
		case <-t.C:
			hung.Store(true)
			cmd.Process.Kill()
		}
	}()
	return &hung
}

func splitCRLF(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		return i + 1, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// interrupt asks scanimage to stop (SIGINT makes it cancel the scan cleanly), and
// kills it if it does not within 3 s.
func (s *SANE) interrupt() {
	s.mu.Lock()
	cmd := s.running
	if cmd != nil {
		s.cancel = true
	}
	s.mu.Unlock()
	if cmd == nil || cmd.Process == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGINT)
	time.AfterFunc(3*time.Second, func() {
		s.mu.Lock()
		still := s.running == cmd
		s.mu.Unlock()
		if still {
			cmd.Process.Kill()
		}
	})
}

// Status reports Busy while a scan runs; SANE has no other state to ask for.
func (s *SANE) Status(ctx context.Context) (State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return State{}, newErr(CodeGone, "status", "closed", nil)
	}
	return State{Busy: s.running != nil}, nil
}

// Events never delivers: scanimage reports no buttons or paper sensors. It is
// closed by Close.
func (s *SANE) Events() <-chan Event { return s.events }

// Cancel stops the running scan; Scan returns ErrCancelled.
func (s *SANE) Cancel(ctx context.Context) error {
	s.interrupt()
	return nil
}

// Close cancels a running scan and closes Events.
func (s *SANE) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.events)
	s.mu.Unlock()
	s.interrupt()
	return nil
}

// saneExecErr maps scanimage's failure (its exit status is the SANE status) to an
// *Error.
func saneExecErr(op string, err error, stderr []byte) *Error {
	msg := strings.TrimSpace(string(stderr))
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
		return newErr(CodeGone, op, "scanimage is not installed (Debian package sane-utils)", err)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return newErr(CodeInternal, op, msg, err)
	}
	if len(stderr) == 0 {
		msg = strings.TrimSpace(string(ee.Stderr))
	}
	return saneStatusErr(op, ee.ExitCode(), msg, err)
}

// saneStatusErr is the error for scanimage's exit status (in batch mode the SANE
// status of its last page) and its messages.
func saneStatusErr(op string, status int, msg string, err error) *Error {
	msg = strings.TrimSpace(msg)
	code := CodeInternal
	switch status {
	case 2:
		code = CodeCancelled
	case 3:
		code = CodeBusy
	case 4:
		code = CodeBadParam
	case 6:
		code = CodeJam
	case 7:
		code = CodeNoPaper
	case 8:
		code = CodeCoverOpen
	case 9:
		code = CodeTransferFailed
	}
	low := strings.ToLower(msg)
	switch {
	case strings.Contains(low, "open of device"):
		code = CodeGone
	case strings.Contains(low, "out of documents"):
		code = CodeNoPaper
	case strings.Contains(low, "jammed"):
		code = CodeJam
	case strings.Contains(low, "cover"):
		code = CodeCoverOpen
	case strings.Contains(low, "setting of option") || strings.Contains(low, "invalid argument"):
		code = CodeBadParam
	}
	return newErr(code, op, lastLine(msg), err)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
