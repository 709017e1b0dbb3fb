package gazetteer

import "math"

// distanceToLines is the distance in metres from (lat, lon) to the nearest
// segment of lines ([lon, lat] vertices), on a local flat projection: true
// enough within a city. +Inf when there are no lines.
func distanceToLines(lat, lon float64, lines [][][2]float64) float64 {
	const mPerDeg = 111_320.0
	cos := math.Cos(lat * math.Pi / 180)
	xy := func(v [2]float64) (float64, float64) { return (v[0] - lon) * mPerDeg * cos, (v[1] - lat) * mPerDeg }
	best := math.Inf(1)
	for _, line := range lines {
		for i := range line {
			ax, ay := xy(line[i])
			if i == 0 {
				best = min(best, math.Hypot(ax, ay))
				continue
			}
			bx, by := xy(line[i-1])
			best = min(best, segmentDistance(ax, ay, bx, by))
		}
	}
	return best
}

// segmentDistance is the distance from the origin to the segment a–b.
func segmentDistance(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = max(0, min(1, -(ax*dx+ay*dy)/l2))
	}
	return math.Hypot(ax+t*dx, ay+t*dy)
}
