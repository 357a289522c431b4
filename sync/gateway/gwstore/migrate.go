package gwstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// migrationLock is the key of the lock that serializes schema creation between
// PostgreSQL gateway processes starting at once.
const migrationLock = 0x6477_6761_7465 // "dwgate"

// migrate creates the schema (schema.go) if it is missing and upgrades an older
// database, in one write transaction.
func (c *core) migrate(ctx context.Context) error {
	return c.inSchemaTx(ctx, migrationLock, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, c.d.schema.render(strings.Join(schemaParts, ""))); err != nil {
			return fmt.Errorf("schema: %w", err)
		}
		return c.addColumns(ctx, tx)
	})
}

// addColumns adds the addedColumns an older database lacks, then their indexes. The
// column is looked up first: PostgreSQL's ALTER TABLE locks the table exclusively
// even when the column is there already.
func (c *core) addColumns(ctx context.Context, tx *sql.Tx) error {
	for _, a := range addedColumns {
		err := tx.QueryRowContext(ctx, c.q(c.d.schema.hasColumn), a.table, a.column).Scan(new(int))
		if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.ExecContext(ctx, c.d.schema.render(`ALTER TABLE `+a.table+` ADD COLUMN `+a.column+` `+a.def))
		}
		if err == nil && a.index != "" {
			_, err = tx.ExecContext(ctx, a.index)
		}
		if err != nil {
			return fmt.Errorf("upgrade %s.%s: %w", a.table, a.column, err)
		}
	}
	return nil
}

// inSchemaTx runs create in one write transaction that holds the schema lock key
// (PostgreSQL; a SQLite write transaction is exclusive already), so that two
// processes opening the same database do not both create or add.
func (c *core) inSchemaTx(ctx context.Context, key int64, create func(*sql.Tx) error) error {
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if c.d.schema.lock != "" {
		if _, err := tx.ExecContext(ctx, c.q(c.d.schema.lock), key); err != nil {
			return fmt.Errorf("schema lock: %w", err)
		}
	}
	if err := create(tx); err != nil {
		return err
	}
	return tx.Commit()
}
