package hotline

import (
	"math"
	"strconv"

	"github.com/sigap112/sigap/agencies"
)

// The community satisfaction index (Indeks Kepuasan Masyarakat, IKM) as
// PermenPANRB 14/2017 on the Survei Kepuasan Masyarakat prescribes it: nine
// service elements (unsur), each answered on a perception scale 1–4.
//
//	NRR per element       = sum of the answers to the element / number of answers
//	weight per element    = 1 / number of elements = 1/9 (written 0.111)
//	NRR tertimbang        = NRR × 1/9
//	IKM (interval 1–4)    = Σ NRR tertimbang
//	IKM unit pelayanan    = IKM × 25 (converted to 25–100)
//
// and the conversion table (perception value, IKM interval, converted
// interval, quality, performance):
//
//	1  1.0000–2.5996  25.00–64.99  D  tidak baik
//	2  2.6000–3.0640  65.00–76.60  C  kurang baik
//	3  3.0644–3.5320  76.61–88.30  B  baik
//	4  3.5324–4.0000  88.31–100.00 A  sangat baik
//
// The weight is 1/9 exactly: the regulation defines it as 1 / number of
// elements and prints it rounded as 0.111; with 0.111 itself a unit rated 4
// on everything would score 99.90, not the table's 100. The converted value
// is rounded to two decimals (as the table is written) before it is graded,
// so the gaps between the table's intervals (64.99–65.00, …) hold no value.

// IKMElements is the number of service elements of the survey.
const IKMElements = 9

// ikmElements name the nine elements in the regulation's order: persyaratan,
// sistem/mekanisme/prosedur, waktu penyelesaian, biaya/tarif, produk
// layanan, kompetensi pelaksana, perilaku pelaksana, penanganan pengaduan,
// sarana dan prasarana. The survey words each for a 112 call (ikm_q_*).
var ikmElements = [IKMElements]string{"requirements", "procedure", "time", "cost", "product", "competence", "conduct", "complaints", "facilities"}

// IKM is the index of a set of survey answers.
type IKM struct {
	Respondents int                  `json:"respondents"`
	NRR         [IKMElements]float64 `json:"nrr"`          // mean per element, 1–4
	Weighted    [IKMElements]float64 `json:"nrr_weighted"` // NRR × 1/9
	Interval    float64              `json:"ikm"`          // Σ NRR tertimbang, 1–4
	Index       float64              `json:"ikm_unit"`     // × 25, rounded to 2 decimals; 0 with no respondents
	Grade       string               `json:"grade"`        // A, B, C, D; "" with no respondents
}

// ComputeIKM computes the index of answers, each a score 1–4 per element.
// Answers with a score out of range are a caller's defect and are skipped.
func ComputeIKM(answers [][IKMElements]int) IKM {
	var out IKM
	var sums [IKMElements]int
	for _, a := range answers {
		if !validScores(a) {
			continue
		}
		out.Respondents++
		for i, v := range a {
			sums[i] += v
		}
	}
	if out.Respondents == 0 {
		return out
	}
	for i, sum := range sums {
		out.NRR[i] = float64(sum) / float64(out.Respondents)
		out.Weighted[i] = out.NRR[i] / IKMElements
		out.Interval += out.Weighted[i]
	}
	out.Index = math.Round(out.Interval*25*100) / 100
	out.Grade = ikmGrade(out.Index)
	return out
}

// validScores reports whether every element has a score 1–4.
func validScores(a [IKMElements]int) bool {
	for _, v := range a {
		if v < 1 || v > 4 {
			return false
		}
	}
	return true
}

// ikmGrade converts a unit's index (25–100, two decimals) to its quality.
func ikmGrade(index float64) string {
	switch h := int(math.Round(index * 100)); {
	case h >= 8831:
		return "A"
	case h >= 7661:
		return "B"
	case h >= 6500:
		return "C"
	default:
		return "D"
	}
}

// ikmPerformance is the regulation's word for a grade ("sangat baik", …).
func ikmPerformance(grade string, lang Lang) string {
	if grade == "" {
		return ""
	}
	return uiText(lang, "ikm_grade_"+grade)
}

// SurveyResponse is one anonymous answer: the day it was given (city
// calendar), the agencies that served, and a score per element. Nothing
// else is kept: no number, no incident, no time of day.
type SurveyResponse struct {
	Day      string              `json:"day"`
	Agencies []agencies.AgencyID `json:"agencies"`
	Scores   [IKMElements]int    `json:"scores"`
}

// ikmRow is a unit's index as the report and the public page show it.
type ikmRow struct {
	Unit        string `json:"unit"` // an agency id, or "centre"
	Label       string `json:"label"`
	IKM         IKM    `json:"ikm"`
	Index       string `json:"-"` // "82.43" or "–"
	Performance string `json:"performance"`
}

// ikmRows computes the centre's index (every answer once) and each
// agency's (the answers naming it), in the directory's order.
func ikmRows(resp []SurveyResponse, dir *agencies.Directory, lang Lang) []ikmRow {
	var all [][IKMElements]int
	per := map[agencies.AgencyID][][IKMElements]int{}
	for _, r := range resp {
		all = append(all, r.Scores)
		for _, a := range r.Agencies {
			per[a] = append(per[a], r.Scores)
		}
	}
	rows := []ikmRow{newIKMRow("centre", uiText(lang, "ikm_centre"), ComputeIKM(all), lang)}
	for _, a := range dir.Agencies() {
		rows = append(rows, newIKMRow(string(a.ID), a.Name, ComputeIKM(per[a.ID]), lang))
	}
	return rows
}

func newIKMRow(unit, label string, k IKM, lang Lang) ikmRow {
	r := ikmRow{Unit: unit, Label: label, IKM: k, Index: "–", Performance: ikmPerformance(k.Grade, lang)}
	if k.Respondents > 0 {
		r.Index = strconv.FormatFloat(k.Index, 'f', 2, 64)
	}
	return r
}
