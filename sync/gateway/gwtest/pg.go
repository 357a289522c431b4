package gwtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"
)

// NewPGDatabase creates a fresh database on the server of adminDSN and returns its DSN
// and a function that drops it (terminating leftover connections).
func NewPGDatabase(ctx context.Context, adminDSN, prefix string) (dsn string, drop func() error, err error) {
	var rnd [6]byte
	rand.Read(rnd[:])
	name := prefix + "_" + hex.EncodeToString(rnd[:])
	conn, err := pgx.Connect(ctx, adminDSN)
	if err != nil {
		return "", nil, fmt.Errorf("connect %s: %w", adminDSN, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	u, err := url.Parse(adminDSN)
	if err != nil {
		return "", nil, fmt.Errorf("parse %s: %w", adminDSN, err)
	}
	u.Path = "/" + name
	drop = func() error {
		ctx := context.Background()
		c, err := pgx.Connect(ctx, adminDSN)
		if err != nil {
			return err
		}
		defer c.Close(ctx)
		_, err = c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		return err
	}
	return u.String(), drop, nil
}
