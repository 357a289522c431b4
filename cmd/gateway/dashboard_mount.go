package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/cantho-kiosk/kiosk/sync/gateway/dashboard"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// mountDashboard serves the web dashboard (sync/gateway/dashboard) at the root of the
// same server as the kiosk API: paths under /api/ go to api, everything else to the
// dashboard. tls marks the dashboard's cookies Secure; so does the environment
// variable GATEWAY_DASHBOARD_SECURE=1, for a gateway behind a TLS-terminating proxy.
func mountDashboard(ctx context.Context, api http.Handler, store gwstore.Interface, cat []byte, log *slog.Logger, tls bool) (http.Handler, error) {
	if os.Getenv("GATEWAY_DASHBOARD_SECURE") == "1" {
		tls = true
	}
	ds, ok := store.(dashboard.Store)
	if !ok {
		return nil, fmt.Errorf("dashboard: the %T store lacks the dashboard's queries", store)
	}
	d, err := dashboard.New(ctx, dashboard.Config{Store: ds, Catalog: cat, Logger: log, Secure: tls})
	if err != nil {
		return nil, err
	}
	dh := d.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") {
			api.ServeHTTP(w, r)
			return
		}
		dh.ServeHTTP(w, r)
	}), nil
}
