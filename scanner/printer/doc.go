// Package printer drives the kiosk's 80 mm ESC/POS thermal receipt printer over a
// byte stream: a serial port ("serial:/dev/ttyUSB0[,BAUD]", tarm/serial, 115200
// baud by default) or a USB printer-class device file ("usb:/dev/usb/lp0"); a
// trailing ",nostatus" is for a link that carries nothing back (the driver then
// prints blind). It imports no Fyne and no SQL.
//
// # Receipts
//
// Render draws a Receipt (commune, agency, procedure, receipt code in large type,
// its lookup QR code, date and time, what happens next, the official code, the
// fee and its VietQR code) as a 576-dot-wide 1-bit Bitmap with the kiosk's own
// font (Noto Sans, as on the screen). Print sends it with GS v 0 in bands, white
// space as ESC J feeds, then GS V cuts: Vietnamese prints the same on every
// printer whatever its code pages.
//
// # Status
//
// Status asks the real-time status (DLE EOT 4 and 1, then 2 and 3 when offline)
// and Print asks it before the job and between bands: paper out, cover open,
// cutter error and offline stop a job with a typed error; paper near end is a
// warning (Status.Code() == CodeNearEnd, Status.Ready()). Poll is Status for a
// background watcher and never waits behind a print.
//
// # Errors
//
// Every device failure is an *Error with a Code (CodePaperOut, CodeCoverOpen,
// CodeCutterError, CodeOffline, CodeGone, CodeTimeout, CodeProtocol); match with
// errors.Is(err, printer.ErrPaperOut) or switch on CodeOf(err); Code.Plain() is
// the state in plain Vietnamese. A status line that answers noise fails with
// ErrProtocol, one that stays silent with ErrTimeout after Options.ReplyTimeout,
// a write that makes no progress with ErrTimeout after Options.WriteStall (the
// stuck write is abandoned, never waited for), a vanished device with ErrGone.
// The driver opens the port again on the next call, so a replugged printer
// prints the next receipt.
//
// The device side, for tests and demos, is scanner/sim's Printer (also behind
// cmd/scannersim --printer).
package printer
