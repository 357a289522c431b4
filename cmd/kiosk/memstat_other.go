//go:build !linux

package main

// memBreakdown has no breakdown to give where there is no /proc/self/smaps.
func memBreakdown() string { return "" }

// smapsLine has no mappings to give where there is no /proc/self/smaps.
func smapsLine(string) string { return "" }
