package report

import (
	"reflect"
	"testing"
)

func TestRemovableRoots(t *testing.T) {
	types := map[string]uint32{`C:\`: 3, `D:\`: 5, `E:\`: driveRemovable, `G:\`: driveRemovable, `Z:\`: 4}
	typeOf := func(root string) uint32 { return types[root] }
	cases := []struct {
		name string
		mask uint32
		want []string
	}{
		{"none mounted", 0, nil},
		{"fixed, cd-rom, two sticks, a network share", 1<<2 | 1<<3 | 1<<4 | 1<<6 | 1<<25, []string{`E:\`, `G:\`}},
		{"floppy letters are skipped", 1<<0 | 1<<1 | 1<<4, []string{`E:\`}},
		{"bits past Z are ignored", 1<<4 | 1<<26 | 1<<31, []string{`E:\`}},
	}
	for _, c := range cases {
		if got := removableRoots(c.mask, typeOf); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: removableRoots(%#x) = %q, want %q", c.name, c.mask, got, c.want)
		}
	}
}
