package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

func cmdDossierList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("dossier list")
	status := cmd.String("status", "", "only dossiers in this status")
	kiosk := cmd.String("kiosk", "", "only this kiosk's dossiers")
	_, store, err := cmd.parseOpen(ctx, args, 0, "")
	if err != nil {
		return err
	}
	defer store.Close()
	ds, err := store.Dossiers(ctx, gwstore.DossierFilter{Status: *status, KioskID: *kiosk})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "official_code\tid\tkiosk\tprocedure\tstatus\tpages\treceived_at")
	for _, d := range ds {
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", d.OfficialCode, d.ID, d.KioskID, d.ProcedureCode, d.Status,
			d.PageCount, d.ReceivedAt.Format(time.RFC3339))
	}
	return nil
}

// findDossier finds a dossier by id or official code.
func findDossier(ctx context.Context, store gwstore.Interface, ref string) (gwstore.Dossier, error) {
	d, err := store.DossierByID(ctx, ref)
	if !errors.Is(err, gwstore.ErrNotFound) {
		return d, err
	}
	ds, err := store.Dossiers(ctx, gwstore.DossierFilter{})
	if err != nil {
		return gwstore.Dossier{}, err
	}
	for _, d := range ds {
		if d.OfficialCode == ref {
			return d, nil
		}
	}
	return gwstore.Dossier{}, fmt.Errorf("dossier %q: %w", ref, gwstore.ErrNotFound)
}

func cmdDossierShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("dossier show")
	pos, store, err := cmd.parseOpen(ctx, args, 1, "give one dossier id or official code")
	if err != nil {
		return err
	}
	defer store.Close()
	d, err := findDossier(ctx, store, pos[0])
	if err != nil {
		return err
	}
	hist, err := store.History(ctx, d.ID)
	if err != nil {
		return err
	}
	out := struct {
		wire.DossierStatus
		KioskID    string                 `json:"kiosk_id"`
		ReceivedAt time.Time              `json:"received_at"`
		Dossier    json.RawMessage        `json:"dossier"`
		History    []gwstore.StatusChange `json:"history"`
	}{d.StatusAnswer(), d.KioskID, d.ReceivedAt, d.Body, hist}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func cmdDossierStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("dossier status")
	note := cmd.String("note", "", "note for the resident (e.g. which document is missing)")
	pos, err := cmd.parse(args, 2, "give a dossier id or official code and a status")
	if err != nil {
		return err
	}
	if !wire.ValidStatus(pos[1]) {
		return usagef("status must be one of received, processing, needs_more, done, rejected; not %q", pos[1])
	}
	store, err := cmd.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	d, err := store.SetStatus(ctx, pos[0], pos[1], *note, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "official_code=%s\nstatus=%s\n", d.OfficialCode, d.Status)
	return nil
}

func cmdPageGet(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("page get")
	out := cmd.String("out", "", "file to write (- for stdout)")
	pos, err := parse(cmd.FlagSet, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || !wire.ValidSHA256(pos[0]) || *out == "" {
		return usagef("give a page's SHA-256 and --out FILE")
	}
	store, err := cmd.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	b, err := store.Page(ctx, pos[0])
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err = stdout.Write(b)
		return err
	}
	return os.WriteFile(*out, b, 0o600)
}
