package dispatch

// Level is how much a call-taker should doubt a report.
type Level string

// Hoax-risk levels. None of them blocks or delays a dispatch.
const (
	LevelNormal    Level = "normal"
	LevelVerify    Level = "verify"    // call back, ask for landmarks
	LevelSuspected Level = "suspected" // dugaan laporan palsu: dispatched, labelled
)

// Signal is one reason in a hoax-risk score, readable by a person.
type Signal struct {
	ID     string  `json:"id"`
	Weight float64 `json:"weight"` // contribution to the score (negative lowers it)
	Text   string  `json:"text"`   // Bahasa Indonesia
	TextEN string  `json:"text_en"`
	// Part says what the signal is about: "number" (the phone's past: a
	// family phone a child pranked from) or "call" (this call itself).
	Part string `json:"part"`
}

// Parts of a score.
const (
	PartNumber = "number"
	PartCall   = "call"
)

// Assessment is the explainable hoax-risk score of a call.
type Assessment struct {
	Score   float64  `json:"score"`
	Level   Level    `json:"level"`
	Signals []Signal `json:"signals"`
	Watch   bool     `json:"watch"` // the number is on the repeat-offender watch list
	// NumberScore is what the phone's past contributes ("this number
	// pranked"); CallEvidence is what this call itself shows ("this call
	// looks false": cues, a location that does not fit). A number's past
	// alone never makes a call suspected.
	NumberScore  float64 `json:"number_score"`
	CallEvidence float64 `json:"call_evidence"`
}

// Cue is something the call-taker heard, ticked on the console.
type Cue string

// Cues the console offers.
const (
	CueChildVoice Cue = "child_voice"
	CueLaughter   Cue = "laughter"
	CueAsksMoney  Cue = "asks_money"
	CueObscene    Cue = "obscene"
)

var CueLabels = map[Cue]string{CueChildVoice: "suara anak-anak", CueLaughter: "tertawa", CueAsksMoney: "minta uang/pulsa", CueObscene: "kata-kata tidak senonoh"}
