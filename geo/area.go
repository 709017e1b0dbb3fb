package geo

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/paulmach/orb/geojson"
)

// Level says which administrative layer an Area belongs to, so a caller
// can tell "kelurahan Pabatu" from "kecamatan Padang Hulu" without parsing
// codes. The zero Level is invalid, which catches forgotten fields.
type Level int

// The administrative levels known to Sigap.
const (
	LevelCity      Level = iota + 1 // the city itself (kota)
	LevelDistrict                   // kecamatan
	LevelVillage                    // kelurahan
	LevelNeighbour                  // a neighbouring regency (kabupaten)
)

// String returns the name used in logs and API payloads.
func (l Level) String() string {
	switch l {
	case LevelCity:
		return "city"
	case LevelDistrict:
		return "kecamatan"
	case LevelVillage:
		return "kelurahan"
	case LevelNeighbour:
		return "neighbour"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// Valid reports whether l is one of the declared levels.
func (l Level) Valid() bool { return l >= LevelCity && l <= LevelNeighbour }

// Area is one administrative area: its Kemendagri code (e.g.
// "12.76.01.1001"), its name and its prepared boundary.
type Area struct {
	Code  string
	Name  string
	Level Level
	Shape *Shape
}

// maxAreaBytes bounds what ReadArea accepts, so a wrong file (or a whole
// country export) fails fast instead of exhausting memory.
const maxAreaBytes = 64 << 20

// ReadArea decodes one boundary: a GeoJSON Feature, or a FeatureCollection
// holding exactly one Feature, with a Polygon or MultiPolygon geometry and
// non-empty string properties "code" and "name". Errors name the property
// or the part that is wrong, because these files are edited by hand.
func ReadArea(r io.Reader, level Level) (*Area, error) {
	if !level.Valid() {
		return nil, fmt.Errorf("geo: invalid level %v", level)
	}
	data, err := io.ReadAll(io.LimitReader(r, maxAreaBytes+1))
	if err != nil {
		return nil, fmt.Errorf("geo: read: %w", err)
	}
	if len(data) > maxAreaBytes {
		return nil, fmt.Errorf("geo: GeoJSON larger than %d bytes", maxAreaBytes)
	}
	f, err := decodeFeature(data)
	if err != nil {
		return nil, err
	}
	code, err := stringProperty(f.Properties, "code")
	if err != nil {
		return nil, err
	}
	name, err := stringProperty(f.Properties, "name")
	if err != nil {
		return nil, err
	}
	shape, err := newShape(f.Geometry)
	if err != nil {
		return nil, fmt.Errorf("geo: area %s: %w", code, err)
	}
	return &Area{Code: code, Name: name, Level: level, Shape: shape}, nil
}

// decodeFeature returns the single feature of a Feature or a
// FeatureCollection document.
func decodeFeature(data []byte) (*geojson.Feature, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("geo: invalid GeoJSON: %w", err)
	}
	switch head.Type {
	case "Feature":
		f, err := geojson.UnmarshalFeature(data)
		if err != nil {
			return nil, fmt.Errorf("geo: invalid GeoJSON feature: %w", err)
		}
		return f, nil
	case "FeatureCollection":
		fc, err := geojson.UnmarshalFeatureCollection(data)
		if err != nil {
			return nil, fmt.Errorf("geo: invalid GeoJSON feature collection: %w", err)
		}
		if len(fc.Features) != 1 {
			return nil, fmt.Errorf("geo: feature collection holds %d features, want exactly 1", len(fc.Features))
		}
		return fc.Features[0], nil
	}
	return nil, fmt.Errorf("geo: GeoJSON type %q, want Feature or FeatureCollection", head.Type)
}

func stringProperty(props geojson.Properties, key string) (string, error) {
	v, ok := props[key]
	if !ok {
		return "", fmt.Errorf("geo: property %q missing", key)
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("geo: property %q is %s, want string", key, jsonKind(v))
	}
	if strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("geo: property %q is empty", key)
	}
	return s, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
