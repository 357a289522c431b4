package vnd_test

import (
	"math"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/vnd"
)

func TestWords(t *testing.T) {
	cases := map[int64]string{
		0:             "không đồng",
		5:             "năm đồng",
		10:            "mười đồng",
		11:            "mười một đồng",
		15:            "mười lăm đồng",
		21:            "hai mươi mốt đồng",
		24:            "hai mươi bốn đồng",
		25:            "hai mươi lăm đồng",
		105:           "một trăm linh năm đồng",
		110:           "một trăm mười đồng",
		1005:          "một nghìn không trăm linh năm đồng",
		2000:          "hai nghìn đồng",
		5000:          "năm nghìn đồng",
		15000:         "mười lăm nghìn đồng",
		100000:        "một trăm nghìn đồng",
		105000:        "một trăm linh năm nghìn đồng",
		1000000:       "một triệu đồng",
		1050000:       "một triệu không trăm năm mươi nghìn đồng",
		1943000:       "một triệu chín trăm bốn mươi ba nghìn đồng",
		1000001:       "một triệu không trăm linh một đồng",
		2500000000:    "hai tỷ năm trăm triệu đồng",
		1000000000000: "một nghìn tỷ đồng",
		-5000:         "âm năm nghìn đồng",
	}
	for n, want := range cases {
		if got := vnd.Words(n); got != want {
			t.Errorf("Words(%d) = %q, want %q", n, got, want)
		}
	}
	for _, n := range []int64{math.MaxInt64, math.MinInt64} {
		if got := vnd.Words(n); !strings.HasSuffix(got, " đồng") || strings.Contains(got, "  ") {
			t.Errorf("Words(%d) = %q", n, got)
		}
	}
}

func TestDigits(t *testing.T) {
	cases := map[int64]string{0: "0 đ", 500: "500 đ", 5000: "5.000 đ", 100000: "100.000 đ", 1943000: "1.943.000 đ", -12000: "-12.000 đ"}
	for n, want := range cases {
		if got := vnd.Digits(n); got != want {
			t.Errorf("Digits(%d) = %q, want %q", n, got, want)
		}
	}
}
