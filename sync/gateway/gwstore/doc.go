// Package gwstore is the reference gateway's storage: kiosks and their secrets, pages,
// dossiers with their official codes and status history, and daily usage figures per
// kiosk. Two implementations share one contract (the methods of [SQLite] and
// [Postgres], which sync/gateway consumes through its Store interface):
//
//   - SQLite (github.com/mattn/go-sqlite3), the zero-setup default: one database file
//     in WAL mode with _txlock=immediate and a busy timeout. One gateway process per file.
//
//   - PostgreSQL (github.com/jackc/pgx/v5), for several gateway processes behind a load
//     balancer; schema creation is serialized by an advisory lock.
//
// The schema is written once for both engines: each table's CREATE statement is a
// text/template in the file of the code that uses it (schema.go: kiosks, pages,
// dossiers, usage), rendered per engine with its type names (INTEGER or BIGINT, BLOB
// or BYTEA, the auto-numbered key) and PostgreSQL's own parts; migrate.go creates it
// in one locked transaction and adds the columns an older database lacks.
//
// Page bytes live behind [PageBlobs], content-addressed by SHA-256, while the pages
// table stays the index that dossiers reference: the bytes are stored (and verified)
// before the row is written, and the row is removed before the bytes, so a row never
// names missing bytes. Where the bytes live:
//
//   - SQLite's default: files under the data directory (pagestore.Dir, pages/ab/abcdef…,
//     temp → fsync → rename → fsync(dir)).
//   - PostgreSQL's default: the page_bytes table (bytea, stored out of line without
//     compression), because every gateway process sees it with no shared filesystem
//     or extra service, and one pg_dump is the whole backup, consistent between
//     dossiers and pages. Pages from before page_bytes (pages.data) are still read.
//   - An S3-compatible bucket (pagestore.S3, WithPages), once scans outgrow the
//     database: terabytes of images would otherwise ride along in every backup,
//     vacuum, restore and replica. PostgreSQL + S3 is the city-scale deployment.
//
// Official codes: each dossier gets "<agency>-<YYMMDD>-<NNNN>" once, in the same
// transaction that stores it; the daily sequence comes from a per-day counter row
// (day_seq) whose update locks the row, so codes stay unique and gapless across
// processes. Concurrent submissions of the same dossier id are serialized (SQLite:
// the immediate write lock; PostgreSQL: a transaction-scoped advisory lock on the id),
// so exactly one row is stored and every duplicate gets the same answer.
//
// Kiosk secrets are stored as-is (the gateway must hold the secret itself to verify
// HMACs); the SQLite file is created with mode 0600 and PostgreSQL access must be
// restricted accordingly. Encrypting them at rest under a server key is a possible
// hardening that would not change this package's API.
package gwstore
