package main

import "testing"

func TestDefaultDataDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		name, goos string
		env        map[string]string
		home, want string
	}{
		{"windows uses LOCALAPPDATA", "windows", map[string]string{"LOCALAPPDATA": `C:\Users\kiosk\AppData\Local`}, `C:\Users\kiosk`,
			`C:\Users\kiosk\AppData\Local\dvc-kiosk`},
		{"windows without LOCALAPPDATA falls back to the profile", "windows", nil, `C:\Users\kiosk`, `C:\Users\kiosk\AppData\Local\dvc-kiosk`},
		{"windows ignores XDG", "windows", map[string]string{"XDG_DATA_HOME": "/x", "LOCALAPPDATA": `D:\L`}, "", `D:\L\dvc-kiosk`},
		{"linux home", "linux", nil, "/home/kiosk", "/home/kiosk/.local/share/dvc-kiosk"},
		{"linux XDG_DATA_HOME", "linux", map[string]string{"XDG_DATA_HOME": "/srv/data"}, "/home/kiosk", "/srv/data/dvc-kiosk"},
		{"relative XDG_DATA_HOME is ignored, as the spec says", "linux", map[string]string{"XDG_DATA_HOME": "rel"}, "/home/k", "/home/k/.local/share/dvc-kiosk"},
		{"no home at all", "linux", nil, "", "dvc-kiosk-data"},
		{"windows LOCALAPPDATA is not used on linux", "linux", map[string]string{"LOCALAPPDATA": `C:\L`}, "/home/k", "/home/k/.local/share/dvc-kiosk"},
	}
	for _, c := range cases {
		if got := defaultDataDir(c.goos, env(c.env), c.home); got != c.want {
			t.Errorf("%s: defaultDataDir = %q, want %q", c.name, got, c.want)
		}
	}
}
