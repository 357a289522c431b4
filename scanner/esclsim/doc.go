// Package esclsim is a driverless network scanner for tests and demos: an eSCL
// (AirScan) device on an HTTP server on loopback, beside package scanner/sim's
// KSP-1 scanner on a pseudo-terminal.
//
// It answers GET /eSCL/ScannerCapabilities and /eSCL/ScannerStatus, POST
// /eSCL/ScanJobs (201 with a Location), GET {job}/NextDocument (one page each, 404
// once the job has no more) and DELETE {job}, as eSCL devices do. It serves the
// page files it was given (Config.Pages), or generated A4 documents at the asked
// resolution and colour mode (scanner/sim's generator: JPEG, PNG for black and
// white). Faults come the way real devices produce them (see Faults): 503 with
// Retry-After while busy, 409 when the feeder is empty, a jam mid-job (the job is
// aborted and the status shows the jam), a device that stops answering, a page cut
// short or stalled half way, malformed capabilities. Config.TLS serves HTTPS with a
// self-signed certificate; Advertise announces it over mDNS as _uscan._tcp.
//
//	dev, _ := esclsim.New(esclsim.Config{Sheets: 3})
//	defer dev.Close()
//	s, _ := scanner.OpenESCL(ctx, dev.URL(), scanner.ESCLOptions{})
//
// SANE's own eSCL client (Debian's sane-airscan) reads it too.
package esclsim
