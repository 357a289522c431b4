package gwtest

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"sync"
)

var (
	tinyOnce sync.Once
	tiny     []byte
)

// tinyJPEG is a real 16×16 grey JPEG.
func tinyJPEG() []byte {
	tinyOnce.Do(func() {
		img := image.NewGray(image.Rect(0, 0, 16, 16))
		for i := range img.Pix {
			img.Pix[i] = uint8(i * 7)
		}
		img.Set(0, 0, color.Gray{Y: 255})
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, nil); err != nil {
			panic(err)
		}
		tiny = b.Bytes()
	})
	return tiny
}

// Page returns size bytes that the gateway accepts as a JPEG page: a real small JPEG
// followed by pseudo-random bytes from seed (decoders stop at the end-of-image marker),
// so that tests and benches get pages of any size, different for each seed when size
// is larger than the small JPEG (a few hundred bytes; smaller sizes give it alone).
func Page(size int, seed uint64) []byte {
	t := tinyJPEG()
	b := make([]byte, max(size, len(t)))
	copy(b, t)
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	for i := len(t); i < len(b); i++ {
		b[i] = byte(r.Uint32())
	}
	return b
}
