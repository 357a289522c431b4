package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// FieldCount is a field (lĩnh vực) with how many procedures it holds.
type FieldCount struct {
	Name   string
	NameEN string // the catalog's field_en of the field's procedures, "" when none has one
	Count  int
}

const (
	keyCatalogVersion = "catalog.version"
	keyCatalogETag    = "catalog.etag"
	// keyCatalogGeneration changes with every import, so that a search cache built
	// before another process imported a catalog is noticed as stale.
	keyCatalogGeneration = "catalog.generation"
)

// ImportCatalog validates c and replaces the whole catalog with it in one transaction:
// a catalog that fails validation, or a failure half-way, changes nothing.
func (s *Store) ImportCatalog(ctx context.Context, c *catalog.Catalog) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("store: %w: %w", ErrInvalidCatalog, err)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{"DELETE FROM procedures", "DELETE FROM procedures_fts"} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		ins, err := tx.PrepareContext(ctx, "INSERT INTO procedures(code, ord, name, name_en, field, level, body) VALUES(?,?,?,?,?,?,?)")
		if err != nil {
			return err
		}
		defer ins.Close()
		fts, err := tx.PrepareContext(ctx, insertSearchRow)
		if err != nil {
			return err
		}
		defer fts.Close()
		for i := range c.Procedures {
			p := &c.Procedures[i]
			body, err := json.Marshal(p)
			if err != nil {
				return err
			}
			res, err := ins.ExecContext(ctx, p.Code, i, p.Name, p.NameEN, p.Field, int(p.Level), string(body))
			if err != nil {
				return fmt.Errorf("procedure %s: %w", p.Code, err)
			}
			rowid, err := res.LastInsertId()
			if err != nil {
				return err
			}
			// The index row shares the procedure's rowid, so hits join without a lookup by code.
			if err := indexProcedure(ctx, fts, rowid, p); err != nil {
				return fmt.Errorf("procedure %s: %w", p.Code, err)
			}
		}
		if err := setSetting(ctx, tx, keyCatalogGeneration, newID()); err != nil {
			return err
		}
		if err := setSetting(ctx, tx, keySearchIndex, searchIndexVersion); err != nil {
			return err
		}
		if err := setPayees(ctx, tx, c.Payees); err != nil { // fees.go
			return err
		}
		return setSetting(ctx, tx, keyCatalogVersion, c.Version)
	})
	if err != nil {
		return fmt.Errorf("store: import catalog: %w", err)
	}
	s.dropSearchCache()
	s.warmSearchCache()
	return nil
}

// details is the secondary searchable text of a procedure: its code, steps and documents.
func details(p *catalog.Procedure) string {
	parts := []string{p.Code}
	parts = append(parts, p.Steps...)
	for _, d := range p.Documents {
		parts = append(parts, d.Name)
	}
	return strings.Join(parts, " \n ")
}

// CatalogVersion is the version of the imported catalog, "" when none is.
func (s *Store) CatalogVersion(ctx context.Context) (string, error) {
	return s.Setting(ctx, keyCatalogVersion)
}

// CatalogETag is the gateway's ETag of the last catalog pulled, "" when none.
func (s *Store) CatalogETag(ctx context.Context) (string, error) {
	return s.Setting(ctx, keyCatalogETag)
}

// SetCatalogETag remembers the gateway's ETag of the catalog in use.
func (s *Store) SetCatalogETag(ctx context.Context, etag string) error {
	return s.SetSetting(ctx, keyCatalogETag, etag)
}

// Procedure returns the whole procedure with the given code.
func (s *Store) Procedure(ctx context.Context, code string) (*catalog.Procedure, error) {
	var body string
	err := s.db.QueryRowContext(ctx, "SELECT body FROM procedures WHERE code = ?", code).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: procedure %s: %w", code, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: procedure %s: %w", code, err)
	}
	var p catalog.Procedure
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		return nil, fmt.Errorf("store: procedure %s: %w", code, err)
	}
	return &p, nil
}

// Fields lists the fields (lĩnh vực) with their procedure counts, largest first.
func (s *Store) Fields(ctx context.Context) ([]FieldCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT field, coalesce(max(json_extract(body, '$.field_en')), ''), count(*)
		FROM procedures GROUP BY field ORDER BY count(*) DESC, min(ord)`)
	if err != nil {
		return nil, fmt.Errorf("store: fields: %w", err)
	}
	defer rows.Close()
	var out []FieldCount
	for rows.Next() {
		var f FieldCount
		if err := rows.Scan(&f.Name, &f.NameEN, &f.Count); err != nil {
			return nil, fmt.Errorf("store: fields: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ProceduresByField lists one field's procedures in catalog order.
func (s *Store) ProceduresByField(ctx context.Context, field string) ([]ProcedureSummary, error) {
	return s.summaries(ctx, "SELECT code, name, name_en, field, level FROM procedures WHERE field = ? ORDER BY ord", field)
}

// ListProcedures lists every procedure in catalog order.
func (s *Store) ListProcedures(ctx context.Context) ([]ProcedureSummary, error) {
	return s.summaries(ctx, "SELECT code, name, name_en, field, level FROM procedures ORDER BY ord")
}

func (s *Store) summaries(ctx context.Context, q string, args ...any) ([]ProcedureSummary, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: procedures: %w", err)
	}
	defer rows.Close()
	var out []ProcedureSummary
	for rows.Next() {
		var p ProcedureSummary
		if err := rows.Scan(&p.Code, &p.Name, &p.NameEN, &p.Field, &p.Level); err != nil {
			return nil, fmt.Errorf("store: procedures: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
