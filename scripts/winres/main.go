// Command winres writes the Windows resources of a kiosk or gateway build: an icon
// (from a PNG), version information and an application manifest, as a .rc script
// plus the files it names, for mingw-w64's windres to compile into a .syso that the Go
// linker puts into the .exe. Everything it reads comes from FyneApp.toml, so the
// .exe's Properties dialog shows the same name and version as the Linux package.
//
//	go run ./scripts/winres -toml FyneApp.toml -name kiosk -out DIR [-icon assets/icon.png]
//
// It writes DIR/NAME.rc (and DIR/NAME.ico, DIR/NAME.manifest).
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/image/draw"
)

func main() {
	toml := flag.String("toml", "FyneApp.toml", "the app's metadata")
	name := flag.String("name", "kiosk", "the program (kiosk or gateway)")
	icon := flag.String("icon", "", "PNG icon (none: no icon resource)")
	out := flag.String("out", ".", "directory for the .rc and the files it names")
	flag.Parse()
	if err := run(*toml, *name, *icon, *out); err != nil {
		fmt.Fprintln(os.Stderr, "winres:", err)
		os.Exit(1)
	}
}

// meta is what FyneApp.toml says of the app.
type meta struct {
	Name, ID, Version, Website string
	Build                      int
}

func run(tomlPath, name, iconPath, out string) error {
	m, err := readMeta(tomlPath)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var rc bytes.Buffer
	rc.WriteString("#pragma code_page(65001)\n")
	if iconPath != "" {
		ico, err := makeICO(iconPath, []int{256, 64, 48, 32, 16})
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, name+".ico"), ico, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&rc, "1 ICON %q\n", name+".ico")
	}
	if err := os.WriteFile(filepath.Join(out, name+".manifest"), []byte(manifest(m, name)), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(&rc, "1 24 %q\n", name+".manifest") // RT_MANIFEST
	rc.WriteString(versionInfo(m, name))
	return os.WriteFile(filepath.Join(out, name+".rc"), rc.Bytes(), 0o644)
}

// readMeta reads the [Details] keys of FyneApp.toml (a flat file: key = "value").
func readMeta(path string) (meta, error) {
	f, err := os.Open(path)
	if err != nil {
		return meta{}, err
	}
	defer f.Close()
	var m meta
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		}
		switch k {
		case "Name":
			m.Name = v
		case "ID":
			m.ID = v
		case "Version":
			m.Version = v
		case "Website":
			m.Website = v
		case "Build":
			m.Build, _ = strconv.Atoi(v)
		}
	}
	if m.Name == "" || m.Version == "" {
		return m, fmt.Errorf("%s: Name and Version are required", path)
	}
	return m, sc.Err()
}

// fileVersion is "major,minor,patch,build" for VERSIONINFO's numeric fields.
func fileVersion(m meta) string {
	parts := strings.SplitN(m.Version, ".", 3)
	nums := []string{"0", "0", "0"}
	for i, p := range parts {
		if n, err := strconv.Atoi(strings.TrimLeftFunc(p, func(r rune) bool { return r < '0' || r > '9' })); err == nil {
			nums[i] = strconv.Itoa(n)
		}
	}
	return strings.Join(append(nums, strconv.Itoa(m.Build)), ",")
}

func versionInfo(m meta, name string) string {
	desc := m.Name
	if name == "gateway" {
		desc = "Cổng đồng bộ Kiosk Dịch vụ công (gateway)"
	}
	fv := fileVersion(m)
	dotted := strings.ReplaceAll(fv, ",", ".")
	fileType := "0x1" // VFT_APP
	var b strings.Builder
	fmt.Fprintf(&b, "1 VERSIONINFO\nFILEVERSION %s\nPRODUCTVERSION %s\nFILEOS 0x40004\nFILETYPE %s\n", fv, fv, fileType)
	b.WriteString("BEGIN\n  BLOCK \"StringFileInfo\"\n  BEGIN\n    BLOCK \"042A04B0\"\n    BEGIN\n")
	for _, kv := range [][2]string{
		{"CompanyName", "UBND thành phố Cần Thơ"},
		{"FileDescription", desc},
		{"FileVersion", dotted},
		{"InternalName", name},
		{"OriginalFilename", name + ".exe"},
		{"ProductName", m.Name},
		{"ProductVersion", m.Version},
		{"Comments", m.Website},
	} {
		fmt.Fprintf(&b, "      VALUE %q, %s\n", kv[0], rcString(kv[1]))
	}
	b.WriteString("    END\n  END\n  BLOCK \"VarFileInfo\"\n  BEGIN\n    VALUE \"Translation\", 0x042A, 1200\n  END\nEND\n")
	return b.String()
}

// rcString quotes s for a .rc file: double quotes doubled, and a trailing NUL so that
// Explorer's Properties dialog shows the value (windres does not add one).
func rcString(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `\0"`
}

func manifest(m meta, name string) string {
	id := m.ID
	if id == "" {
		id = "vn.gov.dvckiosk"
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="` + id + "." + name + `" version="` + strings.ReplaceAll(fileVersion(m), ",", ".") + `"/>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application><supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/></application>
  </compatibility>
  <application xmlns="urn:schemas-microsoft-com:asm.v3">
    <windowsSettings>
      <dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true/pm</dpiAware>
      <dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">PerMonitorV2</dpiAwareness>
      <activeCodePage xmlns="http://schemas.microsoft.com/SMI/2019/WindowsSettings">UTF-8</activeCodePage>
    </windowsSettings>
  </application>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security><requestedPrivileges><requestedExecutionLevel level="asInvoker" uiAccess="false"/></requestedPrivileges></security>
  </trustInfo>
</assembly>
`
}

// makeICO scales the PNG to each size and packs the results into an .ico whose
// entries are PNG-compressed (Windows Vista and later read those at every size).
func makeICO(path string, sizes []int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var images [][]byte
	for _, s := range sizes {
		dst := image.NewRGBA(image.Rect(0, 0, s, s))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Over, nil)
		var b bytes.Buffer
		if err := png.Encode(&b, dst); err != nil {
			return nil, err
		}
		images = append(images, b.Bytes())
	}
	var out bytes.Buffer
	binary.Write(&out, binary.LittleEndian, [3]uint16{0, 1, uint16(len(images))}) // ICONDIR
	offset := 6 + 16*len(images)
	for i, img := range images {
		dim := uint8(sizes[i] % 256) // 0 means 256
		binary.Write(&out, binary.LittleEndian, struct {
			W, H, Colors, Reserved uint8
			Planes, BitCount       uint16
			Size, Offset           uint32
		}{dim, dim, 0, 0, 1, 32, uint32(len(img)), uint32(offset)})
		offset += len(img)
	}
	for _, img := range images {
		out.Write(img)
	}
	return out.Bytes(), nil
}
