package main

import (
	"context"
	"errors"
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
	cmd := newStoreCommand("dossier erase")
	reason := cmd.String("reason", "", "why (e.g. the resident's request and its reference); recorded with the erasure")
	pos, err := cmd.parse(args, 1, "give one dossier id or official code")
	if err != nil {
		return err
	}
	r := "request"
	if s := strings.TrimSpace(*reason); s != "" {
		r += ": " + s
	}
	store, err := cmd.open(ctx)
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
