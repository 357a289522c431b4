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

func ExampleEngine_SetTone() {
	e := typing.NewEngine(typing.Telex)
	for _, r := range "dduwoc" { // the second horn of ươ comes by itself
		e.Key(r)
	}
	fmt.Println(e.Text())
	e.SetTone(typing.Dot) // a tone key: on the word being typed
	fmt.Println(e.Text())
	e.SetTone(typing.Acute) // another tone replaces it
	fmt.Println(e.Text())
	// Output:
	// đươc
	// được
	// đước
}

func ExampleCapitalizeName() {
	fmt.Println(typing.CapitalizeName("  nguyễn   thị ngọc HƯỜNG "))
	// Output: Nguyễn Thị Ngọc Hường
}

func ExampleDateInput() {
	var d typing.DateInput
	for _, r := range "5031958" { // 5 can only start the day 05
		d.Key(r)
	}
	t, err := d.Date()
	fmt.Println(d.Text(), t.Format("2006-01-02"), err)
	d.SetText("31/02/2000")
	_, err = d.Date()
	fmt.Println(err)
	// Output:
	// 05/03/1958 1958-03-05 <nil>
	// "31/02/2000": date does not exist
}
