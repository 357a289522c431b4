package store_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

const crashChildEnv = "KIOSK_STORE_CRASH_CHILD"

// TestCrashChild is the child of TestCrashKeepsEverySavedDossier: it files dossiers in
// a loop and prints "saved ID SHA..." after each SaveDossier has returned.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("child process of the crash test")
	}
	c := context.Background()
	s, err := store.Open(c, filepath.Join(dir, "kiosk.db"), store.Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	if v, _ := s.CatalogVersion(c); v == "" {
		if err := s.ImportCatalog(c, testCatalog()); err != nil {
			fmt.Println("import:", err)
			os.Exit(3)
		}
	}
	fmt.Println("ready")
	for i := 0; ; i++ {
		var pages [][]byte
		for p := 0; p < 1+i%3; p++ {
			pages = append(pages, bytes.Repeat([]byte(fmt.Sprintf("page %d.%d ", i, p)), 2000+rand.IntN(20000)))
		}
		d, err := s.SaveDossier(c, sampleDossier(pages...))
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(4)
		}
		var sums []string
		for _, p := range pages {
			h := sha256.Sum256(p)
			sums = append(sums, hex.EncodeToString(h[:]))
		}
		fmt.Printf("saved %s %s\n", d.ID, strings.Join(sums, ","))
		if i%4 == 0 {
			s.Record(c, store.Event{Kind: store.EvDossierSubmitted, Procedure: "1.001193"})
		}
	}
}

func TestCrashKeepsEverySavedDossier(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs child processes")
	}
	dir := t.TempDir()
	saved := map[string][]string{} // id -> page hashes, from every round
	for round := 0; round < 12; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait until the child is filing, then kill it at a random moment.
		select {
		case l := <-lines:
			if l != "ready" {
				t.Fatalf("round %d: child said %q", round, l)
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("round %d: child never became ready", round)
		}
		time.Sleep(time.Duration(20+rand.IntN(300)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		for l := range lines {
			f := strings.Fields(l)
			if len(f) == 3 && f[0] == "saved" {
				saved[f[1]] = strings.Split(f[2], ",")
			} else if strings.HasPrefix(l, "error") {
				t.Fatalf("round %d: child failed: %s", round, l)
			}
		}
		cmd.Wait()

		s, err := store.Open(ctx(t), filepath.Join(dir, "kiosk.db"), store.Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		if err := s.IntegrityCheck(ctx(t)); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for id, sums := range saved {
			d, err := s.Dossier(ctx(t), id)
			if err != nil {
				t.Fatalf("round %d: dossier %s was saved but is gone: %v", round, id, err)
			}
			if len(d.Pages) != len(sums) {
				t.Fatalf("round %d: dossier %s has %d pages, want %d", round, id, len(d.Pages), len(sums))
			}
			for i, p := range d.Pages {
				data, err := os.ReadFile(p.Path)
				h := sha256.Sum256(data)
				if err != nil || hex.EncodeToString(h[:]) != sums[i] || p.SHA256 != sums[i] {
					t.Fatalf("round %d: dossier %s page %d damaged: %v", round, id, i+1, err)
				}
			}
		}
		s.Close()
	}
	if len(saved) < 12 {
		t.Fatalf("only %d dossiers saved over all rounds: the test did not exercise saving", len(saved))
	}
	t.Logf("%d dossiers saved across 12 SIGKILLs, all intact", len(saved))
}
