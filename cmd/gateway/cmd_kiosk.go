package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

func cmdKioskAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("kiosk add")
	commune := cmd.String("commune", "", "commune (xã/phường) where the kiosk stands")
	pos, err := parse(cmd.FlagSet, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		return usagef("give the kiosk's NAME (quote it if it has spaces)")
	}
	store, err := cmd.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	k := gwstore.Kiosk{ID: "k-" + randomHex(8), Name: strings.TrimSpace(pos[0]), Commune: strings.TrimSpace(*commune),
		Secret: randomHex(32), CreatedAt: time.Now()}
	if err := store.AddKiosk(ctx, k); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "id=%s\nsecret=%s\n", k.ID, k.Secret)
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand panics rather than return short reads)
	return hex.EncodeToString(b)
}
