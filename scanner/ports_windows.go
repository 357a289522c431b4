//go:build windows

package scanner

import "golang.org/x/sys/windows/registry"

func listSerialPorts() ([]SerialPort, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `HARDWARE\DEVICEMAP\SERIALCOMM`, registry.QUERY_VALUE)
	if err != nil {
		if err == registry.ErrNotExist {
			return nil, nil // no serial port at all: the key is created with the first one
		}
		return nil, err
	}
	defer k.Close()
	names, err := k.ReadValueNames(0)
	if err != nil {
		return nil, err
	}
	values := map[string]string{}
	for _, n := range names {
		if v, _, err := k.GetStringValue(n); err == nil {
			values[n] = v
		}
	}
	return portsFromSerialComm(values), nil
}
