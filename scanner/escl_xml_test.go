package scanner

import (
	"errors"
	"strings"
	"testing"
)

// A capabilities document of another shape than the simulator's: a default
// namespace instead of prefixes, resolutions as a range, formats without
// DocumentFormatExt, a feeder whose duplex is an AdfOption, no gray mode.
const rangeCaps = `<?xml version="1.0" encoding="UTF-8"?>
<ScannerCapabilities xmlns="http://schemas.hp.com/imaging/escl/2011/05/03">
  <Version>2.5</Version>
  <MakeAndModel>Range MFP</MakeAndModel>
  <Platen><PlatenInputCaps>
    <MaxWidth>2550</MaxWidth><MaxHeight>3300</MaxHeight>
    <SettingProfiles><SettingProfile>
      <ColorModes><ColorMode>RGB24</ColorMode></ColorModes>
      <DocumentFormats><DocumentFormat>application/pdf</DocumentFormat><DocumentFormat>image/jpeg</DocumentFormat></DocumentFormats>
      <SupportedResolutions><ResolutionRange>
        <XResolutionRange><Min>75</Min><Max>1200</Max><Normal>300</Normal><Step>25</Step></XResolutionRange>
        <YResolutionRange><Min>75</Min><Max>1200</Max><Normal>300</Normal><Step>25</Step></YResolutionRange>
      </ResolutionRange></SupportedResolutions>
    </SettingProfile></SettingProfiles>
  </PlatenInputCaps></Platen>
  <Adf>
    <AdfSimplexInputCaps>
      <SettingProfiles><SettingProfile>
        <ColorModes><ColorMode>RGB24</ColorMode></ColorModes>
        <DocumentFormats><DocumentFormat>application/pdf</DocumentFormat></DocumentFormats>
      </SettingProfile></SettingProfiles>
    </AdfSimplexInputCaps>
    <AdfOptions><AdfOption>Duplex</AdfOption></AdfOptions>
  </Adf>
</ScannerCapabilities>`

func TestESCLCapabilitiesOfAnotherShape(t *testing.T) {
	c, err := parseESCLCaps([]byte(rangeCaps))
	if err != nil {
		t.Fatal(err)
	}
	if c.MakeAndModel != "Range MFP" || !c.hasFeeder() || !c.hasDuplex() {
		t.Fatalf("%+v", c)
	}
	// Gray asked, colour offered: colour, said; 210 dpi lies between steps of 25.
	j, err := planESCL(c, ScanParams{DPI: 210, Mode: Gray})
	if err != nil {
		t.Fatal(err)
	}
	if j.Source != "Platen" || j.ColorMode != "RGB24" || j.Format != "image/jpeg" || j.Resolution != 200 ||
		j.Width != 2480 || j.Height != 3300 || len(j.Notes) != 2 {
		t.Fatalf("plan %+v", j)
	}
	settings := string(j.scanSettings())
	for _, want := range []string{"<pwg:InputSource>Platen</pwg:InputSource>", "<scan:XResolution>200</scan:XResolution>",
		"<scan:ColorMode>RGB24</scan:ColorMode>", "<pwg:Height>3300</pwg:Height>"} {
		if !strings.Contains(settings, want) {
			t.Fatalf("settings lack %s:\n%s", want, settings)
		}
	}
	if strings.Contains(settings, "Duplex") {
		t.Fatalf("a flatbed job mentions duplex:\n%s", settings)
	}
	// The feeder offers only PDF: no page the kiosk can use.
	if _, err := planESCL(c, ScanParams{DPI: 200, Mode: Color, Source: Feeder, Duplex: true}); !errors.Is(err, ErrBadParam) {
		t.Fatalf("PDF-only feeder: %v", err)
	}
	// Black and white without BlackAndWhite1 or gray: refused.
	if _, err := planESCL(c, ScanParams{DPI: 200, Mode: BW}); !errors.Is(err, ErrBadParam) {
		t.Fatalf("bw: %v", err)
	}
}

func TestESCLStatusParse(t *testing.T) {
	st, err := parseESCLStatus([]byte(`<scan:ScannerStatus xmlns:scan="x" xmlns:pwg="y"><pwg:State>Processing</pwg:State>
<scan:AdfState>ScannerAdfHatchOpen</scan:AdfState><scan:Jobs><scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/42</pwg:JobUri>
<pwg:JobState>Aborted</pwg:JobState><pwg:JobStateReasons><pwg:JobStateReason>AbortedBySystem</pwg:JobStateReason></pwg:JobStateReasons>
</scan:JobInfo></scan:Jobs></scan:ScannerStatus>`))
	if err != nil {
		t.Fatal(err)
	}
	if s := st.state(); !s.Busy || !s.CoverOpen || s.Jam || s.Paper || st.faultCode() != CodeCoverOpen {
		t.Fatalf("state %v, fault %v", s, st.faultCode())
	}
	if ji := st.job("http://10.0.0.5/eSCL/ScanJobs/42"); ji == nil || ji.JobState != "Aborted" {
		t.Fatalf("job %+v", ji)
	}
	if st.job("http://10.0.0.5/eSCL/ScanJobs/4") != nil {
		t.Fatal("job 4 matched job 42")
	}
	for _, bad := range []string{"", "<html/>", "<ScannerStatus></ScannerStatus>"} {
		if _, err := parseESCLStatus([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// Whatever a device sends as capabilities, planning never panics, and a plan it
// makes asks for a resolution, mode and format the kiosk can use.
func FuzzParseESCLCaps(f *testing.F) {
	f.Add([]byte(rangeCaps), 200, 0, 0)
	f.Add([]byte(`<ScannerCapabilities><Platen><PlatenInputCaps><SettingProfiles><SettingProfile/></SettingProfiles></PlatenInputCaps></Platen></ScannerCapabilities>`), 300, 2, 1)
	f.Fuzz(func(t *testing.T, doc []byte, dpi, mode, source int) {
		c, err := parseESCLCaps(doc)
		if err != nil {
			return
		}
		j, err := planESCL(c, ScanParams{DPI: dpi, Mode: Mode(mode), Source: Source(source & 1)})
		if err != nil {
			if !errors.Is(err, ErrBadParam) {
				t.Fatalf("plan error %v is not ErrBadParam", err)
			}
			return
		}
		if j.Resolution <= 0 || (j.Format != "image/jpeg" && j.Format != "image/png") || j.ColorMode == "" {
			t.Fatalf("plan %+v", j)
		}
	})
}
