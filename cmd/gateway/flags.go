package main

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// storeFlags are the flags every command has.
type storeFlags struct {
	db, data string
	pages    pageFlags
}

func (s *storeFlags) register(fs *flag.FlagSet) {
	data := os.Getenv("GATEWAY_DATA")
	if data == "" {
		data = "gateway-data"
	}
	fs.StringVar(&s.data, "data", data, "data directory (SQLite database, page files); env GATEWAY_DATA")
	fs.StringVar(&s.db, "db", os.Getenv("GATEWAY_DB"), "SQLite file or postgres:// DSN (default DATA/gateway.db); env GATEWAY_DB")
	s.pages.register(fs)
}

func (s *storeFlags) open(ctx context.Context) (gwstore.Interface, error) {
	db := s.db
	if db == "" {
		db = filepath.Join(s.data, "gateway.db")
	}
	opts, err := s.pages.options(ctx)
	if err != nil {
		return nil, err
	}
	return gwstore.Open(ctx, db, s.data, opts...)
}

// parse parses flags wherever they are among the positional arguments, which it
// returns in order.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
