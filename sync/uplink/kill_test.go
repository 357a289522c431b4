package uplink

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink/faultproxy"
)

func TestKilledDuringSyncSQLite(t *testing.T)   { testKilledDuringSync(t, "sqlite") }
func TestKilledDuringSyncPostgres(t *testing.T) { testKilledDuringSync(t, "postgres") }

// The kiosk's sync process is SIGKILLed at random moments and restarted, through a
// proxy that also resets connections now and then: N dossiers saved → exactly N at the
// gateway, pages byte-identical, none twice.
func testKilledDuringSync(t *testing.T, backend string) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	g := startGateway(t, backend)
	p := startProxy(t, g, faultproxy.Mix(seed, map[faultproxy.Kind]int{faultproxy.Pass: 6, faultproxy.Reset: 1, faultproxy.Truncate: 1}, 1<<20))
	k := newKiosk(t, nil)
	k.importCatalog(t, testCatalog(t))
	const n = 30
	k.saveDossiers(t, seed, n, 3, 100<<10, false)
	clk := newFakeClock()
	newUplink(t, k, g, p.URL(), clk) // writes the gateway URL and credentials to the settings

	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	gwtest.KillAndFinish(t, gwtest.Kills{
		Kills: 10, Base: 10 * time.Millisecond, Spread: 60 * time.Millisecond, Rand: r, N: n,
		Ctx: ctx, Env: []string{"UPLINK_TEST_CHILD=1", "UPLINK_CHILD_DATA=" + k.dir},
		Done: func() int { return k.counts(t)[store.Accepted] },
	})
	if c := k.counts(t); c[store.Accepted] != n {
		t.Fatalf("outbox %v after the final run, want %d accepted", c, n)
	}
	g.checkExactlyOnce(t, k)
}
