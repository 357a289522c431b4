package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// seedAt writes rows that version v's schema can hold, so the upgrade test can check
// that they survive every later migration.
var seedAt = map[int]string{
	1: `INSERT INTO settings(key, value) VALUES('kiosk.id', 'k-1')`,
	2: `INSERT INTO procedures(code, ord, name, name_en, field, level, body) VALUES('1.001193', 0, 'Đăng ký khai sinh', '', 'Hộ tịch', 4, '{"code":"1.001193","name":"Đăng ký khai sinh"}');
	    INSERT INTO procedures_fts(code, name, name_en, field, agency, details) VALUES('1.001193', 'dang ky khai sinh', '', 'ho tich', '', '')`,
	3: `INSERT INTO dossiers(id, receipt_code, procedure_code, procedure_name, applicant, fields, state, created_at, updated_at)
	    VALUES('d-1', 'ABCD-2345', '1.001193', 'Đăng ký khai sinh', '{"name":"A"}', '{"x":"y"}', 'queued', 1, 1)`,
	4: `INSERT INTO usage_daily(day, kind, procedure, val, assisted, n, total) VALUES('2026-11-27', 'session_started', '', 0, 0, 3, 0)`,
}

func TestMigrateFromEveryEarlierVersion(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for from := 0; from <= len(migrations); from++ {
		path := filepath.Join(t.TempDir(), "kiosk.db")
		db, err := openDB(path, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := migrate(ctx, db, from); err != nil {
			t.Fatalf("migrate to %d: %v", from, err)
		}
		for v := 1; v <= from; v++ {
			if _, err := db.ExecContext(ctx, seedAt[v]); err != nil {
				t.Fatalf("seed v%d: %v", v, err)
			}
		}
		db.Close()

		s, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatalf("Open from version %d: %v", from, err)
		}
		var v int
		s.db.QueryRow("PRAGMA user_version").Scan(&v)
		if v != len(migrations) {
			t.Fatalf("from %d: at version %d, want %d", from, v, len(migrations))
		}
		if from >= 1 {
			if id, _ := s.Setting(ctx, "kiosk.id"); id != "k-1" {
				t.Fatalf("from %d: setting lost", from)
			}
		}
		if from >= 2 {
			if hits, err := s.Search(ctx, "khai sinh", 5); err != nil || len(hits) != 1 {
				t.Fatalf("from %d: search after upgrade: %v %v", from, hits, err)
			}
		}
		if from >= 3 {
			if d, err := s.FindDossier(ctx, "abcd2345"); err != nil || d.Applicant.Name != "A" {
				t.Fatalf("from %d: dossier lost: %v", from, err)
			}
		}
		if from >= 4 {
			if u, _ := s.Usage(ctx, "2026-11-27", "2026-11-27"); len(u) != 1 || u[0].Sessions != 3 {
				t.Fatalf("from %d: usage lost: %+v", from, u)
			}
		}
		// Every table of the current schema works on the upgraded file.
		if err := s.Record(ctx, Event{Kind: EvSessionStarted}); err != nil {
			t.Fatalf("from %d: record: %v", from, err)
		}
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, _ := openDB(path, 0)
	db.Exec("PRAGMA user_version = 99")
	db.Close()
	if _, err := Open(ctx, path, Options{}); err == nil || !strings.Contains(err.Error(), "newer than this program") {
		t.Fatalf("want a clear refusal, got %v", err)
	}
}
