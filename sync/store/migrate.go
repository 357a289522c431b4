package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are forward-only: migration i (0-based) takes the schema from
// user_version i to i+1. Never edit one that has shipped; append a new one.
var migrations = []string{
	// 1: settings.
	`CREATE TABLE settings (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL
	) STRICT;`,

	// 2: the procedure catalog and its search index. Indexed text is folded in Go
	// (fold.go): lower case, no diacritics, đ→d, so FTS5 sees plain ASCII words.
	`CREATE TABLE procedures (
		code     TEXT PRIMARY KEY,
		ord      INTEGER NOT NULL,
		name     TEXT NOT NULL,
		name_en  TEXT NOT NULL,
		field    TEXT NOT NULL,
		level    INTEGER NOT NULL,
		body     TEXT NOT NULL -- the whole procedure as catalog JSON
	) STRICT;
	CREATE INDEX procedures_field ON procedures(field, ord);
	CREATE VIRTUAL TABLE procedures_fts USING fts5(
		code UNINDEXED, name, name_en, field, agency, details,
		tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3', detail = column
	);`,

	// 3: the dossier outbox and its pages.
	`CREATE TABLE dossiers (
		id             TEXT PRIMARY KEY,
		receipt_code   TEXT NOT NULL UNIQUE,
		procedure_code TEXT NOT NULL,
		procedure_name TEXT NOT NULL,
		applicant      TEXT NOT NULL, -- JSON
		fields         TEXT NOT NULL, -- JSON
		assisted_by    TEXT NOT NULL DEFAULT '',
		language       TEXT NOT NULL DEFAULT 'vi',
		state          TEXT NOT NULL,
		official_code  TEXT NOT NULL DEFAULT '',
		status         TEXT NOT NULL DEFAULT '',
		attempts       INTEGER NOT NULL DEFAULT 0,
		next_attempt   INTEGER NOT NULL DEFAULT 0, -- unix ms
		last_error     TEXT NOT NULL DEFAULT '',
		reject_reason  TEXT NOT NULL DEFAULT '',
		created_at     INTEGER NOT NULL,
		updated_at     INTEGER NOT NULL,
		purged         INTEGER NOT NULL DEFAULT 0
	) STRICT;
	CREATE INDEX dossiers_due ON dossiers(state, next_attempt);
	CREATE INDEX dossiers_official ON dossiers(official_code) WHERE official_code != '';
	CREATE TABLE pages (
		dossier_id  TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
		seq         INTEGER NOT NULL,
		document_id TEXT NOT NULL,
		format      TEXT NOT NULL,
		width       INTEGER NOT NULL,
		height      INTEGER NOT NULL,
		size        INTEGER NOT NULL,
		sha256      TEXT NOT NULL,
		path        TEXT NOT NULL, -- '' once purged
		PRIMARY KEY (dossier_id, seq)
	) STRICT;`,

	// 4: usage events (no personal data) and a daily roll-up kept in the same
	// transaction, so daily figures over a year of events stay cheap.
	`CREATE TABLE usage_events (
		id        INTEGER PRIMARY KEY,
		at        INTEGER NOT NULL, -- unix ms
		day       TEXT NOT NULL,    -- YYYY-MM-DD local
		hour      INTEGER NOT NULL, -- 0..23 local
		kind      TEXT NOT NULL,
		procedure TEXT NOT NULL DEFAULT '',
		value     INTEGER NOT NULL DEFAULT 0,
		assisted  INTEGER NOT NULL DEFAULT 0
	) STRICT;
	CREATE INDEX usage_events_day ON usage_events(day, kind, hour);
	CREATE TABLE usage_daily (
		day       TEXT NOT NULL,
		kind      TEXT NOT NULL,
		procedure TEXT NOT NULL,
		val       INTEGER NOT NULL, -- the rating score for ratings, else 0
		assisted  INTEGER NOT NULL,
		n         INTEGER NOT NULL, -- events
		total     INTEGER NOT NULL, -- sum of values
		PRIMARY KEY (day, kind, procedure, val, assisted)
	) STRICT, WITHOUT ROWID;`,

	// 5: the search index gains the procedures' colloquial names (aliases), and its
	// folding maps y to i (kí/ký). The new index is filled from procedures.body by
	// reindexSearch when Open finds it out of date (folding is Go code).
	`DROP TABLE procedures_fts;
	CREATE VIRTUAL TABLE procedures_fts USING fts5(
		code UNINDEXED, name, name_en, field, agency, details, aliases,
		tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3', detail = column
	);`,

	// 6: the level 4 fee of each dossier that owes one (fees.go): what is due, set
	// when the dossier is saved, and what the gateway says was paid. No personal data.
	`CREATE TABLE fees (
		dossier_id TEXT PRIMARY KEY REFERENCES dossiers(id) ON DELETE CASCADE,
		due_vnd    INTEGER NOT NULL,
		paid_vnd   INTEGER NOT NULL DEFAULT 0,
		payment    TEXT NOT NULL DEFAULT '', -- '', paid, underpaid, overpaid
		paid_day   TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD local, when the kiosk learnt of the payment
		updated_at INTEGER NOT NULL
	) STRICT;
	CREATE INDEX fees_paid_day ON fees(paid_day) WHERE paid_day != '';`,
	// 7: the kind of a dossier's last failed attempt (failure.go), which the staff
	// queue groups and words by. Rows from before are "other" when they had an error
	// and "refused" when the gateway had rejected them.
	`ALTER TABLE dossiers ADD COLUMN failure TEXT NOT NULL DEFAULT '';
	UPDATE dossiers SET failure = CASE WHEN state = 'rejected' THEN 'refused' ELSE 'other' END
		WHERE last_error != '' OR state = 'rejected';`,

	// 8: the resident's consent, recorded with the dossier (when, which text).
	`ALTER TABLE dossiers ADD COLUMN consent_at INTEGER NOT NULL DEFAULT 0; -- unix ms; 0: none recorded
	ALTER TABLE dossiers ADD COLUMN consent_version TEXT NOT NULL DEFAULT '';`,
}

// migrate brings db up to version target, one transaction per migration.
func migrate(ctx context.Context, db *sql.DB, target int) error {
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("store: database schema version %d is newer than this program (%d); upgrade the kiosk", v, len(migrations))
	}
	for ; v < target; v++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migration %d: %w", v+1, mapErr(err))
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %d: %w", v+1, mapErr(err))
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %d: %w", v+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %d: %w", v+1, mapErr(err))
		}
	}
	return nil
}
