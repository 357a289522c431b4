package report

// driveRemovable is Windows' DRIVE_REMOVABLE, what GetDriveType answers for a USB stick.
const driveRemovable = 2

// removableRoots turns GetLogicalDrives' bit mask (bit 0 = A:, bit 1 = B: …) into the
// roots of the drives that typeOf says are removable, in letter order. A: and B: are
// left out: they are floppy drives on the PCs that still report them.
func removableRoots(mask uint32, typeOf func(root string) uint32) []string {
	var out []string
	for i := 2; i < 26; i++ {
		if mask&(1<<i) == 0 {
			continue
		}
		root := string(rune('A'+i)) + `:\`
		if typeOf(root) == driveRemovable {
			out = append(out, root)
		}
	}
	return out
}
