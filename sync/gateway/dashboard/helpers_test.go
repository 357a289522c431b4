package dashboard_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/gateway/dashboard"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// store is what the tests use of a gateway store: the dashboard's needs plus setup.
type store interface {
	dashboard.Store
	AddKiosk(ctx context.Context, k gwstore.Kiosk) error
	AddAccount(ctx context.Context, a gwstore.Account) error
	PutUsage(ctx context.Context, u gwstore.UsageDay) error
	SubmitDossier(ctx context.Context, nd gwstore.NewDossier) (gwstore.Dossier, bool, error)
	Close() error
}

var vietnam = time.FixedZone("ICT", 7*3600)

// newClock is the test kit's settable clock at 2026-11-27 10:00 in Vietnam.
func newClock() *gwtest.Clock { return gwtest.NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, vietnam)) }

// backends runs f on a fresh SQLite store and a fresh PostgreSQL database.
func backends(t *testing.T, f func(t *testing.T, s store)) {
	t.Run("sqlite", func(t *testing.T) { f(t, openSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, openPG(t)) })
}

func openSQLite(t testing.TB) store {
	t.Helper()
	return gwtest.SQLiteGatewayStore(t)
}

func openPG(t testing.TB) store {
	t.Helper()
	return gwtest.GatewayStore(t, gwtest.PGDatabase(t, "dashtest"), "").(store)
}

// env is a dashboard served on loopback over a real store.
type env struct {
	t     *testing.T
	store store
	clock *gwtest.Clock
	srv   *httptest.Server
}

func newEnv(t *testing.T, s store, tls bool) *env {
	t.Helper()
	return newEnvClock(t, s, tls, newClock())
}

// newEnvClock is newEnv on a given clock (a second dashboard on the same store: a
// restart, or another gateway process).
func newEnvClock(t *testing.T, s store, tls bool, clk *gwtest.Clock) *env {
	t.Helper()
	e := &env{t: t, store: s, clock: clk}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, err := dashboard.New(ctx, dashboard.Config{Store: s, Catalog: assets.SampleCatalog(), Secure: tls, Now: e.clock.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if tls {
		e.srv = httptest.NewTLSServer(d.Handler())
	} else {
		e.srv = httptest.NewServer(d.Handler())
	}
	t.Cleanup(e.srv.Close)
	return e
}

// addAccount creates an account with password pw.
func (e *env) addAccount(name, role, commune, pw string) {
	e.t.Helper()
	h, err := dashboard.HashPassword(pw)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.AddAccount(context.Background(), gwstore.Account{Name: name, Role: role, Commune: commune,
		PasswordHash: h, CreatedAt: e.clock.Now()}); err != nil {
		e.t.Fatal(err)
	}
}

// browser is an HTTP client with its own cookie jar that does not follow redirects.
type browser struct {
	e  *env
	hc *http.Client
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	hc := e.srv.Client()
	c := *hc
	c.Jar = jar
	c.Timeout = 30 * time.Second
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{e: e, hc: &c}
}

// browserFrom is a browser whose connections come from a given loopback address
// (127.0.0.0/8 all reach the test server): another client machine.
func (e *env) browserFrom(ip string) *browser {
	b := e.browser()
	tr := e.srv.Client().Transport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}).DialContext
	b.hc.Transport = tr
	return b
}

// answer is a read response.
type answer struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(req *http.Request) answer {
	b.e.t.Helper()
	resp, err := b.hc.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

func (b *browser) get(path string) answer {
	b.e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	if err != nil {
		b.e.t.Fatal(err)
	}
	return b.do(req)
}

// post sends a form; hdr adds headers (e.g. Origin).
func (b *browser) post(path string, form url.Values, hdr ...string) answer {
	b.e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the first form token of a page.
func csrf(t *testing.T, body string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf token in the page:\n%s", body)
	}
	return html.UnescapeString(m[1])
}

// signIn fills the sign-in form and returns the answer of its POST.
func (b *browser) signIn(name, pw string) answer {
	b.e.t.Helper()
	page := b.get("/login")
	if page.status != http.StatusOK {
		b.e.t.Fatalf("GET /login: %d", page.status)
	}
	return b.post("/login", url.Values{"csrf": {csrf(b.e.t, page.body)}, "name": {name}, "password": {pw}, "next": {"/"}})
}

// mustSignIn signs in and fails the test unless it worked.
func (b *browser) mustSignIn(name, pw string) {
	b.e.t.Helper()
	if a := b.signIn(name, pw); a.status != http.StatusSeeOther || a.header.Get("Location") != "/" {
		b.e.t.Fatalf("sign-in as %s: %d %s\n%s", name, a.status, a.header.Get("Location"), a.body)
	}
}

// table returns the text of each cell of the table with id, row by row (header
// rows included).
func table(t *testing.T, body, id string) [][]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var tbl *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if tbl != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "table" {
			for _, a := range n.Attr {
				if a.Key == "id" && a.Val == id {
					tbl = n
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if tbl == nil {
		t.Fatalf("no table #%s in the page", id)
	}
	var rows [][]string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" {
			var row []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
					row = append(row, strings.Join(strings.Fields(text(c)), " "))
				}
			}
			rows = append(rows, row)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(tbl)
	return rows
}

func text(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
		b.WriteString(" ")
	}
	return b.String()
}

var idTextRE = regexp.MustCompile(`id="([a-z-]+)">([^<]*)<`)

// byID returns the text of every element with an id whose content is plain text.
func byID(body string) map[string]string {
	out := map[string]string{}
	for _, m := range idTextRE.FindAllStringSubmatch(body, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

func hash(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// submit stores a dossier of procedure proc from kiosk, received at at.
func submit(t *testing.T, s store, kiosk, id, proc string, at time.Time) gwstore.Dossier {
	t.Helper()
	d := wire.Dossier{ID: id, ReceiptCode: "R-" + id, ProcedureCode: proc,
		Applicant: wire.Applicant{Name: "Nguyễn Thị Hồng", IDNumber: "092190001234"},
		Fields:    map[string]string{"tre_ho_ten": "Trần Gia Bảo", "ho_ten": "Nguyễn Thị Hồng", "ghi_chu_la": "x"}, CreatedAt: at}
	if id == "d-consent" {
		d.Consent = &wire.Consent{At: at.Add(-time.Minute), Version: "vi-3f2a9c01b7de"}
	}
	body, err := wire.Canonical(d)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(at.In(vietnam).Year(), at.In(vietnam).Month(), at.In(vietnam).Day(), 0, 0, 0, 0, time.UTC)
	got, _, err := s.SubmitDossier(context.Background(), gwstore.NewDossier{KioskID: kiosk, Dossier: d, Body: body,
		BodySHA256: hash(body), ReceivedAt: at, Day: day, Agency: wire.DefaultAgencyCode})
	if err != nil {
		t.Fatal(err)
	}
	return got
}
