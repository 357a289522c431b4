package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// searchIndexVersion names how the search index is built (its columns and Fold's
// rules); Open rebuilds an index built another way. Change it whenever Fold or what
// is indexed changes.
const searchIndexVersion = "2" // 2: aliases column, y folded to i

// keySearchIndex is the setting holding the searchIndexVersion the index was built with.
const keySearchIndex = "search.index"

const insertSearchRow = "INSERT INTO procedures_fts(rowid, code, name, name_en, field, agency, details, aliases) VALUES(?,?,?,?,?,?,?,?)"

// indexProcedure writes p's search row with the procedure's rowid.
func indexProcedure(ctx context.Context, ins *sql.Stmt, rowid int64, p *catalog.Procedure) error {
	_, err := ins.ExecContext(ctx, rowid, p.Code, Fold(p.Name), Fold(p.NameEN), Fold(p.Field), Fold(p.Agency),
		Fold(details(p)), foldAliases(p.Aliases))
	return err
}

// foldAliases folds each alias and joins them with " | " (Fold never writes |), so
// that ranking can tell one alias from the next.
func foldAliases(as []string) string {
	var out []string
	for _, a := range as {
		if f := Fold(a); f != "" {
			out = append(out, f)
		}
	}
	return strings.Join(out, " | ")
}

// reindexSearch rebuilds the search index from the stored procedures when it was
// built by another version of the rules (after the migration that changed them, or
// an older kiosk's import). It is one transaction: a failure leaves the old index.
func (s *Store) reindexSearch(ctx context.Context) error {
	v, err := s.Setting(ctx, keySearchIndex)
	if err != nil || v == searchIndexVersion {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM procedures_fts"); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, insertSearchRow)
		if err != nil {
			return err
		}
		defer ins.Close()
		rows, err := tx.QueryContext(ctx, "SELECT rowid, code, body FROM procedures ORDER BY rowid")
		if err != nil {
			return err
		}
		type row struct {
			id   int64
			code string
			body string
		}
		var all []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.code, &r.body); err != nil {
				rows.Close()
				return err
			}
			all = append(all, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range all {
			var p catalog.Procedure
			if err := json.Unmarshal([]byte(r.body), &p); err != nil {
				return fmt.Errorf("procedure %s: %w", r.code, err)
			}
			if err := indexProcedure(ctx, ins, r.id, &p); err != nil {
				return fmt.Errorf("procedure %s: %w", r.code, err)
			}
		}
		if err := setSetting(ctx, tx, keyCatalogGeneration, newID()); err != nil {
			return err
		}
		return setSetting(ctx, tx, keySearchIndex, searchIndexVersion)
	})
	if err != nil {
		return fmt.Errorf("store: rebuild search index: %w", err)
	}
	return nil
}
