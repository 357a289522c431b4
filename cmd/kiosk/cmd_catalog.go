package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

func init() {
	register(command{name: "catalog import", usage: "FILE", summary: "validate a catalog file and make it the kiosk's catalog (all or nothing)", run: runCatalogImport})
	register(command{name: "catalog list", usage: "[--field NAME]", summary: "list the procedures: code, level, field, name", run: runCatalogList})
	register(command{name: "catalog search", usage: "[--limit N] QUERY...", summary: "search as a resident types; prints code and name, best first", run: runCatalogSearch})
}

func runCatalogImport(ctx context.Context, env *cmdEnv, args []string) error {
	if len(args) != 1 {
		return usagef("give exactly one catalog file")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return fmt.Errorf("read the catalog: %w", err)
	}
	c, err := catalog.Parse(data)
	if err != nil {
		var ve *catalog.ValidationError
		if errors.As(err, &ve) {
			for _, p := range ve.Problems {
				fmt.Fprintln(env.stderr, "  "+p.String())
			}
			return fmt.Errorf("%s: %d problem(s); the kiosk's catalog is unchanged", args[0], len(ve.Problems))
		}
		return fmt.Errorf("%s: %w; the kiosk's catalog is unchanged", args[0], err)
	}
	st, err := store.Open(ctx, env.cfg.dbPath(), store.Options{PageDir: env.cfg.pageDir()})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.ImportCatalog(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "imported catalog %s: %d procedures\n", c.Version, len(c.Procedures))
	return nil
}

func runCatalogList(ctx context.Context, env *cmdEnv, args []string) error {
	field := ""
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--field" && i+1 < len(args):
			i++
			field = args[i]
		default:
			return usagef("unexpected argument %q", args[i])
		}
	}
	st, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	var ps []store.ProcedureSummary
	if field != "" {
		ps, err = st.ProceduresByField(ctx, field)
	} else {
		ps, err = st.ListProcedures(ctx)
	}
	if err != nil {
		return err
	}
	for _, p := range ps {
		fmt.Fprintf(env.stdout, "%s\t%d\t%s\t%s\n", p.Code, p.Level, p.Field, p.Name)
	}
	if len(ps) == 0 && field != "" {
		return fmt.Errorf("no procedure in field %q", field)
	}
	return nil
}

func runCatalogSearch(ctx context.Context, env *cmdEnv, args []string) error {
	limit := 20
	var words []string
	for i := 0; i < len(args); i++ {
		if args[i] == "--limit" && i+1 < len(args) {
			n, err := strconv.Atoi(args[i+1])
			if err != nil || n < 1 {
				return usagef("--limit takes a positive number, not %q", args[i+1])
			}
			limit = n
			i++
			continue
		}
		words = append(words, args[i])
	}
	query := strings.Join(words, " ")
	if strings.TrimSpace(query) == "" {
		return usagef("give what to search for")
	}
	st, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	hits, err := st.Search(ctx, query, limit)
	if err != nil {
		return err
	}
	for _, h := range hits {
		fmt.Fprintf(env.stdout, "%s\t%s\n", h.Code, h.Name)
	}
	if len(hits) == 0 {
		fmt.Fprintf(env.stderr, "no procedure matches %q\n", query)
	}
	return nil
}
