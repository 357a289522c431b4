package uplink

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

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

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	run := func(ctx context.Context) *exec.Cmd {
		cmd := exec.CommandContext(ctx, exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "UPLINK_TEST_CHILD=1", "UPLINK_CHILD_DATA="+k.dir)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if cmd.ProcessState == nil {
				cmd.Process.Kill()
				cmd.Wait()
			}
		})
		return cmd
	}

	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	kills, midway, accepted := 0, 0, 0
	scale := 1.0 // grows when a kill lands before the process got anything done (slow machine, -race)
	for kills < 10 {
		cmd := run(ctx)
		time.Sleep(time.Duration(scale*float64(10+r.IntN(60))) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			cmd.Wait() // it finished first: everything is sent
			break
		}
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			if err != nil {
				t.Fatalf("sync process failed before the kill: %v", err)
			}
			break // exited 0 just before the signal
		}
		kills++
		c := k.counts(t)
		if c[store.Accepted] > 0 && c[store.Accepted] < n {
			midway++
		}
		if c[store.Accepted] == accepted {
			scale *= 1.6
		}
		accepted = c[store.Accepted]
		t.Logf("kill %d: outbox %v", kills, c)
	}
	cmd := run(ctx)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("final sync process: %v", err)
	}
	if c := k.counts(t); c[store.Accepted] != n {
		t.Fatalf("outbox %v after the final run, want %d accepted", c, n)
	}
	g.checkExactlyOnce(t, k)
	if midway == 0 {
		t.Errorf("no kill landed while the outbox was partly sent (%d kills): the test proves less than it claims", kills)
	}
}
