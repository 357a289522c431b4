//go:build tools

// This file pins the modules the packages under construction need, so that `go mod
// tidy` keeps them while their first importers land. It is never built.
package main

import (
	_ "github.com/creack/pty"
	_ "github.com/go-resty/resty/v2"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/mattn/go-sqlite3"
	_ "github.com/skip2/go-qrcode"
	_ "github.com/tarm/serial"
	_ "golang.org/x/crypto/argon2"
	_ "golang.org/x/text/unicode/norm"
)
