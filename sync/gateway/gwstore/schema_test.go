package gwstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
)

// TestSchemaSameOnBothEngines opens a new store (with the dashboard's tables) on
// SQLite and on PostgreSQL and reads back from each database's own catalog what it
// holds: the same tables with the same columns in the same order (kind of type,
// nullability, default), primary keys, unique constraints, foreign keys and named
// indexes, apart from what only PostgreSQL has (page_bytes, the legacy pages.data),
// whose page bytes are stored out of line.
func TestSchemaSameOnBothEngines(t *testing.T) {
	ctx := context.Background()
	dsn := gwtest.PGDatabase(t, "gwschema")
	dir := t.TempDir()
	path := filepath.Join(dir, "gw.db")
	for _, dsn := range []string{path, dsn} {
		s, err := gwstore.Open(ctx, dsn, dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.(interface{ SetupDashboard(context.Context) error }).SetupDashboard(ctx); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	lite := openDB(t, "sqlite3", "file:"+path)
	pg := openDB(t, "pgx", dsn)
	want := catalog(t, "sqlite3", lite, false)
	if len(want) < 30 || !slices.Contains(want, "table dossier_events: seq integer not null auto, dossier_id text not null, "+
		"at integer not null, status text not null, note text not null default ''") {
		t.Fatalf("SQLite catalog misread: %q", want)
	}
	sameSchema(t, catalog(t, "pgx", pg, false), want)

	rows, err := pg.Query(`SELECT attrelid::regclass::text, attstorage, attnotnull FROM pg_attribute
		WHERE attname = 'data' AND attrelid IN ('pages'::regclass, 'page_bytes'::regclass, 'upload_chunks'::regclass)
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var table, storage string
		var notNull bool
		if err := rows.Scan(&table, &storage, &notNull); err != nil {
			t.Fatal(err)
		}
		got = append(got, table+" "+storage+" "+map[bool]string{true: "not null", false: "null"}[notNull])
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"page_bytes e not null", "pages e null", "upload_chunks e not null"}; !slices.Equal(got, want) {
		t.Errorf("PostgreSQL page bytes columns (storage, nullability): %q, want %q", got, want)
	}
}

// sameSchema fails t with the lines of one catalog missing from the other.
func sameSchema(t *testing.T, got, want []string) {
	t.Helper()
	for _, l := range want {
		if !slices.Contains(got, l) {
			t.Errorf("missing: %s", l)
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			t.Errorf("unexpected: %s", l)
		}
	}
}

func openDB(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// catalogQueries read a database's catalog as (group, label, item) rows in order:
// each group becomes the line "label: item, item…". PostgreSQL's names of
// constraints differ from SQLite's, so they group but are not shown.
var catalogQueries = map[string][]string{
	"sqlite3": {
		`SELECT 'pk ' || m.name, 'primary key ' || m.name, p.name
		FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.pk > 0 ORDER BY m.name, p.pk`,
		`SELECT l.name, CASE l.origin WHEN 'u' THEN 'unique ' || m.name
			ELSE 'index ' || l.name || ' on ' || m.name || CASE WHEN l."unique" THEN ' unique' ELSE '' END END, i.name
		FROM sqlite_master m, pragma_index_list(m.name) l, pragma_index_info(l.name) i
		WHERE m.type = 'table' AND l.origin IN ('u', 'c') ORDER BY l.name, i.seqno`,
		`SELECT m.name || f.id, 'foreign key ' || m.name || ' -> ' || f."table" || ' on delete ' || lower(f.on_delete),
			f."from" || '=' || f."to"
		FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`,
	},
	"pgx": {
		`SELECT tc.constraint_name, lower(tc.constraint_type) || ' ' || tc.table_name, k.column_name
		FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k
			ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
		WHERE tc.table_schema = current_schema() AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
		ORDER BY tc.constraint_name, k.ordinal_position`,
		`SELECT ic.relname, 'index ' || ic.relname || ' on ' || t.relname || CASE WHEN i.indisunique THEN ' unique' ELSE '' END,
			a.attname
		FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
			CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
			JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
		WHERE t.relnamespace = current_schema()::regnamespace
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))
		ORDER BY ic.relname, k.ord`,
		`SELECT rc.constraint_name, 'foreign key ' || k.table_name || ' -> ' || u.table_name || ' on delete ' ||
			lower(rc.delete_rule), k.column_name || '=' || u.column_name
		FROM information_schema.referential_constraints rc
			JOIN information_schema.key_column_usage k
				ON k.constraint_schema = rc.constraint_schema AND k.constraint_name = rc.constraint_name
			JOIN information_schema.key_column_usage u ON u.constraint_schema = rc.unique_constraint_schema
				AND u.constraint_name = rc.unique_constraint_name AND u.ordinal_position = k.position_in_unique_constraint
		WHERE rc.constraint_schema = current_schema() ORDER BY rc.constraint_name, k.ordinal_position`,
	},
}

// columnQueries read every column as (table, column, type, not null, default,
// auto-numbered) in table order. A SQLite primary key column counts as not null (an
// old SQLite quirk lets a non-integer one hold NULL; the store never writes one).
var columnQueries = map[string]string{
	"sqlite3": `SELECT m.name, p.name, lower(p.type), p."notnull" OR p.pk > 0, coalesce(p.dflt_value, ''),
		p.pk = 1 AND lower(p.type) = 'integer' AND (SELECT count(*) FROM pragma_table_info(m.name) WHERE pk > 0) = 1
	FROM sqlite_master m, pragma_table_info(m.name) p
	WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`,
	"pgx": `SELECT table_name, column_name, data_type, is_nullable = 'NO',
		coalesce(regexp_replace(column_default, '::[a-z ]+$', ''), ''), coalesce(column_default LIKE 'nextval(%', false)
	FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
}

// typeKinds maps each engine's type names to what both mean by them.
var typeKinds = map[string]string{"integer": "integer", "bigint": "integer", "text": "text", "blob": "bytes", "bytea": "bytes"}

// catalog describes the database db of driver in engine-neutral lines, sorted,
// leaving out what only PostgreSQL has. With anyOrder, each table's columns are
// sorted by name (a column added by an upgrade comes last).
func catalog(t *testing.T, driver string, db *sql.DB, anyOrder bool) []string {
	t.Helper()
	pgOnly := func(s string) bool { return strings.Contains(s, "page_bytes") || s == "pages.data" }
	var lines []string
	add := func(label string, items []string) {
		if !pgOnly(label) && len(items) > 0 {
			lines = append(lines, label+": "+strings.Join(items, ", "))
		}
	}
	for _, q := range catalogQueries[driver] {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s catalog: %v", driver, err)
		}
		var group, label, item, lastGroup, lastLabel string
		var items []string
		for rows.Next() {
			if err := rows.Scan(&group, &label, &item); err != nil {
				t.Fatal(err)
			}
			if group != lastGroup {
				add(lastLabel, items)
				lastGroup, lastLabel, items = group, label, nil
			}
			items = append(items, item)
		}
		add(lastLabel, items)
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	rows, err := db.Query(columnQueries[driver])
	if err != nil {
		t.Fatalf("%s columns: %v", driver, err)
	}
	defer rows.Close()
	tables := map[string][]string{}
	for rows.Next() {
		var table, column, typ, def string
		var notNull, auto bool
		if err := rows.Scan(&table, &column, &typ, &notNull, &def, &auto); err != nil {
			t.Fatal(err)
		}
		if pgOnly(table) || pgOnly(table+"."+column) {
			continue
		}
		c := column + " " + typeKinds[typ]
		if typeKinds[typ] == "" {
			c = column + " unknown type " + typ
		}
		if notNull {
			c += " not null"
		}
		if auto {
			c += " auto"
		} else if def != "" {
			c += " default " + def
		}
		tables[table] = append(tables[table], c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for table, cols := range tables {
		if anyOrder {
			slices.Sort(cols)
		}
		lines = append(lines, "table "+table+": "+strings.Join(cols, ", "))
	}
	slices.Sort(lines)
	return lines
}
