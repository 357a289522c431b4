// Package sim is the device side of the kiosk's serial devices, for tests and demos:
// a KSP-1 document scanner (docs/ksp1-protocol.md) and a QR reader, each on a
// real pseudo-terminal whose path the host opens like any serial port.
//
// The scanner follows the datasheet to the byte: HELLO/INFO, STATUS/STATE,
// SET_BAUD (it notices the speed the host set on the line and ignores a host at the
// wrong speed, falling back to 115200 after 2 s), SCAN with windowed DATA, 500 ms
// resend, DATA_ACK/DATA_NAK, PAGE_END with CRC-32 and up to three page retries,
// CANCEL, EVENTs and ERRORs. Pages are realistic A4 documents at the requested dpi
// and mode (JPEG for gray and colour, 1-bit PNG for black and white), cached per
// parameters. It paces itself to the line speed when asked, and injects faults on
// demand (see Faults): corrupt or dropped DATA frames, garbage between frames,
// stalls, a jam, the cable pulled mid-page, a bad page CRC, a device that does not
// come back after SET_BAUD, corrupted commands.
//
//	s, _ := sim.NewScanner(sim.Config{Sheets: 3})
//	defer s.Close()
//	dev, _ := scanner.OpenSerial(ctx, s.Path(), scanner.SerialOptions{})
//
// After a PAGE_END the device goes on with the next page at once: the host answers
// a bad CRC-32 with DATA_NAK(page, 0) before it acknowledges anything of the next
// page, so a NAK seen by then sends the previous page again (three times at most).
// After the last page it waits up to Config.VerdictWait for DATA_ACK(page, total)
// or that NAK before JOB_END. An acknowledgement past what it just resent makes it
// skip ahead (hosts that keep frames received after a gap).
//
// Pull unplugs the cable (the pty disappears); Replug brings the device back on a
// new pty, and Config.Link keeps a stable symlink to whichever pty is current.
package sim
