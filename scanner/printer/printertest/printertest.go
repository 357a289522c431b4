// Package printertest reads printed receipts back for tests: the QR codes on a slip
// (the simulated printer's decoded raster, scanner/sim) and where the code stands.
package printertest

import (
	"image"
	"math"
	"testing"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/cantho-kiosk/kiosk/scanner/printer"
)

func bitmap(t testing.TB, img image.Image) *gozxing.BinaryBitmap {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	return bmp
}

// QRs is the text of every QR code on the slip; the test fails when there is none.
func QRs(t testing.TB, img image.Image) []string {
	t.Helper()
	res, err := multiqr.NewQRCodeMultiReader().DecodeMultiple(bitmap(t, img), map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code found on the printed slip: %v", err)
	}
	var out []string
	for _, r := range res {
		out = append(out, r.GetText())
	}
	return out
}

// QR is the text of the slip's QR code, read the way a phone reads it (one code);
// the test fails when there is none.
func QR(t testing.TB, img image.Image) string {
	t.Helper()
	res, err := qrcode.NewQRCodeReader().Decode(bitmap(t, img), nil)
	if err != nil {
		t.Fatalf("no QR code found on the printed slip: %v", err)
	}
	return res.GetText()
}

// QRTop is the first row of the slip's (only) QR code: its finder patterns' centres
// lie 3.5 modules inside its edge.
func QRTop(t testing.TB, img image.Image) int {
	t.Helper()
	res, err := qrcode.NewQRCodeReader().Decode(bitmap(t, img), nil)
	if err != nil {
		t.Fatal(err)
	}
	top := math.MaxFloat64
	for _, p := range res.GetResultPoints() {
		top = min(top, p.GetY())
	}
	return int(top - 3.5*printer.QRModule)
}
