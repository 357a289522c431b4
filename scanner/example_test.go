package scanner_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

// A scan through the KSP-1 driver, against the simulator on a real pty.
func ExampleOpenSerial() {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dev, err := sim.NewScanner(sim.Config{Sheets: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer dev.Close()

	s, err := scanner.OpenSerial(ctx, dev.Path(), scanner.SerialOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	fmt.Println(s.Info().Model, s.Baud())

	err = s.Scan(ctx, scanner.ScanParams{DPI: 200, Mode: scanner.Gray, Source: scanner.Feeder},
		func(p scanner.Progress) { /* p.Bytes of p.Total: a progress bar */ },
		func(p scanner.Page) { fmt.Println("page", p.Number, p.Width, "x", p.Height, p.Format) })
	fmt.Println("done:", err)

	// The feeder is empty now: a typed error the screen turns into words.
	err = s.Scan(ctx, scanner.ScanParams{Source: scanner.Feeder}, nil, nil)
	fmt.Println(errors.Is(err, scanner.ErrNoPaper), scanner.CodeOf(err))
	// Output:
	// KSP-1 simulator 921600
	// page 1 1654 x 2339 jpeg
	// page 2 1654 x 2339 jpeg
	// done: <nil>
	// true no paper
}

func ExampleParseCCCD() {
	c, err := scanner.ParseCCCD("092195001234||Nguyễn Thị Mỹ Hạnh|15081995|Nữ|Ninh Kiều, Cần Thơ|20042021")
	fmt.Println(c.Name, c.DOB.Format("02/01/2006"), c.Sex, err)

	_, err = scanner.ParseCCCD("092195001234||Lê Văn B|31021995|Nam|Cần Thơ|20042021")
	fmt.Println(err)
	// Output:
	// Nguyễn Thị Mỹ Hạnh 15/08/1995 Nữ <nil>
	// CCCD QR field 4 (date of birth, 8 characters): no such date
}

func ExampleClassifyQR() {
	for _, text := range []string{
		scanner.FormatReceiptQR("K7Q4-M2PX"),
		"092195001234||Nguyễn Văn A|01011990|Nam|Cần Thơ|01012021",
		"https://dichvucong.gov.vn",
	} {
		fmt.Println(scanner.ClassifyQR(text))
	}
	code, ok := scanner.ParseReceiptQR("DVCK1:K7Q4-M2PX")
	fmt.Println(code, ok)
	// Output:
	// receipt
	// cccd
	// unknown
	// K7Q4-M2PX true
}
