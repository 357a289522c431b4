package scanner

import (
	"sort"
	"strconv"
	"strings"
)

// SerialPort is a serial device an installer can name in a setting (serial:NAME), for
// the KSP-1 scanner, the QR reader or the receipt printer.
type SerialPort struct {
	Name   string // COM3 on Windows, /dev/ttyUSB0 on Linux
	Detail string // what the system says of it: the USB id on Linux, the driver's device on Windows
}

// ListSerialPorts lists the serial ports present now: on Linux the USB serial devices
// (/dev/ttyUSB*, /dev/ttyACM*, named by /dev/serial/by-id when udev names them), on
// Windows the COM ports the registry's SERIALCOMM map holds. In natural order (COM2
// before COM10).
func ListSerialPorts() ([]SerialPort, error) {
	ps, err := listSerialPorts()
	sortPorts(ps)
	return ps, err
}

// sortPorts orders ports by name with their trailing numbers compared as numbers.
func sortPorts(ps []SerialPort) {
	key := func(s string) (string, int) {
		i := len(s)
		for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
			i--
		}
		n, err := strconv.Atoi(s[i:])
		if err != nil {
			n = -1
		}
		return strings.ToUpper(s[:i]), n
	}
	sort.SliceStable(ps, func(i, j int) bool {
		a, an := key(ps[i].Name)
		b, bn := key(ps[j].Name)
		if a != b {
			return a < b
		}
		return an < bn
	})
}

// portsFromSerialComm turns Windows' HARDWARE\DEVICEMAP\SERIALCOMM values (device →
// port name, e.g. \Device\USBSER000 → COM4) into ports.
func portsFromSerialComm(values map[string]string) []SerialPort {
	var ps []SerialPort
	for dev, name := range values {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		ps = append(ps, SerialPort{Name: name, Detail: dev})
	}
	return ps
}
