package hotline

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sigap112/sigap/dispatch"
)

// Lang is the language of a response: Bahasa Indonesia unless the client asks
// for English (?lang=en or Accept-Language: en).
type Lang string

const (
	langID Lang = "id"
	langEN Lang = "en"
)

func langOf(c *gin.Context) Lang {
	if q := c.Query("lang"); q != "" {
		if strings.HasPrefix(q, "en") {
			return langEN
		}
		return langID
	}
	al := strings.ToLower(c.GetHeader("Accept-Language"))
	if strings.HasPrefix(al, "en") {
		return langEN
	}
	return langID
}

// messages holds every text the API returns, in both languages.
var messages = map[string][2]string{ // code → {id, en}
	"invalid":              {"Ada isian yang belum benar. Periksa kolom yang ditandai.", "Some fields are not valid. Check the marked fields."},
	"not_found":            {"Insiden tidak ditemukan.", "Incident not found."},
	"idempotency_conflict": {"Kunci Idempotency-Key sudah dipakai untuk laporan lain.", "The Idempotency-Key was already used for a different request."},
	"conflict":             {"Perubahan tidak dapat diterapkan pada keadaan insiden saat ini.", "The change does not apply to the incident's current state."},
	"unavailable":          {"Penyimpanan data tidak tersedia. Laporan BELUM tersimpan — coba lagi atau catat manual.", "Storage is unavailable. The report was NOT saved: retry or record it on paper."},
	"internal":             {"Terjadi kesalahan pada server. Laporan mungkin belum tersimpan.", "Internal server error. The report may not have been saved."},
	"unsupported_media":    {"Kirim data sebagai application/json.", "Send the body as application/json."},
	"too_large":            {"Data yang dikirim terlalu besar.", "The request body is too large."},
	"bad_json":             {"Data tidak dapat dibaca sebagai JSON.", "The body is not valid JSON."},
	"empty_body":           {"Isi permintaan kosong atau null.", "The request body is empty or null."},
	"unknown_field":        {"Ada kolom yang tidak dikenal untuk permintaan ini.", "The body has a field this request does not take."},
	"forbidden":            {"Anda tidak berwenang untuk tindakan ini.", "You are not allowed to do this."},
	"no_outbox":            {"Kotak keluar SMS hanya ada bila Twilio tidak dikonfigurasi.", "The SMS outbox exists only when Twilio is not configured."},
}

// fieldMessages explains field error codes in both languages.
var fieldMessages = map[string]map[string][2]string{
	"caller_phone": {
		"required": {"Nomor penelepon wajib diisi (tulis \"withheld\" bila nomor tidak tampil).", "Caller number is required (write \"withheld\" when the network shows none)."},
		"invalid":  {"Nomor telepon tidak valid, contoh: 0812-3456-7890.", "Not a valid phone number, e.g. +62 812 3456 7890."},
	},
	"description": {
		"required": {"Uraian kejadian wajib diisi.", "Describe what is happening."},
		"too_long": {"Uraian terlalu panjang (maks. 2000 karakter).", "Description too long (max 2000 characters)."},
		"type":     {"Uraian harus berupa teks.", "Description must be text."},
	},
	"address": {
		"too_long": {"Alamat terlalu panjang (maks. 300 karakter).", "Address too long (max 300 characters)."},
		"type":     {"Alamat harus berupa teks.", "Address must be text."},
	},
	"location": {
		"required":     {"Lokasi wajib diisi: klik peta atau isi lintang/bujur.", "Location is required: click the map or give lat/lon."},
		"out_of_range": {"Koordinat di luar jangkauan (lintang -90..90, bujur -180..180).", "Coordinates out of range (lat -90..90, lon -180..180)."},
	},
	"location.lat": {
		"required": {"Lintang (lat) wajib diisi.", "Latitude (lat) is required."},
		"type":     {"Lintang harus berupa angka.", "Latitude must be a number."},
	},
	"location.lon": {
		"required": {"Bujur (lon) wajib diisi.", "Longitude (lon) is required."},
		"type":     {"Bujur harus berupa angka.", "Longitude must be a number."},
	},
	"category": {
		"required":      {"Uraian tidak menunjukkan keadaan darurat yang dikenal: pilih kategori.", "The description does not name a known emergency: choose a category."},
		"unknown":       {"Kategori tidak dikenal.", "Unknown category."},
		"not_emergency": {"Kategori ini bukan keadaan darurat: catat sebagai panggilan, bukan insiden.", "This category is not an emergency: log it as a call, not an incident."},
	},
	"answers": {
		"invalid": {"Jawaban pertanyaan kunci tidak dikenal: jawab Y, T, ? atau angka, hanya untuk pertanyaan kategori ini.", "Unknown answer to a key question: answer Y, T, ? or a number, only to this category's questions."},
		"type":    {"Jawaban harus berupa objek {pertanyaan: jawaban}.", "Answers must be an object {question: answer}."},
	},
	"status": {
		"invalid": {"Status harus acknowledged, en_route, on_scene, resolved, false_report atau declined.", "Status must be acknowledged, en_route, on_scene, resolved, false_report or declined."},
	},
	"reason": {
		"required": {"Alasan wajib diisi.", "A reason is required."},
	},
	"disposition": {
		"invalid": {"Disposisi harus resolved, false_report, duplicate, referred, cancelled atau no_action.", "Disposition must be resolved, false_report, duplicate, referred, cancelled or no_action."},
	},
	"confirm_far": {
		"confirmation_required": {"Penelepon JAUH dari lokasi insiden (di luar radius kategorinya): pastikan ini kejadian yang sama, lalu konfirmasi.",
			"The caller is FAR from the incident (beyond its category's radius): make sure it is the same event, then confirm."},
	},
	"confirm_different_kind": {
		"confirmation_required": {"Penelepon melaporkan jenis kejadian lain: pastikan ini kejadian yang sama, lalu konfirmasi.",
			"The caller reports another kind of emergency: make sure it is the same event, then confirm."},
	},
	"confirm_different_place": {
		"confirmation_required": {"Penelepon menyebut jalan lain dari penelepon insiden ini (lokasi berbeda): pastikan ini tempat yang sama, lalu konfirmasi.",
			"The caller names another street than this incident's callers (different place): make sure it is the same place, then confirm."},
	},
	"reviewed_linked_callers": {
		"required": {"Penelepon lain digabung ke insiden ini: periksa laporan mereka (masing-masing dikirim sebagai insiden sendiri), lalu konfirmasi.",
			"Other callers were linked to this incident: review their reports (each sent as its own incident), then confirm."},
	},
	"incident": {
		"no_crew": {"Tidak ada petugas yang dikirim ke insiden ini (dirujuk): catat panggilan ini sebagai insiden sendiri.",
			"No agency was sent to this incident (referred): log this call as its own incident."},
		"reported_false": {"Insiden ini dilaporkan PALSU atau ditutup palsu/duplikat: catat panggilan ini sebagai insiden sendiri.",
			"This incident was reported false or closed as false/duplicate: log this call as its own incident."},
	},
	"priority": {
		"out_of_range": {"Prioritas harus 1, 2 atau 3.", "Priority must be 1, 2 or 3."},
		"type":         {"Prioritas harus berupa angka 1, 2 atau 3.", "Priority must be the number 1, 2 or 3."},
	},
}

func msg(lang Lang, code string) string {
	m, ok := messages[code]
	if !ok {
		return code
	}
	if lang == langEN {
		return m[1]
	}
	return m[0]
}

func localizeFields(lang Lang, fields map[string]dispatch.FieldError) map[string]dispatch.FieldError {
	if len(fields) == 0 {
		return nil
	}
	out := make(map[string]dispatch.FieldError, len(fields))
	for name, fe := range fields {
		if m, ok := fieldMessages[name][fe.Code]; ok {
			fe.Message = m[0]
			if lang == langEN {
				fe.Message = m[1]
			}
		}
		out[name] = fe
	}
	return out
}
