// Package gwstore is the reference gateway's storage: kiosks and their secrets, pages,
// dossiers with their official codes and status history, and daily usage figures per
// kiosk. Two implementations share one contract (the methods of [SQLite] and
// [Postgres], which sync/gateway consumes through its Store interface):
//
//   - SQLite (github.com/mattn/go-sqlite3), the zero-setup default: one database file
//     in WAL mode with _txlock=immediate and a busy timeout, and page bytes as files
//     under a data directory (pages/ab/abcdef…), content-addressed by SHA-256 and
//     written temp → fsync → rename → fsync(dir) before their row commits, so a row
//     never names a missing file. One gateway process per file.
//
//   - PostgreSQL (github.com/jackc/pgx/v5), for several gateway processes behind a load
//     balancer. Page bytes live IN PostgreSQL (bytea) rather than on disk or in an
//     object store, because (1) every gateway process sees them with no shared
//     filesystem or extra service to run and secure, (2) one pg_dump is the whole
//     backup, consistent between dossiers and their pages, and (3) the page row and
//     the dossier that references it live in one transactional system, so "the dossier
//     is acknowledged" implies "its pages are durable". The price is database size
//     (a commune kiosk sends a few hundred pages of ~200 KB a day: gigabytes per year
//     for a city, well within PostgreSQL's reach; TOAST stores them out of line and
//     uncompressed JPEG/PNG costs no CPU). Should that outgrow one server, pages can
//     move to an S3-compatible store behind the same methods.
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
