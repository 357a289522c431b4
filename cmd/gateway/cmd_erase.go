package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// cmdDossierErase erases one dossier's personal data and pages at the resident's
// request; the audit line goes to stderr (the log) and the store.
func cmdDossierErase(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dossier erase", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	reason := fs.String("reason", "", "why (e.g. the resident's request and its reference); recorded with the erasure")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one dossier id or official code")
	}
	r := "request"
	if s := strings.TrimSpace(*reason); s != "" {
		r += ": " + s
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	log, err := newLogger(stderr, "info", "json")
	if err != nil {
		return err
	}
	d, err := store.EraseDossier(ctx, pos[0], time.Now(), r)
	if errors.Is(err, gwstore.ErrErased) {
		e, _ := store.Erasure(ctx, d.ID)
		return fmt.Errorf("dossier %s was erased already (%s, %s)", d.OfficialCode, e.At.Format(time.RFC3339), e.Reason)
	}
	if err != nil {
		return err
	}
	gateway.LogErasure(ctx, log, d, r)
	fmt.Fprintf(stdout, "erased official_code=%s id=%s\n", d.OfficialCode, d.ID)
	return nil
}
