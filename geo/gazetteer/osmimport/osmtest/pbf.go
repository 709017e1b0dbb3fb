// Package osmtest writes small OpenStreetMap PBF extracts, so that the
// importer is tested on a real .osm.pbf file the project makes itself (no
// extract can be downloaded offline, and paulmach/osm only reads PBF).
// It writes the subset every reader understands: one header block, then
// one data block with dense nodes and ways, uncompressed.
package osmtest

import (
	"encoding/binary"
	"io"
	"math"
	"slices"

	"google.golang.org/protobuf/encoding/protowire"
)

// Node is an OSM node.
type Node struct {
	ID       int64
	Lat, Lon float64
	Tags     map[string]string
}

// Way is an OSM way through nodes.
type Way struct {
	ID    int64
	Nodes []int64
	Tags  map[string]string
}

// WritePBF writes nodes and ways as an .osm.pbf file.
func WritePBF(w io.Writer, nodes []Node, ways []Way) error {
	var header []byte
	header = protowire.AppendTag(header, 4, protowire.BytesType)
	header = protowire.AppendString(header, "OsmSchema-V0.6")
	header = protowire.AppendTag(header, 4, protowire.BytesType)
	header = protowire.AppendString(header, "DenseNodes")
	header = protowire.AppendTag(header, 16, protowire.BytesType)
	header = protowire.AppendString(header, "sigap osmtest")
	if err := writeBlob(w, "OSMHeader", header); err != nil {
		return err
	}
	return writeBlob(w, "OSMData", primitiveBlock(nodes, ways))
}

// strings is a PrimitiveBlock's string table; index 0 is the empty string.
type stringTable struct {
	list  []string
	index map[string]int
}

func (t *stringTable) id(s string) uint64 {
	if t.index == nil {
		t.list, t.index = []string{""}, map[string]int{"": 0}
	}
	if i, ok := t.index[s]; ok {
		return uint64(i)
	}
	t.index[s] = len(t.list)
	t.list = append(t.list, s)
	return uint64(len(t.list) - 1)
}

func primitiveBlock(nodes []Node, ways []Way) []byte {
	var st stringTable
	st.id("")
	var ids, lats, lons, kv []byte
	var prevID, prevLat, prevLon int64
	for _, n := range nodes {
		lat, lon := int64(math.Round(n.Lat*1e7)), int64(math.Round(n.Lon*1e7)) // granularity 100 nanodegrees
		ids = protowire.AppendVarint(ids, protowire.EncodeZigZag(n.ID-prevID))
		lats = protowire.AppendVarint(lats, protowire.EncodeZigZag(lat-prevLat))
		lons = protowire.AppendVarint(lons, protowire.EncodeZigZag(lon-prevLon))
		prevID, prevLat, prevLon = n.ID, lat, lon
		for _, k := range sortedKeys(n.Tags) {
			kv = protowire.AppendVarint(kv, st.id(k))
			kv = protowire.AppendVarint(kv, st.id(n.Tags[k]))
		}
		kv = protowire.AppendVarint(kv, 0)
	}
	var dense []byte
	dense = appendBytes(dense, 1, ids)
	dense = appendBytes(dense, 8, lats)
	dense = appendBytes(dense, 9, lons)
	dense = appendBytes(dense, 10, kv)
	var nodeGroup []byte
	nodeGroup = appendBytes(nodeGroup, 2, dense)

	var wayGroup []byte
	for _, w := range ways {
		var msg, keys, vals, refs []byte
		msg = protowire.AppendTag(msg, 1, protowire.VarintType)
		msg = protowire.AppendVarint(msg, uint64(w.ID))
		for _, k := range sortedKeys(w.Tags) {
			keys = protowire.AppendVarint(keys, st.id(k))
			vals = protowire.AppendVarint(vals, st.id(w.Tags[k]))
		}
		var prev int64
		for _, ref := range w.Nodes {
			refs = protowire.AppendVarint(refs, protowire.EncodeZigZag(ref-prev))
			prev = ref
		}
		msg = appendBytes(msg, 2, keys)
		msg = appendBytes(msg, 3, vals)
		msg = appendBytes(msg, 8, refs)
		wayGroup = appendBytes(wayGroup, 3, msg)
	}

	var table []byte
	for _, s := range st.list {
		table = appendBytes(table, 1, []byte(s))
	}
	var block []byte
	block = appendBytes(block, 1, table)
	block = appendBytes(block, 2, nodeGroup)
	if len(ways) > 0 {
		block = appendBytes(block, 2, wayGroup)
	}
	return block
}

func writeBlob(w io.Writer, kind string, data []byte) error {
	var blob []byte
	blob = appendBytes(blob, 1, data)
	blob = protowire.AppendTag(blob, 2, protowire.VarintType)
	blob = protowire.AppendVarint(blob, uint64(len(data)))
	var hdr []byte
	hdr = protowire.AppendTag(hdr, 1, protowire.BytesType)
	hdr = protowire.AppendString(hdr, kind)
	hdr = protowire.AppendTag(hdr, 3, protowire.VarintType)
	hdr = protowire.AppendVarint(hdr, uint64(len(blob)))
	var size [4]byte
	binary.BigEndian.PutUint32(size[:], uint32(len(hdr)))
	for _, b := range [][]byte{size[:], hdr, blob} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func appendBytes(b []byte, field protowire.Number, v []byte) []byte {
	b = protowire.AppendTag(b, field, protowire.BytesType)
	return protowire.AppendBytes(b, v)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
