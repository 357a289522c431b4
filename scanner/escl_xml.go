package scanner

import (
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The eSCL documents this client reads. Elements are matched by their local name
// only: devices differ in the prefixes and even the namespaces they use.

// esclCaps is ScannerCapabilities.
type esclCaps struct {
	XMLName      xml.Name       `xml:"ScannerCapabilities"`
	Version      string         `xml:"Version"`
	MakeAndModel string         `xml:"MakeAndModel"`
	SerialNumber string         `xml:"SerialNumber"`
	UUID         string         `xml:"UUID"`
	Platen       *esclInputCaps `xml:"Platen>PlatenInputCaps"`
	AdfSimplex   *esclInputCaps `xml:"Adf>AdfSimplexInputCaps"`
	AdfDuplex    *esclInputCaps `xml:"Adf>AdfDuplexInputCaps"`
	AdfOptions   []string       `xml:"Adf>AdfOptions>AdfOption"`
}

type esclInputCaps struct {
	MaxWidth  int                  `xml:"MaxWidth"`
	MaxHeight int                  `xml:"MaxHeight"`
	Profiles  []esclSettingProfile `xml:"SettingProfiles>SettingProfile"`
}

type esclSettingProfile struct {
	ColorModes []string `xml:"ColorModes>ColorMode"`
	Formats    []string `xml:"DocumentFormats>DocumentFormat"`
	FormatsExt []string `xml:"DocumentFormats>DocumentFormatExt"`
	Discrete   []struct {
		X int `xml:"XResolution"`
		Y int `xml:"YResolution"`
	} `xml:"SupportedResolutions>DiscreteResolutions>DiscreteResolution"`
	Ranges []struct {
		Min  int `xml:"Min"`
		Max  int `xml:"Max"`
		Step int `xml:"Step"`
	} `xml:"SupportedResolutions>ResolutionRange>XResolutionRange"`
}

// parseESCLCaps reads a ScannerCapabilities document; it fails on anything that is
// not one, or one that offers no input source a kiosk can use.
func parseESCLCaps(b []byte) (*esclCaps, error) {
	var c esclCaps
	if err := xml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("capabilities are not an eSCL document: %w", err)
	}
	if c.Platen == nil && c.AdfSimplex == nil && c.AdfDuplex == nil {
		return nil, fmt.Errorf("capabilities list no input source (Platen or Adf)")
	}
	for _, in := range []*esclInputCaps{c.Platen, c.AdfSimplex, c.AdfDuplex} {
		if in != nil && len(in.Profiles) == 0 {
			return nil, fmt.Errorf("capabilities list an input source without setting profiles")
		}
	}
	return &c, nil
}

func (c *esclCaps) hasFeeder() bool { return c.AdfSimplex != nil || c.AdfDuplex != nil }

func (c *esclCaps) hasDuplex() bool {
	return c.AdfDuplex != nil || slices.ContainsFunc(c.AdfOptions, func(o string) bool { return strings.EqualFold(o, "Duplex") })
}

// input returns the capabilities of the source a job uses.
func (c *esclCaps) input(p ScanParams) *esclInputCaps {
	switch {
	case p.Source == Flatbed:
		return c.Platen
	case p.Duplex && c.AdfDuplex != nil:
		return c.AdfDuplex
	case c.AdfSimplex != nil:
		return c.AdfSimplex
	}
	return c.AdfDuplex
}

// colorModes, formats and resolutions merge the setting profiles of one source.
func (in *esclInputCaps) colorModes() []string {
	var out []string
	for _, p := range in.Profiles {
		out = append(out, p.ColorModes...)
	}
	return out
}

func (in *esclInputCaps) formats() []string {
	var out []string
	for _, p := range in.Profiles {
		out = append(out, p.Formats...)
		out = append(out, p.FormatsExt...)
	}
	return out
}

// resolutions returns the discrete resolutions offered (sorted) and the ranges.
func (in *esclInputCaps) resolutions() (discrete []int, ranges [][3]int) {
	for _, p := range in.Profiles {
		for _, d := range p.Discrete {
			if d.X > 0 && (d.Y == 0 || d.Y == d.X) && !slices.Contains(discrete, d.X) {
				discrete = append(discrete, d.X)
			}
		}
		for _, r := range p.Ranges {
			if r.Max >= r.Min && r.Min > 0 {
				ranges = append(ranges, [3]int{r.Min, r.Max, max(r.Step, 1)})
			}
		}
	}
	slices.Sort(discrete)
	return discrete, ranges
}

// nearestResolution picks the supported resolution closest to want (the higher one
// on a tie); ok is false when the device lists none.
func nearestResolution(want int, discrete []int, ranges [][3]int) (int, bool) {
	best, found := 0, false
	consider := func(r int) {
		if r <= 0 {
			return
		}
		d, bd := abs(r-want), abs(best-want)
		if !found || d < bd || (d == bd && r > best) {
			best, found = r, true
		}
	}
	for _, r := range discrete {
		consider(r)
	}
	for _, rg := range ranges {
		lo, hi, step := rg[0], rg[1], rg[2]
		switch {
		case want <= lo:
			consider(lo)
		case want >= hi:
			consider(hi - (hi-lo)%step)
		default:
			below := lo + (want-lo)/step*step
			consider(below)
			if below+step <= hi {
				consider(below + step)
			}
		}
	}
	return best, found
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// ESCLJob is what an eSCL scan will ask the device for, after fitting the kiosk's
// request to the device's capabilities.
type ESCLJob struct {
	Source     string // "Platen" or "Feeder"
	Duplex     bool
	Resolution int    // dpi
	ColorMode  string // "Grayscale8", "RGB24" or "BlackAndWhite1"
	Format     string // "image/jpeg" or "image/png"
	Width      int    // scan region in 1/300 inch (A4, clamped to the device's area)
	Height     int
	// Notes say, in English for the installer's log, where the job differs from
	// what was asked (a resolution the device lacks, a mode it lacks).
	Notes []string
}

// A4 in 1/300 inch.
const a4Width300, a4Height300 = 2480, 3508

// planESCL fits p to the device: the source it has (the flatbed when it has no
// feeder, and the other way round), the nearest resolution it offers, the colour
// mode and format the mode needs (JPEG; PNG for black and white). It fails with
// ErrBadParam when the device lacks duplex, or any usable mode or format.
func planESCL(c *esclCaps, p ScanParams) (ESCLJob, error) {
	bad := func(format string, a ...any) (ESCLJob, error) {
		return ESCLJob{}, newErr(CodeBadParam, "scan", fmt.Sprintf(format, a...), nil)
	}
	if p.DPI <= 0 || p.DPI > 2400 {
		return bad("%d dpi", p.DPI)
	}
	j := ESCLJob{Source: "Platen", Resolution: p.DPI}
	// Many office MFPs have only a flatbed, and sheet-fed scanners only a feeder:
	// the kiosk asks for its usual source and gets the one there is, said in Notes.
	switch {
	case p.Source == Feeder && !c.hasFeeder() && c.Platen != nil && !p.Duplex:
		p.Source = Flatbed
		j.Notes = append(j.Notes, "device has no feeder: scanning one page from the flatbed")
	case p.Source == Flatbed && c.Platen == nil && c.hasFeeder():
		p.Source = Feeder
		j.Notes = append(j.Notes, "device has no flatbed: scanning from the feeder")
	}
	switch {
	case p.Source == Feeder && !c.hasFeeder():
		return bad("device has no feeder")
	case p.Source == Feeder:
		j.Source = "Feeder"
		if p.Duplex && !c.hasDuplex() {
			return bad("device cannot scan both sides")
		}
		j.Duplex = p.Duplex
	case p.Duplex:
		return bad("duplex needs the feeder")
	case c.Platen == nil:
		return bad("device has no flatbed")
	}
	in := c.input(p)
	modes, formats := in.colorModes(), in.formats()
	has := func(list []string, v string) bool {
		return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), v) })
	}
	switch p.Mode {
	case Color:
		if !has(modes, "RGB24") {
			return bad("device has no colour mode (has %v)", modes)
		}
		j.ColorMode = "RGB24"
	case Gray:
		switch {
		case has(modes, "Grayscale8"):
			j.ColorMode = "Grayscale8"
		case has(modes, "RGB24"):
			j.ColorMode = "RGB24"
			j.Notes = append(j.Notes, "device has no gray mode: scanning in colour")
		default:
			return bad("device has no gray mode (has %v)", modes)
		}
	case BW:
		switch {
		case has(modes, "BlackAndWhite1") && has(formats, "image/png"):
			j.ColorMode = "BlackAndWhite1"
		case has(modes, "Grayscale8"):
			j.ColorMode = "Grayscale8"
			j.Notes = append(j.Notes, "device has no black-and-white PNG: scanning in gray")
		default:
			return bad("device has no black-and-white or gray mode (has %v)", modes)
		}
	default:
		return bad("unknown mode")
	}
	switch {
	case j.ColorMode == "BlackAndWhite1":
		j.Format = "image/png"
	case has(formats, "image/jpeg"):
		j.Format = "image/jpeg"
	case has(formats, "image/png"):
		j.Format = "image/png"
	default:
		return bad("device offers neither JPEG nor PNG (has %v)", formats)
	}
	discrete, ranges := in.resolutions()
	if r, ok := nearestResolution(p.DPI, discrete, ranges); ok && r != p.DPI {
		j.Resolution = r
		j.Notes = append(j.Notes, fmt.Sprintf("device does not offer %d dpi (%s): using the nearest, %d dpi", p.DPI, describeResolutions(discrete, ranges), r))
	}
	j.Width, j.Height = a4Width300, a4Height300
	if in.MaxWidth > 0 {
		j.Width = min(j.Width, in.MaxWidth)
	}
	if in.MaxHeight > 0 {
		j.Height = min(j.Height, in.MaxHeight)
	}
	return j, nil
}

func describeResolutions(discrete []int, ranges [][3]int) string {
	var parts []string
	for _, r := range discrete {
		parts = append(parts, strconv.Itoa(r))
	}
	for _, r := range ranges {
		parts = append(parts, fmt.Sprintf("%d-%d", r[0], r[1]))
	}
	return "offers " + strings.Join(parts, ", ")
}

// scanSettings is the ScanSettings document POSTed to ScanJobs. Every value comes
// from planESCL (enumerations and numbers), so nothing needs escaping.
func (j ESCLJob) scanSettings() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.0</pwg:Version>
  <scan:Intent>Document</scan:Intent>
  <pwg:ScanRegions>
    <pwg:ScanRegion>
      <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>
      <pwg:XOffset>0</pwg:XOffset>
      <pwg:YOffset>0</pwg:YOffset>
`)
	fmt.Fprintf(&b, "      <pwg:Width>%d</pwg:Width>\n      <pwg:Height>%d</pwg:Height>\n", j.Width, j.Height)
	b.WriteString("    </pwg:ScanRegion>\n  </pwg:ScanRegions>\n")
	fmt.Fprintf(&b, "  <pwg:InputSource>%s</pwg:InputSource>\n", j.Source)
	if j.Source == "Feeder" {
		fmt.Fprintf(&b, "  <scan:Duplex>%t</scan:Duplex>\n", j.Duplex)
	}
	fmt.Fprintf(&b, "  <pwg:DocumentFormat>%s</pwg:DocumentFormat>\n  <scan:DocumentFormatExt>%s</scan:DocumentFormatExt>\n", j.Format, j.Format)
	fmt.Fprintf(&b, "  <scan:XResolution>%d</scan:XResolution>\n  <scan:YResolution>%d</scan:YResolution>\n", j.Resolution, j.Resolution)
	fmt.Fprintf(&b, "  <scan:ColorMode>%s</scan:ColorMode>\n</scan:ScanSettings>\n", j.ColorMode)
	return []byte(b.String())
}

// esclStatus is ScannerStatus.
type esclStatus struct {
	XMLName  xml.Name      `xml:"ScannerStatus"`
	State    string        `xml:"State"`
	AdfState string        `xml:"AdfState"`
	Jobs     []esclJobInfo `xml:"Jobs>JobInfo"`
}

type esclJobInfo struct {
	JobURI   string   `xml:"JobUri"`
	JobUUID  string   `xml:"JobUuid"`
	JobState string   `xml:"JobState"`
	Reasons  []string `xml:"JobStateReasons>JobStateReason"`
	Images   int      `xml:"ImagesCompleted"`
}

func parseESCLStatus(b []byte) (*esclStatus, error) {
	var s esclStatus
	if err := xml.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("status is not an eSCL document: %w", err)
	}
	if s.State == "" {
		return nil, fmt.Errorf("status has no State")
	}
	return &s, nil
}

// state turns ScannerStatus into the State every backend reports.
func (s *esclStatus) state() State {
	adf := strings.ToLower(s.AdfState)
	return State{
		Paper:     adf == "scanneradfloaded" || adf == "scanneradfprocessing",
		CoverOpen: adf == "scanneradfhatchopen" || adf == "scanneradfdooropen",
		Jam:       adf == "scanneradfjam" || adf == "scanneradfmispick",
		Busy:      strings.EqualFold(s.State, "Processing"),
		Warming:   strings.EqualFold(s.State, "Testing"),
	}
}

// job finds the JobInfo of the job at jobURL (a full URL or a path).
func (s *esclStatus) job(jobURL string) *esclJobInfo {
	for i := range s.Jobs {
		ji := &s.Jobs[i]
		u := strings.TrimRight(ji.JobURI, "/")
		if u != "" && strings.HasSuffix(strings.TrimRight(jobURL, "/"), u) {
			return ji
		}
		if ji.JobUUID != "" && strings.HasSuffix(strings.TrimRight(jobURL, "/"), "/"+ji.JobUUID) {
			return ji
		}
	}
	return nil
}

// faultCode says what the status shows is wrong with the device (CodeUnknown if
// nothing).
func (s *esclStatus) faultCode() Code {
	st := s.state()
	switch {
	case st.Jam:
		return CodeJam
	case st.CoverOpen:
		return CodeCoverOpen
	case strings.EqualFold(s.AdfState, "ScannerAdfEmpty"):
		return CodeNoPaper
	}
	return CodeUnknown
}
