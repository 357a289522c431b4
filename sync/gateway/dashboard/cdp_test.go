//go:build !windows

package dashboard_test

// A tiny Chrome DevTools Protocol client (golang.org/x/net/websocket) and a headless
// Chromium launcher, enough to drive the dashboard like a person: navigate, fill and
// submit forms, read the page, take screenshots.

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
)

// chromiumPath finds Chromium, skipping the test when it is absent (failing when
// KIOSK_TEST_REQUIRE_ALL=1).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	gwtest.Unavailable(t, "Chromium is not installed (scripts/deps.sh test installs the chromium package)", "Chromium not installed")
	return ""
}

// chromiumFlags are the flags that run headless Chromium here (as root, offline).
func chromiumFlags(profile string) []string {
	return []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
		"--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--lang=vi-VN", "--window-size=1280,900",
		"--user-data-dir=" + profile}
}

// startProcess starts cmd in its own process group and kills the group at cleanup.
func startProcess(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
}

// dumpDOM loads url in a one-shot headless Chromium and returns the DOM it rendered.
func dumpDOM(t *testing.T, chromium, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, append(chromiumFlags(t.TempDir()), "--dump-dom", url)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom %s: %v", url, err)
	}
	return string(out)
}

// page is a CDP connection to one tab.
type cdpPage struct {
	t      *testing.T
	ws     *websocket.Conn
	nextID int
}

var devtoolsRE = regexp.MustCompile(`DevTools listening on (ws://127\.0\.0\.1:(\d+)/\S+)`)

// startChromium launches headless Chromium with remote debugging and connects to its
// first tab.
func startChromium(t *testing.T, chromium string) *cdpPage {
	t.Helper()
	args := append(chromiumFlags(t.TempDir()), "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
		"--remote-allow-origins=*", "about:blank")
	cmd := exec.Command(chromium, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	startProcess(t, cmd)
	port := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := devtoolsRE.FindStringSubmatch(sc.Text()); m != nil {
				port <- m[2]
				break
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	var p string
	select {
	case p = <-port:
	case <-time.After(60 * time.Second):
		t.Fatal("Chromium did not start its DevTools server within 60 s")
	}
	// The tab's websocket address.
	var wsURL string
	deadline := time.Now().Add(20 * time.Second)
	for wsURL == "" {
		resp, err := (&http.Client{Timeout: 5 * time.Second}).Get("http://127.0.0.1:" + p + "/json/list")
		if err == nil {
			var targets []struct{ Type, WebSocketDebuggerURL string }
			json.NewDecoder(resp.Body).Decode(&targets)
			resp.Body.Close()
			for _, tg := range targets {
				if tg.Type == "page" {
					wsURL = tg.WebSocketDebuggerURL
				}
			}
		}
		if wsURL == "" {
			if time.Now().After(deadline) {
				t.Fatal("no Chromium tab to drive")
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	cfg, err := websocket.NewConfig(wsURL, "http://127.0.0.1/")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := websocket.DialConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ws.MaxPayloadBytes = 64 << 20
	t.Cleanup(func() { ws.Close() })
	pg := &cdpPage{t: t, ws: ws}
	pg.call("Page.enable", nil)
	pg.call("Runtime.enable", nil)
	return pg
}

// call sends a command and waits (30 s at most) for its answer, skipping events.
func (p *cdpPage) call(method string, params any) json.RawMessage {
	p.t.Helper()
	p.nextID++
	id := p.nextID
	msg, _ := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	p.ws.SetDeadline(time.Now().Add(30 * time.Second))
	if err := websocket.Message.Send(p.ws, string(msg)); err != nil {
		p.t.Fatalf("CDP %s: %v", method, err)
	}
	for {
		var raw string
		if err := websocket.Message.Receive(p.ws, &raw); err != nil {
			p.t.Fatalf("CDP %s: %v", method, err)
		}
		var ans struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(raw), &ans); err != nil {
			p.t.Fatalf("CDP %s: %v", method, err)
		}
		if ans.ID != id {
			continue
		}
		if ans.Error != nil {
			p.t.Fatalf("CDP %s: %s", method, ans.Error.Message)
		}
		return ans.Result
	}
}

// eval evaluates a JavaScript expression in the page (DevTools evaluation is not
// subject to the page's CSP) and decodes its value into out.
func (p *cdpPage) eval(expr string, out any) {
	p.t.Helper()
	res := p.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		p.t.Fatal(err)
	}
	if r.ExceptionDetails != nil {
		p.t.Fatalf("evaluating %q: %s", expr, r.ExceptionDetails.Text)
	}
	if out != nil {
		if err := json.Unmarshal(r.Result.Value, out); err != nil {
			p.t.Fatalf("evaluating %q: %v (%s)", expr, err, r.Result.Value)
		}
	}
}

// waitFor polls a boolean expression until it holds (45 s at most: the test suite
// shares two cores with everything else).
func (p *cdpPage) waitFor(what, expr string) {
	p.t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for {
		var ok bool
		p.eval("(function(){try{return !!("+expr+")}catch(e){return false}})()", &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			var body string
			p.eval("document.body ? document.body.innerText : ''", &body)
			p.t.Fatalf("waiting for %s: timed out; the page says:\n%s", what, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// navigate loads url and waits until the page at path has loaded.
func (p *cdpPage) navigate(url, path string) {
	p.t.Helper()
	p.eval(`window.__before = true`, nil)
	p.call("Page.navigate", map[string]any{"url": url})
	p.waitFor("the page "+path, fmt.Sprintf("!window.__before && location.pathname === %q && document.readyState === 'complete'", path))
}

// text is the page's visible text.
func (p *cdpPage) text() string {
	var s string
	p.eval("document.body.innerText", &s)
	return s
}

// screenshot writes a PNG of the whole page to dir/name.
func (p *cdpPage) screenshot(dir, name string) {
	p.t.Helper()
	var size struct{ W, H float64 }
	p.eval("({W: document.documentElement.scrollWidth, H: document.documentElement.scrollHeight})", &size)
	res := p.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": size.W, "height": min(size.H, 12000), "scale": 1}})
	var r struct{ Data string }
	if err := json.Unmarshal(res, &r); err != nil {
		p.t.Fatal(err)
	}
	b, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil || len(b) < 1000 || string(b[1:4]) != "PNG" {
		p.t.Fatalf("screenshot %s: %d bytes, %v", name, len(b), err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// screenshotDir is screenshots/dashboard at the repository's root (the module's
// directory), or $KIOSK_SCREENSHOTS/dashboard.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("KIOSK_SCREENSHOTS"); d != "" {
		return filepath.Join(d, "dashboard")
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "screenshots", "dashboard")
		}
		if filepath.Dir(d) == d {
			return filepath.Join(t.TempDir(), "screenshots", "dashboard")
		}
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
