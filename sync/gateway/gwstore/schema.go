package gwstore

import (
	"strings"
	"text/template"
)

// The gateway's schema is written once for both engines. Each part (the tables
// below, and those of payments.go, security.go, erase.go, fleet.go, uploads.go and
// accounts.go) is a text/template rendered with a schemaDialect: {{.Int64}},
// {{.Bytes}} and {{.AutoKey}} name the engine's types, and {{if .Postgres}} holds
// what only PostgreSQL has (page_bytes, the legacy pages.data column, out-of-line
// storage of page bytes). Every statement is idempotent: opening a database runs the
// whole schema again, then addedColumns upgrades an older one (migrate.go).
//
// A part may write BIGINT for both (SQLite gives it the same integer affinity as
// INTEGER), as the newer parts do; the oldest tables use {{.Int64}} so that SQLite
// still gets the very text it always did.

// schemaDialect is what differs between the two engines' schemas.
type schemaDialect struct {
	Postgres bool   // PostgreSQL-only tables, columns and storage settings
	Int64    string // a 64-bit integer (every SQLite integer is 64 bits wide)
	Bytes    string // a byte string
	AutoKey  string // an auto-numbered integer primary key

	hasColumn string // one row when table ? has column ?
	lock      string // takes a transaction-scoped lock on key ?; "" when the write transaction serializes already
}

// The two engines' schema dialects.
var (
	sqliteSchema = schemaDialect{Int64: "INTEGER", Bytes: "BLOB", AutoKey: "INTEGER PRIMARY KEY AUTOINCREMENT",
		hasColumn: `SELECT 1 FROM pragma_table_info(?) WHERE name = ?`}
	postgresSchema = schemaDialect{Postgres: true, Int64: "BIGINT", Bytes: "BYTEA", AutoKey: "BIGSERIAL PRIMARY KEY",
		hasColumn: `SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ? AND NOT attisdropped`,
		lock:      `SELECT pg_advisory_xact_lock(?)`}
)

// render fills a schema template with the dialect's names. It panics on a template
// that does not parse or run: they are constants, all run by every store test.
func (sd schemaDialect) render(text string) string {
	var b strings.Builder
	if err := template.Must(template.New("schema").Parse(text)).Execute(&b, sd); err != nil {
		panic(err)
	}
	return b.String()
}

// schemaParts are the gateway store's tables in the order they are created (a table
// before those that reference it).
var schemaParts = []string{dossierSchema, paymentSchema, securitySchema, eraseSchema, fleetSchema, uploadsSchema}

// addedColumns are the columns added to tables after they were first created, with
// their definitions (templates, as the schema) and the indexes over them: migrate
// adds those an older database lacks, then creates the indexes.
var addedColumns = []struct{ table, column, def, index string }{
	{table: "usage", column: "dossiers_started", def: "INTEGER NOT NULL DEFAULT 0"},
	{table: "dossiers", column: "change_seq", def: "{{.Int64}} NOT NULL DEFAULT 0",
		index: "CREATE INDEX IF NOT EXISTS dossiers_kiosk_change ON dossiers(kiosk_id, change_seq)"},
}

// dossierSchema is the kiosks, their pages, dossiers with their status history, the
// daily code sequence and the daily usage figures.
const dossierSchema = `
CREATE TABLE IF NOT EXISTS kiosks (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	commune    TEXT NOT NULL DEFAULT '',
	secret     TEXT NOT NULL,
	created_at {{.Int64}} NOT NULL,
	disabled   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS pages (
	sha256     TEXT PRIMARY KEY,
	size       {{.Int64}} NOT NULL,
{{- if .Postgres}}
	data       BYTEA, -- pages stored before page_bytes existed; NULL since
{{- end}}
	created_at {{.Int64}} NOT NULL
);
{{- if .Postgres}}
CREATE TABLE IF NOT EXISTS page_bytes (
	sha256 TEXT PRIMARY KEY,
	data   BYTEA NOT NULL
);
DO $$ BEGIN
	-- JPEG/PNG do not compress: store page bytes out of line without trying.
	IF (SELECT attstorage FROM pg_attribute WHERE attrelid = 'pages'::regclass AND attname = 'data') <> 'e' THEN
		ALTER TABLE pages ALTER COLUMN data SET STORAGE EXTERNAL;
	END IF;
	IF (SELECT attstorage FROM pg_attribute WHERE attrelid = 'page_bytes'::regclass AND attname = 'data') <> 'e' THEN
		ALTER TABLE page_bytes ALTER COLUMN data SET STORAGE EXTERNAL;
	END IF;
	-- Page bytes moved to page_bytes (or a bucket): new rows leave pages.data NULL.
	IF (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'pages'::regclass AND attname = 'data') THEN
		ALTER TABLE pages ALTER COLUMN data DROP NOT NULL;
	END IF;
END $$;
{{- end}}
CREATE TABLE IF NOT EXISTS day_seq (
	prefix TEXT PRIMARY KEY,
	last   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS dossiers (
	id             TEXT PRIMARY KEY,
	kiosk_id       TEXT NOT NULL REFERENCES kiosks(id),
	receipt_code   TEXT NOT NULL,
	procedure_code TEXT NOT NULL,
	official_code  TEXT NOT NULL UNIQUE,
	status         TEXT NOT NULL,
	note           TEXT NOT NULL DEFAULT '',
	body_sha256    TEXT NOT NULL,
	body           TEXT NOT NULL,
	page_count     INTEGER NOT NULL,
	received_at    {{.Int64}} NOT NULL,
	updated_at     {{.Int64}} NOT NULL
);
CREATE INDEX IF NOT EXISTS dossiers_kiosk_receipt ON dossiers(kiosk_id, receipt_code);
CREATE INDEX IF NOT EXISTS dossiers_received ON dossiers(received_at);
CREATE TABLE IF NOT EXISTS dossier_pages (
	dossier_id  TEXT NOT NULL REFERENCES dossiers(id),
	seq         INTEGER NOT NULL,
	document_id TEXT NOT NULL,
	sha256      TEXT NOT NULL REFERENCES pages(sha256),
	size        {{.Int64}} NOT NULL,
	format      TEXT NOT NULL,
	PRIMARY KEY (dossier_id, seq)
);
CREATE TABLE IF NOT EXISTS dossier_events (
	seq        {{.AutoKey}},
	dossier_id TEXT NOT NULL REFERENCES dossiers(id),
	at         {{.Int64}} NOT NULL,
	status     TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS dossier_events_dossier ON dossier_events(dossier_id);
CREATE TABLE IF NOT EXISTS usage (
	kiosk_id              TEXT NOT NULL REFERENCES kiosks(id),
	day                   TEXT NOT NULL,
	sessions              INTEGER NOT NULL,
	completed             INTEGER NOT NULL,
	abandoned             INTEGER NOT NULL,
	dossiers_started      INTEGER NOT NULL DEFAULT 0,
	dossiers_submitted    INTEGER NOT NULL,
	assisted_dossiers     INTEGER NOT NULL,
	pages_scanned         INTEGER NOT NULL,
	lookups               INTEGER NOT NULL,
	ratings               TEXT NOT NULL,
	procedure_views       TEXT NOT NULL,
	dossiers_by_procedure TEXT NOT NULL,
	updated_at            {{.Int64}} NOT NULL,
	PRIMARY KEY (kiosk_id, day)
);
CREATE INDEX IF NOT EXISTS usage_day ON usage(day);
`
