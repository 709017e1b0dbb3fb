//go:build ignore

// genalert writes static/alert.wav, the board's alarm: three rising beeps,
// 8 kHz mono 16-bit PCM, about 0.9 s. Run: go generate ./hotline/
// (the file is committed and embedded: the console needs no CDN or network).
package main

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
)

func main() {
	const rate = 8000
	var pcm []int16
	for i, f := range []float64{880, 1175, 1568} {
		n := rate * 22 / 100
		for j := 0; j < n; j++ {
			env := math.Min(1, math.Min(float64(j), float64(n-j))/80) // no clicks at the edges
			pcm = append(pcm, int16(env*0.6*32767*math.Sin(2*math.Pi*f*float64(j)/rate)))
		}
		if i < 2 {
			pcm = append(pcm, make([]int16, rate*8/100)...) // 80 ms gap
		}
	}
	var b bytes.Buffer
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + 2*len(pcm)))
	b.WriteString("WAVEfmt ")
	le(uint32(16))
	le(uint16(1)) // PCM
	le(uint16(1)) // mono
	le(uint32(rate))
	le(uint32(rate * 2))
	le(uint16(2))
	le(uint16(16))
	b.WriteString("data")
	le(uint32(2 * len(pcm)))
	le(pcm)
	if err := os.WriteFile("web/static/alert.wav", b.Bytes(), 0o644); err != nil {
		panic(err)
	}
}
