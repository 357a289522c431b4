//go:build !windows

package scanner

func listSerialPorts() ([]SerialPort, error) { return devSerialPorts("/dev") }
