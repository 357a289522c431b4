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

// storeCommand is how a command on the store starts: a flag set with the store flags,
// to which the command adds its own, then parse (flags and the count of positional
// arguments) and open.
type storeCommand struct {
	*flag.FlagSet
	sf storeFlags
}

func newStoreCommand(name string) *storeCommand {
	c := &storeCommand{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	c.sf.register(c.FlagSet)
	return c
}

// parse parses args and returns the positional arguments when there are n of them;
// otherwise a usage error: want, or for n == 0 the first unexpected argument.
func (c *storeCommand) parse(args []string, n int, want string) ([]string, error) {
	pos, err := parse(c.FlagSet, args)
	switch {
	case err != nil:
		return nil, err
	case n == 0 && len(pos) > 0:
		return nil, usagef("unexpected argument %q", pos[0])
	case len(pos) != n:
		return nil, usagef("%s", want)
	}
	return pos, nil
}

// open opens the store the flags name; the caller closes it.
func (c *storeCommand) open(ctx context.Context) (gwstore.Interface, error) { return c.sf.open(ctx) }

// parseOpen is parse then open, for a command with nothing else to check first.
func (c *storeCommand) parseOpen(ctx context.Context, args []string, n int, want string) ([]string, gwstore.Interface, error) {
	pos, err := c.parse(args, n, want)
	if err != nil {
		return nil, nil, err
	}
	store, err := c.open(ctx)
	return pos, store, err
}
