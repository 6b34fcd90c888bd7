package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/paydesk/paydesk/support/sqlstore"
)

// TestMigrateConcurrent starts two instances on one database at once: each
// with its own *sql.DB, as two processes would. Every migration is applied
// exactly once, both succeed, and a third Migrate has nothing to do.
func TestMigrateConcurrent(t *testing.T) {
	for _, tc := range []struct {
		name string
		open func(t *testing.T) (driver, dsn string, d sqlstore.Dialect)
	}{
		{"sqlite", func(t *testing.T) (string, string, sqlstore.Dialect) {
			return "sqlite", sqliteDSN(filepath.Join(t.TempDir(), "m.db")), sqlstore.SQLite
		}},
		{"postgres", func(t *testing.T) (string, string, sqlstore.Dialect) {
			dsn, _ := pgSchema(t)
			return "pgx", dsn, sqlstore.Postgres
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			drv, dsn, d := tc.open(t)
			ctx := context.Background()
			const instances = 4
			dbs := make([]*sqlstore.DB, instances)
			for i := range dbs {
				sdb, err := sql.Open(drv, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { sdb.Close() })
				if dbs[i], err = sqlstore.New(sdb, d); err != nil {
					t.Fatal(err)
				}
			}
			if err := dbs[0].Check(ctx); !errors.Is(err, sqlstore.ErrSchema) {
				t.Fatalf("Check before Migrate: %v, want ErrSchema", err)
			}
			applied := make([]int, instances)
			errs := make([]error, instances)
			var wg sync.WaitGroup
			for i, db := range dbs {
				wg.Go(func() { applied[i], errs[i] = db.Migrate(ctx) })
			}
			wg.Wait()
			total := 0
			for i := range dbs {
				if errs[i] != nil {
					t.Fatalf("instance %d: %v", i, errs[i])
				}
				total += applied[i]
			}
			if want := dbs[0].SchemaVersion(); total != want || want < 5 {
				t.Fatalf("applied %d migrations in all (%v), want %d once each", total, applied, want)
			}
			n, err := dbs[1].Migrate(ctx)
			if err != nil || n != 0 {
				t.Fatalf("Migrate again: %d, %v; want 0, nil", n, err)
			}
			if err := dbs[2].Check(ctx); err != nil {
				t.Fatalf("Check: %v", err)
			}
			// The stores work on the migrated schema.
			if _, err := dbs[3].Tickets().Find(ctx, supportQuery()); err != nil {
				t.Fatal(err)
			}
		})
	}
}
