//go:build !linux

package sim

import "os"

func pollable(f *os.File) (*os.File, error) { return f, nil }

func makeRaw(tty *os.File) error { return nil }

// hostBaud is unknown off Linux: the simulator then trusts SET_BAUD blindly.
func (l *line) hostBaud() int { return 0 }
