package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/cantho-kiosk/kiosk/cmd/internal/buildinfo"
	"golang.org/x/net/netutil"

	"github.com/cantho-kiosk/kiosk/sync/gateway"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8787", "listen address (port 0: any free port)")
	agency := fs.String("agency", "", "agency code of official codes (default "+defaultAgency()+")")
	catFile := fs.String("catalog", "", "procedure catalog JSON to serve (default: the embedded sample catalog of package assets)")
	cert := fs.String("tls-cert", "", "TLS certificate (PEM); serve HTTPS with --tls-key")
	key := fs.String("tls-key", "", "TLS private key (PEM)")
	paySecretFile := fs.String("payment-secret-file", "", "file holding the bank's payment-notification secret (default: env GATEWAY_PAYMENT_SECRET; none: notifications off)")
	payeesFile := fs.String("payees", "", "JSON array of fee accounts per commune or agency, sent to kiosks with the catalog")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	format := fs.String("log-format", "json", "json or text")
	allowHTTP := fs.Bool("allow-http", false, "serve plain HTTP on an address other than loopback (no TLS: kiosk data and dashboard passwords cross the network readable; warned at every start)")
	retention := fs.Duration("retention", 365*24*time.Hour, "erase a finished (done or rejected) dossier's personal data and pages this long after it finished; 0 keeps them")
	maxConns := fs.Int("max-conns", 1000, "most connections served at once; more wait in the kernel's queue (file descriptors stay bounded)")
	updates := fs.String("updates", "", "directory of published kiosk builds (kiosk-OS-ARCH[.exe]) and their .minisig signatures")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if (*cert == "") != (*key == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	log, err := newLogger(stderr, *level, *format)
	if err != nil {
		return err
	}
	if *cert == "" && os.Getenv("GATEWAY_DASHBOARD_SECURE") != "1" && !loopbackAddr(*addr) {
		if !*allowHTTP {
			return usagef("--addr %s is reachable from other machines but serves plain HTTP: give --tls-cert and --tls-key, "+
				"set GATEWAY_DASHBOARD_SECURE=1 behind a TLS-terminating proxy, or --allow-http on a test network", *addr)
		}
		log.Warn("serving plain HTTP on a non-loopback address (--allow-http): kiosk data and dashboard passwords cross the network unencrypted", "addr", *addr)
	}
	cat, err := loadCatalog(*catFile)
	if err != nil {
		return err
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	paySecret, err := paymentSecret(*paySecretFile)
	if err != nil {
		return err
	}
	payees, err := loadPayees(*payeesFile)
	if err != nil {
		return err
	}
	srv, err := gateway.New(gateway.Config{Store: store, Catalog: cat, Agency: *agency, Logger: log,
		PaymentSecret: paySecret, Payees: payees, Updates: *updates})
	if err != nil {
		return err
	}
	handler, err := mountDashboard(ctx, srv.Handler(), store, cat, log, *cert != "")
	if err != nil {
		return err
	}
	if *maxConns < 1 {
		return usagef("--max-conns must be at least 1")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// A slow client could otherwise hold connections (and file descriptors) without end.
	ln = netutil.LimitListener(ln, *maxConns)
	hs := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		// The default bound on reading a request (dashboard forms, refused API
		// requests); the kiosk API extends it per upload after authentication, from the
		// declared length and the slowest real link (gateway.Limits).
		ReadTimeout:    time.Minute,
		WriteTimeout:   2 * time.Minute,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	log.Info("gateway listening", "version", buildinfo.Read().String(), "addr", ln.Addr().String(), "scheme", scheme, "store", storeKind(sf), "pages", sf.pages.describe(),
		"agency", agencyOr(*agency), "catalog_etag", srv.CatalogETag())
	// Machine-readable line for scripts and tests (stdout is unbuffered).
	fmt.Fprintf(stdout, "listening=%s\n", ln.Addr().String())

	// SIGHUP re-reads the catalog; a bad one is refused and the served one kept.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for range hup {
			b, err := loadCatalog(*catFile)
			if err == nil {
				err = srv.SetCatalog(b)
			}
			if err != nil {
				log.Error("catalog reload refused; still serving the previous one", "etag", srv.CatalogETag(), "err", err)
				continue
			}
			log.Info("catalog reloaded", "etag", srv.CatalogETag())
		}
	}()

	if *retention > 0 {
		go eraseExpiredEvery(ctx, store, *retention, time.Hour, log)
	} else {
		log.Warn("retention is off (--retention 0): finished dossiers keep their personal data and pages")
	}

	errc := make(chan error, 1)
	go func() {
		if *cert != "" {
			errc <- hs.ServeTLS(ln, *cert, *key)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	if err := store.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	log.Info("stopped cleanly")
	return nil
}

func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, usagef("--log-level: %v", err)
	}
	opts := &slog.HandlerOptions{Level: l}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, usagef("--log-format must be json or text")
}

func loadCatalog(path string) ([]byte, error) {
	if path == "" {
		if b := sampleCatalog(); b != nil {
			return b, nil
		}
		return nil, usagef("--catalog FILE is required (this build embeds no sample catalog)")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return b, nil
}

func storeKind(sf storeFlags) string {
	if strings.HasPrefix(sf.db, "postgres://") || strings.HasPrefix(sf.db, "postgresql://") {
		return "postgres"
	}
	return "sqlite"
}

func agencyOr(a string) string {
	if a == "" {
		return defaultAgency()
	}
	return a
}

// loopbackAddr reports whether a listen address is reachable from this machine only.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// eraseExpiredEvery runs the retention sweep at start, then every period, until ctx ends.
func eraseExpiredEvery(ctx context.Context, st gateway.Eraser, retention, period time.Duration, log *slog.Logger) {
	for {
		n, err := gateway.EraseExpired(ctx, st, retention, time.Now(), log)
		if err != nil && ctx.Err() == nil {
			log.Error("retention sweep failed; will retry", "err", err)
		} else if n > 0 {
			log.Info("retention sweep", "erased", n, "retention", retention.String())
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(period):
		}
	}
}
