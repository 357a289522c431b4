package esclsim

import (
	"fmt"
	"io"
	"log"
	"net"
	"strconv"
	"strings"

	"github.com/hashicorp/mdns"
)

// Advertise announces the device over mDNS/DNS-SD as instance._uscan._tcp.local
// (_uscans._tcp with TLS), with the TXT keys eSCL clients read (rs, ty, UUID,
// pdl, is, cs, duplex), at its loopback address. Close stops it.
func (d *Device) Advertise(instance string) error {
	host, portText, err := net.SplitHostPort(d.ln.Addr().String())
	if err != nil {
		return err
	}
	port, _ := strconv.Atoi(portText)
	service := "_uscan._tcp"
	if d.cfg.TLS {
		service = "_uscans._tcp"
	}
	var sources []string
	if !d.cfg.NoPlaten {
		sources = append(sources, "platen")
	}
	if !d.cfg.NoFeeder {
		sources = append(sources, "adf")
	}
	duplex := "F"
	if !d.cfg.NoFeeder && !d.cfg.NoDuplex {
		duplex = "T"
	}
	txt := []string{"txtvers=1", "vers=2.63", "rs=eSCL", "ty=" + d.cfg.Model, "UUID=" + d.uuid(),
		"pdl=image/jpeg,image/png", "cs=binary,grayscale,color", "is=" + strings.Join(sources, ","), "duplex=" + duplex}
	svc, err := mdns.NewMDNSService(instance, service, "local.", "kiosk-escl-sim.local.", port, []net.IP{net.ParseIP(host)}, txt)
	if err != nil {
		return fmt.Errorf("esclsim: mDNS: %w", err)
	}
	srv, err := mdns.NewServer(&mdns.Config{Zone: svc, Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		return fmt.Errorf("esclsim: mDNS: %w", err)
	}
	d.mu.Lock()
	d.mdns = append(d.mdns, srv.Shutdown)
	d.mu.Unlock()
	return nil
}
