package typing_test

import (
	"fmt"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

func ExampleCompose() {
	fmt.Println(typing.Compose(typing.Telex, "Nguyeenx Thij Ngocj Huwowngf"))
	fmt.Println(typing.Compose(typing.VNI, "Ca6n2 Tho7"))
	// Output:
	// Nguyễn Thị Ngọc Hường
	// Cần Thơ
}

func ExampleEngine() {
	e := typing.NewEngine(typing.Telex)
	for _, r := range "Nguyeenx" {
		e.Key(r)
	}
	fmt.Println(e.Text())
	e.Backspace() // one composed character: ễn → ễ
	fmt.Println(e.Text())
	e.Key('n')
	fmt.Println(e.Text())
	// Output:
	// Nguyễn
	// Nguyễ
	// Nguyễn
}
