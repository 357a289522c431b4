// Package vnd writes amounts of Vietnamese đồng the way Vietnamese people read them:
// in words ("một trăm nghìn đồng", as on receipts and payment slips) and in digits
// ("100.000 đ"). Pure Go, no I/O.
package vnd

import (
	"strconv"
	"strings"
)

var digits = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// scales name each group of three digits, from the lowest.
var scales = []string{"", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"}

// Words writes n đồng in Vietnamese words, lower case: 0 → "không đồng",
// 105000 → "một trăm linh năm nghìn đồng", 1943000 → "một triệu chín trăm bốn mươi ba
// nghìn đồng". A group after the first is read in full ("một nghìn không trăm linh năm").
// A negative n is read with "âm" before it.
func Words(n int64) string {
	if n == 0 {
		return "không đồng"
	}
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n) // -MinInt64 wraps to itself, which as uint64 is right
	}
	var groups []int
	for u > 0 {
		groups = append(groups, int(u%1000))
		u /= 1000
	}
	var parts []string
	if neg {
		parts = append(parts, "âm")
	}
	first := true
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			continue
		}
		parts = append(parts, group(g, !first))
		if scales[i] != "" {
			parts = append(parts, scales[i])
		}
		first = false
	}
	return strings.Join(parts, " ") + " đồng"
}

// group reads 1..999; full reads the hundreds and the "linh" even when zero.
func group(g int, full bool) string {
	h, t, u := g/100, g/10%10, g%10
	var w []string
	if h > 0 || full {
		w = append(w, digits[h], "trăm")
	}
	switch {
	case t == 0 && u == 0:
	case t == 0:
		if len(w) > 0 {
			w = append(w, "linh")
		}
		w = append(w, digits[u])
	case t == 1:
		w = append(w, "mười")
		if u > 0 {
			w = append(w, unitAfterTen(u, false))
		}
	default:
		w = append(w, digits[t], "mươi")
		if u > 0 {
			w = append(w, unitAfterTen(u, true))
		}
	}
	return strings.Join(w, " ")
}

// unitAfterTen: 5 after a ten is "lăm", 1 after "mươi" is "mốt".
func unitAfterTen(u int, afterMuoi bool) string {
	switch {
	case u == 5:
		return "lăm"
	case u == 1 && afterMuoi:
		return "mốt"
	}
	return digits[u]
}

// Digits writes n with dots between thousands and " đ": 50000 → "50.000 đ".
func Digits(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return sign + b.String() + " đ"
}
