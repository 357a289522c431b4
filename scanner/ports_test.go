package scanner

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestSortPortsNaturally(t *testing.T) {
	ps := []SerialPort{{Name: "COM10"}, {Name: "COM3"}, {Name: "/dev/ttyUSB1"}, {Name: "COM2"}, {Name: "/dev/ttyACM0"}, {Name: "/dev/ttyUSB0"}}
	sortPorts(ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Name)
	}
	want := []string{"/dev/ttyACM0", "/dev/ttyUSB0", "/dev/ttyUSB1", "COM2", "COM3", "COM10"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sorted %q, want %q", got, want)
	}
}

func TestPortsFromSerialComm(t *testing.T) {
	ps := portsFromSerialComm(map[string]string{`\Device\Serial0`: "COM1", `\Device\USBSER000`: "COM12", `\Device\VCP0`: "COM4", `\Device\Bad`: " "})
	sortPorts(ps)
	want := []SerialPort{{"COM1", `\Device\Serial0`}, {"COM4", `\Device\VCP0`}, {"COM12", `\Device\USBSER000`}}
	if !reflect.DeepEqual(ps, want) {
		t.Errorf("got %+v, want %+v", ps, want)
	}
}

// TestDevSerialPorts builds a /dev with udev's by-id links (relative, as udev makes
// them) on a real file system.
func TestDevSerialPorts(t *testing.T) {
	dev := t.TempDir()
	for _, n := range []string{"ttyUSB0", "ttyUSB1", "ttyACM0", "ttyS0", "ttyS1", "tty0"} {
		if err := os.WriteFile(filepath.Join(dev, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	byID := filepath.Join(dev, "serial", "by-id")
	os.MkdirAll(byID, 0o755)
	os.Symlink("../../ttyUSB0", filepath.Join(byID, "usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0"))
	os.Symlink("../../ttyACM0", filepath.Join(byID, "usb-Newland_QR_Scanner_NLS-if00"))
	ps, err := devSerialPorts(dev)
	if err != nil {
		t.Fatal(err)
	}
	sortPorts(ps)
	want := []SerialPort{
		{filepath.Join(dev, "ttyACM0"), "usb-Newland_QR_Scanner_NLS-if00"},
		{filepath.Join(dev, "ttyUSB0"), "usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0"},
		{filepath.Join(dev, "ttyUSB1"), ""},
	}
	if !reflect.DeepEqual(ps, want) {
		t.Errorf("got %+v\nwant %+v", ps, want)
	}
}
