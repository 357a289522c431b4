//go:build !windows

package main

// attachConsole is needed on Windows only, where kiosk.exe is a GUI program.
func attachConsole() {}
