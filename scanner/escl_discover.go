package scanner

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/mdns"
)

// ESCLDevice is an eSCL scanner found on the local network.
type ESCLDevice struct {
	Name  string // the DNS-SD instance name ("Canon MF260 (a1b2c3)")
	Model string // TXT ty
	UUID  string // TXT UUID
	URL   string // eSCL base URL, for the setting "escl:URL"
}

// DiscoverESCL asks the local network over mDNS/DNS-SD for _uscan._tcp (and,
// for devices that only serve HTTPS, _uscans._tcp) and lists what answers within
// wait, one entry per device (by UUID; HTTP preferred over HTTPS).
func DiscoverESCL(ctx context.Context, wait time.Duration, logf func(string, ...any)) ([]ESCLDevice, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	var (
		mu    sync.Mutex
		found []ESCLDevice
		wg    sync.WaitGroup
		errs  []error
	)
	for _, svc := range []string{"_uscan._tcp", "_uscans._tcp"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			entries := make(chan *mdns.ServiceEntry, 32)
			p := mdns.DefaultParams(svc)
			p.Entries, p.Timeout, p.DisableIPv6 = entries, wait, true
			p.Logger = log.New(io.Discard, "", 0)
			go func() {
				if err := mdns.QueryContext(ctx, p); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
				close(entries)
			}()
			for en := range entries {
				d, ok := esclFromEntry(en, svc == "_uscans._tcp")
				if !ok {
					continue
				}
				mu.Lock()
				found = append(found, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(found) == 0 && len(errs) > 0 {
		return nil, newErr(CodeGone, "discover", "mDNS query failed", errs[0])
	}
	for _, err := range errs {
		logf("scanner: mDNS: %v", err)
	}
	return dedupeESCL(found), nil
}

// esclFromEntry reads one DNS-SD answer: address, port and the TXT key rs (the
// resource path, "eSCL" on most devices).
func esclFromEntry(en *mdns.ServiceEntry, tls bool) (ESCLDevice, bool) {
	ip := en.AddrV4
	if ip == nil && en.AddrV6IPAddr != nil {
		ip = en.AddrV6IPAddr.IP
	}
	if ip == nil || en.Port == 0 {
		return ESCLDevice{}, false
	}
	txt := map[string]string{}
	for _, f := range en.InfoFields {
		k, v, _ := strings.Cut(f, "=")
		txt[strings.ToLower(k)] = v
	}
	rs := strings.Trim(txt["rs"], "/")
	if _, ok := txt["rs"]; !ok {
		rs = "eSCL"
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	u := fmt.Sprintf("%s://%s", scheme, net.JoinHostPort(ip.String(), strconv.Itoa(en.Port)))
	if rs != "" {
		u += "/" + rs
	}
	name := strings.TrimSuffix(en.Name, ".")
	if i := strings.Index(name, "._uscan"); i >= 0 {
		name = name[:i]
	}
	name = strings.ReplaceAll(name, `\ `, " ")
	return ESCLDevice{Name: name, Model: txt["ty"], UUID: strings.ToLower(txt["uuid"]), URL: u}, true
}

func dedupeESCL(found []ESCLDevice) []ESCLDevice {
	slices.SortStableFunc(found, func(a, b ESCLDevice) int {
		// http before https, so that a device offering both is reached without a certificate question
		return strings.Compare(a.URL[:5], b.URL[:5])
	})
	var out []ESCLDevice
	seen := map[string]bool{}
	for _, d := range found {
		key := d.UUID
		if key == "" {
			key = d.URL
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b ESCLDevice) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// discoverOne resolves "escl:auto": the only eSCL scanner on the network.
func discoverOne(ctx context.Context, opts ESCLOptions) (string, error) {
	devs, err := DiscoverESCL(ctx, opts.DiscoverWait, opts.Logf)
	if err != nil {
		return "", err
	}
	return chooseESCL(devs, opts)
}

// chooseESCL takes the only device found; none, or several, is an error that says
// what to set instead.
func chooseESCL(devs []ESCLDevice, opts ESCLOptions) (string, error) {
	switch len(devs) {
	case 0:
		return "", newErr(CodeGone, "open", fmt.Sprintf("no eSCL scanner answered mDNS (_uscan._tcp) within %v; set escl:http://HOST/eSCL", opts.DiscoverWait), nil)
	case 1:
		opts.Logf("scanner: escl:auto found %s (%s) at %s", devs[0].Name, devs[0].Model, devs[0].URL)
		return devs[0].URL, nil
	}
	var urls []string
	for _, d := range devs {
		urls = append(urls, fmt.Sprintf("%s (%s)", d.URL, d.Name))
	}
	return "", newErr(CodeBadParam, "open", "more than one eSCL scanner found; set one of them: escl:"+strings.Join(urls, ", escl:"), nil)
}
