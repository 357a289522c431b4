package gwstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"
)

// oldUsageSchema is the kiosks and usage tables as the gateway created them before
// usage carried dossiers_started (the same text suits both engines), with one
// kiosk's day of figures.
var oldUsageSchema = []string{
	`CREATE TABLE kiosks (
		id         TEXT PRIMARY KEY,
		name       TEXT NOT NULL UNIQUE,
		commune    TEXT NOT NULL DEFAULT '',
		secret     TEXT NOT NULL,
		created_at BIGINT NOT NULL,
		disabled   INTEGER NOT NULL DEFAULT 0
	)`,
	`CREATE TABLE usage (
		kiosk_id              TEXT NOT NULL REFERENCES kiosks(id),
		day                   TEXT NOT NULL,
		sessions              INTEGER NOT NULL,
		completed             INTEGER NOT NULL,
		abandoned             INTEGER NOT NULL,
		dossiers_submitted    INTEGER NOT NULL,
		assisted_dossiers     INTEGER NOT NULL,
		pages_scanned         INTEGER NOT NULL,
		lookups               INTEGER NOT NULL,
		ratings               TEXT NOT NULL,
		procedure_views       TEXT NOT NULL,
		dossiers_by_procedure TEXT NOT NULL,
		updated_at            BIGINT NOT NULL,
		PRIMARY KEY (kiosk_id, day)
	)`,
	`INSERT INTO kiosks(id, name, commune, secret, created_at) VALUES ('k1', 'Nhà văn hóa An Bình', 'An Bình', 's1', 0)`,
	`INSERT INTO usage VALUES ('k1', '2026-11-26', 6, 3, 2, 3, 1, 9, 2, '[0,1,0,1,1]', '{}', '{"1.001193":3}', 0)`,
}

// TestUpgradeAddsDossiersStarted opens a database made by the old schema: the usage
// table gains dossiers_started (0 for the old rows, which keep their figures), new
// figures carry it, opening again changes nothing, and the upgraded database holds
// what a new one does (but for the order of columns: an added one comes last).
func TestUpgradeAddsDossiersStarted(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		path, fresh := filepath.Join(dir, "gw.db"), filepath.Join(dir, "new.db")
		createOld(t, "sqlite3", "file:"+path)
		checkUpgrade(t, func() gwstore.Interface { return openStore(t, path, dir) })
		openStore(t, fresh, dir).Close()
		sameSchema(t, catalog(t, "sqlite3", openDB(t, "sqlite3", "file:"+path), true),
			catalog(t, "sqlite3", openDB(t, "sqlite3", "file:"+fresh), true))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn, fresh := gwtest.PGDatabase(t, "gwupgrade"), gwtest.PGDatabase(t, "gwnew")
		createOld(t, "pgx", dsn)
		checkUpgrade(t, func() gwstore.Interface { return openStore(t, dsn, "") })
		openStore(t, fresh, "").Close()
		sameSchema(t, catalog(t, "pgx", openDB(t, "pgx", dsn), true), catalog(t, "pgx", openDB(t, "pgx", fresh), true))
	})
}

func openStore(t *testing.T, dsn, dir string) gwstore.Interface {
	t.Helper()
	s, err := gwstore.Open(context.Background(), dsn, dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func createOld(t *testing.T, driver, dsn string) {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range oldUsageSchema {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("old schema: %v", err)
		}
	}
}

func checkUpgrade(t *testing.T, open func() gwstore.Interface) {
	t.Helper()
	ctx := context.Background()
	s := open()
	got, err := s.Usage(ctx, gwstore.UsageFilter{})
	if err != nil || len(got) != 1 {
		s.Close()
		t.Fatalf("old row after the upgrade: %+v, %v", got, err)
	}
	if u := got[0].Usage; u.Sessions != 6 || u.Completed != 3 || u.Abandoned != 2 || u.DossiersStarted != 0 ||
		u.DossiersSubmitted != 3 || u.AssistedDossiers != 1 || u.PagesScanned != 9 || u.Lookups != 2 ||
		u.Ratings != [5]int{0, 1, 0, 1, 1} || u.DossiersByProcedure["1.001193"] != 3 {
		t.Errorf("old row after the upgrade: %+v", u)
	}
	err = s.PutUsage(ctx, gwstore.UsageDay{KioskID: "k1", Day: "2026-11-27", Usage: wire.Usage{Sessions: 4, DossiersStarted: 5,
		DossiersSubmitted: 3}, UpdatedAt: day})
	if err != nil {
		t.Fatalf("put usage after the upgrade: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open() // the upgrade is idempotent: the second open finds the column
	defer s.Close()
	got, err = s.Usage(ctx, gwstore.UsageFilter{From: "2026-11-27"})
	if err != nil || len(got) != 1 || got[0].Usage.DossiersStarted != 5 || got[0].Usage.DossiersSubmitted != 3 {
		t.Fatalf("new row after reopening: %+v, %v", got, err)
	}
	sum, err := s.(interface {
		UsageSummary(context.Context, gwstore.UsageFilter) (gwstore.UsageSummary, error)
	}).UsageSummary(ctx, gwstore.UsageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if tot := sum.Total(); tot.Sessions != 10 || tot.DossiersStarted != 5 || tot.Dossiers != 6 || tot.Abandoned != 2 {
		t.Errorf("summary over the old and the new row: %+v", tot)
	}
	if len(sum.Kiosks) != 1 || sum.Kiosks[0].DossiersStarted != 5 || len(sum.Days) != 2 || sum.Days[0].DossiersStarted != 0 ||
		sum.Days[1].DossiersStarted != 5 || sum.Days[1].Dossiers != 3 {
		t.Errorf("summary per kiosk %+v, per day %+v", sum.Kiosks, sum.Days)
	}
}

// A PostgreSQL gateway from before page_bytes kept page bytes in pages.data (NOT
// NULL): after the upgrade those pages still read, new pages go to page_bytes (or
// the bucket), and a dossier can refer to both.
func TestUpgradePostgresPagesInPagesTable(t *testing.T) {
	ctx := context.Background()
	dsn := gwtest.PGDatabase(t, "gwpages")
	old := []byte("trang lưu trong bảng pages trước khi có page_bytes")
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE pages (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, data BYTEA NOT NULL, created_at BIGINT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO pages VALUES($1, $2, $3, 0)`, hash(old), len(old), old); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, opts := range [][]gwstore.Option{nil, s3Pages(t)} {
		s, err := gwstore.Open(ctx, dsn, "", opts...)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if b, err := s.Page(ctx, hash(old)); err != nil || string(b) != string(old) {
			t.Fatalf("old page after the upgrade: %q, %v", b, err)
		}
		fresh := []byte(fmt.Sprintf("trang mới %d", len(opts)))
		if _, err := s.PutPage(ctx, hash(fresh), fresh); err != nil {
			t.Fatalf("new page after the upgrade: %v", err)
		}
		if _, err := s.Pages().Stat(ctx, hash(fresh)); err != nil {
			t.Fatalf("new page not in the page store: %v", err)
		}
		if err := s.AddKiosk(ctx, gwstore.Kiosk{ID: fmt.Sprint("k", len(opts)), Name: fmt.Sprint("k", len(opts)), Secret: "s", CreatedAt: day}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SubmitDossier(ctx, newDossier(fmt.Sprint("k", len(opts)), fmt.Sprint("d", len(opts)), old, fresh)); err != nil {
			t.Fatalf("dossier with an old and a new page: %v", err)
		}
	}
}
