package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCatalogCommands(t *testing.T) {
	data := t.TempDir()
	out, errs, code := runKiosk(t, data, "catalog", "search", "dang", "ky", "ket", "hon")
	if code != 0 || !strings.HasPrefix(out, "1.000894\tĐăng ký kết hôn\n") {
		t.Fatalf("search (code %d): %q %q", code, out, errs)
	}
	out, _, code = runKiosk(t, data, "catalog", "search", "chung thuc")
	if code != 0 || !strings.Contains(strings.SplitN(out, "\n", 2)[0], "Chứng thực") {
		t.Fatalf("chung thuc: %q", out)
	}
	out, _, _ = runKiosk(t, data, "catalog", "list")
	if n := strings.Count(out, "\n"); n < 30 {
		t.Fatalf("sample catalog lists %d procedures, want at least 30", n)
	}

	// A bad file: clear message naming the problem, non-zero exit, catalog unchanged.
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"version":"x","procedures":[{"code":"1.001193","name":"A","field":"F","agency":"G","level":5,
		"processing_time":"1 ngày","steps":["s"],"documents":[{"id":"d","name":"D","copies":1,"scan":true}],
		"form":[{"id":"f","label":"L","type":"text"}]}]}`), 0o600)
	_, errs, code = runKiosk(t, data, "catalog", "import", bad)
	if code == 0 || !strings.Contains(errs, "procedure 1.001193, level: must be 3 or 4") || !strings.Contains(errs, "unchanged") {
		t.Fatalf("bad import (code %d): %q", code, errs)
	}
	out2, _, _ := runKiosk(t, data, "catalog", "list")
	if out2 != out {
		t.Fatalf("a refused import changed the catalog")
	}

	// A good file replaces the catalog.
	good := strings.Replace(string(mustRead(t, bad)), `"level":5`, `"level":3`, 1)
	os.WriteFile(bad, []byte(good), 0o600)
	out, errs, code = runKiosk(t, data, "catalog", "import", bad)
	if code != 0 || !strings.Contains(out, "1 procedures") {
		t.Fatalf("good import (code %d): %q %q", code, out, errs)
	}

	for _, args := range [][]string{{"catalog", "import"}, {"catalog", "search"}, {"catalog", "search", "--limit", "x", "a"}, {"catalog", "list", "--bogus"}} {
		if _, errs, code := runKiosk(t, data, args...); code != 2 || !strings.Contains(errs, "usage:") {
			t.Fatalf("%v: code %d, %q", args, code, errs)
		}
	}
	if _, errs, code := runKiosk(t, data, "catalog", "import", "/does/not/exist.json"); code != 1 || !strings.Contains(errs, "no such file") {
		t.Fatalf("missing file: code %d %q", code, errs)
	}
	if _, errs, code := runKiosk(t, data, "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Fatalf("unknown command: code %d %q", code, errs)
	}
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
