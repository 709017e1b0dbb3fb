package dispatch

import (
	"fmt"

	"github.com/sigap112/sigap/agencies"
)

// replyTexts are the answers to responders' SMS, short enough for one part.
var replyTexts = map[string][2]string{ // key → {id, en}
	"unknown_number":  {"Nomor Anda tidak terdaftar di Sigap 112. Hubungi supervisor pos Anda.", "Your number is not registered with Sigap 112. Contact your station supervisor."},
	"reason_required": {"TOLAK perlu alasan, contoh: TOLAK TT-0427 mobil rusak", "TOLAK needs a reason, e.g. TOLAK TT-0427 truck broken"},
	"unknown_code":    {"Kode %s tidak dikenal. Periksa kode di SMS tugas.", "Code %s is unknown. Check the code in the assignment SMS."},
	"not_yours":       {"%s bukan tugas pos Anda.", "%s is not your station's assignment."},
	"no_active":       {"Anda tidak punya tugas aktif. Sebutkan kode, contoh: TERIMA TT-0427", "You have no active assignment. Give the code, e.g. TERIMA TT-0427"},
	"which_code":      {"Ada beberapa tugas aktif: %s. Sebutkan kodenya.", "Several active assignments: %s. Give the code."},
	"taken":           {"%s sudah diterima oleh %s. Tidak perlu TERIMA lagi.", "%s was already acknowledged by %s."},
	"closed":          {"%s sudah %s. Balasan tidak mengubah status.", "%s is already %s. Your reply changed nothing."},
	"not_allowed":     {"%s berstatus %s: balasan ini tidak berlaku.", "%s is %s: this reply does not apply."},
	"forwarded":       {"Pesan untuk %s diteruskan ke petugas 112. Untuk status balas TERIMA/OTW/TIBA/SELESAI.", "Message on %s passed to the 112 desk. For status reply TERIMA/OTW/TIBA/SELESAI."},
	"feedback_ask":    {"112 %s: terima kasih. Laporan %s sudah ditangani. Bagaimana layanan kami? Balas angka 1 (buruk) sampai 5 (sangat baik).", "112 %s: thank you. Report %s was handled. How did we do? Reply 1 (poor) to 5 (very good)."},
	"feedback_thanks": {"Terima kasih atas penilaian Anda (%d/5) untuk laporan %s.", "Thank you for your rating (%d/5) of report %s."},
	"ok_TERIMA":       {"%s DITERIMA. Balas OTW saat berangkat, TIBA di lokasi.", "%s ACKNOWLEDGED. Reply OTW when leaving, TIBA on scene."},
	"ok_OTW":          {"%s: tercatat dalam perjalanan. Balas TIBA di lokasi.", "%s: en route recorded. Reply TIBA on scene."},
	"ok_TIBA":         {"%s: tercatat tiba di lokasi. Balas SELESAI bila tuntas.", "%s: on scene recorded. Reply SELESAI when done."},
	"ok_SELESAI":      {"%s SELESAI tercatat. Terima kasih.", "%s RESOLVED recorded. Thank you."},
	"ok_PALSU":        {"%s dicatat sebagai laporan palsu. Supervisor akan memeriksa.", "%s recorded as a false report. A supervisor will review it."},
	"ok_TOLAK":        {"%s: penolakan dicatat, tugas dialihkan.", "%s: declined, the assignment is being passed on."},
}

func Texts(lang agencies.Lang, key string) string {
	t := replyTexts[key]
	if lang == agencies.English {
		return t[1]
	}
	return t[0]
}

func Textf(lang agencies.Lang, key string, args ...any) string {
	return fmt.Sprintf(Texts(lang, key), args...)
}

var statusLabels = map[AssignmentStatus][2]string{
	AssignQueued: {"menunggu", "waiting"}, AssignNotified: {"terkirim", "sent"},
	AssignUndeliverable: {"gagal terkirim", "undeliverable"}, AssignUnreachable: {"tak terjangkau", "unreachable"},
	AssignAcknowledged: {"DITERIMA", "acknowledged"}, AssignEnRoute: {"dalam perjalanan", "en route"},
	AssignOnScene: {"di lokasi", "on scene"}, AssignResolved: {"SELESAI", "resolved"},
	AssignFalseReport: {"tercatat PALSU", "a false report"}, AssignCancelled: {"dibatalkan", "cancelled"},
}

// StatusLabel names a status for a responder.
func StatusLabel(lang agencies.Lang, s AssignmentStatus) string {
	l, ok := statusLabels[s]
	if !ok {
		return string(s)
	}
	if lang == agencies.English {
		return l[1]
	}
	return l[0]
}
