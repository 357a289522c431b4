package gwstore

import (
	"bytes"
	"encoding/json"
	"maps"
	"testing"
)

func TestAddCounts(t *testing.T) {
	for _, c := range []struct {
		in   string
		want map[string]int
	}{
		{`{}`, map[string]int{}},
		{` { } `, map[string]int{}},
		{`{"1.001193":3,"2.000815":12}`, map[string]int{"1.001193": 3, "2.000815": 12}},
		{"{ \"a\" : 1 ,\n\"b\":-2 }", map[string]int{"a": 1, "b": -2}},
		{`{"\u0041":1}`, map[string]int{"A": 1}}, // escapes: the slow path
		{`{"a":1}`, map[string]int{"a": 1}},
	} {
		m := map[string]int{}
		if err := addCounts(m, []byte(c.in)); err != nil || !maps.Equal(m, c.want) {
			t.Errorf("addCounts(%s) = %v, %v; want %v", c.in, m, err, c.want)
		}
	}
	m := map[string]int{"a": 1}
	addCounts(m, []byte(`{"a":2,"b":1}`))
	if m["a"] != 3 || m["b"] != 1 {
		t.Errorf("counts do not add up: %v", m)
	}
	for _, bad := range []string{``, `[]`, `{"a":}`, `{"a":"1"}`, `{"a":1,}`, `{"a":1} x`, `{"a":1.5}`} {
		if err := addCounts(map[string]int{}, []byte(bad)); err == nil {
			t.Errorf("addCounts(%s) accepted it", bad)
		}
	}
}

// FuzzAddCounts checks the fast scanner against encoding/json: whatever both read,
// they read alike, and what the scanner refuses encoding/json refuses too.
func FuzzAddCounts(f *testing.F) {
	for _, s := range []string{`{}`, `{"1.001193":3,"2.000815":12}`, `{"a" : -1}`, `{"\u00e1":2}`, `{"a":1,"a":2}`, "{\"\xa0\":0}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fast := map[string]int{}
		errFast := addCounts(fast, b)
		var ref map[string]int
		errRef := json.Unmarshal(b, &ref)
		if errFast != nil && errRef == nil {
			t.Fatalf("scanner refused %q that encoding/json reads: %v", b, errFast)
		}
		if errFast != nil || errRef != nil || hasDuplicateKeys(b) {
			return
		}
		if ref == nil {
			ref = map[string]int{}
		}
		if !maps.Equal(fast, ref) {
			t.Fatalf("%q: scanner %v, encoding/json %v", b, fast, ref)
		}
	})
}

func hasDuplicateKeys(b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	seen := map[string]bool{}
	if _, err := dec.Token(); err != nil {
		return false
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return false
		}
		if ks, ok := k.(string); ok {
			if seen[ks] {
				return true
			}
			seen[ks] = true
		}
		if _, err := dec.Token(); err != nil {
			return false
		}
	}
	return false
}
