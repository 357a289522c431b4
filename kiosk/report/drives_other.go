//go:build !windows

package report

// removableDrives is Windows only: elsewhere USB sticks are found under the mount roots.
func removableDrives() []string { return nil }
