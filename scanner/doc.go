// Package scanner drives the kiosk's devices: the KSP-1 document scanner over a
// serial port (docs/ksp1-protocol.md), ordinary USB scanners through SANE's
// scanimage, and the hand-held QR reader; it also parses what residents hold to the
// reader (the CCCD identity card's QR code, the kiosk's own receipt QR). It imports
// no Fyne and no SQL.
//
// # Scanning
//
// Every backend implements PageSource:
//
//	type PageSource interface {
//		Scan(ctx, ScanParams, onProgress func(Progress), onPage func(Page)) error
//		Status(ctx) (State, error)
//		Events() <-chan Event
//		Cancel(ctx) error
//		Close() error
//	}
//
// Open(ctx, "serial:/dev/ttyUSB0[,MAXBAUD]" | "sane:test:0", opts) opens one from
// the same string the configuration and `kiosk scan --device` take (ParseDeviceSpec
// checks one). OpenSerial does HELLO (finding a device an earlier host left at a
// higher speed), raises the line speed with SET_BAUD (falling back to 115200 when
// the device does not come back) and, with SerialOptions.Reconnect set, reopens
// the port by itself after the device vanished (Events reports EventGone, then
// EventBack); Reconnect does it on demand, and WaitForDevice lets the kiosk start
// before the scanner is plugged in. OpenSANE opens a SANE device by name;
// ListSANE lists what SANE finds.
//
// OpenESCL (or "escl:http://HOST[:PORT]/eSCL[,insecure]", "escl:auto") drives a
// driverless network scanner over eSCL/AirScan with net/http and encoding/xml:
// capabilities fitted to the request (ESCL.Plan: nearest resolution, the source
// the device has), POST ScanJobs, NextDocument until 404, DELETE on cancel, 503
// Retry-After honoured up to ESCLOptions.BusyWait, the status read to tell a jam
// or an empty feeder from a normal end; DiscoverESCL lists _uscan._tcp devices
// over mDNS. Its device side is package scanner/esclsim.
//
// Scan delivers each page once its CRC-32 checks (onPage), with progress while it
// arrives (onProgress, for a progress bar); both run on the scanning goroutine.
//
// The KSP-1 host acknowledges every 8 DATA frames and at the end of a page, sends
// DATA_NAK at the first gap or damaged frame (once per gap), keeps frames that
// arrive past a gap and acknowledges past them once it is filled, ignores
// duplicates, checks CRC-32 at PAGE_END (DATA_NAK(page, 0) on a mismatch,
// DATA_ACK(page, total) to confirm), and asks again for a page whose PAGE_END was
// lost. Reading the line and checking frames run on two goroutines.
//
// # Errors
//
// Every device failure is an *Error with a Code (CodeNoPaper, CodeJam,
// CodeCoverOpen, CodeBusy, CodeGone, CodeTimeout, CodeProtocol, CodeTransferFailed,
// CodeCancelled, CodeBadParam, CodeInternal); match with errors.Is(err,
// scanner.ErrJam) or switch on scanner.CodeOf(err). The UI turns codes into words.
// A device silent for 10 s during a job counts as gone: that error matches both
// ErrGone and ErrTimeout.
//
// # QR reader
//
// OpenQR(ctx, path, baud, suffix) reads one code per line ending in the configured
// suffix from Codes(); it tolerates stray bytes and partial lines and reopens the
// port after the reader was unplugged (QRConfig.WaitForDevice: also when it is not
// there yet). ParseQRSpec reads the "serial:/dev/ttyACM0[,9600][,crlf]" setting. ClassifyQR tells a CCCD from a kiosk receipt;
// ParseCCCD and ParseReceiptQR decode them; FormatReceiptQR makes the receipt text.
//
// The device side, for tests and demos, is package scanner/sim (also behind
// cmd/scannersim); the wire format is package scanner/ksp.
package scanner
