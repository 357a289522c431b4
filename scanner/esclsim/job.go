package esclsim

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/ksp"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

// settings is the part of a ScanSettings document the simulator reads (by local
// names, as devices do).
type settings struct {
	XMLName     xml.Name `xml:"ScanSettings"`
	InputSource string   `xml:"InputSource"`
	Duplex      bool     `xml:"Duplex"`
	XResolution int      `xml:"XResolution"`
	ColorMode   string   `xml:"ColorMode"`
	Format      string   `xml:"DocumentFormat"`
	FormatExt   string   `xml:"DocumentFormatExt"`
}

type job struct {
	id      string
	set     settings
	feeder  bool
	planned int // flatbed: pages of the job (one sheet)
	fed     int // pages sent
	state   string
	reasons []string
	created time.Time
}

func (d *Device) busy(w http.ResponseWriter) {
	ra := d.faults.RetryAfter
	if ra == "" {
		ra = "1"
	}
	w.Header().Set("Retry-After", ra)
	http.Error(w, "busy", http.StatusServiceUnavailable)
}

func (d *Device) createJob(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var s settings
	if err == nil {
		err = xml.Unmarshal(body, &s)
	}
	if err != nil {
		http.Error(w, "bad ScanSettings: "+err.Error(), http.StatusBadRequest)
		return
	}
	if s.Format == "" {
		s.Format = s.FormatExt
	}
	if s.Format == "" {
		s.Format = "image/jpeg"
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.faults.Busy > 0 {
		d.faults.Busy--
		d.busy(w)
		return
	}
	if d.active != nil && d.active.state == "Processing" {
		d.busy(w)
		return
	}
	feeder := strings.EqualFold(s.InputSource, "Feeder")
	switch {
	case feeder && d.cfg.NoFeeder, !feeder && d.cfg.NoPlaten:
		http.Error(w, "no such input source", http.StatusConflict)
		return
	case feeder && s.Duplex && d.cfg.NoDuplex:
		http.Error(w, "no duplex", http.StatusConflict)
		return
	case feeder && (d.jam || d.sheets == 0):
		http.Error(w, "feeder empty or jammed", http.StatusConflict)
		return
	case !slices.Contains(d.cfg.Resolutions, s.XResolution):
		http.Error(w, fmt.Sprintf("resolution %d not supported", s.XResolution), http.StatusBadRequest)
		return
	case s.ColorMode != "Grayscale8" && s.ColorMode != "RGB24" && s.ColorMode != "BlackAndWhite1":
		http.Error(w, "color mode "+s.ColorMode, http.StatusBadRequest)
		return
	case s.Format != "image/jpeg" && s.Format != "image/png":
		http.Error(w, "format "+s.Format, http.StatusBadRequest)
		return
	}
	j := &job{id: newUUID(), set: s, feeder: feeder, planned: 1, state: "Processing", created: time.Now()}
	d.jobs = append(d.jobs, j)
	d.active = j
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	w.Header().Set("Location", fmt.Sprintf("%s://%s/eSCL/ScanJobs/%s", scheme, r.Host, j.id))
	w.WriteHeader(http.StatusCreated)
}

func (d *Device) job(id string) *job {
	for _, j := range d.jobs {
		if j.id == id {
			return j
		}
	}
	return nil
}

func (d *Device) endJob(j *job, state string, reasons ...string) {
	j.state, j.reasons = state, reasons
	if d.active == j {
		d.active = nil
	}
}

// nextDocument sends the job's next page, or 404 once it has none.
func (d *Device) nextDocument(w http.ResponseWriter, r *http.Request, id string) {
	d.mu.Lock()
	j := d.job(id)
	if j == nil || j.state != "Processing" {
		d.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	if d.faults.BusyPages > 0 {
		d.faults.BusyPages--
		d.busy(w)
		d.mu.Unlock()
		return
	}
	n := j.fed + 1
	if st := d.faults.PageStatus; st != 0 {
		d.faults.PageStatus = 0
		d.endJob(j, "Aborted", "AbortedBySystem")
		d.mu.Unlock()
		http.Error(w, http.StatusText(st), st)
		return
	}
	switch {
	case j.feeder && d.faults.JamPage == n:
		d.faults.JamPage = 0
		d.jam = true
		d.endJob(j, "Aborted", "JobCanceledBySystem", "MediaJam")
		d.mu.Unlock()
		http.NotFound(w, r)
		return
	case j.feeder && d.jam:
		d.endJob(j, "Aborted", "JobCanceledBySystem", "MediaJam")
		d.mu.Unlock()
		http.NotFound(w, r)
		return
	case j.feeder && d.sheets == 0 && (!j.set.Duplex || j.fed%2 == 0):
		d.endJob(j, "Completed", "JobCompletedSuccessfully")
		d.mu.Unlock()
		http.NotFound(w, r)
		return
	case !j.feeder && j.fed >= j.planned:
		d.endJob(j, "Completed", "JobCompletedSuccessfully")
		d.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	if j.feeder && (!j.set.Duplex || j.fed%2 == 0) {
		d.sheets-- // a new sheet is pulled in
	}
	j.fed = n
	stall, cut := d.faults.StallPage == n, d.faults.CutPage == n
	if stall {
		d.faults.StallPage = 0
	}
	if cut {
		d.faults.CutPage = 0
	}
	d.mu.Unlock()

	if d.cfg.ScanTime > 0 {
		select {
		case <-time.After(d.cfg.ScanTime):
		case <-r.Context().Done():
			return
		case <-d.done:
			return
		}
	}
	data, ctype, err := d.page(j.set, n)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	if stall || cut {
		w.Write(data[:len(data)/2])
		http.NewResponseController(w).Flush()
		if stall {
			select {
			case <-r.Context().Done():
			case <-d.done:
			}
		}
		panic(http.ErrAbortHandler) // close the connection: the page stays incomplete
	}
	if _, err := w.Write(data); err != nil {
		return
	}
	d.mu.Lock()
	d.pages++
	d.served += int64(len(data))
	d.mu.Unlock()
}

// page returns the file of page n: a given one, or a generated A4 document.
func (d *Device) page(s settings, n int) ([]byte, string, error) {
	if len(d.cfg.Pages) > 0 {
		b := d.cfg.Pages[(n-1)%len(d.cfg.Pages)]
		return b, http.DetectContentType(b), nil
	}
	mode := ksp.ModeGray
	switch s.ColorMode {
	case "RGB24":
		mode = ksp.ModeColor
	case "BlackAndWhite1":
		mode = ksp.ModeBW
	}
	img, err := sim.DocumentPage(s.XResolution, mode, n)
	if err != nil {
		return nil, "", err
	}
	have := "image/jpeg"
	if img.Format == ksp.FormatPNG {
		have = "image/png"
	}
	if s.Format == have {
		return img.Data, have, nil
	}
	// The client asked for the other format (sane-airscan prefers PNG): the same
	// picture, encoded as asked, once per page.
	key := fmt.Sprintf("%d/%d/%d/%s", s.XResolution, mode, n, s.Format)
	d.mu.Lock()
	b, ok := d.transcoded[key]
	d.mu.Unlock()
	if ok {
		return b, s.Format, nil
	}
	pic, _, err := image.Decode(bytes.NewReader(img.Data))
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	if s.Format == "image/png" {
		err = png.Encode(&buf, pic)
	} else {
		err = jpeg.Encode(&buf, pic, &jpeg.Options{Quality: 80})
	}
	if err != nil {
		return nil, "", err
	}
	d.mu.Lock()
	d.transcoded[key] = buf.Bytes()
	d.mu.Unlock()
	return buf.Bytes(), s.Format, nil
}

func (d *Device) deleteJob(w http.ResponseWriter, id string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	j := d.job(id)
	if j == nil {
		http.Error(w, "no such job", http.StatusNotFound)
		return
	}
	if j.state == "Processing" {
		d.endJob(j, "Canceled", "JobCanceledByUser")
	}
	w.WriteHeader(http.StatusOK)
}
