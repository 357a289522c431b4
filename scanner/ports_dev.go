package scanner

import (
	"os"
	"path/filepath"
)

// devSerialPorts lists USB serial devices under dev (/dev): ttyUSB* (USB-serial
// adapters) and ttyACM* (CDC devices: most QR readers), each with the stable name udev
// gives it under dev/serial/by-id when there is one. The on-board ttyS* ports are left
// out: Linux always creates several whether or not a connector exists.
func devSerialPorts(dev string) ([]SerialPort, error) {
	ids := map[string]string{} // device path → by-id name
	links, _ := filepath.Glob(filepath.Join(dev, "serial", "by-id", "*"))
	for _, l := range links {
		target, err := os.Readlink(l)
		if err != nil {
			continue
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(l), target)
		}
		ids[filepath.Clean(target)] = filepath.Base(l)
	}
	var ps []SerialPort
	for _, pattern := range []string{"ttyUSB*", "ttyACM*"} {
		m, err := filepath.Glob(filepath.Join(dev, pattern))
		if err != nil {
			return nil, err
		}
		for _, p := range m {
			ps = append(ps, SerialPort{Name: p, Detail: ids[filepath.Clean(p)]})
		}
	}
	return ps, nil
}
