// Package geo answers "where is this point": which kelurahan, kecamatan or
// service area holds it, and whether it is inside the city at all. Shapes are
// prepared once (ring bounds precomputed) and indexed in an R-tree, so a
// lookup stays fast with tens of thousands of polygons.
//
// geo imports nothing of Sigap.
package geo
