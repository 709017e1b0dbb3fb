// Package escalation is an agency's queue worker and its clocks. A Worker
// takes assignments off the agency's Redis queue and texts them to the
// station's on-duty crew (through dispatch/notify, at most once each), then
// handles the timers an assignment carries: charter warnings and breaches
// (supervisors texted), SMS retries, the escalation ladder when nobody
// acknowledges (next responder, supervisor, another station), reassignment
// after TOLAK, and the caller's feedback SMS after closing.
package escalation
