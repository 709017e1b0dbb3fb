package hotline

// intakeTexts are the intake screen's strings for locations, place search,
// shortcuts and undo: key → {Bahasa Indonesia, English}. They join
// consoleTexts (and so the page script's dictionary) at start-up.
var intakeTexts = map[string][2]string{
	"loc_label": {"Lokasi (tempel tautan/koordinat, atau ketik jalan/tempat)", "Location (paste a link/coordinates, or type a street/place)"},
	"loc_hint":  {"mis. https://maps.google.com/?q=3.32,99.16 · 3°19'N 99°09'E · 85H7+C2 · masjid raya", "e.g. https://maps.google.com/?q=3.32,99.16 · 3°19'N 99°09'E · 85H7+C2 · masjid raya"},
	"gazetteer_example": {"Daftar jalan dan tempat masih CONTOH (posisi belum disurvei): pastikan dengan penelepon.",
		"The street and place list is EXAMPLE data (positions not surveyed): confirm with the caller."},
	"shortcuts": {"Tab/Shift+Tab pindah kolom · Alt+L lokasi · Alt+K kelurahan · ↓/↑ lalu Enter pilih tempat · Ctrl+Enter kirim · Esc kosongkan (Ctrl+Z membatalkan dalam 10 detik) · Alt+D/I/N/S/P/T jenis panggilan",
		"Tab/Shift+Tab next/previous field · Alt+L location · Alt+K kelurahan · ↓/↑ then Enter pick a place · Ctrl+Enter send · Esc clear (Ctrl+Z undoes within 10 s) · Alt+D/I/N/S/P/T call type"},
	"fmt_decimal":     {"koordinat", "coordinates"},
	"fmt_dms":         {"derajat-menit-detik", "degrees-minutes-seconds"},
	"fmt_maps_link":   {"tautan peta", "map link"},
	"fmt_geo_uri":     {"geo:", "geo:"},
	"fmt_plus_code":   {"Plus Code", "Plus Code"},
	"fmt_map":         {"klik peta", "map click"},
	"fmt_swapped":     {"(bujur ditulis lebih dulu: urutan dibalik)", "(longitude given first: order swapped)"},
	"prec_point":      {"titik tepat", "exact point"},
	"prec_landmark":   {"perkiraan: dekat {0}", "approximate: near {0}"},
	"prec_street":     {"perkiraan: sepanjang {0}", "approximate: along {0}"},
	"prec_kelurahan":  {"perkiraan: pusat Kel. {0}", "approximate: centre of Kel. {0}"},
	"place_street":    {"jalan", "street"},
	"place_landmark":  {"tempat", "landmark"},
	"place_kelurahan": {"kelurahan", "kelurahan"},
	"place_history":   {"pernah dipakai", "used before"},
	"place_near":      {"di {0}", "on {0}"},
	"places_none":     {"Tidak ada jalan/tempat yang cocok. Tempel koordinat atau tautan, atau klik peta.", "No matching street or place. Paste coordinates or a link, or click the map."},
	"referred_to":     {"Dirujuk ke {0}", "Referred to {0}"},
	"referred_phone":  {"telepon {0}", "phone {0}"},
	"referred_done":   {"Dicatat dan dirujuk:", "Logged and referred:"},
	"cleared":         {"Formulir dikosongkan.", "Form cleared."},
	"undo":            {"Batalkan (Ctrl+Z)", "Undo (Ctrl+Z)"},
	"restored":        {"Isian dikembalikan.", "Entries restored."},
}

func init() {
	for k, v := range intakeTexts {
		consoleTexts[k] = v
	}
}
