package uplink

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// fakeClock is the outbox clock of a test (the test kit's): it only moves when told.
type fakeClock = gwtest.Clock

func newFakeClock() *fakeClock { return gwtest.NewClock(time.Now()) }

// kioskFixture is a kiosk's real store in a temporary directory, with a copy of every
// page it saved (the store purges its files once the gateway has them).
type kioskFixture struct {
	st    *store.Store
	dir   string
	mu    sync.Mutex
	pages map[string][]byte // sha256 → bytes
	ids   []string
}

func newKiosk(t testing.TB, now func() time.Time) *kioskFixture {
	t.Helper()
	dir := t.TempDir()
	st := gwtest.KioskStore(t, dir, store.Options{Now: now}, "")
	return &kioskFixture{st: st, dir: dir, pages: map[string][]byte{}}
}

// testCatalog is testdata/catalog.json, parsed.
func testCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	b, err := os.ReadFile("testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Parse(b)
	if err != nil {
		t.Fatalf("test catalog: %v", err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("test catalog: %v", err)
	}
	return c
}

func (k *kioskFixture) importCatalog(t testing.TB, c *catalog.Catalog) {
	t.Helper()
	if err := k.st.ImportCatalog(context.Background(), c); err != nil {
		t.Fatalf("import catalog: %v", err)
	}
}

// fakeJPEG returns size bytes the gateway takes for a JPEG: a real small one, random
// after that.
func fakeJPEG(r *rand.Rand, size int) []byte { return gwtest.Page(size, r.Uint64()) }

// saveDossiers files n birth registrations, each with pagesEach pages of about
// pageSize bytes (random contents: no two pages alike unless shared is set, which
// makes every dossier's first page the same bytes).
func (k *kioskFixture) saveDossiers(t testing.TB, seed uint64, n, pagesEach, pageSize int, shared bool) []*store.Dossier {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	common := fakeJPEG(r, pageSize)
	var out []*store.Dossier
	for i := 0; i < n; i++ {
		nd := store.NewDossier{
			ProcedureCode: "1.001193",
			Applicant:     store.Applicant{Name: fmt.Sprintf("Nguyễn Văn Thử %d", i), IDNumber: fmt.Sprintf("0920%08d", i)},
			Fields:        map[string]string{"ho_ten_tre": fmt.Sprintf("Nguyễn Thị Bé %d", i), "ngay_sinh": "2026-11-01"},
			Language:      "vi",
		}
		for p := 0; p < pagesEach; p++ {
			data := fakeJPEG(r, pageSize-r.IntN(pageSize/10+1))
			if shared && p == 0 {
				data = common
			}
			doc := "to-khai"
			if p > 0 {
				doc = "giay-chung-sinh"
			}
			nd.Pages = append(nd.Pages, store.PageInput{DocumentID: doc, Format: "jpeg", Width: 1240, Height: 1754, Data: data})
		}
		d, err := k.st.SaveDossier(context.Background(), nd)
		if err != nil {
			t.Fatalf("save dossier %d: %v", i, err)
		}
		k.mu.Lock()
		for _, p := range nd.Pages {
			s := sha256.Sum256(p.Data)
			k.pages[hex.EncodeToString(s[:])] = p.Data
		}
		k.ids = append(k.ids, d.ID)
		k.mu.Unlock()
		out = append(out, d)
	}
	return out
}

func (k *kioskFixture) counts(t testing.TB) map[store.State]int {
	t.Helper()
	c, err := k.st.OutboxCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (k *kioskFixture) dossier(t testing.TB, id string) *store.Dossier {
	t.Helper()
	d, err := k.st.Dossier(context.Background(), id)
	if err != nil {
		t.Fatalf("dossier %s: %v", id, err)
	}
	return d
}

// sqliteRig is the usual start of a test: a gateway process on SQLite, a fake clock,
// and a kiosk on it with the test catalog imported.
func sqliteRig(t testing.TB) (*testGateway, *fakeClock, *kioskFixture) {
	t.Helper()
	g := startGateway(t, "sqlite")
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	return g, clk, k
}
