//go:build !unix

package main

import "time"

// processCPU is not measured here: the keystroke bench then prints no frame CPU.
func processCPU() func() time.Duration { return nil }
