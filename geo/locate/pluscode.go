package locate

// Plus Codes, written for Sigap 112 from the public Open Location Code
// specification (https://github.com/google/open-location-code, "Open Location
// Code: Specification"). It follows that specification for validation,
// decoding, encoding and recovering the nearest full code from a short one;
// shortening a code is not needed here and is left out.
//
// A full code has 8 digits, the separator '+', then 0 or 2 to 7 more digits.
// The first 10 digits are 5 pairs (latitude digit, longitude digit) in base 20
// at resolutions of 20°, 1°, 0.05°, 0.0025° and 0.000125°, counted from the
// south pole and the antimeridian (latitude + 90, longitude + 180). Each
// further digit picks a cell of a grid of 5 rows by 4 columns inside the
// previous area (row = digit / 4, column = digit % 4). A code of fewer than
// 8 digits is padded with '0' up to the separator. A short code has had an
// even number of leading digits removed and is read relative to a reference
// point.

import (
	"errors"
	"math"
	"strings"
)

const (
	olcAlphabet    = "23456789CFGHJMPQRVWX"
	olcSeparator   = '+'
	olcSepPosition = 8
	olcPadding     = '0'
	olcEncBase     = 20
	olcPairLen     = 10 // digits encoded as lat/lon pairs
	olcMaxDigits   = 15 // digits beyond this are ignored when decoding
	olcGridRows    = 5
	olcGridCols    = 4
	olcLatMax      = 90
	olcLonMax      = 180
)

var (
	errOLCInvalid  = errors.New("pluscode: invalid code")
	errOLCNotFull  = errors.New("pluscode: not a full code")
	errOLCNotShort = errors.New("pluscode: not a short code")
	errOLCLength   = errors.New("pluscode: invalid code length")
)

// olcPairRes is the size in degrees of one digit of each lat/lon pair.
var olcPairRes = [olcPairLen / 2]float64{20, 1, 0.05, 0.0025, 0.000125}

// olcValue returns the value of a code digit, or -1.
func olcValue(c byte) int {
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	return strings.IndexByte(olcAlphabet, c)
}

// olcValid reports whether code (any case) is a valid full or short code.
func olcValid(code string) bool {
	code = strings.ToUpper(code)
	sep := strings.IndexByte(code, olcSeparator)
	if sep < 0 || strings.LastIndexByte(code, olcSeparator) != sep {
		return false
	}
	// The separator sits after an even number of digits, at most eight; we
	// also require at least one pair before it.
	if sep > olcSepPosition || sep%2 == 1 || sep < 2 {
		return false
	}
	if pad := strings.IndexByte(code, olcPadding); pad >= 0 {
		// Only full-length codes are padded, never from the first pair, with
		// whole pairs of '0' running up to the separator and nothing after it.
		if sep < olcSepPosition || pad == 0 || pad%2 == 1 {
			return false
		}
		if strings.Trim(code[pad:sep], "0") != "" || len(code) != sep+1 {
			return false
		}
		code = code[:pad] + code[sep:]
		sep = pad
	}
	// A single digit after the separator is not allowed.
	if len(code)-sep-1 == 1 {
		return false
	}
	for i := 0; i < len(code); i++ {
		if i != sep && olcValue(code[i]) < 0 {
			return false
		}
	}
	return true
}

// olcCheckShort returns nil if code is a valid short code.
func olcCheckShort(code string) error {
	if !olcValid(code) {
		return errOLCInvalid
	}
	if strings.IndexByte(code, olcSeparator) >= olcSepPosition {
		return errOLCNotShort
	}
	return nil
}

// olcCheckFull returns nil if code is a valid full code.
func olcCheckFull(code string) error {
	if !olcValid(code) {
		return errOLCInvalid
	}
	if strings.IndexByte(code, olcSeparator) < olcSepPosition {
		return errOLCNotFull
	}
	// The first latitude digit must stay below 180° (+90), the first
	// longitude digit below 360° (+180).
	if olcValue(code[0])*olcEncBase >= 2*olcLatMax || olcValue(code[1])*olcEncBase >= 2*olcLonMax {
		return errOLCInvalid
	}
	return nil
}

// olcDigits returns the digits of a code, upper case, without the separator
// and padding, at most olcMaxDigits of them.
func olcDigits(code string) string {
	code = strings.ToUpper(code)
	code = strings.ReplaceAll(code, string(olcSeparator), "")
	if i := strings.IndexByte(code, olcPadding); i >= 0 {
		code = code[:i]
	}
	if len(code) > olcMaxDigits {
		code = code[:olcMaxDigits]
	}
	return code
}

// olcArea is the area of a decoded code, in degrees.
type olcArea struct {
	latLo, lonLo, latHi, lonHi float64
	digits                     int
}

// center returns the middle of the area, clipped to the valid ranges.
func (a olcArea) center() (lat, lon float64) {
	lat = math.Min((a.latLo+a.latHi)/2, olcLatMax)
	lon = math.Min((a.lonLo+a.lonHi)/2, olcLonMax)
	return lat, lon
}

// olcDecode decodes a full code to its area.
func olcDecode(code string) (olcArea, error) {
	if err := olcCheckFull(code); err != nil {
		return olcArea{}, err
	}
	d := olcDigits(code)
	// Count cells of the code's own size from the corner as integers, so
	// that summing digit by digit adds no rounding.
	var latVal, lonVal int64
	latRes, lonRes := olcPairRes[0], olcPairRes[0]
	for i := 0; i < len(d) && i < olcPairLen; i += 2 {
		latVal = latVal*olcEncBase + int64(olcValue(d[i]))
		lonVal = lonVal*olcEncBase + int64(olcValue(d[i+1]))
		latRes, lonRes = olcPairRes[i/2], olcPairRes[i/2]
	}
	for i := olcPairLen; i < len(d); i++ {
		v := int64(olcValue(d[i]))
		latVal = latVal*olcGridRows + v/olcGridCols
		lonVal = lonVal*olcGridCols + v%olcGridCols
		latRes /= olcGridRows
		lonRes /= olcGridCols
	}
	a := olcArea{
		latLo:  float64(latVal)*latRes - olcLatMax,
		lonLo:  float64(lonVal)*lonRes - olcLonMax,
		digits: len(d),
	}
	a.latHi = a.latLo + latRes
	a.lonHi = a.lonLo + lonRes
	return a, nil
}

// olcEncode encodes a point as a full code of the given number of digits
// (2, 4, 6, 8, or 10 to 15).
func olcEncode(lat, lon float64, digits int) (string, error) {
	if digits < 2 || (digits < olcPairLen && digits%2 == 1) {
		return "", errOLCLength
	}
	if digits > olcMaxDigits {
		digits = olcMaxDigits
	}
	lat = math.Max(-olcLatMax, math.Min(olcLatMax, lat))
	lon = math.Mod(lon+olcLonMax, 2*olcLonMax)
	if lon < 0 {
		lon += 2 * olcLonMax
	}
	// Finest units: 8000 per degree for the pairs, then 5^5 rows, 4^5 columns.
	const gridSteps = olcMaxDigits - olcPairLen
	latScale := 1 / olcPairRes[len(olcPairRes)-1] * math.Pow(olcGridRows, gridSteps)
	lonScale := 1 / olcPairRes[len(olcPairRes)-1] * math.Pow(olcGridCols, gridSteps)
	latVal := int64(math.Floor((lat+olcLatMax)*latScale + 1e-6))
	lonVal := int64(math.Floor(lon*lonScale + 1e-6))
	// The north pole belongs to the cell below it.
	if latMax := int64(2 * olcLatMax * latScale); latVal >= latMax {
		latVal = latMax - 1
	}
	if lonMax := int64(2 * olcLonMax * lonScale); lonVal >= lonMax {
		lonVal -= lonMax
	}
	out := make([]byte, olcMaxDigits)
	for i := olcMaxDigits - 1; i >= olcPairLen; i-- {
		out[i] = olcAlphabet[(latVal%olcGridRows)*olcGridCols+lonVal%olcGridCols]
		latVal /= olcGridRows
		lonVal /= olcGridCols
	}
	for i := olcPairLen - 2; i >= 0; i -= 2 {
		out[i] = olcAlphabet[latVal%olcEncBase]
		out[i+1] = olcAlphabet[lonVal%olcEncBase]
		latVal /= olcEncBase
		lonVal /= olcEncBase
	}
	code := string(out[:digits])
	if digits < olcSepPosition {
		code += strings.Repeat(string(olcPadding), olcSepPosition-digits)
	}
	return code[:olcSepPosition] + string(olcSeparator) + code[olcSepPosition:], nil
}

// olcRecoverNearest returns the full code nearest to (refLat, refLon) whose
// trailing digits are the short code, following the specification's
// recoverNearest: take the missing leading digits from the reference point,
// then move one area in each direction if that puts the code closer to it.
// A full code is returned as is (upper case).
func olcRecoverNearest(code string, refLat, refLon float64) (string, error) {
	if err := olcCheckShort(code); err != nil {
		if olcCheckFull(code) == nil {
			return strings.ToUpper(code), nil
		}
		return "", err
	}
	code = strings.ToUpper(code)
	refLat = math.Max(-olcLatMax, math.Min(olcLatMax, refLat))
	refLon = math.Mod(refLon+olcLonMax, 2*olcLonMax)
	if refLon < 0 {
		refLon += 2 * olcLonMax
	}
	refLon -= olcLonMax

	missing := olcSepPosition - strings.IndexByte(code, olcSeparator)
	// Size of the area the missing digits span.
	res := math.Pow(olcEncBase, 2-float64(missing/2))
	half := res / 2

	ref, err := olcEncode(refLat, refLon, olcPairLen)
	if err != nil {
		return "", err
	}
	area, err := olcDecode(ref[:missing] + code)
	if err != nil {
		return "", err
	}
	lat, lon := area.center()
	if refLat+half < lat && lat-res >= -olcLatMax {
		lat -= res
	} else if refLat-half > lat && lat+res <= olcLatMax {
		lat += res
	}
	if refLon+half < lon {
		lon -= res
	} else if refLon-half > lon {
		lon += res
	}
	return olcEncode(lat, lon, area.digits)
}
