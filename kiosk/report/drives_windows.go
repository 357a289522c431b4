//go:build windows

package report

import "golang.org/x/sys/windows"

// removableDrives lists the roots of the removable drives Windows has mounted.
func removableDrives() []string {
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return nil
	}
	return removableRoots(mask, func(root string) uint32 {
		p, err := windows.UTF16PtrFromString(root)
		if err != nil {
			return 0
		}
		return windows.GetDriveType(p)
	})
}
