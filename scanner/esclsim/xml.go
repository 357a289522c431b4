package esclsim

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"
)

const xmlHead = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

func writeXML(w http.ResponseWriter, doc string) {
	w.Header().Set("Content-Type", "text/xml")
	w.Write([]byte(xmlHead + doc))
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// inputCaps is one PlatenInputCaps / AdfSimplexInputCaps / AdfDuplexInputCaps
// element: an A4 scanner (8.27 × 11.69 in), every mode, JPEG and PNG.
func (d *Device) inputCaps(name string) string {
	var res strings.Builder
	for _, r := range d.cfg.Resolutions {
		fmt.Fprintf(&res, `
              <scan:DiscreteResolution><scan:XResolution>%d</scan:XResolution><scan:YResolution>%d</scan:YResolution></scan:DiscreteResolution>`, r, r)
	}
	return fmt.Sprintf(`
    <scan:%[1]s>
      <scan:MinWidth>16</scan:MinWidth>
      <scan:MaxWidth>2480</scan:MaxWidth>
      <scan:MinHeight>16</scan:MinHeight>
      <scan:MaxHeight>3508</scan:MaxHeight>
      <scan:MaxScanRegions>1</scan:MaxScanRegions>
      <scan:SettingProfiles>
        <scan:SettingProfile>
          <scan:ColorModes>
            <scan:ColorMode>BlackAndWhite1</scan:ColorMode>
            <scan:ColorMode>Grayscale8</scan:ColorMode>
            <scan:ColorMode>RGB24</scan:ColorMode>
          </scan:ColorModes>
          <scan:ContentTypes>
            <pwg:ContentType>Text</pwg:ContentType>
            <pwg:ContentType>Photo</pwg:ContentType>
          </scan:ContentTypes>
          <scan:DocumentFormats>
            <pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat>
            <pwg:DocumentFormat>image/png</pwg:DocumentFormat>
            <scan:DocumentFormatExt>image/jpeg</scan:DocumentFormatExt>
            <scan:DocumentFormatExt>image/png</scan:DocumentFormatExt>
          </scan:DocumentFormats>
          <scan:SupportedResolutions>
            <scan:DiscreteResolutions>%[2]s
            </scan:DiscreteResolutions>
          </scan:SupportedResolutions>
          <scan:ColorSpaces><scan:ColorSpace>sRGB</scan:ColorSpace></scan:ColorSpaces>
        </scan:SettingProfile>
      </scan:SettingProfiles>
      <scan:SupportedIntents>
        <scan:Intent>Document</scan:Intent>
        <scan:Intent>TextAndGraphic</scan:Intent>
        <scan:Intent>Photo</scan:Intent>
      </scan:SupportedIntents>
      <scan:MaxOpticalXResolution>%[3]d</scan:MaxOpticalXResolution>
      <scan:MaxOpticalYResolution>%[3]d</scan:MaxOpticalYResolution>
    </scan:%[1]s>`, name, res.String(), d.cfg.Resolutions[len(d.cfg.Resolutions)-1])
}

func (d *Device) capabilities(w http.ResponseWriter) {
	d.mu.Lock()
	bad := d.faults.BadCaps
	d.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, `<scan:ScannerCapabilities xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version>
  <pwg:MakeAndModel>%s</pwg:MakeAndModel>
  <pwg:SerialNumber>%s</pwg:SerialNumber>
  <scan:UUID>%s</scan:UUID>`, esc(d.cfg.Model), esc(d.cfg.Serial), d.uuid())
	if bad != "nosource" {
		if !d.cfg.NoPlaten {
			b.WriteString("\n  <scan:Platen>" + d.inputCaps("PlatenInputCaps") + "\n  </scan:Platen>")
		}
		if !d.cfg.NoFeeder {
			b.WriteString("\n  <scan:Adf>" + d.inputCaps("AdfSimplexInputCaps"))
			if !d.cfg.NoDuplex {
				b.WriteString(d.inputCaps("AdfDuplexInputCaps"))
			}
			b.WriteString("\n    <scan:FeederCapacity>50</scan:FeederCapacity>\n    <scan:AdfOptions>\n      <scan:AdfOption>DetectPaperLoaded</scan:AdfOption>")
			if !d.cfg.NoDuplex {
				b.WriteString("\n      <scan:AdfOption>Duplex</scan:AdfOption>")
			}
			b.WriteString("\n    </scan:AdfOptions>\n  </scan:Adf>")
		}
	}
	b.WriteString("\n</scan:ScannerCapabilities>\n")
	doc := b.String()
	switch bad {
	case "garbage":
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body>Web Services are disabled on this device</body>"))
		return
	case "truncated":
		doc = doc[:len(doc)/2]
	}
	writeXML(w, doc)
}

// uuid is the device's stable identity, derived from its serial number.
func (d *Device) uuid() string {
	s := fmt.Sprintf("%032x", []byte(d.cfg.Serial))
	s = s[len(s)-32:]
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

func (d *Device) status(w http.ResponseWriter) {
	d.mu.Lock()
	state := "Idle"
	if d.active != nil {
		state = "Processing"
	}
	adf := ""
	switch {
	case d.cfg.NoFeeder:
	case d.jam:
		adf = "ScannerAdfJam"
	case d.sheets > 0:
		adf = "ScannerAdfLoaded"
	default:
		adf = "ScannerAdfEmpty"
	}
	var jobs strings.Builder
	for i := len(d.jobs) - 1; i >= 0 && i >= len(d.jobs)-10; i-- {
		j := d.jobs[i]
		var reasons strings.Builder
		for _, r := range j.reasons {
			fmt.Fprintf(&reasons, "<pwg:JobStateReason>%s</pwg:JobStateReason>", r)
		}
		toTransfer := 0
		if j.state == "Processing" {
			toTransfer = 1
		}
		fmt.Fprintf(&jobs, `
    <scan:JobInfo>
      <pwg:JobUri>/eSCL/ScanJobs/%s</pwg:JobUri>
      <pwg:JobUuid>%s</pwg:JobUuid>
      <scan:Age>%d</scan:Age>
      <pwg:ImagesCompleted>%d</pwg:ImagesCompleted>
      <pwg:ImagesToTransfer>%d</pwg:ImagesToTransfer>
      <pwg:JobState>%s</pwg:JobState>
      <pwg:JobStateReasons>%s</pwg:JobStateReasons>
    </scan:JobInfo>`, j.id, j.id, int(time.Since(j.created).Seconds()), j.fed, toTransfer, j.state, reasons.String())
	}
	d.mu.Unlock()
	doc := fmt.Sprintf(`<scan:ScannerStatus xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version>
  <pwg:State>%s</pwg:State>`, state)
	if adf != "" {
		doc += "\n  <scan:AdfState>" + adf + "</scan:AdfState>"
	}
	doc += "\n  <scan:Jobs>" + jobs.String() + "\n  </scan:Jobs>\n</scan:ScannerStatus>\n"
	writeXML(w, doc)
}
