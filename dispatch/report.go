package dispatch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/classify"
)

// Limits on free text, generous for a call-taker typing while listening.
const (
	MaxDescription = 2000
	MaxAddress     = 300
)

// Withheld is the caller number recorded when the network gave none.
const Withheld = "withheld"

// Report is what a call-taker logs for an emergency call.
type Report struct {
	CallerPhone string
	Description string
	Lat, Lon    float64
	Precision   Precision // how exact Lat/Lon are; empty = point
	PlaceName   string    // the street or landmark the point stands for
	AnsweredAt  time.Time // when the call-taker answered the call; zero = when it was logged
	Address     string
	Category    classify.CategoryID // optional: the call-taker's choice over the classifier's
	Answers     map[string]string   // optional: answers to the key questions (Y, T, ?, or a count)
	Priority    agencies.Priority   // optional: 0 = the category's default
	Cues        []Cue               // what the call-taker heard (hoax-risk signals)
	Handset     *Point              // the handset's own position, when the network gave one
	Credible    bool                // the call-taker vouches for the caller
	SplitFrom   string              // the incident this caller was linked to before it was reported false
	Actor       string              // who logged it
	Channel     Channel
}

// Digest identifies the request content for idempotency checks.
func (r Report) Digest() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%.6f\x00%.6f\x00%s\x00%s\x00%d\x00%v\x00%v",
		r.CallerPhone, r.Description, r.Lat, r.Lon, r.Address, r.Category, r.Priority, r.Cues, r.Credible)
	if !r.Precision.Exact() {
		fmt.Fprintf(h, "\x00%s\x00%s", r.Precision, r.PlaceName)
	}
	if len(r.Answers) > 0 {
		fmt.Fprintf(h, "\x00%v", r.Answers) // sorted by fmt
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
