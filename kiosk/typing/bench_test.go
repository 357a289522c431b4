package typing_test

import (
	"testing"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

// BenchmarkEngineKey is the cost of one keystroke: typing the names table key by
// key with each method (Plain is the no-composition baseline). One op = one key.
func BenchmarkEngineKey(b *testing.B) {
	for _, c := range []struct {
		name   string
		method typing.Method
		pick   func(composeCase) string
	}{
		{"telex", typing.Telex, func(c composeCase) string { return c.telex }},
		{"vni", typing.VNI, func(c composeCase) string { return c.vni }},
		{"plain", typing.Plain, func(c composeCase) string { return c.telex }},
	} {
		var keys []rune
		for _, n := range names {
			keys = append(keys, []rune(c.pick(n)+" ")...)
		}
		b.Run(c.name, func(b *testing.B) {
			e := typing.NewEngine(c.method)
			i := 0
			for b.Loop() {
				e.Key(keys[i])
				if i++; i == len(keys) {
					i = 0
					e.Reset()
				}
			}
		})
	}
}
