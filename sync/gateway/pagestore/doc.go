// Package pagestore holds the bytes of scanned pages for the gateway, content-addressed
// by their lowercase hex SHA-256, in one of two places of its own:
//
//   - [Dir], a local directory (pages/ab/abcdef…), the default of a single gateway on
//     SQLite: written temp → fsync → rename → fsync(dir), so a page is whole or absent.
//   - [S3], an S3-compatible object store (github.com/minio/minio-go/v7): bucket,
//     prefix, endpoint and credentials from flags, the environment or a credentials
//     file. Every PUT carries the page's SHA-256 in x-amz-checksum-sha256, so the
//     server itself refuses bytes that do not hash to the key, and the answer's
//     checksum is compared again. Keys are the hash: a retried PUT, or two gateways
//     writing the same page at once, store the same bytes under the same key.
//
// The third place, PostgreSQL bytea, lives with the rest of the SQL in gwstore.
// Every implementation passes the same contract (package pagestoretest): Put verifies
// size and hash ([ErrChecksum], [ErrSize]) and stores nothing on a mismatch; Open and
// Stat answer [ErrNotFound] for an absent page; Delete of an absent page succeeds.
// A key that is not 64 lowercase hex digits is refused with [ErrInvalidKey] before
// any I/O (no path or object name is ever built from it).
package pagestore
