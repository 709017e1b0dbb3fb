package osmtest

// TebingTinggiExample is a small made-up extract of Kota Tebing Tinggi
// (contoh): real street and landmark names of the city, placed by hand
// near the right kelurahan but NOT surveyed. It feeds the importer's tests
// and the example gazetteer of the default deployment until the city
// imports a real OpenStreetMap extract. It also holds what the importer
// must drop: a place outside the city, an unnamed school, a footpath.
func TebingTinggiExample() ([]Node, []Way) {
	var nodes []Node
	var ways []Way
	id := int64(1000)
	street := func(name, highway string, pts ...[2]float64) {
		var refs []int64
		for _, p := range pts {
			id++
			nodes = append(nodes, Node{ID: id, Lat: p[0], Lon: p[1]})
			refs = append(refs, id)
		}
		id++
		ways = append(ways, Way{ID: id, Nodes: refs, Tags: map[string]string{"highway": highway, "name": name}})
	}
	poi := func(name string, lat, lon float64, tags ...string) {
		id++
		t := map[string]string{}
		if name != "" {
			t["name"] = name
		}
		for i := 0; i+1 < len(tags); i += 2 {
			t[tags[i]] = tags[i+1]
		}
		nodes = append(nodes, Node{ID: id, Lat: lat, Lon: lon, Tags: t})
	}
	street("Jalan Jenderal Sudirman", "primary", [2]float64{3.3200, 99.1520}, [2]float64{3.3260, 99.1560}, [2]float64{3.3320, 99.1600})
	street("Jalan Jenderal Sudirman", "primary", [2]float64{3.3320, 99.1600}, [2]float64{3.3360, 99.1625})
	street("Jalan Gatot Subroto", "secondary", [2]float64{3.3300, 99.1450}, [2]float64{3.3290, 99.1500}, [2]float64{3.3282, 99.1550})
	street("Jalan Ahmad Yani", "secondary", [2]float64{3.3230, 99.1600}, [2]float64{3.3250, 99.1640}, [2]float64{3.3270, 99.1680})
	street("Jalan Imam Bonjol", "tertiary", [2]float64{3.3150, 99.1560}, [2]float64{3.3190, 99.1570}, [2]float64{3.3230, 99.1580})
	street("Jalan Diponegoro", "tertiary", [2]float64{3.3290, 99.1610}, [2]float64{3.3300, 99.1650})
	street("Jalan Gunung Leuser", "residential", [2]float64{3.3180, 99.1540}, [2]float64{3.3195, 99.1560})
	street("Jalan Sisingamangaraja", "primary", [2]float64{3.3100, 99.1650}, [2]float64{3.3150, 99.1660}, [2]float64{3.3200, 99.1670})
	street("Gang Mawar", "residential", [2]float64{3.3190, 99.1555}, [2]float64{3.3195, 99.1548})
	street("Jalan Setapak Sungai", "footway", [2]float64{3.3250, 99.1700}, [2]float64{3.3255, 99.1710})
	street("Jalan Lintas Sumatera", "trunk", [2]float64{3.4000, 99.2500}, [2]float64{3.4100, 99.2600})

	poi("Masjid Raya Nur Addin", 3.32615, 99.15625, "amenity", "place_of_worship", "religion", "muslim")
	poi("Masjid Al-Ikhlas", 3.32985, 99.16445, "amenity", "place_of_worship", "religion", "muslim")
	poi("Gereja HKBP Tebing Tinggi", 3.32150, 99.16500, "amenity", "place_of_worship", "religion", "christian")
	poi("RSUD dr. Kumpulan Pane", 3.32400, 99.16200, "amenity", "hospital")
	poi("Pasar Gambir", 3.32350, 99.15980, "amenity", "marketplace")
	poi("SD Negeri 163084", 3.31850, 99.15750, "amenity", "school")
	poi("SMA Negeri 1 Tebing Tinggi", 3.32900, 99.15200, "amenity", "school")
	poi("Stasiun Tebing Tinggi", 3.32750, 99.15900, "railway", "station")
	poi("Puskesmas Rantau Laban", 3.36800, 99.16400, "amenity", "clinic")
	poi("Kantor Wali Kota Tebing Tinggi", 3.33000, 99.15800, "amenity", "townhall")
	poi("Lapangan Merdeka", 3.32850, 99.16100, "leisure", "park")
	poi("Pos Pemadam Kebakaran Kota", 3.32480, 99.15300, "amenity", "fire_station")
	poi("", 3.3210, 99.1590, "amenity", "school")                                                 // unnamed: dropped
	poi("Masjid Luar Kota", 3.4050, 99.2550, "amenity", "place_of_worship", "religion", "muslim") // outside: dropped
	poi("Warung Kopi", 3.3220, 99.1600, "amenity", "cafe")                                        // not a landmark type: ignored

	// A mosque mapped as a building outline (a closed way).
	var ring []int64
	for _, p := range [][2]float64{{3.3340, 99.1500}, {3.3340, 99.1504}, {3.3344, 99.1504}, {3.3344, 99.1500}} {
		id++
		nodes = append(nodes, Node{ID: id, Lat: p[0], Lon: p[1]})
		ring = append(ring, id)
	}
	id++
	ways = append(ways, Way{ID: id, Nodes: append(ring, ring[0]),
		Tags: map[string]string{"name": "Masjid Taqwa", "amenity": "place_of_worship", "religion": "muslim", "building": "yes"}})
	return nodes, ways
}
