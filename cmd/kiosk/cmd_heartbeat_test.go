package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/scanner/sim"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// `kiosk heartbeat` gathers the report from the kiosk's own store, devices (a
// receipt printer out of paper on a pseudo-terminal) and disk
// and sends it to a real gateway process, which lists the kiosk with the alert its
// missing scanner raises. The report holds no personal data of the queued dossier.
func TestHeartbeatCommand(t *testing.T) {
	url, id, secret, gw := startTestGateway(t)
	data := t.TempDir()
	if _, errs, code := runKiosk(t, data, "register", "--gateway", url, "--id", id, "--secret", secret); code != 0 {
		t.Fatalf("register: %s", errs)
	}
	page := filepath.Join(t.TempDir(), "p.jpg")
	writeJPEG(t, page, 120)
	if _, errs, code := runKiosk(t, data, dossierAddArgs(birthFields, "giay-chung-sinh="+page)...); code != 0 {
		t.Fatalf("dossier add: %s", errs)
	}
	t.Setenv("KIOSK_SCANNER", "serial:"+filepath.Join(t.TempDir(), "no-such-tty"))
	prn, err := sim.NewPrinter(sim.PrinterConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer prn.Close()
	prn.SetPaperOut(true)
	t.Setenv("KIOSK_PRINTER", "serial:"+prn.Path()+",115200")
	out, errs, code := runKiosk(t, data, "heartbeat", "--print")
	if code != 0 {
		t.Fatalf("heartbeat (code %d): %s", code, errs)
	}
	var hb wire.Heartbeat
	if err := json.Unmarshal([]byte(out), &hb); err != nil {
		t.Fatalf("printed %q: %v", out, err)
	}
	if hb.Version != versionString() || hb.OutboxDepth != 1 || hb.Scanner != wire.DeviceMissing || hb.QRReader != wire.DeviceNone || hb.Printer != wire.DeviceNoPaper ||
		hb.DiskFreeBytes <= 0 || hb.LastSyncError != "" {
		t.Errorf("heartbeat %+v", hb)
	}
	for _, personal := range []string{"Trần Thị Mai", "092190001234", "0901234567"} {
		if strings.Contains(out, personal) {
			t.Errorf("the heartbeat carries %q", personal)
		}
	}
	list := gw("kiosk", "list")
	var line string
	for _, l := range strings.Split(list, "\n") {
		if strings.HasPrefix(l, id+"\t") {
			line = l
		}
	}
	f := strings.Split(line, "\t")
	if len(f) != 9 || f[3] != "alert" || f[5] != versionString() || f[6] != "1" || f[8] != "scanner" {
		t.Errorf("gateway kiosk list: %q", line)
	}
}
